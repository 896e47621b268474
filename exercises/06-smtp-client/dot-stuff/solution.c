/*
 * solution.c -- exercise "dot-stuff": a reference ex_dotstuff().
 * (src/smtp_dotstuff.c does the same in smtp_dotstuff(), which measures
 * instead of failing when the buffer is too small.)
 */
#include "exercise.h"

#include <string.h>

/* Append n octets at out[*o] if they fit; -1 if not. */
static int put(char *out, size_t outsz, size_t *o, const char *s, size_t n)
{
    if (n > outsz - *o)
        return -1;
    memcpy(out + *o, s, n);
    *o += n;
    return 0;
}

size_t ex_dotstuff(const char *msg, size_t len, char *out, size_t outsz)
{
    size_t pos = 0, o = 0;

    while (pos < len) {
        size_t end = pos, next;

        /* the line runs to the first CR or LF (or the end) */
        while (end < len && msg[end] != '\r' && msg[end] != '\n')
            end++;
        if (end == len)
            next = len;
        else if (msg[end] == '\r' && end + 1 < len && msg[end + 1] == '\n')
            next = end + 2;                 /* CRLF */
        else
            next = end + 1;                 /* a bare LF or a bare CR */

        if ((msg[pos] == '.' && end > pos && put(out, outsz, &o, ".", 1) < 0)
            || put(out, outsz, &o, msg + pos, end - pos) < 0
            || put(out, outsz, &o, "\r\n", 2) < 0)
            return (size_t)-1;
        pos = next;
    }
    if (put(out, outsz, &o, ".\r\n", 3) < 0)
        return (size_t)-1;
    return o;
}
