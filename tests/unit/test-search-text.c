/*
 * test-search-text.c -- unit tests of src/search_text.c and the case
 * folding of search_contains() (chapter changing-mail): BODY and TEXT
 * look in decoded text parts (quoted-printable, base64, charsets), never
 * in the encoded form, nor in non-text parts or a multipart's preamble;
 * an attached message's header is searched decoded; a word cut by a
 * chunk border is found; ASCII and Latin-1 letters fold, others do not.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "search_eval.h"
#include "search_text.h"
#include "testlib.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const char mixed[] =
    "From: a@example.org\r\n"
    "Subject: =?UTF-8?Q?Gr=C3=B6=C3=9Fe?=\r\n"
    "Content-Type: multipart/mixed; boundary=\"xx\"\r\n"
    "\r\n"
    "preamble-word\r\n"
    "--xx\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Sch=C3=B6ne Gr=\r\n"
    "=C3=BC=C3=9Fe aus K=C3=B6ln=\r\n"
    "--xx\r\n"
    "Content-Type: text/html; charset=ISO-8859-1\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "PHA+U3Ry5d9lIGluIE3cbmNoZW48L3A+\r\n"          /* <p>Strå\xdfe in M\xdcnchen</p> */
    "--xx\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "c2VjcmV0d29yZA==\r\n"                          /* "secretword" */
    "--xx\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "Subject: =?ISO-8859-1?Q?Fr=FChst=FCck?=\r\n"
    "\r\n"
    "inner body\r\n"
    "--xx--\r\n"
    "epilogue-word\r\n";

/* BODY (with_header 0) or TEXT (1) of the mixed message. */
static int body(const char *needle)
{
    return search_text_contains(mixed, strlen(mixed), 0, needle, strlen(needle));
}

static int text(const char *needle)
{
    return search_text_contains(mixed, strlen(mixed), 1, needle, strlen(needle));
}

START_TEST(decoded_parts)
{
    ck_assert_int_eq(body("K\xc3\xb6ln"), 1);                    /* QP, UTF-8 */
    ck_assert_int_eq(body("Gr\xc3\xbc\xc3\x9f" "e"), 1);          /* across a soft break */
    ck_assert_int_eq(body("Gr\xc3\xbc\xc3\x9f" "e aus"), 1);
    ck_assert_int_eq(body("M\xc3\x9cnchen"), 1);                 /* base64, Latin-1 */
    ck_assert_int_eq(body("str\xc3\xa5\xc3\x9f" "e"), 1);        /* and the case of S */
    ck_assert_int_eq(body("inner body"), 1);                     /* an attached message */
    ck_assert_int_eq(body("Fr\xc3\xbchst\xc3\xbc" "ck"), 1);     /* ... its header, decoded */
    ck_assert_int_eq(body(""), 1);
}
END_TEST

START_TEST(encoded_form_not_found)
{
    ck_assert_int_eq(body("=C3=B6"), 0);
    ck_assert_int_eq(body("K=C3"), 0);
    ck_assert_int_eq(body("Gr=\r\n"), 0);
    ck_assert_int_eq(body("PHA+U3Ry"), 0);                       /* the base64 letters */
    ck_assert_int_eq(body("secretword"), 0);                     /* not a text part */
    ck_assert_int_eq(body("c2VjcmV0"), 0);
    ck_assert_int_eq(body("preamble-word"), 0);                  /* no reader shows it */
    ck_assert_int_eq(body("epilogue-word"), 0);
    ck_assert_int_eq(body("Fr=FC"), 0);
    ck_assert_int_eq(body("Gr\xc3\xb6\xc3\x9f" "e"), 0);          /* in the header only */
    ck_assert_int_eq(body("K\xf6ln"), 0);                        /* not Latin-1 octets */
    ck_assert_int_eq(body("K\xc3\xb6ln<p>"), 0);                  /* no match across parts */
}
END_TEST

START_TEST(text_has_the_header)
{
    ck_assert_int_eq(text("Gr\xc3\xb6\xc3\x9f" "e"), 1);          /* Subject, decoded */
    ck_assert_int_eq(text("GR\xc3\x96\xc3\x9f" "E"), 1);
    ck_assert_int_eq(text("a@example.org"), 1);
    ck_assert_int_eq(text("K\xc3\xb6ln"), 1);
    ck_assert_int_eq(text("=?UTF-8?Q?Gr"), 0);                   /* not as written */
}
END_TEST

START_TEST(plain_and_unknown)
{
    /* No Content-Type: text/plain; charset=us-ascii (RFC 2045 §5.2). */
    static const char plain[] = "Subject: x\r\n\r\nGr\xc3\xbc\xc3\x9f" "e =C3=B6\r\n";
    ck_assert_int_eq(search_text_contains(plain, strlen(plain), 0, "=C3=B6", 6), 1);
    ck_assert_int_eq(search_text_contains(plain, strlen(plain), 0, "Gr\xc3\xbc", 4), 1);
    /* An unknown charset: the octets as they are. */
    static const char koi[] =
        "Content-Type: text/plain; charset=KOI8-R\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\nabc=C1=C2 def\r\n";
    ck_assert_int_eq(search_text_contains(koi, strlen(koi), 0, "abc\xc1\xc2", 5), 1);
    ck_assert_int_eq(search_text_contains(koi, strlen(koi), 0, "def", 3), 1);
    /* A message that is only a picture has no text. */
    static const char img[] =
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n";
    ck_assert_int_eq(search_text_contains(img, strlen(img), 0, "hello", 5), 0);
    ck_assert_int_eq(search_text_contains(img, strlen(img), 0, "aGVs", 4), 0);
    ck_assert_int_eq(search_text_contains(img, strlen(img), 1, "image/png", 9), 1);
}
END_TEST

/* A text/plain base64 message of @p plain (length a multiple of 3),
 * encoded by hand in lines of 76 letters (RFC 2045 §6.8). */
static char *base64_message(const char *plain, size_t textlen, size_t *len)
{
    static const char head[] = "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *msg = malloc(sizeof head + textlen / 3 * 4 + textlen / 57 * 2 + 16);
    size_t o = sizeof head - 1;

    memcpy(msg, head, o);
    for (size_t i = 0; i < textlen; i += 3) {
        unsigned long v = (unsigned long)(unsigned char)plain[i] << 16
            | (unsigned long)(unsigned char)plain[i + 1] << 8 | (unsigned char)plain[i + 2];
        msg[o++] = abc[v >> 18 & 63];
        msg[o++] = abc[v >> 12 & 63];
        msg[o++] = abc[v >> 6 & 63];
        msg[o++] = abc[v & 63];
        if ((i + 3) % 57 == 0) {
            msg[o++] = '\r';
            msg[o++] = '\n';
        }
    }
    *len = o;
    return msg;
}

START_TEST(chunk_borders)
{
    /* The part is decoded and scanned in chunks; the borders of the
     * decoded chunks move with the encoding, so put the word at every
     * offset across each multiple of SEARCH_TEXT_CHUNK (and some more):
     * it is cut at each of its octets (and the Ü's two octets are cut
     * apart once).  (Written for the window this file once slid over the
     * chunks; the scan that replaced it must pass the same.) */
    static const char word[] = "needle-\xc3\x9c" "ber";      /* 11 octets */
    size_t nlen = sizeof word - 1, textlen = 3 * SEARCH_TEXT_CHUNK, len;

    for (size_t border = nlen + SEARCH_TEXT_CHUNK; border < textlen; border += SEARCH_TEXT_CHUNK) {
        for (size_t at = border - nlen; at <= border; at++) {
            char *plain = malloc(textlen);
            memset(plain, '.', textlen);
            memcpy(plain + at, word, nlen);
            char *msg = base64_message(plain, textlen, &len);
            ck_assert_msg(search_text_contains(msg, len, 0, "NEEDLE-\xc3\xbc" "BER", nlen) == 1,
                          "word at %zu not found", at);
            ck_assert_int_eq(search_text_contains(msg, len, 0, "needle-\xc3\x9c" "bet", nlen), 0);
            free(msg);
            free(plain);
        }
    }
}
END_TEST

START_TEST(border_in_a_letter)
{
    /* A chunk border between the C3 and the 96 of Ö.  The whole text
     * holds no lone 96 (the 96 of Ö folds to B6), so "\x96" must not be
     * found -- it was, when the window this file once slid over the
     * chunks tried that octet again without the C3 before it
     * (test-decode-robust found it); the scan keeps the C3 as context. */
    static const char head[] = "Subject: x\r\n\r\n";
    size_t h = sizeof head - 1, len = h + SEARCH_TEXT_CHUNK + 11;
    char *msg = malloc(len);

    memcpy(msg, head, h);
    memset(msg + h, 'x', SEARCH_TEXT_CHUNK - 1);
    msg[h + SEARCH_TEXT_CHUNK - 1] = '\xc3';
    msg[h + SEARCH_TEXT_CHUNK] = '\x96';
    memset(msg + h + SEARCH_TEXT_CHUNK + 1, 'y', 10);
    ck_assert_int_eq(search_contains(msg + h, len - h, "\x96", 1), 0);
    ck_assert_int_eq(search_text_contains(msg, len, 0, "\x96", 1), 0);
    ck_assert_int_eq(search_text_contains(msg, len, 0, "\xb6y", 2), 1);     /* the ö is */
    free(msg);
}
END_TEST

START_TEST(case_folding)
{
    /* ASCII letters, and Latin-1 letters in UTF-8 (À..Þ to à..þ). */
    ck_assert_int_eq(search_contains("K\xc3\xb6ln", 5, "K\xc3\x96LN", 5), 1);
    ck_assert_int_eq(search_contains("\xc3\x80\xc3\x9e", 4, "\xc3\xa0\xc3\xbe", 4), 1);
    ck_assert_int_eq(search_contains("a\xc3\x97" "b", 4, "a\xc3\xb7" "b", 4), 0);  /* × is not ÷ */
    ck_assert_int_eq(search_contains("\xc3\x9f", 2, "SS", 2), 0);   /* ß is not SS */
    /* Beyond Latin-1, octets match exactly: Ω (CE A9) is not ω (CF 89),
     * and Ÿ (C5 B8) is not ÿ (C3 BF). */
    ck_assert_int_eq(search_contains("\xce\xa9", 2, "\xcf\x89", 2), 0);
    ck_assert_int_eq(search_contains("\xc5\xb8", 2, "\xc3\xbf", 2), 0);
    /* A continuation octet of another character is not folded: ✀ is
     * E2 9C 80, ✠ is E2 9C A0. */
    ck_assert_int_eq(search_contains("\xe2\x9c\x80", 3, "\xe2\x9c\xa0", 3), 0);
    ck_assert_int_eq(search_contains("\xc4\x80", 2, "\xc4\xa0", 2), 0);
}
END_TEST

/* BODY's work grows with the part plus the needle, not their product
 * (test-search-eval's contains_in_linear_time says why and how much): a
 * text part of 4 MiB of `a`, a needle of 64 KiB of `a` then `b`.  Tried
 * start by start, each chunk of the window cost 4096 times 64 Ki steps,
 * hours for the part; a scan that never goes back takes milliseconds. */
START_TEST(body_in_linear_time)
{
    static const char head[] = "Content-Type: text/plain\r\n\r\n";
    size_t h = sizeof head - 1, blen = 4u << 20, nlen = 64u << 10;
    char *msg = malloc(h + blen), *needle = malloc(nlen);

    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(needle);
    memcpy(msg, head, h);
    memset(msg + h, 'a', blen);
    memset(needle, 'a', nlen - 1);
    needle[nlen - 1] = 'b';
    ck_assert_int_eq(search_text_contains(msg, h + blen, 0, needle, nlen), 0);
    msg[h + blen - 1] = 'b';
    ck_assert_int_eq(search_text_contains(msg, h + blen, 1, needle, nlen), 1);
    free(msg);
    free(needle);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("search_text");
    TCase *tc = tl_tcase("text");

    tcase_add_test(tc, decoded_parts);
    tcase_add_test(tc, encoded_form_not_found);
    tcase_add_test(tc, text_has_the_header);
    tcase_add_test(tc, plain_and_unknown);
    tcase_add_test(tc, chunk_borders);
    tcase_add_test(tc, border_in_a_letter);
    tcase_add_test(tc, case_folding);
    tcase_add_test(tc, body_in_linear_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
