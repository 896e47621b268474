/*
 * test-imap-session.c -- unit tests of src/imap_session.c (chapter 8,
 * imap-conversation) through its seams: the things chapters 9-11 rely on.
 *
 * A test extension (the way a later chapter adds itself) brings a command
 * table, capabilities, an ENABLE-able name and every per-session hook;
 * the session runs in a child process on a socketpair, and the test talks
 * IMAP to it.  The tests check that the tables are searched in order,
 * that states gate commands, that hooks run when documented (session
 * start and end, after login, before each tagged OK/NO), that a login
 * hook can replace the users file, and the small helpers.
 */
#include "testlib.h"
#include "imap_session.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Per-session data of the test extension. */
struct ext_data {
    int updates;      /* before_tagged calls */
    int logged_in;
};

static int hook_fail_login;   /* the authenticated hook refuses */
static const struct imap_extension test_ext;

static int t_start(struct imap_session *s, void **slot)
{
    (void)s;
    *slot = calloc(1, sizeof(struct ext_data));
    return *slot ? 0 : -1;
}

static int t_authenticated(struct imap_session *s, void **slot)
{
    struct ext_data *d = *slot;
    /* user and maildir are already set when this runs */
    if (hook_fail_login || s->user[0] == '\0' || s->maildir[0] == '\0')
        return -1;
    d->logged_in = 1;
    return 0;
}

static int t_before_tagged(struct imap_session *s, void **slot)
{
    struct ext_data *d = *slot;
    if (s->state == IMAP_STATE_SELECTED && s->cmd != NULL && !(s->cmd->flags & IMAP_CMD_NO_EXPUNGE))
        return imap_untagged(s, "%d EXISTS", ++d->updates);
    return 0;
}

static void t_end(struct imap_session *s, void **slot)
{
    (void)s;
    free(*slot);
    *slot = NULL;
}

static void t_enabled(struct imap_session *s, void **slot, const char *name)
{
    (void)slot;
    imap_untagged(s, "OK turning on %s", name);
}

/* SELECT: into the selected state (what chapter 9 will do for real). */
static int t_select(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value v;
    if (imap_p_sp(args) < 0 || imap_p_astring(args, &v) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    imap_set_state(s, IMAP_STATE_SELECTED);
    return imap_ok(s, "READ-WRITE", "SELECT completed") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* FETCH-like: no EXPUNGE/EXISTS updates before its OK. */
static int t_quiet(struct imap_session *s, struct imap_parser *args)
{
    (void)args;
    return imap_ok(s, NULL, "QUIET completed") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* Replaces chapter 8's NOOP (the test table comes first). */
static int t_noop(struct imap_session *s, struct imap_parser *args)
{
    (void)args;
    return imap_ok(s, NULL, "test NOOP") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* Forgets to answer. */
static int t_forgetful(struct imap_session *s, struct imap_parser *args)
{
    (void)s;
    (void)args;
    return IMAP_CMD_OK;
}

/* Echoes its arguments as values: shows what the handler's parser sees. */
static int t_echo(struct imap_session *s, struct imap_parser *args)
{
    struct imap_out *w = imap_out(s);
    struct imap_value v;

    imap_w_str(w, "* ECHO");
    while (!imap_p_at_end(args)) {
        if (imap_p_sp(args) < 0 || imap_p_value(args, &v) < 0)
            return imap_bad_syntax(s, args);
        imap_w_str(w, " ");
        if (v.type == IMAP_V_NIL)
            imap_w_str(w, "NIL");
        else if (v.type == IMAP_V_LIST)
            imap_w_fmt(w, "(%zu)", v.count);
        else
            imap_w_string(w, v.data, v.len);
    }
    imap_w_end(w);
    return imap_ok(s, NULL, "ECHO completed") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* Shows its slot and the enabled state. */
static int t_slot(struct imap_session *s, struct imap_parser *args)
{
    void **slot = imap_ext_slot(s, &test_ext);
    (void)args;
    if (slot == NULL || *slot == NULL)
        return imap_no(s, NULL, "no slot") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
    return imap_ok(s, NULL, "slot logged_in=%d enabled=%d",
                   ((struct ext_data *)*slot)->logged_in, imap_is_enabled(s, "X-TEST"))
               < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

static const struct imap_command test_commands[] = {
    { "NOOP",     IMAP_STATES_ANY,           t_noop,      0, 0 },
    { "SELECT",   IMAP_STATES_AUTHENTICATED, t_select,    0, 0 },
    { "QUIET",    IMAP_STATE_SELECTED,       t_quiet,     IMAP_CMD_NO_EXPUNGE, 0 },
    { "FORGET",   IMAP_STATES_ANY,           t_forgetful, 0, 0 },
    { "ECHO",     IMAP_STATES_ANY,           t_echo,      0, 200000 },
    { "SLOT",     IMAP_STATES_ANY,           t_slot,      0, 0 },
    { NULL, 0, NULL, 0, 0 }
};

static const struct imap_capability test_caps[] = {
    { "X-ALWAYS", IMAP_STATES_ANY },
    { "X-AFTER", IMAP_STATES_AUTHENTICATED },
    { "X-TEST", IMAP_STATES_AUTHENTICATED },
    { NULL, 0 }
};

static const char *const test_enable[] = { "X-TEST", NULL };

static const struct imap_extension test_ext = {
    .name = "test",
    .commands = test_commands,
    .capabilities = test_caps,
    .enable = test_enable,
    .session_start = t_start,
    .authenticated = t_authenticated,
    .enabled = t_enabled,
    .before_tagged = t_before_tagged,
    .session_end = t_end,
};

/* A login hook instead of the users file: "root" with any password. */
static enum imap_auth_result t_login(struct imap_session *s, const char *user,
                                     const char *password, struct imap_login *out)
{
    (void)s;
    (void)password;
    if (strcmp(user, "down") == 0)
        return IMAP_AUTH_UNAVAILABLE;
    if (strcmp(user, "root") != 0)
        return IMAP_AUTH_FAILED;
    snprintf(out->user, sizeof out->user, "root");
    snprintf(out->maildir, sizeof out->maildir, "/nonexistent/root");
    return IMAP_AUTH_OK;
}

/* ---- running a session ------------------------------------------------------ */

static pid_t child;
static int fd = -1;

/* Start a session with the test extension in front (or behind) chapter 8's. */
static void start(int ext_first, int use_login_hook, enum imap_plaintext pt, const char *peer)
{
    static const struct imap_extension *const first[] = { &test_ext, &imap_base_extension, NULL };
    static const struct imap_extension *const last[] = { &imap_base_extension, &test_ext, NULL };
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    child = fork();
    ck_assert_int_ne(child, -1);
    if (child == 0) {
        struct imap_config cfg;
        close(sv[0]);
        imap_config_init(&cfg);
        cfg.extensions = ext_first ? first : last;
        cfg.plaintext = pt;
        cfg.max_literal = 10;
        if (use_login_hook)
            cfg.login = t_login;
        _exit(imap_session_run(sv[1], sv[1], peer, &cfg) == 0 ? 0 : 1);
    }
    close(sv[1]);
    fd = sv[0];
}

/* Send a line (CRLF added). */
static void cmd(const char *line)
{
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
}

#define EXPECT(line) ck_assert(tl_expect_line(fd, line))
#define EXPECT_PREFIX(p) ck_assert(tl_expect_prefix(fd, p))

static void finish(void)
{
    int status;
    cmd("z LOGOUT");
    EXPECT("* BYE minimail IMAP4rev1 server logging out");
    EXPECT("z OK LOGOUT completed");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(capabilities_follow_state)
{
    start(1, 1, IMAP_PLAINTEXT_LOOPBACK, "127.0.0.1:4000");
    EXPECT("* OK [CAPABILITY IMAP4rev1 X-ALWAYS LITERAL+ ID ENABLE SASL-IR AUTH=PLAIN] "
           "minimail IMAP4rev1 server ready");
    cmd("a LOGIN root x");
    EXPECT("a OK [CAPABILITY IMAP4rev1 X-ALWAYS X-AFTER X-TEST LITERAL+ ID ENABLE] Logged in");
    finish();
}
END_TEST

START_TEST(logindisabled_off_loopback)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, "192.0.2.1:4000");
    EXPECT("* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE X-ALWAYS LOGINDISABLED] "
           "minimail IMAP4rev1 server ready");
    cmd("a LOGIN root x");
    EXPECT("a NO [PRIVACYREQUIRED] Plaintext authentication is disabled on this connection");
    cmd("b AUTHENTICATE PLAIN AHJvb3QAeA==");
    EXPECT("b NO [PRIVACYREQUIRED] Plaintext authentication is disabled on this connection");
    finish();
}
END_TEST

START_TEST(plaintext_always_and_never)
{
    start(0, 1, IMAP_PLAINTEXT_ALWAYS, "192.0.2.1:4000");
    EXPECT_PREFIX("* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE X-ALWAYS SASL-IR AUTH=PLAIN]");
    cmd("a LOGIN root x");
    EXPECT_PREFIX("a OK ");
    finish();
    start(0, 1, IMAP_PLAINTEXT_NEVER, "stdio");
    EXPECT_PREFIX("* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE X-ALWAYS LOGINDISABLED]");
    finish();
}
END_TEST

START_TEST(first_table_wins)
{
    start(1, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a NOOP");
    EXPECT("a OK test NOOP");
    finish();
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a noop");
    EXPECT("a OK NOOP completed");
    finish();
}
END_TEST

START_TEST(states_gate_commands)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a SELECT INBOX");
    EXPECT("a BAD SELECT not allowed now: Log in first");
    cmd("b QUIET");
    EXPECT("b BAD QUIET not allowed now: Log in first");
    cmd("c ENABLE X-TEST");
    EXPECT("c BAD ENABLE not allowed now: Log in first");
    cmd("d LOGIN root x");
    EXPECT_PREFIX("d OK ");
    cmd("e QUIET");
    EXPECT("e BAD QUIET not allowed now: No mailbox selected");
    cmd("f AUTHENTICATE PLAIN");
    EXPECT("f BAD AUTHENTICATE not allowed now: Already logged in");
    cmd("g SELECT INBOX");
    EXPECT("* 1 EXISTS");
    EXPECT("g OK [READ-WRITE] SELECT completed");
    cmd("h ENABLE X-TEST");
    EXPECT("h BAD ENABLE not allowed now: Not allowed with a mailbox selected");
    finish();
}
END_TEST

START_TEST(hooks_run_in_order)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a SLOT");
    EXPECT("a OK slot logged_in=0 enabled=0");
    cmd("b LOGIN root x");
    EXPECT_PREFIX("b OK ");
    cmd("c ENABLE x-test UNKNOWN X-TEST");
    EXPECT("* OK turning on X-TEST");
    EXPECT("* ENABLED X-TEST");
    EXPECT("c OK ENABLE completed");
    cmd("d SLOT");
    EXPECT("d OK slot logged_in=1 enabled=1");
    cmd("e SELECT INBOX");
    EXPECT("* 1 EXISTS");                 /* before_tagged, before the OK */
    EXPECT("e OK [READ-WRITE] SELECT completed");
    cmd("f NOOP");
    EXPECT("* 2 EXISTS");
    EXPECT("f OK NOOP completed");
    cmd("g QUIET");                       /* IMAP_CMD_NO_EXPUNGE: no update */
    EXPECT("g OK QUIET completed");
    cmd("h BOGUS");                       /* no updates before BAD */
    EXPECT("h BAD Unknown command");
    finish();
}
END_TEST

START_TEST(authenticated_hook_can_refuse)
{
    hook_fail_login = 1;
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a LOGIN root x");
    EXPECT("a NO [UNAVAILABLE] Cannot open the mailbox of root now");
    cmd("b SELECT INBOX");
    EXPECT("b BAD SELECT not allowed now: Log in first");
    finish();
}
END_TEST

START_TEST(login_hook_results)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a LOGIN nobody x");
    EXPECT("a NO [AUTHENTICATIONFAILED] Authentication failed");
    cmd("b LOGIN down x");
    EXPECT("b NO [UNAVAILABLE] Authentication is not possible now");
    finish();
}
END_TEST

START_TEST(handler_without_response)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a FORGET");
    EXPECT("a BAD Internal error");
    finish();
}
END_TEST

START_TEST(handler_sees_values)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a ECHO atom \"q \\\"x\\\"\" NIL (1 (2) 3) {4+}");
    cmd("a\r\nb");
    EXPECT("* ECHO \"atom\" \"q \\\"x\\\"\" NIL (3) {4}");
    EXPECT("a");
    EXPECT("b");
    EXPECT("a OK ECHO completed");
    finish();
}
END_TEST

/* The row's max_literal beats the configured one (10 here). */
START_TEST(row_literal_limit)
{
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    cmd("a LOGIN {11}");
    EXPECT("a NO [TOOBIG] Literal too large (at most 10 octets)");
    cmd("b ECHO {11}");
    EXPECT("+ Ready for literal data");
    cmd("hello world");
    EXPECT("* ECHO \"hello world\"");
    EXPECT("b OK ECHO completed");
    finish();
}
END_TEST

START_TEST(too_many_bad)
{
    int status;
    start(0, 1, IMAP_PLAINTEXT_LOOPBACK, NULL);
    EXPECT_PREFIX("* OK ");
    for (int i = 0; i < IMAP_DEFAULT_MAX_BAD; i++) {
        cmd("x BOGUS");
        EXPECT("x BAD Unknown command");
    }
    EXPECT("* BYE Too many invalid commands");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

START_TEST(helpers)
{
    struct imap_config cfg;
    ck_assert(imap_peer_is_local("127.0.0.1:1"));
    ck_assert(imap_peer_is_local("127.9.8.7:1"));
    ck_assert(imap_peer_is_local("[::1]:143"));
    ck_assert(imap_peer_is_local("stdio"));
    ck_assert(imap_peer_is_local(NULL));
    ck_assert(!imap_peer_is_local("192.0.2.1:143"));
    ck_assert(!imap_peer_is_local("[2001:db8::1]:143"));
    ck_assert(!imap_peer_is_local("garbage"));
    imap_config_init(&cfg);
    ck_assert_int_eq(cfg.idle_timeout_s, 1800);
    ck_assert_ptr_nonnull(imap_find_command(&cfg, "login"));
    ck_assert_ptr_nonnull(imap_find_command(&cfg, "AUTHENTICATE"));
    ck_assert_ptr_null(imap_find_command(&cfg, "SELECT"));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imap-session");
    TCase *t = tl_tcase("extensions");
    tcase_add_test(t, capabilities_follow_state);
    tcase_add_test(t, logindisabled_off_loopback);
    tcase_add_test(t, plaintext_always_and_never);
    tcase_add_test(t, first_table_wins);
    tcase_add_test(t, states_gate_commands);
    tcase_add_test(t, hooks_run_in_order);
    tcase_add_test(t, authenticated_hook_can_refuse);
    tcase_add_test(t, login_hook_results);
    tcase_add_test(t, handler_without_response);
    tcase_add_test(t, handler_sees_values);
    tcase_add_test(t, row_literal_limit);
    tcase_add_test(t, too_many_bad);
    tcase_add_test(t, helpers);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    return tl_run_suite(suite());
}
