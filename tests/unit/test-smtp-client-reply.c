/*
 * test-smtp-client-reply.c -- unit tests of src/smtp_reply_read.c
 * (chapter 6, smtp-client): one reply line taken apart, enhanced codes,
 * whole replies read through chapter 2's line reader.
 *
 * The "server" is the write end of a pipe: each test writes the bytes a
 * server might send (good replies, multi-line replies, garbage, a reply
 * that never ends, nothing at all) and checks what smtp_reply_read()
 * makes of them (RFC 5321 §4.2, §4.2.1; RFC 2034, RFC 3463).
 */
#include "testlib.h"
#include "linereader.h"
#include "smtp_reply_read.h"
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static struct linereader lr;
static struct smtp_client_reply r;

static void setup(void)
{
    ck_assert_int_eq(pipe(pfd), 0);
    lr_init(&lr, pfd[0], TRACE_SERVER);
    lr_set_timeout(&lr, 2000);
}

static void teardown(void)
{
    close(pfd[0]);
    if (pfd[1] >= 0)
        close(pfd[1]);
}

/* The server says s (and, with close_after, hangs up). */
static void server_says(const char *s, int close_after)
{
    ck_assert_int_eq(tl_send(pfd[1], s), 0);
    if (close_after) {
        close(pfd[1]);
        pfd[1] = -1;
    }
}

/* ---- one line ---------------------------------------------------------- */

START_TEST(parse_line_forms)
{
    int code = 0, last = -1;
    const char *text = NULL;

    ck_assert_int_eq(smtp_reply_parse_line("250 OK", 6, &code, &last, &text), 0);
    ck_assert_int_eq(code, 250);
    ck_assert_int_eq(last, 1);
    ck_assert_str_eq(text, "OK");

    ck_assert_int_eq(smtp_reply_parse_line("250-PIPELINING", 14, &code, &last, &text), 0);
    ck_assert_int_eq(last, 0);
    ck_assert_str_eq(text, "PIPELINING");

    /* "250" alone is a whole reply (the text is optional, §4.2) */
    ck_assert_int_eq(smtp_reply_parse_line("354", 3, &code, &last, &text), 0);
    ck_assert_int_eq(code, 354);
    ck_assert_int_eq(last, 1);
    ck_assert_str_eq(text, "");

    ck_assert_int_eq(smtp_reply_parse_line("550 ", 4, &code, &last, &text), 0);
    ck_assert_int_eq(code, 550);
    ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(parse_line_rejects_garbage)
{
    static const char *const bad[] = {
        "", "2", "25", "abc", "25O OK", "OK 250", " 250 OK", "2500 OK",
        "250x", "250\tOK", "150 old style", "650 OK", "260 OK", "099 OK",
        "HTTP/1.1 400 Bad Request", "+OK POP3 ready", "* OK IMAP4rev1",
    };
    int code, last;
    const char *text;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(smtp_reply_parse_line(bad[i], strlen(bad[i]), &code, &last, &text) == -1,
                      "accepted \"%s\"", bad[i]);
}
END_TEST

START_TEST(enhanced_codes)
{
    char enh[SMTP_ENH_MAX];

    ck_assert_uint_eq(smtp_reply_parse_enh("2.1.0 Sender OK", 15, 250, enh), 6);
    ck_assert_str_eq(enh, "2.1.0");
    ck_assert_uint_eq(smtp_reply_parse_enh("5.7.1", 5, 550, enh), 5);
    ck_assert_str_eq(enh, "5.7.1");
    ck_assert_uint_eq(smtp_reply_parse_enh("4.999.123 x", 11, 451, enh), 10);
    ck_assert_str_eq(enh, "4.999.123");
    /* class must match the code; three digits at most; a space after */
    ck_assert_uint_eq(smtp_reply_parse_enh("5.1.1 No", 8, 250, enh), 0);
    ck_assert_str_eq(enh, "");
    ck_assert_uint_eq(smtp_reply_parse_enh("2.1000.0 x", 10, 250, enh), 0);
    ck_assert_uint_eq(smtp_reply_parse_enh("2.1.0x", 6, 250, enh), 0);
    ck_assert_uint_eq(smtp_reply_parse_enh("2.1 OK", 6, 250, enh), 0);
    ck_assert_uint_eq(smtp_reply_parse_enh("3.0.0 go", 8, 354, enh), 0);
    ck_assert_uint_eq(smtp_reply_parse_enh("Hello", 5, 250, enh), 0);
}
END_TEST

START_TEST(classes)
{
    ck_assert_int_eq(smtp_reply_class(0), SMTP_CLASS_NONE);
    ck_assert_int_eq(smtp_reply_class(-1), SMTP_CLASS_NONE);
    ck_assert_int_eq(smtp_reply_class(220), SMTP_CLASS_POSITIVE);
    ck_assert_int_eq(smtp_reply_class(354), SMTP_CLASS_INTERMEDIATE);
    ck_assert_int_eq(smtp_reply_class(421), SMTP_CLASS_TRANSIENT);
    ck_assert_int_eq(smtp_reply_class(554), SMTP_CLASS_PERMANENT);
    ck_assert_int_eq(smtp_reply_class(600), SMTP_CLASS_NONE);
}
END_TEST

/* ---- whole replies ------------------------------------------------------ */

START_TEST(single_line_reply)
{
    server_says("220 mx.example.test ESMTP ready\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 220);
    ck_assert_uint_eq(r.nlines, 1);
    ck_assert_str_eq(r.text, "mx.example.test ESMTP ready");
    ck_assert_str_eq(r.enh, "");
    ck_assert_int_eq(r.truncated, 0);
}
END_TEST

START_TEST(multi_line_reply)
{
    server_says("250-mx.example.test Hello\r\n250-SIZE 10240000\r\n"
                "250-PIPELINING\r\n250 8BITMIME\r\n221 next\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 250);
    ck_assert_uint_eq(r.nlines, 4);
    ck_assert_str_eq(r.text, "mx.example.test Hello\nSIZE 10240000\nPIPELINING\n8BITMIME");
    /* the next reply is still there, untouched */
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 221);
    ck_assert_str_eq(r.text, "next");
}
END_TEST

START_TEST(multi_line_split_across_reads)
{
    /* TCP does not keep message boundaries: the reply may come in bits. */
    static const char *const parts[] = { "25", "0-first\r", "\n250", " last\r\n" };
    size_t i;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        for (i = 0; i < 4; i++) {
            struct timespec ts = { 0, 20 * 1000 * 1000 };
            tl_send(pfd[1], parts[i]);
            nanosleep(&ts, NULL);
        }
        _exit(0);
    }
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 250);
    ck_assert_str_eq(r.text, "first\nlast");
}
END_TEST

START_TEST(enhanced_code_stripped_from_every_line)
{
    server_says("550-5.1.1 No such user here\r\n550 5.1.1 Try another\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 550);
    ck_assert_str_eq(r.enh, "5.1.1");
    ck_assert_str_eq(r.text, "No such user here\nTry another");
}
END_TEST

START_TEST(bare_lf_accepted)
{
    server_says("250-one\n250 two\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_str_eq(r.text, "one\ntwo");
}
END_TEST

START_TEST(bad_code_is_an_error)
{
    server_says("hello there\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_SYNTAX);
    ck_assert_int_eq(r.code, 0);
}
END_TEST

START_TEST(garbage_in_a_continuation)
{
    server_says("250-mx.example.test\r\nSIZE 1000\r\n250 OK\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_SYNTAX);
    ck_assert_int_eq(r.code, 0);
}
END_TEST

START_TEST(mixed_codes_are_an_error)
{
    server_says("250-first\r\n251 second\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_MIXED);
    ck_assert_int_eq(r.code, 0);
}
END_TEST

START_TEST(nul_is_an_error)
{
    static const char line[] = "250 O\0K\r\n";

    ck_assert_int_eq(tl_send_bytes(pfd[1], line, sizeof line - 1), 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_SYNTAX);
}
END_TEST

START_TEST(over_long_line_is_cut)
{
    /* 2000 octets of text: kept as a prefix, flagged, the reply is fine,
     * and the next reply starts where it should. */
    char *big = malloc(2100);

    memcpy(big, "250 ", 4);
    memset(big + 4, 'x', 2000);
    strcpy(big + 2004, "\r\n220 next\r\n");
    server_says(big, 0);
    free(big);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 250);
    ck_assert_int_eq(r.truncated, 1);
    ck_assert_uint_eq(strlen(r.text), SMTP_REPLY_LINE_MAX - 2 - 4);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_int_eq(r.code, 220);
    ck_assert_int_eq(r.truncated, 0);
}
END_TEST

START_TEST(too_much_text_is_cut)
{
    /* 20 lines of 300 octets: more than SMTP_CLIENT_TEXT_MAX in all */
    char line[320];
    int i;

    memset(line, 'y', sizeof line);
    for (i = 0; i < 20; i++) {
        memcpy(line, i < 19 ? "250-" : "250 ", 4);
        memcpy(line + 304, "\r\n", 3);
        server_says(line, 0);
    }
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_uint_eq(r.nlines, 20);
    ck_assert_int_eq(r.truncated, 1);
    ck_assert_uint_eq(strlen(r.text), SMTP_CLIENT_TEXT_MAX - 1);
}
END_TEST

START_TEST(too_many_lines)
{
    int i;

    for (i = 0; i < SMTP_REPLY_LINES_MAX + 5; i++)
        server_says("250-more\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_TOO_MANY);
    ck_assert_int_eq(r.code, 0);
}
END_TEST

START_TEST(eof_before_reply)
{
    server_says("", 1);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_EOF);
}
END_TEST

START_TEST(eof_inside_reply)
{
    server_says("250-first\r\n250 sec", 1);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_EOF);
    ck_assert_int_eq(r.code, 0);
}
END_TEST

START_TEST(stalled_server_times_out)
{
    struct timespec a, b;
    long ms;

    server_says("250-first line, then nothing\r\n", 0);
    lr_set_timeout(&lr, 300);
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    /* Not before the timeout.  (That it ended at all is the TIMEOUT
     * above; how soon after 300 ms is up to the scheduler, not asserted.) */
    ck_assert_int_ge(ms, 250);
    ck_assert_int_eq(lr.timeout_ms, 300);       /* the reader's setting is back */
}
END_TEST

START_TEST(trickling_server_bounded_by_one_timeout)
{
    /* a line every 150 ms, for ever: the 400 ms timeout is for the whole
     * reply, so this ends after about 400 ms, not never */
    struct timespec a, b;
    long ms;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int i;
        for (i = 0; i < 40; i++) {
            struct timespec ts = { 0, 150 * 1000 * 1000 };
            if (tl_send(pfd[1], "250-still here\r\n") < 0)
                break;
            nanosleep(&ts, NULL);
        }
        _exit(0);
    }
    close(pfd[1]);
    pfd[1] = -1;
    lr_set_timeout(&lr, 400);
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    /* Over while the server still trickled (40 lines, 150 ms apart): a
     * timeout per line would have read on until the end, and then seen
     * end of file, not a timeout. */
    ck_assert_int_lt(ms, 40 * 150);
}
END_TEST

START_TEST(summary_line)
{
    char buf[80];

    server_says("550-5.1.1 No such\tuser\r\n550 5.1.1 second line\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_str_eq(smtp_reply_summary(&r, buf, sizeof buf), "550 5.1.1 No such?user");
    server_says("354\r\n", 0);
    ck_assert_int_eq(smtp_reply_read(&lr, &r), SMTP_RE_NONE);
    ck_assert_str_eq(smtp_reply_summary(&r, buf, sizeof buf), "354");
    ck_assert_str_eq(smtp_reply_summary(&r, buf, 3), "35");
    r.code = 0;
    ck_assert_str_eq(smtp_reply_summary(&r, buf, sizeof buf), "(no reply)");
    ck_assert_str_ne(smtp_reply_error_str(SMTP_RE_TIMEOUT), "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("smtp-client-reply");
    TCase *line = tl_tcase("line");
    TCase *whole = tl_tcase("reply");

    tcase_add_test(line, parse_line_forms);
    tcase_add_test(line, parse_line_rejects_garbage);
    tcase_add_test(line, enhanced_codes);
    tcase_add_test(line, classes);
    suite_add_tcase(s, line);

    tcase_add_checked_fixture(whole, setup, teardown);
    tcase_add_test(whole, single_line_reply);
    tcase_add_test(whole, multi_line_reply);
    tcase_add_test(whole, multi_line_split_across_reads);
    tcase_add_test(whole, enhanced_code_stripped_from_every_line);
    tcase_add_test(whole, bare_lf_accepted);
    tcase_add_test(whole, bad_code_is_an_error);
    tcase_add_test(whole, garbage_in_a_continuation);
    tcase_add_test(whole, mixed_codes_are_an_error);
    tcase_add_test(whole, nul_is_an_error);
    tcase_add_test(whole, over_long_line_is_cut);
    tcase_add_test(whole, too_much_text_is_cut);
    tcase_add_test(whole, too_many_lines);
    tcase_add_test(whole, eof_before_reply);
    tcase_add_test(whole, eof_inside_reply);
    tcase_add_test(whole, stalled_server_times_out);
    tcase_add_test(whole, trickling_server_bounded_by_one_timeout);
    tcase_add_test(whole, summary_line);
    suite_add_tcase(s, whole);
    return tl_run_suite(s);
}
