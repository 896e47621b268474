/*
 * test-io.c -- unit tests of src/io.c (chapter 1, sockets).
 *
 * Short writes and EINTR only happen under pressure, so the tests create
 * it: a socket pair with a tiny send buffer, a slow reader in a child
 * process, and an interval timer whose signal (installed without
 * SA_RESTART) interrupts the blocked system calls again and again.
 */
#include "testlib.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------- */

static volatile sig_atomic_t alarms;   /* how often the timer fired */
static int alarm_write_fd = -1;        /* if >= 0, the handler writes "x" here */
static int alarm_drain_fd = -1;        /* if >= 0, the handler empties it */

static void on_alarm(int sig)
{
    int saved = errno;                 /* a handler must not change errno */
    char buf[4096];

    (void)sig;
    alarms++;
    while (alarm_drain_fd >= 0 && read(alarm_drain_fd, buf, sizeof buf) > 0)
        ;
    if (alarm_write_fd >= 0) {
        /* write() is async-signal-safe (POSIX 2.4.3). */
        ssize_t n = write(alarm_write_fd, "x", 1);
        (void)n;
        alarm_write_fd = -1;
    }
    errno = saved;
}

/* Install on_alarm without SA_RESTART and fire it after first_us, then
 * every interval_us (0: once). */
static void start_alarm(long first_us, long interval_us)
{
    struct sigaction sa;
    struct itimerval it;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = first_us / 1000000;
    it.it_value.tv_usec = first_us % 1000000;
    it.it_interval.tv_sec = interval_us / 1000000;
    it.it_interval.tv_usec = interval_us % 1000000;
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
}

static void stop_alarm(void)
{
    struct itimerval it;

    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a, to compare 4 MiB without sending it back. */
static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
    while (n-- > 0)
        h = (h ^ *p++) * 16777619u;
    return h;
}

/* Read exactly len bytes from fd, each wait bounded. */
static void read_exactly(int fd, void *buf, size_t len)
{
    char *p = buf;

    while (len > 0) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;

        ck_assert_msg(poll(&pfd, 1, tl_timeout_ms()) == 1, "timed out reading");
        n = read(fd, p, len);
        ck_assert_int_gt(n, 0);
        p += n;
        len -= (size_t)n;
    }
}

/* ---- io_write_all ----------------------------------------------------- */

START_TEST(write_all_large_buffer)
{
    enum { SIZE = 4 * 1024 * 1024 };
    unsigned char *data = malloc(SIZE);
    int sv[2], res[2], small = 4096, status;
    uint32_t sums[2];
    pid_t pid;

    ck_assert(data != NULL);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 7 + i / 251);     /* no short period */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(pipe(res), 0);
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* The slow reader: small reads, then report count and checksum. */
        unsigned char buf[1000];
        uint32_t h = 2166136261u, count = 0;
        ssize_t n;

        close(sv[0]);
        while ((n = read(sv[1], buf, sizeof buf)) > 0) {
            h = fnv1a(h, buf, (size_t)n);
            count += (uint32_t)n;
        }
        sums[0] = count;
        sums[1] = h;
        _exit(write(res[1], sums, sizeof sums) == (ssize_t)sizeof sums ? 0 : 1);
    }
    close(sv[1]);
    close(res[1]);

    /* Interrupt the blocked write every millisecond: each interruption
     * after some progress is a short write, before any is EINTR. */
    alarms = 0;
    start_alarm(1000, 1000);
    ck_assert_int_eq(io_write_all(sv[0], data, SIZE), 0);
    stop_alarm();
    shutdown(sv[0], SHUT_WR);

    read_exactly(res[0], sums, sizeof sums);
    ck_assert_uint_eq(sums[0], SIZE);
    ck_assert_uint_eq(sums[1], fnv1a(2166136261u, data, SIZE));
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_msg(alarms > 0, "the write was never interrupted; test proved little");
    close(sv[0]);
    close(res[0]);
    free(data);
}
END_TEST

/* The send buffer is full and nobody reads: write() blocks before writing
 * anything, and the signal makes it fail with EINTR.  The handler empties
 * the other end, so io_write_all()'s retry succeeds. */
START_TEST(write_all_retries_eintr)
{
    char fill[4096], msg[1000], got[1000];
    int sv[2], fl;

    memset(fill, 'f', sizeof fill);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)('a' + i % 26);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fl = fcntl(sv[0], F_GETFL);
    fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
    while (write(sv[0], fill, sizeof fill) > 0)
        ;                                       /* fill it up */
    ck_assert_int_eq(errno, EAGAIN);
    fcntl(sv[0], F_SETFL, fl);
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);

    alarms = 0;
    alarm_drain_fd = sv[1];
    start_alarm(50 * 1000, 0);
    ck_assert_int_eq(io_write_all(sv[0], msg, sizeof msg), 0);
    alarm_drain_fd = -1;
    ck_assert_int_eq(alarms, 1);
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) & ~O_NONBLOCK);
    read_exactly(sv[1], got, sizeof got);
    ck_assert(memcmp(got, msg, sizeof msg) == 0);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(write_all_epipe)
{
    int sv[2];

    signal(SIGPIPE, SIG_IGN);           /* as every minimail server does */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    ck_assert_int_eq(io_write_all(sv[0], "x", 1), -1);
    ck_assert_int_eq(errno, EPIPE);
    close(sv[0]);
}
END_TEST

START_TEST(write_all_nothing)
{
    ck_assert_int_eq(io_write_all(STDOUT_FILENO, "", 0), 0);
}
END_TEST

/* ---- io_read ---------------------------------------------------------- */

START_TEST(read_retries_eintr)
{
    int sv[2];
    char c = 0;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    /* The signal interrupts the blocked read (EINTR); its handler also
     * supplies the byte, so the retry inside io_read() finds it. */
    alarms = 0;
    alarm_write_fd = sv[1];
    start_alarm(50 * 1000, 0);
    ck_assert_int_eq(io_read(sv[0], &c, 1), 1);
    ck_assert_int_eq(c, 'x');
    ck_assert_int_eq(alarms, 1);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(read_eof)
{
    int sv[2];
    char buf[8];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(write(sv[1], "ab", 2), 2);
    shutdown(sv[1], SHUT_WR);
    ck_assert_int_eq(io_read(sv[0], buf, sizeof buf), 2);
    ck_assert_int_eq(io_read(sv[0], buf, sizeof buf), 0);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

/* ---- io_wait_readable ------------------------------------------------- */

START_TEST(wait_timeout_and_ready)
{
    int sv[2];
    long long t0;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    t0 = now_ms();
    ck_assert_int_eq(io_wait_readable(sv[0], 100), 0);
    ck_assert_int_ge(now_ms() - t0, 90);
    ck_assert_int_lt(now_ms() - t0, 3000);

    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    ck_assert_int_eq(io_wait_readable(sv[0], tl_timeout_ms()), 1);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(wait_eof_is_readable)
{
    int sv[2];
    char c;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    ck_assert_int_eq(io_wait_readable(sv[0], tl_timeout_ms()), 1);
    ck_assert_int_eq(io_read(sv[0], &c, 1), 0);
    close(sv[0]);
}
END_TEST

START_TEST(wait_returns_eintr)
{
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    alarm_write_fd = -1;
    start_alarm(50 * 1000, 0);
    ck_assert_int_eq(io_wait_readable(sv[0], tl_timeout_ms()), -1);
    ck_assert_int_eq(errno, EINTR);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(wait_bad_fd)
{
    int fd = dup(STDERR_FILENO);

    close(fd);                          /* a number that is no descriptor */
    ck_assert_int_eq(io_wait_readable(fd, 100), -1);
    ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* ---- io_copy ---------------------------------------------------------- */

START_TEST(copy_until_eof)
{
    int in[2], sv[2];
    char buf[64];
    const char msg[] = "bytes\0with a NUL, and more";

    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(write(in[1], msg, sizeof msg), (ssize_t)sizeof msg);
    close(in[1]);
    ck_assert_int_eq(io_copy(in[0], sv[0]), (long long)sizeof msg);
    read_exactly(sv[1], buf, sizeof msg);
    ck_assert(memcmp(buf, msg, sizeof msg) == 0);
    close(in[0]);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(copy_write_error)
{
    int in[2], sv[2];

    signal(SIGPIPE, SIG_IGN);
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    ck_assert_int_eq(write(in[1], "abc", 3), 3);
    close(in[1]);
    ck_assert_int_eq(io_copy(in[0], sv[0]), -1);
    ck_assert_int_eq(errno, EPIPE);
    close(in[0]);
    close(sv[0]);
}
END_TEST

static Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tl_tcase("write");

    tcase_add_test(tc, write_all_large_buffer);
    tcase_add_test(tc, write_all_retries_eintr);
    tcase_add_test(tc, write_all_epipe);
    tcase_add_test(tc, write_all_nothing);
    suite_add_tcase(s, tc);

    tc = tl_tcase("read");
    tcase_add_test(tc, read_retries_eintr);
    tcase_add_test(tc, read_eof);
    tcase_add_test(tc, wait_timeout_and_ready);
    tcase_add_test(tc, wait_eof_is_readable);
    tcase_add_test(tc, wait_returns_eintr);
    tcase_add_test(tc, wait_bad_fd);
    suite_add_tcase(s, tc);

    tc = tl_tcase("copy");
    tcase_add_test(tc, copy_until_eof);
    tcase_add_test(tc, copy_write_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(io_suite());
}
