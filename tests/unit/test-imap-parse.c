/*
 * test-imap-parse.c -- unit tests of src/imap_parse.c (chapter 8,
 * imap-conversation): every data form of RFC 3501 §4 -- atoms, numbers,
 * quoted strings and their two escapes, literals {n} and {n+}, NIL,
 * nested lists, tags -- and the inputs that must be refused (bad escapes,
 * short literals, unterminated lists, junk), each leaving the cursor
 * where it was.
 */
#include "testlib.h"
#include "imap_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A parser over a string literal (which may hold NULs: give the length). */
static struct imap_parser P;

static void setup(const char *s, size_t len) { imap_parser_init(&P, s, len); }
#define SETUP(s) setup((s), sizeof(s) - 1)

static void teardown(void) { imap_parser_free(&P); }

/* Is @p v a string/atom with exactly these bytes? */
static int val_is(const struct imap_value *v, enum imap_vtype t, const char *bytes, size_t len)
{
    return v->type == t && v->len == len && memcmp(v->data, bytes, len) == 0;
}
#define VAL_IS(v, t, s) val_is((v), (t), (s), sizeof(s) - 1)

/* ---- atoms and tags ------------------------------------------------------ */

START_TEST(atom_simple)
{
    struct imap_value v;
    SETUP("LOGIN alice");
    ck_assert_int_eq(imap_p_atom(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "LOGIN"));
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_atom(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "alice"));
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

/* Every atom-special ends (or refuses) an atom. */
START_TEST(atom_specials)
{
    static const char specials[] = "(){ %*\"\\]";
    for (const char *c = specials; *c; c++) {
        char buf[8];
        struct imap_value v;
        snprintf(buf, sizeof buf, "ab%cd", *c);
        setup(buf, strlen(buf));
        ck_assert_int_eq(imap_p_atom(&P, &v), 0);
        ck_assert(VAL_IS(&v, IMAP_V_ATOM, "ab"));
        ck_assert_int_eq(imap_p_peek(&P), (unsigned char)*c);
        teardown();
        setup(buf + 2, strlen(buf + 2));
        ck_assert_int_eq(imap_p_atom(&P, &v), -1);
        ck_assert_int_eq((int)P.pos, 0);
        teardown();
    }
}
END_TEST

START_TEST(atom_controls_and_8bit)
{
    struct imap_value v;
    ck_assert(!imap_is_atom_char(0));
    ck_assert(!imap_is_atom_char('\t'));
    ck_assert(!imap_is_atom_char(0x7f));
    ck_assert(!imap_is_atom_char(0xe9));
    ck_assert(imap_is_atom_char('['));
    ck_assert(imap_is_atom_char('+'));
    ck_assert(!imap_is_atom_char(']'));
    ck_assert(imap_is_astring_char(']'));
    SETUP("caf\xc3\xa9");
    ck_assert_int_eq(imap_p_atom(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "caf"));
    teardown();
}
END_TEST

START_TEST(atom_ex_extra)
{
    struct imap_value v;
    SETUP("INBOX.%* x");
    ck_assert_int_eq(imap_p_atom_ex(&P, "%*", &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "INBOX.%*"));
    teardown();
    SETUP("\\Seen)");
    ck_assert_int_eq(imap_p_atom_ex(&P, "\\", &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "\\Seen"));
    teardown();
}
END_TEST

START_TEST(tag_forms)
{
    struct imap_value v;
    SETUP("a001 NOOP");
    ck_assert_int_eq(imap_p_tag(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "a001"));
    teardown();
    SETUP("x]y NOOP");               /* "]" is an ASTRING-CHAR */
    ck_assert_int_eq(imap_p_tag(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "x]y"));
    teardown();
    SETUP("a+b NOOP");               /* "+" is not allowed in a tag */
    ck_assert_int_eq(imap_p_tag(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "a"));
    teardown();
}
END_TEST

START_TEST(tag_missing)
{
    struct imap_value v;
    const char *bad[] = { "", " NOOP", "+ x", "(a) NOOP", "\"a\" NOOP", "*" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        setup(bad[i], strlen(bad[i]));
        ck_assert_msg(imap_p_tag(&P, &v) == -1, "tag accepted in '%s'", bad[i]);
        ck_assert_ptr_nonnull(P.error);
        ck_assert_int_eq((int)P.pos, 0);
        teardown();
    }
}
END_TEST

START_TEST(tag_too_long)
{
    char buf[IMAP_TAG_MAX + 8];
    struct imap_value v;
    memset(buf, 'a', sizeof buf);
    setup(buf, IMAP_TAG_MAX);
    ck_assert_int_eq(imap_p_tag(&P, &v), 0);
    teardown();
    setup(buf, IMAP_TAG_MAX + 1);
    ck_assert_int_eq(imap_p_tag(&P, &v), -1);
    ck_assert_str_eq(P.error, "Tag too long");
    teardown();
}
END_TEST

/* ---- numbers ------------------------------------------------------------- */

START_TEST(numbers)
{
    uint32_t n;
    SETUP("4294967295");
    ck_assert_int_eq(imap_p_number(&P, &n), 0);
    ck_assert_uint_eq(n, 4294967295u);
    teardown();
    SETUP("4294967296");
    ck_assert_int_eq(imap_p_number(&P, &n), -1);
    ck_assert_str_eq(P.error, "Number too large");
    teardown();
    SETUP("x1");
    ck_assert_int_eq(imap_p_number(&P, &n), -1);
    teardown();
    SETUP("007 ");
    ck_assert_int_eq(imap_p_number(&P, &n), 0);
    ck_assert_uint_eq(n, 7);
    ck_assert_int_eq(imap_p_peek(&P), ' ');
    teardown();
}
END_TEST

/* ---- quoted strings -------------------------------------------------------- */

START_TEST(quoted_plain_and_empty)
{
    struct imap_value v;
    SETUP("\"pass word\" \"\"");
    ck_assert_int_eq(imap_p_quoted(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_QUOTED, "pass word"));
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_quoted(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_QUOTED, ""));
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

START_TEST(quoted_escapes)
{
    struct imap_value v;
    SETUP("\"a\\\"b\\\\c\"");               /* "a\"b\\c" */
    ck_assert_int_eq(imap_p_quoted(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_QUOTED, "a\"b\\c"));
    ck_assert_str_eq(v.data, "a\"b\\c");    /* NUL-terminated copy */
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

START_TEST(quoted_bad_escapes)
{
    /* Only \" and \\ exist (RFC 3501 §4.3): not \n, \t, \x, nor a lone \ at the end. */
    const char *bad[] = { "\"a\\nb\"", "\"\\t\"", "\"\\x41\"", "\"ab\\\"", "\"\\a\"" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct imap_value v;
        setup(bad[i], strlen(bad[i]));
        ck_assert_msg(imap_p_quoted(&P, &v) == -1, "accepted %s", bad[i]);
        ck_assert_int_eq((int)P.pos, 0);
        teardown();
    }
    {
        struct imap_value v;
        SETUP("\"a\\nb\"");
        imap_p_quoted(&P, &v);
        ck_assert_ptr_nonnull(strstr(P.error, "escape"));
        teardown();
    }
}
END_TEST

START_TEST(quoted_refuses_cr_lf_nul_8bit_unterminated)
{
    struct imap_value v;
    SETUP("\"a\rb\"");
    ck_assert_int_eq(imap_p_quoted(&P, &v), -1);
    teardown();
    SETUP("\"a\nb\"");
    ck_assert_int_eq(imap_p_quoted(&P, &v), -1);
    teardown();
    SETUP("\"a\0b\"");
    ck_assert_int_eq(imap_p_quoted(&P, &v), -1);
    teardown();
    SETUP("\"caf\xc3\xa9\"");
    ck_assert_int_eq(imap_p_quoted(&P, &v), -1);
    ck_assert_ptr_nonnull(strstr(P.error, "8-bit"));
    teardown();
    SETUP("\"open");
    ck_assert_int_eq(imap_p_quoted(&P, &v), -1);
    ck_assert_str_eq(P.error, "Unterminated quoted string");
    teardown();
}
END_TEST

/* ---- literals -------------------------------------------------------------- */

START_TEST(literal_sync)
{
    struct imap_value v;
    SETUP("{5}\r\nalice rest");
    ck_assert_int_eq(imap_p_literal(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_LITERAL, "alice"));
    ck_assert_int_eq(v.nonsync, 0);
    ck_assert_int_eq(imap_p_sp(&P), 0);
    teardown();
}
END_TEST

START_TEST(literal_nonsync)
{
    struct imap_value v;
    SETUP("{6+}\r\nsecret");
    ck_assert_int_eq(imap_p_literal(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_LITERAL, "secret"));
    ck_assert_int_eq(v.nonsync, 1);
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

/* A literal's octets are anything but NUL: CR, LF, quotes, braces, 8-bit. */
START_TEST(literal_any_octets)
{
    struct imap_value v;
    SETUP("{10}\r\na\r\n\"{}\xff\\)(");
    ck_assert_int_eq(imap_p_literal(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_LITERAL, "a\r\n\"{}\xff\\)("));
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
    SETUP("{0}\r\n");
    ck_assert_int_eq(imap_p_literal(&P, &v), 0);
    ck_assert_int_eq((int)v.len, 0);
    teardown();
}
END_TEST

START_TEST(literal_bad)
{
    const struct { const char *s; size_t len; } bad[] = {
        { "{5}\r\nabc", 8 },           /* shorter than its count */
        { "{5}abcde", 8 },             /* no CRLF after the header */
        { "{}\r\n", 4 },               /* no digits */
        { "{-1}\r\n", 6 },
        { "{5+ }\r\nabcde", 12 },
        { "{99999999999}\r\n", 15 },   /* more than 32 bits */
        { "{3}\r\na\0b", 8 },          /* NUL is not a CHAR8 */
        { "{3", 2 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct imap_value v;
        setup(bad[i].s, bad[i].len);
        ck_assert_msg(imap_p_literal(&P, &v) == -1, "accepted case %zu", i);
        ck_assert_int_eq((int)P.pos, 0);
        teardown();
    }
}
END_TEST

/* The command of RFC 7888 §3's example, as the reader assembles it. */
START_TEST(literal_login_example)
{
    struct imap_value tag, verb, u, p;
    SETUP("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man");
    ck_assert_int_eq(imap_p_tag(&P, &tag), 0);
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_atom(&P, &verb), 0);
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_astring(&P, &u), 0);
    ck_assert(VAL_IS(&u, IMAP_V_LITERAL, "FRED FOOBAR"));
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_astring(&P, &p), 0);
    ck_assert(VAL_IS(&p, IMAP_V_LITERAL, "fat man"));
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

/* ---- strings, astrings, nstrings, NIL ---------------------------------------- */

START_TEST(astring_forms)
{
    struct imap_value v;
    SETUP("a]b \"q\" {1}\r\nl");
    ck_assert_int_eq(imap_p_astring(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_ATOM, "a]b"));
    imap_p_sp(&P);
    ck_assert_int_eq(imap_p_astring(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_QUOTED, "q"));
    imap_p_sp(&P);
    ck_assert_int_eq(imap_p_astring(&P, &v), 0);
    ck_assert(VAL_IS(&v, IMAP_V_LITERAL, "l"));
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
    SETUP("(x)");
    ck_assert_int_eq(imap_p_astring(&P, &v), -1);
    teardown();
}
END_TEST

START_TEST(string_refuses_atom)
{
    struct imap_value v;
    SETUP("alice");
    ck_assert_int_eq(imap_p_string(&P, &v), -1);
    ck_assert_str_eq(P.error, "Expected a string");
    teardown();
    SETUP("");
    ck_assert_int_eq(imap_p_string(&P, &v), -1);
    ck_assert_str_eq(P.error, "Missing argument");
    teardown();
}
END_TEST

START_TEST(nstring_nil)
{
    struct imap_value v;
    SETUP("NIL nil \"NIL\" NILS");
    ck_assert_int_eq(imap_p_nstring(&P, &v), 0);
    ck_assert_int_eq(v.type, IMAP_V_NIL);
    imap_p_sp(&P);
    ck_assert_int_eq(imap_p_nstring(&P, &v), 0);   /* NIL is case-insensitive */
    ck_assert_int_eq(v.type, IMAP_V_NIL);
    imap_p_sp(&P);
    ck_assert_int_eq(imap_p_nstring(&P, &v), 0);   /* "NIL" is a string */
    ck_assert(VAL_IS(&v, IMAP_V_QUOTED, "NIL"));
    imap_p_sp(&P);
    ck_assert_int_eq(imap_p_nstring(&P, &v), -1);  /* NILS is neither */
    teardown();
}
END_TEST

/* ---- lists ------------------------------------------------------------------- */

START_TEST(list_empty_and_flat)
{
    struct imap_value v;
    SETUP("()");
    ck_assert_int_eq(imap_p_list(&P, &v), 0);
    ck_assert_int_eq(v.type, IMAP_V_LIST);
    ck_assert_int_eq((int)v.count, 0);
    teardown();
    SETUP("(\"name\" \"mutt\" \"version\" NIL)");
    ck_assert_int_eq(imap_p_list(&P, &v), 0);
    ck_assert_int_eq((int)v.count, 4);
    ck_assert(VAL_IS(&v.items[0], IMAP_V_QUOTED, "name"));
    ck_assert(VAL_IS(&v.items[1], IMAP_V_QUOTED, "mutt"));
    ck_assert_int_eq(v.items[3].type, IMAP_V_NIL);
    ck_assert_int_eq(imap_p_end(&P), 0);
    teardown();
}
END_TEST

START_TEST(list_nested_with_flags_and_literal)
{
    struct imap_value v;
    SETUP("(\\Seen (a (b {2}\r\n()) \"c\") BODY[TEXT] 12)");
    ck_assert_int_eq(imap_p_list(&P, &v), 0);
    ck_assert_int_eq((int)v.count, 4);
    ck_assert(VAL_IS(&v.items[0], IMAP_V_ATOM, "\\Seen"));
    ck_assert_int_eq(v.items[1].type, IMAP_V_LIST);
    ck_assert_int_eq((int)v.items[1].count, 3);
    ck_assert_int_eq(v.items[1].items[1].type, IMAP_V_LIST);
    ck_assert(VAL_IS(&v.items[1].items[1].items[1], IMAP_V_LITERAL, "()"));
    ck_assert(VAL_IS(&v.items[2], IMAP_V_ATOM, "BODY[TEXT]"));
    ck_assert(VAL_IS(&v.items[3], IMAP_V_ATOM, "12"));
    {
        uint32_t n;
        ck_assert_int_eq(imap_value_number(&v.items[3], &n), 0);
        ck_assert_uint_eq(n, 12);
        ck_assert_int_eq(imap_value_number(&v.items[2], &n), -1);
    }
    teardown();
}
END_TEST

/* Many elements: the array grows. */
START_TEST(list_many)
{
    char buf[2000];
    size_t len = 0;
    struct imap_value v;
    buf[len++] = '(';
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%d", i ? " " : "", i % 10);
    buf[len++] = ')';
    setup(buf, len);
    ck_assert_int_eq(imap_p_list(&P, &v), 0);
    ck_assert_int_eq((int)v.count, 300);
    ck_assert(VAL_IS(&v.items[299], IMAP_V_ATOM, "9"));
    teardown();
}
END_TEST

START_TEST(list_bad)
{
    const char *bad[] = { "(a", "(a b", "( a)", "(a )", "(a  b)", "(\"x)", "a)", "(a)(" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct imap_value v;
        setup(bad[i], strlen(bad[i]));
        if (imap_p_list(&P, &v) == 0) {
            /* "(a)(" parses a list and leaves junk: imap_p_end must see it */
            ck_assert_msg(imap_p_end(&P) == -1, "accepted '%s'", bad[i]);
        } else {
            ck_assert_int_eq((int)P.pos, 0);
            ck_assert_ptr_nonnull(P.error);
        }
        teardown();
    }
    SETUP("(a b");
    {
        struct imap_value v;
        imap_p_list(&P, &v);
        ck_assert_str_eq(P.error, "Unterminated list");
    }
    teardown();
}
END_TEST

START_TEST(list_too_deep)
{
    char buf[2 * IMAP_LIST_DEPTH_MAX + 4];
    size_t d;
    struct imap_value v;
    for (d = 0; d < IMAP_LIST_DEPTH_MAX; d++)
        buf[d] = '(';
    for (size_t i = 0; i < IMAP_LIST_DEPTH_MAX; i++)
        buf[d + i] = ')';
    setup(buf, 2 * IMAP_LIST_DEPTH_MAX);
    ck_assert_int_eq(imap_p_list(&P, &v), 0);      /* exactly the limit: fine */
    teardown();
    memmove(buf + 1, buf, 2 * IMAP_LIST_DEPTH_MAX);
    buf[0] = '(';
    buf[2 * IMAP_LIST_DEPTH_MAX + 1] = ')';
    setup(buf, 2 * IMAP_LIST_DEPTH_MAX + 2);
    ck_assert_int_eq(imap_p_list(&P, &v), -1);
    ck_assert_int_eq(P.depth, 0);
    teardown();
}
END_TEST

/* ---- values, helpers, junk --------------------------------------------------- */

START_TEST(value_dispatch)
{
    struct imap_value v;
    SETUP("NIL");
    ck_assert_int_eq(imap_p_value(&P, &v), 0);
    ck_assert_int_eq(v.type, IMAP_V_NIL);
    teardown();
    SETUP("\"q\"");
    ck_assert_int_eq(imap_p_value(&P, &v), 0);
    ck_assert_int_eq(v.type, IMAP_V_QUOTED);
    teardown();
    SETUP(")");
    ck_assert_int_eq(imap_p_value(&P, &v), -1);
    teardown();
}
END_TEST

START_TEST(cstr_copies)
{
    struct imap_value v;
    char *s;
    SETUP("alice rest");
    imap_p_atom(&P, &v);
    s = imap_value_cstr(&P, &v);
    ck_assert_str_eq(s, "alice");
    teardown();
    SETUP("{3}\r\na\0b");
    ck_assert_int_eq(imap_p_literal(&P, &v), -1);  /* refused by the parser */
    teardown();
    {
        /* a value holding a NUL (built by hand) has no C string */
        struct imap_value w = { IMAP_V_LITERAL, "a\0b", 3, 0, NULL, 0 };
        SETUP("");
        ck_assert_ptr_null(imap_value_cstr(&P, &w));
        teardown();
    }
}
END_TEST

START_TEST(value_is_ignores_case)
{
    struct imap_value v;
    SETUP("plain");
    imap_p_atom(&P, &v);
    ck_assert(imap_value_is(&v, "PLAIN"));
    ck_assert(!imap_value_is(&v, "PLAINX"));
    ck_assert(!imap_value_is(&v, "PLAI"));
    teardown();
}
END_TEST

START_TEST(separators_and_junk)
{
    struct imap_value v;
    SETUP("a  b");               /* two spaces: the second is not an atom */
    imap_p_atom(&P, &v);
    ck_assert_int_eq(imap_p_sp(&P), 0);
    ck_assert_int_eq(imap_p_atom(&P, &v), -1);
    teardown();
    SETUP("a\tb");
    imap_p_atom(&P, &v);
    ck_assert_int_eq(imap_p_sp(&P), -1);
    ck_assert_str_eq(P.error, "Expected a space");
    ck_assert_int_eq(imap_p_end(&P), -1);
    teardown();
    SETUP("x ");
    imap_p_atom(&P, &v);
    ck_assert_int_eq(imap_p_end(&P), -1);
    ck_assert_str_eq(P.error, "Too many arguments");
    teardown();
    SETUP("(");
    ck_assert_int_eq(imap_p_char(&P, '('), 0);
    ck_assert_int_eq(imap_p_char(&P, ')'), -1);
    ck_assert(imap_p_at_end(&P));
    ck_assert_int_eq(imap_p_peek(&P), -1);
    teardown();
}
END_TEST

START_TEST(alloc_is_zeroed_and_freed)
{
    SETUP("");
    for (int i = 0; i < 100; i++) {
        unsigned char *m = imap_p_alloc(&P, 64);
        ck_assert_ptr_nonnull(m);
        for (int k = 0; k < 64; k++)
            ck_assert_int_eq(m[k], 0);
    }
    teardown();  /* ASan/valgrind would report a leak here */
    ck_assert_ptr_null(P.blocks);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imap-parse");
    TCase *t = tl_tcase("atoms");
    tcase_add_test(t, atom_simple);
    tcase_add_test(t, atom_specials);
    tcase_add_test(t, atom_controls_and_8bit);
    tcase_add_test(t, atom_ex_extra);
    tcase_add_test(t, tag_forms);
    tcase_add_test(t, tag_missing);
    tcase_add_test(t, tag_too_long);
    tcase_add_test(t, numbers);
    suite_add_tcase(s, t);
    t = tl_tcase("strings");
    tcase_add_test(t, quoted_plain_and_empty);
    tcase_add_test(t, quoted_escapes);
    tcase_add_test(t, quoted_bad_escapes);
    tcase_add_test(t, quoted_refuses_cr_lf_nul_8bit_unterminated);
    tcase_add_test(t, literal_sync);
    tcase_add_test(t, literal_nonsync);
    tcase_add_test(t, literal_any_octets);
    tcase_add_test(t, literal_bad);
    tcase_add_test(t, literal_login_example);
    tcase_add_test(t, astring_forms);
    tcase_add_test(t, string_refuses_atom);
    tcase_add_test(t, nstring_nil);
    suite_add_tcase(s, t);
    t = tl_tcase("lists");
    tcase_add_test(t, list_empty_and_flat);
    tcase_add_test(t, list_nested_with_flags_and_literal);
    tcase_add_test(t, list_many);
    tcase_add_test(t, list_bad);
    tcase_add_test(t, list_too_deep);
    suite_add_tcase(s, t);
    t = tl_tcase("helpers");
    tcase_add_test(t, value_dispatch);
    tcase_add_test(t, cstr_copies);
    tcase_add_test(t, value_is_ignores_case);
    tcase_add_test(t, separators_and_junk);
    tcase_add_test(t, alloc_is_zeroed_and_freed);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
