/*
 * test-mailbox-name.c -- unit tests of src/mailbox_name.c (chapter
 * mailboxes): which names are accepted and which refused (every hostile
 * form), the canonical INBOX, names <-> directories, modified UTF-7, and
 * LIST's wildcards.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailbox_name.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ok(const char *name, const char *canon)
{
    char out[MBNAME_BUFSZ];
    enum mbname_error e = mbname_check(name, strlen(name), out, sizeof out);
    ck_assert_msg(e == MBNAME_OK, "\"%s\" refused: %s", name, mbname_strerror(e));
    ck_assert_str_eq(out, canon);
}

static void refused(const char *name, size_t len, enum mbname_error want)
{
    char out[MBNAME_BUFSZ] = "untouched";
    enum mbname_error e = mbname_check(name, len, out, sizeof out);
    ck_assert_msg(e == want, "\"%.*s\": got %d (%s), want %d", (int)len, name, e,
                  mbname_strerror(e), want);
    ck_assert_str_eq(out, "untouched");
    ck_assert_ptr_nonnull(mbname_strerror(e));
}
#define REFUSED(lit, want) refused(lit, sizeof lit - 1, want)

START_TEST(plain_names)
{
    ok("Sent", "Sent");
    ok("Archive.2024", "Archive.2024");
    ok("a b", "a b");
    ok("x~y", "x~y");
    ok("a\"b\\c", "a\"b\\c");
    ok("Drafts]", "Drafts]");
    ok("a.~b", "a.~b");
    ok("&-", "&-");                     /* a plain '&' */
    ok("Caf&AOk-", "Caf&AOk-");         /* Café, as Dovecot stores it */
    ok("&Jjo-!", "&Jjo-!");             /* U+263A then '!' */
    ok("&2D3eAA-", "&2D3eAA-");         /* U+1F600: a surrogate pair */
    ok("&AOk-&-", "&AOk-&-");           /* a shift, then a plain '&' */
}
END_TEST

START_TEST(inbox_is_case_insensitive)
{
    ok("INBOX", "INBOX");
    ok("inbox", "INBOX");
    ok("InBoX", "INBOX");
    ok("inbox.Lists", "INBOX.Lists");
    ok("Inbox.inbox", "INBOX.inbox");   /* only the first component */
    ok("inboxes", "inboxes");           /* not INBOX */
    ok("xinbox", "xinbox");
    ck_assert_int_eq(mbname_is_inbox("iNbOx"), 1);
    ck_assert_int_eq(mbname_is_inbox("INBOX.x"), 0);
    ck_assert_int_eq(mbname_is_inbox("INBO"), 0);
}
END_TEST

START_TEST(hostile_names)
{
    REFUSED("", MBNAME_EMPTY);
    REFUSED("..", MBNAME_EMPTY_COMPONENT);
    REFUSED("../../etc", MBNAME_EMPTY_COMPONENT);
    REFUSED("x/../../etc", MBNAME_SLASH);
    REFUSED("a/b", MBNAME_SLASH);
    REFUSED("/etc/passwd", MBNAME_SLASH);
    REFUSED(".hidden", MBNAME_EMPTY_COMPONENT);
    REFUSED("a.", MBNAME_EMPTY_COMPONENT);
    REFUSED("a..b", MBNAME_EMPTY_COMPONENT);
    REFUSED(".", MBNAME_EMPTY_COMPONENT);
    REFUSED("...", MBNAME_EMPTY_COMPONENT);
    REFUSED("a\0b", MBNAME_CONTROL);
    REFUSED("\0", MBNAME_CONTROL);
    REFUSED("a\rb", MBNAME_CONTROL);
    REFUSED("a\nb", MBNAME_CONTROL);
    REFUSED("a\tb", MBNAME_CONTROL);
    REFUSED("a\x1b[31m", MBNAME_CONTROL);
    REFUSED("a\x7f", MBNAME_CONTROL);
    REFUSED("Caf\xc3\xa9", MBNAME_8BIT);
    REFUSED("~", MBNAME_TILDE);
    REFUSED("~root", MBNAME_TILDE);
    REFUSED("~.x", MBNAME_TILDE);
    REFUSED("a*", MBNAME_WILDCARD);
    REFUSED("%", MBNAME_WILDCARD);
    REFUSED("&", MBNAME_BAD_MUTF7);
    REFUSED("&abc", MBNAME_BAD_MUTF7);
}
END_TEST

START_TEST(too_long)
{
    char name[MBNAME_MAX + 2];
    memset(name, 'x', sizeof name);
    name[MBNAME_MAX] = '\0';
    ok(name, name);                     /* exactly the limit */
    name[MBNAME_MAX] = 'x';
    name[MBNAME_MAX + 1] = '\0';
    refused(name, MBNAME_MAX + 1, MBNAME_TOO_LONG);
    /* A buffer too small for the canonical name is refused, not overrun. */
    char small[4];
    ck_assert_int_eq(mbname_check("Sent", 4, small, sizeof small), MBNAME_TOO_LONG);
    ck_assert_int_eq(mbname_check("Sent", 4, NULL, 0), MBNAME_OK);
}
END_TEST

START_TEST(modified_utf7)
{
#define V(s) mbname_valid_mutf7(s, sizeof s - 1)
    ck_assert_int_eq(V(""), 1);
    ck_assert_int_eq(V("plain"), 1);
    ck_assert_int_eq(V("&-"), 1);
    ck_assert_int_eq(V("&AOk-"), 1);
    ck_assert_int_eq(V("~peter/mail/&U,BTFw-/&ZeVnLIqe-"), 1); /* RFC 3501's example */
    ck_assert_int_eq(V("&AOkA6Q-"), 1);   /* two units in one shift */
    ck_assert_int_eq(V("&"), 0);          /* no end */
    ck_assert_int_eq(V("&AOk"), 0);       /* no '-' */
    ck_assert_int_eq(V("&AO-"), 0);       /* 12 bits: not a whole unit */
    ck_assert_int_eq(V("&AOl-"), 0);      /* padding bits not zero */
    ck_assert_int_eq(V("&AOk/-"), 0);     /* '/' is not modified BASE64 */
    ck_assert_int_eq(V("&AEE-"), 0);      /* 'A' encoded: must be written as itself */
    ck_assert_int_eq(V("&ACA-"), 0);      /* ' ' encoded */
    ck_assert_int_eq(V("&AAA-"), 0);      /* NUL encoded */
    ck_assert_int_eq(V("&AOk-&AOk-"), 0); /* two adjacent shifts */
    ck_assert_int_eq(V("&2D0-"), 0);      /* a lone high surrogate */
    ck_assert_int_eq(V("&3gA-"), 0);      /* a lone low surrogate */
    ck_assert_int_eq(V("&2D3YPQ-"), 0);   /* high followed by high */
    ck_assert_int_eq(V("a\tb"), 0);
    ck_assert_int_eq(V("\xc3\xa9"), 0);
#undef V
}
END_TEST

START_TEST(names_to_directories)
{
    char out[256];
    ck_assert_int_eq(mbname_to_dir("/m/alice", "INBOX", out, sizeof out), 0);
    ck_assert_str_eq(out, "/m/alice");
    ck_assert_int_eq(mbname_to_dir("/m/alice", "Sent", out, sizeof out), 0);
    ck_assert_str_eq(out, "/m/alice/.Sent");
    ck_assert_int_eq(mbname_to_dir("/m/alice", "INBOX.Lists", out, sizeof out), 0);
    ck_assert_str_eq(out, "/m/alice/.INBOX.Lists");
    ck_assert_int_eq(mbname_to_dir("/m/alice", "Caf&AOk-", out, sizeof out), 0);
    ck_assert_str_eq(out, "/m/alice/.Caf&AOk-");
    ck_assert_int_eq(mbname_to_dir("/m/alice", "Sent", out, 10), -1);
}
END_TEST

START_TEST(directories_to_names)
{
    char out[MBNAME_BUFSZ];
    ck_assert_int_eq(mbname_from_dirent(".Sent", out, sizeof out), 0);
    ck_assert_str_eq(out, "Sent");
    ck_assert_int_eq(mbname_from_dirent(".A.B.C", out, sizeof out), 0);
    ck_assert_str_eq(out, "A.B.C");
    ck_assert_int_eq(mbname_from_dirent(".INBOX.x", out, sizeof out), 0);
    ck_assert_str_eq(out, "INBOX.x");
    ck_assert_int_eq(mbname_from_dirent(".Caf&AOk-", out, sizeof out), 0);
    const char *not_folders[] = { ".", "..", "cur", "new", "tmp", "dovecot-uidlist",
                                  "..x", ".a..b", ".a.", ".INBOX", ".inbox", ".inbox.x",
                                  ".~x", ".&abc", ".x*", "" };
    for (size_t i = 0; i < sizeof not_folders / sizeof not_folders[0]; i++)
        ck_assert_msg(mbname_from_dirent(not_folders[i], out, sizeof out) == -1,
                      "\"%s\" taken for a folder", not_folders[i]);
    ck_assert_int_eq(mbname_from_dirent(".Sent", out, 4), -1);
}
END_TEST

START_TEST(wildcards)
{
#define M(p, n) mbname_match(p, n, '.')
    ck_assert_int_eq(M("*", "INBOX"), 1);
    ck_assert_int_eq(M("*", "a.b.c"), 1);
    ck_assert_int_eq(M("%", "a"), 1);
    ck_assert_int_eq(M("%", "a.b"), 0);
    ck_assert_int_eq(M("a.%", "a.b"), 1);
    ck_assert_int_eq(M("a.%", "a.b.c"), 0);
    ck_assert_int_eq(M("a.*", "a.b.c"), 1);
    ck_assert_int_eq(M("a*", "a"), 1);              /* '*' may match nothing */
    ck_assert_int_eq(M("a%", "a"), 1);
    ck_assert_int_eq(M("%.%", "a.b"), 1);
    ck_assert_int_eq(M("%.%", "a.b.c"), 0);
    ck_assert_int_eq(M("*.c", "a.b.c"), 1);
    ck_assert_int_eq(M("%c", "abc"), 1);
    ck_assert_int_eq(M("%c", "a.bc"), 0);
    ck_assert_int_eq(M("", "a"), 0);
    ck_assert_int_eq(M("Sent", "Sent"), 1);
    ck_assert_int_eq(M("sent", "Sent"), 0);         /* case-sensitive ... */
    ck_assert_int_eq(M("inbox", "INBOX"), 1);       /* ... except INBOX */
    ck_assert_int_eq(M("inbox*", "INBOX.x"), 1);
    ck_assert_int_eq(M("inbox.%", "INBOX.x"), 1);
    ck_assert_int_eq(M("inbox.X", "INBOX.x"), 0);   /* only the INBOX part */
    ck_assert_int_eq(M("inbox*", "INBOXES"), 0);    /* "INBOXES" is not INBOX */
    ck_assert_int_eq(M("INBOX*", "INBOXES"), 1);
    ck_assert_int_eq(M("*%*%*%*%*%*%*%*%*%*%*%x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay"), 0);
    ck_assert_int_eq(M("*%*%*%*%*%*%*%*%*%*%*%y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay"), 1);
    ck_assert_int_eq(mbname_match("a/%", "a/b", '/'), 1);
#undef M
    /* A long name (beyond the stack buffer) still works. */
    char longname[600];
    memset(longname, 'q', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    ck_assert_int_eq(mbname_match("q*q", longname, '.'), 1);
    ck_assert_int_eq(mbname_match("%x", longname, '.'), 0);
}
END_TEST

static Suite *mailbox_name_suite(void)
{
    Suite *s = suite_create("mailbox_name");
    TCase *tc = tl_tcase("names");
    tcase_add_test(tc, plain_names);
    tcase_add_test(tc, inbox_is_case_insensitive);
    tcase_add_test(tc, hostile_names);
    tcase_add_test(tc, too_long);
    tcase_add_test(tc, modified_utf7);
    tcase_add_test(tc, names_to_directories);
    tcase_add_test(tc, directories_to_names);
    tcase_add_test(tc, wildcards);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(mailbox_name_suite());
}
