/*
 * test-storeflags.c -- unit tests of src/storeflags.c (chapter
 * changing-mail): STORE's data items, flags (system, keywords, \Recent,
 * bad characters), both list forms, and how FLAGS/+FLAGS/-FLAGS combine.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailflags.h"
#include "storeflags.h"
#include "testlib.h"

#include <check.h>
#include <string.h>

/* Parse " ITEM FLAGS" as the STORE handler does after the sequence set. */
static int parse(const char *text, struct store_request *req)
{
    struct imap_parser p;
    int r;

    imap_parser_init(&p, text, strlen(text));
    r = store_parse_request(&p, req);
    imap_parser_free(&p);
    return r;
}

START_TEST(items)
{
    enum store_op op;
    int silent;

    ck_assert_int_eq(store_parse_item("FLAGS", 5, &op, &silent), 0);
    ck_assert_int_eq(op, STORE_REPLACE);
    ck_assert_int_eq(silent, 0);
    ck_assert_int_eq(store_parse_item("+flags.silent", 13, &op, &silent), 0);
    ck_assert_int_eq(op, STORE_ADD);
    ck_assert_int_eq(silent, 1);
    ck_assert_int_eq(store_parse_item("-Flags", 6, &op, &silent), 0);
    ck_assert_int_eq(op, STORE_REMOVE);
    ck_assert_int_eq(store_parse_item("FLAG", 4, &op, &silent), -1);
    ck_assert_int_eq(store_parse_item("+-FLAGS", 7, &op, &silent), -1);
    ck_assert_int_eq(store_parse_item("FLAGS.LOUD", 10, &op, &silent), -1);
    ck_assert_int_eq(store_parse_item("", 0, &op, &silent), -1);
}
END_TEST

START_TEST(flags)
{
    unsigned bit;

    ck_assert_int_eq(store_parse_flag("\\Seen", 5, &bit), 0);
    ck_assert_uint_eq(bit, MAILFLAG_SEEN);
    ck_assert_int_eq(store_parse_flag("\\DELETED", 8, &bit), 0);
    ck_assert_uint_eq(bit, MAILFLAG_DELETED);
    ck_assert_int_eq(store_parse_flag("$Forwarded", 10, &bit), 0);
    ck_assert_uint_eq(bit, 0);
    ck_assert_int_eq(store_parse_flag("\\Recent", 7, &bit), 0);
    ck_assert_uint_eq(bit, 0);
    ck_assert_int_eq(store_parse_flag("\\Foo", 4, &bit), -1);
    ck_assert_int_eq(store_parse_flag("\\", 1, &bit), -1);
    ck_assert_int_eq(store_parse_flag("a\"b", 3, &bit), -1);
    ck_assert_int_eq(store_parse_flag("\\Se\\en", 6, &bit), -1);
    ck_assert_int_eq(store_parse_flag("\\*", 2, &bit), -1);
}
END_TEST

START_TEST(requests)
{
    struct store_request r;

    ck_assert_int_eq(parse(" +FLAGS (\\Seen \\Deleted)", &r), 0);
    ck_assert_int_eq(r.op, STORE_ADD);
    ck_assert_uint_eq(r.flags, MAILFLAG_SEEN | MAILFLAG_DELETED);
    ck_assert_int_eq(parse(" FLAGS.SILENT \\Flagged $Junk", &r), 0);
    ck_assert_int_eq(r.silent, 1);
    ck_assert_uint_eq(r.flags, MAILFLAG_FLAGGED);
    ck_assert_uint_eq(r.ignored, 1);
    ck_assert_int_eq(parse(" FLAGS ()", &r), 0);
    ck_assert_uint_eq(r.flags, 0);
    ck_assert_int_eq(parse(" -FLAGS (\\Draft)", &r), 0);
    ck_assert_int_eq(r.op, STORE_REMOVE);
}
END_TEST

START_TEST(bad_requests)
{
    struct store_request r;

    ck_assert_int_eq(parse("", &r), -1);
    ck_assert_int_eq(parse(" FLAGS", &r), -1);
    ck_assert_int_eq(parse(" FLAGS ", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (\\Seen", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (\\Seen))", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (\\Se\"en)", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (a{b)", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (\\Foo)", &r), -1);
    ck_assert_int_eq(parse(" FLAGS (\\Seen  \\Draft)", &r), -1);
    ck_assert_int_eq(parse(" BODY (\\Seen)", &r), -1);
    ck_assert_int_eq(parse(" FLAGS ((\\Seen))", &r), -1);
}
END_TEST

START_TEST(apply)
{
    unsigned old = MAILFLAG_SEEN | MAILFLAG_FLAGGED;

    ck_assert_uint_eq(store_apply(STORE_REPLACE, old, MAILFLAG_DRAFT), MAILFLAG_DRAFT);
    ck_assert_uint_eq(store_apply(STORE_ADD, old, MAILFLAG_DELETED),
                      old | MAILFLAG_DELETED);
    ck_assert_uint_eq(store_apply(STORE_REMOVE, old, MAILFLAG_SEEN), MAILFLAG_FLAGGED);
    ck_assert_uint_eq(store_apply(STORE_REMOVE, old, 0), old);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("storeflags");
    TCase *tc = tl_tcase("storeflags");

    tcase_add_test(tc, items);
    tcase_add_test(tc, flags);
    tcase_add_test(tc, requests);
    tcase_add_test(tc, bad_requests);
    tcase_add_test(tc, apply);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
