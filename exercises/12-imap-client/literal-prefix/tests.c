/*
 * tests.c -- tests of exercise "literal-prefix" (ex_literal_prefix).
 *
 * Every test mixes synchronising and non-synchronising answers.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void expect(size_t len, int server, int want, const char *wout, size_t outsz)
{
    char out[64] = "unchanged";
    int r = ex_literal_prefix(out, outsz, len, server);

    ck_assert_msg(r == want, "len %zu, server %d: returned %d, want %d", len, server, r, want);
    ck_assert_msg(strcmp(out, wout) == 0, "len %zu, server %d: wrote \"%s\", want \"%s\"",
                  len, server, out, wout);
}

START_TEST(plain_server)
{
    expect(5, EX_SERVER_PLAIN, 0, "{5}", 64);
    expect(5, EX_SERVER_LITERAL_PLUS, 1, "{5+}", 64);
    expect(0, EX_SERVER_PLAIN, 0, "{0}", 64);
}
END_TEST

START_TEST(literal_minus)
{
    expect(4096, EX_SERVER_LITERAL_MINUS, 1, "{4096+}", 64);
    expect(4097, EX_SERVER_LITERAL_MINUS, 0, "{4097}", 64);
    expect(4097, EX_SERVER_LITERAL_PLUS, 1, "{4097+}", 64);
}
END_TEST

START_TEST(does_not_fit)
{
    expect(12345, EX_SERVER_PLAIN, -1, "", 7);
    expect(12345, EX_SERVER_PLAIN, 0, "{12345}", 8);
    expect(12345, EX_SERVER_LITERAL_PLUS, -1, "", 8);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("literal-prefix");
    TCase *tc = tl_tcase("literal-prefix");

    tcase_add_test(tc, plain_server);
    tcase_add_test(tc, literal_minus);
    tcase_add_test(tc, does_not_fit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
