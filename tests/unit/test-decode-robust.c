/*
 * test-decode-robust.c -- chapter changing-mail: a deterministic random
 * attack on everything SEARCH decodes (rfc2047.c, transfer_decode.c,
 * charset.c, search_text.c, search_eval.c's string keys).
 *
 * Why: every octet these files read comes from a stranger -- anyone can
 * mail us a header or a body -- and SEARCH decodes it.  The unit tests of
 * each file show the cases their author thought of; this test throws
 * what nobody thinks of: random octets, NUL, `=?` at the very end,
 * truncated and nested encoded words, words longer than the limit, `=`
 * and base64 groups cut at every chunk border, multiparts nested hundreds
 * of levels deep, boundaries that never close, needles longer than the
 * text or made of UTF-8 continuation octets.
 *
 * It asserts *properties*, not just "did not crash" (ASan and UBSan, in
 * the sanitizer build, watch every read and write):
 *
 * - the output bounds the headers promise (3 * len for rfc2047_decode(),
 *   n + TRANSFER_SLACK per piece for transfer_decode(), CHARSET_UTF8_MAX
 *   per octet for charset_to_utf8()): each output buffer is allocated at
 *   exactly that size, so ASan catches one octet more;
 * - encode, then decode, gives back the octets (Q, B, quoted-printable
 *   with soft line breaks, base64 with junk);
 * - a decoder fed in pieces of any size -- random, or one octet at a
 *   time -- gives what it gives fed whole;
 * - search_text_contains(), which decodes and scans in chunks, answers
 *   what search_contains() answers on the whole decoded text; and a
 *   needle cut from plain 7bit text is always found;
 * - search_scan(), fed in pieces of any size, answers what the simple
 *   search it replaced (every start tried, each octet folded with the
 *   octet before it in its own string) answers.
 *
 * The generator is a fixed-seed xorshift: every run tries the same
 * inputs, so a failure is reproduced by running the test again.  The
 * iteration counts keep it to a few seconds under ASan on a slow machine.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "charset.h"
#include "rfc2047.h"
#include "search_eval.h"
#include "search_parse.h"
#include "search_text.h"
#include "testlib.h"
#include "transfer_decode.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a reproducible source of hostile octets ---------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

/* xorshift64*: small, fast, and the same sequence on every machine. */
static uint32_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

/* A number in [0, n). */
static size_t below(size_t n)
{
    return n == 0 ? 0 : rng() % n;
}

static void putc_(struct tl_buf *b, char c)
{
    tl_buf_put(b, &c, 1);
}

/* Append @n octets made of pieces from @frags and random octets. */
static void hostile(struct tl_buf *b, const char *const *frags, size_t nfrags, size_t n)
{
    size_t end = b->len + n;
    while (b->len < end) {
        if (below(4) == 0)
            putc_(b, (char)below(256));             /* any octet, NUL included */
        else
            tl_buf_puts(b, frags[below(nfrags)]);
    }
}

/* Where @pat (@m octets) is in s[0..n), or NULL (memmem(3) is not POSIX). */
static const char *find(const char *s, size_t n, const char *pat, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, pat, m) == 0)
            return s + i;
    return NULL;
}

/* A copy of exactly @n octets on the heap: ASan sees a read past it. */
static char *exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(p);
    memcpy(p, s, n);
    return p;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- RFC 2047 encoded words --------------------------------------------- */

static const char *const word_frags[] = {
    "=?", "?=", "?Q?", "?B?", "?q?", "?b?", "?X?", "UTF-8", "iso-8859-1", "ISO-8859-15*de",
    "windows-1252", "koi8-r", "=41", "=C3=B6", "=", "=4", "_", " ", "\t", "\r\n ", "QUJD",
    "w7Y=", "==", "a", "?", "=?UTF-8?Q?x?=", "=?utf-8?b?w7Y?=", "=?UTF-8?Q?=?=",
};

START_TEST(rfc2047_hostile)
{
    rng_seed(2047);
    for (int iter = 0; iter < 1500; iter++) {
        struct tl_buf b = { 0 };
        hostile(&b, word_frags, N(word_frags), below(iter % 10 == 0 ? 3000 : 120));
        if (below(4) == 0)
            tl_buf_puts(&b, below(2) ? "=?" : "=?UTF-8?Q?abc");   /* a word cut at the end */
        char *in = exact(b.p ? b.p : "", b.len);
        size_t n = 12345;
        char *out = rfc2047_decode(in, b.len, &n);
        ck_assert_ptr_nonnull(out);
        ck_assert_msg(n <= 3 * b.len, "%zu octets in, %zu out", b.len, n);
        ck_assert_int_eq(out[n], '\0');
        if (find(in, b.len, "=?", 2) == NULL)     /* no word: nothing changes */
            ck_assert(n == b.len && memcmp(out, in, n) == 0);
        free(out);
        free(in);
        free(b.p);
    }
}
END_TEST

/* Encode @s as one word (charset UTF-8, so no conversion), Q or B. */
static void encode_word(struct tl_buf *b, const unsigned char *s, size_t n, int q)
{
    static const char hex[] = "0123456789ABCDEF",
        b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    tl_buf_puts(b, q ? "=?UTF-8?Q?" : "=?utf-8?B?");
    for (size_t i = 0; q && i < n; i++) {
        if (s[i] > 0x20 && s[i] < 0x7f && s[i] != '=' && s[i] != '?' && s[i] != '_')
            putc_(b, (char)s[i]);
        else {
            putc_(b, '=');
            putc_(b, hex[s[i] >> 4]);
            putc_(b, hex[s[i] & 15]);
        }
    }
    for (size_t i = 0; !q && i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0)
                     | (i + 2 < n ? s[i + 2] : 0);
        putc_(b, b64[v >> 18]);
        putc_(b, b64[v >> 12 & 63]);
        putc_(b, i + 1 < n ? b64[v >> 6 & 63] : '=');
        putc_(b, i + 2 < n ? b64[v & 63] : '=');
    }
    tl_buf_puts(b, "?=");
}

/* Random text around words, words joined by white space: decoding gives
 * the text and the words' octets, and never the white space between two
 * words (RFC 2047 §6.2). */
START_TEST(rfc2047_round_trip)
{
    rng_seed(6);
    for (int iter = 0; iter < 800; iter++) {
        struct tl_buf in = { 0 }, want = { 0 };
        size_t words = 1 + below(4);
        tl_buf_puts(&in, "Subject: ");
        tl_buf_puts(&want, "Subject: ");
        for (size_t w = 0; w < words; w++) {
            unsigned char s[200];
            size_t n = 1 + below(sizeof s);
            for (size_t i = 0; i < n; i++)
                s[i] = (unsigned char)below(256);
            encode_word(&in, s, n, (int)below(2));
            tl_buf_put(&want, s, n);
            if (w + 1 < words)
                tl_buf_puts(&in, below(2) ? " " : "\r\n\t");
        }
        tl_buf_puts(&in, " tail");
        tl_buf_puts(&want, " tail");
        char *src = exact(in.p, in.len);
        size_t n;
        char *out = rfc2047_decode(src, in.len, &n);
        ck_assert_ptr_nonnull(out);
        ck_assert_msg(n == want.len && memcmp(out, want.p, n) == 0, "round trip of \"%s\"",
                      in.p);
        free(out);
        free(src);
        free(in.p);
        free(want.p);
    }
}
END_TEST

/* A word longer than RFC2047_WORD_MAX is left as written; one just short
 * of it is decoded. */
START_TEST(rfc2047_huge_words)
{
    for (size_t len = RFC2047_WORD_MAX - 2; len <= RFC2047_WORD_MAX + 2; len++) {
        struct tl_buf b = { 0 };
        tl_buf_puts(&b, "=?UTF-8?Q?");
        while (b.len < len - 2)
            putc_(&b, 'a');
        tl_buf_puts(&b, "?=");
        size_t n;
        char *out = rfc2047_decode(b.p, b.len, &n);
        ck_assert_ptr_nonnull(out);
        if (len <= RFC2047_WORD_MAX)
            ck_assert_uint_eq(n, len - 12);         /* decoded: the a's only */
        else
            ck_assert(n == len && memcmp(out, b.p, n) == 0);
        free(out);
        free(b.p);
    }
}
END_TEST

/* ---- charsets ------------------------------------------------------------ */

/* Is s[0..n) well-formed UTF-8 (RFC 3629 §4, without the surrogate and
 * overlong rules, which single-octet charsets cannot produce)? */
static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = s[i] < 0x80 ? 0 : s[i] >= 0xC2 && s[i] < 0xE0 ? 1 : s[i] >= 0xE0 && s[i] < 0xF0 ? 2 : 9;
        if (k == 9 || i + k >= n)
            return 0;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k + 1;
    }
    return 1;
}

START_TEST(charset_hostile)
{
    static const enum charset sets[] = { CHARSET_UNKNOWN, CHARSET_UTF8, CHARSET_CP1252,
                                         CHARSET_LATIN9 };
    rng_seed(1252);
    for (int iter = 0; iter < 800; iter++) {
        size_t len = below(300);
        enum charset cs = sets[below(N(sets))];
        char *in = malloc(len + 1), *out = malloc(len * CHARSET_UTF8_MAX + 1);
        char *pieces = malloc(len * CHARSET_UTF8_MAX + 1);
        for (size_t i = 0; i < len; i++)
            in[i] = (char)below(256);
        size_t n = charset_to_utf8(cs, in, len, out), m = 0;
        ck_assert_uint_le(n, len * CHARSET_UTF8_MAX);
        if (cs == CHARSET_CP1252 || cs == CHARSET_LATIN9)
            ck_assert_msg(utf8_ok((unsigned char *)out, n), "charset %d gave bad UTF-8", cs);
        for (size_t off = 0, step; off < len; off += step) {   /* in pieces */
            step = 1 + below(len - off);
            m += charset_to_utf8(cs, in + off, step, pieces + m);
        }
        ck_assert(m == n && memcmp(out, pieces, n) == 0);
        /* Names: whatever the octets, a lookup answers. */
        enum charset got = charset_lookup(in, len < 20 ? len : 20);
        ck_assert(got >= CHARSET_UNKNOWN && got <= CHARSET_LATIN9);
        free(in);
        free(out);
        free(pieces);
    }
}
END_TEST

/* ---- transfer encodings ------------------------------------------------- */

/* Decode in[0..len) in pieces: @step octets each, 0 for random sizes,
 * SIZE_MAX for the whole.  Each piece's output goes to the *end* of a
 * buffer, with exactly the room transfer_decode.h promises to need
 * before that end: one octet more and ASan stops the test. */
static size_t decode_pieces(enum transfer_encoding enc, const char *in, size_t len,
                            size_t step, struct tl_buf *out)
{
    struct transfer_decoder d;
    size_t off = 0, most = step == SIZE_MAX ? len : step ? step : 64;
    char *in_copy = exact(in, len), *room = malloc(most + TRANSFER_SLACK);

    ck_assert_ptr_nonnull(room);
    transfer_init(&d, enc);
    out->len = 0;
    tl_buf_put(out, "", 0);
    do {
        size_t n = step == SIZE_MAX ? len : step ? step : 1 + below(64);
        if (n > len - off)
            n = len - off;
        char *o = room + most - n;          /* n + TRANSFER_SLACK before the end */
        size_t got = transfer_decode(&d, in_copy + off, n, o, off + n == len);
        ck_assert_uint_le(got, n + TRANSFER_SLACK);
        tl_buf_put(out, o, got);
        off += n;
    } while (off < len);
    free(room);
    free(in_copy);
    return out->len;
}

static const char *const qp_frags[] = {
    "=", "=3D", "=c3=b6", "=C", "=G1", "=\r\n", "=\n", "= \t \r\n", "=  x", "=\r", "=\rx",
    "\r\n", " ", "\t", "abc", "==", "=4\r\n", "=                                        "
    "                                  \r\n",
};
static const char *const b64_frags[] = {
    "QUJD", "QQ==", "QR==", "QUI=", "=", "==", "A", "AB", "ABC", "\r\n", " ", "*", "-",
    "====", "w7bDtg", "\x80\xff",
};

/* Whole, in random pieces, octet by octet: the same octets, and never
 * more than went in (a decoder only removes or keeps). */
START_TEST(transfer_hostile)
{
    rng_seed(2045);
    for (int iter = 0; iter < 300; iter++) {
        enum transfer_encoding enc = iter % 2 ? TRANSFER_QP : TRANSFER_BASE64;
        struct tl_buf b = { 0 }, whole = { 0 }, piece = { 0 };
        if (enc == TRANSFER_QP)
            hostile(&b, qp_frags, N(qp_frags), below(iter % 10 == 0 ? 4000 : 200));
        else
            hostile(&b, b64_frags, N(b64_frags), below(iter % 10 == 0 ? 4000 : 200));
        const char *in = b.p ? b.p : "";
        size_t n = decode_pieces(enc, in, b.len, SIZE_MAX, &whole);
        ck_assert_uint_le(n, b.len);
        static const size_t steps[] = { 0, 0, 1, 2, 3, 4 };
        for (size_t s = 0; s < N(steps); s++) {
            size_t m = decode_pieces(enc, in, b.len, steps[s], &piece);
            ck_assert_msg(m == n && memcmp(piece.p, whole.p, n) == 0,
                          "encoding %d, %zu octets, pieces of %zu: %zu octets, whole %zu",
                          enc, b.len, steps[s], m, n);
        }
        free(b.p);
        free(whole.p);
        free(piece.p);
    }
}
END_TEST

/* Without a line feed and without a hex digit no `=` can start an escape
 * or a soft line break: quoted-printable must keep every octet as written
 * (RFC 2045 §6.7, "=" followed by junk), in any pieces. */
START_TEST(transfer_qp_kept)
{
    static const char alpha[] = "=  \t\rxG=";
    rng_seed(67);
    for (int iter = 0; iter < 250; iter++) {
        struct tl_buf b = { 0 }, out = { 0 };
        size_t len = below(200);
        for (size_t i = 0; i < len; i++)
            putc_(&b, alpha[below(sizeof alpha - 1)]);
        putc_(&b, 'x');                     /* not `=` at the end (a soft break) */
        for (size_t step = 0; step < 3; step++) {
            size_t n = decode_pieces(TRANSFER_QP, b.p, b.len, step ? step : SIZE_MAX, &out);
            ck_assert_msg(n == b.len && memcmp(out.p, b.p, n) == 0, "\"%s\" became \"%s\"",
                          b.p, out.p);
        }
        free(b.p);
        free(out.p);
    }
}
END_TEST

/* Random octets encoded by the rules (soft line breaks with padding,
 * lower-case hex; base64 lines with junk between the letters) decode
 * back to the octets, in any pieces. */
START_TEST(transfer_round_trip)
{
    static const char hex[] = "0123456789ABCDEF", lhex[] = "0123456789abcdef",
        b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    rng_seed(4648);
    for (int iter = 0; iter < 120; iter++) {
        unsigned char s[600];
        size_t n = below(sizeof s);
        struct tl_buf qp = { 0 }, b6 = { 0 }, out = { 0 };
        for (size_t i = 0; i < n; i++)
            s[i] = (unsigned char)(below(3) ? 'a' + below(26) : below(256));
        for (size_t i = 0; i < n; i++) {
            if (below(10) == 0)
                tl_buf_puts(&qp, below(2) ? "=\r\n" : "= \t\r\n");    /* soft line break */
            if (s[i] >= 'a' && s[i] <= 'z')
                putc_(&qp, (char)s[i]);
            else {
                const char *h = below(2) ? hex : lhex;
                putc_(&qp, '=');
                putc_(&qp, h[s[i] >> 4]);
                putc_(&qp, h[s[i] & 15]);
            }
        }
        for (size_t i = 0; i < n; i += 3) {
            uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0)
                         | (i + 2 < n ? s[i + 2] : 0);
            char g[4] = { b64[v >> 18], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=',
                          i + 2 < n ? b64[v & 63] : '=' };
            for (int k = 0; k < 4; k++) {
                tl_buf_put(&b6, &g[k], 1);
                if (below(8) == 0)
                    tl_buf_puts(&b6, below(2) ? "\r\n" : " *");       /* ignored (§6.8) */
            }
        }
        for (size_t step = 0; step < 4; step++) {
            size_t m = decode_pieces(TRANSFER_QP, qp.p ? qp.p : "", qp.len, step, &out);
            ck_assert_msg(m == n && memcmp(out.p, s, n) == 0, "QP \"%s\"", qp.p);
            m = decode_pieces(TRANSFER_BASE64, b6.p ? b6.p : "", b6.len, step, &out);
            ck_assert_msg(m == n && memcmp(out.p, s, n) == 0, "base64 \"%s\"", b6.p);
        }
        free(qp.p);
        free(b6.p);
        free(out.p);
    }
}
END_TEST

/* ---- SEARCH: the scan over decoded chunks -------------------------------- */

/* What search_text_contains() should answer for a single text part:
 * search_contains() over the whole part decoded at once. */
static int oracle(enum transfer_encoding enc, enum charset cs, const char *body, size_t len,
                  const char *needle, size_t nlen)
{
    struct transfer_decoder d;
    char *dec = malloc(len + TRANSFER_SLACK), *utf8 = malloc((len + TRANSFER_SLACK) * 3);
    transfer_init(&d, enc);
    size_t n = transfer_decode(&d, body, len, dec, 1);
    n = charset_to_utf8(cs, dec, n, utf8);
    int found = search_contains(utf8, n, needle, nlen);
    free(dec);
    free(utf8);
    return found;
}

/* A needle: a piece of @s (found, if the chunked scan works) -- always when
 * @piece -- or random octets heavy in C3 and continuation octets. */
static size_t pick_needle(const char *s, size_t n, char *needle, size_t max, int piece)
{
    size_t len = 1 + below(max - 1);
    if ((piece || below(3) > 0) && n > 0) {
        size_t at = below(n);
        if (len > n - at)
            len = n - at;
        memcpy(needle, s + at, len);
    } else {
        static const unsigned char oct[] = { 0xC3, 0x96, 0xB6, 0x80, 0x9E, 0x97, 'a', 'A' };
        for (size_t i = 0; i < len; i++)
            needle[i] = (char)oct[below(N(oct))];
    }
    return len;
}

/* Plain 7bit text: every needle cut from it is found, across every chunk
 * border.  Random octets (UTF-8 continuation octets, C3, NUL), encoded
 * and in any charset: the chunked search answers what a search over the
 * whole decoded part answers. */
START_TEST(search_text_windows)
{
    static const char *const encs[] = { "7bit", "quoted-printable", "base64" },
                             *const sets[] = { "us-ascii", "utf-8", "iso-8859-1",
                                               "iso-8859-15", "koi8-r" };
    rng_seed(3501);
    for (int iter = 0; iter < 240; iter++) {
        size_t len = below(3 * SEARCH_TEXT_CHUNK), nlen;
        int plain = iter % 2 == 0, e = plain ? 0 : (int)below(3), c = (int)below(N(sets));
        char needle[300];
        struct tl_buf body = { 0 }, msg = { 0 };
        for (size_t i = 0; i < len; i++) {
            static const unsigned char hot[] = { 0xC3, 0x96, 0xB6, 0x9E, 0x97, '=', '\r',
                                                 '\n', 'A', 'a' };
            if (plain)
                putc_(&body, (char)(' ' + below(95)));
            else
                putc_(&body, (char)(below(2) ? hot[below(N(hot))] : below(256)));
        }
        if (plain)
            nlen = pick_needle(body.p, body.len, needle, below(4) ? 20 : sizeof needle, 1);
        else
            nlen = pick_needle(body.p, body.len, needle, 2 + below(40), 0);
        if (iter % 8 == 7 && len > SEARCH_TEXT_CHUNK) {
            /* A letter cut by the first chunk's border: C3 then one of
             * the continuation octets the fold changes, in plain filler
             * (the border the window this file once tested scanned at). */
            e = 0;
            c = 1;
            memset(body.p, 'x', body.len);
            body.p[SEARCH_TEXT_CHUNK - 1] = '\xc3';
            body.p[SEARCH_TEXT_CHUNK] = (char)(0x80 + below(0x1F));
            needle[0] = body.p[SEARCH_TEXT_CHUNK];
            nlen = 1;
        }
        tl_buf_puts(&msg, "Subject: robust\r\nContent-Type: text/plain; charset=");
        tl_buf_puts(&msg, sets[c]);
        tl_buf_puts(&msg, "\r\nContent-Transfer-Encoding: ");
        tl_buf_puts(&msg, encs[e]);
        tl_buf_puts(&msg, "\r\n\r\n");
        size_t body_off = msg.len;
        if (body.len)
            tl_buf_put(&msg, body.p, body.len);
        char *m = exact(msg.p, msg.len), *nd = exact(needle, nlen);
        int got = search_text_contains(m, msg.len, 0, nd, nlen);
        if (plain)
            ck_assert_msg(got == 1, "needle of %zu octets not found in %zu of 7bit text",
                          nlen, len);
        int want = oracle(transfer_encoding_of(encs[e]),
                          charset_lookup(sets[c], strlen(sets[c])), m + body_off,
                          msg.len - body_off, nd, nlen);
        ck_assert_msg(got == want, "%s, %s, %zu octets, needle of %zu: chunks say %d, "
                      "whole says %d", encs[e], sets[c], len, nlen, got, want);
        free(m);
        free(nd);
        free(body.p);
        free(msg.p);
    }
}
END_TEST

/* A needle longer than the text; an empty text; an empty message. */
START_TEST(search_text_short)
{
    static const char msg[] = "Subject: x\r\n\r\nab";
    char *m = exact(msg, sizeof msg - 1);
    ck_assert_int_eq(search_text_contains(m, sizeof msg - 1, 0, "abc", 3), 0);
    ck_assert_int_eq(search_text_contains(m, sizeof msg - 1, 0, "ab", 2), 1);
    ck_assert_int_eq(search_text_contains(m, 0, 1, "a", 1), 0);
    ck_assert_int_eq(search_text_contains(m, 0, 1, "", 0), 1);
    ck_assert_int_eq(search_text_contains(m, 14, 0, "x", 1), 0);    /* header only */
    free(m);
}
END_TEST

/* Multiparts and message/rfc822 nested @depth deep around a text part
 * holding "needle"; boundaries closed or not. */
static void nested(struct tl_buf *b, int depth, int close)
{
    char line[80];
    for (int i = 0; i < depth; i++) {
        if (i % 3 == 2) {
            tl_buf_puts(b, "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n");
            continue;
        }
        snprintf(line, sizeof line, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n"
                 "preamble\r\n--b%d\r\n", i, i);
        tl_buf_puts(b, line);
    }
    tl_buf_puts(b, "Content-Type: text/plain\r\n\r\nthe needle is here\r\n");
    for (int i = depth - 1; close && i >= 0; i--) {
        if (i % 3 == 2)
            continue;
        snprintf(line, sizeof line, "--b%d--\r\nepilogue\r\n", i);
        tl_buf_puts(b, line);
    }
}

START_TEST(search_text_deep)
{
    for (int depth = 0; depth <= 600; depth += depth < 40 ? 1 : 100) {
        for (int close = 0; close <= 1; close++) {
            struct tl_buf b = { 0 };
            tl_buf_puts(&b, "Subject: deep\r\n");
            nested(&b, depth, close);
            char *m = exact(b.p, b.len);
            int got = search_text_contains(m, b.len, 1, "NEEDLE", 6);
            /* Within the parser's depth the text part is found; deeper
             * the parts are data (mime.h), but never an error. */
            if (depth < 20)
                ck_assert_msg(got == 1, "depth %d, closed %d: not found", depth, close);
            else
                ck_assert_msg(got == 0 || got == 1, "depth %d: %d", depth, got);
            ck_assert_int_eq(search_text_contains(m, b.len, 1, "inner", 5), depth >= 3 ? 1 : 0);
            free(m);
            free(b.p);
        }
    }
}
END_TEST

static const char *const mime_frags[] = {
    "Content-Type: multipart/mixed; boundary=x\r\n", "Content-Type: message/rfc822\r\n",
    "Content-Type: text/plain; charset=iso-8859-1\r\n", "Content-Type: multipart/digest;"
    " boundary=\"\"\r\n", "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n", "--x\r\n", "--x--\r\n", "--x", "\r\n",
    "\r\n\r\n", "Subject: =?UTF-8?Q?", "?=", "=C3=B6", "w7Y=", "text", " ", "\n", ":",
    "Content-Type: text/plain; charset*0=utf; charset*1=-8\r\n",
};

/* Random MIME-looking messages through the whole SEARCH evaluator
 * (search_match(), BODY, TEXT, HEADER): an answer, never UNKNOWN (the
 * message is readable), never a bad read. */
static const char *ev_msg;
static size_t ev_len;

static int ev_header(void *arg, const char **hdr, size_t *len)
{
    (void)arg;
    const char *e = find(ev_msg, ev_len, "\r\n\r\n", 4);
    *hdr = ev_msg;
    *len = e ? (size_t)(e - ev_msg) + 4 : ev_len;
    return 0;
}

static int ev_message(void *arg, const char **msg, size_t *len, size_t *body)
{
    (void)arg;
    ev_header(arg, msg, body);
    *msg = ev_msg;
    *len = ev_len;
    return 0;
}

START_TEST(search_eval_hostile)
{
    struct search_source src = { NULL, NULL, ev_header, ev_message, NULL };
    struct search_msg sm = { 0 };
    static const enum search_kind kinds[] = { SEARCH_BODY, SEARCH_TEXT, SEARCH_HEADER };
    rng_seed(3);
    for (int iter = 0; iter < 400; iter++) {
        struct tl_buf b = { 0 };
        char needle[16];
        hostile(&b, mime_frags, N(mime_frags), below(iter % 20 == 0 ? 20000 : 600));
        char *m = exact(b.p ? b.p : "", b.len);
        size_t nlen = pick_needle(m, b.len, needle, sizeof needle, 0);
        struct search_key k = { 0 };
        k.kind = kinds[below(N(kinds))];
        k.field = "Subject";
        k.str = needle;
        k.str_len = nlen;
        ck_assert_int_eq(search_needle_init(&k.needle, needle, nlen), 0);  /* as the parser does */
        ev_msg = m;
        ev_len = b.len;
        enum search_match r = search_match(&k, &sm, &src);
        ck_assert_msg(r == SEARCH_YES || r == SEARCH_NO, "kind %d: %d", k.kind, r);
        search_needle_free(&k.needle);
        free(m);
        free(b.p);
    }
}
END_TEST

/* ---- SEARCH: the scan against the simple search ------------------------- */

/* The fold of search_eval.c, written again: ASCII A-Z, and C3 80..9E but
 * C3 97 after a C3. */
static unsigned char naive_fold(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 32);
    return c;
}

/* The search search_scan() replaced: every start, the whole needle. */
static int naive_contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    const unsigned char *h = (const unsigned char *)hay, *n = (const unsigned char *)needle;
    for (size_t i = 0; i + nlen <= hlen; i++) {
        size_t j = 0;
        while (j < nlen && naive_fold(h, i + j) == naive_fold(n, j))
            j++;
        if (j == nlen)
            return 1;
    }
    return 0;
}

/* Texts and needles over a few octets -- `a`, `A`, `b`, C3 and the
 * continuation octets the fold changes or must not -- so that borders,
 * repeats and letters cut in two are common; the text fed to
 * search_scan() in random pieces. */
START_TEST(search_scan_is_the_simple_search)
{
    static const unsigned char oct[] = { 'a', 'A', 'b', 0xC3, 0x96, 0xB6, 0x97, 0xB7 };
    rng_seed(1977);
    for (int iter = 0; iter < 20000; iter++) {
        char hay[64], needle[8];
        size_t hlen = below(sizeof hay), nlen = below(sizeof needle), alpha = 2 + below(N(oct) - 1);
        for (size_t i = 0; i < hlen; i++)
            hay[i] = (char)oct[below(alpha)];
        for (size_t i = 0; i < nlen; i++)
            needle[i] = (char)oct[below(alpha)];
        if (iter % 3 == 0 && hlen > 0) {        /* a piece of the text, often found */
            size_t at = below(hlen);
            nlen = 1 + below(hlen - at < sizeof needle ? hlen - at : sizeof needle);
            memcpy(needle, hay + at, nlen);
        }
        struct search_needle n;
        struct search_scan sc = { 0, 0, 0 };
        int found = 0;
        ck_assert_int_eq(search_needle_init(&n, needle, nlen), 0);
        for (size_t off = 0, piece; off < hlen || (hlen == 0 && off == 0); off += piece) {
            piece = hlen == 0 ? 1 : 1 + below(hlen - off);
            found = search_scan(&n, &sc, hay + off, hlen == 0 ? 0 : piece);
        }
        search_needle_free(&n);
        ck_assert_msg(found == naive_contains(hay, hlen, needle, nlen),
                      "iteration %d: scan says %d", iter, found);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("decode_robust");
    TCase *tc = tl_tcase("robust");

    tcase_add_test(tc, rfc2047_hostile);
    tcase_add_test(tc, rfc2047_round_trip);
    tcase_add_test(tc, rfc2047_huge_words);
    tcase_add_test(tc, charset_hostile);
    tcase_add_test(tc, transfer_hostile);
    tcase_add_test(tc, transfer_qp_kept);
    tcase_add_test(tc, transfer_round_trip);
    tcase_add_test(tc, search_text_windows);
    tcase_add_test(tc, search_text_short);
    tcase_add_test(tc, search_text_deep);
    tcase_add_test(tc, search_eval_hostile);
    tcase_add_test(tc, search_scan_is_the_simple_search);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
