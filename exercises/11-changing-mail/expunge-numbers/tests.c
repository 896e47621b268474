/*
 * tests.c -- tests of exercise "expunge-numbers" (ex_expunge_numbers).
 * The starter returns EX_NOT_DONE, which no test accepts.
 */
#include "exercise.h"
#include "testlib.h"

static void check(const uint32_t *gone, size_t n, const uint32_t *want)
{
    uint32_t out[16];
    for (size_t i = 0; i < 16; i++)
        out[i] = 0xdeadbeef;
    size_t got = ex_expunge_numbers(gone, n, out);
    ck_assert_msg(got == n, "returned %zu, want %zu", got, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(out[i] == want[i], "response %zu: * %u EXPUNGE, want * %u EXPUNGE", i + 1,
                      out[i], want[i]);
}

START_TEST(one)
{
    const uint32_t gone[] = { 7 }, want[] = { 7 };
    check(gone, 1, want);
}
END_TEST

START_TEST(rfc_example)
{
    /* RFC 3501 §7.4.1: deleting 3, 4, 7 and 11 of 11 messages sends
     * "* 3 EXPUNGE", "* 3 EXPUNGE", "* 5 EXPUNGE", "* 8 EXPUNGE". */
    const uint32_t gone[] = { 3, 4, 7, 11 }, want[] = { 3, 3, 5, 8 };
    check(gone, 4, want);
}
END_TEST

START_TEST(all_of_them)
{
    const uint32_t gone[] = { 1, 2, 3, 4, 5 }, want[] = { 1, 1, 1, 1, 1 };
    check(gone, 5, want);
}
END_TEST

START_TEST(none)
{
    uint32_t out[1] = { 0xdeadbeef };
    ck_assert_uint_eq(ex_expunge_numbers(NULL, 0, out), 0);
    ck_assert_uint_eq(out[0], 0xdeadbeef);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("expunge-numbers");
    TCase *tc = tl_tcase("expunge-numbers");
    tcase_add_test(tc, one);
    tcase_add_test(tc, rfc_example);
    tcase_add_test(tc, all_of_them);
    tcase_add_test(tc, none);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
