/*
 * tests.c -- tests of exercise "client-view" (ex_view_apply).  The
 * starter answers -1 to everything; every test applies a possible
 * response first, so none passes on the starter.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static struct ex_view v;

static void fresh(size_t count)
{
    memset(&v, 0, sizeof v);
    for (size_t i = 0; i < count; i++)
        v.uid[i] = (uint32_t)(10 * (i + 1));   /* 10, 20, 30 ... */
    v.count = count;
}

#define APPLY(line) ck_assert_msg(ex_view_apply(&v, line) == 0, "\"%s\" refused", line)
#define REFUSE(line) ck_assert_msg(ex_view_apply(&v, line) == -1, "\"%s\" accepted", line)

START_TEST(exists_grows)
{
    fresh(3);
    APPLY("* 5 EXISTS");
    ck_assert_uint_eq(v.count, 5);
    ck_assert_uint_eq(v.uid[2], 30);
    ck_assert_uint_eq(v.uid[3], 0);
    ck_assert_uint_eq(v.uid[4], 0);
    APPLY("* 5 EXISTS");                       /* nothing new: fine */
    ck_assert_uint_eq(v.count, 5);
}
END_TEST

START_TEST(expunge_renumbers)
{
    /* RFC 3501 §7.4.1: 11 messages, 3, 4, 7 and 11 removed. */
    fresh(11);
    APPLY("* 3 EXPUNGE");
    APPLY("* 3 EXPUNGE");
    APPLY("* 5 EXPUNGE");
    APPLY("* 8 EXPUNGE");
    ck_assert_uint_eq(v.count, 7);
    const uint32_t want[] = { 10, 20, 50, 60, 80, 90, 100 };
    for (size_t i = 0; i < 7; i++)
        ck_assert_msg(v.uid[i] == want[i], "message %zu is UID %u, want %u", i + 1, v.uid[i],
                      want[i]);
}
END_TEST

START_TEST(fetch_teaches_uids)
{
    fresh(2);
    APPLY("* 4 EXISTS");
    APPLY("* 3 FETCH (UID 31 FLAGS (\\Seen))");
    APPLY("* 4 FETCH (FLAGS () UID 45)");
    APPLY("* 1 FETCH (FLAGS (\\Flagged))");    /* no UID: still fine */
    APPLY("* 1 FETCH (UID 10)");               /* the same UID again */
    ck_assert_uint_eq(v.uid[2], 31);
    ck_assert_uint_eq(v.uid[3], 45);
    APPLY("* 1 EXPUNGE");
    ck_assert_uint_eq(v.uid[0], 20);
    ck_assert_uint_eq(v.uid[2], 45);
}
END_TEST

START_TEST(other_lines_change_nothing)
{
    fresh(2);
    APPLY("* 2 RECENT");
    APPLY("* OK [UIDNEXT 7] Predicted next UID");
    APPLY("* FLAGS (\\Answered \\Seen)");
    APPLY("a1 OK IDLE terminated");
    ck_assert_uint_eq(v.count, 2);
    ck_assert_uint_eq(v.uid[1], 20);
}
END_TEST

START_TEST(impossible_responses)
{
    fresh(3);
    APPLY("* 4 EXISTS");
    REFUSE("* 2 EXISTS");                      /* shrinking without EXPUNGE */
    REFUSE("* 5 EXPUNGE");                     /* no message 5 */
    REFUSE("* 0 EXPUNGE");
    REFUSE("* 9 FETCH (FLAGS ())");
    REFUSE("* 2 FETCH (UID 99)");              /* message 2 is UID 20 */
    REFUSE("* 65 EXISTS");                     /* more than the view holds */
    ck_assert_uint_eq(v.count, 4);
    ck_assert_uint_eq(v.uid[1], 20);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("exercise client-view");
    TCase *tc = tl_tcase("view");
    tcase_add_test(tc, exists_grows);
    tcase_add_test(tc, expunge_renumbers);
    tcase_add_test(tc, fetch_teaches_uids);
    tcase_add_test(tc, other_lines_change_nothing);
    tcase_add_test(tc, impossible_responses);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
