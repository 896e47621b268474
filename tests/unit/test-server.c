/*
 * test-server.c -- unit tests of server.c and signals.c (chapter serving-many).
 *
 * The server module is tested on its own, without any protocol of the
 * book: a tiny session function (below) greets, echoes, and says
 * "stopping" when signals_stop is set.  Each test forks a process that
 * runs server_serve() on a listener bound to port 0, and talks to it over
 * loopback with the bounded helpers of testlib.  The tests of the server
 * loop run twice: a process per session (server.c), and -- the tcase
 * "threads" -- a thread per session (server_threads.c).
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "net.h"
#include "server.h"
#include "signals.h"
#include "testlib.h"

/* What the test session and the tick share with the test. */
struct test_arg {
    int tick_fd;        /* the tick writes one byte here (or -1) */
};

static int say(int fd, const char *s)
{
    return io_write_all(fd, s, strlen(s));
}

/* 1 in the tcase "threads": srv_start() sets cfg->threads. */
static int use_threads;

static void threads_on(void)
{
    use_threads = 1;
}

/* A session that will not end: with processes it ignores SIGTERM and
 * waits for SIGKILL; a thread cannot be killed alone, so it just sleeps
 * until the process ends. */
static void hang(int out)
{
    if (!use_threads)
        signal(SIGTERM, SIG_IGN);
    say(out, "hanging\r\n");
    for (;;) {
        struct timespec ts = { 1, 0 };
        nanosleep(&ts, NULL);
    }
}

/* The test protocol: "hello PEER" on connect; then per line:
 * "quit" ends the session, "pid" answers the server's pid (the session's
 * process), "hang" never returns (hang()), anything else is echoed.
 * When signals_stop is set while waiting or on waking: "stopping", end
 * (a thread's session is woken by a shutdown(2) of its socket, not by a
 * signal, so it looks at the flag after the wait too). */
static int test_session(int in, int out, const char *peer, void *arg)
{
    char buf[256];

    (void)arg;
    snprintf(buf, sizeof buf, "hello %s\r\n", peer);
    if (say(out, buf) < 0)
        return -1;
    for (;;) {
        ssize_t n;

        if (signals_stop)
            return say(out, "stopping\r\n");
        if (io_wait_readable(in, -1) < 0) {
            if (errno == EINTR)
                continue;       /* look at signals_stop again */
            return -1;
        }
        if (signals_stop)
            return say(out, "stopping\r\n");
        n = io_read(in, buf, sizeof buf - 1);
        if (n <= 0)
            return n == 0 ? 0 : -1;
        buf[n] = '\0';
        if (strncmp(buf, "quit", 4) == 0)
            return say(out, "bye\r\n");
        if (strncmp(buf, "pid", 3) == 0) {
            snprintf(buf, sizeof buf, "%ld\r\n", (long)getpid());
            say(out, buf);
        } else if (strncmp(buf, "hang", 4) == 0) {
            hang(out);
        } else if (io_write_all(out, buf, (size_t)n) < 0) {
            return -1;
        }
    }
}

static void test_tick(void *arg)
{
    const struct test_arg *ta = arg;

    if (ta->tick_fd >= 0 && write(ta->tick_fd, "t", 1) != 1)
        _exit(9);
}

/* A server under test: a forked process running server_serve(). */
struct srv {
    struct tl_proc proc;    /* only .pid is used, for tl_stop() */
    char port[16];
};

static struct test_arg targ = { -1 };

/* The server (or --stdio process) of the running test, and the test
 * process that started it.  A failed assertion ends the test process with
 * exit(): this atexit handler then stops the server, which would
 * otherwise keep listening forever. */
static pid_t live_pid, live_owner;

static void stop_live_server(void)
{
    if (live_pid > 0 && live_owner == getpid())
        kill(live_pid, SIGTERM);
}

static void set_live(pid_t pid)
{
    live_pid = pid;
    live_owner = getpid();
}

static void srv_start(struct srv *s, struct server_config *cfg)
{
    char name[NET_ADDRSTRLEN], err[NET_ERRLEN];
    int lfd = net_listen("127.0.0.1", "0", err, sizeof err);
    pid_t pid;

    ck_assert_msg(lfd >= 0, "net_listen: %s", err);
    ck_assert_int_eq(net_local_name(lfd, name, sizeof name), 0);
    snprintf(s->port, sizeof s->port, "%s", strrchr(name, ':') + 1);
    if (cfg->session == NULL)
        cfg->session = test_session;
    cfg->arg = &targ;
    cfg->threads = use_threads;
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(server_serve(lfd, cfg) == 0 ? 0 : 3);
    close(lfd);
    set_live(pid);
    memset(&s->proc, 0, sizeof s->proc);
    s->proc.pid = pid;
    s->proc.stdin_fd = s->proc.stdout_fd = -1;
}

static int srv_connect(const struct srv *s)
{
    int fd = tl_connect("127.0.0.1", s->port);

    ck_assert_int_ge(fd, 0);
    return fd;
}

/* Stop the server with @p sig and check it exited 0. */
static void srv_stop(struct srv *s, int sig)
{
    int status = tl_stop(&s->proc, sig);

    set_live(0);
    ck_assert_msg(status != -1, "the server did not exit in time");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "server status %#x", status);
}

START_TEST(serves_and_names_the_peer)
{
    struct server_config cfg = { 0 };
    struct srv s;
    int fd;

    srv_start(&s, &cfg);
    fd = srv_connect(&s);
    ck_assert(tl_expect_prefix(fd, "hello 127.0.0.1:"));
    tl_send(fd, "ping\r\n");
    ck_assert(tl_expect_line(fd, "ping"));
    tl_send(fd, "quit\r\n");
    ck_assert(tl_expect_line(fd, "bye"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    srv_stop(&s, SIGTERM);
}
END_TEST

/* The point of the chapter: a second client is served while the first
 * is still connected (an iterative server would keep it waiting). */
START_TEST(serves_two_at_once)
{
    struct server_config cfg = { 0 };
    struct srv s;
    int a, b;

    srv_start(&s, &cfg);
    a = srv_connect(&s);
    ck_assert(tl_expect_prefix(a, "hello "));
    b = srv_connect(&s);
    ck_assert(tl_expect_prefix(b, "hello "));
    tl_send(b, "from b\r\n");
    tl_send(a, "from a\r\n");
    ck_assert(tl_expect_line(a, "from a"));
    ck_assert(tl_expect_line(b, "from b"));
    tl_close(a);
    tl_close(b);
    srv_stop(&s, SIGTERM);
}
END_TEST

/* Connect until a connection is served (greeted), within the bound;
 * refused ones are closed by the server right after its busy line. */
static int connect_when_free(const struct srv *s)
{
    for (int tries = 0; tries < 200; tries++) {
        char line[256];
        int fd = srv_connect(s);

        if (tl_read_line(fd, line, sizeof line) > 0
            && strncmp(line, "hello ", 6) == 0)
            return fd;
        tl_close(fd);
    }
    return -1;
}

START_TEST(limit_refuses_with_busy_reply)
{
    struct server_config cfg = { .max_sessions = 1, .busy_reply = "* BYE busy" };
    struct srv s;
    int a, b, c;

    srv_start(&s, &cfg);
    a = srv_connect(&s);
    ck_assert(tl_expect_prefix(a, "hello "));
    b = srv_connect(&s);
    ck_assert(tl_expect_line(b, "* BYE busy"));
    ck_assert(tl_expect_eof(b));
    tl_close(b);
    /* The first session is unharmed ... */
    tl_send(a, "still here\r\n");
    ck_assert(tl_expect_line(a, "still here"));
    /* ... and once it ends, its slot is free again (after the reap). */
    tl_send(a, "quit\r\n");
    ck_assert(tl_expect_line(a, "bye"));
    tl_close(a);
    c = connect_when_free(&s);
    ck_assert_msg(c >= 0, "no slot came free after the first session ended");
    tl_close(c);
    srv_stop(&s, SIGTERM);
}
END_TEST

/* A client that saw its session end -- the server closed the connection --
 * and connects again at once is served, even at the limit: the session
 * process said goodbye before it closed the connection, so the parent
 * does not count it, though it may not have exited or been reaped yet.
 * (Before that, the parent counted a session until it reaped its process,
 * which on a quick reconnect was nearly always too late: refused.)  No
 * retry and no wait here: each connection must be greeted at once. */
START_TEST(reconnect_after_the_end_is_served)
{
    struct server_config cfg = { .max_sessions = 1, .busy_reply = "* BYE busy" };
    struct srv s;

    srv_start(&s, &cfg);
    for (int i = 0; i < 20; i++) {
        char line[256];
        int fd = srv_connect(&s);

        ck_assert_int_gt(tl_read_line(fd, line, sizeof line), 0);
        ck_assert_msg(strncmp(line, "hello ", 6) == 0,
                      "connection %d, right after the previous one ended, got '%s'",
                      i + 1, line);
        tl_send(fd, "quit\r\n");
        ck_assert(tl_expect_line(fd, "bye"));
        ck_assert(tl_expect_eof(fd));
        tl_close(fd);
    }
    srv_stop(&s, SIGTERM);
}
END_TEST

START_TEST(limit_without_busy_reply_just_closes)
{
    struct server_config cfg = { .max_sessions = 1 };
    struct srv s;
    int a, b;

    srv_start(&s, &cfg);
    a = srv_connect(&s);
    ck_assert(tl_expect_prefix(a, "hello "));
    b = srv_connect(&s);
    ck_assert(tl_expect_eof(b));
    tl_close(b);
    tl_close(a);
    srv_stop(&s, SIGTERM);
}
END_TEST

/* SIGTERM (and SIGINT): every open session hears about it, the server
 * exits 0, and the port is closed. */
static void stops_on(int sig)
{
    struct server_config cfg = { 0 };
    struct srv s;
    int fds[3];

    srv_start(&s, &cfg);
    for (int i = 0; i < 3; i++) {
        fds[i] = srv_connect(&s);
        ck_assert(tl_expect_prefix(fds[i], "hello "));
    }
    srv_stop(&s, sig);
    for (int i = 0; i < 3; i++) {
        ck_assert(tl_expect_line(fds[i], "stopping"));
        ck_assert(tl_expect_eof(fds[i]));
        tl_close(fds[i]);
    }
    ck_assert_int_lt(tl_connect("127.0.0.1", s.port), 0);
}

START_TEST(sigterm_stops_sessions) { stops_on(SIGTERM); }
END_TEST

START_TEST(sigint_stops_sessions) { stops_on(SIGINT); }
END_TEST

/* A session that ignores SIGTERM is killed after the grace period, and
 * the server still exits 0 within the bound. */
START_TEST(stuck_session_is_killed_after_grace)
{
    struct server_config cfg = { .grace_s = 1 };
    struct srv s;
    int fd;

    srv_start(&s, &cfg);
    fd = srv_connect(&s);
    ck_assert(tl_expect_prefix(fd, "hello "));
    tl_send(fd, "hang\r\n");
    ck_assert(tl_expect_line(fd, "hanging"));
    srv_stop(&s, SIGTERM);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
}
END_TEST

/* An ended session does not linger as a zombie: the parent reaps it, so
 * its pid disappears (kill(pid, 0) still succeeds on a zombie). */
START_TEST(ended_sessions_are_reaped)
{
    struct server_config cfg = { 0 };
    struct srv s;
    char line[64];
    long child;
    int fd, gone = 0;

    srv_start(&s, &cfg);
    fd = srv_connect(&s);
    ck_assert(tl_expect_prefix(fd, "hello "));
    tl_send(fd, "pid\r\n");
    ck_assert_int_gt(tl_read_line(fd, line, sizeof line), 0);
    child = strtol(line, NULL, 10);
    ck_assert_int_gt(child, 0);
    tl_send(fd, "quit\r\n");
    ck_assert(tl_expect_line(fd, "bye"));
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    /* Bounded polling: up to the test timeout, in 1 ms .. 50 ms naps. */
    for (int waited = 0, nap = 1; waited < tl_timeout_ms(); waited += nap) {
        if (kill((pid_t)child, 0) < 0 && errno == ESRCH) {
            gone = 1;
            break;
        }
        struct timespec ts = { 0, nap * 1000000L };
        nanosleep(&ts, NULL);
        if (nap < 50)
            nap *= 2;
    }
    ck_assert_msg(gone, "session %ld was not reaped", child);
    srv_stop(&s, SIGTERM);
}
END_TEST

/* With --threads every session runs in the server's own process: two
 * sessions at once answer "pid" with the pid of the server itself. */
START_TEST(sessions_share_the_server_process)
{
    struct server_config cfg = { 0 };
    struct srv s;
    char line[2][64];
    int fd[2];

    srv_start(&s, &cfg);
    for (int i = 0; i < 2; i++) {
        fd[i] = srv_connect(&s);
        ck_assert(tl_expect_prefix(fd[i], "hello "));
    }
    for (int i = 0; i < 2; i++) {
        tl_send(fd[i], "pid\r\n");
        ck_assert_int_gt(tl_read_line(fd[i], line[i], sizeof line[i]), 0);
        ck_assert_int_eq(strtol(line[i], NULL, 10), (long)s.proc.pid);
        tl_close(fd[i]);
    }
    srv_stop(&s, SIGTERM);
}
END_TEST

/* Many clients at once, each served in full (the limit is above them). */
START_TEST(serves_many_at_once)
{
    struct server_config cfg = { .max_sessions = 40 };
    struct srv s;
    int fd[30];
    char want[32];

    srv_start(&s, &cfg);
    for (int i = 0; i < 30; i++) {
        fd[i] = srv_connect(&s);
        ck_assert(tl_expect_prefix(fd[i], "hello "));
    }
    for (int i = 0; i < 30; i++) {
        snprintf(want, sizeof want, "client %d\r\n", i);
        tl_send(fd[i], want);
    }
    for (int i = 29; i >= 0; i--) {
        snprintf(want, sizeof want, "client %d", i);
        ck_assert(tl_expect_line(fd[i], want));
        tl_send(fd[i], "quit\r\n");
        ck_assert(tl_expect_line(fd[i], "bye"));
        ck_assert(tl_expect_eof(fd[i]));
        tl_close(fd[i]);
    }
    srv_stop(&s, SIGTERM);
}
END_TEST

START_TEST(tick_runs_in_the_parent)
{
    struct server_config cfg = { .tick = test_tick, .tick_ms = 20 };
    struct srv s;
    int p[2];
    char buf[3];

    ck_assert_int_eq(pipe(p), 0);
    targ.tick_fd = p[1];
    srv_start(&s, &cfg);
    close(p[1]);
    for (size_t got = 0; got < sizeof buf; got++) {
        ck_assert_int_eq(io_wait_readable(p[0], tl_timeout_ms()), 1);
        ck_assert_int_eq(io_read(p[0], buf + got, 1), 1);
    }
    srv_stop(&s, SIGTERM);
    close(p[0]);
}
END_TEST

/* --stdio: one session on fd 0/1, here two pipes. */
static pid_t start_stdio(int *to, int *from)
{
    int in[2], out[2];
    pid_t pid;

    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct server_config cfg = { .session = test_session, .arg = &targ };

        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        _exit(server_run_stdio(&cfg) == 0 ? 0 : 3);
    }
    set_live(pid);
    close(in[0]);
    close(out[1]);
    *to = in[1];
    *from = out[0];
    return pid;
}

START_TEST(stdio_serves_one_session)
{
    struct tl_proc p = { .stdin_fd = -1, .stdout_fd = -1 };
    int to, from, status;

    p.pid = start_stdio(&to, &from);
    ck_assert(tl_expect_line(from, "hello stdio"));
    tl_send(to, "quit\r\n");
    ck_assert(tl_expect_line(from, "bye"));
    status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(to);
    tl_close(from);
}
END_TEST

START_TEST(stdio_session_sees_sigterm)
{
    struct tl_proc p = { .stdin_fd = -1, .stdout_fd = -1 };
    int to, from, status;

    p.pid = start_stdio(&to, &from);
    ck_assert(tl_expect_line(from, "hello stdio"));
    /* No parent repeats SIGTERM here, so the test does: a signal landing
     * between the session's flag check and its poll() is otherwise lost. */
    for (int waited = 0; waited < tl_timeout_ms(); waited += 100) {
        kill(p.pid, SIGTERM);
        if (io_wait_readable(from, 100) == 1)
            break;
    }
    ck_assert(tl_expect_line(from, "stopping"));
    status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(to);
    tl_close(from);
}
END_TEST

START_TEST(run_fails_on_a_bad_address)
{
    struct server_config cfg = { .listen = "192.0.2.1:0"  /* TEST-NET-1: not ours */,
                                 .session = test_session };
    char err[NET_ERRLEN] = "";

    ck_assert_int_eq(server_run(&cfg, err, sizeof err), -1);
    ck_assert_msg(err[0] != '\0', "no error message");
}
END_TEST

START_TEST(serve_needs_a_session_function)
{
    struct server_config cfg = { 0 };
    char err[NET_ERRLEN];
    int lfd = net_listen("127.0.0.1", "0", err, sizeof err);

    ck_assert_int_ge(lfd, 0);
    ck_assert_int_eq(server_serve(lfd, &cfg), -1);
}
END_TEST

static Suite *server_suite(void)
{
    Suite *s = suite_create("server");
    TCase *tc = tl_tcase("server");

    tcase_add_test(tc, serves_and_names_the_peer);
    tcase_add_test(tc, serves_two_at_once);
    tcase_add_test(tc, limit_refuses_with_busy_reply);
    tcase_add_test(tc, reconnect_after_the_end_is_served);
    tcase_add_test(tc, limit_without_busy_reply_just_closes);
    tcase_add_test(tc, sigterm_stops_sessions);
    tcase_add_test(tc, sigint_stops_sessions);
    tcase_add_test(tc, stuck_session_is_killed_after_grace);
    tcase_add_test(tc, ended_sessions_are_reaped);
    tcase_add_test(tc, tick_runs_in_the_parent);
    tcase_add_test(tc, stdio_serves_one_session);
    tcase_add_test(tc, stdio_session_sees_sigterm);
    tcase_add_test(tc, run_fails_on_a_bad_address);
    tcase_add_test(tc, serve_needs_a_session_function);
    tcase_add_test(tc, serves_many_at_once);
    suite_add_tcase(s, tc);

    /* The same loop with a thread per session: every test that does not
     * depend on a session being a process of its own. */
    TCase *th = tl_tcase("threads");
    tcase_add_checked_fixture(th, threads_on, NULL);
    tcase_add_test(th, serves_and_names_the_peer);
    tcase_add_test(th, serves_two_at_once);
    tcase_add_test(th, serves_many_at_once);
    tcase_add_test(th, limit_refuses_with_busy_reply);
    tcase_add_test(th, reconnect_after_the_end_is_served);
    tcase_add_test(th, limit_without_busy_reply_just_closes);
    tcase_add_test(th, sigterm_stops_sessions);
    tcase_add_test(th, sigint_stops_sessions);
    tcase_add_test(th, stuck_session_is_killed_after_grace);
    tcase_add_test(th, sessions_share_the_server_process);
    tcase_add_test(th, tick_runs_in_the_parent);
    suite_add_tcase(s, th);
    return s;
}

int main(void)
{
    atexit(stop_live_server);
    return tl_run_suite(server_suite());
}
