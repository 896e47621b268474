/**
 * @file signals.c
 * @brief The signals a server cares about: stop requests, ended children,
 *        broken pipes.
 *
 * @chapter{serving-many}
 * @rfc none (POSIX sigaction(2), sigprocmask(2), pselect(2); XSH 2.4 "Signal Concepts")
 *
 * Three signals matter to a forking server.
 *
 * - **SIGCHLD** arrives when a child (a session) ends.  Until the parent
 *   collects the child's exit status with waitpid(2), the dead child stays
 *   in the process table as a *zombie*.  One SIGCHLD may stand for several
 *   children (signals of one kind do not queue), so the reaper loops.
 * - **SIGTERM** (from `kill`, an init system) and **SIGINT** (Ctrl-C) ask
 *   for a shutdown.  RFC 5321 §3.8 wants a server that is shut down to
 *   say 421 first, so the default action (instant death) will not do.
 * - **SIGPIPE** is sent to a process that writes to a connection whose
 *   peer has gone.  Its default action kills the process; a server would
 *   rather see the write fail with EPIPE and end that one session.
 *
 * The handlers only set flags.  A handler interrupts the program at an
 * arbitrary point -- possibly inside malloc() or printf(), holding their
 * locks -- so it may call only the async-signal-safe functions of POSIX
 * (write(2), waitpid(2), ... but not printf(3)), and the only variable it
 * may portably write is a `volatile sig_atomic_t`.
 */
#include "signals.h"

#include <stddef.h>

volatile sig_atomic_t signals_stop = 0;
volatile sig_atomic_t signals_child = 0;

/* [serving-many-handlers] */
/* SIGTERM, SIGINT: remember which signal asked us to stop. */
static void on_stop(int sig)
{
    signals_stop = sig;
}

/* SIGCHLD: a child ended; the main loop reaps it (waitpid is
 * async-signal-safe, but reaping in the loop keeps all bookkeeping of the
 * session table out of the handler). */
static void on_child(int sig)
{
    (void)sig;
    signals_child = 1;
}

/* Install @p fn for @p sig.  sa_flags is 0: no SA_RESTART, so a blocked
 * pselect()/poll()/accept() returns -1/EINTR when the signal arrives, and
 * the loop around it looks at the flags right away.  With SA_RESTART the
 * kernel would quietly restart the call and the server would notice a
 * SIGTERM only when the next client happened to connect. */
static int set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;

    sa.sa_handler = fn;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

int signals_install(void)
{
    if (set_handler(SIGPIPE, SIG_IGN) < 0
        || set_handler(SIGTERM, on_stop) < 0
        || set_handler(SIGINT, on_stop) < 0)
        return -1;
    return 0;
}

int signals_watch_children(void)
{
    return set_handler(SIGCHLD, on_child);
}
/* [serving-many-handlers] */

/* The three signals the server loop wants to see only inside pselect(). */
static void loop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGCHLD);
}

int signals_block(sigset_t *old)
{
    sigset_t set;

    loop_signals(&set);
    return sigprocmask(SIG_BLOCK, &set, old);
}

int signals_restore(const sigset_t *old)
{
    return sigprocmask(SIG_SETMASK, old, NULL);
}

int signals_child_setup(const sigset_t *old)
{
    if (set_handler(SIGCHLD, SIG_DFL) < 0)
        return -1;
    return signals_restore(old);
}
