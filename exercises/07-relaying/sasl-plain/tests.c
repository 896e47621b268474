/*
 * tests.c -- tests of exercise "sasl-plain" (ex_sasl_plain).
 *
 * Every test checks at least one exact answer (0, EX_PLAIN_MALFORMED or
 * EX_PLAIN_PROXY): a function that answers nonsense passes no test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Expect success with @p u and @p p. */
static void ok(const char *b64, const char *u, const char *p)
{
    char user[64] = "(untouched)", pass[64] = "(untouched)";
    ck_assert_msg(ex_sasl_plain(b64, user, sizeof user, pass, sizeof pass) == 0,
                  "%s should be accepted", b64);
    ck_assert_str_eq(user, u);
    ck_assert_str_eq(pass, p);
}

static int answer(const char *b64)
{
    char user[64], pass[64];
    return ex_sasl_plain(b64, user, sizeof user, pass, sizeof pass);
}

START_TEST(the_usual_response)
{
    ok("AGFsaWNlAHNlY3JldA==", "alice", "secret");        /* \0alice\0secret */
    ok("AGJvYgBodW50ZXIy", "bob", "hunter2");              /* \0bob\0hunter2 */
}
END_TEST

START_TEST(authzid_equal_to_the_user)
{
    ok("YWxpY2UAYWxpY2UAc2VjcmV0", "alice", "secret");    /* alice\0alice\0secret */
}
END_TEST

START_TEST(authzid_of_someone_else)
{
    ck_assert_int_eq(answer("Ym9iAGFsaWNlAHNlY3JldA=="), EX_PLAIN_PROXY);  /* bob\0alice\0secret */
    ck_assert_int_eq(answer("YWxpY2UAYWxpY2UxAHB3"), EX_PLAIN_PROXY);      /* alice\0alice1\0pw */
    ok("AGFsaWNlMQBwdw==", "alice1", "pw");
}
END_TEST

START_TEST(passwords_may_hold_anything_but_nul)
{
    ok("AGFsaWNlAHAgYTpzcyB3w7ZyZA==", "alice", "p a:ss w\xc3\xb6rd");
}
END_TEST

START_TEST(not_plain)
{
    ck_assert_int_eq(answer("YWxpY2U="), EX_PLAIN_MALFORMED);             /* alice */
    ck_assert_int_eq(answer("AGFsaWNl"), EX_PLAIN_MALFORMED);             /* \0alice */
    ck_assert_int_eq(answer("AGFsaWNlAA=="), EX_PLAIN_MALFORMED);         /* \0alice\0 */
    ck_assert_int_eq(answer("AABzZWNyZXQ="), EX_PLAIN_MALFORMED);         /* \0\0secret */
    ck_assert_int_eq(answer("AGEAYgBj"), EX_PLAIN_MALFORMED);             /* \0a\0b\0c */
    ck_assert_int_eq(answer("="), EX_PLAIN_MALFORMED);                    /* empty */
    ok("AGEAYg==", "a", "b");
}
END_TEST

START_TEST(not_base64)
{
    ck_assert_int_eq(answer("AGFsaWNlAHNlY3JldA"), EX_PLAIN_MALFORMED);     /* no padding */
    ck_assert_int_eq(answer("AGFsaWNl AHNlY3JldA=="), EX_PLAIN_MALFORMED);  /* a blank */
    ck_assert_int_eq(answer("AGFsaWNl!HNlY3JldA=="), EX_PLAIN_MALFORMED);
    ck_assert_int_eq(answer("AGFsaWNlAHNlY3JldA=="), 0);
}
END_TEST

START_TEST(fields_that_do_not_fit)
{
    char user[6], pass[7];
    ck_assert_int_eq(ex_sasl_plain("AGFsaWNlAHNlY3JldA==", user, sizeof user, pass, sizeof pass), 0);
    ck_assert_str_eq(user, "alice");
    ck_assert_str_eq(pass, "secret");
    ck_assert_int_eq(ex_sasl_plain("AGFsaWNlAHNlY3JldA==", user, 5, pass, sizeof pass),
                     EX_PLAIN_MALFORMED);
    ck_assert_int_eq(ex_sasl_plain("AGFsaWNlAHNlY3JldA==", user, sizeof user, pass, 6),
                     EX_PLAIN_MALFORMED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sasl-plain");
    TCase *tc = tl_tcase("sasl-plain");
    tcase_add_test(tc, the_usual_response);
    tcase_add_test(tc, authzid_equal_to_the_user);
    tcase_add_test(tc, authzid_of_someone_else);
    tcase_add_test(tc, passwords_may_hold_anything_but_nul);
    tcase_add_test(tc, not_plain);
    tcase_add_test(tc, not_base64);
    tcase_add_test(tc, fields_that_do_not_fit);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
