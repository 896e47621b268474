/*
 * test-imapd-changing.c -- chapter 11's minimail-imapd (chapter
 * changing-mail) on loopback: STORE in every form, with the flags landing
 * in the Maildir file names; EXPUNGE, UID EXPUNGE and CLOSE; bad flags
 * and bad sets answered BAD; and two sessions on one mailbox, where one
 * expunges and the other hears `* n EXPUNGE` only when RFC 3501 §7.4.1
 * allows it -- never during STORE, UID STORE or a refused command's OK.
 *
 * Messages are put into the Maildir the way any delivery agent does
 * (tmp/, then new/): POSIX only, never the modules under test.
 */
#include "imapd-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

static struct imapd D;     /* the server and its Maildir root */

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

/* The untagged responses hold exactly one EXPUNGE, this one. */
#define ONE_EXPUNGE(u, line)                                                      \
    do {                                                                          \
        HAS(u, line);                                                             \
        ck_assert_msg(imap_occurrences(u, "EXPUNGE") == 1, "more EXPUNGEs: %s", u); \
    } while (0)

/* How many files in alice's cur/ have names ending in @suffix (":2,S"). */
static int count_cur(const char *suffix)
{
    char dir[1024];
    struct dirent *e;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/alice/cur", D.root);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (e->d_name[0] != '.' && l >= sl && strcmp(e->d_name + l - sl, suffix) == 0)
            n++;
    }
    closedir(d);
    return n;
}

/* Start a server over three new messages, log in, SELECT INBOX. */
static int select_three(void)
{
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, 3);
    imapd_start(&D, NULL);
    int fd = imap_login(&D.p, "alice", "secret");
    const char *u, *t = imap_cmd(fd, "S", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 3 EXISTS");
    return fd;
}

START_TEST(store_forms)
{
    const char *u, *t;
    int fd = select_three();

    t = imap_cmd(fd, "a1", "STORE 1 +FLAGS (\\Seen)", &u);
    ck_assert_str_eq(t, "a1 OK STORE completed\r\n");
    ck_assert_str_eq(u, "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\n");
    ck_assert_int_eq(count_cur(":2,S"), 1);
    /* .SILENT: no FETCH for the message changed. */
    t = imap_cmd(fd, "a2", "STORE 2:3 +FLAGS.SILENT (\\Flagged \\Answered)", &u);
    OK(t);
    ck_assert_str_eq(u, "");
    ck_assert_int_eq(count_cur(":2,FR"), 2);
    /* FLAGS replaces, -FLAGS removes, keywords are dropped. */
    t = imap_cmd(fd, "a3", "STORE 2 FLAGS (\\Draft $Junk)", &u);
    OK(t);
    ck_assert_str_eq(u, "* 2 FETCH (FLAGS (\\Draft \\Recent))\r\n");
    t = imap_cmd(fd, "a4", "STORE 3 -FLAGS \\Flagged", &u);
    OK(t);
    ck_assert_str_eq(u, "* 3 FETCH (FLAGS (\\Answered \\Recent))\r\n");
    /* UID STORE: chosen by UID, and the UID is in the response. */
    t = imap_cmd(fd, "a5", "UID STORE 2 +FLAGS (\\Seen)", &u);
    ck_assert_str_eq(t, "a5 OK UID STORE completed\r\n");
    ck_assert_str_eq(u, "* 2 FETCH (UID 2 FLAGS (\\Seen \\Draft \\Recent))\r\n");
    t = imap_cmd(fd, "a6", "UID STORE 1:* FLAGS.SILENT ()", &u);
    OK(t);
    ck_assert_int_eq(count_cur(":2,"), 3);
    /* Bad input: BAD, and the session goes on. */
    HAS(imap_cmd(fd, "b1", "STORE 1 +FLAGS (\\Bogus)", NULL), "b1 BAD ");
    HAS(imap_cmd(fd, "b2", "STORE 1 +FLAGS (\\Se\"en)", NULL), "b2 BAD ");
    HAS(imap_cmd(fd, "b3", "STORE 4 +FLAGS (\\Seen)", NULL), "b3 BAD ");
    HAS(imap_cmd(fd, "b4", "STORE 0:1 +FLAGS (\\Seen)", NULL), "b4 BAD ");
    HAS(imap_cmd(fd, "b5", "STORE 1 +BODY (\\Seen)", NULL), "b5 BAD ");
    HAS(imap_cmd(fd, "b6", "STORE 1:4294967295 FLAGS ()", NULL), "b6 BAD ");
    HAS(imap_cmd(fd, "b7", "UID FROB 1", NULL), "b7 BAD ");
    OK(imap_cmd(fd, "a7", "UID STORE 1:4294967295 FLAGS ()", NULL));
    /* EXAMINE: read-only, NO. */
    OK(imap_cmd(fd, "a8", "EXAMINE INBOX", NULL));
    HAS(imap_cmd(fd, "a9", "STORE 1 +FLAGS (\\Seen)", NULL), "a9 NO ");
    HAS(imap_cmd(fd, "a10", "EXPUNGE", NULL), "a10 NO ");
    tl_close(fd);
}
END_TEST

START_TEST(expunge_forms)
{
    const char *u, *t;
    int fd = select_three();

    OK(imap_cmd(fd, "a1", "STORE 1:3 +FLAGS.SILENT (\\Deleted)", NULL));
    /* UID EXPUNGE 2: only UID 2 goes, though all three are \Deleted. */
    t = imap_cmd(fd, "a2", "UID EXPUNGE 2", &u);
    HAS(t, "a2 OK ");
    ONE_EXPUNGE(u, "* 2 EXPUNGE\r\n");
    /* EXPUNGE: the rest, highest first so every number stays valid. */
    OK(imap_cmd(fd, "a3", "STORE 1 -FLAGS.SILENT (\\Deleted)", NULL));
    t = imap_cmd(fd, "a4", "EXPUNGE", &u);
    HAS(t, "a4 OK ");
    ONE_EXPUNGE(u, "* 2 EXPUNGE\r\n");
    t = imap_cmd(fd, "a5", "EXPUNGE", &u);
    ck_assert_str_eq(u, "");
    ck_assert_int_eq(count_cur(":2,"), 1);
    /* CLOSE expunges silently. */
    imapd_drop(D.root, "alice", NULL, 2);
    t = imap_cmd(fd, "a6", "NOOP", &u);
    HAS(u, "* 3 EXISTS");
    OK(imap_cmd(fd, "a7", "STORE 1:2 +FLAGS.SILENT (\\Deleted)", NULL));
    t = imap_cmd(fd, "a8", "CLOSE", &u);
    ck_assert_str_eq(t, "a8 OK CLOSE completed\r\n");
    ck_assert_str_eq(u, "");
    t = imap_cmd(fd, "a9", "SELECT INBOX", &u);
    HAS(u, "* 1 EXISTS");
    /* CLOSE of an EXAMINEd mailbox leaves \Deleted messages alone. */
    OK(imap_cmd(fd, "a10", "STORE 1 +FLAGS.SILENT (\\Deleted)", NULL));
    OK(imap_cmd(fd, "a11", "EXAMINE INBOX", NULL));
    OK(imap_cmd(fd, "a12", "CLOSE", NULL));
    t = imap_cmd(fd, "a13", "SELECT INBOX", &u);
    HAS(u, "* 1 EXISTS");
    HAS(imap_cmd(fd, "b1", "UID EXPUNGE", NULL), "b1 BAD ");
    HAS(imap_cmd(fd, "b2", "EXPUNGE 1", NULL), "b2 BAD ");
    tl_close(fd);
}
END_TEST

START_TEST(two_sessions_expunge)
{
    const char *u, *t;
    int a = select_three();
    int b = imap_login(&D.p, "alice", "secret");

    t = imap_cmd(b, "S", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 3 EXISTS");
    /* A deletes message 1 and expunges it. */
    OK(imap_cmd(a, "a1", "STORE 1 +FLAGS.SILENT (\\Deleted)", NULL));
    t = imap_cmd(a, "a2", "EXPUNGE", &u);
    ONE_EXPUNGE(u, "* 1 EXPUNGE\r\n");
    /* B stores by its own numbers: no EXPUNGE during STORE (§7.4.1). */
    t = imap_cmd(b, "b1", "STORE 1:3 +FLAGS (\\Seen)", &u);
    OK(t);
    ck_assert_msg(strstr(u, "EXPUNGE") == NULL, "EXPUNGE during STORE: %s", u);
    HAS(u, "* 2 FETCH (FLAGS (\\Seen");
    HAS(u, "* 3 FETCH (FLAGS (\\Seen");
    t = imap_cmd(b, "b2", "UID STORE 1:* +FLAGS (\\Answered)", &u);
    ck_assert_msg(strstr(u, "EXPUNGE") == NULL, "EXPUNGE during UID STORE: %s", u);
    /* Message 3 is still message 3 for B until it may hear EXPUNGE. */
    HAS(u, "* 3 FETCH (UID 3 ");
    t = imap_cmd(b, "b3", "NOOP", &u);
    HAS(u, "* 1 EXPUNGE");
    /* And A hears B's flag changes on its next command. */
    t = imap_cmd(a, "a3", "NOOP", &u);
    HAS(u, "* 1 FETCH (FLAGS (\\Answered \\Seen");
    HAS(u, "* 2 FETCH (FLAGS (\\Answered \\Seen");
    tl_close(a);
    tl_close(b);
}
END_TEST

static Suite *changing_suite(void)
{
    Suite *s = suite_create("imapd-changing");
    TCase *tc = tl_tcase("changing");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, store_forms);
    tcase_add_test(tc, expunge_forms);
    tcase_add_test(tc, two_sessions_expunge);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(changing_suite());
}
