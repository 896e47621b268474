/*
 * test-message-parse.c -- unit tests of src/message_parse.c (chapter
 * fetching): CRLF form, header section, fields with folding, lookup and
 * unfolding, address lists (groups, quoted names, routes, comments,
 * encoded words passed through).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "message_parse.h"
#include "testlib.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(crlf_form)
{
    size_t n;
    char *m = msg_to_crlf("a\nb\r\nc\n\nd", 9, &n);
    ck_assert_str_eq(m, "a\r\nb\r\nc\r\n\r\nd");
    ck_assert_uint_eq(n, strlen("a\r\nb\r\nc\r\n\r\nd"));
    free(m);
    m = msg_to_crlf("\n", 1, &n);
    ck_assert_str_eq(m, "\r\n");
    free(m);
    m = msg_to_crlf("", 0, &n);
    ck_assert_uint_eq(n, 0);
    free(m);
    m = msg_to_crlf("x\ry", 3, &n);        /* a bare CR stays */
    ck_assert_str_eq(m, "x\ry");
    free(m);
}
END_TEST

START_TEST(header_section)
{
    const char *m = "A: 1\r\nB: 2\r\n\r\nbody\r\n";
    ck_assert_uint_eq(msg_header_len(m, strlen(m)), 14);
    ck_assert_uint_eq(msg_header_len("\r\nbody", 6), 2);
    ck_assert_uint_eq(msg_header_len("A: 1\r\n", 6), 6);
}
END_TEST

START_TEST(fields_and_folding)
{
    const char *h = "Subject: a\r\n  folded\r\n\tline\r\nbogus line\r\nX-Y : z\r\nTo:\r\n\r\n";
    size_t pos = 0, len = strlen(h);
    struct msg_field f;
    ck_assert_int_eq(msg_next_field(h, len, &pos, &f), 1);
    ck_assert_int_eq(msg_field_is(&f, "subject"), 1);
    ck_assert_uint_eq(f.value_len, strlen(" a\r\n  folded\r\n\tline"));
    ck_assert_uint_eq(f.raw_len, strlen("Subject: a\r\n  folded\r\n\tline\r\n"));
    ck_assert_int_eq(msg_next_field(h, len, &pos, &f), 1);
    ck_assert_int_eq(msg_field_is(&f, "X-Y"), 1);
    ck_assert_int_eq(msg_next_field(h, len, &pos, &f), 1);
    ck_assert_int_eq(msg_field_is(&f, "To"), 1);
    ck_assert_uint_eq(f.value_len, 0);
    ck_assert_int_eq(msg_next_field(h, len, &pos, &f), 0);

    char *v = msg_header_get(h, len, "SUBJECT");
    ck_assert_str_eq(v, "a  folded\tline");
    free(v);
    ck_assert_ptr_null(msg_header_get(h, len, "From"));
    v = msg_header_get(h, len, "to");
    ck_assert_str_eq(v, "");
    free(v);
}
END_TEST

static struct msg_addrlist parse(const char *s)
{
    struct msg_addrlist l;
    ck_assert_int_eq(msg_parse_addresses(s, strlen(s), &l), 0);
    return l;
}

static void is(const struct msg_address *a, const char *name, const char *adl,
               const char *mailbox, const char *host)
{
#define EQ(x, y) do { if ((y) == NULL) ck_assert_ptr_null(x); else { ck_assert_ptr_nonnull(x); ck_assert_str_eq(x, y); } } while (0)
    EQ(a->name, name);
    EQ(a->adl, adl);
    EQ(a->mailbox, mailbox);
    EQ(a->host, host);
#undef EQ
}

START_TEST(addresses)
{
    struct msg_addrlist l = parse("joe@example.com");
    ck_assert_uint_eq(l.n, 1);
    is(&l.a[0], NULL, NULL, "joe", "example.com");
    msg_addrlist_free(&l);

    l = parse("Joe Q. Public <john.q.public@example.com>, \"Smith, Mary\" <mary@x.test>");
    ck_assert_uint_eq(l.n, 2);
    is(&l.a[0], "Joe Q. Public", NULL, "john.q.public", "example.com");
    is(&l.a[1], "Smith, Mary", NULL, "mary", "x.test");
    msg_addrlist_free(&l);

    l = parse("\"a \\\"quoted\\\" \\\\ name\" <q@h>");
    ck_assert_uint_eq(l.n, 1);
    is(&l.a[0], "a \"quoted\" \\ name", NULL, "q", "h");
    msg_addrlist_free(&l);

    l = parse("=?utf-8?q?J=C3=B6rg?= <j@h>");
    is(&l.a[0], "=?utf-8?q?J=C3=B6rg?=", NULL, "j", "h");
    msg_addrlist_free(&l);

    l = parse("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, x@y");
    ck_assert_uint_eq(l.n, 6);
    is(&l.a[0], NULL, NULL, "A Group", NULL);
    is(&l.a[1], "Ed Jones", NULL, "c", "a.test");
    is(&l.a[2], NULL, NULL, "joe", "where.test");
    is(&l.a[3], "John", NULL, "jdoe", "one.test");
    is(&l.a[4], NULL, NULL, NULL, NULL);
    is(&l.a[5], NULL, NULL, "x", "y");
    msg_addrlist_free(&l);

    l = parse("undisclosed-recipients:;");
    ck_assert_uint_eq(l.n, 2);
    is(&l.a[0], NULL, NULL, "undisclosed-recipients", NULL);
    is(&l.a[1], NULL, NULL, NULL, NULL);
    msg_addrlist_free(&l);

    l = parse("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>");
    ck_assert_uint_eq(l.n, 1);
    is(&l.a[0], "Pete", NULL, "pete", "silly.test");
    msg_addrlist_free(&l);

    l = parse("<@r1.test,@r2.test:u@h.test>");
    is(&l.a[0], NULL, "@r1.test,@r2.test", "u", "h.test");
    msg_addrlist_free(&l);

    l = parse("\"odd local\"@h.test,\r\n\tsecond@h.test");
    ck_assert_uint_eq(l.n, 2);
    is(&l.a[0], NULL, NULL, "\"odd local\"", "h.test");
    is(&l.a[1], NULL, NULL, "second", "h.test");
    msg_addrlist_free(&l);

    l = parse("garbage, <>, ok@h");
    ck_assert_uint_eq(l.n, 1);             /* <>: the null path, no entry */
    is(&l.a[0], NULL, NULL, "ok", "h");
    msg_addrlist_free(&l);

    l = parse("");
    ck_assert_uint_eq(l.n, 0);
    msg_addrlist_free(&l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("message_parse");
    TCase *tc = tl_tcase("core");
    tcase_add_test(tc, crlf_form);
    tcase_add_test(tc, header_section);
    tcase_add_test(tc, fields_and_folding);
    tcase_add_test(tc, addresses);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
