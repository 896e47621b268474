/*
 * test-imapd-search.c -- SEARCH and UID SEARCH of chapter 11's
 * minimail-imapd (chapter changing-mail) on loopback, over a temporary
 * Maildir of four real messages: every search key, sequence and UID
 * sets, NOT/OR/parentheses, CHARSET (and BADCHARSET), strings as atoms,
 * quoted strings and literals (with the `+` continuation and LITERAL+),
 * INTERNALDATE from the file's time, RFC822.SIZE from the file (and from
 * its `,W=` name), bad input answered BAD with the session alive, and
 * RFC 3501 §7.4.1: no `* n EXPUNGE` while a SEARCH is answered.
 */
#include "imapd-util.h"
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

static struct imapd D;

/* The four messages, in UID order.  2 has two To: fields, 1 a folded
 * Subject, 3 8-bit UTF-8 in a header and a base64 body, no Date:. */
static const char *const msgs[] = {
    "Date: Tue, 1 Jul 2003 10:52:37 +0200\n"
    "From: Alice Example <alice@example.org>\n"
    "To: bob@example.net\n"
    "Subject: Quarterly\n report\n"
    "Message-ID: <m1@example.org>\n"
    "\n"
    "The numbers are in.\n",

    "Date: Wed, 2 Jul 2003 09:00:00 +0000\n"
    "From: carol@example.com\n"
    "To: alice@example.org\n"
    "To: dave@example.net\n"
    "Cc: erin@example.org\n"
    "Subject: Lunch\n"
    "Message-ID: <m2@example.org>\n"
    "\n"
    "Pizza at noon?\n",

    "From: Frank <frank@example.net>\n"
    "To: alice@example.org\n"
    "Bcc: secret@example.org\n"
    "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n"
    "X-Raw: Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "SGlkZGVuIHdvcmQ=\n",               /* "Hidden word" */

    "From: gina@example.org\n"
    "Subject: big\n"
    "\n"
    "line one\nline two\nline three\n",
};

/* INTERNALDATEs (file modification times, UTC); 0 = now. */
static const time_t dates[] = {
    1057060800,                         /* 1-Jul-2003 12:00 UTC */
    1263556800,                         /* 15-Jan-2010 12:00 UTC */
    0, 0,
};

/* RFC822.SIZE of message @i: LF line ends count two. */
static size_t crlf_size(int i)
{
    size_t n = strlen(msgs[i]);
    for (const char *p = msgs[i]; *p; p++)
        n += *p == '\n';
    return n;
}

/* Put message @i into new/ as a delivery agent does, with a name that
 * sorts in order (so it gets UID i+1), the file time dates[i], and for
 * the last one the `,S=` and `,W=` sizes chapter 5 writes into names.
 * (imapd_drop_text() chooses neither name nor time.) */
static void put_message(int i)
{
    char name[128], tmpf[1024], newf[1024];
    FILE *f;

    snprintf(name, sizeof name, "1800000%03d.M%dP%d.search", i, i, (int)getpid());
    if (i == 3)
        snprintf(name + strlen(name), sizeof name - strlen(name), ",S=%zu,W=%zu",
                 strlen(msgs[i]), crlf_size(i));
    snprintf(tmpf, sizeof tmpf, "%s/alice/tmp/%s", D.root, name);
    snprintf(newf, sizeof newf, "%s/alice/new/%s", D.root, name);
    ck_assert_ptr_nonnull(f = fopen(tmpf, "w"));
    fputs(msgs[i], f);
    ck_assert_int_eq(fclose(f), 0);
    if (dates[i] != 0) {
        struct timespec ts[2] = { { dates[i], 0 }, { dates[i], 0 } };
        ck_assert_int_eq(utimensat(AT_FDCWD, tmpf, ts, 0), 0);
    }
    ck_assert_int_eq(rename(tmpf, newf), 0);
}

static void setup(void)
{
    imapd_prepare(&D, IMAPD);
    imapd_make_maildir(D.root, "alice");
    for (int i = 0; i < 4; i++)
        put_message(i);
    imapd_start(&D, NULL);
}

static void teardown(void)
{
    imapd_down(&D);
}



#define S(cmd, want) imap_expect_search(fd, "SEARCH " cmd, want)
#define U(cmd, want) imap_expect_search(fd, "UID SEARCH " cmd, want)

/* `TAG COMMAND` must be answered BAD (the session lives: see callers). */
static void expect_bad(int fd, const char *command)
{
    const char *t = imap_cmd(fd, "B", command, NULL);
    ck_assert_msg(strncmp(t, "B BAD ", 6) == 0, "%s: not BAD: %s", command, t);
}

START_TEST(header_keys)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    S("ALL", "* SEARCH 1 2 3 4");
    S("FROM alice", "* SEARCH 1");
    S("from ALICE@EXAMPLE.ORG", "* SEARCH 1");
    S("FROM \"Alice Example\"", "* SEARCH 1");
    S("TO alice", "* SEARCH 2 3");
    S("TO dave", "* SEARCH 2");         /* the second To: field */
    S("CC erin", "* SEARCH 2");
    S("BCC secret", "* SEARCH 3");
    S("SUBJECT \"quarterly report\"", "* SEARCH 1");   /* unfolded */
    S("SUBJECT subject", "* SEARCH");   /* values, not names */
    S("HEADER Message-ID <m2@example.org>", "* SEARCH 2");
    S("HEADER message-id \"\"", "* SEARCH 1 2");
    S("HEADER X-Raw \"\"", "* SEARCH 3");
    S("SUBJECT =?utf-8?q?Gr", "* SEARCH");              /* decoded, not as written */
    S("TO nobody", "* SEARCH");
    close(fd);
}
END_TEST

START_TEST(body_keys)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    S("BODY numbers", "* SEARCH 1");
    S("BODY \"PIZZA AT\"", "* SEARCH 2");
    S("BODY quarterly", "* SEARCH");    /* in the header only */
    S("TEXT quarterly", "* SEARCH 1");
    S("TEXT \"line two\"", "* SEARCH 4");
    S("BODY hidden", "* SEARCH 3");     /* a base64 text part is decoded */
    S("BODY SGlkZGVu", "* SEARCH");     /* ... and not searched as written */
    S("TEXT example", "* SEARCH 1 2 3 4");
    close(fd);
}
END_TEST

START_TEST(date_and_size_keys)
{
    char cmd[128], want[64];
    int fd = imap_select_inbox(&D.p, "alice", "secret");

    S("SENTON 1-Jul-2003", "* SEARCH 1");
    S("SENTSINCE 2-Jul-2003", "* SEARCH 2");
    S("SENTBEFORE 2-Jul-2003", "* SEARCH 1");          /* 3 and 4 have no Date: */
    S("SENTSINCE 1-Jan-1990", "* SEARCH 1 2");
    S("BEFORE 1-Jan-2004", "* SEARCH 1");
    S("ON 1-Jul-2003", "* SEARCH 1");
    S("ON \"15-Jan-2010\"", "* SEARCH 2");
    S("SINCE 16-Jan-2010", "* SEARCH 3 4");
    S("SINCE 1-Jan-2000 BEFORE 1-Jan-2011", "* SEARCH 1 2");

    /* Message 1's size comes from the file, message 4's from ,W=. */
    for (int i = 0; i < 4; i += 3) {
        snprintf(cmd, sizeof cmd, "SEARCH LARGER %zu SMALLER %zu", crlf_size(i) - 1,
                 crlf_size(i) + 1);
        snprintf(want, sizeof want, "* SEARCH %d", i + 1);
        imap_expect_search(fd, cmd, want);
        snprintf(cmd, sizeof cmd, "SEARCH LARGER %zu UID %d", crlf_size(i), i + 1);
        imap_expect_search(fd, cmd, "* SEARCH");
        snprintf(cmd, sizeof cmd, "SEARCH SMALLER %zu UID %d", crlf_size(i), i + 1);
        imap_expect_search(fd, cmd, "* SEARCH");
    }
    /* Every size agrees with FETCH RFC822.SIZE. */
    const char *untagged;
    IMAP_OK(imap_cmd(fd, "F", "FETCH 1:4 RFC822.SIZE", &untagged));
    for (int i = 0; i < 4; i++) {
        snprintf(want, sizeof want, "* %d FETCH (RFC822.SIZE %zu)", i + 1, crlf_size(i));
        IMAP_HAS(untagged, want);
    }
    close(fd);
}
END_TEST

START_TEST(sets_and_logic)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    S("2:*", "* SEARCH 2 3 4");
    S("*", "* SEARCH 4");
    S("1:4294967295", "* SEARCH 1 2 3 4");
    S("4:1", "* SEARCH 1 2 3 4");
    S("9", "* SEARCH");                 /* a question, not an action: no BAD */
    S("UID 3:*", "* SEARCH 3 4");
    S("UID 9:*", "* SEARCH 4");         /* N:* holds the highest UID */
    S("UID 1,3", "* SEARCH 1 3");
    S("OR FROM alice FROM carol", "* SEARCH 1 2");
    S("NOT (FROM alice)", "* SEARCH 2 3 4");
    S("(OR SENTON 1-Jul-2003 CC erin) NOT FROM carol", "* SEARCH 1");
    S("OR OR FROM alice FROM carol FROM frank", "* SEARCH 1 2 3");
    S("NOT NOT 2", "* SEARCH 2");
    S("2:3 TO alice", "* SEARCH 2 3");
    U("FROM carol", "* SEARCH 2");
    U("2:4 NOT 3", "* SEARCH 2 4");     /* sequence numbers, answered as UIDs */
    close(fd);
}
END_TEST

START_TEST(flag_keys)
{
    const char *t;
    int fd = imap_select_inbox(&D.p, "alice", "secret"), fd2;

    S("RECENT", "* SEARCH 1 2 3 4");
    S("NEW", "* SEARCH 1 2 3 4");
    S("OLD", "* SEARCH");
    S("UNSEEN", "* SEARCH 1 2 3 4");
    IMAP_OK(imap_cmd(fd, "T1", "STORE 1 +FLAGS.SILENT (\\Seen \\Answered)", NULL));
    IMAP_OK(imap_cmd(fd, "T2", "STORE 2 +FLAGS.SILENT (\\Flagged \\Deleted \\Draft)", NULL));
    S("SEEN", "* SEARCH 1");
    S("UNSEEN", "* SEARCH 2 3 4");
    S("NEW", "* SEARCH 2 3 4");
    S("ANSWERED", "* SEARCH 1");
    S("UNANSWERED", "* SEARCH 2 3 4");
    S("FLAGGED", "* SEARCH 2");
    S("UNFLAGGED", "* SEARCH 1 3 4");
    S("DELETED", "* SEARCH 2");
    S("UNDELETED", "* SEARCH 1 3 4");
    S("DRAFT", "* SEARCH 2");
    S("UNDRAFT", "* SEARCH 1 3 4");
    S("KEYWORD $Junk", "* SEARCH");
    S("UNKEYWORD $Junk", "* SEARCH 1 2 3 4");
    S("OR SEEN FLAGGED", "* SEARCH 1 2");

    /* A second session: nothing is \Recent there; it sees the flags
     * stored by the first. */
    fd2 = imap_select_inbox(&D.p, "alice", "secret");
    t = imap_cmd(fd2, "Q", "SEARCH RECENT", NULL);
    IMAP_OK(t);
    imap_expect_search(fd2, "SEARCH OLD", "* SEARCH 1 2 3 4");
    imap_expect_search(fd2, "SEARCH NEW", "* SEARCH");
    imap_expect_search(fd2, "SEARCH SEEN", "* SEARCH 1");
    /* ... and the first sees the second's change. */
    IMAP_OK(imap_cmd(fd2, "T3", "STORE 4 +FLAGS.SILENT (\\Seen)", NULL));
    S("SEEN", "* SEARCH 1 4");
    close(fd2);
    close(fd);
}
END_TEST

/* Send a whole command with LITERAL+ literals (RFC 7888: no `+` to wait
 * for); expect the `* SEARCH` line @p want, then the tag's OK. */
static void plus_search(int fd, const char *command, const char *want)
{
    char tag[8], line[512];
    size_t n = strcspn(command, " ");

    snprintf(tag, sizeof tag, "%.*s ", (int)n, command);
    ck_assert_int_eq(tl_send(fd, command), 0);
    ck_assert_msg(tl_expect_line(fd, want), "%s", command);
    ck_assert(tl_read_line(fd, line, sizeof line) > 0);
    ck_assert_msg(strncmp(line, tag, strlen(tag)) == 0 && strncmp(line + strlen(tag), "OK ", 3) == 0,
                  "%s: %s", command, line);
}

START_TEST(charset_and_literals)
{
    const char *t;
    int fd = imap_select_inbox(&D.p, "alice", "secret");

    S("CHARSET US-ASCII SUBJECT lunch", "* SEARCH 2");
    S("CHARSET utf-8 SUBJECT lunch", "* SEARCH 2");
    t = imap_cmd(fd, "C", "SEARCH CHARSET KOI8-R SUBJECT lunch", NULL);
    ck_assert_str_eq(t, "C NO [BADCHARSET (US-ASCII UTF-8)] Charset not supported\r\n");

    /* A synchronising literal: the server asks for it with `+`. */
    ck_assert_int_eq(tl_send(fd, "L1 SEARCH CHARSET UTF-8 HEADER X-Raw {5}\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "+ "));
    ck_assert_int_eq(tl_send(fd, "K\xc3\xb6ln\r\n"), 0);
    ck_assert(tl_expect_line(fd, "* SEARCH 3"));
    ck_assert(tl_expect_prefix(fd, "L1 OK "));
    /* Latin-1 letters fold (Ö is ö); beyond Latin-1 octets match exactly. */
    plus_search(fd, "L2 SEARCH CHARSET UTF-8 HEADER X-Raw {5+}\r\nK\xc3\x96LN\r\n", "* SEARCH 3");
    plus_search(fd, "L6 SEARCH CHARSET UTF-8 HEADER X-Raw {5+}\r\nK\xc5\x8cLN\r\n", "* SEARCH");
    /* Two literals in one command. */
    plus_search(fd, "L3 SEARCH OR BODY {6+}\r\nnumber SUBJECT {5+}\r\nLUNCH\r\n", "* SEARCH 1 2");
    /* A literal holding a line end: BODY sees CRLF, as FETCH sends it. */
    plus_search(fd, "L4 UID SEARCH BODY {13+}\r\none\r\nline two\r\n", "* SEARCH 4");
    /* A literal as the date is taken too. */
    plus_search(fd, "L5 SEARCH ON {10+}\r\n1-Jul-2003\r\n", "* SEARCH 1");
    close(fd);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const bad[] = {
        "SEARCH", "SEARCH ", "SEARCH FOO", "SEARCH SEEN FOO", "SEARCH FROM",
        "SEARCH HEADER Subject", "SEARCH BEFORE 31-Feb-2024", "SEARCH BEFORE 2024-02-01",
        "SEARCH SINCE yesterday", "SEARCH OR SEEN", "SEARCH NOT", "SEARCH ()",
        "SEARCH (SEEN", "SEARCH SEEN)", "SEARCH SEEN  DRAFT", "SEARCH 1:4294967296",
        "SEARCH 0", "SEARCH 1,,2", "SEARCH LARGER x", "SEARCH LARGER 4294967296",
        "SEARCH UID", "SEARCH UID x", "SEARCH KEYWORD \\Seen", "SEARCH CHARSET",
        "SEARCH SUBJECT \"open", "SEARCH SUBJECT {5", "UID SEARCH FOO", "UID SEARCH",
    };
    char deep[4096];
    size_t n = 0;
    const char *t;
    int fd = imap_select_inbox(&D.p, "alice", "secret");

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_bad(fd, bad[i]);
    /* Nesting past the limit (256): BAD, not a crash. */
    n = (size_t)snprintf(deep, sizeof deep, "SEARCH ");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "NOT ");
    snprintf(deep + n, sizeof deep - n, "SEEN");
    t = imap_cmd(fd, "B", deep, NULL);
    ck_assert_msg(strncmp(t, "B BAD ", 6) == 0 && strstr(t, "nested") != NULL, "%s", t);
    n = (size_t)snprintf(deep, sizeof deep, "SEARCH ");
    for (int i = 0; i < 1000; i++)
        deep[n++] = '(';
    snprintf(deep + n, sizeof deep - n, "SEEN");
    expect_bad(fd, deep);
    /* A literal that ends before its count: the rest of the line is
     * left over after it. */
    ck_assert_int_eq(tl_send(fd, "B1 SEARCH SUBJECT {2+}\r\nabc\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "B1 BAD "));
    /* A literal too large for a command: refused, the session goes on. */
    ck_assert_int_eq(tl_send(fd, "B2 SEARCH SUBJECT {99999999}\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "B2 "));
    /* The session lives on, and still searches. */
    IMAP_OK(imap_cmd(fd, "N", "NOOP", NULL));
    S("FROM carol", "* SEARCH 2");
    close(fd);

    /* Not in the authenticated state: BAD too. */
    fd = imap_login(&D.p, "alice", "secret");
    expect_bad(fd, "SEARCH ALL");
    IMAP_OK(imap_cmd(fd, "N", "NOOP", NULL));
    close(fd);
}
END_TEST

START_TEST(no_expunge_during_search)
{
    const char *untagged, *t;
    int a = imap_select_inbox(&D.p, "alice", "secret"), b = imap_select_inbox(&D.p, "alice", "secret"), fd = a;

    /* B removes message 2; A's SEARCH must not say EXPUNGE (RFC 3501
     * §7.4.1) -- and must not return 2, whose file is gone. */
    IMAP_OK(imap_cmd(b, "D1", "STORE 2 +FLAGS.SILENT (\\Deleted)", NULL));
    IMAP_OK(imap_cmd(b, "D2", "EXPUNGE", NULL));
    t = imap_cmd(a, "Q", "SEARCH ALL", &untagged);
    IMAP_OK(t);
    ck_assert_msg(strstr(untagged, "EXPUNGE") == NULL, "EXPUNGE during SEARCH: %s", untagged);
    IMAP_HAS(untagged, "* SEARCH 1 3 4\r\n");
    t = imap_cmd(a, "Q", "UID SEARCH ALL", &untagged);
    IMAP_OK(t);
    ck_assert_msg(strstr(untagged, "EXPUNGE") == NULL, "EXPUNGE during UID SEARCH: %s", untagged);
    IMAP_HAS(untagged, "* SEARCH 1 3 4\r\n");
    /* Then NOOP may tell, and the numbers move. */
    IMAP_OK(imap_cmd(a, "N", "NOOP", &untagged));
    IMAP_HAS(untagged, "* 2 EXPUNGE");
    S("ALL", "* SEARCH 1 2 3");
    U("ALL", "* SEARCH 1 3 4");
    close(b);
    close(a);
}
END_TEST

/* ---- a header that never ends ------------------------------------------ */

/* A message of 32 MiB of header lines and no empty line (a broken mailer,
 * or a hostile one): a header key reads it all, as the header.  The
 * reader looked for the empty line from the first octet again after each
 * read of 8 KiB -- 4096 reads of up to 32 MiB, a minute or more of one
 * SEARCH -- where once over the octets is a fraction of a second.  The
 * SEARCH must be answered within tl_timeout_ms() (5 s), a generous bound
 * for the reading; the old way needed many times that. */
#define HUGE_LINES 32768                /* of 1024 octets: 32 MiB */

static void setup_huge(void)
{
    char *text = malloc((size_t)HUGE_LINES * 1024 + 64), *p;

    ck_assert_ptr_nonnull(text);
    p = text;
    for (int i = 0; i < HUGE_LINES; i++) {
        memcpy(p, "X-Filler: ", 10);
        memset(p + 10, 'a' + i % 26, 1013);
        p[1023] = '\n';
        p += 1024;
    }
    strcpy(p, "Subject: the last line\n");  /* and no empty line, no body */
    imapd_prepare(&D, IMAPD);
    imapd_make_maildir(D.root, "alice");
    imapd_drop_text(D.root, "alice", NULL, text);
    free(text);
    imapd_start(&D, NULL);
}

START_TEST(header_without_end_read_once)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    S("SUBJECT \"the last\"", "* SEARCH 1");
    S("HEADER X-Missing \"\"", "* SEARCH");
    S("FROM x", "* SEARCH");
    close(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("imapd-search");
    TCase *tc = tl_tcase("imapd-search");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, header_keys);
    tcase_add_test(tc, body_keys);
    tcase_add_test(tc, date_and_size_keys);
    tcase_add_test(tc, sets_and_logic);
    tcase_add_test(tc, flag_keys);
    tcase_add_test(tc, charset_and_literals);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, no_expunge_during_search);
    suite_add_tcase(s, tc);
    TCase *huge = tl_tcase("imapd-search-huge-header");
    tcase_add_checked_fixture(huge, setup_huge, teardown);
    tcase_add_test(huge, header_without_end_read_once);
    suite_add_tcase(s, huge);
    return tl_run_suite(s);
}
