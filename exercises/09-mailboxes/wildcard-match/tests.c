/*
 * tests.c -- tests of exercise "wildcard-match" (ex_list_match).
 *
 * Every test expects 0 for some pairs and 1 for others, so a function that
 * answers the same for everything (the starter's -1 included) fails each.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

#define YES(p, n) ck_assert_msg(ex_list_match(p, n, '.') == 1, "\"%s\" should match \"%s\"", p, n)
#define NO(p, n) ck_assert_msg(ex_list_match(p, n, '.') == 0, "\"%s\" should not match \"%s\"", p, n)

START_TEST(plain_characters)
{
    YES("INBOX", "INBOX");
    YES("Sent.2024", "Sent.2024");
    NO("Sent", "sent");
    NO("Sent", "Sent.2024");
    NO("Sent.2024", "Sent");
    NO("", "x");
    YES("", "");
}
END_TEST

START_TEST(star_matches_everything)
{
    YES("*", "INBOX");
    YES("*", "a.b.c");
    YES("*", "");
    YES("a*", "a");
    YES("a.*", "a.b.c");
    YES("*.c", "a.b.c");
    YES("*b*", "a.b.c");
    NO("*x*", "a.b.c");
    NO("a.*", "a");
}
END_TEST

START_TEST(percent_stays_on_one_level)
{
    YES("%", "INBOX");
    NO("%", "a.b");
    YES("a.%", "a.b");
    NO("a.%", "a.b.c");
    YES("%.%", "a.b");
    NO("%.%", "a.b.c");
    YES("%c", "abc");
    NO("%c", "a.c");
    YES("a%", "a");
    YES("%.%.%", "x.y.z");
}
END_TEST

START_TEST(other_delimiters)
{
    ck_assert_int_eq(ex_list_match("a/%", "a/b", '/'), 1);
    ck_assert_int_eq(ex_list_match("a/%", "a/b/c", '/'), 0);
    ck_assert_int_eq(ex_list_match("%", "a.b", '/'), 1);
}
END_TEST

START_TEST(many_wildcards_are_fast)
{
    char name[4001];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    NO("*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%x", name);
    name[sizeof name - 2] = 'x';
    YES("*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%*%x", name);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("wildcard-match");
    TCase *t = tl_tcase("match");
    tcase_add_test(t, plain_characters);
    tcase_add_test(t, star_matches_everything);
    tcase_add_test(t, percent_stays_on_one_level);
    tcase_add_test(t, other_delimiters);
    tcase_add_test(t, many_wildcards_are_fast);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
