/*
 * test-rfc2047.c -- unit tests of src/rfc2047.c and src/charset.c
 * (chapter changing-mail): B and Q encoded words, `_` in Q, either case
 * of the encoding letter and the charset, adjacent words joined without
 * their white space (RFC 2047 §6.2), white space to ordinary text kept,
 * malformed words left as written (§6.3: bad base64, an unknown encoding,
 * no `?=`, a bad `=` in Q, a blank in the text, an over-long word), the
 * RFC 2231 language suffix, and the charsets: UTF-8, ISO-8859-1 (read as
 * windows-1252), ISO-8859-15, unknown ones kept as octets.
 *
 * Then the reader (rfc2047_reader_init(), rfc2047_read()), which decodes
 * a value a piece at a time in fixed memory: on thousands of random and
 * adversarial values -- words at every offset around its window, adjacent
 * words across folds and across white space longer than the window,
 * malformed words, NUL octets, words of 998 and 999 characters, bare CR
 * and LF -- its pieces joined must be exactly rfc2047_decode()'s result
 * (of the value as it is, or unfolded and trimmed), with output buffers
 * of every size from RFC2047_READ_MIN up; and an 8 MiB header is decoded
 * through a buffer of RFC2047_READ_MIN octets and nothing else.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "charset.h"
#include "rfc2047.h"
#include "testlib.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Decode @in and compare with @want. */
static void dec(const char *in, const char *want)
{
    size_t n;
    char *out = rfc2047_decode(in, strlen(in), &n);

    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(n, strlen(out));
    ck_assert_msg(strcmp(out, want) == 0, "\"%s\": got \"%s\", want \"%s\"", in, out, want);
    free(out);
}

START_TEST(b_and_q)
{
    dec("=?UTF-8?B?R3LDtsOfZQ==?=", "Gr\xc3\xb6\xc3\x9f" "e");
    dec("=?UTF-8?Q?Gr=C3=B6=C3=9Fe?=", "Gr\xc3\xb6\xc3\x9f" "e");
    dec("=?utf-8?q?Gr=c3=b6=c3=9fe?=", "Gr\xc3\xb6\xc3\x9f" "e");    /* lower case */
    dec("=?utf-8?b?R3LDtsOfZQ==?=", "Gr\xc3\xb6\xc3\x9f" "e");
    dec("=?us-ascii?Q?a_b__c?=", "a b  c");                           /* _ is a space */
    dec("=?us-ascii?Q?a=5Fb?=", "a_b");                               /* =5F is _ */
    dec("=?UTF-8?B?R3LDtsOfZQ?=", "Gr\xc3\xb6\xc3\x9f" "e");          /* no padding */
    dec("Re: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Berlin", "Re: Gr\xc3\xbc\xc3\x9f" "e aus Berlin");
    dec("no words here", "no words here");
    dec("", "");
}
END_TEST

START_TEST(adjacent_words)
{
    /* §6.2: white space between words goes, even a folded line end. */
    dec("=?UTF-8?Q?Gr=C3=B6?= =?UTF-8?Q?=C3=9Fe?=", "Gr\xc3\xb6\xc3\x9f" "e");
    dec("=?UTF-8?Q?Gr=C3=B6?=\r\n\t =?UTF-8?Q?=C3=9Fe?=", "Gr\xc3\xb6\xc3\x9f" "e");
    dec("=?UTF-8?Q?a?= =?UTF-8?Q?b?=   =?UTF-8?Q?c?=", "abc");
    dec("=?UTF-8?Q?a?= =?UTF-8?Q?_b?=", "a b");                      /* a space must be encoded */
    /* A UTF-8 character cut between two B words still comes out whole. */
    dec("=?UTF-8?B?R3LD?= =?UTF-8?B?tsOfZQ==?=", "Gr\xc3\xb6\xc3\x9f" "e");
    /* Between a word and text the white space stays. */
    dec("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c");
    dec("x =?UTF-8?Q?a?=", "x a");
    /* A malformed word between two words is text: both spaces stay. */
    dec("=?UTF-8?Q?a?= =?UTF-8?X?b?= =?UTF-8?Q?c?=", "a =?UTF-8?X?b?= c");
}
END_TEST

START_TEST(malformed_words)
{
    dec("=?UTF-8?B?R3L!!!DtsOfZQ==?=", "=?UTF-8?B?R3L!!!DtsOfZQ==?=");  /* bad base64 */
    dec("=?UTF-8?B?R3LDt?=", "=?UTF-8?B?R3LDt?=");                    /* 5 letters */
    dec("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=");                        /* no X encoding */
    dec("=?UTF-8?Q?abc", "=?UTF-8?Q?abc");                            /* no ?= */
    dec("=?UTF-8?Q?abc?", "=?UTF-8?Q?abc?");
    dec("=?UTF-8?Q?a=ZZb?=", "=?UTF-8?Q?a=ZZb?=");                    /* bad hex */
    dec("=?UTF-8?Q?ab=?=", "=?UTF-8?Q?ab=?=");                        /* = at the end */
    dec("=?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?=");                        /* a blank inside */
    dec("=??Q?abc?=", "=??Q?abc?=");                                  /* no charset */
    dec("=?UTF-8?QQ?abc?=", "=?UTF-8?QQ?abc?=");
    dec("=?UTF-8?Q?Gr\xc3\xb6?=", "=?UTF-8?Q?Gr\xc3\xb6?=");           /* 8-bit inside */
    dec("= ? =?", "= ? =?");
    /* Over-long: longer than RFC2047_WORD_MAX is left as written. */
    size_t n = RFC2047_WORD_MAX + 10, len;
    char *word = malloc(n + 1), *want = malloc(n + 1), *out;
    memcpy(word, "=?us-ascii?Q?", 13);
    memset(word + 13, 'x', n - 15);
    memcpy(word + n - 2, "?=", 3);
    out = rfc2047_decode(word, n, &len);
    ck_assert_mem_eq(out, word, n);
    free(out);
    /* ... and one of exactly the limit is decoded (longer than §2's 75). */
    word[RFC2047_WORD_MAX - 2] = '?';
    word[RFC2047_WORD_MAX - 1] = '=';
    out = rfc2047_decode(word, RFC2047_WORD_MAX, &len);
    memset(want, 'x', RFC2047_WORD_MAX - 15);
    ck_assert_uint_eq(len, RFC2047_WORD_MAX - 15);
    ck_assert_mem_eq(out, want, len);
    free(out);
    free(word);
    free(want);
}
END_TEST

START_TEST(charsets)
{
    dec("=?ISO-8859-1?Q?J=F6rg_M=FCller?=", "J\xc3\xb6rg M\xc3\xbcller");
    dec("=?iso-8859-1?b?S/Zsbg==?=", "K\xc3\xb6ln");
    dec("=?ISO-8859-1*de?Q?K=F6ln?=", "K\xc3\xb6ln");                 /* RFC 2231 language */
    dec("=?UTF-8*en-US?Q?caf=C3=A9?=", "caf\xc3\xa9");
    dec("=?windows-1252?Q?=93quoted=94_=80?=", "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac");
    dec("=?ISO-8859-1?Q?it=92s?=", "it\xe2\x80\x99s");                 /* read as windows-1252 */
    dec("=?ISO-8859-15?Q?=A4_=BD?=", "\xe2\x82\xac \xc5\x93");          /* € œ */
    dec("=?ISO-8859-1?Q?=A4?=", "\xc2\xa4");                           /* ¤ in Latin-1 */
    dec("=?KOI8-R?Q?abc=C1?=", "abc\xc1");                             /* unknown: octets */
    dec("=?x-unknown?B?aGVsbG8=?=", "hello");
}
END_TEST

START_TEST(charset_lookup_and_convert)
{
    char out[64];
    ck_assert_int_eq(charset_lookup("UTF-8", 5), CHARSET_UTF8);
    ck_assert_int_eq(charset_lookup("us-ascii", 8), CHARSET_UTF8);
    ck_assert_int_eq(charset_lookup("Latin1", 6), CHARSET_CP1252);
    ck_assert_int_eq(charset_lookup("iso-8859-15*fr", 14), CHARSET_LATIN9);
    ck_assert_int_eq(charset_lookup("utf-8x", 6), CHARSET_UNKNOWN);
    ck_assert_int_eq(charset_lookup("utf-", 4), CHARSET_UNKNOWN);
    ck_assert_int_eq(charset_lookup("", 0), CHARSET_UNKNOWN);
    /* Every Latin-1 letter: 0xC0..0xFF become C3 80..C3 BF. */
    for (unsigned c = 0xC0; c <= 0xFF; c++) {
        char in = (char)c;
        ck_assert_uint_eq(charset_to_utf8(CHARSET_CP1252, &in, 1, out), 2);
        ck_assert_uint_eq((unsigned char)out[0], 0xC3);
        ck_assert_uint_eq((unsigned char)out[1], 0x80 + (c - 0xC0));
    }
    ck_assert_uint_eq(charset_to_utf8(CHARSET_CP1252, "a\xa0" "b", 3, out), 4);
    ck_assert_mem_eq(out, "a\xc2\xa0" "b", 4);
    ck_assert_uint_eq(charset_to_utf8(CHARSET_CP1252, "\x81", 1, out), 2);     /* no char: U+0081 */
    ck_assert_mem_eq(out, "\xc2\x81", 2);
    ck_assert_uint_eq(charset_to_utf8(CHARSET_UTF8, "\xc3\xb6", 2, out), 2);   /* as is */
    ck_assert_mem_eq(out, "\xc3\xb6", 2);
}
END_TEST


/* ---- the reader ---------------------------------------------------- */

/* What SEARCH's header keys decoded before the reader: CR and LF removed
 * (RFC 5322 §2.2.3), blanks trimmed at both ends, then rfc2047_decode(). */
static char *decode_unfolded(const char *in, size_t len, size_t *n)
{
    char *u = malloc(len + 1);
    size_t o = 0, b = 0;

    ck_assert_ptr_nonnull(u);
    for (size_t i = 0; i < len; i++)
        if (in[i] != '\r' && in[i] != '\n')
            u[o++] = in[i];
    while (b < o && (u[b] == ' ' || u[b] == '\t'))
        b++;
    while (o > b && (u[o - 1] == ' ' || u[o - 1] == '\t'))
        o--;
    char *out = rfc2047_decode(u + b, o - b, n);
    free(u);
    return out;
}

/* Read @in with a reader and a buffer of @outsz octets; each piece must
 * fit, and the pieces joined must be the whole-value decode. */
static void same_as_whole(const char *in, size_t len, int unfold, size_t outsz)
{
    struct rfc2047_reader *r = malloc(sizeof *r);
    char *piece = malloc(outsz);
    struct tl_buf got = { NULL, 0, 0 };
    size_t n, wn;
    char *want = unfold ? decode_unfolded(in, len, &wn) : rfc2047_decode(in, len, &wn);

    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(piece);
    ck_assert_ptr_nonnull(want);
    tl_buf_put(&got, "", 0);
    rfc2047_reader_init(r, in, len, unfold);
    while ((n = rfc2047_read(r, piece, outsz)) > 0) {
        if (n > outsz)                  /* (no ck_assert in a loop: each one writes) */
            ck_abort_msg("a piece of %zu octets in a buffer of %zu", n, outsz);
        tl_buf_put(&got, piece, n);
    }
    ck_assert_uint_eq(rfc2047_read(r, piece, outsz), 0);        /* stays at the end */
    ck_assert_msg(got.len == wn && memcmp(got.p, want, wn) == 0,
                  "unfold %d, outsz %zu, input of %zu: got %zu octets, want %zu", unfold, outsz,
                  len, got.len, wn);
    free(got.p);
    free(want);
    free(piece);
    free(r);
}

/* Both ways, with the smallest buffer and two others. */
static void same_both_ways(const char *in, size_t len)
{
    static const size_t sizes[] = { RFC2047_READ_MIN, RFC2047_READ_MIN + 1, 4096 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (int unfold = 0; unfold <= 1; unfold++)
            same_as_whole(in, len, unfold, sizes[i]);
}

/* A deterministic pseudo-random sequence (a fixed seed: the same values
 * on every run). */
static unsigned long rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rnd_state >> 33) % n);
}

/* An encoded word of exactly @len characters (len >= 14), valid. */
static void long_word(struct tl_buf *b, size_t len)
{
    tl_buf_puts(b, "=?UTF-8?Q?");
    for (size_t i = 10; i + 2 < len; i++)
        tl_buf_put(b, "a", 1);
    tl_buf_puts(b, "?=");
}

/* A string that may hold NUL octets, with its length. */
struct str {
    const char *s;
    size_t n;
};
#define S(lit) { lit, sizeof lit - 1 }

/* The pieces random values are made of. */
static const struct str pieces[] = {
    S("=?UTF-8?B?R3LDtsOfZQ==?="), S("=?utf-8?q?Gr=C3=BC=C3=9Fe?="), S("=?ISO-8859-1?Q?K=F6ln?="),
    S("=?UTF-8?Q?a_b?="), S("=?x?q?y?="), S("=?UTF-8?B?R3LDtsOfZQ?="),    /* padding left out */
    S("=?UTF-8?B?R?="), S("=?UTF-8?X?abc?="), S("=?UTF-8?Q?a=4?="), S("=?UTF-8?Q?a b?="),
    S("=?UTF-8?Q?abc"), S("=?"), S("?="), S("=?=?"), S("?Q?"), S("="), S("?"),
    S("=?UTF-8*de?Q?x?="), S("=?UTF-8?Q?" "?="), S("=??Q?x?="), S("=?UTF-8? ?x?="),
    S(" "), S("  "), S("\t"), S("\r\n "), S("\r\n\t"), S("\r"), S("\n"), S("\r\n"),
    S("Subject: "), S("plain"), S("x"), S("\xc3\xb6"), S("\x96"), S("\0"),
    S("=?UTF-8?Q?a\0b?="), S("=?UTF-8?Q?a\r\nb?="), S("=?UTF-8?Q?a\rb?="), S("=?UTF-8?Q?\n?="),
    S("=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?="),
};

/* Append a random piece: usually a short one, sometimes a word of 998 or
 * 999, or white space longer than the reader's window. */
static void random_piece(struct tl_buf *b)
{
    unsigned k = rnd(100);

    if (k == 0) {
        long_word(b, RFC2047_WORD_MAX - rnd(2));        /* 998 decoded, 997 too */
    } else if (k == 1) {
        long_word(b, RFC2047_WORD_MAX + 1);             /* too long: as written */
    } else if (k == 2) {
        size_t n = RFC2047_WINDOW + rnd(3000);
        for (size_t i = 0; i < n; i++)
            tl_buf_puts(b, rnd(3) == 0 ? "\r\n " : " ");
    } else if (k < 6) {
        size_t n = rnd(RFC2047_WINDOW + 10);
        for (size_t i = 0; i < n; i++)
            tl_buf_put(b, "z", 1);
    } else {
        const struct str *p = &pieces[rnd(sizeof pieces / sizeof pieces[0])];
        tl_buf_put(b, p->s, p->n);
    }
}

START_TEST(reader_random_values)
{
    rnd_state = 2047;
    for (int t = 0; t < 1500; t++) {
        struct tl_buf b = { NULL, 0, 0 };
        unsigned npieces = 1 + rnd(t < 1000 ? 12 : 120);
        tl_buf_put(&b, "", 0);
        for (unsigned i = 0; i < npieces; i++)
            random_piece(&b);
        same_both_ways(b.p, b.len);
        free(b.p);
    }
}
END_TEST

/* Every offset of a word, of a pair of adjacent words, and of their white
 * space, around the window's borders -- where the reader moves its window
 * and reads on. */
START_TEST(reader_every_offset)
{
    static const struct str tails[] = {
        S("=?UTF-8?Q?Gr=C3=BC?= =?UTF-8?Q?=C3=9Fe?= end"),
        S("=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=\r\n\t=?UTF-8?Q?c?=\r\n x"),
        S("=?UTF-8?Q?a?= =?UTF-8?Q?b=4?= =?UTF-8?Q?c?="),  /* the middle one malformed */
        S("=?UTF-8?Q?a?= \r\n "),                        /* white space to the end */
        S("=?UTF-8?B?YWJj?=\0=?UTF-8?B?ZGVm?="),
    };
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
        for (size_t off = 0; off < 2 * RFC2047_WINDOW + 40; off++) {
            struct tl_buf b = { NULL, 0, 0 };
            tl_buf_put(&b, "", 0);
            for (size_t i = 0; i < off; i++)
                tl_buf_put(&b, i % 7 == 6 ? " " : "q", 1);
            tl_buf_put(&b, tails[t].s, tails[t].n);
            same_as_whole(b.p, b.len, 0, RFC2047_READ_MIN);
            same_as_whole(b.p, b.len, 1, RFC2047_READ_MIN + (off & 1));
            free(b.p);
        }
}
END_TEST

/* White space longer than the window between two words: dropped when a
 * word follows (§6.2), kept when text, a malformed word or the end does. */
START_TEST(reader_long_white_space)
{
    static const char *const after[] = { "=?UTF-8?Q?b?=", "b", "=?UTF-8?Q?b=?=", "" };
    static const char *const blanks[] = { " ", "\t", "\r\n ", "\r", "\n" };
    for (size_t a = 0; a < sizeof after / sizeof after[0]; a++)
        for (size_t k = 0; k < sizeof blanks / sizeof blanks[0]; k++)
            for (size_t n = RFC2047_WINDOW - 3; n < 3 * RFC2047_WINDOW; n += 997) {
                struct tl_buf b = { NULL, 0, 0 };
                tl_buf_puts(&b, "=?UTF-8?Q?a?=");
                for (size_t i = 0; i < n; i++)
                    tl_buf_puts(&b, blanks[k]);
                tl_buf_puts(&b, after[a]);
                same_both_ways(b.p, b.len);
                free(b.p);
            }
    /* and the simplest case, spelled out */
    struct rfc2047_reader r;
    char out[RFC2047_READ_MIN];
    struct tl_buf b = { NULL, 0, 0 };
    tl_buf_puts(&b, "=?UTF-8?Q?a?=");
    for (size_t i = 0; i < 5000; i++)
        tl_buf_puts(&b, "\r\n ");
    tl_buf_puts(&b, "=?UTF-8?Q?b?=");
    rfc2047_reader_init(&r, b.p, b.len, 0);
    ck_assert_uint_eq(rfc2047_read(&r, out, sizeof out), 1);     /* room for one more word */
    ck_assert_int_eq(out[0], 'a');
    ck_assert_uint_eq(rfc2047_read(&r, out, sizeof out), 1);     /* the white space is gone */
    ck_assert_int_eq(out[0], 'b');
    ck_assert_uint_eq(rfc2047_read(&r, out, sizeof out), 0);
    free(b.p);
}
END_TEST

/* An 8 MiB header section -- a million folded words -- through a buffer
 * of RFC2047_READ_MIN octets: the reader needs nothing else (it
 * allocates nothing; its struct is a few KiB), and gives what the whole
 * decode gives. */
START_TEST(reader_huge_header)
{
    struct tl_buf b = { NULL, 0, 0 };
    tl_buf_puts(&b, "From: a@example.org\r\nSubject: ");
    while (b.len < 8u << 20)
        tl_buf_puts(&b, "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n ");
    tl_buf_puts(&b, "=?UTF-8?Q?zeppelin?=\r\nX-Other: y\r\n\r\n");
    ck_assert_uint_lt(sizeof(struct rfc2047_reader), 8 * 1024);
    same_as_whole(b.p, b.len, 0, RFC2047_READ_MIN);
    same_as_whole(b.p, b.len, 1, RFC2047_READ_MIN);
    free(b.p);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rfc2047");
    TCase *tc = tl_tcase("decode");

    tcase_add_test(tc, b_and_q);
    tcase_add_test(tc, adjacent_words);
    tcase_add_test(tc, malformed_words);
    tcase_add_test(tc, charsets);
    tcase_add_test(tc, charset_lookup_and_convert);
    tcase_add_test(tc, reader_random_values);
    tcase_add_test(tc, reader_every_offset);
    tcase_add_test(tc, reader_long_white_space);
    tcase_add_test(tc, reader_huge_header);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
