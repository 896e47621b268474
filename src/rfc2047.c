/**
 * @file rfc2047.c
 * @brief Encoded words (RFC 2047) to UTF-8.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2047 §2 (encoded-word syntax), §4.1 (B), §4.2 (Q), §6.2
 *      (adjacent words), §6.3 (malformed words); RFC 2231 §5
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
