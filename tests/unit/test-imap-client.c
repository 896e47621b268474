/*
 * test-imap-client.c -- unit tests of src/imap_client.c (chapter 12,
 * imap-client) against scripted fake servers.
 *
 * Each test forks a "server" on one end of a socketpair that follows a
 * script: expect a line from the client, send bytes, pause.  Pauses split
 * a literal across reads.  A script that refuses a literal (a tagged NO
 * instead of "+") and then expects the next command proves the client
 * waited for the continuation: had it sent the octets anyway, they would
 * be the next line.  The fake server exits 0 only when every step matched.
 */
#include "testlib.h"
#include "imap_client.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* One step of a fake server's script. */
struct step {
    const char *expect; /* a line the client must send (no CRLF), or NULL */
    const char *send;   /* bytes to send, or NULL; "" = hang up */
    int pause_ms;       /* pause after sending */
};

#define END { NULL, NULL, 0 }
#define GREETING { NULL, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n", 0 }

static struct imap_client c;
static struct tl_proc server;
static int client_fd = -1;

static void run_script(int fd, const struct step *steps)
{
    char line[4096];
    size_t i;

    for (i = 0; steps[i].expect || steps[i].send || steps[i].pause_ms; i++) {
        if (steps[i].expect != NULL) {
            ssize_t n = tl_read_line(fd, line, sizeof line);
            size_t el = strlen(steps[i].expect);
            if (n <= 0)
                _exit(2);
            if ((size_t)n != el + 2 || memcmp(line, steps[i].expect, el) != 0 ||
                memcmp(line + el, "\r\n", 2) != 0) {
                fprintf(stderr, "fake server, step %zu: expected \"%s\", got \"%.*s\"\n", i,
                        steps[i].expect, (int)n, line);
                _exit(10 + (int)i);
            }
        }
        if (steps[i].send != NULL && steps[i].send[0] == '\0')
            _exit(0);
        if (steps[i].send != NULL)
            tl_send(fd, steps[i].send);
        if (steps[i].pause_ms > 0) {
            struct timespec ts = { 0, (long)steps[i].pause_ms * 1000000L };
            nanosleep(&ts, NULL);
        }
    }
    while (tl_read_line(fd, line, sizeof line) > 0)
        ;
    _exit(0);
}

/* Start a fake server with this script; the client waits at most
 * @p timeout_ms for each answer.  A test that does not test the timeout
 * gives tl_timeout_ms(): the fake server is a forked child that must be
 * scheduled to answer, which on a loaded machine under ASan can take a
 * while. */
static void start(const struct step *steps, int timeout_ms)
{
    int sv[2];
    pid_t pid;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(sv[0]);
        run_script(sv[1], steps);
    }
    close(sv[1]);
    memset(&server, 0, sizeof server);
    server.pid = pid;
    server.stdin_fd = server.stdout_fd = -1;
    client_fd = sv[0];
    imc_init(&c, sv[0], timeout_ms);
}

static int server_status(void)
{
    int st;

    close(client_fd);
    client_fd = -1;
    st = tl_stop(&server, 0);
    ck_assert_msg(st != -1 && WIFEXITED(st), "the fake server did not exit");
    return WEXITSTATUS(st);
}

static void setup(void) { signal(SIGPIPE, SIG_IGN); }

static void teardown(void)
{
    imc_free(&c);
    if (client_fd >= 0)
        close(client_fd);
    client_fd = -1;
    if (server.pid > 0)
        tl_stop(&server, SIGKILL);
}

/* Untagged responses collected by the handler. */
static struct imc_response seen[8];
static int nseen;

static void collect(void *arg, const struct imc_response *r)
{
    (void)arg;
    if (nseen < 8) {
        imc_response_init(&seen[nseen]);
        seen[nseen].kind = r->kind;
        seen[nseen].status = r->status;
        seen[nseen].nliterals = r->nliterals;
        seen[nseen].buf = malloc(r->len + 1);
        memcpy(seen[nseen].buf, r->buf, r->len + 1);
        seen[nseen].len = r->len;
        nseen++;
    }
}

static void seen_free(void)
{
    while (nseen > 0)
        imc_response_free(&seen[--nseen]);
}

START_TEST(greeting_and_capability)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 CAPABILITY", "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN\r\nA0001 OK done\r\n", 0 },
        { "A0002 NOOP", "A0002 OK nothing\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    ck_assert(imc_has_cap(&c, "auth=plain"));
    ck_assert(!imc_has_cap(&c, "LITERAL+"));
    ck_assert_int_eq(imc_capability(&c), IMC_DONE);
    ck_assert(imc_has_cap(&c, "LITERAL+"));
    ck_assert(imc_has_cap(&c, "IMAP4rev1"));
    ck_assert(!imc_has_cap(&c, "IMAP4"));
    ck_assert_int_eq(c.literal_plus, 2);
    ck_assert_int_eq(imc_simple(&c, "NOOP", &r), IMC_DONE);
    ck_assert_str_eq(r.tag, "A0002");
    ck_assert_int_eq(r.status, IMC_ST_OK);
    ck_assert_str_eq(r.buf + r.text, "OK nothing");
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* A literal split across reads, holding a line that looks like the end of
 * the command: only counting octets gets it right. */
START_TEST(literal_split_across_reads)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 FETCH 1 BODY[]", "* 1 FETCH (BODY[] {22}\r\nA0001 OK ", 50 },
        { NULL, "fake\r\nbody\r\n", 50 },
        { NULL, "x)\r\n* 2 EXISTS\r\nA0001 OK FETCH done\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    imc_set_handler(&c, collect, NULL);
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_simple(&c, "FETCH 1 BODY[]", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    ck_assert_int_eq(nseen, 2);
    ck_assert_int_eq(seen[0].nliterals, 1);
    ck_assert_str_eq(seen[0].buf, "* 1 FETCH (BODY[] {22}\r\nA0001 OK fake\r\nbody\r\nx)");
    ck_assert_str_eq(seen[1].buf, "* 2 EXISTS");
    ck_assert_int_eq(seen[1].status, IMC_ST_NONE);
    seen_free();
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* A big literal (far beyond the line reader's buffer). */
START_TEST(big_literal)
{
    static char big[200000];
    static char resp[200100];
    struct step s[] = {
        GREETING,
        { "A0001 FETCH 1 BODY[]", resp, 0 },
        END };
    struct imc_response r;

    memset(big, 'x', sizeof big - 1);
    snprintf(resp, sizeof resp, "* 1 FETCH (BODY[] {%zu}\r\n%s)\r\nA0001 OK\r\n",
             sizeof big - 1, big);
    imc_response_init(&r);
    start(s, tl_timeout_ms());
    imc_set_handler(&c, collect, NULL);
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_simple(&c, "FETCH 1 BODY[]", &r), IMC_DONE);
    ck_assert_int_eq(nseen, 1);
    ck_assert_uint_eq(seen[0].len, strlen("* 1 FETCH (BODY[] {199999}\r\n)") + sizeof big - 1);
    seen_free();
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* LOGIN with a password that needs a literal: the client waits for "+". */
START_TEST(login_sync_literal)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 LOGIN alice {4}", "+ go ahead\r\n", 0 },
        { "p\xc3\xa4s", "A0001 OK logged in\r\n", 0 },
        { "A0002 LOGIN \"bob smith\" \"a\\\"b\"", "A0002 NO [AUTHENTICATIONFAILED] no\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_login(&c, "alice", "p\xc3\xa4s", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    ck_assert_int_eq(imc_login(&c, "bob smith", "a\"b", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_NO);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* With LITERAL+, no waiting: `{n+}` and the octets at once. */
START_TEST(login_literal_plus)
{
    static const struct step s[] = {
        { NULL, "* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n", 0 },
        { "A0001 LOGIN alice {4+}", NULL, 0 },
        { "p\xc3\xa4s", "A0001 OK logged in\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_login(&c, "alice", "p\xc3\xa4s", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* The server refuses the literal: the octets are never sent, and the next
 * command is the next thing on the wire. */
START_TEST(literal_refused)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 LOGIN alice {4}", "* OK note\r\nA0001 NO too big\r\n", 0 },
        { "A0002 NOOP", "A0002 OK\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    imc_set_handler(&c, collect, NULL);
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_login(&c, "alice", "p\xc3\xa4s", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_NO);
    ck_assert_int_eq(nseen, 1);
    ck_assert_int_eq(imc_simple(&c, "NOOP", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    seen_free();
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(authenticate_plain)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 AUTHENTICATE PLAIN", "+ \r\n", 0 },
        { "AGFsaWNlAHNlY3JldA==", "A0001 OK [CAPABILITY IMAP4rev1 IDLE] hi\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_authenticate_plain(&c, "alice", "secret", &r), IMC_DONE);
    ck_assert_int_eq(r.status, IMC_ST_OK);
    ck_assert(imc_has_cap(&c, "IDLE"));
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* A server that says nothing: the wait ends after the timeout. */
START_TEST(stalling_server)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 NOOP", NULL, 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    /* Short now: this wait is the one that must end unanswered. */
    lr_set_timeout(&c.lr, 200);
    ck_assert_int_eq(imc_simple(&c, "NOOP", &r), IMC_TIMEOUT);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(garbage)
{
    static const struct step s[] = {
        { NULL, "hello there\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_GARBAGE);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(garbage_greeting_tagged)
{
    static const struct step s[] = {
        { NULL, "A1 OK not a greeting\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_GARBAGE);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(eof_inside_literal)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 FETCH 1 BODY[]", "* 1 FETCH (BODY[] {100}\r\nshort", 0 },
        { NULL, "", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_simple(&c, "FETCH 1 BODY[]", &r), IMC_EOF);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(huge_literal_refused)
{
    static const struct step s[] = {
        GREETING,
        { "A0001 FETCH 1 BODY[]", "* 1 FETCH (BODY[] {99999999999}\r\n", 0 },
        END };
    struct imc_response r;

    imc_response_init(&r);
    start(s, tl_timeout_ms());
    ck_assert_int_eq(imc_greeting(&c, &r), IMC_DONE);
    ck_assert_int_eq(imc_simple(&c, "FETCH 1 BODY[]", &r), IMC_TOOBIG);
    imc_response_free(&r);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(tags_count_up)
{
    ck_assert_str_eq(imc_begin(&c), "A0001");
    ck_assert_str_eq(imc_begin(&c), "A0002");
}
END_TEST

static void tags_setup(void)
{
    setup();
    client_fd = -1;
    imc_init(&c, -1, 0);
}

static void tags_teardown(void)
{
    imc_free(&c);
}

static Suite *suite(void)
{
    Suite *s = suite_create("imap-client");
    TCase *tc = tl_tcase("fake servers");
    TCase *tt = tl_tcase("tags");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, greeting_and_capability);
    tcase_add_test(tc, literal_split_across_reads);
    tcase_add_test(tc, big_literal);
    tcase_add_test(tc, login_sync_literal);
    tcase_add_test(tc, login_literal_plus);
    tcase_add_test(tc, literal_refused);
    tcase_add_test(tc, authenticate_plain);
    tcase_add_test(tc, stalling_server);
    tcase_add_test(tc, garbage);
    tcase_add_test(tc, garbage_greeting_tagged);
    tcase_add_test(tc, eof_inside_literal);
    tcase_add_test(tc, huge_literal_refused);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(tt, tags_setup, tags_teardown);
    tcase_add_test(tt, tags_count_up);
    suite_add_tcase(s, tt);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
