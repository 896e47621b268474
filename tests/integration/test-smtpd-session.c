/*
 * test-smtpd-session.c -- integration tests of chapter 4's stage program,
 * chapters/04-smtp-session/smtpd, over TCP on loopback (port 0).
 *
 * The tests talk SMTP to the server as a client would and check what it
 * prints for each accepted message, byte for byte.  Then real clients:
 * Python's smtplib, curl's smtp:// and swaks, each skipped (with a message, and
 * counted as passed) when it is not installed.  Every wait is bounded.
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define SMTPD "chapters/04-smtp-session/smtpd"

static struct tl_proc srv;
static char *tmpdir;
static char printed[512];

static void setup(void)
{
    memset(&srv, 0, sizeof srv);
    tmpdir = tl_tmpdir();
    snprintf(printed, sizeof printed, "%s/printed", tmpdir);
}

static void teardown(void)
{
    tl_cleanup(&srv);
    tl_rmtree(tmpdir);
    free(tmpdir);
}

/* Start smtpd --listen 127.0.0.1:0 with up to four extra arguments. */
static void start(const char *a1, const char *a2, const char *a3, const char *a4)
{
    char *argv[] = { (char *)tl_build_path(SMTPD), "--listen", "127.0.0.1:0",
                     (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL };

    ck_assert_msg(tl_spawn_server(&srv, argv) == 0, "smtpd did not start");
}

/* Connect, read the greeting, say EHLO (two reply lines in chapter 4). */
static int open_session(void)
{
    int fd = tl_connect(srv.host, srv.port);

    ck_assert_int_ge(fd, 0);
    ck_assert(tl_expect_line(fd, "220 localhost ESMTP minimail"));
    ck_assert_int_eq(tl_send(fd, "EHLO client.example\r\n"), 0);
    ck_assert(tl_expect_line(fd, "250-localhost Hello client.example"));
    ck_assert(tl_expect_line(fd, "250 HELP"));
    return fd;
}

static void say(int fd, const char *cmd, const char *reply)
{
    ck_assert_int_eq(tl_send(fd, cmd), 0);
    ck_assert_msg(tl_expect_line(fd, reply), "after %s", cmd);
}

/* The whole contents of a file (malloc'ed), or NULL if it does not exist. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Read lines from the server's stdout until the end marker of message n. */
static char *read_printed(int n)
{
    static char buf[65536];
    char end[64], line[4096];
    size_t len = 0;

    snprintf(end, sizeof end, "=== end of message %d\n", n);
    for (;;) {
        ssize_t r = tl_read_line(srv.stdout_fd, line, sizeof line);
        ck_assert_msg(r > 0, "smtpd printed no \"%s\"", end);
        ck_assert(len + (size_t)r < sizeof buf);
        memcpy(buf + len, line, (size_t)r);
        len += (size_t)r;
        buf[len] = '\0';
        if (strcmp(line, end) == 0)
            return buf;
    }
}

/* [the message of most tests] */
#define DATA_ON_WIRE                                                           \
    "From: Alice <alice@example.org>\r\n"                                      \
    "Subject: dots\r\n"                                                        \
    "\r\n"                                                                     \
    "..leading dot\r\n"                                                        \
    "..\r\n"                                                                   \
    "8-bit: \xc3\xa9t\xc3\xa9\r\n"                                             \
    ".\r\n"
#define DATA_STORED                                                            \
    "From: Alice <alice@example.org>\r\n"                                      \
    "Subject: dots\r\n"                                                        \
    "\r\n"                                                                     \
    ".leading dot\r\n"                                                         \
    ".\r\n"                                                                    \
    "8-bit: \xc3\xa9t\xc3\xa9\r\n"

static void send_message(int fd)
{
    say(fd, "MAIL FROM:<alice@example.org>\r\n", "250 Sender OK");
    say(fd, "RCPT TO:<bob@example.org>\r\n", "250 Recipient OK");
    say(fd, "RCPT TO:<postmaster>\r\n", "250 Recipient OK");
    say(fd, "DATA\r\n", "354 End data with <CR><LF>.<CR><LF>");
    say(fd, DATA_ON_WIRE, "250 OK, message accepted");
}

static char *expected_block(int n)
{
    static char buf[2048];

    snprintf(buf, sizeof buf,
             "=== message %d (EHLO client.example)\n"
             "MAIL FROM:<alice@example.org>\n"
             "RCPT TO:<bob@example.org>\n"
             "RCPT TO:<postmaster>\n"
             "DATA %zu octets\n"
             "%s"
             "\n=== end of message %d\n",
             n, sizeof DATA_STORED - 1, DATA_STORED, n);
    return buf;
}

START_TEST(message_printed_on_stdout)
{
    int fd;

    start(NULL, NULL, NULL, NULL);
    fd = open_session();
    send_message(fd);
    ck_assert_str_eq(read_printed(1), expected_block(1));
    send_message(fd); /* a second one in the same session is number 2 */
    ck_assert_str_eq(read_printed(2), expected_block(2));
    say(fd, "QUIT\r\n", "221 localhost closing connection");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(message_printed_to_file)
{
    char *got;
    int fd;

    start("--print-to", printed, NULL, NULL);
    fd = open_session();
    send_message(fd);
    say(fd, "QUIT\r\n", "221 localhost closing connection");
    tl_close(fd);
    /* The 250 came after the block was written: it is there now. */
    got = slurp(printed);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, expected_block(1));
    free(got);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(dropped_in_data_prints_nothing)
{
    char *got;
    int fd;

    start("--print-to", printed, NULL, NULL);
    fd = open_session();
    say(fd, "MAIL FROM:<mallory@example.org>\r\n", "250 Sender OK");
    say(fd, "RCPT TO:<bob@example.org>\r\n", "250 Recipient OK");
    say(fd, "DATA\r\n", "354 End data with <CR><LF>.<CR><LF>");
    ck_assert_int_eq(tl_send(fd, "Subject: never finished\r\n\r\nhalf a li"), 0);
    tl_close(fd); /* the connection drops in the middle of DATA */

    /* A second session's message is the only one printed. */
    fd = open_session();
    send_message(fd);
    say(fd, "QUIT\r\n", "221 localhost closing connection");
    tl_close(fd);
    got = slurp(printed);
    ck_assert_str_eq(got, expected_block(1));
    ck_assert(strstr(got, "mallory") == NULL);
    free(got);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(sigterm_says_421)
{
    int fd, status;

    start(NULL, NULL, NULL, NULL);
    fd = open_session();
    say(fd, "MAIL FROM:<alice@example.org>\r\n", "250 Sender OK");
    ck_assert_int_eq(kill(srv.pid, SIGTERM), 0);
    ck_assert(tl_expect_line(fd, "421 localhost Server shutting down, closing connection"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    status = tl_stop(&srv, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

START_TEST(max_sessions_refuses_politely)
{
    int fd1, fd2;

    start("--max-sessions", "1", NULL, NULL);
    fd1 = open_session();
    fd2 = tl_connect(srv.host, srv.port);
    ck_assert_int_ge(fd2, 0);
    ck_assert(tl_expect_line(fd2, "421 localhost Too many connections, try again later"));
    ck_assert(tl_expect_eof(fd2));
    tl_close(fd2);
    say(fd1, "NOOP\r\n", "250 OK");
    tl_close(fd1);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(idle_timeout_over_tcp)
{
    int fd;

    start("--timeout", "1", NULL, NULL);
    fd = open_session();
    ck_assert(tl_expect_line(fd, "421 localhost Idle timeout, closing connection"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(trace_shows_the_conversation)
{
    char *log;
    int fd;

    start("--trace", NULL, NULL, NULL);
    fd = open_session();
    say(fd, "QUIT\r\n", "221 localhost closing connection");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
    log = tl_stderr(&srv);
    ck_assert_ptr_nonnull(strstr(log, "S: 220 localhost ESMTP minimail\n"));
    ck_assert_ptr_nonnull(strstr(log, "C: EHLO client.example\n"));
    ck_assert_ptr_nonnull(strstr(log, "S: 221 localhost closing connection\n"));
    free(log);
}
END_TEST

START_TEST(usage_errors)
{
    static const char *const bad[][2] = {
        { "--timeout", "0" }, { "--max-rcpt", "x" }, { "--max-size", "-1" },
        { "--listen", "nocolon" }, { "--hostname", "bad..name" }, { "--bogus", NULL },
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[1024];
        int st;
        snprintf(cmd, sizeof cmd, "'%s' %s %s --stdio </dev/null >/dev/null 2>&1",
                 tl_build_path(SMTPD), bad[i][0], bad[i][1] ? bad[i][1] : "");
        st = system(cmd);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 64, "%s %s: status %d", bad[i][0],
                      bad[i][1] ? bad[i][1] : "", st);
    }
}
END_TEST

/* ---- real clients ---------------------------------------------------------- */

/* Run a shell command with a bound on its run time; returns its exit status. */
static int run_bounded(const char *cmd)
{
    char buf[4096];
    int st;

    snprintf(buf, sizeof buf, "timeout %d sh -c '%s'", tl_timeout_ms() / 1000 + 5, cmd);
    st = system(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The python3 that has smtplib: Debian's first, then whatever is on PATH. */
static const char *find_python(void)
{
    static const char *const candidates[] = { "/usr/bin/python3", "python3" };

    for (size_t i = 0; i < 2; i++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s -c \"import smtplib\" >/dev/null 2>&1", candidates[i]);
        if (run_bounded(cmd) == 0)
            return candidates[i];
    }
    return NULL;
}

START_TEST(python_smtplib)
{
    const char *py = find_python();
    char script[512], cmd[2048];
    char *got;
    FILE *f;

    if (py == NULL) {
        fprintf(stderr, "python_smtplib: SKIPPED (no python3 with smtplib)\n");
        return;
    }
    start("--print-to", printed, NULL, NULL);
    snprintf(script, sizeof script, "%s/client.py", tmpdir);
    f = fopen(script, "w");
    ck_assert_ptr_nonnull(f);
    /* smtplib sends lower-case verbs ("mail FROM:"), dot-stuffs, and
     * turns bare LF line ends into CRLF. */
    fprintf(f,
            "import smtplib, sys\n"
            "msg = 'Subject: from smtplib\\n\\n.leading dot\\nend\\n'\n"
            "with smtplib.SMTP(sys.argv[1], int(sys.argv[2]), local_hostname='py.example',"
            " timeout=10) as s:\n"
            "    refused = s.sendmail('alice@example.org', ['bob@example.org', 'postmaster'],"
            " msg)\n"
            "    assert refused == {}, refused\n"
            "    code, text = s.vrfy('bob')\n"
            "    assert code == 252, code\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s %s %s %s", py, script, srv.host, srv.port);
    ck_assert_int_eq(run_bounded(cmd), 0);
    got = slurp(printed);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "=== message 1 (EHLO py.example)\n"
                          "MAIL FROM:<alice@example.org>\n"
                          "RCPT TO:<bob@example.org>\n"
                          "RCPT TO:<postmaster>\n"
                          "DATA 44 octets\n"
                          "Subject: from smtplib\r\n\r\n.leading dot\r\nend\r\n"
                          "\n=== end of message 1\n");
    free(got);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

/* Write @p text to tmpdir/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

START_TEST(curl_smtp)
{
    char cmd[2048];
    char *got;

    if (run_bounded("curl --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "curl_smtp: SKIPPED (no curl)\n");
        return;
    }
    start("--print-to", printed, NULL, NULL);

    /* curl sends a file as it is, LF line ends included: those are bare
     * LFs, and the message is refused after the "." (curl exit 8). */
    snprintf(cmd, sizeof cmd,
             "curl -sS --url smtp://%s:%s/curl.example --mail-from alice@example.org "
             "--mail-rcpt bob@example.org --upload-file %s 2>/dev/null",
             srv.host, srv.port, write_file("lf.txt", "Subject: LF only\n\nbare LFs\n"));
    ck_assert_int_eq(run_bounded(cmd), 8);

    /* With --crlf curl turns LF into CRLF (and dot-stuffs either way). */
    snprintf(cmd, sizeof cmd,
             "curl -sS --crlf --url smtp://%s:%s/curl.example --mail-from alice@example.org "
             "--mail-rcpt bob@example.org --upload-file %s",
             srv.host, srv.port, write_file("mail.txt", "Subject: from curl\n\n.dot\nbye\n"));
    ck_assert_int_eq(run_bounded(cmd), 0);

    /* A file that already has CRLF line ends needs no option. */
    snprintf(cmd, sizeof cmd,
             "curl -sS --url smtp://%s:%s/curl.example --mail-from alice@example.org "
             "--mail-rcpt bob@example.org --mail-rcpt postmaster --upload-file %s",
             srv.host, srv.port, write_file("crlf.txt", "Subject: CRLF\r\n\r\n.\r\n"));
    ck_assert_int_eq(run_bounded(cmd), 0);

    got = slurp(printed);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "=== message 1 (EHLO curl.example)\n"
                          "MAIL FROM:<alice@example.org>\n"
                          "RCPT TO:<bob@example.org>\n"
                          "DATA 33 octets\n"
                          "Subject: from curl\r\n\r\n.dot\r\nbye\r\n"
                          "\n=== end of message 1\n"
                          "=== message 1 (EHLO curl.example)\n"
                          "MAIL FROM:<alice@example.org>\n"
                          "RCPT TO:<bob@example.org>\n"
                          "RCPT TO:<postmaster>\n"
                          "DATA 20 octets\n"
                          "Subject: CRLF\r\n\r\n.\r\n"
                          "\n=== end of message 1\n");
    free(got);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

START_TEST(swaks_smtp)
{
    char cmd[2048];
    char *got;

    if (run_bounded("swaks --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "swaks_smtp: SKIPPED (no swaks)\n");
        return;
    }
    start("--print-to", printed, NULL, NULL);
    /* swaks writes its own Date, Message-Id and X-Mailer headers, so only
     * the envelope and our own header and body are compared. */
    snprintf(cmd, sizeof cmd,
             "swaks --server %s --port %s --helo swaks.example --from alice@example.org "
             "--to bob@example.org,postmaster --header \"Subject: from swaks\" "
             "--body \".leading dot\" >/dev/null 2>&1",
             srv.host, srv.port);
    ck_assert_int_eq(run_bounded(cmd), 0);
    got = slurp(printed);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(strncmp(got, "=== message 1 (EHLO swaks.example)\n"
                               "MAIL FROM:<alice@example.org>\n"
                               "RCPT TO:<bob@example.org>\n"
                               "RCPT TO:<postmaster>\n"
                               "DATA ", 117) == 0, "%s", got);
    ck_assert_ptr_nonnull(strstr(got, "\r\nSubject: from swaks\r\n"));
    ck_assert_ptr_nonnull(strstr(got, "\r\n\r\n.leading dot\r\n"));
    ck_assert(strlen(got) > 22 && strcmp(got + strlen(got) - 22, "\n=== end of message 1\n") == 0);
    free(got);
    ck_assert_int_eq(tl_stop(&srv, SIGTERM), 0);
}
END_TEST

static Suite *smtpd_suite(void)
{
    Suite *s = suite_create("smtpd_session");
    TCase *tc;

    tc = tl_tcase("tcp");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, message_printed_on_stdout);
    tcase_add_test(tc, message_printed_to_file);
    tcase_add_test(tc, dropped_in_data_prints_nothing);
    tcase_add_test(tc, sigterm_says_421);
    tcase_add_test(tc, max_sessions_refuses_politely);
    tcase_add_test(tc, idle_timeout_over_tcp);
    tcase_add_test(tc, trace_shows_the_conversation);
    tcase_add_test(tc, usage_errors);
    suite_add_tcase(s, tc);

    tc = tl_tcase("real_clients");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, python_smtplib);
    tcase_add_test(tc, curl_smtp);
    tcase_add_test(tc, swaks_smtp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(smtpd_suite());
}
