/**
 * @file imap_write.c
 * @brief Writing IMAP responses: text, atoms, quoted strings, literals,
 *        NIL -- and the choice between them.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4.3, §4.5, §7, §9
 *
 * Two things happen to every byte written here: it goes to chapter 2's
 * output buffer (outbuf_write(): raw, buffered, flushed when the session
 * waits for input), and -- while it belongs to a line -- it is copied into
 * the writer's trace line, which imap_w_end() (or a literal) hands to
 * trace_line().  The trace line is only for people; it is cut at
 * #IMAP_TRACE_LINE_MAX and marked with "..." when longer.
 */
#include "imap_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap_parse.h"
#include "trace.h"

void imap_out_init(struct imap_out *w, struct outbuf *ob)
{
    w->ob = ob;
    w->tlen = 0;
    w->truncated = 0;
}

/* Keep a copy of line bytes for the trace. */
static void trace_add(struct imap_out *w, const char *data, size_t len)
{
    size_t room = sizeof w->trace - w->tlen;

    if (len > room) {
        len = room;
        w->truncated = 1;
    }
    memcpy(w->trace + w->tlen, data, len);
    w->tlen += len;
}

/* Trace the line so far (it has just been ended by CRLF on the wire). */
static void trace_flush(struct imap_out *w)
{
    if (trace_enabled()) {
        if (w->truncated) {
            char buf[sizeof w->trace + 4];
            memcpy(buf, w->trace, w->tlen);
            memcpy(buf + w->tlen, "...", 3);
            trace_line(w->ob->dir, buf, w->tlen + 3);
        } else {
            trace_line(w->ob->dir, w->trace, w->tlen);
        }
    }
    w->tlen = 0;
    w->truncated = 0;
}

/* Bytes that are part of the line: to the wire and to the trace. */
static int put(struct imap_out *w, const char *data, size_t len)
{
    trace_add(w, data, len);
    return outbuf_write(w->ob, data, len);
}

/* [imap-string-form] */
enum imap_form imap_string_form(const char *data, size_t len, int atom_ok)
{
    int atom = atom_ok && len > 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];

        /* A quoted string holds TEXT-CHARs: 0x01-0x7f without CR and LF
         * (RFC 3501 §9).  Anything else -- 8-bit text, a line break, a
         * NUL -- can only travel in a literal. */
        if (c == 0 || c >= 0x80 || c == '\r' || c == '\n')
            return IMAP_FORM_LITERAL;
        if (!imap_is_atom_char(c))
            atom = 0;
    }
    /* "NIL" as an atom would read as NIL, not as the string "NIL", to a
     * client parsing an nstring: quote it, whatever the case. */
    if (atom && len == 3 && (data[0] | 0x20) == 'n' && (data[1] | 0x20) == 'i'
        && (data[2] | 0x20) == 'l')
        atom = 0;
    return atom ? IMAP_FORM_ATOM : IMAP_FORM_QUOTED;
}
/* [imap-string-form] */

int imap_w_raw(struct imap_out *w, const char *data, size_t len)
{
    /* Copy in pieces, replacing CR and LF: protocol text must never end
     * the line early (a "response injection"). */
    while (len > 0) {
        size_t n = 0;
        while (n < len && data[n] != '\r' && data[n] != '\n')
            n++;
        if (n > 0 && put(w, data, n) < 0)
            return -1;
        if (n < len && put(w, "?", 1) < 0)
            return -1;
        if (n < len)
            n++;
        data += n;
        len -= n;
    }
    return w->ob->error ? -1 : 0;
}

int imap_w_str(struct imap_out *w, const char *s) { return imap_w_raw(w, s, strlen(s)); }

int imap_w_vfmt(struct imap_out *w, const char *fmt, va_list ap)
{
    char small[512], *big = NULL;
    va_list ap2;
    int n, r;

    va_copy(ap2, ap);
    n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return imap_w_raw(w, small, (size_t)n);
    big = malloc((size_t)n + 1);
    if (big == NULL)
        return -1;
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    r = imap_w_raw(w, big, (size_t)n);
    free(big);
    return r;
}

int imap_w_fmt(struct imap_out *w, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = imap_w_vfmt(w, fmt, ap);
    va_end(ap);
    return r;
}

/* [imap-w-quoted] */
int imap_w_quoted(struct imap_out *w, const char *data, size_t len)
{
    size_t i = 0;

    if (imap_string_form(data, len, 0) == IMAP_FORM_LITERAL)
        return imap_w_literal(w, data, len);
    if (put(w, "\"", 1) < 0)
        return -1;
    while (i < len) {
        size_t n = 0;
        /* Runs of ordinary characters in one piece; a backslash before
         * each '"' and '\' (the only quoted-specials, RFC 3501 §9). */
        while (i + n < len && data[i + n] != '"' && data[i + n] != '\\')
            n++;
        if (n > 0 && put(w, data + i, n) < 0)
            return -1;
        i += n;
        if (i < len) {
            char esc[2] = { '\\', data[i] };
            if (put(w, esc, 2) < 0)
                return -1;
            i++;
        }
    }
    return put(w, "\"", 1);
}
/* [imap-w-quoted] */

/* [imap-w-literal] */
int imap_w_literal(struct imap_out *w, const char *data, size_t len)
{
    char head[32];
    int n = snprintf(head, sizeof head, "{%zu}\r\n", len);
    size_t whole = len;

    /* "{n}" belongs to the current line; CRLF ends it on the wire, so the
     * trace shows that line now, then the octets line by line.  A server
     * never waits for "+" before its own literals: only the client's
     * literals are synchronising. */
    trace_add(w, head, (size_t)n - 2);
    if (outbuf_write(w->ob, head, (size_t)n) < 0)
        return -1;
    trace_flush(w);
    /* The literal's lines as lines; its last piece (after its last LF) is
     * the start of the line the response goes on with. */
    while (whole > 0 && data[whole - 1] != '\n')
        whole--;
    trace_block(w->ob->dir, data, whole);
    trace_add(w, data + whole, len - whole);
    return outbuf_write(w->ob, data, len);
}
/* [imap-w-literal] */

int imap_w_string(struct imap_out *w, const char *data, size_t len)
{
    return imap_string_form(data, len, 0) == IMAP_FORM_QUOTED
               ? imap_w_quoted(w, data, len)
               : imap_w_literal(w, data, len);
}

int imap_w_astring(struct imap_out *w, const char *data, size_t len)
{
    switch (imap_string_form(data, len, 1)) {
    case IMAP_FORM_ATOM:   return put(w, data, len);
    case IMAP_FORM_QUOTED: return imap_w_quoted(w, data, len);
    default:               return imap_w_literal(w, data, len);
    }
}

int imap_w_nstring(struct imap_out *w, const char *data, size_t len)
{
    if (data == NULL)
        return put(w, "NIL", 3);
    return imap_w_string(w, data, len);
}

int imap_w_end(struct imap_out *w)
{
    int r = outbuf_write(w->ob, "\r\n", 2);

    trace_flush(w);
    return r;
}
