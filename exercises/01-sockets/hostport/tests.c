/*
 * tests.c -- tests of exercise "hostport" (ex_split_hostport).
 *
 * Every test checks at least one spec that must be ACCEPTED: a function
 * that rejects everything must not pass any test.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

/* Expect spec to split into want_host and want_port. */
static void accepts(const char *spec, const char *want_host, const char *want_port)
{
    char host[64] = "(untouched)", port[8] = "(n/a)";

    ck_assert_msg(ex_split_hostport(spec, host, sizeof host, port, sizeof port) == 0,
                  "\"%s\" should be accepted", spec);
    ck_assert_msg(strcmp(host, want_host) == 0, "\"%s\": host is \"%s\", want \"%s\"",
                  spec, host, want_host);
    ck_assert_msg(strcmp(port, want_port) == 0, "\"%s\": port is \"%s\", want \"%s\"",
                  spec, port, want_port);
}

/* Expect spec to be rejected. */
static void rejects(const char *spec)
{
    char host[64], port[8];

    ck_assert_msg(ex_split_hostport(spec, host, sizeof host, port, sizeof port) == -1,
                  "\"%s\" should be rejected", spec);
}

START_TEST(ipv4_and_names)
{
    accepts("127.0.0.1:2525", "127.0.0.1", "2525");
    accepts("localhost:25", "localhost", "25");
    accepts("mail.example.org:587", "mail.example.org", "587");
}
END_TEST

START_TEST(port_zero_and_max)
{
    accepts("127.0.0.1:0", "127.0.0.1", "0");
    accepts("h:65535", "h", "65535");
    rejects("h:65536");
    rejects("h:99999");
    rejects("h:123456");
}
END_TEST

START_TEST(ipv6_in_brackets)
{
    accepts("[::1]:143", "::1", "143");
    accepts("[2001:db8::1]:25", "2001:db8::1", "25");
    rejects("::1:143");             /* without brackets: which colon? */
    rejects("[::1]143");
    rejects("[::1");
}
END_TEST

START_TEST(missing_parts)
{
    accepts("a:1", "a", "1");       /* the shortest valid spec */
    rejects("localhost");
    rejects("localhost:");
    rejects(":25");
    rejects("[]:25");
    rejects("");
}
END_TEST

START_TEST(port_is_digits_only)
{
    accepts("h:007", "h", "007");
    rejects("h:smtp");
    rejects("h:-1");
    rejects("h:+25");
    rejects("h: 25");
    rejects("h:25 ");
}
END_TEST

START_TEST(buffers_too_small)
{
    char host[8], port[3];

    /* "1234567" + NUL fills host exactly; "25" + NUL fills port exactly. */
    ck_assert_int_eq(ex_split_hostport("1234567:25", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "1234567");
    ck_assert_str_eq(port, "25");
    ck_assert_int_eq(ex_split_hostport("12345678:25", host, sizeof host, port, sizeof port), -1);
    ck_assert_int_eq(ex_split_hostport("h:250", host, sizeof host, port, sizeof port), -1);
}
END_TEST

static Suite *hostport_suite(void)
{
    Suite *s = suite_create("hostport");
    TCase *tc = tl_tcase("split");

    tcase_add_test(tc, ipv4_and_names);
    tcase_add_test(tc, port_zero_and_max);
    tcase_add_test(tc, ipv6_in_brackets);
    tcase_add_test(tc, missing_parts);
    tcase_add_test(tc, port_is_digits_only);
    tcase_add_test(tc, buffers_too_small);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(hostport_suite());
}
