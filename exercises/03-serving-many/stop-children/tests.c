/*
 * tests.c -- exercise "stop-children" (chapter serving-many).
 *
 * The tests fork children of three temperaments -- polite (SIGTERM's
 * default action ends them), careful (a handler, then 100 ms of "clean-up"
 * before exiting) and stubborn (SIGTERM ignored) -- and hand their pids to
 * ex_stop_children().  Each child tells the test through a pipe when its
 * signal set-up is done, so no SIGTERM can arrive too early.  Whatever the
 * function under test did, every child is killed and reaped before the
 * assertions run, so a failing test leaves no process behind.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exercise.h"
#include "testlib.h"

enum temper { POLITE, CAREFUL, STUBBORN, EXITED };

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
    (void)sig;
    got_term = 1;
}

/* The life of a child of temperament @p t; @p ready is the pipe to say
 * "set up" on. */
static void child_main(enum temper t, int ready)
{
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigset_t none, term;

    sigemptyset(&sa.sa_mask);
    sigemptyset(&none);
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    if (t == STUBBORN)
        sa.sa_handler = SIG_IGN;
    else if (t == CAREFUL)
        sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigprocmask(SIG_SETMASK, t == CAREFUL ? &term : &none, NULL);
    if (write(ready, "r", 1) != 1 || t == EXITED)
        _exit(0);
    if (t == CAREFUL) {
        struct timespec clean_up = { 0, 100 * 1000000L };

        while (!got_term)
            sigsuspend(&none);          /* SIGTERM unblocked only here */
        nanosleep(&clean_up, NULL);
        _exit(0);
    }
    for (;;)
        pause();
}

/* Fork a child of temperament @p t and wait until it is set up (for
 * EXITED: until it has ended, without reaping it). */
static pid_t child(enum temper t)
{
    int p[2];
    char c;
    pid_t pid;

    ck_assert_int_eq(pipe(p), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(p[0]);
        child_main(t, p[1]);
    }
    close(p[1]);
    ck_assert_int_eq(read(p[0], &c, 1), 1);
    close(p[0]);
    if (t == EXITED) {
        siginfo_t info;
        while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0)
            ck_assert_int_eq(errno, EINTR);
    }
    return pid;
}

/* A zombie still answers kill(pid, 0); a reaped child does not. */
static int reaped(pid_t pid)
{
    return kill(pid, 0) < 0 && errno == ESRCH;
}

/* After the call: how many were reaped; then kill and reap the rest. */
static size_t count_reaped_and_clean_up(const pid_t *pids, size_t n)
{
    size_t count = 0;

    for (size_t i = 0; i < n; i++) {
        if (reaped(pids[i])) {
            count++;
            continue;
        }
        kill(pids[i], SIGKILL);
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    }
    return count;
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(polite_children_end_without_waiting_the_grace)
{
    pid_t pids[3] = { child(POLITE), child(POLITE), child(POLITE) };
    long long t0 = now_ms();
    int killed = ex_stop_children(pids, 3, 4000);
    long long took = now_ms() - t0;

    ck_assert_uint_eq(count_reaped_and_clean_up(pids, 3), 3);
    ck_assert_int_eq(killed, 0);
    ck_assert_msg(took < 2000, "took %lld ms for children that stop at once", took);
}
END_TEST

START_TEST(stubborn_child_is_killed_after_the_grace)
{
    pid_t pids[3] = { child(POLITE), child(STUBBORN), child(POLITE) };
    long long t0 = now_ms();
    int killed = ex_stop_children(pids, 3, 300);
    long long took = now_ms() - t0;

    ck_assert_uint_eq(count_reaped_and_clean_up(pids, 3), 3);
    ck_assert_int_eq(killed, 1);
    ck_assert_msg(took >= 250, "SIGKILL after %lld ms, grace was 300", took);
    ck_assert_msg(took < 3000, "took %lld ms", took);
}
END_TEST

START_TEST(careful_child_gets_its_time)
{
    pid_t pids[2] = { child(CAREFUL), child(POLITE) };
    int killed = ex_stop_children(pids, 2, 3000);

    ck_assert_uint_eq(count_reaped_and_clean_up(pids, 2), 2);
    ck_assert_msg(killed == 0,
                  "a child that exits 100 ms after SIGTERM was killed (%d)", killed);
}
END_TEST

START_TEST(ended_child_is_just_reaped)
{
    pid_t pids[2] = { child(EXITED), child(POLITE) };
    int killed = ex_stop_children(pids, 2, 3000);

    ck_assert_uint_eq(count_reaped_and_clean_up(pids, 2), 2);
    ck_assert_int_eq(killed, 0);
}
END_TEST

START_TEST(no_children_and_bad_arguments)
{
    pid_t pid = child(POLITE);
    int none = ex_stop_children(NULL, 0, 100);
    int no_array = ex_stop_children(NULL, 1, 100);
    int bad_grace = ex_stop_children(&pid, 1, -5);
    size_t n = count_reaped_and_clean_up(&pid, 1);

    ck_assert_int_eq(none, 0);
    ck_assert_int_eq(no_array, -1);
    ck_assert_int_eq(bad_grace, -1);
    ck_assert_uint_eq(n, 0);        /* bad arguments: nothing was done */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stop-children");
    TCase *tc = tl_tcase("stop-children");

    tcase_add_test(tc, polite_children_end_without_waiting_the_grace);
    tcase_add_test(tc, stubborn_child_is_killed_after_the_grace);
    tcase_add_test(tc, careful_child_gets_its_time);
    tcase_add_test(tc, ended_child_is_just_reaped);
    tcase_add_test(tc, no_children_and_bad_arguments);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
