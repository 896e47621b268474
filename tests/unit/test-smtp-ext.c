/*
 * test-smtp-ext.c -- unit tests of src/smtp_ext.c (chapter storing-mail):
 * the EHLO keywords and the SIZE= and BODY= parameters of MAIL FROM.
 */
#include "smtp_ext.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

START_TEST(keywords_and_config)
{
    struct smtp_config cfg;
    struct smtp_ext ext;
    smtp_config_init(&cfg);
    smtp_ext_setup(&ext, &cfg, 5000);
    ck_assert_ptr_eq(cfg.ehlo_keywords, ext.keywords);
    ck_assert_str_eq(cfg.ehlo_keywords[0], "SIZE 5000");
    ck_assert_str_eq(cfg.ehlo_keywords[1], "8BITMIME");
    ck_assert_str_eq(cfg.ehlo_keywords[2], "PIPELINING");
    ck_assert_str_eq(cfg.ehlo_keywords[3], "ENHANCEDSTATUSCODES");
    ck_assert_ptr_null(cfg.ehlo_keywords[4]);
    ck_assert_int_eq(cfg.enhanced, 1);
    ck_assert_uint_eq(cfg.max_message_size, 5000);
    ck_assert_uint_eq(ext.max_size, 5000);

    smtp_config_init(&cfg);                 /* 0: keep the session default */
    smtp_ext_setup(&ext, &cfg, 0);
    ck_assert_uint_eq(ext.max_size, SMTP_DEFAULT_MAX_SIZE);
    ck_assert_str_eq(cfg.ehlo_keywords[0], "SIZE 10485760");
}
END_TEST

START_TEST(size_values)
{
    unsigned long long v;
    ck_assert_int_eq(smtp_ext_parse_size("0", &v), 0);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(smtp_ext_parse_size("1048576", &v), 0);
    ck_assert_uint_eq(v, 1048576);
    ck_assert_int_eq(smtp_ext_parse_size("99999999999999999999", &v), 0);  /* 20 digits */
    ck_assert_uint_eq(v, ~0ULL);                                          /* saturated */
    ck_assert_int_eq(smtp_ext_parse_size("123456789012345678901", &v), -1); /* 21 */
    ck_assert_int_eq(smtp_ext_parse_size("", &v), -1);
    ck_assert_int_eq(smtp_ext_parse_size(NULL, &v), -1);
    ck_assert_int_eq(smtp_ext_parse_size("-1", &v), -1);
    ck_assert_int_eq(smtp_ext_parse_size("+1", &v), -1);
    ck_assert_int_eq(smtp_ext_parse_size("1k", &v), -1);
    ck_assert_int_eq(smtp_ext_parse_size(" 1", &v), -1);
}
END_TEST

/* Judge one parameter and check code and enhanced code. */
static void judge(size_t max, const char *key, const char *value,
                  enum smtp_verdict want, int code, const char *enh)
{
    struct smtp_reply r;
    memset(&r, 0, sizeof r);
    enum smtp_verdict v = smtp_ext_mail_param(max, key, value, &r);
    ck_assert_msg(v == want, "%s=%s: verdict %d, want %d", key, value ? value : "(none)",
                  v, want);
    if (want == SMTP_REJECT) {
        ck_assert_int_eq(r.code, code);
        ck_assert_str_eq(r.enh, enh);
    }
}

START_TEST(size_parameter)
{
    judge(1000, "SIZE", "1000", SMTP_ACCEPT, 0, NULL);
    judge(1000, "SIZE", "0", SMTP_ACCEPT, 0, NULL);
    judge(1000, "SIZE", "1001", SMTP_REJECT, 552, "5.3.4");
    judge(1000, "SIZE", "99999999999999999999", SMTP_REJECT, 552, "5.3.4");
    judge(1000, "SIZE", NULL, SMTP_REJECT, 501, "5.5.4");
    judge(1000, "SIZE", "", SMTP_REJECT, 501, "5.5.4");
    judge(1000, "SIZE", "ten", SMTP_REJECT, 501, "5.5.4");
    judge(0, "SIZE", "99999999", SMTP_ACCEPT, 0, NULL);       /* no limit */
}
END_TEST

START_TEST(body_parameter)
{
    judge(0, "BODY", "8BITMIME", SMTP_ACCEPT, 0, NULL);
    judge(0, "BODY", "8bitmime", SMTP_ACCEPT, 0, NULL);
    judge(0, "BODY", "7BIT", SMTP_ACCEPT, 0, NULL);
    judge(0, "BODY", "BINARYMIME", SMTP_REJECT, 501, "5.5.4");
    judge(0, "BODY", NULL, SMTP_REJECT, 501, "5.5.4");
    judge(0, "BODY", "", SMTP_REJECT, 501, "5.5.4");
}
END_TEST

START_TEST(other_parameters_are_unknown)
{
    judge(0, "SMTPUTF8", NULL, SMTP_UNKNOWN, 0, NULL);
    judge(0, "RET", "FULL", SMTP_UNKNOWN, 0, NULL);
    judge(0, "AUTH", "<>", SMTP_UNKNOWN, 0, NULL);
    judge(0, "SIZEX", "1", SMTP_UNKNOWN, 0, NULL);
}
END_TEST

static Suite *ext_suite(void)
{
    Suite *s = suite_create("smtp-ext");
    TCase *tc = tl_tcase("smtp-ext");
    tcase_add_test(tc, keywords_and_config);
    tcase_add_test(tc, size_values);
    tcase_add_test(tc, size_parameter);
    tcase_add_test(tc, body_parameter);
    tcase_add_test(tc, other_parameters_are_unknown);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(ext_suite());
}
