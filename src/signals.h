/**
 * @file signals.h
 * @brief The signals a server cares about: stop requests, ended children,
 *        broken pipes.
 *
 * @chapter{serving-many}
 * @rfc none (POSIX sigaction(2), sigprocmask(2), pselect(2); XSH 2.4 "Signal Concepts")
 *
 * A signal handler may run between any two instructions of the program,
 * so it may do almost nothing: POSIX lists the few async-signal-safe
 * functions it may call, and printf() and malloc() are not among them.
 * minimail's handlers therefore only store a number in a
 * `volatile sig_atomic_t` flag; the main loop looks at the flags at moments
 * it chooses.  The handlers are installed *without* SA_RESTART, so a
 * blocking call such as poll(2) or pselect(2) returns early with EINTR and
 * the loop gets to look at the flags at once.
 */
#ifndef MM_SIGNALS_H
#define MM_SIGNALS_H

#include <signal.h>

/**
 * @brief Non-zero once SIGTERM or SIGINT arrived: the number of that signal.
 *
 * Servers stop accepting when they see it; sessions (which inherit the
 * handler across fork()) say goodbye with a 421 reply.  Pass its address
 * wherever a reader wants a stop flag, e.g. `lines_config.stop`.
 */
extern volatile sig_atomic_t signals_stop;

/**
 * @brief Set to 1 by SIGCHLD: some child has ended and waits to be reaped.
 *
 * The main loop clears it and then calls waitpid(..., WNOHANG) until there
 * is nothing left to reap (one SIGCHLD may stand for several children).
 */
extern volatile sig_atomic_t signals_child;

/**
 * @brief Install the signal handling every server process needs.
 *
 * SIGPIPE is ignored (a write to a vanished peer then fails with EPIPE
 * instead of killing the process); SIGTERM and SIGINT set signals_stop,
 * without SA_RESTART.  Calling it twice is harmless.
 *
 * @return 0 on success, -1 if sigaction() failed (errno set)
 */
int signals_install(void);

/**
 * @brief In a process that forks sessions: SIGCHLD sets signals_child.
 *
 * Installed without SA_RESTART, like the stop handlers, so that the end of
 * a session wakes the parent's wait.
 *
 * @return 0 on success, -1 if sigaction() failed (errno set)
 */
int signals_watch_children(void);

/**
 * @brief Block SIGTERM, SIGINT and SIGCHLD; they stay pending until unblocked.
 *
 * A loop that checks a flag and then waits has a race: a signal arriving
 * between the check and the wait is missed until something else wakes the
 * wait.  Keeping the signals blocked and unblocking them only *inside*
 * pselect(2) (which does both atomically) closes that window.
 *
 * @param old  receives the previous mask, for pselect() and for
 *             signals_restore()
 * @return 0 on success, -1 on failure
 */
int signals_block(sigset_t *old);

/**
 * @brief Put back a signal mask saved by signals_block().
 * @param old  the mask to restore
 * @return 0 on success, -1 on failure
 */
int signals_restore(const sigset_t *old);

/**
 * @brief Prepare a freshly forked session child.
 *
 * The child keeps the SIGTERM/SIGINT handlers (so a shutdown reaches the
 * session through signals_stop), but gets SIGCHLD back at its default (the
 * session has no children of its own to reap) and the parent's original
 * mask, so that signals are delivered again.
 *
 * @param old  the mask saved by the parent's signals_block()
 * @return 0 on success, -1 on failure
 */
int signals_child_setup(const sigset_t *old);

#endif /* MM_SIGNALS_H */
