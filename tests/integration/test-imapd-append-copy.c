/*
 * test-imapd-append-copy.c -- chapter 11's minimail-imapd (chapter
 * changing-mail) on loopback: APPEND with synchronising and
 * non-synchronising literals, flags and date-time, round-tripped byte for
 * byte through FETCH; a literal over --max-append-size refused before it
 * is read; COPY, UID COPY, MOVE and UID MOVE with COPYUID and, for MOVE,
 * the untagged OK before the EXPUNGEs; all or nothing when one message of
 * a COPY cannot be copied; bad input answered BAD or NO with the session
 * going on; and a second session that hears EXISTS and EXPUNGE.
 *
 * Messages are put into the Maildir the way any delivery agent does
 * (imapd-util.h); what the server wrote is checked with POSIX calls only.
 */
#include "imapd-util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

static struct imapd D;

static void setup(void)
{
    imapd_prepare(&D, IMAPD);
}

static void teardown(void)
{
    imapd_down(&D);
}

#define HAS IMAP_HAS
#define OK IMAP_OK
/* The tagged line starts with this text. */
#define STARTS(t, prefix) \
    ck_assert_msg(strncmp(t, prefix, strlen(prefix)) == 0, "\"%s\" is not \"%s...\"", t, prefix)

/* The message most tests append: CRLF line ends, as every client sends. */
static const char MSG[] = "From: alice@example.test\r\nSubject: appended\r\n\r\n"
                          "first line\r\n\r\nlast line\r\n";

/* Names in alice's FOLDER/SUB ("new", "cur", "tmp"; FOLDER NULL = INBOX)
 * that end in @p suffix ("" for all); the first one in @p first. */
static int names(const char *folder, const char *sub, const char *suffix, char *first,
                 size_t firstsz)
{
    char dir[1024];
    struct dirent **list;
    int n, found = 0;
    snprintf(dir, sizeof dir, "%s/alice/%s%s/%s", D.root, folder ? "." : "",
             folder ? folder : "", sub);
    n = scandir(dir, &list, NULL, alphasort);
    ck_assert_msg(n >= 0, "cannot read %s", dir);
    for (int i = 0; i < n; i++) {
        const char *e = list[i]->d_name;
        size_t l = strlen(e), sl = strlen(suffix);
        if (e[0] != '.' && l >= sl && strcmp(e + l - sl, suffix) == 0) {
            if (found++ == 0 && first != NULL &&
                snprintf(first, firstsz, "%s/%s", dir, e) >= (int)firstsz)
                first[0] = '\0';
        }
        free(list[i]);
    }
    free(list);
    return found;
}

/* Start the server (with @p extra options), log alice in. */
static int up(const char *const *extra)
{
    imapd_make_maildir(D.root, "alice");
    imapd_start(&D, extra);
    return imap_login(&D.p, "alice", "secret");
}

/* "APPEND ... {n+}" CRLF MSG as one command (LITERAL+, RFC 7888). */
static const char *append_plus(int fd, const char *tag, const char *head, const char *msg,
                               const char **u)
{
    char command[4096];
    snprintf(command, sizeof command, "%s {%zu+}\r\n%s", head, strlen(msg), msg);
    return imap_cmd(fd, tag, command, u);
}

START_TEST(append_sync_literal_flags_date)
{
    int fd = up(NULL);
    char line[256], path[1200];
    struct stat st;

    /* The synchronising literal: the server must say "+" first. */
    snprintf(line, sizeof line,
             "a1 APPEND INBOX (\\Seen \\Flagged) \"27-Nov-2026 16:08:20 +0100\" {%zu}\r\n",
             sizeof MSG - 1);
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert(tl_expect_prefix(fd, "+ "));
    ck_assert_int_eq(tl_send(fd, MSG), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "a1 OK [APPENDUID "));
    /* On disk: in cur/ with the flags in the name (a message without
     * flags goes to new/), stored with LF, the date as the file's mtime. */
    ck_assert_int_eq(names(NULL, "cur", ":2,FS", path, sizeof path), 1);
    ck_assert_int_eq(names(NULL, "new", "", NULL, 0), 0);
    ck_assert_int_eq(names(NULL, "tmp", "", NULL, 0), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq((long long)st.st_mtime, 1795792100LL);  /* 15:08:20 UTC */
    ck_assert_int_eq((long long)st.st_size, (long long)sizeof MSG - 1 - 6);
    tl_close(fd);
}
END_TEST

START_TEST(append_round_trip)
{
    int fd = up(NULL);
    const char *u, *t;
    char want[1024];
    long validity;

    t = append_plus(fd, "a1", "APPEND INBOX (\\Answered) \" 2-Jan-2025 03:04:05 -0000\"", MSG, &u);
    STARTS(t, "a1 OK [APPENDUID ");
    validity = imap_num_after(t, "APPENDUID");
    ck_assert_int_gt(validity, 0);
    snprintf(want, sizeof want, "a1 OK [APPENDUID %ld 1] APPEND completed\r\n", validity);
    ck_assert_str_eq(t, want);
    t = append_plus(fd, "a2", "APPEND INBOX", MSG, NULL);
    snprintf(want, sizeof want, "a2 OK [APPENDUID %ld 2] APPEND completed\r\n", validity);
    ck_assert_str_eq(t, want);

    t = imap_cmd(fd, "s", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 2 EXISTS\r\n");
    HAS(u, "* 1 RECENT\r\n");                 /* the one without flags, from new/ */
    t = imap_cmd(fd, "f", "FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])", &u);
    OK(t);
    /* byte for byte what was appended; RFC822.SIZE = the literal's size */
    snprintf(want, sizeof want,
             "* 1 FETCH (FLAGS (\\Answered) INTERNALDATE \" 2-Jan-2025 03:04:05 +0000\" "
             "RFC822.SIZE %zu BODY[] {%zu}\r\n%s)\r\n",
             sizeof MSG - 1, sizeof MSG - 1, MSG);
    ck_assert_str_eq(u, want);

    /* APPEND to the selected mailbox: EXISTS at once (§6.3.11). */
    t = append_plus(fd, "a3", "APPEND inbox (\\Draft)", "Subject: 3\r\n\r\nx\r\n", &u);
    snprintf(want, sizeof want, "a3 OK [APPENDUID %ld 3] APPEND completed\r\n", validity);
    ck_assert_str_eq(t, want);
    HAS(u, "* 3 EXISTS\r\n");
    t = imap_cmd(fd, "f2", "UID FETCH 3 (FLAGS)", &u);
    ck_assert_str_eq(u, "* 3 FETCH (UID 3 FLAGS (\\Draft))\r\n");
    tl_close(fd);
}
END_TEST

START_TEST(append_bad_input)
{
    int fd = up(NULL);
    const char *t;

    t = append_plus(fd, "b1", "APPEND Nowhere", MSG, NULL);
    STARTS(t, "b1 NO [TRYCREATE] ");
    ck_assert_int_eq(names(NULL, "new", "", NULL, 0) + names(NULL, "cur", "", NULL, 0), 0);
    STARTS(append_plus(fd, "b2", "APPEND INBOX \"31-Feb-2026 00:00:00 +0000\"", MSG, NULL),
           "b2 BAD ");
    STARTS(append_plus(fd, "b3", "APPEND INBOX \"27-Nov-2026 16:08:20\"", MSG, NULL), "b3 BAD ");
    STARTS(append_plus(fd, "b4", "APPEND INBOX (\\Bogus)", MSG, NULL), "b4 BAD ");
    STARTS(append_plus(fd, "b5", "APPEND INBOX (\\Seen", MSG, NULL), "b5 BAD ");
    STARTS(imap_cmd(fd, "b6", "APPEND INBOX {0+}\r\n", NULL), "b6 BAD ");
    STARTS(imap_cmd(fd, "b7", "APPEND INBOX \"not a literal\"", NULL), "b7 BAD ");
    STARTS(imap_cmd(fd, "b8", "APPEND INBOX", NULL), "b8 BAD ");
    STARTS(imap_cmd(fd, "b9", "APPEND", NULL), "b9 BAD ");
    STARTS(append_plus(fd, "b10", "APPEND INBOX () \"27-Nov-2026 16:08:20 +0000\" extra", MSG,
                       NULL), "b10 BAD ");
    STARTS(append_plus(fd, "b11", "APPEND INBOX (\\Seen) (\\Seen)", MSG, NULL), "b11 BAD ");
    ck_assert_int_eq(names(NULL, "new", "", NULL, 0) + names(NULL, "cur", "", NULL, 0),
                     0);                                      /* nothing stored */
    /* ...and the session goes on */
    STARTS(append_plus(fd, "b12", "APPEND INBOX ()", MSG, NULL), "b12 OK [APPENDUID ");
    tl_close(fd);

    /* before login: not allowed */
    fd = tl_connect(D.p.host, D.p.port);
    ck_assert(tl_expect_prefix(fd, "* OK "));
    STARTS(append_plus(fd, "b13", "APPEND INBOX", MSG, NULL), "b13 BAD ");
    tl_close(fd);
}
END_TEST

START_TEST(append_over_limit_refused_unread)
{
    static const char *const extra[] = { "--max-append-size", "100", NULL };
    int fd = up(extra);
    char big[300];

    /* {101}: no "+" -- the answer comes while we have sent nothing of
     * the message, so the server cannot have read it. */
    ck_assert_int_eq(tl_send(fd, "t1 APPEND INBOX (\\Seen) {101}\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "t1 NO [TOOBIG] "));
    STARTS(imap_cmd(fd, "t2", "NOOP", NULL), "t2 OK ");
    /* a number no machine would read */
    ck_assert_int_eq(tl_send(fd, "t3 APPEND INBOX {99999999999999999999}\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "t3 NO [TOOBIG] "));
    /* {100}: exactly the limit is fine */
    memset(big, 'x', sizeof big);
    memcpy(big, "Subject: big\r\n\r\n", 16);
    big[98] = '\r';
    big[99] = '\n';
    big[100] = '\0';
    ck_assert_int_eq(tl_send(fd, "t4 APPEND INBOX {100}\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "+ "));
    ck_assert_int_eq(tl_send(fd, big), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "t4 OK [APPENDUID "));
    /* {200+}: the octets come anyway; read, dropped, refused, session on */
    big[100] = 'x';
    big[198] = '\r';
    big[199] = '\n';
    big[200] = '\0';
    STARTS(append_plus(fd, "t5", "APPEND INBOX", big, NULL), "t5 NO [TOOBIG] ");
    STARTS(imap_cmd(fd, "t6", "NOOP", NULL), "t6 OK ");
    ck_assert_int_eq(names(NULL, "new", "", NULL, 0) + names(NULL, "cur", "", NULL, 0), 1);
    tl_close(fd);
}
END_TEST

START_TEST(copy_forms)
{
    int fd = up(NULL);
    const char *u, *t;
    char want[256], path[1200];
    long v;
    struct stat st;

    imapd_drop(D.root, "alice", NULL, 3);
    OK(imap_cmd(fd, "c0", "CREATE Archive", NULL));
    OK(imap_cmd(fd, "s", "SELECT INBOX", NULL));
    OK(imap_cmd(fd, "f", "STORE 2 +FLAGS.SILENT (\\Seen \\Answered)", NULL));

    t = imap_cmd(fd, "c1", "COPY 1:2 Archive", &u);
    STARTS(t, "c1 OK [COPYUID ");
    v = imap_num_after(t, "COPYUID");
    snprintf(want, sizeof want, "c1 OK [COPYUID %ld 1:2 1:2] COPY completed\r\n", v);
    ck_assert_str_eq(t, want);
    t = imap_cmd(fd, "c2", "UID COPY 3,7:9 Archive", NULL);
    snprintf(want, sizeof want, "c2 OK [COPYUID %ld 3 3] UID COPY completed\r\n", v);
    ck_assert_str_eq(t, want);
    /* UIDs that do not exist: nothing to copy, OK without COPYUID */
    ck_assert_str_eq(imap_cmd(fd, "c3", "UID COPY 50:60 Archive", NULL),
                     "c3 OK UID COPY completed (no messages)\r\n");

    /* In the target: without flags in new/ (\Recent), with flags in
     * cur/ (flags kept); one inode with the source */
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0), 2);
    ck_assert_int_eq(names("Archive", "cur", ":2,RS", path, sizeof path), 1);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq((int)st.st_nlink, 2);
    t = imap_cmd(fd, "c4", "STATUS Archive (MESSAGES RECENT UIDNEXT UNSEEN)", &u);
    OK(t);
    ck_assert_str_eq(u, "* STATUS Archive (MESSAGES 3 RECENT 2 UIDNEXT 4 UNSEEN 2)\r\n");

    /* COPY into the selected mailbox itself: EXISTS at once */
    t = imap_cmd(fd, "c5", "COPY 1 INBOX", &u);
    STARTS(t, "c5 OK [COPYUID ");
    HAS(t, " 1 4] ");
    HAS(u, "* 4 EXISTS\r\n");

    /* the copies, seen from the target */
    OK(imap_cmd(fd, "s2", "SELECT Archive", NULL));
    t = imap_cmd(fd, "c6", "FETCH 1:3 (FLAGS)", &u);
    ck_assert_str_eq(u, "* 1 FETCH (FLAGS (\\Recent))\r\n"
                        "* 2 FETCH (FLAGS (\\Answered \\Seen))\r\n"
                        "* 3 FETCH (FLAGS (\\Recent))\r\n");
    tl_close(fd);
}
END_TEST

START_TEST(copy_bad_input)
{
    int fd = up(NULL);

    imapd_drop(D.root, "alice", NULL, 2);
    STARTS(imap_cmd(fd, "x0", "COPY 1 INBOX", NULL), "x0 BAD ");  /* nothing selected */
    OK(imap_cmd(fd, "s", "SELECT INBOX", NULL));
    STARTS(imap_cmd(fd, "x1", "COPY 1:2 Nowhere", NULL), "x1 NO [TRYCREATE] ");
    STARTS(imap_cmd(fd, "x2", "UID COPY 1:* Nowhere", NULL), "x2 NO [TRYCREATE] ");
    STARTS(imap_cmd(fd, "x3", "COPY 3 INBOX", NULL), "x3 BAD ");
    STARTS(imap_cmd(fd, "x4", "COPY 0 INBOX", NULL), "x4 BAD ");
    STARTS(imap_cmd(fd, "x5", "COPY 1:x INBOX", NULL), "x5 BAD ");
    STARTS(imap_cmd(fd, "x6", "COPY 1", NULL), "x6 BAD ");
    STARTS(imap_cmd(fd, "x7", "COPY 1 INBOX extra", NULL), "x7 BAD ");
    STARTS(imap_cmd(fd, "x8", "UID COPY", NULL), "x8 BAD ");
    STARTS(imap_cmd(fd, "x9", "MOVE 1:2 Nowhere", NULL), "x9 NO [TRYCREATE] ");
    STARTS(imap_cmd(fd, "x10", "UID MOVE 4294967296 INBOX", NULL), "x10 BAD ");
    ck_assert_int_eq(names(NULL, "cur", "", NULL, 0), 2);     /* nothing moved */
    STARTS(imap_cmd(fd, "x11", "NOOP", NULL), "x11 OK ");
    tl_close(fd);
}
END_TEST

/* One message of three cannot be copied (its "file" is a directory):
 * the two others must not stay in the target either. */
START_TEST(copy_all_or_nothing)
{
    int fd = up(NULL);
    char dir[1200];
    const char *u, *t;

    imapd_drop(D.root, "alice", NULL, 2);
    snprintf(dir, sizeof dir, "%s/alice/cur/1799999999.M9P9Q9.test:2,S", D.root);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    OK(imap_cmd(fd, "c0", "CREATE Archive", NULL));
    t = imap_cmd(fd, "s", "SELECT INBOX", &u);
    HAS(u, "* 3 EXISTS\r\n");
    t = imap_cmd(fd, "c1", "COPY 1:3 Archive", NULL);
    STARTS(t, "c1 NO ");
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0), 0);
    ck_assert_int_eq(names("Archive", "cur", "", NULL, 0), 0);
    ck_assert_int_eq(names("Archive", "tmp", "", NULL, 0), 0);
    STARTS(imap_cmd(fd, "c2", "MOVE 1:3 Archive", NULL), "c2 NO ");
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0), 0);
    ck_assert_int_eq(names(NULL, "cur", "", NULL, 0), 3);     /* nothing expunged */
    /* the good ones alone go */
    STARTS(imap_cmd(fd, "c3", "COPY 1:2 Archive", NULL), "c3 OK [COPYUID ");
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0), 2);
    tl_close(fd);
}
END_TEST

START_TEST(move_forms)
{
    int fd = up(NULL);
    const char *u, *t;
    char want[512];
    long v;

    imapd_drop(D.root, "alice", NULL, 4);
    OK(imap_cmd(fd, "c0", "CREATE Archive", NULL));
    OK(imap_cmd(fd, "s", "SELECT INBOX", NULL));
    OK(imap_cmd(fd, "f", "STORE 3 +FLAGS.SILENT (\\Flagged)", NULL));

    /* RFC 6851 §4.3: untagged OK with COPYUID, the EXPUNGEs, tagged OK */
    t = imap_cmd(fd, "m1", "MOVE 2:3 Archive", &u);
    ck_assert_str_eq(t, "m1 OK MOVE completed\r\n");
    v = imap_num_after(u, "COPYUID");
    ck_assert_int_gt(v, 0);
    snprintf(want, sizeof want,
             "* OK [COPYUID %ld 2:3 1:2] Moved\r\n* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n"
             "* 2 RECENT\r\n", v);                 /* fewer \Recent ones now */
    ck_assert_str_eq(u, want);
    ck_assert_int_eq(names(NULL, "cur", "", NULL, 0), 2);
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0), 1);
    ck_assert_int_eq(names("Archive", "cur", ":2,F", NULL, 0), 1);

    /* UID MOVE: message UID 4 is now number 2 */
    t = imap_cmd(fd, "m2", "UID MOVE 4 Archive", &u);
    ck_assert_str_eq(t, "m2 OK UID MOVE completed\r\n");
    snprintf(want, sizeof want, "* OK [COPYUID %ld 4 3] Moved\r\n* 2 EXPUNGE\r\n* 1 RECENT\r\n",
             v);
    ck_assert_str_eq(u, want);
    t = imap_cmd(fd, "n", "FETCH 1:* (UID)", &u);
    ck_assert_str_eq(u, "* 1 FETCH (UID 1)\r\n");

    /* EXAMINE: read-only, MOVE refused, COPY allowed */
    OK(imap_cmd(fd, "e", "EXAMINE Archive", NULL));
    STARTS(imap_cmd(fd, "m3", "MOVE 1 INBOX", NULL), "m3 NO ");
    ck_assert_int_eq(names("Archive", "new", "", NULL, 0) + names("Archive", "cur", "", NULL, 0),
                     3);
    STARTS(imap_cmd(fd, "m4", "COPY 1 INBOX", NULL), "m4 OK [COPYUID ");
    tl_close(fd);
}
END_TEST

/* Two sessions: what one adds or moves, the other hears. */
START_TEST(two_sessions)
{
    int a = up(NULL), b;
    const char *u, *t;

    imapd_drop(D.root, "alice", NULL, 2);
    b = imap_login(&D.p, "alice", "secret");
    OK(imap_cmd(a, "c0", "CREATE Archive", NULL));
    t = imap_cmd(a, "s", "SELECT INBOX", &u);
    HAS(u, "* 2 EXISTS\r\n");

    /* B appends to A's mailbox: A's next command hears EXISTS; without
     * flags the message is \Recent for A, who moved it out of new/ */
    STARTS(append_plus(b, "b1", "APPEND INBOX (\\Seen)", MSG, NULL), "b1 OK [APPENDUID ");
    STARTS(append_plus(b, "b1b", "APPEND INBOX", MSG, NULL), "b1b OK [APPENDUID ");
    t = imap_cmd(a, "n1", "NOOP", &u);
    HAS(u, "* 4 EXISTS\r\n");
    HAS(u, "* 3 RECENT\r\n");
    t = imap_cmd(a, "f1", "FETCH 3:4 (FLAGS)", &u);
    ck_assert_str_eq(u, "* 3 FETCH (FLAGS (\\Seen))\r\n* 4 FETCH (FLAGS (\\Recent))\r\n");

    /* B moves message 1 away: A hears EXPUNGE (not during FETCH) */
    OK(imap_cmd(b, "s", "SELECT INBOX", NULL));
    t = imap_cmd(b, "b2", "MOVE 1 Archive", &u);
    OK(t);
    HAS(u, "* 1 EXPUNGE\r\n");
    t = imap_cmd(a, "f2", "FETCH 1:4 (UID)", &u);
    ck_assert_int_eq(imap_occurrences(u, "EXPUNGE"), 0);
    /* A copies the message B moved away: NO, nothing copied (RFC 2180
     * §4.4), and with the NO the EXPUNGE that tells A why */
    t = imap_cmd(a, "c2", "COPY 1:2 Archive", &u);
    STARTS(t, "c2 NO [EXPUNGEISSUED] ");
    HAS(u, "* 1 EXPUNGE\r\n");
    t = imap_cmd(a, "s3", "STATUS Archive (MESSAGES)", &u);
    ck_assert_str_eq(u, "* STATUS Archive (MESSAGES 1)\r\n");

    /* B copies back from Archive: A hears EXISTS */
    OK(imap_cmd(b, "s2", "SELECT Archive", NULL));
    STARTS(imap_cmd(b, "b3", "COPY 1 INBOX", NULL), "b3 OK [COPYUID ");
    t = imap_cmd(a, "n3", "NOOP", &u);
    HAS(u, "* 4 EXISTS\r\n");
    tl_close(a);
    tl_close(b);
}
END_TEST

START_TEST(capabilities)
{
    int fd = up(NULL);
    const char *u;
    OK(imap_cmd(fd, "c", "CAPABILITY", &u));
    HAS(u, " UIDPLUS");
    HAS(u, " MOVE");
    HAS(u, " LITERAL+");
    tl_close(fd);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imapd-append-copy");
    TCase *tc = tl_tcase("append-copy-move");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, append_sync_literal_flags_date);
    tcase_add_test(tc, append_round_trip);
    tcase_add_test(tc, append_bad_input);
    tcase_add_test(tc, append_over_limit_refused_unread);
    tcase_add_test(tc, copy_forms);
    tcase_add_test(tc, copy_bad_input);
    tcase_add_test(tc, copy_all_or_nothing);
    tcase_add_test(tc, move_forms);
    tcase_add_test(tc, two_sessions);
    tcase_add_test(tc, capabilities);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
