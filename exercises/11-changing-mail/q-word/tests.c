/*
 * tests.c -- tests of exercise "q-word" (ex_decode_q).  The starter
 * returns EX_NOT_DONE, which no test accepts.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* @word must decode to the @wlen octets @want. */
static void good(const char *word, const char *want, size_t wlen)
{
    char out[128];
    long n = ex_decode_q(word, strlen(word), out, sizeof out);
    ck_assert_msg(n == (long)wlen, "\"%s\": returned %ld, want %zu", word, n, wlen);
    ck_assert_msg(memcmp(out, want, wlen) == 0, "\"%s\": wrong octets \"%.*s\"", word,
                  (int)wlen, out);
}

/* @word (its first @len octets) must be refused. */
static void bad(const char *word, size_t len)
{
    char out[128];
    long n = ex_decode_q(word, len, out, sizeof out);
    ck_assert_msg(n == -1, "\"%.*s\": returned %ld, want -1", (int)len, word, n);
}

#define GOOD(w, want) good(w, want, sizeof want - 1)

START_TEST(plain_words)
{
    GOOD("=?us-ascii?Q?hello?=", "hello");
    GOOD("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", "Gr\xc3\xbc\xc3\x9f" "e");
    GOOD("=?ISO-8859-1?Q?K=F6ln?=", "K\xf6ln");
    GOOD("=?x?Q?a?=", "a");
}
END_TEST

START_TEST(underscores_and_case)
{
    GOOD("=?us-ascii?Q?a_b__c?=", "a b  c");
    GOOD("=?us-ascii?Q?a=5Fb?=", "a_b");            /* =5F is a real underscore */
    GOOD("=?utf-8?q?gr=c3=bc=c3=9fe?=", "gr\xc3\xbc\xc3\x9f" "e");
    GOOD("=?us-ascii?Q?100=25_sure?=", "100% sure");
    GOOD("=?us-ascii?Q?a=3D=3Fb?=", "a=?b");
}
END_TEST

START_TEST(malformed_words)
{
    static const char *const words[] = {
        "", "hello", "=?utf-8?Q?abc", "=?utf-8?Q?abc?", "utf-8?Q?abc?=",
        "=??Q?abc?=", "=?utf-8?B?YWJj?=", "=?utf-8?X?abc?=", "=?utf-8?QQ?abc?=",
        "=?utf-8?Q?a=ZZb?=", "=?utf-8?Q?ab=4?=", "=?utf-8?Q?ab=?=", "=?utf-8?Q?a b?=",
        "=?utf-8?Q?a?b?=", "=?utf-8?Q?a\xc3\xb6?=", "=?utf-8Q?abc?=",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        bad(words[i], strlen(words[i]));
    bad("=?us-ascii?Q?hello?=", 19);                /* the length counts, not a NUL */
}
END_TEST

START_TEST(small_output)
{
    char out[4];
    ck_assert_int_eq(ex_decode_q("=?us-ascii?Q?abcd?=", 19, out, sizeof out), 4);
    ck_assert_int_eq(ex_decode_q("=?us-ascii?Q?abcde?=", 20, out, sizeof out), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("q-word");
    TCase *tc = tl_tcase("q-word");
    tcase_add_test(tc, plain_words);
    tcase_add_test(tc, underscores_and_case);
    tcase_add_test(tc, malformed_words);
    tcase_add_test(tc, small_output);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
