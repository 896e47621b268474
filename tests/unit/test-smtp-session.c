/*
 * test-smtp-session.c -- unit tests of the SMTP session (chapter 4,
 * smtp-session): src/smtp_session.c, src/smtp_commands.c, src/smtp_data.c.
 *
 * Each test runs a whole session in-process: the client's bytes are put
 * in a pipe (and its write end closed, so the session sees EOF after
 * them, unless a test wants a timeout), the replies go to a temporary
 * file, and the test compares what came out.  Hooks record what the
 * session asked, so a test can check, e.g., that a message cut off in the
 * middle of DATA never reaches deliver.
 *
 * The state machine is tested with a test-only command table that adds
 * one verb, XSTATE, replying with the session's state name: every
 * command is tried in every state, and both its reply code and the state
 * it leaves behind are checked.  (That a test can add a verb without
 * touching src/ is the seam later chapters use too.)
 */
#include "testlib.h"
#include "smtp_session.h"
#include "smtp_data.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- what the hooks saw --------------------------------------------------- */

static int n_deliver, n_reset, n_disconnect;
static char delivered[8192];
static size_t delivered_len;
static size_t delivered_nrcpt;
static char delivered_params[SMTP_LINE_MAX];
static enum smtp_verdict deliver_verdict;

static enum smtp_verdict h_deliver(struct smtp_session *s, const struct smtp_envelope *env,
                                   const char *data, size_t len, struct smtp_reply *r)
{
    (void)s;
    n_deliver++;
    delivered_len = len < sizeof delivered ? len : sizeof delivered;
    memcpy(delivered, data, delivered_len);
    delivered_nrcpt = env->nrcpt;
    snprintf(delivered_params, sizeof delivered_params, "%s", env->mail_params);
    if (deliver_verdict == SMTP_REJECT)
        smtp_reply_set(r, 554, "5.7.0", "Not today");
    return deliver_verdict;
}

static void h_reset(struct smtp_session *s)
{
    (void)s;
    n_reset++;
}

static void h_disconnect(struct smtp_session *s)
{
    (void)s;
    n_disconnect++;
}

/* XSTATE: "250 <state name>" -- a test-only row in a table of its own. */
static int cmd_xstate(struct smtp_session *s, char *args)
{
    (void)args;
    return smtp_reply(s, 250, NULL, "%s", smtp_state_name(s->state)) < 0 ? SMTP_CMD_ERROR
                                                                          : SMTP_CMD_OK;
}

static const struct smtp_command test_table[] = {
    { "XSTATE", SMTP_STATES_ANY, cmd_xstate, NULL, NULL },
    { NULL, 0, NULL, NULL, NULL }
};
static const struct smtp_command *const test_tables[] = { test_table, smtp_base_commands,
                                                          NULL };

static struct smtp_hooks hooks;
static struct smtp_config cfg;

static void setup(void)
{
    n_deliver = n_reset = n_disconnect = 0;
    delivered_len = delivered_nrcpt = 0;
    delivered_params[0] = '\0';
    deliver_verdict = SMTP_ACCEPT;
    memset(&hooks, 0, sizeof hooks);
    hooks.deliver = h_deliver;
    hooks.reset = h_reset;
    hooks.disconnect = h_disconnect;
    smtp_config_init(&cfg);
    cfg.tables = test_tables;
    cfg.hooks = &hooks;
    cfg.idle_timeout_s = 5;
}

/* ---- running a session ---------------------------------------------------- */

static int session_result;

/* Run a session on @p in (len octets); keep_open leaves the client's side
 * open (for timeouts).  Returns everything the server wrote (malloc'ed). */
static char *run_n(const char *in, size_t len, int keep_open)
{
    int pfd[2];
    FILE *out = tmpfile();
    char *buf;
    long n;

    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(pipe(pfd), 0);
    ck_assert(len < 60000); /* fits in the pipe: no writer thread needed */
    ck_assert_int_eq(tl_send_bytes(pfd[1], in, len), 0);
    if (!keep_open)
        close(pfd[1]);
    session_result = smtp_session_run(pfd[0], fileno(out), "test", &cfg);
    if (keep_open)
        close(pfd[1]);
    close(pfd[0]);
    n = lseek(fileno(out), 0, SEEK_END);
    buf = malloc((size_t)n + 1);
    ck_assert_int_eq(pread(fileno(out), buf, (size_t)n, 0), n);
    buf[n] = '\0';
    fclose(out);
    return buf;
}

static char *run(const char *in)
{
    return run_n(in, strlen(in), 0);
}

/* The last line of @p out, without CRLF (static buffer). */
static const char *last_line(const char *out)
{
    static char line[1024];
    size_t n = strlen(out);
    const char *end, *start;

    ck_assert_msg(n >= 2 && out[n - 2] == '\r' && out[n - 1] == '\n', "no CRLF at end: %s",
                  out);
    end = out + n - 2;
    start = end;
    while (start > out && start[-1] != '\n')
        start--;
    snprintf(line, sizeof line, "%.*s", (int)(end - start), start);
    return line;
}

/* Does @p out contain the whole line @p want (followed by CRLF)? */
static int has_line(const char *out, const char *want)
{
    size_t n = strlen(want);

    for (const char *p = out; *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
        if (strncmp(p, want, n) == 0 && p[n] == '\r' && p[n + 1] == '\n')
            return 1;
    return 0;
}

/* Number of lines in out. */
static int count_lines(const char *out)
{
    int n = 0;
    for (; *out; out++)
        n += *out == '\n';
    return n;
}

#define EXPECT_LAST(out, want) \
    ck_assert_msg(strcmp(last_line(out), (want)) == 0, "last line \"%s\", expected \"%s\"\n%s", \
                  last_line(out), (want), (out))
#define EXPECT_LINE(out, want) \
    ck_assert_msg(has_line((out), (want)), "no line \"%s\" in:\n%s", (want), (out))

/* ---- the state machine: every command in every state ------------------------ */

static const char *const state_prefix[4] = {
    "",                                                   /* INIT */
    "EHLO c.example\r\n",                                 /* READY */
    "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\n",      /* MAIL */
    "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n", /* RCPT */
};

struct transition {
    const char *cmd;
    int code[4];              /* reply in INIT, READY, MAIL, RCPT */
    const char *after[4];     /* state after it (NULL: the session ended) */
};

static const struct transition transitions[] = {
    { "EHLO x.example", { 250, 250, 250, 250 }, { "READY", "READY", "READY", "READY" } },
    { "HELO x.example", { 250, 250, 250, 250 }, { "READY", "READY", "READY", "READY" } },
    { "ehlo x.example", { 250, 250, 250, 250 }, { "READY", "READY", "READY", "READY" } },
    { "MAIL FROM:<s@x.example>", { 503, 250, 503, 503 }, { "INIT", "MAIL", "MAIL", "RCPT" } },
    { "mail from:<s@x.example>", { 503, 250, 503, 503 }, { "INIT", "MAIL", "MAIL", "RCPT" } },
    { "RCPT TO:<r@x.example>", { 503, 503, 250, 250 }, { "INIT", "READY", "RCPT", "RCPT" } },
    { "RSET", { 250, 250, 250, 250 }, { "INIT", "READY", "READY", "READY" } },
    { "NOOP", { 250, 250, 250, 250 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "NOOP with a string", { 250, 250, 250, 250 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "VRFY someone", { 252, 252, 252, 252 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "EXPN list", { 502, 502, 502, 502 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "HELP", { 214, 214, 214, 214 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "XYZZY", { 500, 500, 500, 500 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "", { 500, 500, 500, 500 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "QUIT", { 221, 221, 221, 221 }, { NULL, NULL, NULL, NULL } },
    /* syntax errors leave the state alone (§4.1.4) */
    { "EHLO", { 501, 501, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "MAIL FROM:nobrackets@x.example", { 503, 501, 503, 503 },
      { "INIT", "READY", "MAIL", "RCPT" } },
    { "RCPT TO:<>", { 503, 503, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "RSET now", { 501, 501, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "QUIT now", { 501, 501, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "DATA now", { 503, 503, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
    { "VRFY", { 501, 501, 501, 501 }, { "INIT", "READY", "MAIL", "RCPT" } },
};

START_TEST(every_command_in_every_state)
{
    const struct transition *t = &transitions[_i / 4];
    int st = _i % 4;
    char in[512], code[8];
    char *out;

    snprintf(in, sizeof in, "%s%s\r\nXSTATE\r\n", state_prefix[st], t->cmd);
    out = run(in);
    snprintf(code, sizeof code, "%d", t->code[st]);
    if (t->after[st] == NULL) {
        /* QUIT: 221 is the last thing said, XSTATE is never answered */
        ck_assert_msg(strncmp(last_line(out), code, 3) == 0, "%s in state %d:\n%s", t->cmd,
                      st, out);
    } else {
        char want[64];
        /* the line before the XSTATE answer is the last line of the reply */
        const char *p = out + strlen(out) - 2;
        while (p > out && p[-1] != '\n')
            p--;
        const char *q = p - 2;
        while (q > out && q[-1] != '\n')
            q--;
        ck_assert_msg(strncmp(q, code, 3) == 0, "\"%s\" in state %d: expected %s, got:\n%s",
                      t->cmd, st, code, out);
        snprintf(want, sizeof want, "250 %s", t->after[st]);
        ck_assert_msg(strcmp(last_line(out), want) == 0,
                      "\"%s\" in state %d: expected state %s, got:\n%s", t->cmd, st,
                      t->after[st], out);
    }
    free(out);
}
END_TEST

START_TEST(data_in_every_state)
{
    static const int codes[4] = { 503, 503, 503, 354 };
    char in[512];
    char *out;

    snprintf(in, sizeof in, "%sDATA\r\n", state_prefix[_i]);
    out = run(in);
    ck_assert_msg(strncmp(last_line(out), codes[_i] == 354 ? "354" : "503", 3) == 0,
                  "state %d:\n%s", _i, out);
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

START_TEST(state_names)
{
    ck_assert_str_eq(smtp_state_name(SMTP_STATE_INIT), "INIT");
    ck_assert_str_eq(smtp_state_name(SMTP_STATE_READY), "READY");
    ck_assert_str_eq(smtp_state_name(SMTP_STATE_MAIL), "MAIL");
    ck_assert_str_eq(smtp_state_name(SMTP_STATE_RCPT), "RCPT");
    ck_assert_str_eq(smtp_state_name(SMTP_STATE_DATA), "DATA");
}
END_TEST

/* ---- replies -------------------------------------------------------------- */

START_TEST(greeting_and_ehlo_keywords)
{
    static const char *const kw[] = { "SIZE 1000", "HELP", NULL };
    char *out;

    cfg.ehlo_keywords = kw;
    cfg.hostname = "mx.example";
    out = run("EHLO c.example\r\nHELO c.example\r\nQUIT\r\n");
    ck_assert_str_eq(out, "220 mx.example ESMTP minimail\r\n"
                          "250-mx.example Hello c.example\r\n"
                          "250-SIZE 1000\r\n"
                          "250 HELP\r\n"
                          "250 mx.example Hello c.example\r\n"
                          "221 mx.example closing connection\r\n");
    ck_assert_int_eq(session_result, 0);
    ck_assert_int_eq(n_disconnect, 1);
    free(out);
}
END_TEST

START_TEST(enhanced_codes_shown_only_when_on)
{
    char *out;

    out = run("HELO c\r\nMAIL FROM:<a@b.example>\r\n");
    EXPECT_LAST(out, "250 Sender OK");
    free(out);
    cfg.enhanced = 1;
    out = run("HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n.\r\n"
              "HELP\r\n");
    EXPECT_LINE(out, "250 2.1.0 Sender OK");
    EXPECT_LINE(out, "250 2.1.5 Recipient OK");
    EXPECT_LINE(out, "354 End data with <CR><LF>.<CR><LF>"); /* none on 354 */
    EXPECT_LINE(out, "250 2.0.0 OK, message accepted");
    EXPECT_LINE(out, "214-2.0.0 Commands:");
    EXPECT_LAST(out, "214 2.0.0 End of HELP");
    ck_assert(strncmp(out, "220 localhost ESMTP", 19) == 0); /* none on the greeting */
    free(out);
}
END_TEST

START_TEST(help_lists_commands_and_topics)
{
    char *out = run("HELP\r\nHELP mail\r\nHELP XSTATE\r\nHELP nosuch\r\n");

    EXPECT_LINE(out, "214-Commands:");
    EXPECT_LINE(out, "214-MAIL FROM:<address> [parameters]");
    EXPECT_LINE(out, "214-RCPT TO:<address> [parameters]");
    EXPECT_LINE(out, "214-HELP [command]");
    EXPECT_LINE(out, "214 End of HELP");
    EXPECT_LINE(out, "214 MAIL FROM:<address> [parameters]");
    EXPECT_LINE(out, "504 No help for XSTATE"); /* a row without usage is not listed */
    EXPECT_LAST(out, "504 No help for NOSUCH");
    free(out);
}
END_TEST

/* ---- a later chapter's table ------------------------------------------------ */

static int cmd_noop2(struct smtp_session *s, char *args)
{
    (void)args;
    return smtp_reply(s, 250, NULL, "overridden") < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
}

START_TEST(later_table_overrides_and_adds)
{
    static const struct smtp_command later[] = {
        { "NOOP", SMTP_STATES_ANY, cmd_noop2, "NOOP (chapter N)", NULL },
        { "XSTATE", SMTP_STATES_ANY, cmd_xstate, "XSTATE", NULL },
        { NULL, 0, NULL, NULL, NULL }
    };
    static const struct smtp_command *const tables[] = { later, smtp_base_commands, NULL };
    char *out;

    cfg.tables = tables;
    out = run("NOOP\r\nXSTATE\r\nHELP\r\n");
    EXPECT_LINE(out, "250 overridden");
    EXPECT_LINE(out, "250 INIT");
    EXPECT_LINE(out, "214-NOOP (chapter N)");
    EXPECT_LINE(out, "214-XSTATE");
    ck_assert(strstr(out, "214-NOOP\r\n") == NULL); /* the shadowed row is not listed */
    ck_assert_ptr_eq(smtp_find_command(&cfg, "NOOP"), &later[0]);
    ck_assert_ptr_eq(smtp_find_command(&cfg, "QUIT"), &smtp_base_commands[7]);
    ck_assert_ptr_null(smtp_find_command(&cfg, "NOPE"));
    free(out);
}
END_TEST

START_TEST(zeroed_config_means_defaults)
{
    char *out;

    /* A server that forgot smtp_config_init() still gets the RFC defaults. */
    memset(&cfg, 0, sizeof cfg);
    out = run("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nx\r\n.\r\n");
    ck_assert_str_eq(out, "220 localhost ESMTP minimail\r\n"
                          "250 localhost Hello c\r\n"
                          "250 Sender OK\r\n"
                          "250 Recipient OK\r\n"
                          "354 End data with <CR><LF>.<CR><LF>\r\n"
                          "250 OK, message accepted\r\n");
    free(out);
}
END_TEST

START_TEST(default_tables_when_null)
{
    char *out;

    cfg.tables = NULL;
    out = run("XSTATE\r\nNOOP\r\n");
    EXPECT_LINE(out, "500 Command unrecognized");
    EXPECT_LAST(out, "250 OK");
    free(out);
}
END_TEST

/* ---- bad lines ------------------------------------------------------------- */

START_TEST(command_line_limit)
{
    /* 510 octets + CRLF = 512: accepted; 511 + CRLF: too long */
    char in[2048];
    char *out;
    int n = snprintf(in, sizeof in, "NOOP ");

    memset(in + n, 'x', 505);
    n += 505;
    n += snprintf(in + n, sizeof in - (size_t)n, "\r\nNOOP ");
    memset(in + n, 'x', 506);
    n += 506;
    snprintf(in + n, sizeof in - (size_t)n, "\r\nNOOP\r\n");
    out = run(in);
    ck_assert_int_eq(count_lines(out), 4);
    EXPECT_LINE(out, "250 OK");
    EXPECT_LINE(out, "500 Line too long (at most 512 octets with CRLF)");
    EXPECT_LAST(out, "250 OK");
    free(out);
}
END_TEST

START_TEST(bad_line_ends_and_nul)
{
    static const char in[] = "NOOP\nNOOP\rX\r\nNO\0OP\r\nNOOP\r\n";
    char *out = run_n(in, sizeof in - 1, 0);

    ck_assert_str_eq(out, "220 localhost ESMTP minimail\r\n"
                          "500 Line must end with CRLF\r\n"
                          "500 Bare CR in command line\r\n"
                          "500 NUL octet in command line\r\n"
                          "250 OK\r\n");
    free(out);
}
END_TEST

START_TEST(too_many_errors)
{
    char in[512] = "";
    char *out;

    for (int i = 0; i < 12; i++)
        strcat(in, "XYZZY\r\n");
    out = run(in);
    ck_assert_int_eq(count_lines(out), 1 + 10 + 1);
    EXPECT_LAST(out, "421 localhost Too many errors, closing connection");
    free(out);
}
END_TEST

START_TEST(policy_refusals_are_not_errors)
{
    /* 452 for recipients over the limit is not the client's confusion */
    char in[2048];
    char *out;
    int n;

    cfg.max_rcpt = 1;
    cfg.max_errors = 3;
    n = snprintf(in, sizeof in, "HELO c\r\nMAIL FROM:<a@b.example>\r\n");
    for (int i = 0; i < 6; i++)
        n += snprintf(in + n, sizeof in - (size_t)n, "RCPT TO:<r%d@x.example>\r\n", i);
    snprintf(in + n, sizeof in - (size_t)n, "NOOP\r\n");
    out = run(in);
    EXPECT_LAST(out, "250 OK");
    free(out);
}
END_TEST

/* ---- MAIL, RCPT, parameters --------------------------------------------------- */

START_TEST(params_without_hook_get_555)
{
    char *out = run("HELO c\r\nMAIL FROM:<a@b.example> SIZE=100\r\nXSTATE\r\n");

    EXPECT_LINE(out, "555 Parameter SIZE not supported");
    EXPECT_LAST(out, "250 READY");
    free(out);
}
END_TEST

static enum smtp_verdict h_mail_param(struct smtp_session *s, const char *key,
                                      const char *value, struct smtp_reply *r)
{
    (void)s;
    if (strcmp(key, "SIZE") == 0)
        return SMTP_ACCEPT;
    if (strcmp(key, "BODY") == 0) {
        if (value != NULL && strcmp(value, "8BITMIME") == 0)
            return SMTP_ACCEPT;
        smtp_reply_set(r, 501, "5.5.4", "Bad BODY");
        return SMTP_REJECT;
    }
    return SMTP_UNKNOWN;
}

START_TEST(params_with_hook)
{
    char *out;

    hooks.mail_param = h_mail_param;
    out = run("HELO c\r\n"
              "MAIL FROM:<a@b.example> size=100 BODY=7BIT\r\n"
              "MAIL FROM:<a@b.example> SIZE=100 FOO\r\n"
              "MAIL FROM:<a@b.example> SIZE=1 SIZE=2\r\n"
              "MAIL FROM:<a@b.example> size=100 body=8BITMIME\r\n"
              "RCPT TO:<x@y.example>\r\nDATA\r\nhi\r\n.\r\n");
    EXPECT_LINE(out, "501 Bad BODY");
    EXPECT_LINE(out, "555 Parameter FOO not supported");
    EXPECT_LINE(out, "501 Syntax: MAIL FROM:<address> (Duplicate parameter)");
    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_str_eq(delivered_params, "SIZE=100 BODY=8BITMIME");
    free(out);
}
END_TEST

START_TEST(rcpt_params_without_hook_get_555)
{
    char *out = run("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.example> NOTIFY=NEVER\r\nXSTATE\r\n");

    EXPECT_LINE(out, "555 Parameter NOTIFY not supported");
    EXPECT_LAST(out, "250 MAIL");
    free(out);
}
END_TEST

START_TEST(syntax_errors_name_the_problem)
{
    char *out = run("HELO c\r\n"
                    "MAIL FROM:a@b.example\r\n"
                    "MAIL FROM:<a@b.example>junk\r\n"
                    "MAIL TO:<a@b.example>\r\n"
                    "MAIL FROM:<>\r\n"
                    "RCPT TO:<user>\r\n"
                    "RCPT TO:<a@[1.2.3]>\r\n"
                    "HELO bad..name\r\n");

    EXPECT_LINE(out, "501 Syntax: MAIL FROM:<address> (Address must be enclosed in <>)");
    EXPECT_LINE(out, "501 Syntax: MAIL FROM:<address> (Unexpected text after address)");
    EXPECT_LINE(out, "501 Syntax: MAIL FROM:<address> (Syntax error, expected FROM:<address> "
                     "or TO:<address>)");
    EXPECT_LINE(out, "250 Sender OK");
    EXPECT_LINE(out, "501 Syntax: RCPT TO:<address> (Address must have a domain (user@domain))");
    EXPECT_LINE(out, "501 Syntax: RCPT TO:<address> (Syntax error in address literal)");
    EXPECT_LAST(out, "501 Invalid domain name");
    free(out);
}
END_TEST

START_TEST(enhanced_codes_of_syntax_errors)
{
    char *out;

    cfg.enhanced = 1;
    out = run("HELO c\r\nMAIL FROM:<a b>\r\nMAIL FROM:<a@b.example> =\r\nMAIL FROM:<>\r\n"
              "RCPT TO:<bad@>\r\nRCPT TO:<x@y.example>\r\nMAIL FROM:<>\r\nFOO\r\n");
    EXPECT_LINE(out, "501 5.1.7 Syntax: MAIL FROM:<address> (Syntax error in local part)");
    EXPECT_LINE(out, "501 5.5.4 Syntax: MAIL FROM:<address> (Syntax error in parameters)");
    EXPECT_LINE(out, "501 5.1.3 Syntax: RCPT TO:<address> (Syntax error in domain)");
    EXPECT_LINE(out, "503 5.5.1 Sender already given (send RSET to start over)");
    EXPECT_LAST(out, "500 5.5.1 Command unrecognized");
    free(out);
}
END_TEST

START_TEST(postmaster_and_null_sender)
{
    char *out = run("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<Postmaster>\r\n"
                    "RCPT TO:<postmaster@localhost>\r\nDATA\r\nbounce\r\n.\r\n");

    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_int_eq(n_deliver, 1);
    ck_assert_uint_eq(delivered_nrcpt, 2);
    free(out);
}
END_TEST

START_TEST(recipient_limit)
{
    char in[4096];
    char *out;
    int n = snprintf(in, sizeof in, "HELO c\r\nMAIL FROM:<a@b.example>\r\n");

    cfg.max_rcpt = 3;
    for (int i = 0; i < 5; i++)
        n += snprintf(in + n, sizeof in - (size_t)n, "RCPT TO:<r%d@x.example>\r\n", i);
    snprintf(in + n, sizeof in - (size_t)n, "DATA\r\nx\r\n.\r\n");
    out = run(in);
    EXPECT_LINE(out, "452 Too many recipients (at most 3)");
    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_uint_eq(delivered_nrcpt, 3);
    free(out);
}
END_TEST

START_TEST(default_recipient_limit_is_100)
{
    static char in[8192];
    char *out;
    int n = snprintf(in, sizeof in, "HELO c\r\nMAIL FROM:<a@b.example>\r\n");

    for (int i = 0; i < 101; i++)
        n += snprintf(in + n, sizeof in - (size_t)n, "RCPT TO:<r%d@x.example>\r\n", i);
    snprintf(in + n, sizeof in - (size_t)n, "DATA\r\nx\r\n.\r\n");
    out = run(in);
    EXPECT_LINE(out, "452 Too many recipients (at most 100)");
    ck_assert_uint_eq(delivered_nrcpt, 100);
    free(out);
}
END_TEST

static enum smtp_verdict h_rcpt_to(struct smtp_session *s, const struct smtp_path *to,
                                   struct smtp_reply *r)
{
    (void)s;
    if (to->is_postmaster || strcmp(to->local, "known") == 0)
        return SMTP_ACCEPT;
    smtp_reply_set(r, 550, "5.1.1", "No such user");
    return SMTP_REJECT;
}

START_TEST(refused_recipients_then_data)
{
    char *out;

    hooks.rcpt_to = h_rcpt_to;
    out = run("HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<who@x.example>\r\nDATA\r\n"
              "RSET\r\nMAIL FROM:<a@b.example>\r\nDATA\r\n"
              "RCPT TO:<known@x.example>\r\nRCPT TO:<postmaster>\r\nDATA\r\nx\r\n.\r\n");
    EXPECT_LINE(out, "550 No such user");
    EXPECT_LINE(out, "554 No valid recipients");
    EXPECT_LINE(out, "503 Send RCPT first");
    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_uint_eq(delivered_nrcpt, 2);
    free(out);
}
END_TEST

static enum smtp_verdict h_vrfy(struct smtp_session *s, const char *arg, struct smtp_reply *r)
{
    (void)s;
    if (strcmp(arg, "alice") == 0)
        smtp_reply_set(r, 250, "2.1.5", "Alice <alice@example.org>");
    else
        smtp_reply_set(r, 550, "5.1.1", "No such user");
    return SMTP_ACCEPT;
}

START_TEST(vrfy_default_and_hook)
{
    char *out = run("VRFY alice\r\n");

    EXPECT_LAST(out, "252 Cannot VRFY user, but will accept message and attempt delivery");
    free(out);
    hooks.vrfy = h_vrfy;
    out = run("VRFY alice\r\nVRFY bob\r\n");
    EXPECT_LINE(out, "250 Alice <alice@example.org>");
    EXPECT_LAST(out, "550 No such user");
    free(out);
}
END_TEST

static enum smtp_verdict h_helo_reject(struct smtp_session *s, const char *domain, int esmtp,
                                       struct smtp_reply *r)
{
    (void)s;
    (void)esmtp;
    if (strcmp(domain, "bad.example") == 0) {
        smtp_reply_set(r, 550, "5.7.1", "Go away");
        return SMTP_REJECT;
    }
    return SMTP_ACCEPT;
}

START_TEST(helo_hook_rejection_keeps_state)
{
    char *out;

    hooks.helo = h_helo_reject;
    out = run("EHLO bad.example\r\nXSTATE\r\nHELO good.example\r\nMAIL FROM:<a@b.example>\r\n"
              "EHLO bad.example\r\nXSTATE\r\n");
    EXPECT_LINE(out, "550 Go away");
    EXPECT_LINE(out, "250 INIT");
    EXPECT_LAST(out, "250 MAIL");
    free(out);
}
END_TEST

static enum smtp_verdict h_connect_refuse(struct smtp_session *s, struct smtp_reply *r)
{
    (void)s;
    smtp_reply_set(r, 554, "5.7.1", "mx.example No SMTP service here");
    return SMTP_REJECT;
}

START_TEST(refused_session_waits_for_quit)
{
    char *out;

    hooks.connect = h_connect_refuse;
    out = run("EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nQUIT\r\n");
    ck_assert_str_eq(out, "554 mx.example No SMTP service here\r\n"
                          "503 Bad sequence of commands (service refused)\r\n"
                          "503 Bad sequence of commands (service refused)\r\n"
                          "221 localhost closing connection\r\n");
    free(out);
}
END_TEST

static enum smtp_verdict h_rcpt_421(struct smtp_session *s, const struct smtp_path *to,
                                    struct smtp_reply *r)
{
    (void)s;
    (void)to;
    smtp_reply_set(r, 421, "4.3.0", "localhost Out of resources, closing");
    return SMTP_REJECT;
}

START_TEST(hook_421_closes)
{
    char *out;

    hooks.rcpt_to = h_rcpt_421;
    out = run("HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nNOOP\r\n");
    EXPECT_LAST(out, "421 localhost Out of resources, closing");
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

/* ---- DATA ------------------------------------------------------------------ */

#define TXN "HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n"

START_TEST(data_dot_unstuffing)
{
    static const char msg[] = "Subject: dots\r\n\r\n..\r\n...two\r\n.x\r\nx.\r\n \r\n\r\n";
    static const char stored[] = "Subject: dots\r\n\r\n.\r\n..two\r\nx\r\nx.\r\n \r\n\r\n";
    char in[1024];
    char *out;

    snprintf(in, sizeof in, TXN "%s.\r\nXSTATE\r\n", msg);
    out = run(in);
    EXPECT_LINE(out, "250 OK, message accepted");
    EXPECT_LAST(out, "250 READY");
    ck_assert_int_eq(n_deliver, 1);
    ck_assert_uint_eq(delivered_len, sizeof stored - 1);
    ck_assert(memcmp(delivered, stored, delivered_len) == 0);
    free(out);
}
END_TEST

START_TEST(data_empty_message)
{
    char *out = run(TXN ".\r\n");

    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_int_eq(n_deliver, 1);
    ck_assert_uint_eq(delivered_len, 0);
    free(out);
}
END_TEST

START_TEST(data_8bit_kept)
{
    static const char in[] = TXN "Subject: \xc3\xa9t\xc3\xa9\r\n\xff\x80\r\n.\r\n";
    char *out = run(in);

    EXPECT_LAST(out, "250 OK, message accepted");
    ck_assert_uint_eq(delivered_len, 20);
    ck_assert(memcmp(delivered, "Subject: \xc3\xa9t\xc3\xa9\r\n\xff\x80\r\n", 20) == 0);
    free(out);
}
END_TEST

/* The "SMTP smuggling" family: none of these is the end of the message,
 * so the text after it is not a second command sequence but part of the
 * same message, which is refused after the real end. */
static const char *const false_ends[] = {
    "a\n.\nMAIL FROM:<evil@x.example>\r\n",
    "a\r.\rMAIL FROM:<evil@x.example>\r\n",
    "a\n.\r\nMAIL FROM:<evil@x.example>\r\n",
    "a\r\n.\nMAIL FROM:<evil@x.example>\r\n",
    "a\r\n.\rMAIL FROM:<evil@x.example>\r\n",
    "a\r.\r\nMAIL FROM:<evil@x.example>\r\n",
    "a\r\n.\n\r\nMAIL FROM:<evil@x.example>\r\n",
    "a\r\n.\r\r\nMAIL FROM:<evil@x.example>\r\n",
};

START_TEST(data_false_ends_never_end)
{
    char in[512];
    char *out;

    snprintf(in, sizeof in, TXN "%s.\r\nXSTATE\r\n", false_ends[_i]);
    out = run(in);
    ck_assert_int_eq(count_lines(out), 1 + 1 + 1 + 1 + 1 + 1 + 1);
    EXPECT_LINE(out, "554 Message refused: bare CR or LF (lines must end with CRLF)");
    EXPECT_LAST(out, "250 READY");
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

START_TEST(data_nul_refused)
{
    static const char in[] = TXN "a\0b\r\n.\r\nXSTATE\r\n";
    char *out = run_n(in, sizeof in - 1, 0);

    EXPECT_LINE(out, "554 Message refused: it contains a NUL octet");
    EXPECT_LAST(out, "250 READY");
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

START_TEST(data_line_limit)
{
    /* 998 + CRLF = 1000 octets: fine; 999 + CRLF: refused after "." */
    static char in[4096];
    char *out;
    int n = snprintf(in, sizeof in, TXN);

    memset(in + n, 'a', 998);
    n += 998;
    n += snprintf(in + n, sizeof in - (size_t)n, "\r\n.\r\nMAIL FROM:<a@b.example>\r\n"
                  "RCPT TO:<x@y.example>\r\nDATA\r\n");
    memset(in + n, 'b', 999);
    n += 999;
    /* the over-long line hides a "." at its end: still not the end */
    n += snprintf(in + n, sizeof in - (size_t)n, "\r\n.\r\nXSTATE\r\n");
    cfg.tables = test_tables;
    out = run(in);
    EXPECT_LINE(out, "250 OK, message accepted");
    ck_assert_uint_eq(delivered_len, 1000);
    EXPECT_LINE(out, "554 Message refused: a line is longer than 1000 octets with CRLF");
    EXPECT_LAST(out, "250 READY");
    ck_assert_int_eq(n_deliver, 1);
    free(out);
}
END_TEST

START_TEST(data_size_limit)
{
    char *out;

    cfg.max_message_size = 10; /* "12345678\r\n" is exactly 10 */
    out = run(TXN "12345678\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n"
                  "DATA\r\n123456789\r\nmore\r\n.\r\nXSTATE\r\n");
    EXPECT_LINE(out, "250 OK, message accepted");
    EXPECT_LINE(out, "552 Message too big (at most 10 octets)");
    EXPECT_LAST(out, "250 READY");
    ck_assert_int_eq(n_deliver, 1);
    free(out);
}
END_TEST

START_TEST(data_eof_delivers_nothing)
{
    char *out = run(TXN "Subject: cut off\r\n\r\nhalf a mess");

    EXPECT_LAST(out, "354 End data with <CR><LF>.<CR><LF>");
    ck_assert_int_eq(n_deliver, 0);
    ck_assert_int_ge(n_reset, 1);
    ck_assert_int_eq(n_disconnect, 1);
    ck_assert_int_eq(session_result, 0);
    free(out);
}
END_TEST

START_TEST(data_eof_after_line_delivers_nothing)
{
    char *out = run(TXN "Subject: cut off\r\n");

    EXPECT_LAST(out, "354 End data with <CR><LF>.<CR><LF>");
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

START_TEST(deliver_rejection_ends_transaction)
{
    char *out;

    deliver_verdict = SMTP_REJECT;
    out = run(TXN "x\r\n.\r\nXSTATE\r\n");
    EXPECT_LINE(out, "554 Not today");
    EXPECT_LAST(out, "250 READY");
    free(out);
}
END_TEST

START_TEST(two_messages_in_one_session)
{
    char *out = run(TXN "one\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n"
                        "DATA\r\ntwo\r\n.\r\nQUIT\r\n");

    ck_assert_int_eq(n_deliver, 2);
    ck_assert_uint_eq(delivered_len, 5);
    ck_assert(memcmp(delivered, "two\r\n", 5) == 0);
    EXPECT_LAST(out, "221 localhost closing connection");
    free(out);
}
END_TEST

START_TEST(unstuff_function)
{
    size_t skip;

    ck_assert_int_eq(smtp_data_unstuff(".", 1, &skip), 1);
    ck_assert_int_eq(smtp_data_unstuff("..", 2, &skip), 0);
    ck_assert_uint_eq(skip, 1);
    ck_assert_int_eq(smtp_data_unstuff("x.", 2, &skip), 0);
    ck_assert_uint_eq(skip, 0);
    ck_assert_int_eq(smtp_data_unstuff("", 0, &skip), 0);
    ck_assert_uint_eq(skip, 0);
    ck_assert_int_eq(smtp_data_unstuff(".\n", 2, &skip), 0);
}
END_TEST

/* ---- timeouts and shutdown ------------------------------------------------- */

START_TEST(idle_timeout_421)
{
    char *out;

    cfg.idle_timeout_s = 1;
    out = run_n("HELO c\r\n", 8, 1);
    EXPECT_LAST(out, "421 localhost Idle timeout, closing connection");
    ck_assert_int_eq(session_result, 0);
    free(out);
}
END_TEST

START_TEST(idle_timeout_in_data_delivers_nothing)
{
    char *out;

    cfg.idle_timeout_s = 1;
    out = run_n(TXN "half\r\n", strlen(TXN "half\r\n"), 1);
    EXPECT_LAST(out, "421 localhost Idle timeout, closing connection");
    ck_assert_int_eq(n_deliver, 0);
    free(out);
}
END_TEST

START_TEST(stop_flag_421)
{
    static volatile sig_atomic_t stop = 1;
    char *out;

    /* The flag is looked at before every wait for input: a session whose
     * server is shutting down says 421 instead of waiting for commands. */
    cfg.stop = &stop;
    out = run_n("HELO c\r\nNOOP\r\n", 14, 1);
    ck_assert_str_eq(out, "220 localhost ESMTP minimail\r\n"
                          "421 localhost Server shutting down, closing connection\r\n");
    ck_assert_int_eq(session_result, 0);
    free(out);
}
END_TEST

static Suite *smtp_session_suite(void)
{
    Suite *s = suite_create("smtp_session");
    TCase *tc;

    tc = tl_tcase("state_machine");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_loop_test(tc, every_command_in_every_state, 0,
                        (int)(4 * sizeof transitions / sizeof transitions[0]));
    tcase_add_loop_test(tc, data_in_every_state, 0, 4);
    tcase_add_test(tc, state_names);
    suite_add_tcase(s, tc);

    tc = tl_tcase("replies");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, greeting_and_ehlo_keywords);
    tcase_add_test(tc, enhanced_codes_shown_only_when_on);
    tcase_add_test(tc, help_lists_commands_and_topics);
    tcase_add_test(tc, later_table_overrides_and_adds);
    tcase_add_test(tc, default_tables_when_null);
    tcase_add_test(tc, zeroed_config_means_defaults);
    suite_add_tcase(s, tc);

    tc = tl_tcase("bad_lines");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, command_line_limit);
    tcase_add_test(tc, bad_line_ends_and_nul);
    tcase_add_test(tc, too_many_errors);
    tcase_add_test(tc, policy_refusals_are_not_errors);
    suite_add_tcase(s, tc);

    tc = tl_tcase("mail_rcpt");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, params_without_hook_get_555);
    tcase_add_test(tc, params_with_hook);
    tcase_add_test(tc, rcpt_params_without_hook_get_555);
    tcase_add_test(tc, syntax_errors_name_the_problem);
    tcase_add_test(tc, enhanced_codes_of_syntax_errors);
    tcase_add_test(tc, postmaster_and_null_sender);
    tcase_add_test(tc, recipient_limit);
    tcase_add_test(tc, default_recipient_limit_is_100);
    tcase_add_test(tc, refused_recipients_then_data);
    tcase_add_test(tc, vrfy_default_and_hook);
    tcase_add_test(tc, helo_hook_rejection_keeps_state);
    tcase_add_test(tc, refused_session_waits_for_quit);
    tcase_add_test(tc, hook_421_closes);
    suite_add_tcase(s, tc);

    tc = tl_tcase("data");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, data_dot_unstuffing);
    tcase_add_test(tc, data_empty_message);
    tcase_add_test(tc, data_8bit_kept);
    tcase_add_loop_test(tc, data_false_ends_never_end, 0,
                        (int)(sizeof false_ends / sizeof false_ends[0]));
    tcase_add_test(tc, data_nul_refused);
    tcase_add_test(tc, data_line_limit);
    tcase_add_test(tc, data_size_limit);
    tcase_add_test(tc, data_eof_delivers_nothing);
    tcase_add_test(tc, data_eof_after_line_delivers_nothing);
    tcase_add_test(tc, deliver_rejection_ends_transaction);
    tcase_add_test(tc, two_messages_in_one_session);
    tcase_add_test(tc, unstuff_function);
    suite_add_tcase(s, tc);

    tc = tl_tcase("timeouts");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, idle_timeout_421);
    tcase_add_test(tc, idle_timeout_in_data_delivers_nothing);
    tcase_add_test(tc, stop_flag_421);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(smtp_session_suite());
}
