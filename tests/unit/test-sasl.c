/*
 * test-sasl.c -- unit tests of src/sasl.c (chapter relaying): decoding
 * SASL responses (strict base64, RFC 4954's "=") and taking a PLAIN
 * message apart (RFC 4616).
 */
#include "sasl.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

START_TEST(decode_plain_response)
{
    unsigned char out[SASL_MAX];
    size_t n;
    ck_assert_int_eq(sasl_decode("AGFsaWNlAHNlY3JldA==", 0, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 13);
    ck_assert(memcmp(out, "\0alice\0secret", 13) == 0);
}
END_TEST

START_TEST(decode_equals_is_empty_only_initially)
{
    unsigned char out[16];
    size_t n = 99;
    ck_assert_int_eq(sasl_decode("=", 1, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 0);
    /* Outside the AUTH line, "=" is not base64. */
    ck_assert_int_eq(sasl_decode("=", 0, out, sizeof out, &n), -1);
    /* An empty line is the empty response. */
    ck_assert_int_eq(sasl_decode("", 0, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(decode_refuses_bad_base64)
{
    static const char *const bad[] = {
        "AGFsaWNl!", "AGFsaWN", "AGFs aWNl", "A===", "AB=C", "YQ", "YR==", "*",
    };
    unsigned char out[64];
    size_t n;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(sasl_decode(bad[i], 0, out, sizeof out, &n) == -1, "%s", bad[i]);
    /* Does not fit. */
    ck_assert_int_eq(sasl_decode("AGFsaWNlAHNlY3JldA==", 0, out, 4, &n), -1);
}
END_TEST

START_TEST(plain_split_fields)
{
    struct sasl_plain p;
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"\0alice\0secret", 13, &p), 0);
    ck_assert_str_eq(p.authzid, "");
    ck_assert_str_eq(p.authcid, "alice");
    ck_assert_str_eq(p.passwd, "secret");
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"bob\0alice\0pw", 12, &p), 0);
    ck_assert_str_eq(p.authzid, "bob");
    ck_assert_str_eq(p.authcid, "alice");
    ck_assert_str_eq(p.passwd, "pw");
}
END_TEST

START_TEST(plain_split_malformed)
{
    struct sasl_plain p;
    char big[SASL_FIELD_MAX + 10];
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"alice", 5, &p), -1);
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"\0alice", 6, &p), -1);
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"\0alice\0", 7, &p), -1);
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"\0\0pw", 4, &p), -1);
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"\0a\0b\0c", 6, &p), -1);
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)"", 0, &p), -1);
    memset(big, 'x', sizeof big);
    big[0] = '\0';
    big[2] = '\0';          /* authcid "x", passwd far too long */
    ck_assert_int_eq(sasl_plain_split((const unsigned char *)big, sizeof big, &p), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sasl");
    TCase *tc = tl_tcase("sasl");
    tcase_add_test(tc, decode_plain_response);
    tcase_add_test(tc, decode_equals_is_empty_only_initially);
    tcase_add_test(tc, decode_refuses_bad_base64);
    tcase_add_test(tc, plain_split_fields);
    tcase_add_test(tc, plain_split_malformed);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
