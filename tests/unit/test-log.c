/*
 * test-log.c -- unit tests of src/log.c (chapter 1, sockets).
 *
 * Standard error is redirected into a pipe while log_msg() runs, and the
 * line that arrives is compared with "prog[pid]: message\n".
 */
#include "testlib.h"
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Run log_msg("%s", msg) with stderr on a pipe; return what it wrote. */
static void capture(const char *msg, char *out, size_t outsz)
{
    int pfd[2], saved;
    ssize_t n;

    ck_assert_int_eq(pipe(pfd), 0);
    saved = dup(STDERR_FILENO);
    dup2(pfd[1], STDERR_FILENO);
    log_msg("%s", msg);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(pfd[1]);
    n = read(pfd[0], out, outsz - 1);   /* one write(2): one read suffices */
    ck_assert_int_gt(n, 0);
    out[n] = '\0';
    close(pfd[0]);
}

START_TEST(prefix_and_newline)
{
    char got[600], expect[128];

    log_init("/usr/local/bin/echod");       /* the basename is kept */
    capture("connection from 127.0.0.1:4242", got, sizeof got);
    snprintf(expect, sizeof expect, "echod[%ld]: connection from 127.0.0.1:4242\n",
             (long)getpid());
    ck_assert_str_eq(got, expect);
}
END_TEST

START_TEST(keeps_errno)
{
    char got[600];

    log_init("t");
    errno = ECONNRESET;
    capture("x", got, sizeof got);
    ck_assert_int_eq(errno, ECONNRESET);
}
END_TEST

START_TEST(long_message_cut)
{
    char msg[2000], got[2100];
    size_t len;

    memset(msg, 'a', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    log_init("t");
    capture(msg, got, sizeof got);
    len = strlen(got);
    ck_assert_uint_lt(len, 600);            /* cut ... */
    ck_assert_int_eq(got[len - 1], '\n');   /* ... but still one whole line */
    ck_assert_ptr_eq(strchr(got, '\n'), got + len - 1);
}
END_TEST

/* A thread's line, captured as capture() does: stderr is shared by every
 * thread, so the main thread waits for it (pthread_join) in between. */
struct thread_line {
    char got[600];
};

static void *log_from_thread(void *arg)
{
    struct thread_line *t = arg;
    capture("from a thread", t->got, sizeof t->got);
    return NULL;
}

START_TEST(thread_number_in_prefix)
{
    struct thread_line a, b;
    pthread_t th;
    char got[600], expect[128];
    long ta, tb;
    char rest[600];

    log_init("manyd");
    /* The main thread: the plain prefix. */
    capture("main", got, sizeof got);
    snprintf(expect, sizeof expect, "manyd[%ld]: main\n", (long)getpid());
    ck_assert_str_eq(got, expect);
    /* Two other threads: the same pid, and each a number of its own. */
    ck_assert_int_eq(pthread_create(&th, NULL, log_from_thread, &a), 0);
    pthread_join(th, NULL);
    ck_assert_int_eq(pthread_create(&th, NULL, log_from_thread, &b), 0);
    pthread_join(th, NULL);
    snprintf(expect, sizeof expect, "manyd[%ld/%%ld]: %%[^\n]", (long)getpid());
    ck_assert_msg(sscanf(a.got, expect, &ta, rest) == 2, "%s", a.got);
    ck_assert_str_eq(rest, "from a thread");
    ck_assert_msg(sscanf(b.got, expect, &tb, rest) == 2, "%s", b.got);
    ck_assert_int_gt(ta, 0);
    ck_assert_int_ne(ta, tb);
}
END_TEST

START_TEST(strerror_in_own_buffer)
{
    char buf[LOG_ERRLEN], tiny[8];

    ck_assert_ptr_eq(log_strerror(ENOENT, buf, sizeof buf), buf);
    ck_assert_str_eq(buf, strerror(ENOENT));
    /* An unknown number still gives a text; a short buffer is not overrun. */
    ck_assert_uint_gt(strlen(log_strerror(123456, buf, sizeof buf)), 0);
    log_strerror(ENOENT, tiny, sizeof tiny);
    ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

static Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tl_tcase("log");

    tcase_add_test(tc, prefix_and_newline);
    tcase_add_test(tc, keeps_errno);
    tcase_add_test(tc, long_message_cut);
    tcase_add_test(tc, thread_number_in_prefix);
    tcase_add_test(tc, strerror_in_own_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(log_suite());
}
