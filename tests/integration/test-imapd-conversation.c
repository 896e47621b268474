/*
 * test-imapd-conversation.c -- chapter 8's stage, chapters/08-imap-conversation/imapd,
 * as a program on loopback (chapter imap-conversation): the command line
 * and its exit codes, a session over TCP, the literal handshake over a real
 * socket, the connection limit, the autologout timer, SIGTERM, and the
 * wire trace.  (LOGINDISABLED for a peer off loopback is tested in
 * tests/unit/test-imap-session.c with a made-up peer address: tests send
 * traffic to loopback only, never to this machine's other addresses.)
 */
#include "imapd-util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#define IMAPD "chapters/08-imap-conversation/imapd"

/* Start imapd listening on HOST:0 with the dialogs' users, plus @p extra. */
static void start(struct tl_proc *p, const char *host, const char *const *extra)
{
    char *argv[32], listen[128];
    int n = 0;

    snprintf(listen, sizeof listen, "%s:0", host);
    argv[n++] = (char *)tl_build_path(IMAPD);
    argv[n++] = "--listen";
    argv[n++] = listen;
    argv[n++] = "--users";
    argv[n++] = (char *)imapd_users_file();
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    ck_assert_msg(tl_spawn_server(p, argv) == 0, "imapd did not start");
}

static void send_line(int fd, const char *line)
{
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
}

#define EXPECT(fd, line) ck_assert(tl_expect_line(fd, line))
#define EXPECT_PREFIX(fd, p) ck_assert(tl_expect_prefix(fd, p))

/* ---- the command line ------------------------------------------------------ */

START_TEST(help_and_version)
{
    char *out;
    const char *const help[] = { "--help", NULL };
    const char *const version[] = { "--version", NULL };
    ck_assert_int_eq(imapd_run(IMAPD, help, &out, NULL), EX_OK);
    ck_assert_ptr_nonnull(strstr(out, "Usage: imapd [OPTION]..."));
    ck_assert_ptr_nonnull(strstr(out, "--plaintext-auth WHEN"));
    ck_assert_ptr_nonnull(strstr(out, "default 127.0.0.1:1143"));
    free(out);
    ck_assert_int_eq(imapd_run(IMAPD, version, &out, NULL), EX_OK);
    ck_assert_msg(strncmp(out, "imapd (minimail) ", 17) == 0, "%s", out);
    free(out);
}
END_TEST

START_TEST(usage_and_config_errors)
{
    const char *const bad[] = { "--frobnicate", NULL };
    const char *const extra[] = { "stray", NULL };
    const char *const to[] = { "--timeout", "0", NULL };
    const char *const ms[] = { "--max-sessions", "x", NULL };
    const char *const li[] = { "--listen", "nocolon", NULL };
    const char *const pa[] = { "--plaintext-auth", "sometimes", NULL };
    const char *const us[] = { "--users", "/nonexistent/users", "--stdio", NULL };
    imapd_expect_exit(IMAPD, bad, EX_USAGE, "Usage:");
    imapd_expect_exit(IMAPD, extra, EX_USAGE, "unexpected argument 'stray'");
    imapd_expect_exit(IMAPD, to, EX_USAGE, "bad --timeout");
    imapd_expect_exit(IMAPD, ms, EX_USAGE, "bad --max-sessions");
    imapd_expect_exit(IMAPD, li, EX_USAGE, "bad --listen");
    imapd_expect_exit(IMAPD, pa, EX_USAGE, "bad --plaintext-auth");
    imapd_expect_exit(IMAPD, us, EX_CONFIG, "cannot use --users");
}
END_TEST

START_TEST(busy_port)
{
    struct tl_proc p;
    char listen[64];
    start(&p, "127.0.0.1", NULL);
    snprintf(listen, sizeof listen, "127.0.0.1:%s", p.port);
    {
        const char *const args[] = { "--listen", listen, NULL };
        imapd_expect_exit(IMAPD, args, EX_UNAVAILABLE, NULL);
    }
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

/* ---- sessions over TCP ----------------------------------------------------- */

START_TEST(session_over_tcp)
{
    struct tl_proc p;
    int fd;
    start(&p, "127.0.0.1", NULL);
    fd = tl_connect(p.host, p.port);
    ck_assert_int_ge(fd, 0);
    /* Loopback: plaintext login allowed, so AUTH=PLAIN is offered. */
    EXPECT(fd, "* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE SASL-IR AUTH=PLAIN] "
               "minimail IMAP4rev1 server ready");
    send_line(fd, "a1 LOGIN alice wrong");
    EXPECT(fd, "a1 NO [AUTHENTICATIONFAILED] Authentication failed");
    /* The literal handshake over a socket: "+" first, then the octets. */
    send_line(fd, "a2 LOGIN alice {6}");
    EXPECT(fd, "+ Ready for literal data");
    send_line(fd, "secret");
    EXPECT(fd, "a2 OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE] Logged in");
    send_line(fd, "a3 LOGOUT");
    EXPECT(fd, "* BYE minimail IMAP4rev1 server logging out");
    EXPECT(fd, "a3 OK LOGOUT completed");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(connection_limit)
{
    struct tl_proc p;
    const char *const extra[] = { "--max-sessions", "1", NULL };
    int a, b;
    start(&p, "127.0.0.1", extra);
    a = tl_connect(p.host, p.port);
    EXPECT_PREFIX(a, "* OK [CAPABILITY ");
    b = tl_connect(p.host, p.port);
    /* RFC 3501 §7.1.5: a server that will not serve says BYE. */
    EXPECT(b, "* BYE Too many connections, try again later");
    ck_assert(tl_expect_eof(b));
    tl_close(b);
    send_line(a, "a1 NOOP");
    EXPECT(a, "a1 OK NOOP completed");
    tl_close(a);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(autologout)
{
    struct tl_proc p;
    const char *const extra[] = { "--timeout", "1", NULL };
    int fd;
    start(&p, "127.0.0.1", extra);
    fd = tl_connect(p.host, p.port);
    EXPECT_PREFIX(fd, "* OK ");
    send_line(fd, "a1 LOGIN alice secret");
    EXPECT_PREFIX(fd, "a1 OK ");
    EXPECT(fd, "* BYE Autologout; idle for too long");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

/* SIGTERM: every session says BYE, the server exits 0. */
START_TEST(shutdown_says_bye)
{
    struct tl_proc p;
    int a, b, status;
    start(&p, "127.0.0.1", NULL);
    a = tl_connect(p.host, p.port);
    b = tl_connect(p.host, p.port);
    EXPECT_PREFIX(a, "* OK ");
    EXPECT_PREFIX(b, "* OK ");
    send_line(b, "b1 LOGIN alice secret");
    EXPECT_PREFIX(b, "b1 OK ");
    kill(p.pid, SIGTERM);
    EXPECT(a, "* BYE Server shutting down");
    EXPECT(b, "* BYE Server shutting down");
    ck_assert(tl_expect_eof(a));
    ck_assert(tl_expect_eof(b));
    tl_close(a);
    tl_close(b);
    status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    tl_cleanup(&p);
}
END_TEST

/* --trace: both directions, C: and S:, literals line by line. */
START_TEST(trace)
{
    struct tl_proc p;
    const char *const extra[] = { "--trace", NULL };
    char *err;
    int fd;
    start(&p, "127.0.0.1", extra);
    fd = tl_connect(p.host, p.port);
    EXPECT_PREFIX(fd, "* OK ");
    send_line(fd, "t1 LOGIN {5}");
    EXPECT(fd, "+ Ready for literal data");
    send_line(fd, "alice secret");
    EXPECT_PREFIX(fd, "t1 OK ");
    send_line(fd, "t2 LOGOUT");
    EXPECT_PREFIX(fd, "* BYE ");
    EXPECT_PREFIX(fd, "t2 OK ");
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    err = tl_stderr(&p);
    ck_assert_ptr_nonnull(strstr(err, "S: * OK [CAPABILITY IMAP4rev1"));
    ck_assert_ptr_nonnull(strstr(err, "C: t1 LOGIN {5}\n"));
    ck_assert_ptr_nonnull(strstr(err, "S: + Ready for literal data\n"));
    ck_assert_ptr_nonnull(strstr(err, "C: alice"));
    ck_assert_ptr_nonnull(strstr(err, "C:  secret\n"));
    ck_assert_ptr_nonnull(strstr(err, "S: t2 OK LOGOUT completed\n"));
    free(err);
    tl_cleanup(&p);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imapd-conversation");
    TCase *t = tl_tcase("program");
    tcase_add_test(t, help_and_version);
    tcase_add_test(t, usage_and_config_errors);
    tcase_add_test(t, busy_port);
    suite_add_tcase(s, t);
    t = tl_tcase("tcp");
    tcase_add_test(t, session_over_tcp);
    tcase_add_test(t, connection_limit);
    tcase_add_test(t, autologout);
    tcase_add_test(t, shutdown_says_bye);
    tcase_add_test(t, trace);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    return tl_run_suite(suite());
}
