/*
 * test-smtp-client-dotstuff.c -- unit tests of src/smtp_dotstuff.c
 * (chapter 6, smtp-client): where lines end, what SIZE= announces, and
 * the wire form of a message byte for byte -- CRLF line ends, one more
 * dot in front of a line that starts with one, CRLF "." CRLF at the end
 * (RFC 5321 §2.3.8, §4.5.2; RFC 1870 §4).
 */
#include "testlib.h"
#include "outbuf.h"
#include "smtp_dotstuff.h"
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The wire form of (in, inlen) must be exactly want. */
static void expect_wire(const char *in, size_t inlen, const char *want)
{
    size_t wantlen = strlen(want), n;
    char *out;

    n = smtp_dotstuff(in, inlen, NULL, 0);      /* measuring */
    ck_assert_uint_eq(n, wantlen);
    out = malloc(n + 1);
    ck_assert_uint_eq(smtp_dotstuff(in, inlen, out, n), n);
    ck_assert_msg(memcmp(out, want, n) == 0, "wire form differs for \"%s\"", in);
    free(out);
}

#define WIRE(in, want) expect_wire(in, sizeof(in) - 1, want)

START_TEST(next_line_ends)
{
    size_t ll;

    ck_assert_uint_eq(smtp_next_line("ab\r\ncd", 6, &ll), 4);
    ck_assert_uint_eq(ll, 2);
    ck_assert_uint_eq(smtp_next_line("ab\ncd", 5, &ll), 3);
    ck_assert_uint_eq(ll, 2);
    ck_assert_uint_eq(smtp_next_line("ab\rcd", 5, &ll), 3);
    ck_assert_uint_eq(ll, 2);
    ck_assert_uint_eq(smtp_next_line("abcd", 4, &ll), 4);
    ck_assert_uint_eq(ll, 4);
    ck_assert_uint_eq(smtp_next_line("ab\r", 3, &ll), 3);   /* CR at the very end */
    ck_assert_uint_eq(ll, 2);
    ck_assert_uint_eq(smtp_next_line("\n", 1, &ll), 1);
    ck_assert_uint_eq(ll, 0);
}
END_TEST

START_TEST(already_clean)
{
    WIRE("Subject: x\r\n\r\nHello\r\n", "Subject: x\r\n\r\nHello\r\n.\r\n");
}
END_TEST

START_TEST(bare_lf_becomes_crlf)
{
    WIRE("Subject: x\n\nHello\nWorld\n", "Subject: x\r\n\r\nHello\r\nWorld\r\n.\r\n");
}
END_TEST

START_TEST(bare_cr_becomes_crlf)
{
    WIRE("a\rb\r\nc\r", "a\r\nb\r\nc\r\n.\r\n");
}
END_TEST

START_TEST(mixed_line_ends)
{
    WIRE("a\r\nb\nc\rd\n\r\ne", "a\r\nb\r\nc\r\nd\r\n\r\ne\r\n.\r\n");
}
END_TEST

START_TEST(missing_final_line_end_added)
{
    WIRE("Subject: x\n\nno newline at the end", "Subject: x\r\n\r\nno newline at the end\r\n.\r\n");
}
END_TEST

START_TEST(empty_message)
{
    WIRE("", ".\r\n");
}
END_TEST

START_TEST(dots_are_stuffed)
{
    WIRE(".\n", "..\r\n.\r\n");
    WIRE("..\r\n", "...\r\n.\r\n");
    WIRE(".signature\nx\n", "..signature\r\nx\r\n.\r\n");
    WIRE("a\n.\nb\n", "a\r\n..\r\nb\r\n.\r\n");
    WIRE("a\r\n.\r\n", "a\r\n..\r\n.\r\n");         /* a message that "ends" early */
    WIRE(".", "..\r\n.\r\n");                       /* a lone dot, no line end */
    WIRE("a.b\n x.\n", "a.b\r\n x.\r\n.\r\n");      /* dots elsewhere: unchanged */
}
END_TEST

START_TEST(smuggling_shapes_are_neutralised)
{
    /* "\n.\n" and "\r.\r" are what SMTP-smuggling attacks hide in a message:
     * sent by us they become ordinary, stuffed lines. */
    WIRE("x\n.\nMAIL FROM:<evil@x>\n", "x\r\n..\r\nMAIL FROM:<evil@x>\r\n.\r\n");
    WIRE("x\r.\rRCPT", "x\r\n..\r\nRCPT\r\n.\r\n");
}
END_TEST

START_TEST(eight_bit_and_nul_kept)
{
    static const char in[] = "caf\xc3\xa9\n\0x\n";
    static const char want[] = "caf\xc3\xa9\r\n\0x\r\n.\r\n";
    char out[32];
    size_t n = smtp_dotstuff(in, sizeof in - 1, out, sizeof out);

    ck_assert_uint_eq(n, sizeof want - 1);
    ck_assert(memcmp(out, want, n) == 0);
}
END_TEST

START_TEST(short_buffer_is_not_overrun)
{
    char out[8];

    memset(out, '#', sizeof out);
    ck_assert_uint_eq(smtp_dotstuff(".abc\n", 5, out, 4), 10);
    ck_assert(memcmp(out, "..ab####", 8) == 0);
}
END_TEST

START_TEST(scan)
{
    struct smtp_msg_info in;
    static const char m[] = "Subject: x\n\nHi\r\nline two caf\xc3\xa9";

    smtp_msg_scan(m, sizeof m - 1, &in);
    /* SIZE= counts CRLF line ends and no stuffing or final "." */
    ck_assert_uint_eq(in.size, smtp_dotstuff(m, sizeof m - 1, NULL, 0) - 3);
    ck_assert_uint_eq(in.size, 12 + 2 + 4 + 16);
    ck_assert_uint_eq(in.lines, 4);
    ck_assert_uint_eq(in.longest, 14);
    ck_assert_int_eq(in.has_8bit, 1);
    ck_assert_int_eq(in.has_nul, 0);

    smtp_msg_scan(".a\n", 3, &in);
    ck_assert_uint_eq(in.size, 4);                  /* not 5: stuffing is not counted */
    ck_assert_int_eq(in.has_8bit, 0);
    smtp_msg_scan("a\0b", 3, &in);
    ck_assert_int_eq(in.has_nul, 1);
    smtp_msg_scan("", 0, &in);
    ck_assert_uint_eq(in.size, 0);
    ck_assert_uint_eq(in.lines, 0);
}
END_TEST

START_TEST(send_through_outbuf)
{
    /* smtp_dotstuff_send() must put exactly smtp_dotstuff()'s bytes on
     * the wire, also when the message is larger than the buffer. */
    size_t len = 20000, i, n = 0, wl;
    char *msg = malloc(len), *want, *got;
    struct outbuf ob;
    int pfd[2];
    pid_t pid;
    ssize_t r;

    for (i = 0; i < len; i++)
        msg[i] = (i % 37 == 0) ? '\n' : (i % 37 == 1) ? '.' : (char)('a' + i % 26);
    wl = smtp_dotstuff(msg, len, NULL, 0);
    want = malloc(wl);
    got = malloc(wl + 16);
    smtp_dotstuff(msg, len, want, wl);

    ck_assert_int_eq(pipe(pfd), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(pfd[0]);
        outbuf_init(&ob, pfd[1], TRACE_CLIENT);
        _exit(smtp_dotstuff_send(&ob, msg, len) == 0 && outbuf_flush(&ob) == 0 ? 0 : 1);
    }
    close(pfd[1]);
    while ((r = read(pfd[0], got + n, wl + 16 - n)) > 0)
        n += (size_t)r;
    close(pfd[0]);
    ck_assert_uint_eq(n, wl);
    ck_assert(memcmp(got, want, wl) == 0);
    free(msg);
    free(want);
    free(got);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("smtp-client-dotstuff");
    TCase *tc = tl_tcase("dotstuff");

    tcase_add_test(tc, next_line_ends);
    tcase_add_test(tc, already_clean);
    tcase_add_test(tc, bare_lf_becomes_crlf);
    tcase_add_test(tc, bare_cr_becomes_crlf);
    tcase_add_test(tc, mixed_line_ends);
    tcase_add_test(tc, missing_final_line_end_added);
    tcase_add_test(tc, empty_message);
    tcase_add_test(tc, dots_are_stuffed);
    tcase_add_test(tc, smuggling_shapes_are_neutralised);
    tcase_add_test(tc, eight_bit_and_nul_kept);
    tcase_add_test(tc, short_buffer_is_not_overrun);
    tcase_add_test(tc, scan);
    tcase_add_test(tc, send_through_outbuf);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
