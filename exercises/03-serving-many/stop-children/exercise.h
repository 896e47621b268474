/**
 * @file exercises/03-serving-many/stop-children/exercise.h
 * @brief Exercise "stop-children": SIGTERM, a grace period, then SIGKILL.
 *
 * @chapter{serving-many}
 * @rfc none (POSIX kill(2), waitpid(2), clock_gettime(2))
 *
 * See TASK.md next to this file.
 */
#ifndef MM_EX_STOP_CHILDREN_H
#define MM_EX_STOP_CHILDREN_H

#include <stddef.h>
#include <sys/types.h>

/**
 * @brief Stop some child processes politely, then firmly.
 *
 * Sends SIGTERM to every process in @p pids, then waits until all of them
 * have ended -- reaping each with waitpid(), so that none is left as a
 * zombie -- or until @p grace_ms milliseconds have passed, whichever comes
 * first.  Those still running then get SIGKILL and are reaped too.
 *
 * It returns as soon as the last child has ended: children that stop at
 * once must not cost the whole grace period.  A child that had already
 * ended before the call is simply reaped.
 *
 * @param pids      children of the calling process
 * @param n         how many (0 is allowed)
 * @param grace_ms  how long to wait after SIGTERM, in milliseconds
 * @return how many children had to be killed with SIGKILL (0 or more),
 *         or -1 if @p pids is NULL while @p n > 0, or @p grace_ms < 0
 */
int ex_stop_children(const pid_t *pids, size_t n, int grace_ms);

#endif /* MM_EX_STOP_CHILDREN_H */
