/**
 * @file smtp_dotstuff.c
 * @brief CRLF line ends and dot-stuffing on the sending side.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §2.3.8, §4.1.1.4, §4.5.2; RFC 1870 §4; RFC 6152
 *
 * Everything here walks the message one line at a time with
 * smtp_next_line(), which is the single place that decides where a line
 * ends.  The rest is what to do with each line: count it
 * (smtp_msg_scan()), copy it with a dot in front when it starts with one
 * (smtp_dotstuff()), or send it (smtp_dotstuff_send()).  Because they
 * share the walk, the size announced in SIZE= and the bytes sent cannot
 * disagree about where lines are.
 */
#include "smtp_dotstuff.h"

#include "trace.h"

#include <stdlib.h>
#include <string.h>

/* [smtp-client-next-line] */
size_t smtp_next_line(const char *msg, size_t len, size_t *linelen)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (msg[i] == '\n') {                   /* a bare LF */
            *linelen = i;
            return i + 1;
        }
        if (msg[i] == '\r') {                   /* CRLF, or a bare CR */
            *linelen = i;
            return i + 1 < len && msg[i + 1] == '\n' ? i + 2 : i + 1;
        }
    }
    *linelen = len;                             /* last line, no line end */
    return len;
}
/* [smtp-client-next-line] */

void smtp_msg_scan(const char *msg, size_t len, struct smtp_msg_info *info)
{
    size_t pos = 0, i;

    memset(info, 0, sizeof *info);
    while (pos < len) {
        size_t ll, used = smtp_next_line(msg + pos, len - pos, &ll);

        for (i = 0; i < ll; i++) {
            unsigned char c = (unsigned char)msg[pos + i];

            if (c > 127)
                info->has_8bit = 1;
            else if (c == 0)
                info->has_nul = 1;
        }
        if (ll > info->longest)
            info->longest = ll;
        info->size += ll + 2;                   /* every line is sent with CRLF */
        info->lines++;
        pos += used;
    }
}

/* [smtp-client-dotstuff] */
/* Append n octets at *o if they fit; always advance *o (for measuring). */
static void put(char *out, size_t outsz, size_t *o, const char *s, size_t n)
{
    if (*o < outsz) {
        size_t k = n <= outsz - *o ? n : outsz - *o;
        memcpy(out + *o, s, k);
    }
    *o += n;
}

size_t smtp_dotstuff(const char *msg, size_t len, char *out, size_t outsz)
{
    size_t pos = 0, o = 0;

    while (pos < len) {
        size_t ll, used = smtp_next_line(msg + pos, len - pos, &ll);

        if (ll > 0 && msg[pos] == '.')          /* §4.5.2: one more dot */
            put(out, outsz, &o, ".", 1);
        put(out, outsz, &o, msg + pos, ll);
        put(out, outsz, &o, "\r\n", 2);         /* whatever ended it: CRLF */
        pos += used;
    }
    put(out, outsz, &o, ".\r\n", 3);            /* the end of the data */
    return o;
}
/* [smtp-client-dotstuff] */

/* Trace a stuffed line: "." + the line, as it went out. */
static void trace_stuffed(const char *line, size_t ll)
{
    char *t;

    if (!trace_enabled())
        return;
    t = malloc(ll + 1);
    if (t == NULL) {
        trace_line(TRACE_CLIENT, line, ll);     /* a trace without the dot */
        return;
    }
    t[0] = '.';
    memcpy(t + 1, line, ll);
    trace_line(TRACE_CLIENT, t, ll + 1);
    free(t);
}

int smtp_dotstuff_send(struct outbuf *ob, const char *msg, size_t len)
{
    size_t pos = 0;

    while (pos < len) {
        size_t ll, used = smtp_next_line(msg + pos, len - pos, &ll);
        int stuffed = ll > 0 && msg[pos] == '.';

        if ((stuffed && outbuf_write(ob, ".", 1) < 0)
            || outbuf_write(ob, msg + pos, ll) < 0
            || outbuf_write(ob, "\r\n", 2) < 0)
            return -1;
        if (stuffed)
            trace_stuffed(msg + pos, ll);
        else
            trace_line(TRACE_CLIENT, msg + pos, ll);
        pos += used;
    }
    return outbuf_line(ob, ".", 1);             /* traced as "C: ." */
}
