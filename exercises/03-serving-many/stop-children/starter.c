/*
 * starter.c -- exercise "stop-children" (chapter serving-many).  See TASK.md.
 */
#include "exercise.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

int ex_stop_children(const pid_t *pids, size_t n, int grace_ms)
{
    (void)pids;
    (void)n;
    (void)grace_ms;
    /* TODO:
     * 1. kill(pid, SIGTERM) for every child;
     * 2. until all have ended or the deadline (CLOCK_MONOTONIC) passes:
     *    waitpid(pid, &status, WNOHANG) for each child not yet reaped,
     *    then a short nanosleep() -- never longer than the time left;
     * 3. kill(pid, SIGKILL) the rest, waitpid() them (this wait is
     *    short: SIGKILL cannot be caught), and count them. */
    return -1;
}
