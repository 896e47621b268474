/*
 * test-search-eval.c -- unit tests of src/search_eval.c (chapter
 * changing-mail): every kind of key against a message held in memory,
 * with callbacks that count their calls -- so the tests also prove that
 * flag, UID and sequence keys read nothing, that header keys read the
 * header only, and that cheap keys spare the expensive ones.  Also the
 * matching rules: substrings, ASCII and Latin-1 case folding, encoded
 * words decoded, every field of a name, unfolding, dates in UTC and as
 * sent, sizes, and the three-valued logic when a message cannot be read.
 * Headers and Date: fields of several MiB, searched under a data limit
 * that a copy of them would break (the reader and date_prefix() are
 * bounded).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailflags.h"
#include "search_eval.h"
#include "search_parse.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* A message in memory, and how often each part of it was asked for. */
struct fake {
    const char *text;      /* CRLF form */
    size_t len;            /* its length; 0: strlen(text) (a text with a NUL sets it) */
    uint64_t size;
    time_t date;
    int readable;          /* 0: every callback fails (file gone) */
    int size_calls, date_calls, header_calls, message_calls;
};

/* The fake's length, and where its header ends (after the empty line):
 * by length, not strlen()/strstr(), so a text may hold NUL octets. */
static size_t f_len(const struct fake *f)
{
    return f->len != 0 ? f->len : strlen(f->text);
}

static size_t f_body(const struct fake *f)
{
    size_t n = f_len(f), i = 0;
    while (i + 4 <= n && memcmp(f->text + i, "\r\n\r\n", 4) != 0)
        i++;
    return i + 4 <= n ? i + 4 : n;
}

static int f_size(void *arg, uint64_t *size)
{
    struct fake *f = arg;
    f->size_calls++;
    *size = f->size;
    return f->readable ? 0 : -1;
}

static int f_date(void *arg, time_t *t)
{
    struct fake *f = arg;
    f->date_calls++;
    *t = f->date;
    return f->readable ? 0 : -1;
}

static int f_header(void *arg, const char **hdr, size_t *len)
{
    struct fake *f = arg;
    f->header_calls++;
    *hdr = f->text;
    *len = f_body(f);
    return f->readable ? 0 : -1;
}

static int f_message(void *arg, const char **msg, size_t *len, size_t *body)
{
    struct fake *f = arg;
    f->message_calls++;
    *msg = f->text;
    *len = f_len(f);
    *body = f_body(f);
    return f->readable ? 0 : -1;
}

static const char message[] =
    "Date: Tue, 1 Jul 2003 23:52:37 -0700\r\n"
    "From: Alice Example <alice@example.org>\r\n"
    "To: bob@example.net\r\n"
    "To: carol@example.com\r\n"
    "Subject: Quarterly\r\n"
    " report, =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
    "X-Greeting: Gr\xc3\xbc\xc3\x9f" "e\r\n"
    "Message-ID: <id-42@example.org>\r\n"
    "\r\n"
    "Hello Bob,\r\n"
    "the numbers are in.\r\n";

static struct fake fk;
static struct search_msg msg;
static struct search_source src = { f_size, f_date, f_header, f_message, &fk };

static void setup(void)
{
    memset(&fk, 0, sizeof fk);
    fk.text = message;
    fk.size = 1000;
    fk.date = (time_t)20784 * 86400 + 23 * 3600;    /* 27-Nov-2026 23:00 UTC */
    fk.readable = 1;
    msg.seq = 3;
    msg.uid = 30;
    msg.flags = MAILFLAG_SEEN | MAILFLAG_ANSWERED;
    msg.recent = 0;
    msg.count = 5;
    msg.max_uid = 50;
}

/* Evaluate " CRITERIA" against the fake message. */
static enum search_match eval(const char *criteria)
{
    struct imap_parser p;
    struct search_query q;
    char err[256];
    enum search_match r;

    imap_parser_init(&p, criteria, strlen(criteria));
    ck_assert_msg(search_parse(&p, &q, err, sizeof err) == SEARCH_PARSE_OK, "%s: %s",
                  criteria, err);
    r = search_match(q.root, &msg, &src);
    search_free(&q);
    imap_parser_free(&p);
    return r;
}

#define YES(c) ck_assert_msg(eval(c) == SEARCH_YES, "\"%s\" should match", c)
#define NO(c) ck_assert_msg(eval(c) == SEARCH_NO, "\"%s\" should not match", c)
#define NOTHING_READ() do { \
        ck_assert_int_eq(fk.size_calls + fk.date_calls, 0); \
        ck_assert_int_eq(fk.header_calls + fk.message_calls, 0); } while (0)

START_TEST(view_keys_read_nothing)
{
    YES(" ALL");
    YES(" SEEN");
    YES(" ANSWERED");
    NO(" UNSEEN");
    NO(" DELETED");
    YES(" UNDELETED UNDRAFT UNFLAGGED");
    NO(" FLAGGED");
    NO(" RECENT");
    YES(" OLD");
    NO(" NEW");
    NO(" KEYWORD $Junk");
    YES(" UNKEYWORD $Junk");
    YES(" 3");
    YES(" 1:2,3");
    NO(" 4:*");
    YES(" 1,3:2");
    YES(" 1:4294967295");
    NO(" 5");
    YES(" UID 30");
    NO(" UID 31:49");
    YES(" UID 1:4294967295");
    NOTHING_READ();
    msg.recent = 1;
    msg.flags = 0;
    YES(" NEW");
    YES(" RECENT UNSEEN");
    NO(" OLD");
    msg.seq = msg.count = 5;            /* `*` is the last message */
    YES(" *");
    YES(" 9:*");
    msg.uid = msg.max_uid = 50;         /* `N:*` holds the highest UID even when N > it */
    YES(" UID 70:*");
    YES(" UID *");
    NOTHING_READ();
    /* A cheap "no" spares the expensive keys of an AND. */
    NO(" DRAFT BODY numbers FROM alice");
    NOTHING_READ();
}
END_TEST

START_TEST(header_keys_read_the_header_only)
{
    YES(" FROM alice");
    YES(" FROM ALICE@EXAMPLE.ORG");
    YES(" FROM \"Alice Example\"");
    NO(" FROM bob");
    YES(" TO carol");                   /* the second To: field counts too */
    YES(" TO bob");
    NO(" CC bob");
    NO(" BCC bob");
    YES(" SUBJECT \"quarterly report\""); /* unfolded */
    NO(" SUBJECT subject");             /* the value, not the field name */
    YES(" HEADER message-id <id-42@example.org>");
    YES(" HEADER X-Greeting \"\"");     /* the field exists */
    NO(" HEADER X-Missing \"\"");
    YES(" OR CC \"\" TO \"\"");
    NO(" CC \"\"");
    ck_assert_int_eq(fk.message_calls, 0);
    ck_assert_int_eq(fk.size_calls + fk.date_calls, 0);
    ck_assert_int_gt(fk.header_calls, 0);
}
END_TEST

START_TEST(non_ascii)
{
    /* UTF-8 octets: ASCII and Latin-1 letters fold, others match exactly. */
    YES(" CHARSET UTF-8 HEADER X-Greeting {6}\r\nGr\xc3\xbc\xc3\x9f");
    YES(" CHARSET UTF-8 HEADER X-Greeting {7}\r\ngR\xc3\xbc\xc3\x9f" "E");
    YES(" CHARSET UTF-8 HEADER X-Greeting {6}\r\nGR\xc3\x9c\xc3\x9f");  /* Ü is ü */
    NO(" CHARSET UTF-8 HEADER X-Greeting {4}\r\nGR\xc5\xb8");           /* Ÿ is no ü */
    /* Encoded words are decoded (RFC 2047), and not found as written. */
    NO(" SUBJECT =?utf-8?q?Gr=C3=BC");
    YES(" CHARSET UTF-8 SUBJECT {6}\r\nGr\xc3\xbc\xc3\x9f");
    YES(" CHARSET UTF-8 SUBJECT {15}\r\nreport, GR\xc3\x9c\xc3\x9f" "e");
    ck_assert_int_eq(fk.message_calls, 0);
}
END_TEST

/* A NUL octet in a field value (RFC 5322 §2.2 forbids it; broken mailers
 * write it, and servers receive it): RFC 3501 §6.4.4 matches the field's
 * content, all of it -- the text after the NUL too.  Once the unfolded
 * value went through strlen(), which stopped at the NUL. */
static const char nul_message[] =
    "From: alice@example.org\r\n"
    "Subject: broken\0mailer wrote\r\n this\r\n"
    "X-Tail: \0hidden =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
    "\r\n"
    "body\0after the NUL\r\n";

START_TEST(nul_in_a_header_value)
{
    fk.text = nul_message;
    fk.len = sizeof nul_message - 1;
    YES(" SUBJECT broken");
    YES(" SUBJECT \"mailer wrote this\"");  /* after the NUL, unfolded */
    YES(" HEADER X-Tail hidden");
    YES(" CHARSET UTF-8 HEADER X-Tail {6}\r\ngr\xc3\x9c\xc3\x9f");  /* decoded after it */
    NO(" SUBJECT absent");
    YES(" BODY \"after the NUL\"");
    YES(" TEXT \"mailer wrote\"");
}
END_TEST

/* Cap this process's data (RLIMIT_DATA: the heap and private mappings,
 * Linux 4.7 and later) at what it uses now plus @extra octets, so that a
 * giant allocation fails instead of succeeding quietly.  Check runs each
 * test in a child process: the cap ends with the test.  Not under
 * AddressSanitizer, whose shadow memory is counted too. */
static void cap_data(size_t extra)
{
#ifndef __SANITIZE_ADDRESS__
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned long kb = 0;

    if (f == NULL)
        return;                         /* no /proc: no cap, the answers are still checked */
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmData: %lu kB", &kb) == 1)
            break;
    fclose(f);
    if (kb > 0) {
        struct rlimit rl = { kb * 1024 + extra, kb * 1024 + extra };
        ck_assert_int_eq(setrlimit(RLIMIT_DATA, &rl), 0);
    }
#else
    (void)extra;
#endif
}

/* A hostile header of several MiB: one Subject of a quarter of a million
 * folded encoded words, then a hundred thousand fields.  SUBJECT and
 * TEXT decode it a piece at a time (rfc2047.h's reader, in fixed memory:
 * test-rfc2047's reader_huge_header) and still find words that span the
 * folds -- adjacent encoded words join (RFC 2047 §6.2) -- and the last
 * field. */
START_TEST(several_mib_of_header)
{
    static const char word[] = "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n ";
    static const char field[] = "X-Many: =?UTF-8?Q?a?=\r\n";
    static const char tail[] = "=?UTF-8?Q?zep?=\r\n =?UTF-8?Q?pelin?=\r\n";
    static const char last[] = "X-Last: needle-=?UTF-8?Q?=C3=BC?=\r\n\r\nbody\r\n";
    size_t nwords = 250000, nfields = 100000, o = 9;
    size_t len = o + nwords * (sizeof word - 1) + sizeof tail - 1
                 + nfields * (sizeof field - 1) + sizeof last - 1;
    char *m = malloc(len + 1);

    ck_assert_ptr_nonnull(m);
    memcpy(m, "Subject: ", o);
    for (size_t i = 0; i < nwords; i++, o += sizeof word - 1)
        memcpy(m + o, word, sizeof word - 1);
    memcpy(m + o, tail, sizeof tail - 1);
    o += sizeof tail - 1;
    for (size_t i = 0; i < nfields; i++, o += sizeof field - 1)
        memcpy(m + o, field, sizeof field - 1);
    memcpy(m + o, last, sizeof last);
    ck_assert_uint_eq(o + sizeof last - 1, len);
    ck_assert_uint_gt(len, 9u << 20);
    fk.text = m;
    fk.len = len;
    /* Decoded whole, the header would need 3 * 10 MiB at once (and the
     * Subject, unfolded then decoded, 4 * 7 MiB): a cap of 8 MiB more
     * than the message makes that fail, and SEARCH answer "unknown". */
    cap_data(8u << 20);
    YES(" CHARSET UTF-8 SUBJECT {7}\r\n\xc3\x9f" "eGr\xc3\xbc");  /* across a fold */
    YES(" SUBJECT ezeppelin");              /* the last two words, joined */
    NO(" SUBJECT \"e zep\"");
    NO(" SUBJECT absent");
    YES(" HEADER X-Last needle-");
    YES(" CHARSET UTF-8 TEXT {9}\r\nneedle-\xc3\xbc");
    YES(" TEXT ezeppelin");
    NO(" TEXT absent");
    NO(" BODY zeppelin");
    free(m);
}
END_TEST

START_TEST(body_and_text)
{
    YES(" BODY \"NUMBERS ARE\"");
    NO(" BODY Quarterly");              /* in the header only */
    YES(" TEXT Quarterly");
    YES(" TEXT \"numbers are in\"");
    YES(" BODY {7}\r\nBob,\r\nt");      /* CRLF form, line ends included */
    NO(" TEXT absent");
    YES(" BODY \"\"");
    ck_assert_int_gt(fk.message_calls, 0);
}
END_TEST

START_TEST(dates)
{
    /* INTERNALDATE is 27-Nov-2026 23:00 UTC. */
    YES(" ON 27-Nov-2026");
    NO(" ON 28-Nov-2026");
    YES(" SINCE 27-Nov-2026");
    NO(" SINCE 28-Nov-2026");
    YES(" BEFORE 28-Nov-2026");
    NO(" BEFORE 27-Nov-2026");
    ck_assert_int_eq(fk.header_calls + fk.message_calls, 0);
    /* Date: is 1-Jul-2003 23:52 -0700, which is 2-Jul in UTC: the day
     * as written counts. */
    YES(" SENTON 1-Jul-2003");
    NO(" SENTON 2-Jul-2003");
    YES(" SENTSINCE 1-Jul-2003");
    YES(" SENTBEFORE 2-Jul-2003");
    NO(" SENTBEFORE 1-Jul-2003");
    ck_assert_int_eq(fk.message_calls, 0);
    fk.date = -1;                       /* 31-Dec-1969 23:59:59 */
    YES(" ON 31-Dec-1969");
}
END_TEST

START_TEST(sent_day_forms)
{
    long d;

    ck_assert_int_eq(search_sent_day("Tue, 1 Jul 2003 10:52:37 +0200", &d), 0);
    ck_assert_int_eq(d, 12234);
    ck_assert_int_eq(search_sent_day("1 jul 2003 10:52 GMT", &d), 0);
    ck_assert_int_eq(d, 12234);
    ck_assert_int_eq(search_sent_day("  Tue,  01  Jul  03 10:52:37 +0200", &d), 0);
    ck_assert_int_eq(d, 12234);
    ck_assert_int_eq(search_sent_day("Fri, 1 Feb 94 00:00 EST", &d), 0);
    ck_assert_int_eq(d, 8797);
    ck_assert_int_eq(search_sent_day("1 Feb 094", &d), 0);
    ck_assert_int_eq(d, 8797);
    ck_assert_int_eq(search_sent_day("yesterday", &d), -1);
    ck_assert_int_eq(search_sent_day("", &d), -1);
    ck_assert_int_eq(search_sent_day("1 Foo 2003", &d), -1);
    ck_assert_int_eq(search_sent_day("1 Jul", &d), -1);
    ck_assert_int_eq(search_sent_day("0 Jul 2003", &d), -1);
    /* A day its month does not have is no date: "31 Feb 2003" counted
     * as 3 Mar 2003 (the day number runs on), so SENTON 3-Mar-2003
     * found it. */
    ck_assert_int_eq(search_sent_day("Mon, 31 Feb 2003 10:00 +0000", &d), -1);
    ck_assert_int_eq(search_sent_day("29 Feb 2003", &d), -1);
    ck_assert_int_eq(search_sent_day("31 Apr 2003", &d), -1);
    ck_assert_int_eq(search_sent_day("29 Feb 2004", &d), 0);     /* a leap year */
    ck_assert_int_eq(d, 12477);
    ck_assert_int_eq(search_sent_day("29 Feb 00", &d), 0);       /* 2000 */
}
END_TEST

START_TEST(no_or_bad_date_header)
{
    fk.text = "Subject: x\r\nDate: someday\r\n\r\nbody\r\n";
    NO(" SENTON 1-Jul-2003");
    NO(" SENTBEFORE 1-Jan-2100");
    NO(" SENTSINCE 1-Jan-1900");
    fk.text = "Subject: x\r\n\r\nbody\r\n";
    NO(" SENTSINCE 1-Jan-1900");
}
END_TEST

/* Set fk to a message whose header is @head (NUL octets allowed). */
static char *message_with(const char *head, size_t hlen)
{
    static const char rest[] = "\r\nSubject: x\r\n\r\nbody\r\n";
    char *m = malloc(hlen + sizeof rest);

    ck_assert_ptr_nonnull(m);
    memcpy(m, head, hlen);
    memcpy(m + hlen, rest, sizeof rest);
    fk.text = m;
    fk.len = hlen + sizeof rest - 1;
    return m;
}

#define DATE_IS(lit, yes) do { \
        char *m_ = message_with(lit, sizeof lit - 1); \
        ck_assert_msg(eval(" SENTON 1-Jul-2003") == ((yes) ? SEARCH_YES : SEARCH_NO), \
                      "%s", lit); \
        free(m_); } while (0)

/* SENT* read the first Date: field as msg_unfold() gives it -- unfolded,
 * ending at a NUL -- but from a few octets of it, not a copy of it all:
 * the same answers, and a Date: of several MiB costs nothing more. */
START_TEST(date_fields_of_any_size)
{
    DATE_IS("Date: Tue, 1 Jul 2003 10:52:37 +0200", 1);
    DATE_IS("Date: \r\n Tue,\r\n 01\r\n\t Jul \t  03 10:52", 1);
    DATE_IS("Date: 1\r\n Jul\r\n 2003", 1);
    DATE_IS("Date: 1 J\r\n ul 2003", 0);                 /* unfolding keeps the blank */
    DATE_IS("Date:1\tJul\t2003", 1);
    DATE_IS("Date: Tue junk, junk, 1 Jul 2003", 0);      /* the first comma counts */
    DATE_IS("Date: Tue junk 1 Jul 2003", 0);             /* no comma */
    DATE_IS("Date: 1 Jul\0 2003", 0);                    /* the string ends at the NUL */
    DATE_IS("Date: Tue\0, 1 Jul 2003", 0);
    DATE_IS("Date: \0 1 Jul 2003", 0);
    DATE_IS("Date:\r\nDate: 1 Jul 2003", 0);             /* the first Date: only */
    DATE_IS("X-Date: 1 Jul 2003", 0);

    /* Several MiB before the date, under a data limit a copy would break
     * (both messages made first: the limit is for SEARCH). */
    size_t n = 1u << 20, o1, o2;
    char *a = malloc(4 * n + 64), *b = malloc(6 * n + 64);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    memcpy(a, "Date: Tue", 9);
    for (o1 = 9; o1 < 9 + 4 * n; o1 += 4)
        memcpy(a + o1, "\r\n x", 4);                    /* a million folds of junk */
    memcpy(a + o1, ", 1 Jul 2003", 12);
    memcpy(b, "Date: ", 6);
    for (o2 = 6; o2 < 6 + 6 * n; o2 += 3)
        memcpy(b + o2, "\r\n ", 3);                     /* two million empty folds */
    memcpy(b + o2, "1 Jul 2003", 10);
    cap_data(1u << 20);
    fk.text = a;
    fk.len = o1 + 12;
    YES(" SENTON 1-Jul-2003");
    fk.text = b;
    fk.len = o2 + 10;
    YES(" SENTON 1-Jul-2003");
    NO(" SENTON 2-Jul-2003");
    free(a);
    free(b);
}
END_TEST

START_TEST(sizes)
{
    YES(" LARGER 999");
    NO(" LARGER 1000");
    YES(" SMALLER 1001");
    NO(" SMALLER 1000");
    ck_assert_int_eq(fk.header_calls + fk.message_calls, 0);
    ck_assert_int_eq(fk.size_calls, 4);
}
END_TEST

START_TEST(logic)
{
    YES(" OR FLAGGED SEEN");
    NO(" OR FLAGGED DRAFT");
    YES(" NOT OR FLAGGED DRAFT");
    YES(" (SEEN ANSWERED) NOT (SEEN DRAFT)");
    NO(" (SEEN ANSWERED) (SEEN DRAFT)");
    YES(" OR (DRAFT FROM alice) (ANSWERED TO carol)");
    YES(" NOT NOT SEEN");
}
END_TEST

START_TEST(unreadable_is_unknown)
{
    fk.readable = 0;                    /* the file went away */
    ck_assert_int_eq(eval(" FROM alice"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" NOT FROM alice"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" OR SEEN FROM alice"), SEARCH_YES);
    ck_assert_int_eq(eval(" OR DRAFT FROM alice"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" DRAFT BODY x"), SEARCH_NO);
    ck_assert_int_eq(eval(" SEEN BODY x"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" LARGER 1"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" SINCE 1-Jan-1970"), SEARCH_UNKNOWN);
    ck_assert_int_eq(eval(" SEEN"), SEARCH_YES);
}
END_TEST

START_TEST(contains)
{
    ck_assert_int_eq(search_contains("Hello", 5, "", 0), 1);
    ck_assert_int_eq(search_contains("", 0, "", 0), 1);
    ck_assert_int_eq(search_contains("", 0, "a", 1), 0);
    ck_assert_int_eq(search_contains("Hello", 5, "LLO", 3), 1);
    ck_assert_int_eq(search_contains("Hello", 5, "hello!", 6), 0);
    ck_assert_int_eq(search_contains("aaab", 4, "aab", 3), 1);
    ck_assert_int_eq(search_contains("a\0b", 3, "\0B", 2), 1);
    ck_assert_int_eq(search_contains("[x]", 3, "{X}", 3), 0);  /* no folding beyond A-Z */
    ck_assert_int_eq(search_contains("@", 1, "`", 1), 0);
}
END_TEST

/* The work a search does must grow with the text plus the needle, not
 * with their product.  A needle may be a literal of 64 KiB (chapter 8's
 * limit) and a message 256 MiB: trying every start, and at each start up
 * to the whole needle, is 2^24 times 2^16 steps for one message -- a
 * client could stop the server for hours with one command.  Here: 4 MiB
 * of `a` and a needle of 64 KiB of `a` then `b`, the worst case for that
 * way (every start fails at the needle's last octet): 2^38 steps, hours,
 * against some 2^23 for a scan that never goes back.  Check's limit for
 * a test (tl_tcase(): over a minute) separates the two by a factor of
 * thousands, so this is not a timing test: a linear search passes in
 * milliseconds even under a sanitizer on a loaded machine. */
START_TEST(contains_in_linear_time)
{
    size_t hlen = 4u << 20, nlen = 64u << 10;
    char *hay = malloc(hlen), *needle = malloc(nlen);

    ck_assert_ptr_nonnull(hay);
    ck_assert_ptr_nonnull(needle);
    memset(hay, 'a', hlen);
    memset(needle, 'A', nlen - 1);
    needle[nlen - 1] = 'b';
    ck_assert_int_eq(search_contains(hay, hlen, needle, nlen), 0);
    hay[hlen - 1] = 'B';                    /* now the last 64 KiB are the needle */
    ck_assert_int_eq(search_contains(hay, hlen, needle, nlen), 1);
    free(hay);
    free(needle);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("search_eval");
    TCase *tc = tl_tcase("search_eval");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, view_keys_read_nothing);
    tcase_add_test(tc, header_keys_read_the_header_only);
    tcase_add_test(tc, non_ascii);
    tcase_add_test(tc, nul_in_a_header_value);
    tcase_add_test(tc, several_mib_of_header);
    tcase_add_test(tc, body_and_text);
    tcase_add_test(tc, dates);
    tcase_add_test(tc, sent_day_forms);
    tcase_add_test(tc, no_or_bad_date_header);
    tcase_add_test(tc, date_fields_of_any_size);
    tcase_add_test(tc, sizes);
    tcase_add_test(tc, logic);
    tcase_add_test(tc, unreadable_is_unknown);
    tcase_add_test(tc, contains);
    tcase_add_test(tc, contains_in_linear_time);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
