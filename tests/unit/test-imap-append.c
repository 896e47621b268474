/*
 * test-imap-append.c -- APPEND's arguments (imap_append.h): the
 * date-time of RFC 3501 §9, good and bad, and the flag list.
 */
#include "testlib.h"

#include <string.h>
#include <time.h>

#include "imap_append.h"
#include "mailflags.h"

static int date(const char *text, time_t *t)
{
    return imap_date_time_parse(text, strlen(text), t);
}

START_TEST(date_good)
{
    time_t t;
    ck_assert_int_eq(date("01-Jan-1970 00:00:00 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 0);
    /* 2026-11-27 16:08:20 UTC = 1795795700 */
    ck_assert_int_eq(date("27-Nov-2026 16:08:20 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 1795795700LL);
    /* the zone: local time minus the offset */
    ck_assert_int_eq(date("27-Nov-2026 17:08:20 +0100", &t), 0);
    ck_assert_int_eq((long long)t, 1795795700LL);
    ck_assert_int_eq(date("27-Nov-2026 11:38:20 -0430", &t), 0);
    ck_assert_int_eq((long long)t, 1795795700LL);
    /* the three ways of writing a one-digit day; any case of month */
    ck_assert_int_eq(date(" 1-feb-2000 00:00:00 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 949363200LL);
    ck_assert_int_eq(date("01-FEB-2000 00:00:00 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 949363200LL);
    ck_assert_int_eq(date("1-Feb-2000 00:00:00 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 949363200LL);
    /* leap days: 2000 and 2024 have one */
    ck_assert_int_eq(date("29-Feb-2000 12:00:00 +0000", &t), 0);
    ck_assert_int_eq(date("29-Feb-2024 12:00:00 +0000", &t), 0);
    ck_assert_int_eq((long long)t, 1709208000LL);
    ck_assert_int_eq(date("31-Dec-1999 23:59:60 +0000", &t), 0);
}
END_TEST

START_TEST(date_bad)
{
    static const char *const bad[] = {
        "", "27-Nov-2026", "27-Nov-2026 16:08:20", "27-Nov-2026 16:08:20 0100",
        "27-Nov-2026 16:08:20 +01", "27-Nov-2026 16:08:20 +01000", "32-Jan-2026 00:00:00 +0000",
        "00-Jan-2026 00:00:00 +0000", "29-Feb-1900 00:00:00 +0000", "29-Feb-2025 00:00:00 +0000",
        "31-Apr-2026 00:00:00 +0000", "27-Nov-26 16:08:20 +0000", "27-Foo-2026 16:08:20 +0000",
        "27-Nov-2026 24:00:00 +0000", "27-Nov-2026 16:60:00 +0000", "27-Nov-2026 16:08:61 +0000",
        "27-Nov-2026 16:08:20 +2400", "27-Nov-2026 16:08:20 +0160", "27/Nov/2026 16:08:20 +0000",
        "27-Nov-2026  16:08:20 +0000", "27-Nov-2026 16:08:20 +0000 ", "123-Nov-2026 16:08:20 +0000",
        "27-Nov-2026 1:08:20 +0000", "x7-Nov-2026 16:08:20 +0000", "27-Nov-2026T16:08:20 +0000",
    };
    time_t t = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(date(bad[i], &t) == -1, "accepted \"%s\"", bad[i]);
    ck_assert_int_eq((long long)t, 42);
}
END_TEST

/* imap_append_flags() over @text; returns its result, flags in *f and
 * where the parser stopped in *pos. */
static int flags(const char *text, unsigned *f, size_t *pos)
{
    struct imap_parser p;
    imap_parser_init(&p, text, strlen(text));
    int r = imap_append_flags(&p, f);
    *pos = p.pos;
    imap_parser_free(&p);
    return r;
}

START_TEST(flag_lists)
{
    unsigned f;
    size_t pos;
    ck_assert_int_eq(flags("()", &f, &pos), 0);
    ck_assert_uint_eq(f, 0);
    ck_assert_int_eq(flags("(\\Seen)", &f, &pos), 0);
    ck_assert_uint_eq(f, MAILFLAG_SEEN);
    ck_assert_int_eq(flags("(\\seen \\Flagged \\Draft \\Answered \\Deleted) {3}", &f, &pos), 0);
    ck_assert_uint_eq(f, MAILFLAG_ALL);
    ck_assert_uint_eq(pos, strlen("(\\seen \\Flagged \\Draft \\Answered \\Deleted)"));
    /* keywords and \Recent: valid, dropped (PERMANENTFLAGS has no \*) */
    ck_assert_int_eq(flags("($Forwarded \\Recent \\Seen NonJunk)", &f, &pos), 0);
    ck_assert_uint_eq(f, MAILFLAG_SEEN);
    static const char *const bad[] = {
        "(\\Foo)", "(\\Seen", "\\Seen", "( \\Seen)", "(\\Seen )", "(\\Seen  \\Draft)",
        "(\\Se\\en)", "(\"\\Seen\")", "((\\Seen))", "(\\)", "(\\Seen{3})", "(\\*)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(flags(bad[i], &f, &pos) == -1, "accepted %s", bad[i]);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imap-append");
    TCase *tc = tl_tcase("arguments");
    tcase_add_test(tc, date_good);
    tcase_add_test(tc, date_bad);
    tcase_add_test(tc, flag_lists);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
