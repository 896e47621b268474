/*
 * tests.c -- tests of exercise "flags-suffix" (ex_flags_from_name,
 * ex_name_with_flags).  The starter returns EX_NOT_DONE and -1, which no
 * test accepts.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

#define FLAGS(name, want) ck_assert_msg(ex_flags_from_name(name) == (want), \
    "\"%s\": flags 0x%x, want 0x%x", name, ex_flags_from_name(name), (unsigned)(want))

static void rename_to(const char *from, unsigned flags, const char *want)
{
    char out[128];
    int rc = ex_name_with_flags(from, flags, out, sizeof out);
    ck_assert_msg(rc == 0, "\"%s\" with 0x%x: returned %d", from, flags, rc);
    ck_assert_msg(strcmp(out, want) == 0, "\"%s\" with 0x%x: \"%s\", want \"%s\"", from, flags,
                  out, want);
}

START_TEST(reading_flags)
{
    FLAGS("1700000000.M1P2.host", 0);                 /* in new/: no info */
    FLAGS("1700000000.M1P2.host:2,", 0);
    FLAGS("1700000000.M1P2.host:2,S", EX_SEEN);
    FLAGS("1700000000.M1P2.host,S=120,W=123:2,FS", EX_FLAGGED | EX_SEEN);
    FLAGS("x:2,DFPRST", EX_DRAFT | EX_FLAGGED | EX_ANSWERED | EX_SEEN | EX_DELETED);
    FLAGS("x:2,Sab", EX_SEEN);                        /* keywords ignored */
    FLAGS("x:1,S", 0);                                /* experimental info */
}
END_TEST

START_TEST(writing_flags)
{
    rename_to("1700000000.M1P2.host,S=120", EX_SEEN, "1700000000.M1P2.host,S=120:2,S");
    rename_to("x:2,S", EX_SEEN | EX_ANSWERED, "x:2,RS");
    rename_to("x:2,RS", 0, "x:2,");
    rename_to("x:2,", EX_DRAFT | EX_FLAGGED | EX_ANSWERED | EX_SEEN | EX_DELETED, "x:2,DFRST");
    rename_to("x:1,junk", EX_FLAGGED, "x:2,F");
}
END_TEST

START_TEST(foreign_letters_survive)
{
    rename_to("x:2,PS", EX_FLAGGED, "x:2,FP");
    rename_to("x:2,Sba", EX_SEEN | EX_DRAFT, "x:2,DSab");
    rename_to("x:2,a", 0, "x:2,a");
}
END_TEST

START_TEST(room_is_checked)
{
    char out[8];
    ck_assert_int_eq(ex_name_with_flags("abc", EX_SEEN, out, 8), 0);   /* "abc:2,S" */
    ck_assert_str_eq(out, "abc:2,S");
    ck_assert_int_eq(ex_name_with_flags("abc", EX_SEEN, out, 7), -1);
    ck_assert_int_eq(ex_name_with_flags("abcd", 0, out, 8), 0);
    ck_assert_str_eq(out, "abcd:2,");
    ck_assert_int_eq(ex_name_with_flags("abcde", 0, out, 8), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("flags-suffix");
    TCase *t = tl_tcase("flags");
    tcase_add_test(t, reading_flags);
    tcase_add_test(t, writing_flags);
    tcase_add_test(t, foreign_letters_survive);
    tcase_add_test(t, room_is_checked);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
