/*
 * tests.c -- tests of exercise "safe-name" (ex_safe_name).
 *
 * Every test has names that must pass and names that must be refused, so
 * a function that gives the same answer for all of them fails each test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void check(const char *name, size_t len, int want)
{
    int got = ex_safe_name(name, len);
    ck_assert_msg(got == want, "\"%.*s\" (%zu octets): got %d, want %d", (int)len, name, len,
                  got, want);
}
#define SAFE(lit) check(lit, sizeof lit - 1, 1)
#define REFUSED(lit) check(lit, sizeof lit - 1, 0)

START_TEST(ordinary_names)
{
    SAFE("INBOX");
    SAFE("Sent Items");
    SAFE("Archive.2024.Q1");
    SAFE("Caf&AOk-");
    SAFE("x~y");
    REFUSED("");
}
END_TEST

START_TEST(paths_are_refused)
{
    SAFE("etc");
    REFUSED("..");
    REFUSED(".");
    REFUSED("../../etc/passwd");
    REFUSED("a/../../b");
    REFUSED("/etc");
    REFUSED("a/b");
}
END_TEST

START_TEST(empty_components_are_refused)
{
    SAFE("a.b");
    REFUSED(".hidden");
    REFUSED("trailing.");
    REFUSED("a..b");
    REFUSED("a...b");
}
END_TEST

START_TEST(control_and_8bit_are_refused)
{
    SAFE("tab less");
    REFUSED("a\tb");
    REFUSED("a\rb");
    REFUSED("a\nb");
    REFUSED("\x1b[2J");
    REFUSED("del\x7f");
    REFUSED("Caf\xc3\xa9");
    /* A NUL in the middle: the name is 3 octets, not 1. */
    check("a\0b", 3, 0);
    check("a\0", 2, 0);
}
END_TEST

START_TEST(tilde_and_length)
{
    SAFE("a~");
    REFUSED("~");
    REFUSED("~root");
    char name[EX_NAME_MAX + 1];
    memset(name, 'x', sizeof name);
    check(name, EX_NAME_MAX, 1);
    check(name, EX_NAME_MAX + 1, 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("safe-name");
    TCase *t = tl_tcase("names");
    tcase_add_test(t, ordinary_names);
    tcase_add_test(t, paths_are_refused);
    tcase_add_test(t, empty_components_are_refused);
    tcase_add_test(t, control_and_8bit_are_refused);
    tcase_add_test(t, tilde_and_length);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
