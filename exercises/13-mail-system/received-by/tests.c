/*
 * tests.c -- tests of exercise "received-by" (ex_received_by).
 *
 * Every test expects at least one BY domain found (a starter that finds
 * none fails them all).
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void expect(const char *value, int want, const char *wby, size_t bysz)
{
    char by[300] = "unchanged";
    int r = ex_received_by(value, by, bysz);

    ck_assert_msg(r == want, "\"%s\": returned %d, want %d", value, r, want);
    ck_assert_msg(strcmp(by, wby) == 0, "\"%s\": by is \"%s\", want \"%s\"", value, by, wby);
}

START_TEST(minimail_fields)
{
    expect(" from laptop.alice.test ([127.0.0.1])\r\n\tby alice.test (minimail) with ESMTPA"
           " id 1795796132.M289378P29739Q1.vm;\r\n\tFri, 27 Nov 2026 16:15:32 +0000",
           0, "alice.test", 300);
    expect(" from alice.test ([127.0.0.1])\n\tby bob.test (minimail) with ESMTP id 17.M5\n"
           "\tfor <bob@bob.test>; Fri, 27 Nov 2026 16:15:32 +0000", 0, "bob.test", 300);
}
END_TEST

START_TEST(comments)
{
    /* "by" inside a comment, nested comments, an escaped parenthesis. */
    expect(" from mx.example.org (sent by (a (nested)) relay \\) by x) BY mail.example.net(Postfix)"
           " with ESMTPS; Mon, 2 Jan 2026", 0, "mail.example.net", 300);
    /* A comment right after "by". */
    expect("from a by(comment)b.example; date", 0, "b.example", 300);
    /* No BY at all: -1, next to one that has it. */
    expect("from somewhere; Tue, 3 Jan 2026 by nobody", -1, "", 300);
    expect("by first.example; by second.example", 0, "first.example", 300);
}
END_TEST

START_TEST(words)
{
    /* "bypass" and "nearby" are words, not the clause. */
    expect("from bypass.example via nearby by real.example", 0, "real.example", 300);
    /* Case, tabs, folding. */
    expect("FROM a\r\n\tBy\r\n\t[192.0.2.7]\r\n\t; now", 0, "[192.0.2.7]", 300);
    /* No FROM: a local submission. */
    expect("by host.example with local; t", 0, "host.example", 300);
}
END_TEST

START_TEST(sizes)
{
    expect("from a by b.example", 0, "b.example", 10);
    expect("from a by b.example", -1, "", 9);
    expect("from a by ; date", -1, "", 300);
    expect("from a by b", 0, "b", 2);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("received-by");
    TCase *tc = tl_tcase("received-by");

    tcase_add_test(tc, minimail_fields);
    tcase_add_test(tc, comments);
    tcase_add_test(tc, words);
    tcase_add_test(tc, sizes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
