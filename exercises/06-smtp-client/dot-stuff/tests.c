/*
 * tests.c -- tests of exercise "dot-stuff" (ex_dotstuff).
 *
 * Each test compares the encoding byte for byte with what RFC 5321
 * §4.5.2 asks for, and every test has at least one message that must
 * encode successfully: a function that always fails passes none.
 */
#include "exercise.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

/* The encoding of (in, inlen) must be exactly want (wantlen octets). */
static void check(const char *in, size_t inlen, const char *want, size_t wantlen)
{
    char out[512];
    size_t n;

    memset(out, '#', sizeof out);
    n = ex_dotstuff(in, inlen, out, sizeof out);
    ck_assert_msg(n == wantlen, "message \"%.*s\": length %zu, want %zu",
                  (int)inlen, in, n, wantlen);
    ck_assert_msg(memcmp(out, want, wantlen) == 0, "message \"%.*s\": wrong octets: \"%.*s\"",
                  (int)inlen, in, (int)wantlen, out);
}

#define CHECK(in, want) check(in, sizeof(in) - 1, want, sizeof(want) - 1)

START_TEST(crlf_message_unchanged)
{
    CHECK("Subject: x\r\n\r\nHello\r\n", "Subject: x\r\n\r\nHello\r\n.\r\n");
    CHECK("one line\r\n", "one line\r\n.\r\n");
}
END_TEST

START_TEST(lf_becomes_crlf)
{
    CHECK("Subject: x\n\nHello\nWorld\n", "Subject: x\r\n\r\nHello\r\nWorld\r\n.\r\n");
    CHECK("\n\n", "\r\n\r\n.\r\n");
}
END_TEST

START_TEST(cr_becomes_crlf)
{
    CHECK("a\rb\r", "a\r\nb\r\n.\r\n");
    CHECK("a\r\rb", "a\r\n\r\nb\r\n.\r\n");
    CHECK("a\n\r\nb\r\n", "a\r\n\r\nb\r\n.\r\n");
}
END_TEST

START_TEST(final_line_end_added)
{
    CHECK("no line end", "no line end\r\n.\r\n");
    CHECK("a\nb", "a\r\nb\r\n.\r\n");
}
END_TEST

START_TEST(empty_message)
{
    CHECK("", ".\r\n");
    CHECK("\r\n", "\r\n.\r\n");
}
END_TEST

START_TEST(leading_dots_doubled)
{
    CHECK(".sig\r\n", "..sig\r\n.\r\n");
    CHECK(".\n", "..\r\n.\r\n");
    CHECK("..\n", "...\r\n.\r\n");
    CHECK("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n");
    CHECK(".", "..\r\n.\r\n");
}
END_TEST

START_TEST(other_dots_kept)
{
    CHECK("a.b\n x.\n a .\n", "a.b\r\n x.\r\n a .\r\n.\r\n");
}
END_TEST

START_TEST(smuggling_shapes)
{
    CHECK("x\n.\nRCPT TO:<evil@example>\n", "x\r\n..\r\nRCPT TO:<evil@example>\r\n.\r\n");
    CHECK("x\r.\rQUIT", "x\r\n..\r\nQUIT\r\n.\r\n");
}
END_TEST

START_TEST(eight_bit_and_nul_copied)
{
    CHECK("caf\xc3\xa9\n", "caf\xc3\xa9\r\n.\r\n");
    CHECK("a\0b\n", "a\0b\r\n.\r\n");
}
END_TEST

START_TEST(exact_fit_and_too_small)
{
    char out[16];

    /* "..x\r\n.\r\n" is 8 octets: 8 is enough, 7 is not */
    ck_assert_uint_eq(ex_dotstuff(".x", 2, out, 8), 8);
    ck_assert(memcmp(out, "..x\r\n.\r\n", 8) == 0);
    ck_assert_uint_eq(ex_dotstuff(".x", 2, out, 7), (size_t)-1);
    ck_assert_uint_eq(ex_dotstuff("", 0, out, 2), (size_t)-1);
}
END_TEST

START_TEST(long_message)
{
    /* 100 lines "." and "x": 50 * ("..\r\n" + "x\r\n") + ".\r\n" */
    char in[200], *want = malloc(400), *out = malloc(400);
    size_t i, w = 0;

    for (i = 0; i < 100; i++) {
        in[2 * i] = i % 2 ? 'x' : '.';
        in[2 * i + 1] = '\n';
        memcpy(want + w, i % 2 ? "x\r\n" : "..\r\n", i % 2 ? 3 : 4);
        w += i % 2 ? 3 : 4;
    }
    memcpy(want + w, ".\r\n", 3);
    w += 3;
    ck_assert_uint_eq(ex_dotstuff(in, 200, out, 400), w);
    ck_assert(memcmp(out, want, w) == 0);
    free(want);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dot-stuff");
    TCase *tc = tl_tcase("dot-stuff");

    tcase_add_test(tc, crlf_message_unchanged);
    tcase_add_test(tc, lf_becomes_crlf);
    tcase_add_test(tc, cr_becomes_crlf);
    tcase_add_test(tc, final_line_end_added);
    tcase_add_test(tc, empty_message);
    tcase_add_test(tc, leading_dots_doubled);
    tcase_add_test(tc, other_dots_kept);
    tcase_add_test(tc, smuggling_shapes);
    tcase_add_test(tc, eight_bit_and_nul_copied);
    tcase_add_test(tc, exact_fit_and_too_small);
    tcase_add_test(tc, long_message);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
