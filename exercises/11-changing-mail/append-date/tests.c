/*
 * tests.c -- tests of exercise "append-date" (ex_date_time).  The
 * starter returns EX_NOT_DONE, which no test accepts; every test checks
 * at least one good date, so a starter that refused everything would
 * fail too.
 */
#include "exercise.h"
#include "testlib.h"

/* @p text must give @p want. */
static void good(const char *text, long long want)
{
    time_t t = 0;
    int r = ex_date_time(text, &t);
    ck_assert_msg(r == 0, "\"%s\": returned %d, want 0", text, r);
    ck_assert_msg((long long)t == want, "\"%s\": %lld, want %lld", text, (long long)t, want);
}

/* @p text must be refused, *out untouched. */
static void bad(const char *text)
{
    time_t t = 12345;
    int r = ex_date_time(text, &t);
    ck_assert_msg(r == -1, "\"%s\": returned %d, want -1", text, r);
    ck_assert_msg((long long)t == 12345, "\"%s\": *out changed", text);
}

START_TEST(utc)
{
    good("01-Jan-1970 00:00:00 +0000", 0);
    good("27-Nov-2026 16:08:20 +0000", 1795795700LL);
    good("31-Dec-1999 23:59:59 +0000", 946684799LL);
}
END_TEST

START_TEST(zones)
{
    /* the zone is local time minus UTC: subtract it */
    good("27-Nov-2026 17:08:20 +0100", 1795795700LL);
    good("27-Nov-2026 11:38:20 -0430", 1795795700LL);
    good("01-Jan-1970 05:30:00 +0530", 0);
}
END_TEST

START_TEST(day_and_month_forms)
{
    good(" 1-Feb-2000 00:00:00 +0000", 949363200LL);
    good("01-feb-2000 00:00:00 +0000", 949363200LL);
    good("29-FEB-2024 12:00:00 +0000", 1709208000LL);   /* a leap day */
    good("29-Feb-2000 00:00:00 +0000", 951782400LL);    /* 2000 is a leap year */
}
END_TEST

START_TEST(refused)
{
    good("28-Feb-2025 00:00:00 +0000", 1740700800LL);
    bad("29-Feb-2025 00:00:00 +0000");
    bad("29-Feb-2100 00:00:00 +0000");                  /* 2100 is not */
    bad("31-Apr-2026 00:00:00 +0000");
    bad("00-Jan-2026 00:00:00 +0000");
    bad("27-Nov-2026 24:00:00 +0000");
    bad("27-Nov-2026 16:60:00 +0000");
    bad("27-Nov-2026 16:08:61 +0000");
    bad("27-Nov-2026 16:08:20 +0160");
    bad("27-Nov-2026 16:08:20 0100");
    bad("27-Nov-2026 16:08:20");
    bad("27-Nov-26 16:08:20 +0000");
    bad("27-Nev-2026 16:08:20 +0000");
    bad("27-Nov-2026 16:08:20 +0000 ");
    bad("");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("append-date");
    TCase *tc = tl_tcase("append-date");
    tcase_add_test(tc, utc);
    tcase_add_test(tc, zones);
    tcase_add_test(tc, day_and_month_forms);
    tcase_add_test(tc, refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
