/*
 * test-imapd-search-decode.c -- SEARCH of chapter 11's minimail-imapd
 * (chapter changing-mail) finds what a reader sees: header keys decode
 * RFC 2047 encoded words (B and Q, ISO-8859-1 and UTF-8, adjacent words
 * joined, an RFC 2231 language, malformed words as written), BODY and
 * TEXT search the decoded text of quoted-printable and base64 text parts
 * in their charsets, never the encoded form and never a non-text part.
 * The keys come as UTF-8 literals with CHARSET UTF-8, and as atoms with
 * CHARSET US-ASCII.  (Run against the SEARCH of main before this change,
 * the tests of encoded words and decoded bodies fail.)
 */
#include "imapd-util.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

static struct imapd D;

/* Five messages (UIDs 1-5), stored with LF line ends. */
static const char *const msgs[] = {
    /* 1: a B word in the Subject, Q words in ISO-8859-1 and UTF-8 in From/To */
    "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.org>\n"
    "To: =?utf-8?q?Z=C3=BCrich_Team?= <team@example.org>\n"
    "Subject: =?UTF-8?B?R3LDtsOfZQ==?=\n"
    "\n"
    "plain ascii body\n",

    /* 2: two adjacent Q words on a folded line; a quoted-printable body */
    "From: anna@example.org\n"
    "Subject: =?utf-8?q?Gr=C3=B6=C3=9Fe?=\n"
    " =?utf-8?q?_und_mehr?=\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Sch=C3=B6ne Gr=\n"
    "=C3=BC=C3=9Fe aus K=C3=B6ln\n",

    /* 3: multipart: a base64 text part, a base64 application part */
    "From: ben@example.org\n"
    "Subject: =?ISO-8859-1?Q?caf=E9?=\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\n"
    "\n"
    "--b1\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "RWluIFplcHBlbGluIMO8YmVyIEvDtmxu\n"          /* "Ein Zeppelin über Köln" */
    "--b1\n"
    "Content-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "c2VjcmV0d29yZA==\n"                          /* "secretword" */
    "--b1--\n",

    /* 4: a Latin-1 quoted-printable body; a word with an RFC 2231 language */
    "From: carl@example.org\n"
    "Subject: Latin one\n"
    "X-Note: =?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Stra=DFe in M=FCnchen\n",

    /* 5: a malformed encoded word (no X encoding): left as written */
    "From: dora@example.org\n"
    "Subject: =?utf-8?x?not_a_word?=\n"
    "\n"
    "plain ascii text\n",
};

static void setup(void)
{
    imapd_prepare(&D, IMAPD);
    imapd_make_maildir(D.root, "alice");
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        imapd_drop_text(D.root, "alice", NULL, msgs[i]);
    imapd_start(&D, NULL);
}

static void teardown(void)
{
    imapd_down(&D);
}


/* Send `L SEARCH CHARSET UTF-8 KEY {n}` + @p text as a synchronising
 * literal: wait for the `+`, then send the text and the line end. */
static void send_utf8_search(int fd, const char *key, const char *text)
{
    char cmd[256];

    snprintf(cmd, sizeof cmd, "L SEARCH CHARSET UTF-8 %s {%zu}\r\n", key, strlen(text));
    ck_assert_int_eq(tl_send(fd, cmd), 0);
    ck_assert_msg(tl_expect_prefix(fd, "+ "), "%s: no continuation", key);
    snprintf(cmd, sizeof cmd, "%s\r\n", text);
    ck_assert_int_eq(tl_send(fd, cmd), 0);
}

/* That search, expecting @p want and the OK. */
static void utf8_search(int fd, const char *key, const char *text, const char *want)
{
    send_utf8_search(fd, key, text);
    ck_assert_msg(tl_expect_line(fd, want), "%s \"%s\": not \"%s\"", key, text, want);
    ck_assert_msg(tl_expect_prefix(fd, "L OK "), "%s \"%s\": no OK", key, text);
}

/* The same, for a @p text that is not UTF-8: BAD, after the literal was
 * read (the command line is whole only then). */
static void utf8_search_bad(int fd, const char *key, const char *text)
{
    send_utf8_search(fd, key, text);
    ck_assert_msg(tl_expect_prefix(fd, "L BAD "), "%s: not refused with BAD", key);
}

#define S(cmd, want) imap_expect_search(fd, "SEARCH " cmd, want)
#define U8(key, text, want) utf8_search(fd, key, text, want)

START_TEST(encoded_words_in_headers)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    U8("SUBJECT", "Gr\xc3\xb6\xc3\x9f" "e", "* SEARCH 1 2");           /* B and Q */
    U8("SUBJECT", "GR\xc3\x96", "* SEARCH 1 2");                      /* Ö folds to ö */
    U8("SUBJECT", "Gr\xc3\xb6\xc3\x9f" "e und mehr", "* SEARCH 2");    /* §6.2 joined */
    U8("SUBJECT", "caf\xc3\xa9", "* SEARCH 3");                       /* ISO-8859-1 */
    U8("FROM", "J\xc3\xb6rg M\xc3\xbcller", "* SEARCH 1");
    U8("TO", "Z\xc3\xbcrich Team", "* SEARCH 1");
    U8("HEADER X-Note", "gr\xc3\x9c\xc3\x9f" "e", "* SEARCH 4");      /* UTF-8*de */
    S("SUBJECT \"und mehr\"", "* SEARCH 2");
    S("CHARSET US-ASCII SUBJECT caf", "* SEARCH 3");
    S("CHARSET US-ASCII FROM joerg", "* SEARCH 1");
    S("FROM \"J=F6rg\"", "* SEARCH");                                /* not as written */
    S("SUBJECT R3LDtsOfZQ", "* SEARCH");
    S("SUBJECT =?", "* SEARCH 5");                                  /* malformed: as written */
    S("SUBJECT not_a_word", "* SEARCH 5");
    S("SUBJECT \"?= =?\"", "* SEARCH");
    close(fd);
}
END_TEST

START_TEST(decoded_bodies)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    U8("BODY", "K\xc3\xb6ln", "* SEARCH 2 3");                       /* QP and base64 */
    U8("BODY", "Gr\xc3\xbc\xc3\x9f" "e aus", "* SEARCH 2");           /* across a soft break */
    U8("BODY", "\xc3\xbc" "ber k\xc3\x96LN", "* SEARCH 3");
    U8("BODY", "Stra\xc3\x9f" "e", "* SEARCH 4");                     /* Latin-1 to UTF-8 */
    U8("BODY", "M\xc3\x9cNCHEN", "* SEARCH 4");
    U8("TEXT", "Gr\xc3\xb6\xc3\x9f" "e", "* SEARCH 1 2");             /* the header, decoded */
    S("CHARSET US-ASCII BODY zeppelin", "* SEARCH 3");
    S("BODY \"aus K\"", "* SEARCH 2");
    S("OR BODY zeppelin SUBJECT Latin", "* SEARCH 3 4");
    S("TEXT ascii", "* SEARCH 1 5");
    close(fd);
}
END_TEST

START_TEST(encoded_form_not_found)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    S("BODY =C3=B6", "* SEARCH");                   /* only in the encoded form */
    S("BODY \"Gr=\"", "* SEARCH");
    S("BODY K=C3", "* SEARCH");
    S("BODY M=FCnchen", "* SEARCH");
    S("BODY RWluIFpl", "* SEARCH");                 /* the base64 letters */
    S("TEXT RWluIFpl", "* SEARCH");
    S("BODY secretword", "* SEARCH");               /* not a text part */
    S("BODY c2VjcmV0", "* SEARCH");
    S("TEXT =?UTF-8?B?", "* SEARCH");
    close(fd);
}
END_TEST

/* Search strings are UTF-8 (RFC 3629 §4), or the command is BAD (RFC 3501
 * §6.4.4: "arguments invalid") -- and the session goes on.  A lone
 * continuation octet was searched as an octet: "\xb6", the second half
 * of ö, found message 2's "Größe"; "\x96", the same half of Ö, did not,
 * though Ö and ö are one letter to a case-insensitive search. */
START_TEST(strings_not_utf8_are_bad)
{
    int fd = imap_select_inbox(&D.p, "alice", "secret");
    utf8_search_bad(fd, "BODY", "Stra\xdf" "e");             /* the Latin-1 octets */
    utf8_search_bad(fd, "SUBJECT", "\x96");                  /* half of Ö */
    utf8_search_bad(fd, "SUBJECT", "\xb6");                  /* half of ö */
    utf8_search_bad(fd, "HEADER X-Note", "Gr\xc3");          /* a letter cut short */
    utf8_search_bad(fd, "TEXT", "\xc0\xaf");                 /* overlong `/` */
    U8("SUBJECT", "\xc3\xb6\xc3\x9f", "* SEARCH 1 2");        /* and the session lives */
    close(fd);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imapd-search-decode");
    TCase *tc = tl_tcase("decode");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, encoded_words_in_headers);
    tcase_add_test(tc, decoded_bodies);
    tcase_add_test(tc, encoded_form_not_found);
    tcase_add_test(tc, strings_not_utf8_are_bad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
