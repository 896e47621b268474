/*
 * test-manyd.c -- integration tests of chapter 3's stage program, manyd.
 *
 * manyd runs on loopback with port 0; the tests talk to it as clients
 * would: fifty at once, over the connection limit, idle, and while it is
 * told to shut down.  Every wait is bounded (testlib), nothing sleeps for
 * a fixed time; where a test waits for something to *happen* (a slot to
 * come free, a child to be reaped) it polls with a bound.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

#define MANYD "chapters/03-serving-many/manyd"
#define GREETING "220 minimail lines server ready"
#define BUSY "421 Too many connections, try again later"
#define SHUTDOWN "421 Server shutting down"
#define IDLE "421 Idle timeout, closing connection"

/* The server of the running test, and the test process that started it.
 * A failed assertion ends the test process with exit(); this atexit
 * handler then stops the server, which would otherwise run forever. */
static struct tl_proc *live;
static pid_t live_owner;

static void stop_live_server(void)
{
    if (live != NULL && live_owner == getpid())
        tl_cleanup(live);
}

/* The normal end of a test: stop the server, forget it. */
static void finish(struct tl_proc *p)
{
    tl_cleanup(p);
    live = NULL;
}

/* 1 in the tcase "threads": every server starts with --threads. */
static int use_threads;

static void threads_on(void)
{
    use_threads = 1;
}

/* Start manyd --listen 127.0.0.1:0 [--threads] with up to four extra
 * arguments (a NULL ends them). */
static void start(struct tl_proc *p, const char *a1, const char *a2,
                  const char *a3, const char *a4)
{
    char *argv[9] = { (char *)tl_build_path(MANYD), "--listen", "127.0.0.1:0" };
    int n = 3;

    if (use_threads)
        argv[n++] = "--threads";
    argv[n++] = (char *)a1;             /* the first NULL ends the list */
    argv[n++] = (char *)a2;
    argv[n++] = (char *)a3;
    argv[n++] = (char *)a4;
    argv[n] = NULL;

    ck_assert_msg(tl_spawn_server(p, argv) == 0, "manyd did not start");
    live = p;
    live_owner = getpid();
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

/* A short nap inside a bounded poll (growing from 1 ms to 50 ms). */
static void nap(int *ms)
{
    struct timespec ts = { 0, *ms * 1000000L };

    nanosleep(&ts, NULL);
    if (*ms < 50)
        *ms *= 2;
}

/* The session pids from the "connect from ... (pid N," log lines. */
static int session_pids(const struct tl_proc *p, long *pids, int max)
{
    char *log = tl_stderr(p), *at = log;
    int n = 0;

    while (n < max && at != NULL && (at = strstr(at, "connect from ")) != NULL) {
        char *pid = strstr(at, "(pid ");
        if (pid == NULL)
            break;
        pids[n++] = strtol(pid + 5, NULL, 10);
        at = pid;
    }
    free(log);
    return n;
}

/* Has process @p pid gone entirely?  A zombie still answers kill(pid, 0);
 * only its parent's waitpid() removes it. */
static int gone(long pid)
{
    return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

static int wait_gone(long pid)
{
    int waited = 0, ms = 1;

    while (!gone(pid)) {
        if (waited >= tl_timeout_ms())
            return 0;
        waited += ms;
        nap(&ms);
    }
    return 1;
}

static void expect_clean_exit(struct tl_proc *p, int sig)
{
    int status = tl_stop(p, sig);

    ck_assert_msg(status != -1, "manyd did not exit in time");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "manyd exit status %#x", status);
}

/* ---- the tests ------------------------------------------------------- */

/* Fifty clients, all connected at the same time, each with its own
 * conversation: every one gets exactly its own answer. */
START_TEST(fifty_concurrent_clients)
{
    enum { N = 50 };
    struct tl_proc p;
    int fd[N];
    char line[128], want[128];

    start(&p, "--max-sessions", "60", NULL, NULL);
    for (int i = 0; i < N; i++)
        fd[i] = open_session(&p);
    /* All fifty are open now; every ECHO goes out before any answer is read. */
    for (int i = 0; i < N; i++) {
        snprintf(line, sizeof line, "ECHO token-%d-%ld\r\n", i, (long)getpid());
        ck_assert_int_eq(tl_send(fd[i], line), 0);
    }
    for (int i = N - 1; i >= 0; i--) {
        snprintf(want, sizeof want, "250 token-%d-%ld", i, (long)getpid());
        ck_assert(tl_expect_line(fd[i], want));
    }
    for (int i = 0; i < N; i++)
        quit_session(fd[i]);
    ck_assert(tl_wait_stderr(&p, "connect from", N));
    ck_assert_int_eq(tl_stderr_count(&p, "refused"), 0);
    expect_clean_exit(&p, SIGTERM);
    /* Every session process ended well (a crash would say "signal"). */
    ck_assert_int_eq(tl_stderr_count(&p, "exit 0,"), N);
    finish(&p);
}
END_TEST

/* Try to get served until a slot is free: refused connections are closed
 * at once, so each try is quick; the number of tries is the bound. */
static int connect_when_free(const struct tl_proc *p)
{
    char line[128];

    for (int tries = 0; tries < 1000; tries++) {
        int fd = tl_connect(p->host, p->port);

        ck_assert_int_ge(fd, 0);
        ck_assert_int_gt(tl_read_line(fd, line, sizeof line), 0);
        if (strcmp(line, GREETING "\r\n") == 0)
            return fd;
        ck_assert_str_eq(line, BUSY "\r\n");
        tl_close(fd);
    }
    return -1;
}

START_TEST(third_connection_is_refused)
{
    struct tl_proc p;
    int a, b, c;

    start(&p, "--max-sessions", "2", NULL, NULL);
    a = open_session(&p);
    b = open_session(&p);
    c = tl_connect(p.host, p.port);
    ck_assert_int_ge(c, 0);
    ck_assert(tl_expect_line(c, BUSY));
    ck_assert(tl_expect_eof(c));
    tl_close(c);
    /* The two sessions are unharmed. */
    ck_assert_int_eq(tl_send(b, "ECHO b\r\n"), 0);
    ck_assert(tl_expect_line(b, "250 b"));
    /* One leaves; its slot comes free once the server has reaped it. */
    quit_session(a);
    c = connect_when_free(&p);
    ck_assert_msg(c >= 0, "no slot came free after a session ended");
    ck_assert_int_eq(tl_send(c, "ECHO c\r\n"), 0);
    ck_assert(tl_expect_line(c, "250 c"));
    quit_session(c);
    quit_session(b);
    ck_assert_int_ge(tl_stderr_count(&p, "refused"), 1);
    expect_clean_exit(&p, SIGTERM);
    finish(&p);
}
END_TEST

/* An idle session times out; a busy one next to it is not disturbed. */
START_TEST(idle_session_times_out_alone)
{
    struct tl_proc p;
    struct pollfd pfd;
    int idle, busy, rounds = 0;

    start(&p, "--timeout", "1", NULL, NULL);
    idle = open_session(&p);
    busy = open_session(&p);
    /* Keep "busy" talking until "idle" hears something (bounded). */
    pfd.fd = idle;
    pfd.events = POLLIN;
    for (;;) {
        ck_assert_int_eq(tl_send(busy, "NOOP\r\n"), 0);
        ck_assert(tl_expect_line(busy, "250 OK"));
        if (poll(&pfd, 1, 200) == 1)
            break;
        ck_assert_msg(++rounds < 5 * tl_timeout_ms() / 200,
                      "the idle session never timed out");
    }
    ck_assert(tl_expect_line(idle, IDLE));
    ck_assert(tl_expect_eof(idle));
    tl_close(idle);
    ck_assert_int_eq(tl_send(busy, "ECHO still here\r\n"), 0);
    ck_assert(tl_expect_line(busy, "250 still here"));
    quit_session(busy);
    expect_clean_exit(&p, SIGTERM);
    finish(&p);
}
END_TEST

/* A client that sends and never reads: once the socket buffers are full,
 * the session's write blocks; after --timeout seconds without progress
 * it fails (SO_SNDTIMEO, src/server.c), the session ends and its slot
 * is free again.  A small receive buffer on our side makes the buffers
 * fill after a few hundred kilobytes. */
START_TEST(client_that_never_reads_is_cut_off)
{
    struct tl_proc p;
    size_t sent = 0;
    enum tl_flood_result r;
    int fd;

    start(&p, "--timeout", "1", "--max-sessions", "1");
    fd = tl_connect_rcvbuf(p.host, p.port, 4096);
    ck_assert_int_ge(fd, 0);
    /* HELP, again and again, never a read: six octets in, a dozen reply
     * lines out, so the server's writes block at once and fail after its
     * send timeout (--timeout).  The session must end then -- not read on,
     * answering into the void; the server never runs out of input here
     * (each command costs it more than it costs us), so it cannot trip
     * over an empty input buffer and end by luck. */
    r = tl_flood(fd, "HELP\r\n", 64 * 1024 * 1024, &sent);
    ck_assert_msg(r == TL_FLOOD_CUT_OFF, "the server %s (%zu bytes sent)",
                  r == TL_FLOOD_STUCK ? "stopped reading but never closed"
                                      : "read forever without writing", sent);
    /* The session gave up on its write and ended: the server says so. */
    ck_assert_msg(tl_wait_stderr(&p, "exit 1", 1), "the blocked session did not end");
    tl_close(fd);
    /* Its slot is free: a new session is served (--max-sessions 1). */
    int c = connect_when_free(&p);
    quit_session(c);
    expect_clean_exit(&p, SIGTERM);
    finish(&p);
}
END_TEST

/* SIGTERM or SIGINT with sessions open: each hears 421, the server exits
 * 0, and no session process is left behind. */
static void shutdown_on(int sig)
{
    enum { N = 3 };
    struct tl_proc p;
    int fd[N];
    long pids[N] = { 0 };

    start(&p, NULL, NULL, NULL, NULL);
    for (int i = 0; i < N; i++)
        fd[i] = open_session(&p);
    ck_assert_int_eq(tl_send(fd[1], "ECHO mid-conversation\r\n"), 0);
    ck_assert(tl_expect_line(fd[1], "250 mid-conversation"));
    ck_assert(tl_wait_stderr(&p, "connect from", N));
    /* Processes to outlive the server exist only without --threads. */
    ck_assert_int_eq(session_pids(&p, pids, N), use_threads ? 0 : N);

    expect_clean_exit(&p, sig);
    for (int i = 0; i < N; i++) {
        ck_assert(tl_expect_line(fd[i], SHUTDOWN));
        ck_assert(tl_expect_eof(fd[i]));
        tl_close(fd[i]);
        /* The server waited for its children before it exited. */
        ck_assert_msg(use_threads || gone(pids[i]), "session %ld outlived the server",
                      pids[i]);
    }
    ck_assert_int_eq(tl_stderr_count(&p, "exit 0,"), N);
    finish(&p);
}

START_TEST(sigterm_ends_every_session)
{
    shutdown_on(SIGTERM);
}
END_TEST

START_TEST(sigint_ends_every_session)
{
    shutdown_on(SIGINT);
}
END_TEST

/* Ended sessions are reaped, not left as zombies. */
START_TEST(ended_sessions_leave_no_zombies)
{
    enum { N = 3 };
    struct tl_proc p;
    int fd[N];
    long pids[N] = { 0 };

    start(&p, NULL, NULL, NULL, NULL);
    for (int i = 0; i < N; i++)
        fd[i] = open_session(&p);
    ck_assert(tl_wait_stderr(&p, "connect from", N));
    ck_assert_int_eq(session_pids(&p, pids, N), N);
    quit_session(fd[0]);
    tl_close(fd[1]);                    /* a client that just goes away */
    quit_session(fd[2]);
    for (int i = 0; i < N; i++)
        ck_assert_msg(wait_gone(pids[i]), "session %ld was not reaped", pids[i]);
    ck_assert(tl_wait_stderr(&p, "end ", N));
    expect_clean_exit(&p, SIGTERM);
    finish(&p);
}
END_TEST

/* A client that vanishes mid-line with a TCP reset harms nobody else. */
START_TEST(abrupt_disconnect_disturbs_nobody)
{
    struct tl_proc p;
    struct linger lg = { 1, 0 };        /* close() sends RST, not FIN */
    int a, rude, c;

    start(&p, NULL, NULL, NULL, NULL);
    a = open_session(&p);
    rude = open_session(&p);
    ck_assert_int_eq(tl_send(rude, "ECHO half a li"), 0);
    ck_assert_int_eq(setsockopt(rude, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    tl_close(rude);
    ck_assert_int_eq(tl_send(a, "ECHO fine\r\n"), 0);
    ck_assert(tl_expect_line(a, "250 fine"));
    c = open_session(&p);
    quit_session(c);
    quit_session(a);
    ck_assert(tl_wait_stderr(&p, "end ", 3));
    expect_clean_exit(&p, SIGTERM);
    finish(&p);
}
END_TEST

START_TEST(stdio_serves_one_session)
{
    char *argv[] = { (char *)tl_build_path(MANYD), "--stdio", NULL };
    struct tl_proc p;
    int status;

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert(tl_expect_line(p.stdout_fd, GREETING));
    ck_assert_int_eq(tl_send(p.stdin_fd, "ECHO over pipes\r\nQUIT\r\n"), 0);
    ck_assert(tl_expect_line(p.stdout_fd, "250 over pipes"));
    ck_assert(tl_expect_line(p.stdout_fd, "221 Bye"));
    status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == EX_OK);
    finish(&p);
}
END_TEST

/* Run manyd with @p arg and return its exit status. */
static int run_with(const char *arg, const char *arg2)
{
    char *argv[] = { (char *)tl_build_path(MANYD), (char *)arg, (char *)arg2, NULL };
    struct tl_proc p;
    int status;

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    status = tl_stop(&p, 0);
    finish(&p);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(options_and_exit_codes)
{
    ck_assert_int_eq(run_with("--help", NULL), EX_OK);
    ck_assert_int_eq(run_with("--version", NULL), EX_OK);
    ck_assert_int_eq(run_with("--bogus", NULL), EX_USAGE);
    ck_assert_int_eq(run_with("--max-sessions", "0"), EX_USAGE);
    ck_assert_int_eq(run_with("--timeout", "soon"), EX_USAGE);
    ck_assert_int_eq(run_with("--listen", "no-port"), EX_USAGE);
    ck_assert_int_eq(run_with("--listen", "192.0.2.1:0"), EX_UNAVAILABLE);
}
END_TEST

static Suite *manyd_suite(void)
{
    Suite *s = suite_create("manyd");
    TCase *tc = tl_tcase("manyd");

    tcase_add_test(tc, fifty_concurrent_clients);
    tcase_add_test(tc, third_connection_is_refused);
    tcase_add_test(tc, idle_session_times_out_alone);
    tcase_add_test(tc, client_that_never_reads_is_cut_off);
    tcase_add_test(tc, sigterm_ends_every_session);
    tcase_add_test(tc, sigint_ends_every_session);
    tcase_add_test(tc, ended_sessions_leave_no_zombies);
    tcase_add_test(tc, abrupt_disconnect_disturbs_nobody);
    tcase_add_test(tc, stdio_serves_one_session);
    tcase_add_test(tc, options_and_exit_codes);
    suite_add_tcase(s, tc);

    /* The same server with --threads (server_threads.c). */
    TCase *th = tl_tcase("threads");
    tcase_add_checked_fixture(th, threads_on, NULL);
    tcase_add_test(th, fifty_concurrent_clients);
    tcase_add_test(th, third_connection_is_refused);
    tcase_add_test(th, idle_session_times_out_alone);
    tcase_add_test(th, client_that_never_reads_is_cut_off);
    tcase_add_test(th, sigterm_ends_every_session);
    tcase_add_test(th, sigint_ends_every_session);
    tcase_add_test(th, abrupt_disconnect_disturbs_nobody);
    suite_add_tcase(s, th);
    return s;
}

int main(void)
{
    atexit(stop_live_server);
    return tl_run_suite(manyd_suite());
}
