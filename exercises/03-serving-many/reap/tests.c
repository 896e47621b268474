/*
 * tests.c -- exercise "reap" (chapter serving-many).
 *
 * Each test forks a few children of its own, makes sure (without reaping
 * them) that they have really ended -- waitid() with WNOWAIT waits for a
 * child to become a zombie and leaves it one -- and then asks ex_reap()
 * to collect them.  Children that must stay alive block in pause() and
 * are killed at the end of the test; before any assertion, the test reaps
 * whatever ex_reap() left, so even a failing test leaves no zombie.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exercise.h"
#include "testlib.h"

/* A child that exits at once with @p code (or, with code < 0, is killed by
 * SIGKILL).  Returns when it is a zombie, waiting to be reaped. */
static pid_t ended_child(int code)
{
    siginfo_t info;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (code < 0)
            raise(SIGKILL);
        _exit(code);
    }
    while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0)
        ck_assert_int_eq(errno, EINTR);
    return pid;
}

/* A child that waits until it is killed. */
static pid_t running_child(void)
{
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

/* Kill and reap a running child (clean-up, whatever ex_reap did). */
static void finish(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Reap every child the function under test left behind. */
static void reap_rest(void)
{
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

/* A zombie still answers kill(pid, 0); a reaped child does not. */
static int reaped(pid_t pid)
{
    return kill(pid, 0) < 0 && errno == ESRCH;
}

START_TEST(no_children_is_zero)
{
    int failed = 7;

    ck_assert_int_eq(ex_reap(&failed), 0);
    ck_assert_int_eq(failed, 0);
}
END_TEST

START_TEST(reaps_all_ended_children)
{
    pid_t a = ended_child(0), b = ended_child(0), c = ended_child(0);
    int failed = 7;
    int n = ex_reap(&failed);
    int all_gone = reaped(a) && reaped(b) && reaped(c);

    reap_rest();
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(failed, 0);
    ck_assert(all_gone);
}
END_TEST

START_TEST(does_not_block_on_running_children)
{
    pid_t alive = running_child();
    pid_t done = ended_child(0);
    int n = ex_reap(NULL);          /* must return although "alive" runs */
    int done_reaped = reaped(done), alive_reaped = reaped(alive);

    finish(alive);
    reap_rest();
    ck_assert_int_eq(n, 1);
    ck_assert(done_reaped);
    ck_assert(!alive_reaped);
}
END_TEST

START_TEST(counts_failures)
{
    int failed = -1, n;

    ended_child(0);
    ended_child(3);                 /* exit status 3 */
    ended_child(-1);                /* killed by a signal */
    n = ex_reap(&failed);
    reap_rest();
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(failed, 2);
}
END_TEST

START_TEST(second_call_finds_nothing)
{
    pid_t alive = running_child();
    int failed = 7, first, second;

    ended_child(0);
    ended_child(1);
    first = ex_reap(NULL);
    second = ex_reap(&failed);
    finish(alive);
    reap_rest();
    ck_assert_int_eq(first, 2);
    ck_assert_int_eq(second, 0);
    ck_assert_int_eq(failed, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reap");
    TCase *tc = tl_tcase("reap");

    tcase_add_test(tc, no_children_is_zero);
    tcase_add_test(tc, reaps_all_ended_children);
    tcase_add_test(tc, does_not_block_on_running_children);
    tcase_add_test(tc, counts_failures);
    tcase_add_test(tc, second_call_finds_nothing);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
