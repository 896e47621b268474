/*
 * test-cidr.c -- unit tests of src/cidr.c (chapter relaying): parsing
 * CIDR blocks and matching client addresses, IPv4, IPv6 and IPv4-mapped.
 */
#include "cidr.h"
#include "testlib.h"

#include <check.h>

static int match(const char *block, const char *ip)
{
    struct cidr c;
    ck_assert_msg(cidr_parse(block, &c) == 0, "cannot parse %s", block);
    return cidr_match(&c, ip);
}

START_TEST(parse_good)
{
    static const char *const good[] = {
        "192.0.2.0/24", "10.0.0.0/8", "0.0.0.0/0", "127.0.0.1", "127.0.0.1/32",
        "2001:db8::/32", "::1", "::1/128", "::/0", "fe80::/10", "::ffff:10.0.0.0/104",
    };
    struct cidr c;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(cidr_parse(good[i], &c) == 0, "%s", good[i]);
    ck_assert_int_eq(cidr_parse("192.0.2.0/24", &c), 0);
    ck_assert_uint_eq(c.prefix, 24);
    ck_assert_int_eq(cidr_parse("::1", &c), 0);
    ck_assert_uint_eq(c.prefix, 128);
}
END_TEST

START_TEST(parse_bad)
{
    static const char *const bad[] = {
        "", "/24", "192.0.2.0/", "192.0.2.0/33", "192.0.2.0/024", "192.0.2.0/-1",
        "192.0.2.1/24",            /* host bits set */
        "2001:db8::1/32", "::/129", "example.test", "192.0.2/24", "1.2.3.4/8x",
        "256.0.0.0/8",
    };
    struct cidr c;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(cidr_parse(bad[i], &c) == -1, "%s", bad[i]);
}
END_TEST

START_TEST(match_v4)
{
    ck_assert_int_eq(match("192.0.2.0/24", "192.0.2.7"), 1);
    ck_assert_int_eq(match("192.0.2.0/24", "192.0.3.7"), 0);
    ck_assert_int_eq(match("10.0.0.0/8", "10.255.1.2"), 1);
    ck_assert_int_eq(match("10.0.0.0/8", "11.0.0.1"), 0);
    ck_assert_int_eq(match("192.0.2.128/25", "192.0.2.200"), 1);
    ck_assert_int_eq(match("192.0.2.128/25", "192.0.2.127"), 0);
    ck_assert_int_eq(match("127.0.0.1", "127.0.0.1"), 1);
    ck_assert_int_eq(match("127.0.0.1", "127.0.0.2"), 0);
    ck_assert_int_eq(match("0.0.0.0/0", "203.0.113.9"), 1);
    ck_assert_int_eq(match("0.0.0.0/0", "::1"), 0);          /* families differ */
    ck_assert_int_eq(match("192.0.2.0/24", "not an address"), 0);
    ck_assert_int_eq(match("192.0.2.0/24", ""), 0);
}
END_TEST

START_TEST(match_v6_and_mapped)
{
    ck_assert_int_eq(match("2001:db8::/32", "2001:db8:1::7"), 1);
    ck_assert_int_eq(match("2001:db8::/32", "2001:db9::7"), 0);
    ck_assert_int_eq(match("::1", "::1"), 1);
    ck_assert_int_eq(match("::/0", "192.0.2.1"), 0);          /* an IPv4 client */
    /* An IPv4 client on an IPv6 socket is compared as IPv4. */
    ck_assert_int_eq(match("192.0.2.0/24", "::ffff:192.0.2.9"), 1);
    ck_assert_int_eq(match("192.0.2.0/24", "::ffff:192.0.3.9"), 0);
    /* ...and a block written as IPv4-mapped matches both spellings. */
    ck_assert_int_eq(match("::ffff:10.0.0.0/104", "10.1.2.3"), 1);
    ck_assert_int_eq(match("::ffff:10.0.0.0/104", "::ffff:10.1.2.3"), 1);
}
END_TEST

START_TEST(match_any_and_loopback)
{
    struct cidr b[2];
    ck_assert_int_eq(cidr_parse("10.0.0.0/8", &b[0]), 0);
    ck_assert_int_eq(cidr_parse("2001:db8::/32", &b[1]), 0);
    ck_assert_int_eq(cidr_match_any(b, 2, "10.1.1.1"), 1);
    ck_assert_int_eq(cidr_match_any(b, 2, "2001:db8::5"), 1);
    ck_assert_int_eq(cidr_match_any(b, 2, "192.0.2.1"), 0);
    ck_assert_int_eq(cidr_match_any(b, 0, "10.1.1.1"), 0);
    ck_assert_int_eq(cidr_is_loopback("127.0.0.1"), 1);
    ck_assert_int_eq(cidr_is_loopback("127.8.9.10"), 1);
    ck_assert_int_eq(cidr_is_loopback("::1"), 1);
    ck_assert_int_eq(cidr_is_loopback("::ffff:127.0.0.1"), 1);
    ck_assert_int_eq(cidr_is_loopback("192.0.2.1"), 0);
    ck_assert_int_eq(cidr_is_loopback("::2"), 0);
    ck_assert_int_eq(cidr_is_loopback("stdio"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cidr");
    TCase *tc = tl_tcase("cidr");
    tcase_add_test(tc, parse_good);
    tcase_add_test(tc, parse_bad);
    tcase_add_test(tc, match_v4);
    tcase_add_test(tc, match_v6_and_mapped);
    tcase_add_test(tc, match_any_and_loopback);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
