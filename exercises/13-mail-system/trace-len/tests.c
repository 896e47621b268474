/*
 * tests.c -- tests of exercise "trace-len" (ex_trace_len).
 *
 * Every test has a message whose trace block is not empty (a starter
 * that answers 0 for everything fails them all).
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Check that the block of @p msg ends where @p rest begins. */
static void expect(const char *msg, const char *rest)
{
    size_t want = strlen(msg) - strlen(rest);
    size_t got = ex_trace_len(msg, strlen(msg));

    ck_assert_msg(got == want, "ex_trace_len() = %zu, want %zu (the block should end before \"%.20s\")",
                  got, want, rest);
}

START_TEST(as_delivered)
{
    /* What bob.test stores in the demo (LF on disk). */
    expect("Return-Path: <alice@alice.test>\n"
           "Received: from alice.test ([127.0.0.1])\n"
           "\tby bob.test (minimail) with ESMTP id 1795796132.M517191P29770Q1\n"
           "\tfor <bob@bob.test>; Fri, 27 Nov 2026 16:15:32 +0000\n"
           "Received: from laptop.alice.test ([127.0.0.1])\n"
           "\tby alice.test (minimail) with ESMTPA id 1795796132.M289378P29739Q1.vm;\n"
           "\tFri, 27 Nov 2026 16:15:32 +0000\n"
           "From: Alice <alice@alice.test>\n"
           "Subject: Lunch?\n\nHi Bob\n",
           "From: Alice <alice@alice.test>\nSubject: Lunch?\n\nHi Bob\n");
}
END_TEST

START_TEST(crlf_and_case)
{
    expect("RECEIVED: from a\r\n by b; now\r\nreturn-path: <>\r\nSubject: x\r\n\r\nbody\r\n",
           "Subject: x\r\n\r\nbody\r\n");
    /* A space-folded continuation, then a field whose name only starts
     * like a trace field. */
    expect("Received: from a\n  by b; now\nReceived-SPF: pass\n\n", "Received-SPF: pass\n\n");
}
END_TEST

START_TEST(stops_at_other_fields)
{
    /* A Received field below another field is not part of the block. */
    expect("Return-Path: <x@y>\nFrom: x@y\nReceived: from a by b; t\n\nbody\n",
           "From: x@y\nReceived: from a by b; t\n\nbody\n");
    /* The empty line ends the header: a "Received:" in the body is text. */
    expect("Received: from a by b; t\n\nReceived: in the body\n", "\nReceived: in the body\n");
}
END_TEST

START_TEST(whole_message_and_no_final_lf)
{
    /* Only trace fields, the last without a line end. */
    expect("Return-Path: <>\nReceived: from a by b; t", "");
    /* Without a trace block the answer is 0 -- next to one with it. */
    expect("Subject: no trace\n\nbody\n", "Subject: no trace\n\nbody\n");
    expect("Received: from a by b; t\nSubject: x\n", "Subject: x\n");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("trace-len");
    TCase *tc = tl_tcase("trace-len");

    tcase_add_test(tc, as_delivered);
    tcase_add_test(tc, crlf_and_case);
    tcase_add_test(tc, stops_at_other_fields);
    tcase_add_test(tc, whole_message_and_no_final_lf);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
