/*
 * tests.c -- tests of exercise "received-header" (ex_received).
 *
 * Every test checks at least one field that must be written: a function
 * that fails on everything passes no test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Friday, 27 November 2026, 13:30:38. */
static struct ex_trace base(void)
{
    struct ex_trace t = { "client.example.org", "192.0.2.7", "mx.example.test", "ESMTP",
                          "1795786238.M1P2Q3", "bob@example.test", { 0 }, 0 };
    t.tm.tm_wday = 5;
    t.tm.tm_mday = 27;
    t.tm.tm_mon = 10;
    t.tm.tm_year = 126;
    t.tm.tm_hour = 13;
    t.tm.tm_min = 30;
    t.tm.tm_sec = 38;
    return t;
}

static void writes(const struct ex_trace *t, const char *want)
{
    char buf[1024] = "(untouched)";
    int n = ex_received(buf, sizeof buf, t);
    ck_assert_msg(n >= 0, "ex_received failed, want:\n%s", want);
    ck_assert_msg(strcmp(buf, want) == 0, "got:\n%s\nwant:\n%s", buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

START_TEST(with_a_recipient)
{
    struct ex_trace t = base();
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
               "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
}
END_TEST

START_TEST(without_a_recipient)
{
    struct ex_trace t = base();
    t.rcpt = NULL;
    t.protocol = "SMTP";
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with SMTP id 1795786238.M1P2Q3;\n"
               "\tFri, 27 Nov 2026 13:30:38 +0000\n");
}
END_TEST

START_TEST(ipv6_and_no_address)
{
    struct ex_trace t = base();
    t.ip = "2001:db8::7";
    writes(&t, "Received: from client.example.org ([IPv6:2001:db8::7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
               "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
    t.ip = NULL;
    writes(&t, "Received: from client.example.org\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
               "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
}
END_TEST

START_TEST(dates_and_offsets)
{
    struct ex_trace t = base();
    t.rcpt = NULL;
    t.tm.tm_wday = 0;                       /* Sunday, 1 March 2026, 04:05:06 */
    t.tm.tm_mday = 1;
    t.tm.tm_mon = 2;
    t.tm.tm_hour = 4;
    t.tm.tm_min = 5;
    t.tm.tm_sec = 6;
    t.utc_offset_min = 60;
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3;\n"
               "\tSun, 1 Mar 2026 04:05:06 +0100\n");
    t.utc_offset_min = -480;
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3;\n"
               "\tSun, 1 Mar 2026 04:05:06 -0800\n");
    t.utc_offset_min = 330;
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3;\n"
               "\tSun, 1 Mar 2026 04:05:06 +0530\n");
    t.utc_offset_min = -210;                /* Newfoundland: -03:30 */
    writes(&t, "Received: from client.example.org ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3;\n"
               "\tSun, 1 Mar 2026 04:05:06 -0330\n");
}
END_TEST

START_TEST(helo_claims_are_cleaned)
{
    struct ex_trace t = base();
    t.helo = "x (via [6.6.6.6]) by trusted.example";
    writes(&t, "Received: from x??via?[6.6.6.6]??by?trusted.example ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
               "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
    t.helo = "[192.0.2.7]";                 /* an address literal is fine */
    writes(&t, "Received: from [192.0.2.7] ([192.0.2.7])\n"
               "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
               "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
}
END_TEST

START_TEST(buffer_too_small)
{
    struct ex_trace t = base();
    char buf[512];
    int n = ex_received(buf, sizeof buf, &t);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(ex_received(buf, (size_t)n + 1, &t), n);    /* exact fit */
    ck_assert_int_eq(ex_received(buf, (size_t)n, &t), -1);       /* no room for the NUL */
    ck_assert_int_eq(ex_received(buf, 20, &t), -1);
}
END_TEST

static Suite *received_suite(void)
{
    Suite *s = suite_create("received-header");
    TCase *tc = tl_tcase("received-header");
    tcase_add_test(tc, with_a_recipient);
    tcase_add_test(tc, without_a_recipient);
    tcase_add_test(tc, ipv6_and_no_address);
    tcase_add_test(tc, dates_and_offsets);
    tcase_add_test(tc, helo_claims_are_cleaned);
    tcase_add_test(tc, buffer_too_small);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(received_suite());
}
