/**
 * @file log.c
 * @brief One-line log messages on standard error, prefixed "prog[pid]: ".
 *
 * @chapter{sockets}
 * @rfc none (POSIX write(2): writes of up to PIPE_BUF bytes to a pipe are atomic)
 *
 * A server's log is a story told one line per event.  Two details make the
 * lines trustworthy.  The pid is looked up for every line, because from
 * chapter 3 (serving-many) on a server forks and each child logs with its
 * own pid.  And each line leaves in a single write(2): stdio could
 * split it into pieces, and pieces from several processes writing to the
 * same pipe could interleave, while one write of at most PIPE_BUF (512 or
 * more) bytes to a pipe arrives whole.
 *
 * Chapter 3 can also run each session as a thread of one process
 * (--threads): then every session has the same pid, and the prefix of a
 * line written by any thread but the main one says which thread it is,
 * "prog[pid/N]", N being a number the thread gets the first time it logs.
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io.h"

/* The prefix of every line; "minimail" until log_init() is called. */
static char log_name[64] = "minimail";

/* The thread that called log_init() (the main one: it runs before any
 * other thread starts); its lines say "prog[pid]". */
static pthread_t log_main_thread;
static int log_main_known;

/* Threads numbered so far, and this thread's number (0: none yet).
 * Atomic, so that two threads that log for the first time at once get
 * two numbers; and never reused, unlike the kernel's thread ids, so two
 * sessions of one run never share a number in the log. */
static atomic_ulong log_threads;
static _Thread_local unsigned long log_thread;

/* This thread's number for the prefix; 0 for the main thread. */
static unsigned long thread_number(void)
{
    if (!log_main_known || pthread_equal(pthread_self(), log_main_thread))
        return 0;
    if (log_thread == 0)
        log_thread = atomic_fetch_add(&log_threads, 1) + 1;
    return log_thread;
}

void log_init(const char *progname)
{
    const char *slash = progname != NULL ? strrchr(progname, '/') : NULL;

    log_main_thread = pthread_self();
    log_main_known = 1;
    if (progname == NULL || *progname == '\0')
        return;
    snprintf(log_name, sizeof log_name, "%s", slash != NULL ? slash + 1 : progname);
}

/* [sockets-log] */
void log_msg(const char *fmt, ...)
{
    char line[512];
    int saved = errno;          /* so the caller can still report errno */
    int n, m;
    va_list ap;

    unsigned long thread = thread_number();
    if (thread == 0)
        n = snprintf(line, sizeof line, "%s[%ld]: ", log_name, (long)getpid());
    else
        n = snprintf(line, sizeof line, "%s[%ld/%lu]: ", log_name, (long)getpid(), thread);
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    va_start(ap, fmt);
    m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;   /* too long: cut, keep room for "\n" */
    line[n++] = '\n';
    (void)io_write_all(STDERR_FILENO, line, (size_t)n);
    errno = saved;
}
/* [sockets-log] */

const char *log_strerror(int errnum, char *buf, size_t bufsz)
{
    /* strerror_r(3) as POSIX (XSI) has it -- our feature macros select that
     * one, not GNU's, which returns a char pointer instead of a status. */
    if (strerror_r(errnum, buf, bufsz) != 0)
        snprintf(buf, bufsz, "error %d", errnum);
    return buf;
}
