/*
 * test-imapd-mailboxes.c -- minimail-imapd (chapter mailboxes) as a program
 * on loopback: its command line and exit codes; UIDs that survive a
 * server restart; two sessions while mail arrives (consistent UIDs,
 * \Recent for exactly one of them); mail delivered by minimail-smtpd read
 * back (EXISTS, UIDNEXT); updates from other Maildir programs (new mail,
 * flags, expunges, a deleted mailbox); hostile names that never leave the
 * Maildir; the connection limit and the autologout timer.
 *
 * Messages are put into the Maildirs the way any delivery agent does
 * (a file in tmp/, renamed into new/): this test uses POSIX only, never
 * the modules under test.
 */
#include "imapd-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#define IMAPD "chapters/09-mailboxes/imapd"
/* The installed SMTP server of the latest chapter that builds one (the
 * name moves forward as chapters take it over), else chapter 5's. */
static const char *smtpd_path(void)
{
    static const char *const candidates[] = {
        "chapters/07-relaying/minimail-smtpd",
        "chapters/05-storing-mail/minimail-smtpd",
        "chapters/05-storing-mail/smtpd",
    };
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(tl_build_path(candidates[i]), X_OK) == 0)
            return tl_build_path(candidates[i]);
    return tl_build_path(candidates[0]);
}

static char *tmp;          /* the test's directory */
static char root[512];     /* the Maildir root: tmp/mail */

static void setup(void)
{
    tmp = tl_tmpdir();
    ck_assert_ptr_nonnull(tmp);
    snprintf(root, sizeof root, "%s/mail", tmp);
}

static void teardown(void)
{
    tl_rmtree(tmp);
    free(tmp);
}

#define HAS IMAP_HAS
#define OK IMAP_OK

/* Start minimail-imapd on 127.0.0.1:0 over the test's root, plus @p extra. */
static void start(struct tl_proc *p, const char *const *extra)
{
    imapd_spawn(p, IMAPD, root, extra);
}

/* Connect and log in as alice. */
static int login(const struct tl_proc *p)
{
    return imap_login(p, "alice", "secret");
}

/* ---- the command line ------------------------------------------------------ */

START_TEST(command_line)
{
    char *out;
    const char *const help[] = { "--help", NULL };
    const char *const version[] = { "--version", NULL };
    ck_assert_int_eq(imapd_run(IMAPD, help, &out, NULL), EX_OK);
    ck_assert_ptr_nonnull(strstr(out, "Usage: imapd --maildir-root DIR"));
    ck_assert_ptr_nonnull(strstr(out, "default 127.0.0.1:1143"));
    ck_assert_ptr_nonnull(strstr(out, "default 1800"));
    free(out);
    ck_assert_int_eq(imapd_run(IMAPD, version, &out, NULL), EX_OK);
    ck_assert_msg(strncmp(out, "imapd (minimail) ", 17) == 0, "%s", out);
    free(out);
    const char *const none[] = { "--stdio", NULL };
    imapd_expect_exit(IMAPD, none, EX_USAGE, "missing --maildir-root");
    const char *const bad[] = { "--maildir-root", root, "--bogus", NULL };
    imapd_expect_exit(IMAPD, bad, EX_USAGE, NULL);
    const char *const extra[] = { "--maildir-root", root, "surplus", NULL };
    imapd_expect_exit(IMAPD, extra, EX_USAGE, "unexpected argument");
    const char *const timeout[] = { "--maildir-root", root, "--timeout", "0", NULL };
    imapd_expect_exit(IMAPD, timeout, EX_USAGE, "bad --timeout");
    const char *const sessions[] = { "--maildir-root", root, "--max-sessions", "x", NULL };
    imapd_expect_exit(IMAPD, sessions, EX_USAGE, "bad --max-sessions");
    const char *const listen[] = { "--maildir-root", root, "--listen", "nowhere", NULL };
    imapd_expect_exit(IMAPD, listen, EX_USAGE, "bad --listen");
    const char *const plain[] = { "--maildir-root", root, "--plaintext-auth", "x", NULL };
    imapd_expect_exit(IMAPD, plain, EX_USAGE, "bad --plaintext-auth");
    const char *const users[] = { "--maildir-root", root, "--users", "/nonexistent", NULL };
    imapd_expect_exit(IMAPD, users, EX_CONFIG, "cannot use --users");
    char file[1024];
    snprintf(file, sizeof file, "%s/file", tmp);
    close(open(file, O_CREAT | O_WRONLY, 0600));
    const char *const notdir[] = { "--maildir-root", file, "--stdio", NULL };
    imapd_expect_exit(IMAPD, notdir, EX_CANTCREAT, "Not a directory");
    /* --stdio with stdin closed: a greeting, then the session ends. */
    const char *const stdio[] = { "--maildir-root", root, "--stdio", NULL };
    ck_assert_int_eq(imapd_run(IMAPD, stdio, &out, NULL), EX_OK);
    ck_assert_ptr_nonnull(strstr(out, "* OK [CAPABILITY IMAP4rev1 "));
    free(out);
}
END_TEST

/* ---- UIDs across a restart ------------------------------------------------- */

START_TEST(uids_survive_a_restart)
{
    struct tl_proc p;
    const char *u, *t;
    imapd_make_maildir(root, "alice");
    imapd_drop(root, "alice", NULL, 3);
    start(&p, NULL);
    int fd = login(&p);
    t = imap_cmd(fd, "a", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 3 EXISTS\r\n");
    HAS(u, "* 3 RECENT\r\n");
    HAS(u, "* OK [UNSEEN 1] ");
    HAS(u, "* OK [UIDNEXT 4] ");
    long validity = imap_num_after(u, "[UIDVALIDITY ");
    ck_assert_int_gt(validity, 0);
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);

    /* Two more while the server is down; then a new server process. */
    imapd_drop(root, "alice", NULL, 2);
    start(&p, NULL);
    fd = login(&p);
    t = imap_cmd(fd, "b", "STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)", &u);
    OK(t);
    HAS(u, "MESSAGES 5 RECENT 2 UIDNEXT 6 ");
    ck_assert_int_eq(imap_num_after(u, "UIDVALIDITY "), validity);
    t = imap_cmd(fd, "c", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 5 EXISTS\r\n");
    HAS(u, "* 2 RECENT\r\n");
    HAS(u, "* OK [UIDNEXT 6] ");
    ck_assert_int_eq(imap_num_after(u, "[UIDVALIDITY "), validity);
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);

    /* The map on disk: the documented format, UIDs 1..5. */
    char path[1024], buf[4096];
    snprintf(path, sizeof path, "%s/alice/minimail-uidlist", root);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char head[128];
    snprintf(head, sizeof head, "minimail-uidlist 1\nuidvalidity %ld\nuidnext 6\n1 ", validity);
    ck_assert_msg(strncmp(buf, head, strlen(head)) == 0, "%s", buf);
    HAS(buf, "\n5 ");
}
END_TEST

/* ---- two sessions while mail arrives ----------------------------------------- */

START_TEST(two_sessions_while_mail_arrives)
{
    struct tl_proc p;
    const char *u, *t;
    imapd_make_maildir(root, "alice");
    start(&p, NULL);
    int a = login(&p), b = login(&p);
    OK(imap_cmd(a, "a1", "SELECT INBOX", NULL));
    OK(imap_cmd(b, "b1", "SELECT INBOX", NULL));
    long exists_a = 0, exists_b = 0;
    int total = 0;
    for (int round = 0; round < 8; round++) {
        imapd_drop(root, "alice", NULL, 1 + round % 3);
        total += 1 + round % 3;
        /* Both ask (in turns, which one first): each learns the new count. */
        int first = round % 2 == 0 ? a : b, second = first == a ? b : a;
        for (int k = 0; k < 2; k++) {
            int fd = k == 0 ? first : second;
            t = imap_cmd(fd, "n", "NOOP", &u);
            OK(t);
            long e = imap_num_after(u, "* ");
            ck_assert_msg(e == total, "EXISTS %ld, want %d: %s", e, total, u);
            if (fd == a)
                exists_a = e;
            else
                exists_b = e;
        }
    }
    ck_assert_int_eq(exists_a, total);
    ck_assert_int_eq(exists_b, total);
    /* \Recent: each message was moved to cur/ by exactly one session. */
    t = imap_cmd(a, "r", "SELECT INBOX", &u);          /* reselect: nothing new is \Recent */
    OK(t);
    HAS(u, "* 0 RECENT\r\n");
    char want[64];
    snprintf(want, sizeof want, "* OK [UIDNEXT %d] ", total + 1);
    HAS(u, want);
    /* A third session agrees on the numbers. */
    int c = login(&p);
    t = imap_cmd(c, "s", "STATUS INBOX (MESSAGES UIDNEXT)", &u);
    OK(t);
    snprintf(want, sizeof want, "(MESSAGES %d UIDNEXT %d)", total, total + 1);
    HAS(u, want);
    tl_close(a);
    tl_close(b);
    tl_close(c);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
    /* And the map has one line per message, UIDs 1..total, no name twice. */
    char path[1024], line[512];
    snprintf(path, sizeof path, "%s/alice/minimail-uidlist", root);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    int lines = 0, expect_uid = 1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (++lines <= 3)
            continue;
        ck_assert_int_eq(atoi(line), expect_uid++);
    }
    fclose(f);
    ck_assert_int_eq(lines - 3, total);
}
END_TEST

/* The last "* N RECENT" in a batch of untagged responses, or -1. */
static long last_recent(const char *u)
{
    long n = -1;
    for (const char *line = u; *line != '\0';) {
        const char *end = strstr(line, "\r\n");
        if (end == NULL)
            break;
        if (strncmp(line, "* ", 2) == 0 && end - line > 9 && strncmp(end - 7, " RECENT", 7) == 0)
            n = strtol(line + 2, NULL, 10);
        line = end + 2;
    }
    return n;
}

/* Three sessions ask for news in turns while mail keeps arriving: every
 * message is \Recent in exactly one of them (the one whose scan moved it
 * from new/ to cur/), so their RECENT counts add up to the deliveries. */
START_TEST(recent_to_exactly_one_session)
{
    struct tl_proc p;
    const char *u;
    long recent[3] = { 0, 0, 0 };
    imapd_make_maildir(root, "alice");
    start(&p, NULL);
    int s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = login(&p);
        OK(imap_cmd(s[i], "x", "SELECT INBOX", NULL));
    }
    for (int round = 0; round < 10; round++) {
        imapd_drop(root, "alice", NULL, 2);
        for (int i = 0; i < 3; i++) {
            int k = (i + round) % 3;
            OK(imap_cmd(s[k], "n", "NOOP", &u));
            if (last_recent(u) >= 0)
                recent[k] = last_recent(u);
        }
    }
    ck_assert_msg(recent[0] + recent[1] + recent[2] == 20, "RECENT %ld + %ld + %ld != 20",
                  recent[0], recent[1], recent[2]);
    /* Selected again, nothing is new: \Recent was taken, once. */
    for (int i = 0; i < 3; i++) {
        OK(imap_cmd(s[i], "e", "EXAMINE INBOX", &u));
        HAS(u, "* 20 EXISTS\r\n");
        HAS(u, "* 0 RECENT\r\n");
    }
    for (int i = 0; i < 3; i++)
        tl_close(s[i]);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

/* ---- minimail-smtpd delivers, minimail-imapd reads ------------------------- */

START_TEST(mail_from_smtpd)
{
    struct tl_proc smtp, imap;
    const char *u, *t;
    char *argv[] = { (char *)smtpd_path(), "--listen", "127.0.0.1:0",
                     "--maildir-root", root, "--domain", "example.test",
                     "--users", (char *)imapd_users_file(), "--hostname", "mx.example.test", NULL };
    mkdir(root, 0700);
    ck_assert_msg(tl_spawn_server(&smtp, argv) == 0, "minimail-smtpd did not start");
    int fd = tl_connect(smtp.host, smtp.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(tl_expect_prefix(fd, "220 "));
    tl_send(fd, "HELO client.example\r\n");
    ck_assert(tl_expect_prefix(fd, "250 "));
    for (int i = 0; i < 2; i++) {
        tl_send(fd, "MAIL FROM:<bob@example.org>\r\n");
        ck_assert(tl_expect_prefix(fd, "250 "));
        tl_send(fd, "RCPT TO:<alice@example.test>\r\n");
        ck_assert(tl_expect_prefix(fd, "250 "));
        tl_send(fd, "DATA\r\n");
        ck_assert(tl_expect_prefix(fd, "354 "));
        tl_send(fd, "Subject: hello\r\n\r\nHi Alice.\r\n.\r\n");
        ck_assert(tl_expect_prefix(fd, "250 "));
    }
    tl_send(fd, "QUIT\r\n");
    ck_assert(tl_expect_prefix(fd, "221 "));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&smtp, SIGTERM), 0);
    tl_cleanup(&smtp);

    start(&imap, NULL);
    fd = login(&imap);
    t = imap_cmd(fd, "a", "STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)", &u);
    OK(t);
    HAS(u, "* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UNSEEN 2)\r\n");
    t = imap_cmd(fd, "b", "SELECT INBOX", &u);
    OK(t);
    HAS(t, "[READ-WRITE]");
    HAS(u, "* 2 EXISTS\r\n");
    HAS(u, "* 2 RECENT\r\n");
    HAS(u, "* OK [UNSEEN 1] ");
    HAS(u, "* OK [UIDNEXT 3] ");
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&imap, SIGTERM), 0);
    tl_cleanup(&imap);
}
END_TEST

/* ---- changes made by other Maildir programs ---------------------------------- */

/* The name of the only file in DIR/SUB. */
static void only_file(const char *sub, char *out, size_t outsz)
{
    char path[700];
    snprintf(path, sizeof path, "%s/alice/%s", root, sub);
    DIR *d = opendir(path);
    struct dirent *de;
    out[0] = '\0';
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            snprintf(out, outsz, "%s/%s", path, de->d_name);
    closedir(d);
    ck_assert_msg(out[0] != '\0', "no file in %s", path);
}

START_TEST(updates_from_other_programs)
{
    struct tl_proc p;
    const char *u, *t;
    char file[1200], renamed[1300];
    _Static_assert(sizeof file > 700 + 256 + 2, "room for a path");
    imapd_make_maildir(root, "alice");
    start(&p, NULL);
    int fd = login(&p);
    t = imap_cmd(fd, "a", "SELECT INBOX", &u);
    HAS(u, "* 0 EXISTS\r\n");
    imapd_drop(root, "alice", NULL, 1);
    t = imap_cmd(fd, "b", "NOOP", &u);
    OK(t);
    HAS(u, "* 1 EXISTS\r\n* 1 RECENT\r\n");
    /* mutt marks it read: cur/NAME:2, becomes cur/NAME:2,S */
    only_file("cur", file, sizeof file);
    snprintf(renamed, sizeof renamed, "%sS", file);
    ck_assert_int_eq(rename(file, renamed), 0);
    t = imap_cmd(fd, "c", "NOOP", &u);
    OK(t);
    HAS(u, "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\n");
    /* ... and deletes it. */
    ck_assert_int_eq(unlink(renamed), 0);
    t = imap_cmd(fd, "d", "CHECK", &u);
    OK(t);
    HAS(u, "* 1 EXPUNGE\r\n");
    HAS(u, "* 0 RECENT\r\n");
    /* The mailbox itself goes: the session cannot go on. */
    OK(imap_cmd(fd, "e", "CREATE Doomed", NULL));
    OK(imap_cmd(fd, "f", "SELECT Doomed", NULL));
    t = imap_cmd(fd, "g", "DELETE Doomed", &u);
    HAS(u, "* BYE Selected mailbox was deleted");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

/* ---- hostile names never leave the Maildir ----------------------------------- */

/* Everything under DIR, as one string of relative paths. */
static void walk(const char *dir, const char *rel, char *out, size_t outsz)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        char path[1024], r[1024];
        struct stat st;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(r, sizeof r, "%s%s", rel, de->d_name);
        size_t n = strlen(out);
        snprintf(out + n, outsz - n, "%s\n", r);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            strcat(r, "/");
            walk(path, r, out, outsz);
        }
    }
    closedir(d);
}

START_TEST(hostile_names_stay_inside)
{
    struct tl_proc p;
    const char *u, *t;
    static char before[16384], after[16384];
    const char *hostile[] = {
        "CREATE ../escaped", "CREATE ../../escaped", "CREATE \"a/../../../escaped\"",
        "CREATE /tmp/escaped", "CREATE .escaped", "CREATE ~escaped", "CREATE {10+}\r\n../escaped",
        "RENAME INBOX ../escaped", "RENAME INBOX \"x/../../escaped\"", "DELETE ../..",
        "DELETE ..", "SELECT ../../mail", "STATUS .. (MESSAGES)", "SUBSCRIBE ../x",
    };
    imapd_make_maildir(root, "alice");
    imapd_drop(root, "alice", NULL, 1);
    start(&p, NULL);
    int fd = login(&p);
    walk(tmp, "", before, sizeof before);
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        t = imap_cmd(fd, "h", hostile[i], &u);
        ck_assert_msg(strncmp(t, "h NO [CANNOT] ", 14) == 0, "%s -> %s", hostile[i], t);
    }
    /* The session lives on, and nothing on disk changed. */
    OK(imap_cmd(fd, "z", "NOOP", NULL));
    walk(tmp, "", after, sizeof after);
    ck_assert_str_eq(after, before);
    tl_close(fd);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

/* ---- limits ------------------------------------------------------------------ */

START_TEST(connection_limit_and_autologout)
{
    struct tl_proc p;
    const char *const extra[] = { "--max-sessions", "1", "--timeout", "1", NULL };
    start(&p, extra);
    int a = login(&p);
    int b = tl_connect(p.host, p.port);
    ck_assert_int_ge(b, 0);
    ck_assert(tl_expect_line(b, "* BYE Too many connections, try again later"));
    ck_assert(tl_expect_eof(b));
    tl_close(b);
    /* Idle for --timeout: autologout with BYE (RFC 3501 §5.4). */
    ck_assert(tl_expect_prefix(a, "* BYE "));
    ck_assert(tl_expect_eof(a));
    tl_close(a);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), 0);
    tl_cleanup(&p);
}
END_TEST

static Suite *imapd_suite(void)
{
    Suite *s = suite_create("minimail-imapd");
    TCase *tc = tl_tcase("program");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, command_line);
    tcase_add_test(tc, uids_survive_a_restart);
    tcase_add_test(tc, two_sessions_while_mail_arrives);
    tcase_add_test(tc, recent_to_exactly_one_session);
    tcase_add_test(tc, mail_from_smtpd);
    tcase_add_test(tc, updates_from_other_programs);
    tcase_add_test(tc, hostile_names_stay_inside);
    tcase_add_test(tc, connection_limit_and_autologout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(imapd_suite());
}
