/*
 * tests.c -- tests of exercise "search-date" (ex_parse_date).  The
 * starter returns EX_NOT_DONE, which no test accepts.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void good(const char *text, int y, int m, int d)
{
    struct ex_date out = { -1, -1, -1 };
    int rc = ex_parse_date(text, strlen(text), &out);
    ck_assert_msg(rc == 0, "\"%s\": returned %d, want 0", text, rc);
    ck_assert_msg(out.year == y && out.month == m && out.day == d,
                  "\"%s\": got %d-%d-%d, want %d-%d-%d", text, out.year, out.month, out.day,
                  y, m, d);
}

static void bad(const char *text, size_t len)
{
    struct ex_date out = { -1, -1, -1 };
    int rc = ex_parse_date(text, len, &out);
    ck_assert_msg(rc == -1, "\"%.*s\": returned %d, want -1", (int)len, text, rc);
    ck_assert_msg(out.year == -1 && out.month == -1 && out.day == -1,
                  "\"%.*s\": the output was changed", (int)len, text);
}

START_TEST(plain_dates)
{
    good("1-Feb-1994", 1994, 2, 1);
    good("17-Jul-1996", 1996, 7, 17);
    good("31-Dec-2026", 2026, 12, 31);
    good("1-Jan-0001", 1, 1, 1);
}
END_TEST

START_TEST(two_digit_days_and_any_case)
{
    good("01-Feb-1994", 1994, 2, 1);
    good("09-sep-2009", 2009, 9, 9);
    good("5-JUN-2020", 2020, 6, 5);
    good("30-nOv-1999", 1999, 11, 30);
}
END_TEST

START_TEST(month_lengths)
{
    good("29-Feb-2024", 2024, 2, 29);                   /* divisible by 4 */
    good("29-Feb-2000", 2000, 2, 29);                   /* and by 400 */
    good("30-Apr-2026", 2026, 4, 30);
    bad("29-Feb-2023", 11);
    bad("29-Feb-1900", 11);                             /* by 100, not by 400 */
    bad("31-Apr-2026", 11);
    bad("32-Jan-2026", 11);
    bad("0-Jan-2026", 10);
    bad("00-Jan-2026", 11);
}
END_TEST

START_TEST(not_dates)
{
    static const char *const texts[] = {
        "", "1", "1-Feb", "1-Feb-", "1-Feb-94", "1-Feb-19945", "001-Feb-1994",
        "1-Febr-1994", "1-Fe-1994", "1-Xyz-1994", "1 Feb 1994", "1/Feb/1994",
        "2026-02-01", "-Feb-1994", "a-Feb-1994", "1-Feb-19x4", "1-Feb-1994 ",
        " 1-Feb-1994", "\"1-Feb-1994\"",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        bad(texts[i], strlen(texts[i]));
    bad("1-Feb-1994", 9);                               /* the length counts, not a NUL */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("search-date");
    TCase *tc = tl_tcase("search-date");
    tcase_add_test(tc, plain_dates);
    tcase_add_test(tc, two_digit_days_and_any_case);
    tcase_add_test(tc, month_lengths);
    tcase_add_test(tc, not_dates);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
