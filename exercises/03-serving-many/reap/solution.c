/*
 * solution.c -- exercise "reap" (chapter serving-many): reference solution.
 */
#include "exercise.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>

int ex_reap(int *failed)
{
    int reaped = 0, bad = 0;

    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);

        if (pid > 0) {
            /* One zombie fewer.  Only a normal exit with status 0 counts
             * as success; WEXITSTATUS means nothing after a signal. */
            reaped++;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                bad++;
            continue;
        }
        if (pid == 0)
            break;              /* children remain, none has ended yet */
        if (errno == EINTR)
            continue;
        if (errno == ECHILD)
            break;              /* no children at all: nothing to do */
        return -1;
    }
    if (failed != NULL)
        *failed = bad;
    return reaped;
}
