/*
 * test-dialog.c -- unit tests of the dialog-file parser (tests/dialog/dialog.c).
 */
#include "testlib.h"
#include "dialog.h"

#include <stdlib.h>
#include <string.h>

/* Unescape @in and compare with @want (wantlen bytes). */
static void unesc_ok(const char *in, const char *want, size_t wantlen)
{
    char *out = NULL, err[256];
    size_t n = 0;
    ck_assert_msg(dialog_unescape(in, &out, &n, err, sizeof err) == 0, "%s: %s", in, err);
    ck_assert_uint_eq(n, wantlen);
    ck_assert_msg(memcmp(out, want, n) == 0, "unescape of %s", in);
    ck_assert_int_eq(out[n], '\0');
    free(out);
}

static void unesc_bad(const char *in, const char *errpart)
{
    char *out = NULL, err[256] = "";
    size_t n = 0;
    ck_assert_msg(dialog_unescape(in, &out, &n, err, sizeof err) == -1, "%s should fail", in);
    ck_assert_msg(strstr(err, errpart) != NULL, "%s: message \"%s\" lacks \"%s\"", in, err, errpart);
}

START_TEST(escapes)
{
    unesc_ok("", "", 0);
    unesc_ok("plain text", "plain text", 10);
    unesc_ok("a\\r\\nb", "a\r\nb", 4);
    unesc_ok("\\t\\\\\\0x", "\t\\\0x", 4);
    unesc_ok("\\x41\\x7e\\xff\\x00", "A~\xff\0", 4);
    unesc_ok("\\{3:a}b", "aaab", 4);
    unesc_ok("<\\{2:}}>", "<}}>", 4);
    unesc_ok("\\{1:\\}", "\\", 1);
}
END_TEST

START_TEST(escapes_long)
{
    char *out = NULL, err[128];
    size_t n = 0;
    ck_assert_int_eq(dialog_unescape("X\\{1000:y}Z", &out, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 1002);
    ck_assert_int_eq(out[0], 'X');
    ck_assert_int_eq(out[1], 'y');
    ck_assert_int_eq(out[1000], 'y');
    ck_assert_int_eq(out[1001], 'Z');
    free(out);
}
END_TEST

START_TEST(escapes_bad)
{
    unesc_bad("\\q", "unknown escape");
    unesc_bad("end\\", "lone backslash");
    unesc_bad("\\x4", "two hex digits");
    unesc_bad("\\xg0", "two hex digits");
    unesc_bad("\\{a:b}", "\\{N:c}");
    unesc_bad("\\{0:b}", "\\{N:c}");
    unesc_bad("\\{3:ab}", "\\{N:c}");
    unesc_bad("\\{3:a", "\\{N:c}");
    unesc_bad("\\{9999999:a}", "\\{N:c}");
}
END_TEST

static const char good[] =
    "# Title: with a colon\n"
    "# from: lines\n"
    "# until: serving-many\n"
    "# protocol: lines\n"
    "# args: --timeout 1  --trace\n"
    "\n"
    "S: 220 minimail lines server ready\n"
    "C: ECHO hello\n"
    "S~ ^250 .*$\n"
    "# note: remarks in the body are free text\n"
    "C- ECHO no line end\\n\n"
    "S: 250 \n"
    "S: * FLAGS (\\Seen \\Answered)\r\n"
    "C:\n"
    "!shutdown\n"
    "!eof\n";

START_TEST(parse_good)
{
    struct dialog d;
    char err[256];

    ck_assert_msg(dialog_parse("x.dialog", good, strlen(good), &d, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(d.path, "x.dialog");
    ck_assert_str_eq(d.title, "Title: with a colon");
    ck_assert_str_eq(d.from, "lines");
    ck_assert_str_eq(d.until, "serving-many");
    ck_assert_str_eq(d.protocol, "lines");
    ck_assert_uint_eq(d.nargs, 3);
    ck_assert_str_eq(d.args[0], "--timeout");
    ck_assert_str_eq(d.args[1], "1");
    ck_assert_str_eq(d.args[2], "--trace");
    ck_assert_ptr_null(d.args[3]);
    ck_assert_int_eq(d.exit_status, 0);
    ck_assert_uint_eq(d.nsteps, 9);

    ck_assert_int_eq(d.steps[0].op, DLG_EXPECT);
    ck_assert_int_eq(d.steps[0].line, 7);
    ck_assert_str_eq(d.steps[0].text, "220 minimail lines server ready");
    ck_assert_int_eq(d.steps[1].op, DLG_SEND);
    ck_assert_uint_eq(d.steps[1].len, 12);
    ck_assert(memcmp(d.steps[1].text, "ECHO hello\r\n", 12) == 0);
    ck_assert_int_eq(d.steps[2].op, DLG_EXPECT_RE);
    ck_assert(d.steps[2].has_re);
    ck_assert_int_eq(regexec(&d.steps[2].re, "250 hi", 0, NULL, 0), 0);
    ck_assert_int_ne(regexec(&d.steps[2].re, "500 hi", 0, NULL, 0), 0);
    ck_assert_int_eq(d.steps[3].op, DLG_SEND_RAW);
    ck_assert_uint_eq(d.steps[3].len, 17);
    ck_assert(memcmp(d.steps[3].text, "ECHO no line end\n", 17) == 0);
    ck_assert_int_eq(d.steps[3].line, 11);
    /* S: keeps trailing blanks and backslashes; a CRLF-saved file works */
    ck_assert_str_eq(d.steps[4].text, "250 ");
    ck_assert_str_eq(d.steps[5].text, "* FLAGS (\\Seen \\Answered)");
    /* C: with no text sends an empty line */
    ck_assert_int_eq(d.steps[6].op, DLG_SEND);
    ck_assert_uint_eq(d.steps[6].len, 2);
    ck_assert_int_eq(d.steps[7].op, DLG_SHUTDOWN);
    ck_assert_int_eq(d.steps[8].op, DLG_EOF);
    ck_assert_int_eq(d.steps[8].line, 16);
    dialog_free(&d);
}
END_TEST

START_TEST(parse_minimal)
{
    struct dialog d;
    char err[256];
    const char *t = "# from: sockets\n# protocol: echo\n# exit: 3\nC- x";

    ck_assert_msg(dialog_parse("m", t, strlen(t), &d, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(d.title, "");
    ck_assert_ptr_null(d.until);
    ck_assert_uint_eq(d.nargs, 0);
    ck_assert_ptr_nonnull(d.args);
    ck_assert_ptr_null(d.args[0]);
    ck_assert_int_eq(d.exit_status, 3);
    ck_assert_uint_eq(d.nsteps, 1);
    ck_assert_uint_eq(d.steps[0].len, 1);
    dialog_free(&d);
}
END_TEST

/* A broken dialog: which line, and what the message says. */
static const struct {
    const char *text;
    const char *err;
} bad[] = {
    { "# t\n# protocol: lines\nS: x\n", "no \"# from: SLUG\"" },
    { "# t\n# from: lines\nS: x\n", "no \"# protocol: NAME\"" },
    { "# t\n# from: lines\n# protocol: lines\n", "no steps" },
    { "# t\n# from: lines\n# protocl: lines\nS: x\n", "3: unknown header key \"protocl:\"" },
    { "# t\n# from: lines\n# protocol: lines\nS: x\n# args: -x\n", "5: header key \"args:\" after" },
    { "# t\n# from: lines\n# from: lines\n", "3: header key \"from:\" given twice" },
    { "# t\n# from: Lines\n", "2: \"from:\" needs one lowercase name" },
    { "# t\n# from: lines\n# protocol: lines\n# exit: x\n", "4: \"exit:\" needs a number" },
    { "# t\n# from: lines\n# protocol: lines\nS: x\nX: y\n", "5: unknown directive \"X: y\"" },
    { "# t\n# from: lines\n# protocol: lines\nS: x\ns: y\n", "5: unknown directive" },
    { "# t\n# from: lines\n# protocol: lines\nC~ x\n", "4: unknown directive" },
    { "# t\n# from: lines\n# protocol: lines\n!eof now\n", "4: unknown directive \"!eof now\"" },
    { "# t\n# from: lines\n# protocol: lines\n!close\n", "4: unknown directive \"!close\"" },
    { "# t\n# from: lines\n# protocol: lines\n  S: indented\n", "4: unknown directive" },
    { "# t\n# from: lines\n# protocol: lines\nC: \\q\n", "4: unknown escape" },
    { "# t\n# from: lines\n# protocol: lines\nC-\n", "4: \"C-\" with nothing" },
    { "# t\n# from: lines\n# protocol: lines\nS~ (unclosed\n", "4: bad regular expression" },
};

START_TEST(parse_bad)
{
    struct dialog d;
    char err[256] = "";
    const char *t = bad[_i].text;

    ck_assert_msg(dialog_parse("b", t, strlen(t), &d, err, sizeof err) == -1, "case %d parsed", _i);
    ck_assert_msg(strstr(err, bad[_i].err) != NULL, "case %d: \"%s\" lacks \"%s\"", _i, err, bad[_i].err);
    ck_assert_ptr_null(d.steps);   /* freed and zeroed */
}
END_TEST

START_TEST(parse_nul)
{
    struct dialog d;
    char err[256];
    const char t[] = "# from: a\n# protocol: b\nC: x\0y\n";
    ck_assert_int_eq(dialog_parse("n", t, sizeof t - 1, &d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "3: NUL byte"));
}
END_TEST

START_TEST(escape_for_messages)
{
    char *buf = NULL;
    size_t len = 0;
    dialog_escape_append(&buf, &len, "a\r\n\\\x01\xff", 6);
    ck_assert_str_eq(buf, "a\\r\\n\\\\\\x01\\xff");
    dialog_escape_append(&buf, &len, "b", 1);
    ck_assert_str_eq(buf, "a\\r\\n\\\\\\x01\\xffb");
    ck_assert_uint_eq(len, strlen(buf));
    free(buf);
}
END_TEST

START_TEST(load_missing)
{
    struct dialog d;
    char err[256];
    ck_assert_int_eq(dialog_load("/nonexistent/x.dialog", &d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot open"));
}
END_TEST

static Suite *dialog_suite(void)
{
    Suite *s = suite_create("dialog-parser");
    TCase *tc = tl_tcase("escapes");
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, escapes_long);
    tcase_add_test(tc, escapes_bad);
    tcase_add_test(tc, escape_for_messages);
    suite_add_tcase(s, tc);
    tc = tl_tcase("parse");
    tcase_add_test(tc, parse_good);
    tcase_add_test(tc, parse_minimal);
    tcase_add_loop_test(tc, parse_bad, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, parse_nul);
    tcase_add_test(tc, load_missing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(dialog_suite());
}
