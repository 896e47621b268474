/*
 * tests.c -- tests of exercise "cidr-match" (ex_cidr_match).
 *
 * Every test checks at least one 0 or 1 or -1 answer: a function that
 * answers nonsense passes no test.
 */
#include "exercise.h"
#include "testlib.h"

START_TEST(inside_ipv4)
{
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/24", "192.0.2.7"), 1);
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/24", "192.0.2.255"), 1);
    ck_assert_int_eq(ex_cidr_match("10.0.0.0/8", "10.200.3.4"), 1);
    ck_assert_int_eq(ex_cidr_match("0.0.0.0/0", "203.0.113.5"), 1);
    ck_assert_int_eq(ex_cidr_match("127.0.0.1", "127.0.0.1"), 1);
}
END_TEST

START_TEST(outside_ipv4)
{
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/24", "192.0.3.7"), 0);
    ck_assert_int_eq(ex_cidr_match("10.0.0.0/8", "11.0.0.1"), 0);
    ck_assert_int_eq(ex_cidr_match("127.0.0.1", "127.0.0.2"), 0);
    ck_assert_int_eq(ex_cidr_match("127.0.0.1/32", "127.0.0.2"), 0);
}
END_TEST

START_TEST(prefix_not_on_an_octet)
{
    ck_assert_int_eq(ex_cidr_match("192.0.2.128/25", "192.0.2.129"), 1);
    ck_assert_int_eq(ex_cidr_match("192.0.2.128/25", "192.0.2.127"), 0);
    ck_assert_int_eq(ex_cidr_match("172.16.0.0/12", "172.31.255.255"), 1);
    ck_assert_int_eq(ex_cidr_match("172.16.0.0/12", "172.32.0.0"), 0);
    ck_assert_int_eq(ex_cidr_match("2001:db8::/31", "2001:db9::1"), 1);
    ck_assert_int_eq(ex_cidr_match("2001:db8::/32", "2001:db9::1"), 0);
}
END_TEST

START_TEST(ipv6)
{
    ck_assert_int_eq(ex_cidr_match("2001:db8::/32", "2001:db8:ffff::1"), 1);
    ck_assert_int_eq(ex_cidr_match("::1", "::1"), 1);
    ck_assert_int_eq(ex_cidr_match("::1/128", "::2"), 0);
    ck_assert_int_eq(ex_cidr_match("fe80::/10", "fe80::1234"), 1);
    ck_assert_int_eq(ex_cidr_match("fe80::/10", "fec0::1"), 0);
}
END_TEST

START_TEST(families_do_not_mix)
{
    ck_assert_int_eq(ex_cidr_match("0.0.0.0/0", "::1"), 0);
    ck_assert_int_eq(ex_cidr_match("::/0", "127.0.0.1"), 0);
    ck_assert_int_eq(ex_cidr_match("10.0.0.0/8", "not an address"), 0);
    ck_assert_int_eq(ex_cidr_match("10.0.0.0/8", ""), 0);
    ck_assert_int_eq(ex_cidr_match("::/0", "2001:db8::1"), 1);
}
END_TEST

START_TEST(malformed_blocks)
{
    ck_assert_int_eq(ex_cidr_match("192.0.2.1/24", "192.0.2.1"), -1);   /* host bits */
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/33", "192.0.2.1"), -1);
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/", "192.0.2.1"), -1);
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/x", "192.0.2.1"), -1);
    ck_assert_int_eq(ex_cidr_match("/24", "192.0.2.1"), -1);
    ck_assert_int_eq(ex_cidr_match("example.org/24", "192.0.2.1"), -1);
    ck_assert_int_eq(ex_cidr_match("2001:db8::1/32", "2001:db8::1"), -1);
    ck_assert_int_eq(ex_cidr_match("::/129", "::1"), -1);
    ck_assert_int_eq(ex_cidr_match("192.0.2.0/24", "192.0.2.1"), 1);   /* but this is fine */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cidr-match");
    TCase *tc = tl_tcase("cidr-match");
    tcase_add_test(tc, inside_ipv4);
    tcase_add_test(tc, outside_ipv4);
    tcase_add_test(tc, prefix_not_on_an_octet);
    tcase_add_test(tc, ipv6);
    tcase_add_test(tc, families_do_not_mix);
    tcase_add_test(tc, malformed_blocks);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
