/*
 * tests.c -- tests of exercise "backoff" (ex_next_try).
 *
 * Every test checks at least one real time: a function that returns
 * nonsense passes no test.
 */
#include "exercise.h"
#include "testlib.h"

#define DAY 86400u

START_TEST(first_wait_is_min)
{
    ck_assert_int_eq(ex_next_try(1000, 1, 60, 3600, 1000, DAY), 1060);
    ck_assert_int_eq(ex_next_try(5000, 1, 1800, 14400, 4000, 5 * DAY), 6800);
}
END_TEST

START_TEST(wait_doubles)
{
    ck_assert_int_eq(ex_next_try(1000, 2, 60, 3600, 900, DAY), 1120);
    ck_assert_int_eq(ex_next_try(1000, 3, 60, 3600, 900, DAY), 1240);
    ck_assert_int_eq(ex_next_try(1000, 4, 60, 3600, 900, DAY), 1480);
    ck_assert_int_eq(ex_next_try(1000, 6, 60, 3600, 900, DAY), 1000 + 1920);
}
END_TEST

START_TEST(wait_is_capped)
{
    ck_assert_int_eq(ex_next_try(1000, 7, 60, 3600, 900, DAY), 4600);
    ck_assert_int_eq(ex_next_try(1000, 50, 60, 3600, 900, DAY), 4600);
    ck_assert_int_eq(ex_next_try(1000, 2, 100, 150, 900, DAY), 1150);   /* 200 > 150 */
    ck_assert_int_eq(ex_next_try(1000, 1, 100, 50, 900, DAY), 1050);    /* max < min */
}
END_TEST

START_TEST(no_overflow)
{
    ck_assert_int_eq(ex_next_try(1000, 4000000000u, 60, 3600, 900, DAY), 4600);
    ck_assert_int_eq(ex_next_try(1000, 40, 4000000000u, 4000000000u, 1000, 4000000000u),
                     4000001000LL);
    ck_assert_int_eq(ex_next_try(1000, 33, 3000000000u, 4294967295u, 1000, 4294967295u),
                     1000 + 4294967295LL);
}
END_TEST

START_TEST(never_past_the_lifetime)
{
    /* Deadline 900 + 1000 = 1900; a wait of 3600 would end after it. */
    ck_assert_int_eq(ex_next_try(1000, 7, 60, 3600, 900, 1000), 1900);
    ck_assert_int_eq(ex_next_try(1899, 1, 60, 3600, 900, 1000), 1900);
    ck_assert_int_eq(ex_next_try(1000, 1, 60, 3600, 900, 160), 1060);    /* exactly fits */
}
END_TEST

START_TEST(give_up_at_the_deadline)
{
    ck_assert_int_eq(ex_next_try(1900, 1, 60, 3600, 900, 1000), EX_GIVE_UP);
    ck_assert_int_eq(ex_next_try(99999, 9, 60, 3600, 900, 1000), EX_GIVE_UP);
    ck_assert_int_eq(ex_next_try(1000, 1, 60, 3600, 1000, 0), EX_GIVE_UP);
    ck_assert_int_eq(ex_next_try(1899, 2, 60, 3600, 900, 1000), 1900);   /* not yet */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("backoff");
    TCase *tc = tl_tcase("backoff");
    tcase_add_test(tc, first_wait_is_min);
    tcase_add_test(tc, wait_doubles);
    tcase_add_test(tc, wait_is_capped);
    tcase_add_test(tc, no_overflow);
    tcase_add_test(tc, never_past_the_lifetime);
    tcase_add_test(tc, give_up_at_the_deadline);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
