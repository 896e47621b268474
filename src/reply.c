/**
 * @file reply.c
 * @brief Server replies: `NNN text`, and multi-line `NNN-text` ... `NNN text`.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §4.2, §4.2.1, §4.5.3.1.5
 *
 * The grammar of RFC 5321 §4.2:
 *
 *     Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *                     Reply-code [ SP textstring ] CRLF
 *
 * All three public functions end in reply_vline(), which formats one line
 * into a 512-octet array and hands it to outbuf_line() (which adds the
 * CRLF and traces it).
 */
#include "reply.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

/* [lines-reply-line] */
/* Format one reply line: the code, '-' (more lines follow) or ' ' (last
 * line), the text.  A last line without text keeps its space: the
 * grammar would allow the bare code, but §4.2.1 says servers SHOULD send
 * the <SP> (and clients must cope with either). */
static int reply_vline(struct outbuf *ob, int code, int more,
                       const char *fmt, va_list ap)
{
    char line[REPLY_MAX_LINE - 1];  /* room for the text, CRLF comes later */
    int n, t;

    if (code < 100 || code > 599) {
        errno = EINVAL;
        return -1;
    }
    n = snprintf(line, sizeof line, "%03d%c", code, more ? '-' : ' ');
    t = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    if (t > 0)
        n += t;
    if (n > (int)sizeof line - 1)       /* cut: 510 octets + CRLF = 512 */
        n = (int)sizeof line - 1;
    return outbuf_line(ob, line, (size_t)n);
}
/* [lines-reply-line] */

int reply(struct outbuf *ob, int code, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = reply_vline(ob, code, 0, fmt, ap);
    va_end(ap);
    return r;
}

int reply_more(struct outbuf *ob, int code, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = reply_vline(ob, code, 1, fmt, ap);
    va_end(ap);
    return r;
}

/* [lines-reply-lines] */
int reply_lines(struct outbuf *ob, int code, const char *const lines[], size_t n)
{
    if (n == 0) {
        errno = EINVAL;
        return -1;
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (reply_more(ob, code, "%s", lines[i]) < 0)
            return -1;
    return reply(ob, code, "%s", lines[n - 1]);
}
/* [lines-reply-lines] */
