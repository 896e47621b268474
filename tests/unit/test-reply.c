/*
 * test-reply.c -- unit tests of src/reply.c and src/outbuf.c (chapter 2,
 * lines).
 *
 * Replies are written into an output buffer on a pipe; the tests check
 * that nothing leaves before the flush (so pipelined replies can go out
 * together) and then compare the bytes exactly: the code, the '-' or ' ',
 * the text, CRLF (RFC 5321 §4.2, §4.2.1).
 */
#include "testlib.h"
#include "outbuf.h"
#include "reply.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];
static struct outbuf ob;

static void setup(void)
{
    ck_assert_int_eq(pipe(pfd), 0);
    outbuf_init(&ob, pfd[1], TRACE_SERVER);
}

static void teardown(void)
{
    close(pfd[0]);
    if (pfd[1] >= 0)
        close(pfd[1]);
}

/* For the tests that write more than a pipe holds (64 KiB on Linux, and
 * the buffer itself is 64 KiB) before they read: a regular file instead,
 * opened once for writing and once for reading, which never blocks. */
static void use_file(void)
{
    close(pfd[0]);
    close(pfd[1]);
    ck_assert_int_eq(tl_file_pipe(pfd), 0);
    outbuf_init(&ob, pfd[1], TRACE_SERVER);
}

/* Is there anything to read in the pipe right now? */
static int readable(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, 0) == 1;
}

/* Flush, close the write end, and compare everything sent with want. */
static void expect_sent(const char *want, size_t wantlen)
{
    static char got[3 * OUTBUF_SIZE + 128];
    size_t n = 0;
    ssize_t r;

    ck_assert_int_eq(outbuf_flush(&ob), 0);
    close(pfd[1]);
    pfd[1] = -1;
    while ((r = read(pfd[0], got + n, sizeof got - n)) > 0)
        n += (size_t)r;
    ck_assert_uint_eq(n, wantlen);
    ck_assert(memcmp(got, want, wantlen) == 0);
}

#define EXPECT_SENT(s) expect_sent((s), sizeof(s) - 1)

START_TEST(single_line)
{
    ck_assert_int_eq(reply(&ob, 250, "OK"), 0);
    EXPECT_SENT("250 OK\r\n");
}
END_TEST

START_TEST(formatted)
{
    ck_assert_int_eq(reply(&ob, 550, "No such user: %s (%d)", "bob", 7), 0);
    EXPECT_SENT("550 No such user: bob (7)\r\n");
}
END_TEST

START_TEST(empty_text_keeps_the_space)
{
    /* RFC 5321 §4.2.1: "servers SHOULD send the <SP> if subsequent text
     * is not sent". */
    ck_assert_int_eq(reply(&ob, 250, "%s", ""), 0);
    ck_assert_int_eq(reply_more(&ob, 250, "%s", ""), 0);
    EXPECT_SENT("250 \r\n250-\r\n");
}
END_TEST

START_TEST(multi_line_incremental)
{
    ck_assert_int_eq(reply_more(&ob, 250, "mail.example.org greets you"), 0);
    ck_assert_int_eq(reply_more(&ob, 250, "SIZE %d", 10240000), 0);
    ck_assert_int_eq(reply(&ob, 250, "PIPELINING"), 0);
    EXPECT_SENT("250-mail.example.org greets you\r\n250-SIZE 10240000\r\n250 PIPELINING\r\n");
}
END_TEST

START_TEST(multi_line_array)
{
    static const char *const three[] = { "a", "b", "c" };
    static const char *const one[] = { "only" };

    ck_assert_int_eq(reply_lines(&ob, 214, three, 3), 0);
    ck_assert_int_eq(reply_lines(&ob, 214, one, 1), 0);
    EXPECT_SENT("214-a\r\n214-b\r\n214 c\r\n214 only\r\n");
}
END_TEST

START_TEST(bad_code_rejected)
{
    errno = 0;
    ck_assert_int_eq(reply(&ob, 99, "x"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(reply(&ob, 600, "x"), -1);
    ck_assert_int_eq(reply_lines(&ob, 250, NULL, 0), -1);
    ck_assert_uint_eq(outbuf_pending(&ob), 0);
    EXPECT_SENT("");
}
END_TEST

START_TEST(long_text_cut_at_512)
{
    /* RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets with CRLF. */
    char text[700], want[512];

    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    memcpy(want, "250 ", 4);
    memset(want + 4, 'x', 506);
    memcpy(want + 510, "\r\n", 2);
    ck_assert_int_eq(reply(&ob, 250, "%s", text), 0);
    expect_sent(want, sizeof want);
}
END_TEST

START_TEST(cr_lf_in_text_neutralised)
{
    /* A CR or LF in the text would start a forged second reply line. */
    ck_assert_int_eq(reply(&ob, 250, "ok\r\n250 forged"), 0);
    ck_assert_int_eq(outbuf_line(&ob, "a\nb", 3), 0);
    EXPECT_SENT("250 ok??250 forged\r\na?b\r\n");
}
END_TEST

START_TEST(nothing_sent_before_flush)
{
    ck_assert_int_eq(reply(&ob, 250, "first"), 0);
    ck_assert_int_eq(reply(&ob, 250, "second"), 0);
    ck_assert(!readable(pfd[0]));
    ck_assert_uint_eq(outbuf_pending(&ob), 23);
    ck_assert_int_eq(outbuf_flush_hook(&ob), 0);
    ck_assert(readable(pfd[0]));
    ck_assert_uint_eq(outbuf_pending(&ob), 0);
    EXPECT_SENT("250 first\r\n250 second\r\n");
}
END_TEST

START_TEST(fills_and_overflows)
{
    /* More than the buffer holds: the bytes arrive complete and in order,
     * including a raw block bigger than the whole buffer. */
    static char want[3 * OUTBUF_SIZE + 64], big[2 * OUTBUF_SIZE];
    size_t n = 0;

    use_file();

    memset(big, 'b', sizeof big);
    for (int i = 0; i < 300; i++) {
        ck_assert_int_eq(outbuf_write(&ob, "0123456789", 10), 0);
        memcpy(want + n, "0123456789", 10);
        n += 10;
    }
    ck_assert_int_eq(outbuf_write(&ob, big, sizeof big), 0);
    memcpy(want + n, big, sizeof big);
    n += sizeof big;
    ck_assert_int_eq(outbuf_line(&ob, "end", 3), 0);
    memcpy(want + n, "end\r\n", 5);
    n += 5;
    expect_sent(want, n);
}
END_TEST

START_TEST(line_longer_than_buffer)
{
    static char text[OUTBUF_SIZE + 100], want[OUTBUF_SIZE + 102];

    use_file();

    memset(text, 't', sizeof text);
    text[7] = '\n';
    memcpy(want, text, sizeof text);
    want[7] = '?';
    memcpy(want + sizeof text, "\r\n", 2);
    ck_assert_int_eq(outbuf_line(&ob, text, sizeof text), 0);
    expect_sent(want, sizeof want);
}
END_TEST

START_TEST(write_error_sticks)
{
    signal(SIGPIPE, SIG_IGN);
    close(pfd[0]);
    pfd[0] = open("/dev/null", 0);          /* for teardown */
    ck_assert_int_eq(reply(&ob, 250, "into the void"), 0);   /* buffered */
    errno = 0;
    ck_assert_int_eq(outbuf_flush(&ob), -1);
    ck_assert_int_eq(errno, EPIPE);
    ck_assert_int_eq(reply(&ob, 250, "again"), -1);
    ck_assert_int_eq(outbuf_flush(&ob), -1);
    ck_assert_int_eq(errno, EPIPE);
}
END_TEST

START_TEST(replies_are_traced)
{
    static const char *const help[] = { "first", "last" };
    char got[256];
    int tp[2];
    ssize_t n;

    ck_assert_int_eq(pipe(tp), 0);
    trace_enable(tp[1]);
    reply(&ob, 220, "hello");
    reply_lines(&ob, 214, help, 2);
    trace_disable();
    close(tp[1]);
    n = read(tp[0], got, sizeof got - 1);
    ck_assert_int_gt(n, 0);
    got[n] = '\0';
    ck_assert_str_eq(got, "S: 220 hello\nS: 214-first\nS: 214 last\n");
    close(tp[0]);
}
END_TEST

static Suite *reply_suite(void)
{
    Suite *s = suite_create("reply");
    TCase *tc = tl_tcase("reply");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, single_line);
    tcase_add_test(tc, formatted);
    tcase_add_test(tc, empty_text_keeps_the_space);
    tcase_add_test(tc, multi_line_incremental);
    tcase_add_test(tc, multi_line_array);
    tcase_add_test(tc, bad_code_rejected);
    tcase_add_test(tc, long_text_cut_at_512);
    tcase_add_test(tc, cr_lf_in_text_neutralised);
    suite_add_tcase(s, tc);

    tc = tl_tcase("outbuf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, nothing_sent_before_flush);
    tcase_add_test(tc, fills_and_overflows);
    tcase_add_test(tc, line_longer_than_buffer);
    tcase_add_test(tc, write_error_sticks);
    tcase_add_test(tc, replies_are_traced);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(reply_suite());
}
