/**
 * @file rfc2047.c
 * @brief Encoded words (RFC 2047) to UTF-8.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2047 §2 (encoded-word syntax), §4.1 (B), §4.2 (Q), §6.2
 *      (adjacent words), §6.3 (malformed words); RFC 2231 §5; RFC 5322
 *      §2.2.3 (unfolding, in the reader)
 *
 * The grammar of §2, and how this file reads it:
 *
 *     encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
 *     charset      = token            ; UTF-8, ISO-8859-1*de (RFC 2231)
 *     encoding     = token            ; B or Q, either case
 *     encoded-text = 1*<any printable ASCII but "?" and SP>
 *
 * parse_word() checks that shape and nothing else; decode_word() undoes
 * the encoding -- B with chapter 6's base64_decode(), Q by hand -- and
 * charset_to_utf8() converts.  When any step fails the word is
 * malformed and rfc2047_decode() copies it as written (§6.3).
 *
 * The one subtle rule is §6.2: the white space *between two encoded
 * words* is not text.  So after a word, rfc2047_decode() remembers where
 * its output ended; white space is copied as usual, and if the next thing
 * is another encoded word, the output goes back to the remembered place
 * and the white space is gone.
 *
 * The reader (the second half of the file) cannot go back over a piece
 * it has given out, so it looks ahead instead: after a word, at white
 * space, next_is_word() checks what follows before any of the white
 * space is copied.  It decodes from a window that always holds a whole
 * word's worth of the value (refill()), so no word is ever cut.
 */
#include "rfc2047.h"

#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "charset.h"
#include "transfer_decode.h"

/* One encoded word, as parse_word() found it (pointers into the input). */
struct word {
    const char *charset;
    size_t charset_len;
    char encoding;          /* 'B' or 'Q' as written (either case) */
    const char *text;
    size_t text_len;
    size_t len;             /* the whole word, "=?" to "?=" */
};

/* May c appear in an encoded-text (or a charset)?  Printable ASCII
 * except "?" and the blank (§2). */
static int word_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '?';
}

/* [rfc2047-parse] */
/* Is there an encoded word at s (n octets available)?  Fills w, 1; or 0. */
static int parse_word(const char *s, size_t n, struct word *w)
{
    size_t i = 2;

    if (n > RFC2047_WORD_MAX)
        n = RFC2047_WORD_MAX;           /* longer words are not looked for */
    if (n < 2 || s[0] != '=' || s[1] != '?')
        return 0;
    w->charset = s + i;
    while (i < n && word_char((unsigned char)s[i]))
        i++;
    w->charset_len = (size_t)(s + i - w->charset);
    if (w->charset_len == 0 || i + 2 >= n || s[i] != '?' || s[i + 2] != '?')
        return 0;
    w->encoding = s[i + 1];
    i += 3;
    w->text = s + i;
    while (i < n && word_char((unsigned char)s[i]))
        i++;
    w->text_len = (size_t)(s + i - w->text);
    if (i + 1 >= n || s[i] != '?' || s[i + 1] != '=')
        return 0;                       /* no "?=": not a word */
    w->len = i + 2;
    return 1;
}
/* [rfc2047-parse] */

/* The B encoding (§4.1): base64, strictly.  Some encoders leave the
 * padding out; it is put back.  The octets, or -1. */
static long decode_b(const struct word *w, char *out, size_t outsz)
{
    char text[RFC2047_WORD_MAX + 4];
    size_t n = w->text_len;

    if (n % 4 == 1)
        return -1;
    memcpy(text, w->text, n);
    while (n % 4 != 0)
        text[n++] = '=';
    return base64_decode(text, n, out, outsz);
}

/* [rfc2047-q] */
/* The Q encoding (§4.2): "_" is a space (whatever the charset's code for
 * it), "=XX" an octet, other characters themselves.  The octets, or -1
 * for an "=" that is not followed by two hex digits. */
static long decode_q(const struct word *w, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < w->text_len; i++) {
        unsigned char c = (unsigned char)w->text[i];
        int hi = i + 2 < w->text_len ? transfer_hex_value((unsigned char)w->text[i + 1]) : -1;
        int lo = i + 2 < w->text_len ? transfer_hex_value((unsigned char)w->text[i + 2]) : -1;
        if (c == '_') {
            out[o++] = ' ';
        } else if (c != '=') {
            out[o++] = (char)c;
        } else if (hi >= 0 && lo >= 0) {
            out[o++] = (char)(hi << 4 | lo);    /* "=XX", as in quoted-printable */
            i += 2;
        } else {
            return -1;                  /* "=" without two hex digits */
        }
    }
    return (long)o;
}
/* [rfc2047-q] */

/* Decode word w into UTF-8 at out (room for 3 * w->len); the octets, or
 * -1 when the word is malformed (§6.3). */
static long decode_word(const struct word *w, char *out)
{
    char octets[RFC2047_WORD_MAX];
    long n;

    if (w->encoding == 'B' || w->encoding == 'b')
        n = decode_b(w, octets, sizeof octets);
    else if (w->encoding == 'Q' || w->encoding == 'q')
        n = decode_q(w, octets);
    else
        return -1;                      /* an encoding RFC 2047 does not define */
    if (n < 0)
        return -1;
    return (long)charset_to_utf8(charset_lookup(w->charset, w->charset_len), octets,
                                 (size_t)n, out);
}

/* [rfc2047-decode] */
char *rfc2047_decode(const char *in, size_t len, size_t *out_len)
{
    char *out = malloc(3 * len + 1);
    size_t o = 0, i = 0, after_word = 0;
    int last_was_word = 0;              /* only white space since the last word */
    struct word w;

    if (out == NULL)
        return NULL;
    while (i < len) {
        if (in[i] == '=' && parse_word(in + i, len - i, &w)) {
            /* §6.2: between two words, white space is not text. */
            size_t at = last_was_word ? after_word : o;
            long n = decode_word(&w, out + at);
            if (n >= 0) {
                o = after_word = at + (size_t)n;
                last_was_word = 1;
                i += w.len;
                continue;
            }                           /* malformed (§6.3): copied below */
        }
        char c = in[i++];
        out[o++] = c;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            last_was_word = 0;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
/* [rfc2047-decode] */

/* ---- a piece at a time ------------------------------------------------ */

/* White space as the §6.2 rule sees it: blanks and line ends. */
static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is raw octet c part of the value?  An unfolded value has no line ends
 * (RFC 5322 §2.2.3: unfolding removes them, whatever follows). */
static int in_value(const struct rfc2047_reader *r, char c)
{
    return !r->unfold || (c != '\r' && c != '\n');
}

void rfc2047_reader_init(struct rfc2047_reader *r, const char *in, size_t len, int unfold)
{
    size_t b = 0;

    if (unfold) {                       /* trimmed, as msg_unfold() trims */
        while (b < len && blank(in[b]))
            b++;
        while (len > b && blank(in[len - 1]))
            len--;
    }
    r->in = in;
    r->pos = b;
    r->end = len;
    r->unfold = unfold;
    r->after_word = 0;
    r->wpos = r->wlen = 0;
}

/* [rfc2047-window] */
/* Keep a whole word's worth of the value ahead of the decoding point:
 * when less is left in the window, move it down and read on.  Each raw
 * octet is read once, and parse_word() sees what it would see in the
 * whole value -- it never looks further than RFC2047_WORD_MAX octets. */
static void refill(struct rfc2047_reader *r)
{
    if (r->wlen - r->wpos >= RFC2047_WORD_MAX || r->pos == r->end)
        return;
    memmove(r->window, r->window + r->wpos, r->wlen - r->wpos);
    r->wlen -= r->wpos;
    r->wpos = 0;
    while (r->wlen < RFC2047_WINDOW && r->pos < r->end) {
        char c = r->in[r->pos++];
        if (in_value(r, c))
            r->window[r->wlen++] = c;
    }
}
/* [rfc2047-window] */

/* Copy into r->ahead what follows: the window from index k, then the raw
 * value from pos.  At most a word, and no further than the second octet
 * that is neither a word character nor "?": a word holds at most one
 * (its encoding letter may be anything), so parse_word() never reads
 * past it.  The octets copied. */
static size_t gather(struct rfc2047_reader *r, size_t k, size_t pos)
{
    size_t n = 0;
    int odd = 0;

    while (n < RFC2047_WORD_MAX && odd < 2) {
        char c;
        if (k < r->wlen)
            c = r->window[k++];
        else if (pos < r->end)
            c = r->in[pos++];
        else
            break;
        if (!in_value(r, c))
            continue;
        r->ahead[n++] = c;
        if (!word_char((unsigned char)c) && c != '?')
            odd++;
    }
    return n;
}

/* [rfc2047-ahead] */
/* After a word, white space: is the next thing another word?  Then the
 * white space is not text (§6.2) and is skipped: 1.  Otherwise 0, and it
 * is copied as text.  The white space may be longer than the window (a
 * million folds), so it is skipped in the raw value, not buffered: the
 * decision is made before any of it is given out, as rfc2047_decode()
 * makes it afterwards by going back. */
static int next_is_word(struct rfc2047_reader *r)
{
    size_t k = r->wpos, pos = r->pos;
    struct word w;

    while (k < r->wlen && blank(r->window[k]))
        k++;
    if (k == r->wlen)                   /* the window is all white space */
        while (pos < r->end && blank(r->in[pos]))
            pos++;
    size_t n = gather(r, k, pos);
    if (!parse_word(r->ahead, n, &w) || decode_word(&w, r->scratch) < 0)
        return 0;                       /* no word, or a malformed one (§6.3) */
    if (k < r->wlen) {
        r->wpos = k;
    } else {
        r->wpos = r->wlen;
        r->pos = pos;
    }
    return 1;
}
/* [rfc2047-ahead] */

/* [rfc2047-read] */
size_t rfc2047_read(struct rfc2047_reader *r, char *out, size_t outsz)
{
    size_t o = 0;
    struct word w;

    while (outsz - o >= RFC2047_READ_MIN) {     /* room for the longest word */
        refill(r);
        if (r->wpos == r->wlen)
            break;                              /* the end of the value */
        const char *s = r->window + r->wpos;
        if (*s == '=' && parse_word(s, r->wlen - r->wpos, &w)) {
            long n = decode_word(&w, out + o);
            if (n >= 0) {
                o += (size_t)n;
                r->wpos += w.len;
                r->after_word = 1;
                continue;
            }                                   /* malformed (§6.3): copied */
        }
        if (r->after_word && blank(*s)) {
            if (next_is_word(r))
                continue;                       /* §6.2: dropped */
            r->after_word = 0;                  /* text: copied */
        }
        out[o++] = *s;
        r->wpos++;
        if (!blank(*s))
            r->after_word = 0;
    }
    return o;
}
/* [rfc2047-read] */
