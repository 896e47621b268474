/**
 * @file charset.c
 * @brief US-ASCII, UTF-8, ISO-8859-1, ISO-8859-15 and windows-1252 to
 *        UTF-8.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2045 §5.1, RFC 2046 §4.1.2, RFC 2231 §5, RFC 3629 §3 (how
 *      UTF-8 writes a code point), §4 (which octet sequences are UTF-8)
 *
 * The single-octet charsets all agree with Unicode on 0x00-0x7F (ASCII)
 * and mostly on 0xA0-0xFF (Latin-1's letters `À`..`ÿ` are U+00C0..U+00FF).
 * So a conversion is: look the octet up in a short table of exceptions,
 * else take the octet as the code point, and write the code point in
 * UTF-8 (RFC 3629 §3):
 *
 *     U+0000..U+007F   0xxxxxxx
 *     U+0080..U+07FF   110xxxxx 10xxxxxx
 *     U+0800..U+FFFF   1110xxxx 10xxxxxx 10xxxxxx
 *
 * `ö` (U+00F6, octet 0xF6 in Latin-1) is 11 110110 in bits, so UTF-8
 * writes it `110 00011  10 110110` = C3 B6.
 */
#include "charset.h"

#include <string.h>
#include <strings.h>

/* [charset-names] */
/* Names and aliases (RFC 2045 §5.1: compared case-insensitively).  The
 * IANA registry lists more aliases; these are the ones mail uses. */
static const struct {
    const char *name;
    enum charset cs;
} names[] = {
    { "utf-8", CHARSET_UTF8 },         { "utf8", CHARSET_UTF8 },
    { "us-ascii", CHARSET_UTF8 },      { "ascii", CHARSET_UTF8 },
    { "ansi_x3.4-1968", CHARSET_UTF8 },
    { "iso-8859-1", CHARSET_CP1252 },  { "iso8859-1", CHARSET_CP1252 },
    { "iso_8859-1", CHARSET_CP1252 },  { "latin1", CHARSET_CP1252 },
    { "latin-1", CHARSET_CP1252 },     { "windows-1252", CHARSET_CP1252 },
    { "cp1252", CHARSET_CP1252 },      { "iso-8859-15", CHARSET_LATIN9 },
    { "iso8859-15", CHARSET_LATIN9 },  { "iso_8859-15", CHARSET_LATIN9 },
    { "latin-9", CHARSET_LATIN9 },     { "latin9", CHARSET_LATIN9 },
};
/* [charset-names] */

enum charset charset_lookup(const char *name, size_t len)
{
    /* RFC 2231 §5: `charset*language`; the language does not matter here. */
    const char *star = memchr(name, '*', len);
    if (star != NULL)
        len = (size_t)(star - name);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && strncasecmp(names[i].name, name, len) == 0)
            return names[i].cs;
    return CHARSET_UNKNOWN;
}

/* windows-1252's 0x80-0x9F (0 where it has no character: those octets
 * stay the C1 control of the same number, as the WHATWG table does). */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The eight octets where ISO-8859-15 differs from ISO-8859-1. */
static unsigned latin9(unsigned char c)
{
    switch (c) {
    case 0xA4: return 0x20AC;   /* € */
    case 0xA6: return 0x0160;   /* Š */
    case 0xA8: return 0x0161;   /* š */
    case 0xB4: return 0x017D;   /* Ž */
    case 0xB8: return 0x017E;   /* ž */
    case 0xBC: return 0x0152;   /* Œ */
    case 0xBD: return 0x0153;   /* œ */
    case 0xBE: return 0x0178;   /* Ÿ */
    default: return c;
    }
}

/* [charset-utf8] */
/* Write code point @cp (below U+10000) in UTF-8 (RFC 3629 §3); the
 * number of octets. */
static size_t put_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

size_t charset_to_utf8(enum charset cs, const char *in, size_t len, char *out)
{
    size_t o = 0;

    if (cs == CHARSET_UTF8 || cs == CHARSET_UNKNOWN) {
        memcpy(out, in, len);           /* nothing to convert (or nothing known) */
        return len;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        unsigned cp = c;
        if (cs == CHARSET_CP1252 && c >= 0x80 && c <= 0x9F && cp1252_c1[c - 0x80] != 0)
            cp = cp1252_c1[c - 0x80];
        else if (cs == CHARSET_LATIN9)
            cp = latin9(c);
        o += put_utf8(cp, out + o);
    }
    return o;
}
/* [charset-utf8] */

/* [charset-valid] */
/* RFC 3629 §4's grammar, a character at a time: the first octet says how
 * many continuation octets (80..BF) follow, and the ranges of §4 shut out
 * what is no character -- an overlong form (C0, C1, E0 80..9F, F0
 * 80..8F: a code point written longer than it needs, the old trick for
 * smuggling a `/` past a filter), a UTF-16 surrogate (ED A0..BF), and
 * anything past U+10FFFF (F4 90.., F5..FF). */
int charset_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;

    for (size_t i = 0; i < len;) {
        unsigned char c = s[i], lo = 0x80, hi = 0xBF;  /* the first continuation's range */
        size_t n;                                       /* continuation octets */
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return 0;                   /* 80..C1: no first octet; F5..FF: never UTF-8 */
        if (len - i - 1 < n || s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return 0;
        i += n + 1;
    }
    return 1;
}
/* [charset-valid] */
