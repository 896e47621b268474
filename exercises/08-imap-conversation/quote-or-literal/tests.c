/*
 * tests.c -- tests of exercise "quote-or-literal" (ex_imap_astring).
 *
 * Each test checks exact output bytes, so a function that always gives up
 * (the starter) passes none of them.
 */
#include "exercise.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

/* ex_imap_astring(in) must be exactly @p want (wlen octets). */
static void expect(const char *in, size_t len, const char *want, size_t wlen)
{
    char out[256];
    size_t n = ex_imap_astring(in, len, out, sizeof out);

    ck_assert_msg(n != (size_t)-1, "\"%s\": returned (size_t)-1 with room to spare", in);
    ck_assert_msg(n == wlen && memcmp(out, want, wlen) == 0,
                  "\"%s\": wrote %zu octets \"%.*s\", want \"%s\"", in, n,
                  (int)(n < sizeof out ? n : 0), out, want);
}
#define EXPECT(in, want) expect((in), sizeof(in) - 1, (want), sizeof(want) - 1)

START_TEST(atoms_stay_atoms)
{
    EXPECT("INBOX", "INBOX");
    EXPECT("Drafts.2024", "Drafts.2024");
    EXPECT("a[b", "a[b");          /* "[" is an ATOM-CHAR, "]" is not */
    EXPECT("+-!#$&'", "+-!#$&'");
}
END_TEST

START_TEST(specials_need_quotes)
{
    EXPECT("Sent Items", "\"Sent Items\"");
    EXPECT("a]b", "\"a]b\"");
    EXPECT("50%", "\"50%\"");
    EXPECT("*", "\"*\"");
    EXPECT("(x)", "\"(x)\"");
    EXPECT("{3}", "\"{3}\"");
    EXPECT("tab\there", "\"tab\there\"");
}
END_TEST

START_TEST(empty_and_nil)
{
    EXPECT("", "\"\"");
    EXPECT("NIL", "\"NIL\"");
    EXPECT("nil", "\"nil\"");
    EXPECT("NiL", "\"NiL\"");
    EXPECT("NILS", "NILS");
    EXPECT("NI", "NI");
}
END_TEST

START_TEST(quotes_and_backslashes_escaped)
{
    EXPECT("say \"hi\"", "\"say \\\"hi\\\"\"");
    EXPECT("C:\\dir", "\"C:\\\\dir\"");
    EXPECT("\"", "\"\\\"\"");
    EXPECT("\\\\", "\"\\\\\\\\\"");
}
END_TEST

START_TEST(line_breaks_need_a_literal)
{
    EXPECT("a\nb", "{3}\r\na\nb");
    EXPECT("a\rb", "{3}\r\na\rb");
    EXPECT("line\r\n", "{6}\r\nline\r\n");
}
END_TEST

START_TEST(eight_bit_and_nul_need_a_literal)
{
    EXPECT("Entw\xc3\xbcrfe", "{9}\r\nEntw\xc3\xbcrfe");
    EXPECT("\xff", "{1}\r\n\xff");
    expect("a\0b", 3, "{3}\r\na\0b", 8);
}
END_TEST

START_TEST(long_literal_count)
{
    char in[150], want[160];
    memset(in, 'x', sizeof in);
    in[0] = '\n';
    memcpy(want, "{150}\r\n", 7);
    memcpy(want + 7, in, sizeof in);
    expect(in, sizeof in, want, 157);
}
END_TEST

/* Exactly enough room works; one octet less does not. */
START_TEST(room_is_checked)
{
    char out[16];
    ck_assert_uint_eq(ex_imap_astring("INBOX", 5, out, 5), 5);
    ck_assert_uint_eq(ex_imap_astring("INBOX", 5, out, 4), (size_t)-1);
    ck_assert_uint_eq(ex_imap_astring("a b", 3, out, 5), 5);
    ck_assert_uint_eq(ex_imap_astring("a b", 3, out, 4), (size_t)-1);
    ck_assert_uint_eq(ex_imap_astring("a\"", 2, out, 5), 5);
    ck_assert_uint_eq(ex_imap_astring("a\"", 2, out, 4), (size_t)-1);
    ck_assert_uint_eq(ex_imap_astring("a\nb", 3, out, 8), 8);
    ck_assert_uint_eq(ex_imap_astring("a\nb", 3, out, 7), (size_t)-1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("quote-or-literal");
    TCase *t = tl_tcase("astring");
    tcase_add_test(t, atoms_stay_atoms);
    tcase_add_test(t, specials_need_quotes);
    tcase_add_test(t, empty_and_nil);
    tcase_add_test(t, quotes_and_backslashes_escaped);
    tcase_add_test(t, line_breaks_need_a_literal);
    tcase_add_test(t, eight_bit_and_nul_need_a_literal);
    tcase_add_test(t, long_literal_count);
    tcase_add_test(t, room_is_checked);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
