/*
 * solution.c -- exercise "stop-children" (chapter serving-many):
 * reference solution.
 *
 * It polls with waitpid(WNOHANG) and short naps, which needs no signal
 * handler at all.  src/server.c does the same job without naps: it sleeps
 * in pselect() until SIGCHLD says a child ended (see the chapter text).
 */
#include "exercise.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

/* Milliseconds on the monotonic clock: it never jumps when someone sets
 * the time of day, so deadlines computed with it hold. */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reap @p pid if it has ended; returns 1 when it is gone. */
static int try_reap(pid_t pid)
{
    pid_t r;

    do
        r = waitpid(pid, NULL, WNOHANG);
    while (r < 0 && errno == EINTR);
    /* ECHILD: not (or no longer) our child -- nothing to wait for. */
    return r == pid || (r < 0 && errno == ECHILD);
}

int ex_stop_children(const pid_t *pids, size_t n, int grace_ms)
{
    long long deadline = now_ms() + grace_ms;
    size_t i, left = n;
    int killed = 0;
    char *done;

    if (n == 0)
        return 0;
    if (pids == NULL || grace_ms < 0 || (done = calloc(n, 1)) == NULL)
        return -1;

    for (i = 0; i < n; i++)
        kill(pids[i], SIGTERM);         /* a zombie takes it silently */

    for (;;) {
        long long rest;

        for (i = 0; i < n; i++)
            if (!done[i] && try_reap(pids[i])) {
                done[i] = 1;
                left--;
            }
        rest = deadline - now_ms();
        if (left == 0 || rest <= 0)
            break;
        /* Nap 5 ms, or less when the deadline is nearer. */
        struct timespec nap = { 0, (rest < 5 ? rest : 5) * 1000000L };
        nanosleep(&nap, NULL);
    }

    for (i = 0; i < n; i++) {
        if (done[i])
            continue;
        kill(pids[i], SIGKILL);         /* cannot be caught or ignored */
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
        killed++;
    }
    free(done);
    return killed;
}
