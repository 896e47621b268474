/*
 * test-rfc2047.c -- unit tests of src/rfc2047.c and src/charset.c
 * (chapter changing-mail): B and Q encoded words, `_` in Q, either case
 * of the encoding letter and the charset, adjacent words joined without
 * their white space (RFC 2047 §6.2), white space to ordinary text kept,
 * malformed words left as written (§6.3: bad base64, an unknown encoding,
 * no `?=`, a bad `=` in Q, a blank in the text, an over-long word), the
 * RFC 2231 language suffix, and the charsets: UTF-8, ISO-8859-1 (read as
 * windows-1252), ISO-8859-15, unknown ones kept as octets.
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

static Suite *suite(void)
{
    Suite *s = suite_create("rfc2047");
    TCase *tc = tl_tcase("decode");

    tcase_add_test(tc, b_and_q);
    tcase_add_test(tc, adjacent_words);
    tcase_add_test(tc, malformed_words);
    tcase_add_test(tc, charsets);
    tcase_add_test(tc, charset_lookup_and_convert);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
