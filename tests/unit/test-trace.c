/*
 * test-trace.c -- unit tests of src/trace.c (chapter 2, lines).
 *
 * trace_escape() is checked against a table; trace_line() and
 * trace_block() write into a pipe that the test then reads back.
 */
#include "testlib.h"
#include "trace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run fn with the trace on a pipe; return what it wrote (malloc'ed). */
static char *capture(void (*fn)(void))
{
    static char got[65536];
    size_t n = 0;
    ssize_t r;
    int tp[2];

    ck_assert_int_eq(pipe(tp), 0);
    trace_enable(tp[1]);
    ck_assert(trace_enabled());
    fn();
    trace_disable();
    ck_assert(!trace_enabled());
    close(tp[1]);
    while ((r = read(tp[0], got + n, sizeof got - 1 - n)) > 0)
        n += (size_t)r;
    got[n] = '\0';
    close(tp[0]);
    return strdup(got);
}

static void check_escape(const char *in, size_t len, const char *want)
{
    char out[256];
    size_t n = trace_escape(in, len, out, sizeof out);

    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(n, strlen(want));
}

START_TEST(escape_table)
{
    check_escape("EHLO a.example", 14, "EHLO a.example");
    check_escape(" ~", 2, " ~");
    check_escape("a\\b", 3, "a\\\\b");                /* the backslash doubles */
    check_escape("\r\n\t", 3, "\\r\\n\\t");
    check_escape("\0\x01\x1b\x7f", 4, "\\x00\\x01\\x1b\\x7f");
    check_escape("\x80\xc3\xa9\xff", 4, "\\x80\\xc3\\xa9\\xff");   /* 8-bit too */
    check_escape("", 0, "");
}
END_TEST

START_TEST(escape_measures_and_cuts_whole)
{
    char out[6];

    ck_assert_uint_eq(trace_escape("\0\0", 2, NULL, 0), 8);
    /* room for 5 characters: one "\x00" fits, half of the next does not */
    ck_assert_uint_eq(trace_escape("\0\0", 2, out, sizeof out), 8);
    ck_assert_str_eq(out, "\\x00");
    ck_assert_uint_eq(trace_escape("abc", 3, out, 1), 3);
    ck_assert_str_eq(out, "");
}
END_TEST

static void lines(void)
{
    trace_line(TRACE_CLIENT, "NOOP\r\n", 6);        /* CRLF dropped */
    trace_line(TRACE_CLIENT, "NOOP", 4);            /* none there */
    trace_line(TRACE_CLIENT, "NOOP\n", 5);          /* a bare LF shows */
    trace_line(TRACE_SERVER, "250 OK\r\n\r\n", 10); /* only one CRLF dropped */
    trace_line(TRACE_CLIENT, "a\0b", 3);
    trace_line(TRACE_SERVER, "", 0);
}

START_TEST(line_format)
{
    char *got = capture(lines);

    ck_assert_str_eq(got, "C: NOOP\nC: NOOP\nC: NOOP\\n\nS: 250 OK\\r\\n\nC: a\\x00b\nS: \n");
    free(got);
}
END_TEST

static void block(void)
{
    trace_block(TRACE_SERVER, "a\r\nb\nc", 6);
}

START_TEST(block_cut_at_lf)
{
    char *got = capture(block);

    ck_assert_str_eq(got, "S: a\nS: b\\n\nS: c\n");
    free(got);
}
END_TEST

static void long_line(void)
{
    char data[3000];

    memset(data, 1, sizeof data);
    trace_line(TRACE_CLIENT, data, sizeof data);
}

START_TEST(long_line_whole)
{
    /* Longer than the trace's own buffer: still one complete line. */
    char *got = capture(long_line);
    size_t n = strlen(got);

    ck_assert_uint_eq(n, 3 + 3000 * 4 + 1);
    ck_assert(strncmp(got, "C: \\x01\\x01", 11) == 0);
    ck_assert_int_eq(got[n - 1], '\n');
    ck_assert(strchr(got, '\n') == got + n - 1);
    free(got);
}
END_TEST

START_TEST(off_writes_nothing)
{
    int tp[2];
    char c;

    ck_assert_int_eq(pipe(tp), 0);
    trace_enable(tp[1]);
    trace_disable();
    trace_line(TRACE_CLIENT, "x", 1);
    trace_block(TRACE_CLIENT, "x\n", 2);
    close(tp[1]);
    ck_assert_int_eq(read(tp[0], &c, 1), 0);
    close(tp[0]);
}
END_TEST

static Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tl_tcase("trace");

    tcase_add_test(tc, escape_table);
    tcase_add_test(tc, escape_measures_and_cuts_whole);
    tcase_add_test(tc, line_format);
    tcase_add_test(tc, block_cut_at_lf);
    tcase_add_test(tc, long_line_whole);
    tcase_add_test(tc, off_writes_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(trace_suite());
}
