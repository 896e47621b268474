/*
 * tests.c -- tests of exercise "unique-name" (ex_unique_name).
 *
 * Every test checks at least one name that must be built: a function that
 * fails on everything passes no test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Expect exactly @p want. */
static void builds(long long secs, long usec, long pid, unsigned long counter,
                   const char *host, const char *want)
{
    char buf[256] = "(untouched)";
    ck_assert_msg(ex_unique_name(buf, sizeof buf, secs, usec, pid, counter, host) == 0,
                  "host \"%s\": should succeed", host);
    ck_assert_msg(strcmp(buf, want) == 0, "got \"%s\", want \"%s\"", buf, want);
}

START_TEST(the_documented_form)
{
    builds(1795786238, 440262, 13667, 2, "mx.example", "1795786238.M440262P13667Q2.mx.example");
    builds(1, 2, 3, 4, "h", "1.M2P3Q4.h");
}
END_TEST

START_TEST(no_padding_of_numbers)
{
    builds(1795786238, 0, 1, 1, "vm", "1795786238.M0P1Q1.vm");
    builds(1795786238, 5, 99999, 1000000, "vm", "1795786238.M5P99999Q1000000.vm");
}
END_TEST

START_TEST(slash_and_colon_are_escaped)
{
    builds(10, 20, 30, 1, "a/b", "10.M20P30Q1.a\\057b");
    builds(10, 20, 30, 1, "host:25", "10.M20P30Q1.host\\07225");
    builds(10, 20, 30, 1, "/:", "10.M20P30Q1.\\057\\072");
    builds(10, 20, 30, 1, "a.b-c_d", "10.M20P30Q1.a.b-c_d");
}
END_TEST

START_TEST(empty_host_is_localhost)
{
    builds(7, 8, 9, 1, "", "7.M8P9Q1.localhost");
}
END_TEST

START_TEST(exact_fit_and_one_too_small)
{
    char buf[16];
    /* "1.M2P3Q4.hostxx" is 15 characters: it fits 16 bytes exactly. */
    ck_assert_int_eq(ex_unique_name(buf, 16, 1, 2, 3, 4, "hostxx"), 0);
    ck_assert_str_eq(buf, "1.M2P3Q4.hostxx");
    ck_assert_int_eq(ex_unique_name(buf, 15, 1, 2, 3, 4, "hostxx"), -1);
    ck_assert_int_eq(ex_unique_name(buf, 5, 1, 2, 3, 4, "h"), -1);
    /* An escape needs all four characters' room: "1.M2P3Q4.a\057" is 14. */
    ck_assert_int_eq(ex_unique_name(buf, 15, 1, 2, 3, 4, "a/"), 0);
    ck_assert_str_eq(buf, "1.M2P3Q4.a\\057");
    ck_assert_int_eq(ex_unique_name(buf, 14, 1, 2, 3, 4, "a/"), -1);
}
END_TEST

START_TEST(names_differ_when_any_part_does)
{
    char a[64], b[64];
    ck_assert_int_eq(ex_unique_name(a, sizeof a, 100, 1, 1, 1, "h"), 0);
    ck_assert_int_eq(ex_unique_name(b, sizeof b, 100, 1, 1, 2, "h"), 0);
    ck_assert_str_ne(a, b);
    /* "Q1" then "1" must not be confused with "Q11": the dot separates. */
    ck_assert_int_eq(ex_unique_name(a, sizeof a, 100, 1, 1, 11, "h"), 0);
    ck_assert_int_eq(ex_unique_name(b, sizeof b, 100, 1, 1, 1, "1h"), 0);
    ck_assert_str_ne(a, b);
}
END_TEST

static Suite *unique_suite(void)
{
    Suite *s = suite_create("unique-name");
    TCase *tc = tl_tcase("unique-name");
    tcase_add_test(tc, the_documented_form);
    tcase_add_test(tc, no_padding_of_numbers);
    tcase_add_test(tc, slash_and_colon_are_escaped);
    tcase_add_test(tc, empty_host_is_localhost);
    tcase_add_test(tc, exact_fit_and_one_too_small);
    tcase_add_test(tc, names_differ_when_any_part_does);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(unique_suite());
}
