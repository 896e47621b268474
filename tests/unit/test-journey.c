/*
 * test-journey.c -- unit tests of src/journey.c (chapter mail-system): the
 * trace block at the top of a message (LF and CRLF, folded fields, no
 * trace, a Received field below other fields), Received fields in the
 * form chapter 5 writes them and in other servers' forms (comments,
 * upper-case clause names, VIA and FOR, no FROM, no date, no BY), and the
 * hops in the order of travel, with a limit.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "journey.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

/* A message as the demo's bob.test stores it (LF line ends). */
static const char delivered[] =
    "Return-Path: <alice@alice.test>\n"
    "Received: from alice.test ([127.0.0.1])\n"
    "\tby bob.test (minimail) with ESMTP id 1795796132.M517191P29770Q1\n"
    "\tfor <bob@bob.test>; Fri, 27 Nov 2026 16:15:32 +0000\n"
    "Received: from laptop.alice.test ([127.0.0.1])\n"
    "\tby alice.test (minimail) with ESMTPA id 1795796132.M289378P29739Q1.vm;\n"
    "\tFri, 27 Nov 2026 16:15:32 +0000\n"
    "From: Alice <alice@alice.test>\n"
    "Received: from nowhere by fake.example; Thu, 1 Jan 2026 00:00:00 +0000\n"
    "Subject: Lunch?\n"
    "\n"
    "Received: from body by not-a-header.example; x\n";

static int parse(const char *v, struct journey_hop *h)
{
    return journey_parse_received(v, strlen(v), h);
}

START_TEST(trace_len_lf)
{
    size_t n = journey_trace_len(delivered, strlen(delivered));
    ck_assert_msg(strncmp(delivered + n, "From: Alice", 11) == 0,
                  "the submitted message should start at From:, not at \"%.20s\"", delivered + n);
}
END_TEST

START_TEST(trace_len_crlf_and_none)
{
    const char *crlf = "Received: from a\r\n by b; now\r\nReturn-Path: <>\r\nSubject: x\r\n\r\nbody\r\n";
    const char *none = "Subject: no trace\nReceived: from a by b; later\n\nbody\n";
    const char *only = "Return-Path: <x@y>\nreceived: from a by b; t\n\n";

    ck_assert_uint_eq(journey_trace_len(crlf, strlen(crlf)), strlen("Received: from a\r\n by b; now\r\nReturn-Path: <>\r\n"));
    ck_assert_uint_eq(journey_trace_len(none, strlen(none)), 0);
    ck_assert_uint_eq(journey_trace_len(only, strlen(only)), strlen(only) - 1);
    ck_assert_uint_eq(journey_trace_len("", 0), 0);
}
END_TEST

START_TEST(received_minimail)
{
    struct journey_hop h;

    ck_assert_int_eq(parse(" from alice.test ([127.0.0.1])\r\n\tby bob.test (minimail) with ESMTP id 17.M5\r\n"
                           "\tfor <bob@bob.test>; Fri, 27 Nov 2026 16:15:32 +0000", &h), 0);
    ck_assert_str_eq(h.from, "alice.test");
    ck_assert_str_eq(h.by, "bob.test");
    ck_assert_str_eq(h.with, "ESMTP");
    ck_assert_str_eq(h.id, "17.M5");
    ck_assert_str_eq(h.date, "Fri, 27 Nov 2026 16:15:32 +0000");
}
END_TEST

START_TEST(received_other_forms)
{
    struct journey_hop h;

    /* Postfix's form: a comment with a nested one, upper/lower case. */
    ck_assert_int_eq(parse(" FROM mx.example.org (mx.example.org [192.0.2.1] (may be forged))"
                           " BY mail.example.net (Postfix) WITH ESMTPS ID 4Xyz\n  ; Mon, 2 Jan 2026 10:00:00 +0100 (CET)", &h), 0);
    ck_assert_str_eq(h.from, "mx.example.org");
    ck_assert_str_eq(h.by, "mail.example.net");
    ck_assert_str_eq(h.with, "ESMTPS");
    ck_assert_str_eq(h.id, "4Xyz");
    ck_assert_str_eq(h.date, "Mon, 2 Jan 2026 10:00:00 +0100 (CET)");
    /* An address literal as the FROM domain, VIA, no date. */
    ck_assert_int_eq(parse("from [127.0.0.1] via tcp by localhost", &h), 0);
    ck_assert_str_eq(h.from, "[127.0.0.1]");
    ck_assert_str_eq(h.by, "localhost");
    ck_assert_str_eq(h.date, "");
    /* No FROM (a local submission), a FOR clause before the date. */
    ck_assert_int_eq(parse("by host.example with local id 1 for <a@b>;\tTue, 3 Jan 2026 00:00:00 +0000", &h), 0);
    ck_assert_str_eq(h.from, "");
    ck_assert_str_eq(h.by, "host.example");
    ck_assert_str_eq(h.with, "local");
    ck_assert_str_eq(h.date, "Tue, 3 Jan 2026 00:00:00 +0000");
    /* No BY: not a Stamp. */
    ck_assert_int_eq(parse("from somewhere; Tue, 3 Jan 2026 00:00:00 +0000", &h), -1);
    ck_assert_int_eq(parse("", &h), -1);
    ck_assert_int_eq(parse("(only a comment (nested)) ;", &h), -1);
    /* A long name is cut, not overflowed. */
    char big[600] = "from ";
    memset(big + 5, 'x', 500);
    strcpy(big + 505, " by y");
    ck_assert_int_eq(parse(big, &h), 0);
    ck_assert_uint_eq(strlen(h.from), JOURNEY_NAME_MAX - 1);
    ck_assert_str_eq(h.by, "y");
}
END_TEST

START_TEST(hops_in_order)
{
    struct journey_hop h[4];
    int n = journey_hops(delivered, strlen(delivered), h, 4);

    /* Three Received fields in the header (the one in the body is not);
     * the bottom one is the oldest hop. */
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(h[0].from, "nowhere");
    ck_assert_str_eq(h[1].from, "laptop.alice.test");
    ck_assert_str_eq(h[1].by, "alice.test");
    ck_assert_str_eq(h[1].with, "ESMTPA");
    ck_assert_str_eq(h[2].from, "alice.test");
    ck_assert_str_eq(h[2].by, "bob.test");
    /* Room for two: the two oldest. */
    n = journey_hops(delivered, strlen(delivered), h, 2);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(h[0].from, "nowhere");
    ck_assert_str_eq(h[1].by, "alice.test");
    ck_assert_int_eq(journey_hops("Subject: x\n\n", 12, h, 4), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("journey");
    TCase *tc = tl_tcase("journey");

    tcase_add_test(tc, trace_len_lf);
    tcase_add_test(tc, trace_len_crlf_and_none);
    tcase_add_test(tc, received_minimail);
    tcase_add_test(tc, received_other_forms);
    tcase_add_test(tc, hops_in_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
