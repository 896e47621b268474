/*
 * test-transfer-decode.c -- unit tests of src/transfer_decode.c (chapter
 * changing-mail): quoted-printable (=XX in either case, soft line breaks
 * with CRLF, LF and padding blanks, `=` at the end of the part, bad
 * escapes kept as written) and base64 (line breaks and junk ignored,
 * padding, a group without padding, a group over non-zero bits dropped),
 * each fed whole and fed one octet at a time: a decoder fed in pieces
 * must give the same octets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "testlib.h"
#include "transfer_decode.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Decode @in with @enc, fed in pieces of @step octets (0: whole). */
static size_t run(enum transfer_encoding enc, const char *in, size_t step, char *out)
{
    struct transfer_decoder d;
    size_t len = strlen(in), o = 0;

    transfer_init(&d, enc);
    if (step == 0)
        step = len ? len : 1;
    for (size_t off = 0; off < len || off == 0; off += step) {
        size_t n = len - off < step ? len - off : step;
        o += transfer_decode(&d, in + off, n, out + o, off + n >= len);
        if (len == 0)
            break;
    }
    return o;
}

/* @in must decode to @want, whole and octet by octet. */
static void check_dec(enum transfer_encoding enc, const char *in, const char *want,
                      size_t wlen)
{
    char *out = malloc(strlen(in) + TRANSFER_SLACK + 1);
    static const size_t steps[] = { 0, 1, 2, 3, 5 };

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        size_t n = run(enc, in, steps[i], out);
        ck_assert_msg(n == wlen && memcmp(out, want, wlen) == 0,
                      "\"%s\" in steps of %zu: got %zu octets \"%.*s\"", in, steps[i], n,
                      (int)n, out);
    }
    free(out);
}

#define QP(in, want) check_dec(TRANSFER_QP, in, want, sizeof want - 1)
#define B64(in, want) check_dec(TRANSFER_BASE64, in, want, sizeof want - 1)

START_TEST(encoding_names)
{
    ck_assert_int_eq(transfer_encoding_of(NULL), TRANSFER_IDENTITY);
    ck_assert_int_eq(transfer_encoding_of("7bit"), TRANSFER_IDENTITY);
    ck_assert_int_eq(transfer_encoding_of("8BIT"), TRANSFER_IDENTITY);
    ck_assert_int_eq(transfer_encoding_of("binary"), TRANSFER_IDENTITY);
    ck_assert_int_eq(transfer_encoding_of("x-uuencode"), TRANSFER_IDENTITY);
    ck_assert_int_eq(transfer_encoding_of("Quoted-Printable"), TRANSFER_QP);
    ck_assert_int_eq(transfer_encoding_of("BASE64"), TRANSFER_BASE64);
}
END_TEST

START_TEST(quoted_printable)
{
    QP("Gr=C3=BC=C3=9Fe", "Gr\xc3\xbc\xc3\x9f" "e");
    QP("Gr=c3=bc=c3=9fe", "Gr\xc3\xbc\xc3\x9f" "e");           /* lower case hex */
    QP("K=F6ln", "K\xf6ln");
    QP("a=3Db", "a=b");
    /* Soft line breaks (rule 5): CRLF, a bare LF, blanks before (rule 3). */
    QP("lang=\r\ne Zeile", "lange Zeile");
    QP("lang=\ne Zeile", "lange Zeile");
    QP("lang=  \t\r\ne Zeile", "lange Zeile");
    QP("Gr=\r\n=C3=BC=\r\n=C3=9Fe", "Gr\xc3\xbc\xc3\x9f" "e");
    /* Hard line breaks stay. */
    QP("one\r\ntwo\r\n", "one\r\ntwo\r\n");
    /* `=` at the end of the part: a soft line break before the boundary. */
    QP("end=", "end");
    QP("end=  ", "end");
    QP("end=\r", "end");
    /* Bad escapes are kept as written. */
    QP("a=ZZb", "a=ZZb");
    QP("a=4", "a=4");
    QP("a=4Gb", "a=4Gb");
    QP("a==41", "a=A");
    QP("a= b", "a= b");
    QP("a=\rb", "a=\rb");
    /* Blanks then a CR that is no line end: all kept (test-decode-robust
     * found the blanks dropped at the CR). */
    QP("a=  \rb", "a=  \rb");
    QP("a=\t\r=41", "a=\t\rA");
    QP("end=  \r", "end");
    QP("a=\t b", "a=\t b");                /* a tab stays a tab */
    QP("100% =", "100% ");
    QP("", "");
}
END_TEST

START_TEST(qp_padding_limit)
{
    /* More blanks after `=` than TRANSFER_WS_MAX: text, and the output
     * stays within len + TRANSFER_SLACK. */
    char in[256], want[256];
    size_t blanks = TRANSFER_WS_MAX + 10;
    in[0] = want[0] = '=';
    memset(in + 1, ' ', blanks);
    memset(want + 1, ' ', blanks);
    memcpy(in + 1 + blanks, "x", 2);
    memcpy(want + 1 + blanks, "x", 2);
    check_dec(TRANSFER_QP, in, want, blanks + 2);
}
END_TEST

START_TEST(base64)
{
    B64("SGVsbG8sIHdvcmxkIQ==", "Hello, world!");
    B64("SGVs\r\nbG8s\r\nIHdv\r\ncmxk\r\nIQ==\r\n", "Hello, world!");   /* lines */
    B64("SGVsb G8s*IH\tdv!cmxkIQ==", "Hello, world!");                 /* junk */
    B64("SGVsbG8sIHdvcmxkIQ", "Hello, world!");                        /* no padding */
    B64("SGk=", "Hi");
    B64("SGk=SGk=", "HiHi");                                           /* two encodings */
    B64("SGl=", "");                                                   /* bits under `=` */
    B64("S", "");                                                      /* one letter */
    B64("R3LDtsOfZQ==", "Gr\xc3\xb6\xc3\x9f" "e");
    B64("AAEC/w==", "\x00\x01\x02\xff");
    B64("", "");
}
END_TEST

START_TEST(identity)
{
    check_dec(TRANSFER_IDENTITY, "Gr=C3=BC SGVs", "Gr=C3=BC SGVs", 13);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("transfer_decode");
    TCase *tc = tl_tcase("decode");

    tcase_add_test(tc, encoding_names);
    tcase_add_test(tc, quoted_printable);
    tcase_add_test(tc, qp_padding_limit);
    tcase_add_test(tc, base64);
    tcase_add_test(tc, identity);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
