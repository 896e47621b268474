/**
 * @file test-server-options.c
 * @brief Unit tests of server_options.c: the number parser and the
 *        common options (values stored where the program said, bad
 *        values refused with EX_USAGE, other options left alone).
 *
 * @chapter{serving-many}
 * @rfc none (POSIX getopt, BSD sysexits.h)
 */
#include <limits.h>
#include <stdio.h>
#include <sysexits.h>

#include "server.h"
#include "server_options.h"
#include "testlib.h"

/* A usage function for the options under test (never called here). */
static void no_usage(FILE *f)
{
    (void)f;
}

START_TEST(parse_number_accepts_only_digits_in_range)
{
    ck_assert_int_eq(server_parse_number("0", 0, 10), 0);
    ck_assert_int_eq(server_parse_number("10", 0, 10), 10);
    ck_assert_int_eq(server_parse_number("11", 0, 10), -1);
    ck_assert_int_eq(server_parse_number("0", 1, 10), -1);
    ck_assert_int_eq(server_parse_number("", 0, 10), -1);
    ck_assert_int_eq(server_parse_number("+1", 0, 10), -1);
    ck_assert_int_eq(server_parse_number("-1", 0, 10), -1);
    ck_assert_int_eq(server_parse_number(" 1", 0, 10), -1);
    ck_assert_int_eq(server_parse_number("1x", 0, 10), -1);
    ck_assert_int_eq(server_parse_number("99999999999999999999", 0, LLONG_MAX), -1);
}
END_TEST

START_TEST(common_options_go_where_the_program_said)
{
    struct server_config sc = { .listen = "127.0.0.1:2525", .max_sessions = 20 };
    int timeout = 300;
    struct server_options so = {
        .name = "test", .usage = no_usage, .server = &sc, .idle_timeout_s = &timeout,
    };

    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_LISTEN, "[::1]:0"),
                     SERVER_OPTION_TAKEN);
    ck_assert_str_eq(sc.listen, "[::1]:0");
    ck_assert_int_eq(server_options_check(&so), EX_OK);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_MAX_SESSIONS, "5"),
                     SERVER_OPTION_TAKEN);
    ck_assert_uint_eq(sc.max_sessions, 5);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_TIMEOUT, "7"),
                     SERVER_OPTION_TAKEN);
    ck_assert_int_eq(timeout, 7);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_STDIO, NULL),
                     SERVER_OPTION_TAKEN);
    ck_assert_int_eq(so.stdio, 1);
    ck_assert_int_eq(server_options_handle(&so, 'x', "y"), SERVER_OPTION_NOT_MINE);
}
END_TEST

START_TEST(bad_values_are_usage_errors)
{
    struct server_config sc = { .listen = "127.0.0.1:2525", .max_sessions = 20 };
    int timeout = 300;
    struct server_options so = {
        .name = "test", .usage = no_usage, .server = &sc, .idle_timeout_s = &timeout,
        .max_timeout_s = 100,
    };

    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_TIMEOUT, "0"), EX_USAGE);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_TIMEOUT, "101"), EX_USAGE);
    ck_assert_int_eq(timeout, 300);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_MAX_SESSIONS, "100001"),
                     EX_USAGE);
    ck_assert_uint_eq(sc.max_sessions, 20);
    ck_assert_int_eq(server_options_handle(&so, SERVER_OPT_LISTEN, "nope"),
                     SERVER_OPTION_TAKEN);
    ck_assert_int_eq(server_options_check(&so), EX_USAGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("server_options");
    TCase *tc = tl_tcase("options");

    tcase_add_test(tc, parse_number_accepts_only_digits_in_range);
    tcase_add_test(tc, common_options_go_where_the_program_said);
    tcase_add_test(tc, bad_values_are_usage_errors);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
