/*
 * tests.c -- exercise "seq-contains": Check tests (RFC 3501 §9).
 */
#include "exercise.h"
#include "testlib.h"

#include <check.h>

START_TEST(single_numbers)
{
    ck_assert_int_eq(ex_seq_contains("3", 3, 10), 1);
    ck_assert_int_eq(ex_seq_contains("3", 4, 10), 0);
    ck_assert_int_eq(ex_seq_contains("1,3,5", 5, 10), 1);
    ck_assert_int_eq(ex_seq_contains("1,3,5", 2, 10), 0);
}
END_TEST

START_TEST(ranges_both_ways)
{
    ck_assert_int_eq(ex_seq_contains("2:4", 3, 10), 1);
    ck_assert_int_eq(ex_seq_contains("4:2", 3, 10), 1);
    ck_assert_int_eq(ex_seq_contains("4:2", 5, 10), 0);
    ck_assert_int_eq(ex_seq_contains("4:2", 1, 10), 0);
}
END_TEST

START_TEST(star)
{
    ck_assert_int_eq(ex_seq_contains("*", 7, 7), 1);
    ck_assert_int_eq(ex_seq_contains("*", 6, 7), 0);
    ck_assert_int_eq(ex_seq_contains("9:*", 6, 5), 1);   /* 5:9 */
    ck_assert_int_eq(ex_seq_contains("9:*", 4, 5), 0);
    ck_assert_int_eq(ex_seq_contains("*:2", 3, 5), 1);
}
END_TEST

START_TEST(huge_ranges)
{
    ck_assert_int_eq(ex_seq_contains("1:4294967295", 4294967295UL, 1), 1);
    ck_assert_int_eq(ex_seq_contains("4294967295:1", 2000000000UL, 1), 1);
    ck_assert_int_eq(ex_seq_contains("1:4294967295,1:4294967295", 3, 1), 1);
}
END_TEST

START_TEST(malformed)
{
    ck_assert_int_eq(ex_seq_contains("", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("0", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("1,,2", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("1:", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("1:2:3", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("a", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("1,x", 1, 5), -1);
    ck_assert_int_eq(ex_seq_contains("4294967296", 1, 5), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("seq-contains");
    TCase *tc = tl_tcase("core");
    tcase_add_test(tc, single_numbers);
    tcase_add_test(tc, ranges_both_ways);
    tcase_add_test(tc, star);
    tcase_add_test(tc, huge_ranges);
    tcase_add_test(tc, malformed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
