/*
 * tests.c -- tests of exercise "users-line" (ex_users_line).
 *
 * Every test checks at least one line that must parse as a user (or be
 * skipped): a function that refuses everything passes no test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void user(const char *line, const char *want_name, enum ex_scheme want_scheme,
                 const char *want_secret)
{
    char name[64] = "(untouched)", secret[128] = "(untouched)";
    enum ex_scheme sch = (enum ex_scheme)99;
    int rc = ex_users_line(line, name, sizeof name, &sch, secret, sizeof secret);
    ck_assert_msg(rc == 1, "\"%s\": result %d, want 1 (a user line)", line, rc);
    ck_assert_msg(strcmp(name, want_name) == 0, "\"%s\": name \"%s\", want \"%s\"",
                  line, name, want_name);
    ck_assert_msg(sch == want_scheme, "\"%s\": scheme %d, want %d", line, (int)sch,
                  (int)want_scheme);
    ck_assert_msg(strcmp(secret, want_secret) == 0, "\"%s\": secret \"%s\", want \"%s\"",
                  line, secret, want_secret);
}

static void skipped(const char *line)
{
    char name[64], secret[128];
    enum ex_scheme sch;
    int rc = ex_users_line(line, name, sizeof name, &sch, secret, sizeof secret);
    ck_assert_msg(rc == 0, "\"%s\": result %d, want 0 (skipped)", line, rc);
}

static void malformed(const char *line)
{
    char name[64], secret[128];
    enum ex_scheme sch;
    int rc = ex_users_line(line, name, sizeof name, &sch, secret, sizeof secret);
    ck_assert_msg(rc == -1, "\"%s\": result %d, want -1 (malformed)", line, rc);
}

START_TEST(plain_passwords)
{
    user("alice:{PLAIN}secret", "alice", EX_SCHEME_PLAIN, "secret");
    user("alice:{plain}secret", "alice", EX_SCHEME_PLAIN, "secret");
    user("bob:{PLAIN}", "bob", EX_SCHEME_PLAIN, "");
    user("carol:{PLAIN}a b{}#", "carol", EX_SCHEME_PLAIN, "a b{}#");
}
END_TEST

START_TEST(crypt_hashes)
{
    user("dave:$6$salt$hash", "dave", EX_SCHEME_CRYPT, "$6$salt$hash");
    user("dave:{CRYPT}$6$salt$hash", "dave", EX_SCHEME_CRYPT, "$6$salt$hash");
    user("dave:{crypt}$1$x$y", "dave", EX_SCHEME_CRYPT, "$1$x$y");
    malformed("dave:{CRYPT}");
}
END_TEST

START_TEST(empty_password)
{
    user("erin:", "erin", EX_SCHEME_NONE, "");
    user("erin::1000:1000", "erin", EX_SCHEME_NONE, "");
}
END_TEST

START_TEST(extra_fields_are_ignored)
{
    user("frank:{PLAIN}pw:1000:1000::/home/frank:/bin/sh", "frank", EX_SCHEME_PLAIN, "pw");
    user("frank:$6$a$b:::", "frank", EX_SCHEME_CRYPT, "$6$a$b");
    user("user@example.test:{PLAIN}x", "user@example.test", EX_SCHEME_PLAIN, "x");
}
END_TEST

START_TEST(comments_and_blank_lines)
{
    skipped("");
    skipped("   ");
    skipped("\t \t");
    skipped("# alice:{PLAIN}x");
    skipped("   # indented");
    user("x#:{PLAIN}y", "x#", EX_SCHEME_PLAIN, "y");   /* '#' only counts first */
}
END_TEST

START_TEST(bad_names)
{
    user("ok:{PLAIN}x", "ok", EX_SCHEME_PLAIN, "x");
    malformed("nocolon");
    malformed(":{PLAIN}x");
    malformed(".hidden:{PLAIN}x");
    malformed("../etc:{PLAIN}x");
    malformed("a/b:{PLAIN}x");
    malformed("a b:{PLAIN}x");
    malformed("a\tb:{PLAIN}x");
}
END_TEST

START_TEST(bad_schemes)
{
    user("ok:{PLAIN}x", "ok", EX_SCHEME_PLAIN, "x");
    malformed("a:{ROT13}x");
    malformed("a:{PLAIN");
    malformed("a:{}x");
    malformed("a:{PLAIN:x}y");
}
END_TEST

START_TEST(buffers_too_small)
{
    char name[6], secret[4];
    enum ex_scheme sch;
    /* "alice" + NUL fits 6 bytes exactly, "pwd" + NUL fits 4. */
    ck_assert_int_eq(ex_users_line("alice:{PLAIN}pwd", name, sizeof name, &sch,
                                   secret, sizeof secret), 1);
    ck_assert_str_eq(name, "alice");
    ck_assert_str_eq(secret, "pwd");
    ck_assert_int_eq(ex_users_line("alicia:{PLAIN}pwd", name, sizeof name, &sch,
                                   secret, sizeof secret), -1);
    ck_assert_int_eq(ex_users_line("alice:{PLAIN}pwd2", name, sizeof name, &sch,
                                   secret, sizeof secret), -1);
}
END_TEST

static Suite *users_line_suite(void)
{
    Suite *s = suite_create("users-line");
    TCase *tc = tl_tcase("users-line");
    tcase_add_test(tc, plain_passwords);
    tcase_add_test(tc, crypt_hashes);
    tcase_add_test(tc, empty_password);
    tcase_add_test(tc, extra_fields_are_ignored);
    tcase_add_test(tc, comments_and_blank_lines);
    tcase_add_test(tc, bad_names);
    tcase_add_test(tc, bad_schemes);
    tcase_add_test(tc, buffers_too_small);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(users_line_suite());
}
