/*
 * test-smtp-parse.c -- unit tests of src/smtp_parse.c (chapter 4,
 * smtp-session): command splitting, reverse- and forward-paths, ESMTP
 * parameters, EHLO domains.
 *
 * Most tests are tables: one row per input, with what the parser must
 * make of it.  The paths come from RFC 5321 §4.1.2 and §4.1.3 -- the odd
 * corners the grammar allows (quoted local parts, address literals,
 * source routes) and the mistakes real clients make (missing brackets,
 * spaces, trailing junk, over-long parts).
 */
#include "testlib.h"
#include "smtp_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- smtp_split_command ------------------------------------------------- */

START_TEST(split_verb_and_args)
{
    char line[] = "mail FROM:<a@b> SIZE=10";
    char *args;
    char *verb = smtp_split_command(line, &args);

    ck_assert_str_eq(verb, "MAIL");
    ck_assert_str_eq(args, "FROM:<a@b> SIZE=10");
}
END_TEST

START_TEST(split_verb_alone)
{
    char line[] = "qUiT";
    char *args;

    ck_assert_str_eq(smtp_split_command(line, &args), "QUIT");
    ck_assert_str_eq(args, "");
}
END_TEST

START_TEST(split_keeps_arg_spaces)
{
    char line[] = "NOOP  two spaces ";
    char *args;

    ck_assert_str_eq(smtp_split_command(line, &args), "NOOP");
    ck_assert_str_eq(args, " two spaces ");
}
END_TEST

START_TEST(split_empty_line)
{
    char line[] = "";
    char *args;

    ck_assert_str_eq(smtp_split_command(line, &args), "");
    ck_assert_str_eq(args, "");
}
END_TEST

/* ---- paths that parse ------------------------------------------------- */

struct good_path {
    const char *text;          /* input, starting at '<' */
    enum smtp_path_kind kind;
    const char *addr, *local, *domain;
    int is_null, is_postmaster, had_route;
};

static const struct good_path good_paths[] = {
    { "<user@example.org>", SMTP_PATH_FORWARD, "user@example.org", "user", "example.org", 0, 0, 0 },
    { "<user@example.org>", SMTP_PATH_REVERSE, "user@example.org", "user", "example.org", 0, 0, 0 },
    { "<>", SMTP_PATH_REVERSE, "", "", "", 1, 0, 0 },
    { "<first.last+tag@sub.example.org>", SMTP_PATH_FORWARD,
      "first.last+tag@sub.example.org", "first.last+tag", "sub.example.org", 0, 0, 0 },
    { "<!#$%&'*+-/=?^_`{|}~@x.y>", SMTP_PATH_FORWARD,
      "!#$%&'*+-/=?^_`{|}~@x.y", "!#$%&'*+-/=?^_`{|}~", "x.y", 0, 0, 0 },
    { "<Postmaster>", SMTP_PATH_FORWARD, "Postmaster", "Postmaster", "", 0, 1, 0 },
    { "<postmaster>", SMTP_PATH_FORWARD, "postmaster", "postmaster", "", 0, 1, 0 },
    { "<POSTMASTER@example.org>", SMTP_PATH_FORWARD, "POSTMASTER@example.org",
      "POSTMASTER", "example.org", 0, 0, 0 },
    /* quoted local parts (§4.1.2 Quoted-string): quotes removed in local */
    { "<\"john doe\"@example.org>", SMTP_PATH_FORWARD, "\"john doe\"@example.org",
      "john doe", "example.org", 0, 0, 0 },
    { "<\"a\\\"b\\\\c\"@example.org>", SMTP_PATH_FORWARD, "\"a\\\"b\\\\c\"@example.org",
      "a\"b\\c", "example.org", 0, 0, 0 },
    { "<\"<>@,;:\"@example.org>", SMTP_PATH_FORWARD, "\"<>@,;:\"@example.org",
      "<>@,;:", "example.org", 0, 0, 0 },
    { "<\"\"@example.org>", SMTP_PATH_FORWARD, "\"\"@example.org", "", "example.org", 0, 0, 0 },
    /* address literals (§4.1.3) */
    { "<user@[192.0.2.1]>", SMTP_PATH_FORWARD, "user@[192.0.2.1]", "user", "[192.0.2.1]", 0, 0, 0 },
    { "<user@[0.0.0.0]>", SMTP_PATH_FORWARD, "user@[0.0.0.0]", "user", "[0.0.0.0]", 0, 0, 0 },
    { "<user@[255.255.255.255]>", SMTP_PATH_FORWARD, "user@[255.255.255.255]", "user",
      "[255.255.255.255]", 0, 0, 0 },
    { "<user@[IPv6:2001:db8::1]>", SMTP_PATH_FORWARD, "user@[IPv6:2001:db8::1]", "user",
      "[IPv6:2001:db8::1]", 0, 0, 0 },
    { "<user@[ipv6:::1]>", SMTP_PATH_FORWARD, "user@[ipv6:::1]", "user", "[ipv6:::1]", 0, 0, 0 },
    { "<user@[IPv6:::ffff:192.0.2.1]>", SMTP_PATH_FORWARD, "user@[IPv6:::ffff:192.0.2.1]",
      "user", "[IPv6:::ffff:192.0.2.1]", 0, 0, 0 },
    { "<user@[x-tag:some-content]>", SMTP_PATH_FORWARD, "user@[x-tag:some-content]",
      "user", "[x-tag:some-content]", 0, 0, 0 },
    /* source routes (§4.1.1.3, Appendix C): accepted, route dropped */
    { "<@relay.example:user@example.org>", SMTP_PATH_FORWARD, "user@example.org", "user",
      "example.org", 0, 0, 1 },
    { "<@a.example,@b.example:user@example.org>", SMTP_PATH_REVERSE, "user@example.org",
      "user", "example.org", 0, 0, 1 },
    /* domains */
    { "<u@localhost>", SMTP_PATH_FORWARD, "u@localhost", "u", "localhost", 0, 0, 0 },
    { "<u@a-b.c0-9.example>", SMTP_PATH_FORWARD, "u@a-b.c0-9.example", "u", "a-b.c0-9.example",
      0, 0, 0 },
    { "<u@123.example>", SMTP_PATH_FORWARD, "u@123.example", "u", "123.example", 0, 0, 0 },
};

START_TEST(path_good)
{
    const struct good_path *g = &good_paths[_i];
    struct smtp_path p;
    size_t end = 0;
    enum smtp_parse_error err = smtp_parse_path(g->text, g->kind, &p, &end);

    ck_assert_msg(err == SMTP_PARSE_OK, "%s: error %d (%s)", g->text, err,
                  smtp_parse_strerror(err));
    ck_assert_uint_eq(end, strlen(g->text));
    ck_assert_str_eq(p.addr, g->addr);
    ck_assert_str_eq(p.local, g->local);
    ck_assert_str_eq(p.domain, g->domain);
    ck_assert_int_eq(p.is_null, g->is_null);
    ck_assert_int_eq(p.is_postmaster, g->is_postmaster);
    ck_assert_int_eq(p.had_route, g->had_route);
}
END_TEST

/* ---- paths that do not ------------------------------------------------ */

struct bad_path {
    const char *text;
    enum smtp_path_kind kind;
    enum smtp_parse_error err;
};

static const struct bad_path bad_paths[] = {
    { "user@example.org", SMTP_PATH_FORWARD, SMTP_PARSE_NO_BRACKET },
    { "<user@example.org", SMTP_PATH_FORWARD, SMTP_PARSE_NO_BRACKET },
    { "", SMTP_PATH_FORWARD, SMTP_PARSE_NO_BRACKET },
    { "<>", SMTP_PATH_FORWARD, SMTP_PARSE_EMPTY_PATH },
    { "<user>", SMTP_PATH_FORWARD, SMTP_PARSE_NO_AT },
    { "<postmaster>", SMTP_PATH_REVERSE, SMTP_PARSE_NO_AT },
    { "<\"postmaster\">", SMTP_PATH_FORWARD, SMTP_PARSE_NO_AT },
    { "<@relay.example:postmaster>", SMTP_PATH_FORWARD, SMTP_PARSE_NO_AT },
    { "<user@>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_ROUTE },
    { "< user@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<user @example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<user@ example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@example.org >", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@exa mple.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<.user@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<user.@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<us..er@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<us(er@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<\"unterminated@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<\"tab\there\"@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<\xc3\xa9t\xc3\xa9@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
    { "<user@example.org.>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@.example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@-example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@example-.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@exa_mple.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@example..org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_DOMAIN },
    { "<user@[192.0.2.256]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[192.0.2]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[192.0.2.1.5]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[0192.0.2.1]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[IPv6:2001:db8::g]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[IPv6:]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[192.0.2.1>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[tag:]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<user@[nocolon]>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LITERAL },
    { "<@relay.example user@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_ROUTE },
    { "<@relay.example,user@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_ROUTE },
    { "<@:user@example.org>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_ROUTE },
    { "<<user@example.org>>", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
};

START_TEST(path_bad)
{
    const struct bad_path *b = &bad_paths[_i];
    struct smtp_path p;
    size_t end = 0;
    enum smtp_parse_error err = smtp_parse_path(b->text, b->kind, &p, &end);

    ck_assert_msg(err == b->err, "%s: expected error %d (%s), got %d (%s)", b->text,
                  b->err, smtp_parse_strerror(b->err), err, smtp_parse_strerror(err));
}
END_TEST

/* ---- length limits (§4.5.3.1) ------------------------------------------- */

/* Build "<" + local + "@" + domain + ">" into buf. */
static void make_path(char *buf, size_t bufsz, size_t local_len, const char *domain)
{
    size_t n = 0;

    buf[n++] = '<';
    for (size_t i = 0; i < local_len; i++)
        buf[n++] = 'l';
    snprintf(buf + n, bufsz - n, "@%s>", domain);
}

START_TEST(local_part_64_ok_65_too_long)
{
    char buf[512];
    struct smtp_path p;
    size_t end;

    make_path(buf, sizeof buf, 64, "example.org");
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end), SMTP_PARSE_OK);
    ck_assert_uint_eq(strlen(p.local), 64);
    make_path(buf, sizeof buf, 65, "example.org");
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end),
                     SMTP_PARSE_LOCAL_TOO_LONG);
}
END_TEST

START_TEST(quoted_local_part_too_long)
{
    /* 64 octets counted as written: 2 quotes + 62 inside is the most */
    char buf[512];
    struct smtp_path p;
    size_t end;

    snprintf(buf, sizeof buf, "<\"%062d\"@example.org>", 0);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end), SMTP_PARSE_OK);
    snprintf(buf, sizeof buf, "<\"%063d\"@example.org>", 0);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end),
                     SMTP_PARSE_LOCAL_TOO_LONG);
}
END_TEST

START_TEST(label_63_ok_64_too_long)
{
    char domain[128], buf[512];
    struct smtp_path p;
    size_t end;

    memset(domain, 'd', 63);
    strcpy(domain + 63, ".example");
    make_path(buf, sizeof buf, 1, domain);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end), SMTP_PARSE_OK);
    memset(domain, 'd', 64);
    strcpy(domain + 64, ".example");
    make_path(buf, sizeof buf, 1, domain);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end),
                     SMTP_PARSE_DOMAIN_TOO_LONG);
}
END_TEST

/* A domain of n octets: labels of 49 'd's and dots, trimmed to n. */
static void make_domain(char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (i % 50 == 49) ? '.' : 'd';
    if (d[n - 1] == '.')
        d[n - 1] = 'e';
    d[n] = '\0';
}

START_TEST(domain_too_long)
{
    char domain[300], buf[600];
    struct smtp_path p;
    size_t end;

    make_domain(domain, 256);
    make_path(buf, sizeof buf, 1, domain);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end),
                     SMTP_PARSE_DOMAIN_TOO_LONG);
}
END_TEST

START_TEST(path_256_ok_257_too_long)
{
    /* "<" + 64 + "@" + domain + ">": 256 octets with a 189-octet domain */
    char domain[300], buf[600];
    struct smtp_path p;
    size_t end;

    make_domain(domain, 189);
    make_path(buf, sizeof buf, 64, domain);
    ck_assert_uint_eq(strlen(buf), 256);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end), SMTP_PARSE_OK);
    ck_assert_uint_eq(end, 256);
    make_domain(domain, 190);
    make_path(buf, sizeof buf, 64, domain);
    ck_assert_int_eq(smtp_parse_path(buf, SMTP_PATH_FORWARD, &p, &end),
                     SMTP_PARSE_PATH_TOO_LONG);
}
END_TEST

/* ---- ESMTP parameters --------------------------------------------------- */

START_TEST(params_none)
{
    char t[] = "";
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_params(t, &ps), SMTP_PARSE_OK);
    ck_assert_uint_eq(ps.n, 0);
}
END_TEST

START_TEST(params_key_value_and_case)
{
    /* Python's smtplib sends "size=" in lower case; keys are folded. */
    char t[] = "size=1000 Body=8BITMIME SMTPUTF8 x-Private=a+b/c";
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_params(t, &ps), SMTP_PARSE_OK);
    ck_assert_uint_eq(ps.n, 4);
    ck_assert_str_eq(ps.p[0].key, "SIZE");
    ck_assert_str_eq(ps.p[0].value, "1000");
    ck_assert_str_eq(ps.p[1].key, "BODY");
    ck_assert_str_eq(ps.p[1].value, "8BITMIME");
    ck_assert_str_eq(ps.p[2].key, "SMTPUTF8");
    ck_assert_ptr_null(ps.p[2].value);
    ck_assert_str_eq(ps.p[3].key, "X-PRIVATE");
    ck_assert_str_eq(ps.p[3].value, "a+b/c");
    ck_assert_ptr_nonnull(smtp_param_find(&ps, "BODY"));
    ck_assert_ptr_null(smtp_param_find(&ps, "RET"));
}
END_TEST

START_TEST(params_extra_spaces_tolerated)
{
    char t[] = "  SIZE=1   BODY=7BIT  ";
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_params(t, &ps), SMTP_PARSE_OK);
    ck_assert_uint_eq(ps.n, 2);
    ck_assert_str_eq(ps.p[1].value, "7BIT");
}
END_TEST

static const struct {
    const char *text;
    enum smtp_parse_error err;
} bad_params[] = {
    { "SIZE=1 size=2", SMTP_PARSE_DUP_PARAM },
    { "BODY=7BIT BODY=7BIT", SMTP_PARSE_DUP_PARAM },
    { "SIZE=", SMTP_PARSE_BAD_PARAM },
    { "=5", SMTP_PARSE_BAD_PARAM },
    { "-X=1", SMTP_PARSE_BAD_PARAM },
    { "SI_ZE=1", SMTP_PARSE_BAD_PARAM },
    { "SIZE==1", SMTP_PARSE_BAD_PARAM },
    { "SIZE=1=2", SMTP_PARSE_BAD_PARAM },
    { "SIZE=\t1", SMTP_PARSE_BAD_PARAM },
    { "SIZE=\xc3\xa9", SMTP_PARSE_BAD_PARAM },
    { "A B C D E F G H I J K L M N O P Q", SMTP_PARSE_TOO_MANY_PARAMS },
};

START_TEST(params_bad)
{
    char t[128];
    struct smtp_params ps;

    snprintf(t, sizeof t, "%s", bad_params[_i].text);
    ck_assert_msg(smtp_parse_params(t, &ps) == bad_params[_i].err, "%s",
                  bad_params[_i].text);
}
END_TEST

/* ---- MAIL / RCPT arguments ---------------------------------------------- */

START_TEST(mail_args)
{
    char t[] = "from:<a@b.example> SIZE=42";
    struct smtp_path p;
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_mail_rcpt(t, "FROM:", SMTP_PATH_REVERSE, &p, &ps),
                     SMTP_PARSE_OK);
    ck_assert_str_eq(p.addr, "a@b.example");
    ck_assert_uint_eq(ps.n, 1);
    ck_assert_str_eq(ps.p[0].key, "SIZE");
}
END_TEST

START_TEST(mail_null_sender)
{
    char t[] = "FROM:<>";
    struct smtp_path p;
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_mail_rcpt(t, "FROM:", SMTP_PATH_REVERSE, &p, &ps),
                     SMTP_PARSE_OK);
    ck_assert_int_eq(p.is_null, 1);
    ck_assert_uint_eq(ps.n, 0);
}
END_TEST

START_TEST(mail_space_after_colon_tolerated)
{
    char t[] = "FROM: <a@b.example>";
    struct smtp_path p;
    struct smtp_params ps;

    ck_assert_int_eq(smtp_parse_mail_rcpt(t, "FROM:", SMTP_PATH_REVERSE, &p, &ps),
                     SMTP_PARSE_OK);
    ck_assert_str_eq(p.addr, "a@b.example");
}
END_TEST

static const struct {
    const char *text, *keyword;
    enum smtp_path_kind kind;
    enum smtp_parse_error err;
} bad_args[] = {
    { "", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_KEYWORD },
    { "FROM", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_KEYWORD },
    { "FROM <a@b.example>", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_KEYWORD },
    { "TO:<a@b.example>", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_KEYWORD },
    { "FROM:a@b.example", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_BRACKET },
    { "FROM:", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_NO_BRACKET },
    { "FROM:<a@b.example>junk", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_TRAILING },
    { "FROM:<a@b.example> =x", "FROM:", SMTP_PATH_REVERSE, SMTP_PARSE_BAD_PARAM },
    { "TO:<>", "TO:", SMTP_PATH_FORWARD, SMTP_PARSE_EMPTY_PATH },
    { "TO:<a@b.example> SIZE=1 SIZE=1", "TO:", SMTP_PATH_FORWARD, SMTP_PARSE_DUP_PARAM },
    { "TO:<a b@c.example>", "TO:", SMTP_PATH_FORWARD, SMTP_PARSE_BAD_LOCAL },
};

START_TEST(mail_rcpt_bad)
{
    char t[128];
    struct smtp_path p;
    struct smtp_params ps;

    snprintf(t, sizeof t, "%s", bad_args[_i].text);
    ck_assert_msg(smtp_parse_mail_rcpt(t, bad_args[_i].keyword, bad_args[_i].kind, &p, &ps)
                      == bad_args[_i].err,
                  "%s", bad_args[_i].text);
}
END_TEST

/* ---- EHLO/HELO domains -------------------------------------------------- */

START_TEST(helo_domains)
{
    ck_assert(smtp_valid_domain_or_literal("client.example"));
    ck_assert(smtp_valid_domain_or_literal("localhost"));
    ck_assert(smtp_valid_domain_or_literal("[127.0.0.1]"));
    ck_assert(smtp_valid_domain_or_literal("[IPv6:::1]"));
    ck_assert(smtp_valid_domain_or_literal("MY_PC")); /* the documented leniency */
    ck_assert(!smtp_valid_domain_or_literal(""));
    ck_assert(!smtp_valid_domain_or_literal("two words"));
    ck_assert(!smtp_valid_domain_or_literal("bad..dots"));
    ck_assert(!smtp_valid_domain_or_literal("[300.0.0.1]"));
    ck_assert(!smtp_valid_domain_or_literal("trailing."));
    ck_assert(!smtp_valid_domain_or_literal("x@y"));
}
END_TEST

START_TEST(strerror_covers_all)
{
    for (int e = SMTP_PARSE_OK; e <= SMTP_PARSE_TOO_MANY_PARAMS; e++) {
        const char *m = smtp_parse_strerror((enum smtp_parse_error)e);
        ck_assert_ptr_nonnull(m);
        ck_assert(strcmp(m, "Syntax error") != 0);
    }
}
END_TEST

static Suite *smtp_parse_suite(void)
{
    Suite *s = suite_create("smtp_parse");
    TCase *tc;

    tc = tl_tcase("split");
    tcase_add_test(tc, split_verb_and_args);
    tcase_add_test(tc, split_verb_alone);
    tcase_add_test(tc, split_keeps_arg_spaces);
    tcase_add_test(tc, split_empty_line);
    suite_add_tcase(s, tc);

    tc = tl_tcase("paths");
    tcase_add_loop_test(tc, path_good, 0, (int)(sizeof good_paths / sizeof good_paths[0]));
    tcase_add_loop_test(tc, path_bad, 0, (int)(sizeof bad_paths / sizeof bad_paths[0]));
    suite_add_tcase(s, tc);

    tc = tl_tcase("limits");
    tcase_add_test(tc, local_part_64_ok_65_too_long);
    tcase_add_test(tc, quoted_local_part_too_long);
    tcase_add_test(tc, label_63_ok_64_too_long);
    tcase_add_test(tc, domain_too_long);
    tcase_add_test(tc, path_256_ok_257_too_long);
    suite_add_tcase(s, tc);

    tc = tl_tcase("params");
    tcase_add_test(tc, params_none);
    tcase_add_test(tc, params_key_value_and_case);
    tcase_add_test(tc, params_extra_spaces_tolerated);
    tcase_add_loop_test(tc, params_bad, 0, (int)(sizeof bad_params / sizeof bad_params[0]));
    suite_add_tcase(s, tc);

    tc = tl_tcase("mail_rcpt");
    tcase_add_test(tc, mail_args);
    tcase_add_test(tc, mail_null_sender);
    tcase_add_test(tc, mail_space_after_colon_tolerated);
    tcase_add_loop_test(tc, mail_rcpt_bad, 0, (int)(sizeof bad_args / sizeof bad_args[0]));
    tcase_add_test(tc, helo_domains);
    tcase_add_test(tc, strerror_covers_all);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(smtp_parse_suite());
}
