/*
 * test-bounce.c -- unit tests of src/bounce.c (chapter relaying): the
 * RFC 3464 delivery status notification, its three parts, its fields.
 */
#include "bounce.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char orig[] =
    "Received: from a by alice.test\r\n"
    "\tfor <nobody@bob.test>; Fri, 27 Nov 2026 14:00:00 +0000\r\n"
    "From: alice@alice.test\r\n"
    "Subject: the original\r\n"
    "\r\n"
    "the body, which is not sent back\r\n";

static char *compose(size_t *len)
{
    static const struct bounce_rcpt r[2] = {
        { "nobody@bob.test", "5.1.1", "550 5.1.1 <nobody@bob.test>: no such user here",
          "127.0.0.1", NULL },
        { "late@bob.test", "4.4.7", NULL, NULL,
          "the message could not be delivered within the queue lifetime" },
    };
    struct bounce_info bi = {
        .reporting_mta = "alice.test", .sender = "alice@alice.test",
        .queue_id = "1795786238.M1P2Q3.alice", .arrival = 1795786238, .now = 1795786300,
        .rcpts = r, .nrcpts = 2,
    };
    char *b = bounce_compose(&bi, orig, sizeof orig - 1, len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(strlen(b), *len);
    return b;
}

START_TEST(header_of_the_bounce)
{
    size_t len;
    char *b = compose(&len);
    ck_assert(strncmp(b, "From: Mail Delivery System <MAILER-DAEMON@alice.test>\r\n", 55) == 0);
    ck_assert_ptr_nonnull(strstr(b, "\r\nTo: <alice@alice.test>\r\n"));
    ck_assert_ptr_nonnull(strstr(b, "\r\nAuto-Submitted: auto-replied\r\n"));
    ck_assert_ptr_nonnull(strstr(b, "\r\nMIME-Version: 1.0\r\n"));
    ck_assert_ptr_nonnull(strstr(b, "\r\nContent-Type: multipart/report; "
                                    "report-type=delivery-status;\r\n\tboundary=\""));
    ck_assert_ptr_nonnull(strstr(b, "\r\nDate: "));
    ck_assert_ptr_nonnull(strstr(b, "\r\nMessage-ID: <1795786238.M1P2Q3.alice.bounce@alice.test>\r\n"));
    free(b);
}
END_TEST

START_TEST(three_parts_in_order)
{
    size_t len;
    char *b = compose(&len), boundary[100], delim[110], *p;
    p = strstr(b, "boundary=\"");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sscanf(p, "boundary=\"%99[^\"]\"", boundary), 1);
    snprintf(delim, sizeof delim, "\r\n--%s\r\n", boundary);
    const char *types[] = { "Content-Type: text/plain; charset=us-ascii\r\n",
                            "Content-Type: message/delivery-status\r\n",
                            "Content-Type: text/rfc822-headers\r\n" };
    p = b;
    for (int i = 0; i < 3; i++) {
        p = strstr(p, delim);
        ck_assert_msg(p != NULL, "part %d missing", i + 1);
        p += strlen(delim);
        ck_assert_msg(strncmp(p, types[i], strlen(types[i])) == 0, "part %d: %.60s", i + 1, p);
    }
    ck_assert_ptr_null(strstr(p, delim));                 /* exactly three */
    snprintf(delim, sizeof delim, "\r\n--%s--\r\n", boundary);
    ck_assert_ptr_nonnull(strstr(p, delim));
    ck_assert(strcmp(b + len - strlen(delim), delim) == 0);   /* the close delimiter ends it */
    /* No bare LF anywhere: every line ends in CRLF. */
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\n')
            ck_assert_msg(i > 0 && b[i - 1] == '\r', "bare LF at %zu", i);
    free(b);
}
END_TEST

START_TEST(delivery_status_fields)
{
    size_t len;
    char *b = compose(&len);
    char *ds = strstr(b, "Content-Type: message/delivery-status\r\n\r\n");
    ck_assert_ptr_nonnull(ds);
    ds += strlen("Content-Type: message/delivery-status\r\n\r\n");
    /* Per-message fields, an empty line, then per-recipient groups. */
    ck_assert(strncmp(ds, "Reporting-MTA: dns; alice.test\r\n", 32) == 0);
    ck_assert_ptr_nonnull(strstr(ds, "\r\nArrival-Date: "));
    const char *r1 = strstr(ds, "\r\n\r\nFinal-Recipient: rfc822; nobody@bob.test\r\n"
                                "Action: failed\r\nStatus: 5.1.1\r\n"
                                "Remote-MTA: dns; 127.0.0.1\r\n"
                                "Diagnostic-Code: smtp; 550 5.1.1 <nobody@bob.test>: "
                                "no such user here\r\nLast-Attempt-Date: ");
    ck_assert_ptr_nonnull(r1);
    const char *r2 = strstr(ds, "\r\n\r\nFinal-Recipient: rfc822; late@bob.test\r\n"
                                "Action: failed\r\nStatus: 4.4.7\r\nLast-Attempt-Date: ");
    ck_assert_ptr_nonnull(r2);
    ck_assert(r2 > r1);
    free(b);
}
END_TEST

START_TEST(original_headers_only)
{
    size_t len;
    char *b = compose(&len);
    char *h = strstr(b, "Content-Type: text/rfc822-headers\r\n\r\n");
    ck_assert_ptr_nonnull(h);
    h += strlen("Content-Type: text/rfc822-headers\r\n\r\n");
    ck_assert(strncmp(h, orig, strlen(orig) - strlen("\r\nthe body, which is not sent back\r\n")) == 0);
    ck_assert_ptr_null(strstr(b, "the body, which is not sent back"));
    ck_assert_ptr_nonnull(strstr(b, "<nobody@bob.test>: 127.0.0.1 said: 550 5.1.1"));
    free(b);
}
END_TEST

START_TEST(status_from_reply)
{
    char st[12];
    bounce_status(550, "5.1.1", st, sizeof st);
    ck_assert_str_eq(st, "5.1.1");
    bounce_status(550, "", st, sizeof st);
    ck_assert_str_eq(st, "5.0.0");
    bounce_status(554, NULL, st, sizeof st);
    ck_assert_str_eq(st, "5.0.0");
    bounce_status(451, "4.3.0", st, sizeof st);
    ck_assert_str_eq(st, "4.3.0");
    bounce_status(550, "2.0.0", st, sizeof st);        /* contradicts the code */
    ck_assert_str_eq(st, "5.0.0");
}
END_TEST

START_TEST(message_without_body)
{
    static const struct bounce_rcpt r = { "x@y.test", "5.0.0", "550 no", NULL, NULL };
    struct bounce_info bi = {
        .reporting_mta = "a.test", .sender = "s@a.test", .queue_id = "q",
        .arrival = 0, .now = 0, .rcpts = &r, .nrcpts = 1,
    };
    size_t len;
    char *b = bounce_compose(&bi, "Subject: no body", 16, &len);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(b, "text/rfc822-headers\r\n\r\nSubject: no body\r\n\r\n--"));
    free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bounce");
    TCase *tc = tl_tcase("bounce");
    tcase_add_test(tc, header_of_the_bounce);
    tcase_add_test(tc, three_parts_in_order);
    tcase_add_test(tc, delivery_status_fields);
    tcase_add_test(tc, original_headers_only);
    tcase_add_test(tc, status_from_reply);
    tcase_add_test(tc, message_without_body);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
