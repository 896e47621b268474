/*
 * tests.c -- tests of exercise "line-split" (ex_split_feed).
 *
 * The same stream is fed cut at every position (and one octet at a
 * time); the lines reported must always be the same.  Every test expects
 * at least one line, so a function that reports nothing passes nothing.
 */
#include "exercise.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

/* What the callback saw: all lines, as "status:text|" in one string. */
struct seen {
    char log[8192];
    int calls;
};

static void on_line(void *arg, const char *line, size_t len, enum ex_line_status st)
{
    struct seen *seen = arg;
    size_t used = strlen(seen->log);

    seen->calls++;
    snprintf(seen->log + used, sizeof seen->log - used, "%s:%.*s|",
             st == EX_LINE_OK ? "ok" : "long", (int)len, line);
}

/* Feed data in pieces cut at the given positions; return the total line count. */
static int feed_cut(struct ex_splitter *s, const char *data, size_t n,
                    const size_t *cuts, size_t ncuts, struct seen *seen)
{
    size_t from = 0;
    int total = 0;

    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : n;
        int r = ex_split_feed(s, data + from, to - from, on_line, seen);

        ck_assert_msg(r >= 0, "ex_split_feed returned %d", r);
        total += r;
        from = to;
    }
    return total;
}

/* Feed data cut into two and three pieces at every position; each time
 * the lines must be exactly want, want_lines of them. */
static void check_all_cuts(size_t max, const char *data, const char *want, int want_lines)
{
    size_t n = strlen(data);

    for (size_t i = 0; i <= n; i++)
        for (size_t j = i; j <= n; j++) {
            struct ex_splitter s;
            struct seen seen = { "", 0 };
            size_t cuts[2] = { i, j };

            ex_split_init(&s, max);
            ck_assert_int_eq(feed_cut(&s, data, n, cuts, 2, &seen), want_lines);
            ck_assert_msg(strcmp(seen.log, want) == 0,
                          "cut at %zu and %zu: got %s, want %s", i, j, seen.log, want);
            ck_assert_int_eq(seen.calls, want_lines);
        }
}

START_TEST(whole_lines)
{
    check_all_cuts(512, "NOOP\r\nECHO hi\r\n", "ok:NOOP|ok:ECHO hi|", 2);
}
END_TEST

START_TEST(empty_line)
{
    check_all_cuts(512, "\r\n\r\nQUIT\r\n", "ok:|ok:|ok:QUIT|", 3);
}
END_TEST

START_TEST(cr_and_lf_in_different_pieces)
{
    struct ex_splitter s;
    struct seen seen = { "", 0 };

    ex_split_init(&s, 512);
    ck_assert_int_eq(ex_split_feed(&s, "AB\r", 3, on_line, &seen), 0);
    ck_assert_int_eq(ex_split_feed(&s, "\nCD\r", 4, on_line, &seen), 1);
    ck_assert_int_eq(ex_split_feed(&s, "\n", 1, on_line, &seen), 1);
    ck_assert_str_eq(seen.log, "ok:AB|ok:CD|");
}
END_TEST

START_TEST(one_octet_at_a_time)
{
    static const char data[] = "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n";
    struct ex_splitter s;
    struct seen seen = { "", 0 };
    int total = 0;

    ex_split_init(&s, 512);
    for (size_t i = 0; i < sizeof data - 1; i++)
        total += ex_split_feed(&s, data + i, 1, on_line, &seen);
    ck_assert_int_eq(total, 2);
    ck_assert_str_eq(seen.log, "ok:MAIL FROM:<a@b>|ok:RCPT TO:<c@d>|");
}
END_TEST

START_TEST(lone_cr_and_lf_are_data)
{
    /* Only CR LF ends a line: "a\nb" is one line (SMTP DATA must see it
     * so, RFC 5321 §2.3.8), and so is "c\rd". */
    check_all_cuts(512, "a\nb\r\nc\rd\r\ne\r\r\n", "ok:a\nb|ok:c\rd|ok:e\r|", 3);
}
END_TEST

START_TEST(partial_line_waits)
{
    struct ex_splitter s;
    struct seen seen = { "", 0 };

    ex_split_init(&s, 512);
    ck_assert_int_eq(ex_split_feed(&s, "one\r\ntw", 7, on_line, &seen), 1);
    ck_assert_str_eq(seen.log, "ok:one|");
    ck_assert_int_eq(ex_split_feed(&s, "", 0, on_line, &seen), 0);
    ck_assert_int_eq(ex_split_feed(&s, "o\r\n", 3, on_line, &seen), 1);
    ck_assert_str_eq(seen.log, "ok:one|ok:two|");
}
END_TEST

START_TEST(limit_exact_and_one_over)
{
    /* max 10: 8 octets + CRLF fit, 9 do not */
    check_all_cuts(10, "12345678\r\n123456789\r\nok\r\n",
                   "ok:12345678|long:12345678|ok:ok|", 3);
}
END_TEST

START_TEST(long_line_discarded_to_crlf)
{
    /* The rest of an over-long line is thrown away, including lone CRs
     * and LFs in it, up to its CRLF; the next line is whole again. */
    check_all_cuts(6, "abcdefgh\nij\rkl\r\nnext\r\n", "long:abcd|ok:next|", 2);
}
END_TEST

START_TEST(the_limit_at_1000)
{
    char data[2100], want[1100];
    struct ex_splitter s;
    struct seen seen = { "", 0 };

    memset(data, 'x', 998);
    memcpy(data + 998, "\r\n", 2);          /* 1000 octets: fits */
    memset(data + 1000, 'y', 999);
    memcpy(data + 1999, "\r\n", 3);         /* 1001 octets: too long */
    ex_split_init(&s, EX_SPLIT_MAX);
    ck_assert_int_eq(ex_split_feed(&s, data, strlen(data), on_line, &seen), 2);
    strcpy(want, "ok:");
    memset(want + 3, 'x', 998);
    strcpy(want + 1001, "|long:");
    ck_assert_int_eq(strncmp(seen.log, want, strlen(want)), 0);
}
END_TEST

static Suite *line_split_suite(void)
{
    Suite *s = suite_create("line-split");
    TCase *tc = tl_tcase("split");

    tcase_add_test(tc, whole_lines);
    tcase_add_test(tc, empty_line);
    tcase_add_test(tc, cr_and_lf_in_different_pieces);
    tcase_add_test(tc, one_octet_at_a_time);
    tcase_add_test(tc, lone_cr_and_lf_are_data);
    tcase_add_test(tc, partial_line_waits);
    tcase_add_test(tc, limit_exact_and_one_over);
    tcase_add_test(tc, long_line_discarded_to_crlf);
    tcase_add_test(tc, the_limit_at_1000);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(line_split_suite());
}
