/*
 * test-mime.c -- unit tests of src/mime.c (chapter fetching): Content-Type
 * and parameters, RFC 2231 continuations, defaults, multipart of several
 * levels with preamble and epilogue, message/rfc822 nesting, part numbers,
 * offsets, sizes and line counts in CRLF terms, hostile depth.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "message_parse.h"
#include "mime.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(content_type)
{
    char *t, *s;
    struct mime_params ps;
    ck_assert_int_eq(mime_parse_content_type("Text/HTML; Charset=\"UTF-8\" (c); format=flowed",
                                             &t, &s, &ps), 0);
    ck_assert_str_eq(t, "text");
    ck_assert_str_eq(s, "html");
    ck_assert_uint_eq(ps.n, 2);
    ck_assert_str_eq(ps.p[0].name, "charset");
    ck_assert_str_eq(ps.p[0].value, "UTF-8");
    ck_assert_str_eq(mime_param(&ps, "FORMAT"), "flowed");
    ck_assert_ptr_null(mime_param(&ps, "x"));
    free(t); free(s); mime_params_free(&ps);

    ck_assert_int_eq(mime_parse_content_type("attachment; filename=\"a \\\"b\\\".pdf\"", &t, &s, &ps), 0);
    ck_assert_str_eq(t, "attachment");
    ck_assert_ptr_null(s);
    ck_assert_str_eq(mime_param(&ps, "filename"), "a \"b\".pdf");
    free(t); free(s); mime_params_free(&ps);
}
END_TEST

START_TEST(rfc2231)
{
    char *t, *s;
    struct mime_params ps;
    ck_assert_int_eq(mime_parse_content_type(
        "application/x-stuff; title*1=\"a long \"; title*0=\"This is \"; title*2=title; x=1",
        &t, &s, &ps), 0);
    ck_assert_uint_eq(ps.n, 2);
    ck_assert_str_eq(ps.p[0].name, "title");
    ck_assert_str_eq(ps.p[0].value, "This is a long title");
    ck_assert_str_eq(ps.p[1].name, "x");
    free(t); free(s); mime_params_free(&ps);

    ck_assert_int_eq(mime_parse_content_type(
        "attachment; filename*0*=utf-8''%E2%82; filename*1*=%AC.txt", &t, &s, &ps), 0);
    ck_assert_uint_eq(ps.n, 1);
    ck_assert_str_eq(ps.p[0].name, "filename*");
    ck_assert_str_eq(ps.p[0].value, "utf-8''%E2%82%AC.txt");
    free(t); free(s); mime_params_free(&ps);

    ck_assert_int_eq(mime_parse_content_type("text/plain; name*=us-ascii'en'x", &t, &s, &ps), 0);
    ck_assert_str_eq(ps.p[0].name, "name*");
    ck_assert_str_eq(ps.p[0].value, "us-ascii'en'x");
    free(t); free(s); mime_params_free(&ps);
}
END_TEST

static const char *slice(const char *m, size_t off, size_t len)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%.*s", (int)len, m + off);
    return buf;
}

START_TEST(single_part)
{
    const char *m = "Subject: x\r\n\r\nline 1\r\nline 2\r\n";
    struct mime_part *p = mime_parse(m, strlen(m));
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->type, "text");
    ck_assert_str_eq(p->subtype, "plain");
    ck_assert_str_eq(mime_param(&p->params, "charset"), "us-ascii");
    ck_assert_uint_eq(p->header_len, 14);
    ck_assert_uint_eq(p->body_len, 16);
    ck_assert_uint_eq(p->body_lines, 2);
    unsigned long one = 1, two = 2;
    ck_assert_ptr_eq(mime_find(p, &one, 1), p);
    ck_assert_ptr_null(mime_find(p, &two, 1));
    mime_free(p);
}
END_TEST

static const char nested[] =
    "From: a@b\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--outer\r\n"
    "\r\n"
    "first part\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=outer-inner\r\n"
    "\r\n"
    "--outer-inner\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "alt 1\r\n"
    "--outer-inner\r\n"
    "Content-Type: text/html\r\n"
    "\r\n"
    "<p>alt 2</p>\r\n"
    "--outer-inner--\r\n"
    "--outer\r\n"
    "Content-Type: message/rfc822\r\n"
    "Content-Disposition: attachment; filename=m.eml\r\n"
    "\r\n"
    "Subject: inner\r\n"
    "Content-Type: multipart/mixed; boundary=b2\r\n"
    "\r\n"
    "--b2\r\n"
    "Content-Type: image/gif\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "R0lG\r\n"
    "--b2--\r\n"
    "--outer--   \r\n"
    "epilogue\r\n";

START_TEST(multipart_nesting)
{
    struct mime_part *p = mime_parse(nested, strlen(nested));
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->type, "multipart");
    ck_assert_uint_eq(p->nchildren, 3);
    const struct mime_part *c1 = &p->children[0];
    ck_assert_str_eq(c1->type, "text");
    ck_assert_uint_eq(c1->header_len, 2);
    ck_assert_str_eq(slice(nested, c1->body_off, c1->body_len), "first part");
    ck_assert_uint_eq(c1->body_lines, 1);

    const struct mime_part *c2 = &p->children[1];
    ck_assert_str_eq(c2->subtype, "alternative");
    ck_assert_uint_eq(c2->nchildren, 2);
    ck_assert_str_eq(slice(nested, c2->children[1].body_off, c2->children[1].body_len),
                     "<p>alt 2</p>");

    const struct mime_part *c3 = &p->children[2];
    ck_assert_str_eq(c3->type, "message");
    ck_assert_str_eq(c3->disposition, "attachment");
    ck_assert_str_eq(mime_param(&c3->disp_params, "filename"), "m.eml");
    ck_assert_ptr_nonnull(c3->message);
    ck_assert_uint_eq(c3->message->nchildren, 1);
    const struct mime_part *gif = &c3->message->children[0];
    ck_assert_str_eq(gif->encoding, "base64");
    ck_assert_str_eq(slice(nested, gif->body_off, gif->body_len), "R0lG");
    ck_assert_str_eq(slice(nested, c3->body_off, c3->body_len),
                     slice(nested, c3->message->header_off,
                           c3->message->header_len + c3->message->body_len));

    unsigned long n22[] = {2, 2}, n31[] = {3, 1}, n4[] = {4}, n311[] = {3, 1, 1};
    ck_assert_ptr_eq(mime_find(p, n22, 2), &c2->children[1]);
    ck_assert_ptr_eq(mime_find(p, n31, 2), gif);
    ck_assert_ptr_null(mime_find(p, n4, 1));
    ck_assert_ptr_null(mime_find(p, n311, 3));
    mime_free(p);
}
END_TEST

START_TEST(unterminated_and_defaults)
{
    const char *m = "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n"
                    "Subject: in\r\n\r\nbody\r\n--d\r\nContent-Type: garbage\r\n\r\nx";
    struct mime_part *p = mime_parse(m, strlen(m));
    ck_assert_uint_eq(p->nchildren, 2);
    ck_assert_str_eq(p->children[0].type, "message");
    ck_assert_str_eq(p->children[0].subtype, "rfc822");
    ck_assert_ptr_nonnull(p->children[0].message);
    ck_assert_str_eq(p->children[1].type, "message");    /* invalid: default */
    ck_assert_str_eq(slice(m, p->children[1].body_off, p->children[1].body_len), "x");
    mime_free(p);
}
END_TEST

START_TEST(hostile_depth)
{
    /* 200 nested message/rfc822 headers: parsed to MIME_DEPTH_MAX, no crash */
    size_t cap = 200 * 40 + 10, n = 0;
    char *m = malloc(cap);
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(m + n, "Content-Type: message/rfc822\r\n\r\n");
    n += (size_t)sprintf(m + n, "x");
    struct mime_part *p = mime_parse(m, n);
    ck_assert_ptr_nonnull(p);
    int depth = 0;
    for (const struct mime_part *q = p; q->message; q = q->message)
        depth++;
    ck_assert_int_le(depth, MIME_DEPTH_MAX);
    mime_free(p);
    free(m);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mime");
    TCase *tc = tl_tcase("core");
    tcase_add_test(tc, content_type);
    tcase_add_test(tc, rfc2231);
    tcase_add_test(tc, single_part);
    tcase_add_test(tc, multipart_nesting);
    tcase_add_test(tc, unterminated_and_defaults);
    tcase_add_test(tc, hostile_depth);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
