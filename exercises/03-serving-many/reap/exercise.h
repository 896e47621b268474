/**
 * @file exercises/03-serving-many/reap/exercise.h
 * @brief Exercise "reap": collect every ended child without blocking.
 *
 * @chapter{serving-many}
 * @rfc none (POSIX waitpid(2), <sys/wait.h>)
 *
 * See TASK.md next to this file.
 */
#ifndef MM_EX_REAP_H
#define MM_EX_REAP_H

/**
 * @brief Reap every child process that has ended, without blocking.
 *
 * Children that are still running are left alone: the function returns
 * as soon as no ended child is left, even if others are still alive, and
 * at once when the process has no children at all.
 *
 * @param failed  if not NULL, receives how many of the reaped children did
 *                not end with exit status 0 (a non-zero exit, or killed by
 *                a signal)
 * @return how many children were reaped (0 or more), or -1 on an
 *         unexpected error
 */
int ex_reap(int *failed);

#endif /* MM_EX_REAP_H */
