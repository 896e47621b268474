/*
 * tests.c -- tests of exercise "write-all" (ex_write_all).
 *
 * A short write needs pressure: the socket pair below has a tiny send
 * buffer, a child process reads slowly on the other end, and an interval
 * timer interrupts the writer every millisecond with a signal whose
 * handler is installed WITHOUT SA_RESTART -- so write() keeps returning
 * early (a short count) or failing with EINTR.  A naive single write()
 * delivers only a fraction of the data.
 */
#include "exercise.h"
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_tick(int sig)
{
    (void)sig;
    ticks++;
}

/* Interrupt this process every millisecond (0: stop). */
static void ticking(int on)
{
    struct sigaction sa;
    struct itimerval it;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_tick;        /* no SA_RESTART: EINTR and short writes */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = on ? 1000 : 0;
    it.it_interval.tv_usec = on ? 1000 : 0;
    setitimer(ITIMER_REAL, &it, NULL);
}

/* A checksum (FNV-1a) of what was sent and what arrived. */
static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
    while (n-- > 0)
        h = (h ^ *p++) * 16777619u;
    return h;
}

/*
 * Send len bytes with ex_write_all() to a slow reader in a child process;
 * check that all of them arrived, in order.
 */
static void send_and_check(size_t len)
{
    unsigned char *data = malloc(len + 1);
    uint32_t report[2] = { 0, 0 };
    int sv[2], res[2], small = 4096, status;
    pid_t pid;

    ck_assert(data != NULL);
    for (size_t i = 0; i < len; i++)
        data[i] = (unsigned char)(i ^ (i >> 8) ^ (i >> 16));
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(pipe(res), 0);
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        unsigned char buf[512];
        uint32_t h = 2166136261u, count = 0;
        ssize_t n;

        close(sv[0]);
        while ((n = read(sv[1], buf, sizeof buf)) > 0) {
            h = fnv1a(h, buf, (size_t)n);
            count += (uint32_t)n;
        }
        report[0] = count;
        report[1] = h;
        _exit(write(res[1], report, sizeof report) == (ssize_t)sizeof report ? 0 : 1);
    }
    close(sv[1]);
    close(res[1]);

    ticks = 0;
    ticking(1);
    int rc = ex_write_all(sv[0], data, len);
    ticking(0);
    close(sv[0]);                   /* EOF for the reader */

    struct pollfd pfd = { .fd = res[0], .events = POLLIN };
    ck_assert_msg(poll(&pfd, 1, tl_timeout_ms()) == 1, "the reader did not finish");
    ck_assert_int_eq(read(res[0], report, sizeof report), (ssize_t)sizeof report);
    waitpid(pid, &status, 0);
    close(res[0]);

    ck_assert_msg(rc == 0, "ex_write_all returned %d, want 0", rc);
    ck_assert_msg(report[0] == len, "the reader got %u bytes of %zu", (unsigned)report[0], len);
    ck_assert_msg(report[1] == fnv1a(2166136261u, data, len), "the bytes arrived changed");
    free(data);
}

START_TEST(small_buffer)
{
    send_and_check(100);
}
END_TEST

START_TEST(large_buffer_short_writes)
{
    send_and_check(4 * 1024 * 1024);
    ck_assert_msg(ticks > 0, "(the test never interrupted a write)");
}
END_TEST

/* For eintr_then_retry: the descriptor the signal handler drains. */
static int drain_fd = -1;

static void on_alarm_drain(int sig)
{
    char buf[4096];
    int saved = errno;              /* a handler must not change errno */

    (void)sig;
    ticks++;
    while (read(drain_fd, buf, sizeof buf) > 0)
        ;
    errno = saved;
}

/*
 * EINTR: the send buffer is full and nobody reads, so write() blocks
 * before writing anything.  The timer's signal then makes it fail with
 * EINTR; the handler empties the other end, so a retry succeeds.  A loop
 * that treats EINTR as an error returns -1 here.
 */
START_TEST(eintr_then_retry)
{
    char fill[4096], msg[1000], got[1000];
    struct sigaction sa;
    struct itimerval it;
    int sv[2], fl;
    size_t have = 0;

    memset(fill, 'f', sizeof fill);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)('a' + i % 26);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    /* Fill the pipe: non-blocking writes until the kernel says "full". */
    fl = fcntl(sv[0], F_GETFL);
    fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
    while (write(sv[0], fill, sizeof fill) > 0)
        ;
    ck_assert_int_eq(errno, EAGAIN);
    fcntl(sv[0], F_SETFL, fl);                      /* blocking again */
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
    drain_fd = sv[1];

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm_drain;                 /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50 * 1000;                /* once, in 50 ms */
    ticks = 0;
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);

    ck_assert_int_eq(ex_write_all(sv[0], msg, sizeof msg), 0);
    ck_assert_int_eq(ticks, 1);
    /* The filler is gone; the message must be there, whole. */
    while (have < sizeof got) {
        struct pollfd pfd = { .fd = sv[1], .events = POLLIN };
        ck_assert_msg(poll(&pfd, 1, tl_timeout_ms()) == 1, "message incomplete");
        ssize_t n = read(sv[1], got + have, sizeof got - have);
        ck_assert_int_gt(n, 0);
        have += (size_t)n;
    }
    ck_assert(memcmp(got, msg, sizeof msg) == 0);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(zero_bytes)
{
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(ex_write_all(sv[0], "", 0), 0);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

START_TEST(reader_gone_is_epipe)
{
    int sv[2];

    signal(SIGPIPE, SIG_IGN);       /* as servers do: EPIPE, not death */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(ex_write_all(sv[0], "ok", 2), 0);      /* works first ... */
    close(sv[1]);
    errno = 0;
    ck_assert_int_eq(ex_write_all(sv[0], "gone", 4), -1);   /* ... then fails */
    ck_assert_int_eq(errno, EPIPE);
    close(sv[0]);
}
END_TEST

static Suite *write_all_suite(void)
{
    Suite *s = suite_create("write-all");
    TCase *tc = tl_tcase("write");

    tcase_add_test(tc, small_buffer);
    tcase_add_test(tc, large_buffer_short_writes);
    tcase_add_test(tc, eintr_then_retry);
    tcase_add_test(tc, zero_bytes);
    tcase_add_test(tc, reader_gone_is_epipe);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(write_all_suite());
}
