/*
 * tests.c -- tests of exercise "reply-parse" (ex_reply_parse).
 *
 * Every test checks at least one line that must be ACCEPTED, with its
 * parts: a function that rejects everything passes nothing.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Expect line to parse into code, more, text. */
static void accepts(const char *line, int code, int more, const char *text)
{
    struct ex_reply_line r = { -1, -1, NULL };

    ck_assert_msg(ex_reply_parse(line, &r) == 0, "\"%s\" should be accepted", line);
    ck_assert_msg(r.code == code, "\"%s\": code %d, want %d", line, r.code, code);
    ck_assert_msg(r.more == more, "\"%s\": more %d, want %d", line, r.more, more);
    ck_assert_msg(r.text != NULL && strcmp(r.text, text) == 0,
                  "\"%s\": text \"%s\", want \"%s\"", line, r.text ? r.text : "(null)", text);
}

static void rejects(const char *line)
{
    struct ex_reply_line r;

    ck_assert_msg(ex_reply_parse(line, &r) == -1, "\"%s\" should be rejected", line);
}

START_TEST(last_line)
{
    accepts("250 OK", 250, 0, "OK");
    accepts("220 mail.example.org ESMTP ready", 220, 0, "mail.example.org ESMTP ready");
    accepts("554 5.7.1 Relay access denied", 554, 0, "5.7.1 Relay access denied");
}
END_TEST

START_TEST(continuation_line)
{
    accepts("250-SIZE 1000", 250, 1, "SIZE 1000");
    accepts("250-mail.example.org greets you", 250, 1, "mail.example.org greets you");
    accepts("214-", 214, 1, "");
}
END_TEST

START_TEST(a_whole_ehlo_reply)
{
    /* A client reads lines until one has no hyphen. */
    static const char *const lines[] = {
        "250-mail.example.org", "250-PIPELINING", "250-SIZE 10240000", "250 8BITMIME"
    };
    struct ex_reply_line r;

    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(ex_reply_parse(lines[i], &r), 0);
        ck_assert_int_eq(r.code, 250);
        ck_assert_int_eq(r.more, i < 3);
    }
    ck_assert_str_eq(r.text, "8BITMIME");
}
END_TEST

START_TEST(code_alone_and_empty_text)
{
    accepts("250", 250, 0, "");
    accepts("250 ", 250, 0, "");
    accepts("354 End data with <CR><LF>.<CR><LF>", 354, 0, "End data with <CR><LF>.<CR><LF>");
}
END_TEST

START_TEST(text_kept_exactly)
{
    accepts("250  two spaces", 250, 0, " two spaces");
    accepts("250-a-b c", 250, 1, "a-b c");
    accepts("421 4.4.2 bye\t", 421, 0, "4.4.2 bye\t");
}
END_TEST

START_TEST(code_ranges)
{
    accepts("200 lowest", 200, 0, "lowest");
    accepts("559 highest", 559, 0, "highest");
    rejects("199 first digit 1");
    rejects("600 first digit 6");
    rejects("260 second digit 6");
    rejects("090 no");
}
END_TEST

START_TEST(malformed)
{
    accepts("500 ok", 500, 0, "ok");
    rejects("");
    rejects("25");
    rejects("25 OK");
    rejects("2500 OK");
    rejects("250x");
    rejects("250\tOK");
    rejects(" 250 OK");
    rejects("ABC OK");
    rejects("2a0 OK");
}
END_TEST

static Suite *reply_parse_suite(void)
{
    Suite *s = suite_create("reply-parse");
    TCase *tc = tl_tcase("parse");

    tcase_add_test(tc, last_line);
    tcase_add_test(tc, continuation_line);
    tcase_add_test(tc, a_whole_ehlo_reply);
    tcase_add_test(tc, code_alone_and_empty_text);
    tcase_add_test(tc, text_kept_exactly);
    tcase_add_test(tc, code_ranges);
    tcase_add_test(tc, malformed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(reply_parse_suite());
}
