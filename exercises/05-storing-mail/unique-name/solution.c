/*
 * solution.c -- exercise "unique-name": a reference ex_unique_name().
 * (src/maildir.c does the same in maildir_unique(), with the real clock.)
 */
#include "exercise.h"

#include <stdio.h>
#include <string.h>

int ex_unique_name(char *buf, size_t bufsz, long long secs, long usec, long pid,
                   unsigned long counter, const char *host)
{
    int n = snprintf(buf, bufsz, "%lld.M%ldP%ldQ%lu.", secs, usec, pid, counter);
    if (n < 0 || (size_t)n >= bufsz)
        return -1;
    size_t o = (size_t)n;
    if (host == NULL || host[0] == '\0')
        host = "localhost";
    for (const char *p = host; *p != '\0'; p++) {
        const char *piece = *p == '/' ? "\\057" : *p == ':' ? "\\072" : NULL;
        size_t len = piece != NULL ? 4 : 1;
        if (o + len + 1 > bufsz)            /* the piece and the final NUL */
            return -1;
        if (piece != NULL)
            memcpy(buf + o, piece, 4);
        else
            buf[o] = *p;
        o += len;
    }
    buf[o] = '\0';
    return 0;
}
