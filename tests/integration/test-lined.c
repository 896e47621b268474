/*
 * test-lined.c -- integration tests of chapter 2's stage program, lined.
 *
 * lined runs on loopback with port 0 and the tests talk to it over TCP as
 * a client would: the greeting, every command, the bad inputs (over-long
 * line, bare LF, NUL), the idle timeout, two sessions one after the
 * other, the wire trace, and SIGTERM.  Every wait is bounded (testlib);
 * nothing sleeps.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define LINED "chapters/02-lines/lined"
#define GREETING "220 minimail lines server ready"

/* Start lined --listen 127.0.0.1:0 with up to two extra arguments. */
static void start(struct tl_proc *p, const char *a1, const char *a2)
{
    char *argv[] = { (char *)tl_build_path(LINED), "--listen", "127.0.0.1:0",
                     (char *)a1, (char *)a2, NULL };

    ck_assert_msg(tl_spawn_server(p, argv) == 0, "lined did not start");
}

/* Connect and read the greeting. */
static int open_session(const struct tl_proc *p)
{
    int fd = tl_connect(p->host, p->port);

    ck_assert_int_ge(fd, 0);
    ck_assert(tl_expect_line(fd, GREETING));
    return fd;
}

static void quit_session(int fd)
{
    ck_assert_int_eq(tl_send(fd, "QUIT\r\n"), 0);
    ck_assert(tl_expect_line(fd, "221 Bye"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
}

/* Send a command (CRLF added) and expect one exact reply line. */
static void cmd(int fd, const char *command, const char *reply)
{
    char line[1024];

    ck_assert((size_t)snprintf(line, sizeof line, "%s\r\n", command) < sizeof line);
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert_msg(tl_expect_line(fd, reply), "after '%s'", command);
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(greeting_commands_quit)
{
    struct tl_proc p;
    int fd;

    start(&p, NULL, NULL);
    fd = open_session(&p);
    cmd(fd, "ECHO hello, lines", "250 hello, lines");
    cmd(fd, "echo lower", "250 lower");
    cmd(fd, "ECHO", "501 Syntax: ECHO text");
    cmd(fd, "NOOP", "250 OK");
    cmd(fd, "FROB", "500 Unknown command");
    cmd(fd, "HELP", "214-Commands of the lines protocol (end each line with CRLF):");
    ck_assert(tl_expect_line(fd, "214-  ECHO text   replies 250 and the text"));
    ck_assert(tl_expect_line(fd, "214-  NOOP        replies 250 OK"));
    ck_assert(tl_expect_line(fd, "214-  HELP        this list"));
    ck_assert(tl_expect_line(fd, "214-  QUIT        replies 221 Bye and closes the connection"));
    ck_assert(tl_expect_line(fd, "214 End of HELP"));
    quit_session(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(bad_lines_then_good_commands)
{
    struct tl_proc p;
    char big[2000];
    int fd;

    start(&p, NULL, NULL);
    fd = open_session(&p);

    /* 513 octets: one over the limit; then the session goes on. */
    memcpy(big, "ECHO ", 5);
    memset(big + 5, 'x', 506);
    memcpy(big + 511, "\r\n", 3);
    ck_assert_int_eq(tl_send(fd, big), 0);
    ck_assert(tl_expect_line(fd, "500 Line too long"));
    cmd(fd, "NOOP", "250 OK");

    /* exactly 512: fine */
    big[510] = '\r';
    big[511] = '\n';
    big[512] = '\0';
    ck_assert_int_eq(tl_send(fd, big), 0);
    ck_assert(tl_expect_prefix(fd, "250 xxxxx"));

    ck_assert_int_eq(tl_send(fd, "NOOP\n"), 0);
    ck_assert(tl_expect_line(fd, "500 Line must end with CRLF"));
    ck_assert_int_eq(tl_send_bytes(fd, "EC\0HO x\r\n", 9), 0);
    ck_assert(tl_expect_line(fd, "500 NUL byte in line"));
    ck_assert_int_eq(tl_send(fd, "ECHO a\rb\r\n"), 0);
    ck_assert(tl_expect_line(fd, "500 Bare CR in line"));
    cmd(fd, "ECHO still alive", "250 still alive");
    quit_session(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(pipelined_commands)
{
    struct tl_proc p;
    int fd;

    start(&p, NULL, NULL);
    fd = open_session(&p);
    ck_assert_int_eq(tl_send(fd, "ECHO 1\r\nECHO 2\r\nNOOP\r\nQUIT\r\n"), 0);
    ck_assert(tl_expect_line(fd, "250 1"));
    ck_assert(tl_expect_line(fd, "250 2"));
    ck_assert(tl_expect_line(fd, "250 OK"));
    ck_assert(tl_expect_line(fd, "221 Bye"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(idle_timeout)
{
    struct tl_proc p;
    long long t0, dt;
    int fd;

    start(&p, "--timeout", "1");
    fd = open_session(&p);
    t0 = now_ms();
    ck_assert(tl_expect_line(fd, "421 Idle timeout, closing connection"));
    dt = now_ms() - t0;
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_ge(dt, 800);
    /* ...and the server serves the next client. */
    fd = open_session(&p);
    quit_session(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(two_sessions_in_sequence)
{
    /* One client at a time: the second is accepted (and greeted) only
     * when the first has gone, and its early command waits in the queue. */
    struct tl_proc p;
    int fd1, fd2;

    start(&p, NULL, NULL);
    fd1 = open_session(&p);
    fd2 = tl_connect(p.host, p.port);
    ck_assert_int_ge(fd2, 0);
    ck_assert_int_eq(tl_send(fd2, "ECHO second\r\n"), 0);
    cmd(fd1, "ECHO first", "250 first");
    quit_session(fd1);
    ck_assert(tl_expect_line(fd2, GREETING));
    ck_assert(tl_expect_line(fd2, "250 second"));
    quit_session(fd2);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(client_closes_mid_line)
{
    struct tl_proc p;
    char *log;
    int fd;

    start(&p, NULL, NULL);
    fd = open_session(&p);
    ck_assert_int_eq(tl_send(fd, "ECHO unfinis"), 0);
    ck_assert_int_eq(shutdown(fd, SHUT_WR), 0);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    fd = open_session(&p);              /* the server lives on */
    quit_session(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    log = tl_stderr(&p);
    ck_assert_msg(strstr(log, "in the middle of a line") != NULL, "log: %s", log);
    free(log);
    tl_cleanup(&p);
}
END_TEST

START_TEST(trace_shows_both_directions)
{
    struct tl_proc p;
    char *log;
    int fd;

    start(&p, "--trace", NULL);
    fd = open_session(&p);
    cmd(fd, "ECHO traced", "250 traced");
    ck_assert_int_eq(tl_send_bytes(fd, "x\0y\n", 4), 0);
    ck_assert(tl_expect_line(fd, "500 NUL byte in line"));
    quit_session(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    log = tl_stderr(&p);
    ck_assert_msg(strstr(log, "S: " GREETING "\n") != NULL, "trace: %s", log);
    ck_assert_msg(strstr(log, "\nC: ECHO traced\nS: 250 traced\n") != NULL, "trace: %s", log);
    ck_assert_msg(strstr(log, "\nC: x\\x00y\\n\nS: 500 NUL byte in line\n") != NULL,
                  "trace: %s", log);
    ck_assert_msg(strstr(log, "\nC: QUIT\nS: 221 Bye\n") != NULL, "trace: %s", log);
    free(log);
    tl_cleanup(&p);
}
END_TEST

START_TEST(sigterm_ends_session_politely)
{
    struct tl_proc p;
    int fd, status;

    start(&p, NULL, NULL);
    fd = open_session(&p);
    cmd(fd, "NOOP", "250 OK");          /* the session now waits for input */
    ck_assert_int_eq(kill(p.pid, SIGTERM), 0);
    ck_assert(tl_expect_line(fd, "421 Server shutting down"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), EX_OK);
    tl_cleanup(&p);
}
END_TEST

/* Run lined with arguments on pipes; return its exit status. */
static int run_status(char *a1, char *a2, char *a3)
{
    struct tl_proc p;
    char *argv[] = { (char *)tl_build_path(LINED), a1, a2, a3, NULL };
    int status;

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    close(p.stdin_fd);                  /* --stdio: EOF at once */
    p.stdin_fd = -1;
    status = tl_stop(&p, 0);
    tl_cleanup(&p);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(options)
{
    ck_assert_int_eq(run_status("--help", NULL, NULL), EX_OK);
    ck_assert_int_eq(run_status("--version", NULL, NULL), EX_OK);
    ck_assert_int_eq(run_status("--stdio", NULL, NULL), EX_OK);
    ck_assert_int_eq(run_status("--bogus", NULL, NULL), EX_USAGE);
    ck_assert_int_eq(run_status("--timeout", "soon", NULL), EX_USAGE);
    ck_assert_int_eq(run_status("--listen", "no-port", NULL), EX_UNAVAILABLE);
}
END_TEST

static Suite *lined_suite(void)
{
    Suite *s = suite_create("lined");
    TCase *tc = tl_tcase("lined");

    tcase_add_test(tc, greeting_commands_quit);
    tcase_add_test(tc, bad_lines_then_good_commands);
    tcase_add_test(tc, pipelined_commands);
    tcase_add_test(tc, idle_timeout);
    tcase_add_test(tc, two_sessions_in_sequence);
    tcase_add_test(tc, client_closes_mid_line);
    tcase_add_test(tc, trace_shows_both_directions);
    tcase_add_test(tc, sigterm_ends_session_politely);
    tcase_add_test(tc, options);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(lined_suite());
}
