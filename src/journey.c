/**
 * @file journey.c
 * @brief Reading a message's trace fields back: the journey, hop by hop.
 *
 * @chapter{mail-system}
 * @rfc RFC 5321 §4.4 (trace information), RFC 5322 §3.6.7 (trace fields)
 *
 * RFC 5321 §4.4 gives the Received field a grammar of its own, the Stamp:
 *
 *     Stamp       = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
 *     From-domain = "FROM" FWS Extended-Domain
 *     By-domain   = CFWS "BY" FWS Extended-Domain
 *     Opt-info    = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
 *
 * so a reader walks words: a clause name (FROM, BY, VIA, WITH, ID, FOR),
 * then its value, with comments in parentheses anywhere between them
 * (`from laptop.example ([127.0.0.1])`: the address the server saw, in a
 * comment).  The date comes after the last semicolon.  The fields are
 * found with chapter 10's header reader, msg_next_field(), which handles
 * folding and both line ends (LF on disk, CRLF on the wire).
 *
 * Servers write the field on top (§4.4: "at the beginning of the message
 * content"), so the first Received field is the last hop: the journey is
 * the fields read from the bottom up.
 */
#include "journey.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "message_parse.h"

/* Copy at most @p n octets into @p dst (size @p size), NUL-terminated. */
static void copy_cut(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* [journey-trace-len] */
size_t journey_trace_len(const char *msg, size_t len)
{
    size_t pos = 0, end = 0;
    struct msg_field f;

    /* The trace block: Return-Path and Received, before any other field
     * (RFC 5322 §3.6.7 puts all trace fields ahead of the rest). */
    while (msg_next_field(msg, len, &pos, &f)) {
        if (!msg_field_is(&f, "Return-Path") && !msg_field_is(&f, "Received"))
            break;
        end = pos;
    }
    return end;
}
/* [journey-trace-len] */

/* Skip white space (folding included) and comments, which nest
 * (RFC 5322 §3.2.2). */
static size_t skip_cfws(const char *v, size_t len, size_t i)
{
    while (i < len) {
        if (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n') {
            i++;
        } else if (v[i] == '(') {
            int depth = 0;
            for (; i < len; i++) {
                if (v[i] == '\\' && i + 1 < len)
                    i++;
                else if (v[i] == '(')
                    depth++;
                else if (v[i] == ')' && --depth == 0) {
                    i++;
                    break;
                }
            }
        } else {
            break;
        }
    }
    return i;
}

/* The end of the word at @p i: up to white space, a comment or ';'.
 * An address literal `[...]` and a path `<...>` are one word. */
static size_t word_end(const char *v, size_t len, size_t i)
{
    char close = v[i] == '[' ? ']' : v[i] == '<' ? '>' : '\0';

    if (close != '\0') {
        while (i < len && v[i] != close)
            i++;
        return i < len ? i + 1 : i;
    }
    while (i < len && !isspace((unsigned char)v[i]) && v[i] != '(' && v[i] != ';')
        i++;
    return i;
}

/* [journey-parse-received] */
int journey_parse_received(const char *value, size_t len, struct journey_hop *hop)
{
    const char *semi = NULL;
    size_t i = 0, end;

    memset(hop, 0, sizeof *hop);
    /* The date: after the last ';' (a FOR path cannot hold one unquoted,
     * and a comment before the date would be odd; RFC 5321 §4.4). */
    for (size_t k = 0; k < len; k++)
        if (value[k] == ';')
            semi = value + k;
    end = semi != NULL ? (size_t)(semi - value) : len;
    if (semi != NULL) {
        size_t d = skip_cfws(value, len, end + 1), e = len;
        while (e > d && isspace((unsigned char)value[e - 1]))
            e--;
        copy_cut(hop->date, sizeof hop->date, value + d, e - d);
    }
    /* The clauses: NAME value, NAME value, ... */
    for (;;) {
        size_t n0, n1, v0, v1, dsize = 0;
        char *dst = NULL;

        n0 = skip_cfws(value, end, i);
        if (n0 >= end)
            break;
        n1 = word_end(value, end, n0);
        if (n1 == n0) {              /* a stray ')': step over it */
            i = n0 + 1;
            continue;
        }
        v0 = skip_cfws(value, end, n1);
        v1 = v0 < end ? word_end(value, end, v0) : v0;
        if (n1 - n0 == 4 && strncasecmp(value + n0, "from", 4) == 0)
            dst = hop->from, dsize = sizeof hop->from;
        else if (n1 - n0 == 2 && strncasecmp(value + n0, "by", 2) == 0)
            dst = hop->by, dsize = sizeof hop->by;
        else if (n1 - n0 == 4 && strncasecmp(value + n0, "with", 4) == 0)
            dst = hop->with, dsize = sizeof hop->with;
        else if (n1 - n0 == 2 && strncasecmp(value + n0, "id", 2) == 0)
            dst = hop->id, dsize = sizeof hop->id;
        /* VIA, FOR and clauses we do not know: their values are skipped. */
        if (dst != NULL)
            copy_cut(dst, dsize, value + v0, v1 - v0);
        i = v1;
    }
    return hop->by[0] != '\0' ? 0 : -1;
}
/* [journey-parse-received] */

/* [journey-hops] */
int journey_hops(const char *msg, size_t len, struct journey_hop *hops, int max)
{
    size_t pos = 0;
    struct msg_field f;
    struct journey_hop h;
    int total = 0, seen = 0, stored;

    /* First count the fields that parse, then keep the oldest @p max:
     * the fields run newest first, so the last ones are wanted. */
    while (msg_next_field(msg, len, &pos, &f))
        if (msg_field_is(&f, "Received") && journey_parse_received(f.value, f.value_len, &h) == 0)
            total++;
    stored = total < max ? total : max;
    pos = 0;
    while (msg_next_field(msg, len, &pos, &f)) {
        if (!msg_field_is(&f, "Received") || journey_parse_received(f.value, f.value_len, &h) != 0)
            continue;
        /* Field number `seen` (0 = newest) is hop total-1-seen. */
        int hop = total - 1 - seen++;
        if (hop < stored)
            hops[hop] = h;
    }
    return stored;
}
/* [journey-hops] */
