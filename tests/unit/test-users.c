/*
 * test-users.c -- unit tests of src/users.c (chapter storing-mail): the
 * Dovecot passwd-file lines, loading with line numbers in errors, lookup,
 * PLAIN and crypt(3) passwords.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "users.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_CRYPT_H
#include <crypt.h>
#endif

static char *dir;

static void setup(void)
{
    dir = tl_tmpdir();
    ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
    tl_rmtree(dir);
    free(dir);
}

/* Write text to DIR/name and return the path (static). */
static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Parse a line that must be a user line. */
static void parse_ok(const char *line, const char *name, enum users_scheme scheme,
                     const char *secret)
{
    struct users_entry e;
    char err[USERS_ERRLEN] = "";
    int rc = users_parse_line(line, &e, err, sizeof err);
    ck_assert_msg(rc == 1, "\"%s\": rc %d (%s)", line, rc, err);
    ck_assert_str_eq(e.name, name);
    ck_assert_int_eq(e.scheme, scheme);
    ck_assert_str_eq(e.secret, secret);
    users_entry_free(&e);
}

/* Parse a line that must be refused, with a message containing @p why. */
static void parse_bad(const char *line, const char *why)
{
    struct users_entry e;
    char err[USERS_ERRLEN] = "";
    ck_assert_msg(users_parse_line(line, &e, err, sizeof err) == -1,
                  "\"%s\" was accepted", line);
    ck_assert_msg(strstr(err, why) != NULL, "\"%s\": message \"%s\" lacks \"%s\"",
                  line, err, why);
    ck_assert_ptr_null(e.name);
}

START_TEST(plain_lines)
{
    parse_ok("alice:{PLAIN}secret", "alice", USERS_PLAIN, "secret");
    parse_ok("alice:{plain}secret", "alice", USERS_PLAIN, "secret");
    parse_ok("bob:{CLEAR}pw", "bob", USERS_PLAIN, "pw");
    parse_ok("bob:{CLEARTEXT}pw", "bob", USERS_PLAIN, "pw");
    parse_ok("carol:{PLAIN}", "carol", USERS_PLAIN, "");      /* empty password */
    parse_ok("dave:{PLAIN}a b#c{}", "dave", USERS_PLAIN, "a b#c{}");
    parse_ok("erin:{PLAIN}pw\r", "erin", USERS_PLAIN, "pw");  /* CRLF file */
}
END_TEST

START_TEST(extra_fields_are_ignored)
{
    parse_ok("erin:{PLAIN}pw:1000:1000::/home/erin::", "erin", USERS_PLAIN, "pw");
    parse_ok("frank:$6$salt$hash:::", "frank", USERS_CRYPT, "$6$salt$hash");
    parse_ok("gina::x:y", "gina", USERS_NONE, "");
}
END_TEST

START_TEST(crypt_lines)
{
    parse_ok("frank:$6$salt$hash", "frank", USERS_CRYPT, "$6$salt$hash");
    parse_ok("frank:{CRYPT}$6$salt$hash", "frank", USERS_CRYPT, "$6$salt$hash");
    parse_ok("frank:{SHA512-CRYPT}$6$s$h", "frank", USERS_CRYPT, "$6$s$h");
    parse_ok("frank:{SHA256-CRYPT}$5$s$h", "frank", USERS_CRYPT, "$5$s$h");
    parse_ok("frank:{MD5-CRYPT}$1$s$h", "frank", USERS_CRYPT, "$1$s$h");
    parse_ok("frank:{BLF-CRYPT}$2y$05$h", "frank", USERS_CRYPT, "$2y$05$h");
    parse_ok("mailonly:", "mailonly", USERS_NONE, "");
    parse_ok("user@example.test:{PLAIN}x", "user@example.test", USERS_PLAIN, "x");
}
END_TEST

START_TEST(comments_and_blank_lines)
{
    struct users_entry e;
    ck_assert_int_eq(users_parse_line("", &e, NULL, 0), 0);
    ck_assert_int_eq(users_parse_line("   \t ", &e, NULL, 0), 0);
    ck_assert_int_eq(users_parse_line("# alice:{PLAIN}x", &e, NULL, 0), 0);
    ck_assert_int_eq(users_parse_line("  # indented comment", &e, NULL, 0), 0);
    ck_assert_int_eq(users_parse_line("\r", &e, NULL, 0), 0);
}
END_TEST

START_TEST(malformed_lines)
{
    parse_bad("alice", "missing ':'");
    parse_bad(":{PLAIN}x", "bad user name");
    parse_bad(".hidden:{PLAIN}x", "bad user name");
    parse_bad("../etc:{PLAIN}x", "bad user name");
    parse_bad("a/b:{PLAIN}x", "bad user name");
    parse_bad("al ice:{PLAIN}x", "bad user name");
    parse_bad("al\tice:{PLAIN}x", "bad user name");
    parse_bad("alice:{ROT13}x", "unknown password scheme");
    parse_bad("alice:{PLAIN", "'{' without '}'");
    parse_bad("alice:{CRYPT}", "empty hash");
    parse_bad("alice:{SHA512-CRYPT}:1000", "empty hash");
}
END_TEST

START_TEST(valid_names)
{
    ck_assert_int_eq(users_valid_name("alice"), 1);
    ck_assert_int_eq(users_valid_name("a.b-c_d+e"), 1);
    ck_assert_int_eq(users_valid_name("user@example.test"), 1);
    ck_assert_int_eq(users_valid_name(""), 0);
    ck_assert_int_eq(users_valid_name(".."), 0);
    ck_assert_int_eq(users_valid_name("a/b"), 0);
    ck_assert_int_eq(users_valid_name("a\x7f"), 0);
    ck_assert_int_eq(users_valid_name("a\nb"), 0);
}
END_TEST

START_TEST(load_a_file)
{
    char err[USERS_ERRLEN] = "";
    const char *path = write_file("users",
        "# minimail users\n"
        "\n"
        "alice:{PLAIN}secret\n"
        "bob:$6$abc$def:1000:1000::/home/bob:/bin/sh\n"
        "  # comment\n"
        "Carol:\n"
        "dave:{PLAIN}no newline at end");
    struct users *u = users_load(path, err, sizeof err);
    ck_assert_msg(u != NULL, "%s", err);
    ck_assert_uint_eq(u->count, 4);
    ck_assert_str_eq(u->entries[0].name, "alice");
    ck_assert_str_eq(u->entries[1].secret, "$6$abc$def");
    ck_assert_str_eq(u->entries[3].secret, "no newline at end");
    ck_assert_ptr_eq(users_find(u, "alice"), &u->entries[0]);
    ck_assert_ptr_eq(users_find(u, "ALICE"), &u->entries[0]);
    ck_assert_ptr_eq(users_find(u, "carol"), &u->entries[2]);
    ck_assert_ptr_null(users_find(u, "alic"));
    ck_assert_ptr_null(users_find(u, "alicee"));
    ck_assert_ptr_null(users_find(u, ""));
    ck_assert_ptr_null(users_find(NULL, "alice"));
    users_free(u);
    users_free(NULL);
}
END_TEST

START_TEST(exact_case_wins)
{
    char err[USERS_ERRLEN] = "";
    const char *path = write_file("users", "Ann:{PLAIN}1\nann:{PLAIN}2\n");
    struct users *u = users_load(path, err, sizeof err);
    ck_assert_msg(u != NULL, "%s", err);
    ck_assert_str_eq(users_find(u, "ann")->secret, "2");
    ck_assert_str_eq(users_find(u, "Ann")->secret, "1");
    ck_assert_str_eq(users_find(u, "ANN")->secret, "1");   /* first by file order */
    users_free(u);
}
END_TEST

START_TEST(load_errors_name_file_and_line)
{
    char err[USERS_ERRLEN] = "", want[600];
    const char *path = write_file("bad", "# ok\nalice:{PLAIN}x\nbroken line\n");
    ck_assert_ptr_null(users_load(path, err, sizeof err));
    snprintf(want, sizeof want, "%s:3: missing ':' after the user name", path);
    ck_assert_str_eq(err, want);

    path = write_file("dup", "alice:{PLAIN}x\nbob:\nalice:{PLAIN}y\n");
    ck_assert_ptr_null(users_load(path, err, sizeof err));
    snprintf(want, sizeof want, "%s:3: user 'alice' named twice", path);
    ck_assert_str_eq(err, want);

    snprintf(want, sizeof want, "%s/missing", dir);
    ck_assert_ptr_null(users_load(want, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "No such file"));

    ck_assert_ptr_null(users_load(dir, err, sizeof err));   /* a directory */
    ck_assert_ptr_nonnull(strstr(err, dir));
}
END_TEST

START_TEST(nul_byte_in_file)
{
    char err[USERS_ERRLEN] = "", path[512];
    snprintf(path, sizeof path, "%s/nul", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fwrite("alice:{PLAIN}a\0b\n", 1, 17, f);
    fclose(f);
    ck_assert_ptr_null(users_load(path, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, ":1: NUL byte"));
}
END_TEST

START_TEST(plain_passwords)
{
    struct users_entry e;
    ck_assert_int_eq(users_parse_line("alice:{PLAIN}secret", &e, NULL, 0), 1);
    ck_assert_int_eq(users_check_password(&e, "secret"), 1);
    ck_assert_int_eq(users_check_password(&e, "Secret"), 0);
    ck_assert_int_eq(users_check_password(&e, "secre"), 0);
    ck_assert_int_eq(users_check_password(&e, "secrets"), 0);
    ck_assert_int_eq(users_check_password(&e, ""), 0);
    users_entry_free(&e);
    ck_assert_int_eq(users_parse_line("nopw:", &e, NULL, 0), 1);
    ck_assert_int_eq(users_check_password(&e, ""), 0);       /* never logs in */
    ck_assert_int_eq(users_check_password(&e, "x"), 0);
    users_entry_free(&e);
}
END_TEST

START_TEST(crypt_passwords)
{
    /* Make a SHA-512 crypt hash with a known salt, as `mkpasswd -m sha-512`
     * or `doveadm pw -s SHA512-CRYPT` would, and check against it. */
    const char *ch = crypt("s3cret", "$6$knownsalt$");
    ck_assert_ptr_nonnull(ch);
    char h[200];                     /* crypt() reuses its buffer: copy */
    snprintf(h, sizeof h, "%s", ch);
    ck_assert_msg(strncmp(h, "$6$knownsalt$", 13) == 0, "crypt gave %s", h);
    char line[256];
    struct users_entry e;
    snprintf(line, sizeof line, "bob:%s", h);
    ck_assert_int_eq(users_parse_line(line, &e, NULL, 0), 1);
    ck_assert_int_eq(users_check_password(&e, "s3cret"), 1);
    ck_assert_int_eq(users_check_password(&e, "s3cret "), 0);
    ck_assert_int_eq(users_check_password(&e, "wrong"), 0);
    users_entry_free(&e);
    snprintf(line, sizeof line, "bob:{SHA512-CRYPT}%s:1000:1000", h);
    ck_assert_int_eq(users_parse_line(line, &e, NULL, 0), 1);
    ck_assert_int_eq(users_check_password(&e, "s3cret"), 1);
    users_entry_free(&e);
    /* A field that is no hash at all never matches. */
    ck_assert_int_eq(users_parse_line("bob:{CRYPT}*", &e, NULL, 0), 1);
    ck_assert_int_le(users_check_password(&e, "*"), 0);
    users_entry_free(&e);
}
END_TEST

START_TEST(constant_time_compare)
{
    ck_assert_int_eq(users_equal_ct("abc", 3, "abc", 3), 1);
    ck_assert_int_eq(users_equal_ct("abc", 3, "abd", 3), 0);
    ck_assert_int_eq(users_equal_ct("abc", 3, "ab", 2), 0);
    ck_assert_int_eq(users_equal_ct("ab", 2, "abc", 3), 0);
    ck_assert_int_eq(users_equal_ct("", 0, "", 0), 1);
    ck_assert_int_eq(users_equal_ct("a\0b", 3, "a\0c", 3), 0);
    /* Equal prefixes with the second shorter: the missing octet is not 0. */
    ck_assert_int_eq(users_equal_ct("a\0", 2, "a", 1), 0);
}
END_TEST

static Suite *users_suite(void)
{
    Suite *s = suite_create("users");
    TCase *tc = tl_tcase("users");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, plain_lines);
    tcase_add_test(tc, extra_fields_are_ignored);
    tcase_add_test(tc, crypt_lines);
    tcase_add_test(tc, comments_and_blank_lines);
    tcase_add_test(tc, malformed_lines);
    tcase_add_test(tc, valid_names);
    tcase_add_test(tc, load_a_file);
    tcase_add_test(tc, exact_case_wins);
    tcase_add_test(tc, load_errors_name_file_and_line);
    tcase_add_test(tc, nul_byte_in_file);
    tcase_add_test(tc, plain_passwords);
    tcase_add_test(tc, crypt_passwords);
    tcase_add_test(tc, constant_time_compare);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(users_suite());
}
