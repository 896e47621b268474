/*
 * tests.c -- tests of exercise "parse-literal-header" (ex_literal_header).
 *
 * Every test mixes lines that announce a literal with lines that do not,
 * so no single fixed answer passes any of them.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Expect @p want for @p line; for 1 also the size and the "+". */
static void expect(const char *line, int want, uint32_t size, int nonsync)
{
    uint32_t n = 12345;
    int ns = 7;
    int r = ex_literal_header(line, strlen(line), &n, &ns);

    ck_assert_msg(r == want, "\"%s\": returned %d, want %d", line, r, want);
    if (want == 1) {
        ck_assert_msg(n == size, "\"%s\": size %u, want %u", line, (unsigned)n, (unsigned)size);
        ck_assert_msg(ns == nonsync, "\"%s\": nonsync %d, want %d", line, ns, nonsync);
    }
}

START_TEST(synchronising)
{
    expect("a1 LOGIN {5}", 1, 5, 0);
    expect("a1 LOGIN alice", 0, 0, 0);
    expect("{0}", 1, 0, 0);
    expect("x APPEND INBOX (\\Seen) {310}", 1, 310, 0);
}
END_TEST

START_TEST(non_synchronising)
{
    expect("A001 LOGIN {11+}", 1, 11, 1);
    expect("FRED FOOBAR {7+}", 1, 7, 1);
    expect("a {5+} ", 0, 0, 0);
    expect("a {5++}", 0, 0, 0);
}
END_TEST

START_TEST(only_at_the_very_end)
{
    expect("a LOGIN {5} x", 0, 0, 0);
    expect("a LOGIN {5} ", 0, 0, 0);
    expect("a LOGIN \"{3}\" {5}", 1, 5, 0);   /* the last braces count */
    expect("a LOGIN {3}{4}", 1, 4, 0);
}
END_TEST

START_TEST(only_digits_inside)
{
    expect("a {}", 0, 0, 0);
    expect("a {+}", 0, 0, 0);
    expect("a {x5}", 0, 0, 0);
    expect("a { 5}", 0, 0, 0);
    expect("a {-5}", 0, 0, 0);
    expect("a 5}", 0, 0, 0);
    expect("}", 0, 0, 0);
    expect("", 0, 0, 0);
    expect("a {007}", 1, 7, 0);
}
END_TEST

START_TEST(thirty_two_bits)
{
    expect("a {4294967295}", 1, 4294967295u, 0);
    expect("a {4294967296}", -1, 0, 0);
    expect("a {99999999999999999999999+}", -1, 0, 0);
    expect("a {0004294967295+}", 1, 4294967295u, 1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("parse-literal-header");
    TCase *t = tl_tcase("header");
    tcase_add_test(t, synchronising);
    tcase_add_test(t, non_synchronising);
    tcase_add_test(t, only_at_the_very_end);
    tcase_add_test(t, only_digits_inside);
    tcase_add_test(t, thirty_two_bits);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
