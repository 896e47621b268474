/*
 * tests.c -- tests of exercise "read-reply" (ex_read_reply).
 *
 * The "server" is the write end of a pipe; the reply is read through a
 * line reader on the read end, with a short timeout.  Every test first
 * reads at least one good reply, so a function that always fails passes
 * none.
 */
#include "exercise.h"
#include "testlib.h"
#include "trace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];
static struct linereader lr;
static struct ex_reply r;

static void setup(void)
{
    ck_assert_int_eq(pipe(pfd), 0);
    lr_init(&lr, pfd[0], TRACE_SERVER);
    lr_set_timeout(&lr, 300);
}

static void teardown(void)
{
    close(pfd[0]);
    if (pfd[1] >= 0)
        close(pfd[1]);
}

static void say(const char *s) { ck_assert_int_eq(tl_send(pfd[1], s), 0); }

/* The next reply must be good, with this code and text. */
static void good(int code, const char *text, size_t nlines)
{
    int rc = ex_read_reply(&lr, &r);

    ck_assert_msg(rc == 0, "result %d, want 0 for a good reply", rc);
    ck_assert_int_eq(r.code, code);
    ck_assert_str_eq(r.text, text);
    ck_assert_uint_eq(r.nlines, nlines);
}

static void bad(void)
{
    int rc = ex_read_reply(&lr, &r);

    ck_assert_msg(rc == -1, "result %d, want -1 for a broken reply", rc);
}

START_TEST(single_line)
{
    say("220 mx.example.test ESMTP\r\n354 \r\n221\r\n");
    good(220, "mx.example.test ESMTP", 1);
    good(354, "", 1);
    good(221, "", 1);
}
END_TEST

START_TEST(multi_line)
{
    say("250-mx.example.test\r\n250-SIZE 1000\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
        "250 OK\r\n");
    good(250, "mx.example.test\nSIZE 1000\nPIPELINING\n8BITMIME", 4);
    good(250, "OK", 1);
}
END_TEST

START_TEST(empty_continuation_texts)
{
    say("214-\r\n214-\r\n214 end\r\n");
    good(214, "\n\nend", 3);
}
END_TEST

START_TEST(bare_lf_and_long_lines)
{
    char big[1200];

    say("250-one\n250 two\n");
    good(250, "one\ntwo", 2);
    memset(big, 'z', sizeof big);
    memcpy(big, "250 ", 4);
    memcpy(big + 1100, "\r\n", 3);
    say(big);
    say("220 after\r\n");
    ck_assert_int_eq(ex_read_reply(&lr, &r), 0);
    ck_assert_int_eq(r.code, 250);
    ck_assert_uint_eq(strlen(r.text), EX_REPLY_TEXT_MAX - 1);   /* cut, not an error */
    good(220, "after", 1);
}
END_TEST

START_TEST(not_a_reply_line)
{
    say("250 fine\r\nhello there\r\n");
    good(250, "fine", 1);
    bad();
}
END_TEST

START_TEST(bad_codes)
{
    say("550 ok\r\n2500 four digits\r\n");
    good(550, "ok", 1);
    bad();
}
END_TEST

START_TEST(bad_first_digits)
{
    say("421 ok\r\n150 old\r\n");
    good(421, "ok", 1);
    bad();
}
END_TEST

START_TEST(bad_separator)
{
    say("250 ok\r\n250x\r\n");
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(garbage_in_the_middle)
{
    say("250 ok\r\n250-first\r\nSIZE 1000\r\n250 last\r\n");
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(mixed_codes)
{
    say("250 ok\r\n250-first\r\n251 second\r\n");
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(nul_in_line)
{
    say("250 ok\r\n");
    ck_assert_int_eq(tl_send_bytes(pfd[1], "250 a\0b\r\n", 9), 0);
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(closed_in_the_middle)
{
    say("250 ok\r\n250-first\r\n250 sec");
    close(pfd[1]);
    pfd[1] = -1;
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(closed_before)
{
    say("250 ok\r\n");
    close(pfd[1]);
    pfd[1] = -1;
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(stalls)
{
    say("250 ok\r\n250-first, then nothing\r\n");
    good(250, "ok", 1);
    bad();                  /* after the reader's 300 ms timeout */
}
END_TEST

START_TEST(too_many_lines)
{
    int i;

    say("250 ok\r\n");
    for (i = 0; i < EX_REPLY_LINES_MAX + 3; i++)
        say("250-again\r\n");
    say("250 end\r\n");
    good(250, "ok", 1);
    bad();
}
END_TEST

START_TEST(exactly_the_most_lines)
{
    int i;

    for (i = 0; i < EX_REPLY_LINES_MAX - 1; i++)
        say("250-x\r\n");
    say("250 y\r\n");
    ck_assert_int_eq(ex_read_reply(&lr, &r), 0);
    ck_assert_uint_eq(r.nlines, EX_REPLY_LINES_MAX);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read-reply");
    TCase *tc = tl_tcase("read-reply");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, single_line);
    tcase_add_test(tc, multi_line);
    tcase_add_test(tc, empty_continuation_texts);
    tcase_add_test(tc, bare_lf_and_long_lines);
    tcase_add_test(tc, not_a_reply_line);
    tcase_add_test(tc, bad_codes);
    tcase_add_test(tc, bad_first_digits);
    tcase_add_test(tc, bad_separator);
    tcase_add_test(tc, garbage_in_the_middle);
    tcase_add_test(tc, mixed_codes);
    tcase_add_test(tc, nul_in_line);
    tcase_add_test(tc, closed_in_the_middle);
    tcase_add_test(tc, closed_before);
    tcase_add_test(tc, stalls);
    tcase_add_test(tc, too_many_lines);
    tcase_add_test(tc, exactly_the_most_lines);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
