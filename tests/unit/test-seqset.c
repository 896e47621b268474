/*
 * test-seqset.c -- unit tests of src/seqset.c (chapter fetching):
 * numbers, `*`, ranges in either order, lists, huge ranges without
 * allocation per number, malformed sets, building and writing sets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "seqset.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

static enum seqset_error parse(const char *text, struct seqset *set)
{
    return seqset_parse(text, strlen(text), set);
}

static void bad(const char *text, enum seqset_error want)
{
    struct seqset set;
    enum seqset_error e = parse(text, &set);
    ck_assert_msg(e == want, "\"%s\": got %d (%s), want %d", text, e, seqset_strerror(e), want);
    ck_assert_ptr_null(set.r);
    ck_assert_uint_eq(set.n, 0);
}

START_TEST(numbers_and_lists)
{
    struct seqset s;
    ck_assert_int_eq(parse("1", &s), SEQSET_OK);
    ck_assert_uint_eq(s.n, 1);
    ck_assert_int_eq(seqset_contains(&s, 1, 10), 1);
    ck_assert_int_eq(seqset_contains(&s, 2, 10), 0);
    ck_assert_int_eq(seqset_contains(&s, 0, 10), 0);
    seqset_free(&s);

    ck_assert_int_eq(parse("2,4:6,9", &s), SEQSET_OK);
    ck_assert_uint_eq(s.n, 3);
    int want[] = {0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0};
    for (uint32_t i = 0; i <= 10; i++)
        ck_assert_int_eq(seqset_contains(&s, i, 10), want[i]);
    ck_assert_uint_eq(seqset_max(&s, 10), 9);
    seqset_free(&s);
}
END_TEST

START_TEST(star_and_backwards)
{
    struct seqset s;
    ck_assert_int_eq(parse("4:2", &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 1, 9), 0);
    ck_assert_int_eq(seqset_contains(&s, 2, 9), 1);
    ck_assert_int_eq(seqset_contains(&s, 4, 9), 1);
    ck_assert_int_eq(seqset_contains(&s, 5, 9), 0);
    seqset_free(&s);

    ck_assert_int_eq(parse("*", &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 7, 7), 1);
    ck_assert_int_eq(seqset_contains(&s, 6, 7), 0);
    ck_assert_uint_eq(seqset_max(&s, 7), 7);
    seqset_free(&s);

    /* "3:*" with star 2: the range is 2..3 (RFC 3501 §6.4.8) */
    ck_assert_int_eq(parse("3:*", &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 2, 2), 1);
    ck_assert_int_eq(seqset_contains(&s, 1, 2), 0);
    seqset_free(&s);

    ck_assert_int_eq(parse("*:3", &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 5, 8), 1);
    ck_assert_int_eq(seqset_contains(&s, 2, 8), 0);
    seqset_free(&s);

    ck_assert_int_eq(parse("1:*", &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 1, 0), 1);   /* 0:1 -> 1 only */
    ck_assert_int_eq(seqset_contains(&s, 2, 0), 0);
    seqset_free(&s);
}
END_TEST

START_TEST(huge_ranges)
{
    struct seqset s;
    ck_assert_int_eq(parse("1:4294967295", &s), SEQSET_OK);
    ck_assert_uint_eq(s.n, 1);
    ck_assert_uint_le(s.cap, 8);
    ck_assert_int_eq(seqset_contains(&s, 4294967295u, 3), 1);
    ck_assert_int_eq(seqset_contains(&s, 2000000000u, 3), 1);
    ck_assert_uint_eq(seqset_max(&s, 3), 4294967295u);
    seqset_free(&s);
    ck_assert_int_eq(parse("4294967295:1,4294967295", &s), SEQSET_OK);
    ck_assert_uint_eq(s.n, 2);
    seqset_free(&s);
}
END_TEST

START_TEST(malformed)
{
    bad("", SEQSET_EMPTY);
    bad(",", SEQSET_EMPTY);
    bad("1,", SEQSET_EMPTY);
    bad("1,,2", SEQSET_EMPTY);
    bad(",1", SEQSET_EMPTY);
    bad("0", SEQSET_ZERO);
    bad("01", SEQSET_ZERO);
    bad("1:0", SEQSET_ZERO);
    bad("4294967296", SEQSET_TOO_BIG);
    bad("99999999999999999999999", SEQSET_TOO_BIG);
    bad("1:", SEQSET_SYNTAX);
    bad(":1", SEQSET_SYNTAX);
    bad("1:2:3", SEQSET_SYNTAX);
    bad("1-3", SEQSET_SYNTAX);
    bad("a", SEQSET_SYNTAX);
    bad("1 2", SEQSET_SYNTAX);
    bad("**", SEQSET_SYNTAX);
    bad("-1", SEQSET_SYNTAX);
    bad("$", SEQSET_SYNTAX);
    bad("1:,2", SEQSET_SYNTAX);
    ck_assert_ptr_nonnull(seqset_strerror(SEQSET_SYNTAX));
}
END_TEST

START_TEST(not_nul_terminated)
{
    struct seqset s;
    ck_assert_int_eq(seqset_parse("12x", 2, &s), SEQSET_OK);
    ck_assert_int_eq(seqset_contains(&s, 12, 20), 1);
    seqset_free(&s);
}
END_TEST

START_TEST(build_and_format)
{
    struct seqset s;
    char buf[64];
    seqset_init(&s);
    ck_assert_uint_eq(seqset_format(&s, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(seqset_add(&s, 1, 1), 0);
    ck_assert_int_eq(seqset_add(&s, 2, 2), 0);
    ck_assert_int_eq(seqset_add(&s, 3, 5), 0);
    ck_assert_int_eq(seqset_add(&s, 7, 7), 0);
    ck_assert_int_eq(seqset_add(&s, 9, 12), 0);
    ck_assert_int_eq(seqset_add(&s, 10, 11), 0);
    ck_assert_uint_eq(seqset_format(&s, buf, sizeof buf), strlen("1:5,7,9:12"));
    ck_assert_str_eq(buf, "1:5,7,9:12");
    /* cut short like snprintf */
    char small[5];
    ck_assert_uint_eq(seqset_format(&s, small, sizeof small), strlen("1:5,7,9:12"));
    ck_assert_str_eq(small, "1:5,");
    seqset_free(&s);

    ck_assert_int_eq(parse("4:2,*,5:*", &s), SEQSET_OK);
    seqset_format(&s, buf, sizeof buf);
    ck_assert_str_eq(buf, "4:2,*,5:*");
    seqset_free(&s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("seqset");
    TCase *tc = tl_tcase("core");
    tcase_add_test(tc, numbers_and_lists);
    tcase_add_test(tc, star_and_backwards);
    tcase_add_test(tc, huge_ranges);
    tcase_add_test(tc, malformed);
    tcase_add_test(tc, not_nul_terminated);
    tcase_add_test(tc, build_and_format);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
