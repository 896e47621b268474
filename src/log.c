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
 */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io.h"

/* The prefix of every line; "minimail" until log_init() is called. */
static char log_name[64] = "minimail";

void log_init(const char *progname)
{
    const char *slash = progname != NULL ? strrchr(progname, '/') : NULL;

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

    n = snprintf(line, sizeof line, "%s[%ld]: ", log_name, (long)getpid());
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
