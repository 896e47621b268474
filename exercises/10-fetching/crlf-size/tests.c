/*
 * tests.c -- exercise "crlf-size": Check tests (RFC 3501 §2.3.4).
 */
#include "exercise.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

#define SIZE(lit) ex_crlf_size(lit, sizeof lit - 1)

START_TEST(lf_lines)
{
    ck_assert_int_eq(SIZE("a\nb\n"), 6);
    ck_assert_int_eq(SIZE("Subject: x\n\nbody\n"), 20);
    ck_assert_int_eq(SIZE("\n"), 2);
    ck_assert_int_eq(SIZE("\n\n\n"), 6);
}
END_TEST

START_TEST(crlf_already)
{
    ck_assert_int_eq(SIZE("a\r\nb\r\n"), 6);
    ck_assert_int_eq(SIZE("a\r\nb\n"), 6);
}
END_TEST

START_TEST(edges)
{
    ck_assert_int_eq(SIZE(""), 0);
    ck_assert_int_eq(SIZE("no line end"), 11);
    ck_assert_int_eq(SIZE("bare\rcr"), 7);
    ck_assert_int_eq(SIZE("\r\r\n"), 3);
    ck_assert_int_eq(ex_crlf_size("a\nb", 2), 3);   /* len, not strlen */
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("crlf-size");
    TCase *tc = tl_tcase("core");
    tcase_add_test(tc, lf_lines);
    tcase_add_test(tc, crlf_already);
    tcase_add_test(tc, edges);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
