/*
 * test-search-parse.c -- unit tests of src/search_parse.c (chapter
 * changing-mail): every search key of RFC 3501 §6.4.4 in every argument
 * form (atom, quoted, literal), the trees the aliases become (NEW, OLD,
 * UNKEYWORD, FROM ...), cheapest-first ordering, CHARSET, dates, and bad
 * input: unknown keys, missing arguments, bad dates, OR with one operand,
 * nesting past SEARCH_DEPTH_MAX, huge sets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailflags.h"
#include "imap_date.h"
#include "search_parse.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One parse: the parser owns the nodes, so both live in the fixture. */
static struct imap_parser p;
static struct search_query q;
static char err[256];
static char *text;

static enum search_parse_result parse_n(const char *args, size_t len)
{
    search_free(&q);
    imap_parser_free(&p);
    free(text);
    text = malloc(len + 1);
    ck_assert_ptr_nonnull(text);
    memcpy(text, args, len + 1);
    imap_parser_init(&p, text, len);
    return search_parse(&p, &q, err, sizeof err);
}

/* Parse " ARGS" as the handler does, just after the word SEARCH. */
static enum search_parse_result parse(const char *args)
{
    return parse_n(args, strlen(args));
}

static void teardown(void)
{
    search_free(&q);
    imap_parser_free(&p);
    free(text);
    text = NULL;
}

#define PARSES(a) ck_assert_msg(parse(a) == SEARCH_PARSE_OK, "\"%s\" refused: %s", a, err)
#define BAD(a) ck_assert_msg(parse(a) == SEARCH_PARSE_BAD && err[0] != '\0', \
                             "\"%s\" not refused with BAD", a)

/* The only top-level key. */
static const struct search_key *only(void)
{
    ck_assert_ptr_nonnull(q.root);
    ck_assert_int_eq(q.root->kind, SEARCH_AND);
    ck_assert_ptr_nonnull(q.root->a);
    ck_assert_ptr_null(q.root->a->next);
    return q.root->a;
}

START_TEST(every_key)
{
    static const char *const forms[] = {
        " ALL", " ANSWERED", " BCC bob", " BEFORE 1-Feb-1994", " BODY word", " CC \"c d\"",
        " DELETED", " DRAFT", " FLAGGED", " FROM alice", " HEADER X-Spam yes", " KEYWORD $Junk",
        " LARGER 100", " NEW", " NOT SEEN", " OLD", " ON 01-Feb-1994", " OR SEEN DRAFT",
        " RECENT", " SEEN", " SENTBEFORE \"1-Feb-1994\"", " SENTON 1-Feb-1994",
        " SENTSINCE 1-Feb-1994", " SINCE 1-Feb-1994", " SMALLER 5", " SUBJECT hi", " TEXT x",
        " TO y", " UID 1:*", " UNANSWERED", " UNDELETED", " UNDRAFT", " UNFLAGGED",
        " UNKEYWORD $Junk", " UNSEEN", " 1:3,7,*", " (SEEN FLAGGED)", " *",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        PARSES(forms[i]);
}
END_TEST

START_TEST(case_insensitive)
{
    PARSES(" seen");
    ck_assert_int_eq(only()->kind, SEARCH_FLAG);
    PARSES(" oR Seen fLAGGED");
    ck_assert_int_eq(only()->kind, SEARCH_OR);
    PARSES(" before 1-FEB-1994");
    ck_assert_int_eq(only()->day, 8797);
}
END_TEST

START_TEST(flags_and_aliases)
{
    const struct search_key *k;

    PARSES(" UNSEEN");
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_FLAG);
    ck_assert_uint_eq(k->flag, MAILFLAG_SEEN);
    ck_assert_int_eq(k->flag_set, 0);
    PARSES(" DELETED");
    ck_assert_uint_eq(only()->flag, MAILFLAG_DELETED);
    ck_assert_int_eq(only()->flag_set, 1);

    PARSES(" OLD");                     /* NOT RECENT */
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_NOT);
    ck_assert_int_eq(k->a->kind, SEARCH_RECENT);

    PARSES(" NEW");                     /* (RECENT UNSEEN) */
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_AND);
    ck_assert_int_eq(k->a->kind, SEARCH_RECENT);
    ck_assert_int_eq(k->a->next->kind, SEARCH_FLAG);
    ck_assert_uint_eq(k->a->next->flag, MAILFLAG_SEEN);
    ck_assert_int_eq(k->a->next->flag_set, 0);

    PARSES(" UNKEYWORD $Junk");         /* NOT KEYWORD */
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_NOT);
    ck_assert_int_eq(k->a->kind, SEARCH_KEYWORD);
    ck_assert_int_eq(k->a->str_len, 5);
}
END_TEST

START_TEST(strings_in_every_form)
{
    const struct search_key *k;

    PARSES(" FROM alice");
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_HEADER);
    ck_assert_str_eq(k->field, "From");
    ck_assert_int_eq(k->str_len, 5);
    ck_assert(memcmp(k->str, "alice", 5) == 0);

    PARSES(" SUBJECT \"two \\\"words\\\"\"");
    k = only();
    ck_assert_str_eq(k->field, "Subject");
    ck_assert_int_eq(k->str_len, 11);
    ck_assert(memcmp(k->str, "two \"words\"", 11) == 0);

    PARSES(" BODY {5}\r\nx y\tz");          /* a literal may hold anything */
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_BODY);
    ck_assert_int_eq(k->str_len, 5);
    ck_assert(memcmp(k->str, "x y\tz", 5) == 0);

    PARSES(" CHARSET UTF-8 TEXT {6}\r\nGR\xc3\x9c\xc3\x9f");
    ck_assert_int_eq(q.utf8, 1);
    ck_assert_int_eq(only()->str_len, 6);
    /* ... and made ready for the scan once, folded (Ü's 9C is ü's BC). */
    ck_assert_int_eq(only()->needle.len, 6);
    ck_assert(memcmp(only()->needle.folded, "gr\xc3\xbc\xc3\x9f", 6) == 0);

    PARSES(" HEADER {10}\r\nMessage-ID \"<a@b>\"");
    k = only();
    ck_assert_str_eq(k->field, "Message-ID");
    ck_assert_int_eq(k->str_len, 5);

    PARSES(" TO \"\"");                 /* empty: any message with a To: */
    ck_assert_int_eq(only()->str_len, 0);

    PARSES(" HEADER Received \"\" SEEN");
    ck_assert_str_eq(q.root->a->next->field, "Received");
}
END_TEST

START_TEST(numbers_and_sets)
{
    const struct search_key *k;

    PARSES(" LARGER 4294967295");
    ck_assert_uint_eq(only()->size, 4294967295u);
    PARSES(" 1:4294967295");            /* a set of billions costs one range */
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_SEQSET);
    ck_assert_uint_eq(k->set.n, 1);
    PARSES(" UID 4294967295:1,*");
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_UIDSET);
    ck_assert_uint_eq(k->set.n, 2);
    BAD(" LARGER 4294967296");
    BAD(" LARGER -1");
    BAD(" LARGER x");
    BAD(" 1:4294967296");
    BAD(" 0");
    BAD(" 1,,2");
    BAD(" UID");
    BAD(" UID x");
    BAD(" UID 3:");
}
END_TEST

START_TEST(cheapest_first)
{
    const struct search_key *k;

    /* BODY (whole file), SINCE (metadata), FROM (header), SEEN (view):
     * evaluated as SEEN SINCE FROM BODY. */
    PARSES(" BODY x SINCE 1-Jan-2000 FROM y SEEN");
    k = q.root->a;
    ck_assert_int_eq(k->kind, SEARCH_FLAG);
    ck_assert_int_eq(k->next->kind, SEARCH_SINCE);
    ck_assert_int_eq(k->next->next->kind, SEARCH_HEADER);
    ck_assert_int_eq(k->next->next->next->kind, SEARCH_BODY);
    ck_assert_int_eq(q.root->cost, SEARCH_COST_FULL);

    PARSES(" OR TEXT x DRAFT");         /* the cheap operand first */
    k = only();
    ck_assert_int_eq(k->a->kind, SEARCH_FLAG);
    ck_assert_int_eq(k->b->kind, SEARCH_TEXT);
    ck_assert_int_eq(k->cost, SEARCH_COST_FULL);

    PARSES(" SEEN DRAFT FLAGGED");      /* equal costs keep their order */
    k = q.root->a;
    ck_assert_uint_eq(k->flag, MAILFLAG_SEEN);
    ck_assert_uint_eq(k->next->flag, MAILFLAG_DRAFT);
    ck_assert_uint_eq(k->next->next->flag, MAILFLAG_FLAGGED);
    ck_assert_int_eq(q.root->cost, SEARCH_COST_VIEW);
}
END_TEST

START_TEST(nesting)
{
    const struct search_key *k;

    PARSES(" (OR (FROM a NOT SEEN) (1:2 UID 5))");
    k = only();
    ck_assert_int_eq(k->kind, SEARCH_AND);
    ck_assert_int_eq(k->a->kind, SEARCH_OR);
    ck_assert_int_eq(k->a->a->kind, SEARCH_AND);
    BAD(" ()");
    BAD(" (SEEN");
    BAD(" SEEN)");
    BAD(" (SEEN  DRAFT)");
    BAD(" (SEEN)DRAFT");
}
END_TEST

/* A key nested @levels deep by @open (`NOT ` or `(`), then SEEN. */
static char *nested(const char *open, const char *close, int levels)
{
    size_t lo = strlen(open), lc = strlen(close);
    char *s = malloc((lo + lc) * (size_t)levels + 16), *e = s;
    *e++ = ' ';
    for (int i = 0; i < levels; i++, e += lo)
        memcpy(e, open, lo);
    memcpy(e, "SEEN", 4);
    e += 4;
    for (int i = 0; i < levels; i++, e += lc)
        memcpy(e, close, lc);
    *e = '\0';
    return s;
}

START_TEST(depth_limit)
{
    /* Top-level keys are level 1; each NOT, OR or ( adds one. */
    char *s = nested("NOT ", "", SEARCH_DEPTH_MAX - 1);
    PARSES(s);
    free(s);
    s = nested("NOT ", "", SEARCH_DEPTH_MAX);
    BAD(s);
    ck_assert_msg(strstr(err, "nested too deeply") != NULL, "%s", err);
    free(s);
    s = nested("(", ")", 100000);       /* no stack is spent on this */
    BAD(s);
    free(s);
    s = nested("OR DRAFT ", "", SEARCH_DEPTH_MAX + 10);
    BAD(s);
    free(s);
}
END_TEST

START_TEST(charset)
{
    PARSES(" CHARSET US-ASCII ALL");
    ck_assert_int_eq(q.utf8, 0);
    PARSES(" charset \"utf-8\" ALL");
    ck_assert_int_eq(q.utf8, 1);
    ck_assert_int_eq(parse(" CHARSET ISO-8859-1 ALL"), SEARCH_PARSE_BADCHARSET);
    ck_assert_int_eq(parse(" CHARSET KOI8-R SUBJECT x"), SEARCH_PARSE_BADCHARSET);
    BAD(" CHARSET");
    BAD(" CHARSET UTF-8");
    BAD(" CHARSET UTF-8 ");
}
END_TEST

/* Search strings are text in the CHARSET named (RFC 3501 §6.4.4), and
 * the server reads them as UTF-8 (US-ASCII is a subset of it).  Octets
 * that are no UTF-8 (RFC 3629 §4) are "arguments invalid": BAD.  Before,
 * they were searched as octets, and a needle that starts in the middle of
 * a character -- a lone continuation octet -- matched by where the fold
 * happened to apply: "\x96" did not find Ö (C3 96), "\xb6" did. */
START_TEST(strings_must_be_utf8)
{
    static const char *const bad[] = {
        "\x96",                        /* a continuation octet alone */
        "K\xc3",                       /* a letter cut short */
        "\xc3(",                       /* a lead octet without its continuation */
        "\xc0\xaf",                   /* overlong: `/` in two octets */
        "\xe0\x80\xaf",              /* overlong in three */
        "\xed\xa0\x80",              /* a UTF-16 surrogate, U+D800 */
        "\xf4\x90\x80\x80",         /* beyond U+10FFFF */
        "\xf8\x88\x80\x80\x80",    /* five octets: never UTF-8 */
        "\xff",
    };
    static const char *const keys[] = {
        " CHARSET UTF-8 BODY", " CHARSET UTF-8 SUBJECT", " TEXT", " CHARSET US-ASCII FROM",
        " CHARSET UTF-8 HEADER X-Tag", " SEEN OR TO x CC",
    };
    char cmd[128];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
            size_t n = strlen(bad[i]);
            int len = snprintf(cmd, sizeof cmd, "%s {%zu}\r\n%s", keys[j], n, bad[i]);
            ck_assert_msg(parse_n(cmd, (size_t)len) == SEARCH_PARSE_BAD && err[0] != '\0',
                          "%s with string %zu accepted", keys[j], i);
        }
    /* Every valid length, up to the last code point. */
    PARSES(" CHARSET UTF-8 BODY {13}\r\nK\xc3\xb6ln \xe2\x82\xac\xf0\x9f\x98\x80");
    PARSES(" CHARSET UTF-8 BODY {4}\r\n\xf4\x8f\xbf\xbf");
    PARSES(" CHARSET UTF-8 BODY {3}\r\n\xef\xbf\xbd");
}
END_TEST

START_TEST(bad_input)
{
    BAD("");
    BAD(" ");
    BAD(" FOO");
    ck_assert_msg(strstr(err, "Unknown search key FOO") != NULL, "%s", err);
    BAD(" SEEN FOO");
    BAD(" FROM");
    BAD(" FROM ");
    BAD(" HEADER");
    BAD(" HEADER Subject");
    BAD(" HEADER \"\" x");
    BAD(" NOT");
    BAD(" OR SEEN");
    BAD(" OR");
    BAD(" KEYWORD");
    BAD(" KEYWORD \\Seen");
    BAD(" SEEN  DRAFT");
    BAD(" SEEN ");
    BAD(" BODY {5}\r\nabc");            /* a literal shorter than its count */
    BAD(" BODY \"unterminated");
    BAD(" BEFORE");
    BAD(" BEFORE 31-Feb-2026");
    BAD(" BEFORE 29-Feb-2023");
    BAD(" BEFORE 1-Foo-2026");
    BAD(" BEFORE 2026-02-01");
    BAD(" BEFORE 1-Feb-26");
    BAD(" BEFORE 001-Feb-2026");
    BAD(" SINCE {11}\r\n1-Feb-2026x");
    BAD(" ON 0-Jan-2026");
}
END_TEST

START_TEST(dates)
{
    long d;

    ck_assert_int_eq(imap_day_number(1970, 1, 1), 0);
    ck_assert_int_eq(imap_day_number(1969, 12, 31), -1);
    ck_assert_int_eq(imap_day_number(2000, 3, 1), 11017);
    ck_assert_int_eq(imap_day_number(2026, 11, 27), 20784);
    ck_assert_int_eq(imap_day_number(1600, 2, 29), -135081);
    ck_assert_int_eq(imap_day_number(1, 1, 1), -719162);
    ck_assert_int_eq(imap_day_number(9999, 12, 31), 2932896);

    ck_assert_int_eq(search_parse_date("1-Feb-1994", 10, &d), 0);
    ck_assert_int_eq(d, 8797);
    ck_assert_int_eq(search_parse_date("01-feb-1994", 11, &d), 0);
    ck_assert_int_eq(d, 8797);
    ck_assert_int_eq(search_parse_date("29-Feb-2024", 11, &d), 0);
    ck_assert_int_eq(search_parse_date("29-Feb-2000", 11, &d), 0);
    ck_assert_int_eq(search_parse_date("29-Feb-1900", 11, &d), -1);
    ck_assert_int_eq(search_parse_date("31-Apr-2026", 11, &d), -1);
    ck_assert_int_eq(search_parse_date("1-Feb-1994x", 11, &d), -1);
    ck_assert_int_eq(search_parse_date("1-Feb-1994", 9, &d), -1);
    ck_assert_int_eq(search_parse_date("", 0, &d), -1);
    ck_assert_int_eq(search_parse_date("-Feb-1994", 9, &d), -1);

    ck_assert_int_eq(imap_month_number("jan", 3), 1);
    ck_assert_int_eq(imap_month_number("DEC", 3), 12);
    ck_assert_int_eq(imap_month_number("Dece", 4), 0);
    ck_assert_int_eq(imap_month_number("Xyz", 3), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("search_parse");
    TCase *tc = tl_tcase("search_parse");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, every_key);
    tcase_add_test(tc, case_insensitive);
    tcase_add_test(tc, flags_and_aliases);
    tcase_add_test(tc, strings_in_every_form);
    tcase_add_test(tc, numbers_and_sets);
    tcase_add_test(tc, cheapest_first);
    tcase_add_test(tc, nesting);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, charset);
    tcase_add_test(tc, strings_must_be_utf8);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, dates);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
