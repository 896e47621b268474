/*
 * tests.c -- tests of exercise "data-end" (ex_data_extract).
 *
 * Every test extracts at least one message that does end, and checks the
 * message byte for byte: a function that never finds an end passes nothing.
 */
#include "exercise.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

/* in (a C string) must end after `used` octets and hold message `want`. */
static void extracts(const char *in, long used, const char *want)
{
    char out[1024];
    size_t outlen = 12345;
    long r = ex_data_extract(in, strlen(in), out, &outlen);

    ck_assert_msg(r == used, "input \"%s\": returned %ld, want %ld", in, r, used);
    ck_assert_msg(outlen == strlen(want), "input \"%s\": message of %zu octets, want %zu",
                  in, outlen, strlen(want));
    ck_assert_msg(memcmp(out, want, outlen) == 0, "input \"%s\": wrong message \"%.*s\"",
                  in, (int)outlen, out);
}

/* in holds no end of data. */
static void incomplete(const char *in)
{
    char out[1024];
    size_t outlen;

    ck_assert_msg(ex_data_extract(in, strlen(in), out, &outlen) == -1,
                  "input \"%s\" has no end of data: want -1", in);
}

START_TEST(simple_message)
{
    extracts("Subject: hi\r\n\r\nHello.\r\n.\r\n", 26, "Subject: hi\r\n\r\nHello.\r\n");
}
END_TEST

START_TEST(empty_message)
{
    extracts(".\r\n", 3, "");
    extracts("\r\n.\r\n", 5, "\r\n");
}
END_TEST

START_TEST(dot_stuffing_undone)
{
    extracts("..\r\n.\r\n", 7, ".\r\n");
    extracts("..leading\r\n...two\r\nmid.dle\r\n.\r\n", 31, ".leading\r\n..two\r\nmid.dle\r\n");
    extracts(". space\r\n.\r\n", 12, " space\r\n");
}
END_TEST

START_TEST(stops_at_the_first_end)
{
    /* what follows the end (the next command) is not part of the message */
    extracts("one\r\n.\r\nQUIT\r\n", 8, "one\r\n");
    extracts("a\r\n.\r\n.\r\n", 6, "a\r\n");
}
END_TEST

START_TEST(bare_lf_is_not_a_line_end)
{
    extracts("a\n.\nb\r\n.\r\n", 10, "a\n.\nb\r\n");
    extracts("a\n.\r\nMAIL FROM:<x@y>\r\n.\r\n", 25, "a\n.\r\nMAIL FROM:<x@y>\r\n");
}
END_TEST

START_TEST(bare_cr_is_not_a_line_end)
{
    extracts("a\r.\rb\r\n.\r\n", 10, "a\r.\rb\r\n");
    extracts("a\r\n.\rQUIT\r\n.\r\n", 14, "a\r\n\rQUIT\r\n"); /* a stuffed line */
}
END_TEST

START_TEST(not_yet_complete)
{
    extracts("x\r\n.\r\n", 6, "x\r\n");
    incomplete("");
    incomplete("Subject: hi\r\n");
    incomplete("Subject: hi\r\n.");
    incomplete("Subject: hi\r\n.\r");
    incomplete("Subject: hi\r\n.\n");
}
END_TEST

START_TEST(binary_octets_kept)
{
    extracts("\xc3\xa9t\xc3\xa9 \x80\xff\r\n.\r\n", 13, "\xc3\xa9t\xc3\xa9 \x80\xff\r\n");
}
END_TEST

static Suite *data_end_suite(void)
{
    Suite *s = suite_create("data-end");
    TCase *tc = tl_tcase("data-end");

    tcase_add_test(tc, simple_message);
    tcase_add_test(tc, empty_message);
    tcase_add_test(tc, dot_stuffing_undone);
    tcase_add_test(tc, stops_at_the_first_end);
    tcase_add_test(tc, bare_lf_is_not_a_line_end);
    tcase_add_test(tc, bare_cr_is_not_a_line_end);
    tcase_add_test(tc, not_yet_complete);
    tcase_add_test(tc, binary_octets_kept);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(data_end_suite());
}
