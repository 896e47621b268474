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
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

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

static const char *users_file(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", tl_src_path("tests/dialogs/imap-conversation/users"));
    return path;
}

/* Start minimail-imapd on 127.0.0.1:0 over the test's root, plus @p extra. */
static void start(struct tl_proc *p, const char *const *extra)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tl_build_path(IMAPD);
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--users";
    argv[n++] = (char *)users_file();
    argv[n++] = "--maildir-root";
    argv[n++] = root;
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    ck_assert_msg(tl_spawn_server(p, argv) == 0, "minimail-imapd did not start");
}

/* Send "TAG COMMAND", read up to the tagged response; the untagged lines
 * (CRLF kept) in *untagged (static, per slot), the tagged line returned. */
static const char *cmd(int fd, const char *tag, const char *command, const char **untagged)
{
    static char tagged[2][4096], collected[2][16384];
    static int slot;
    char line[4096];
    size_t len = 0, tl = strlen(tag);
    slot ^= 1;
    collected[slot][0] = '\0';
    ck_assert_int_eq(tl_send(fd, tag), 0);
    ck_assert_int_eq(tl_send(fd, " "), 0);
    ck_assert_int_eq(tl_send(fd, command), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
    for (;;) {
        ssize_t r = tl_read_line(fd, line, sizeof line);
        ck_assert_msg(r > 0, "no answer to %s %s (so far: %s)", tag, command, collected[slot]);
        if (strncmp(line, tag, tl) == 0 && line[tl] == ' ') {
            snprintf(tagged[slot], sizeof tagged[slot], "%s", line);
            break;
        }
        if (len + (size_t)r < sizeof collected[slot]) {
            memcpy(collected[slot] + len, line, (size_t)r + 1);
            len += (size_t)r;
        }
    }
    if (untagged != NULL)
        *untagged = collected[slot];
    return tagged[slot];
}

/* Connect and log in as alice. */
static int login(const struct tl_proc *p)
{
    int fd = tl_connect(p->host, p->port);
    ck_assert_int_ge(fd, 0);
    ck_assert(tl_expect_prefix(fd, "* OK [CAPABILITY IMAP4rev1 "));
    const char *t = cmd(fd, "L", "LOGIN alice secret", NULL);
    ck_assert_msg(strncmp(t, "L OK ", 5) == 0, "%s", t);
    return fd;
}

#define HAS(text, part) ck_assert_msg(strstr(text, part) != NULL, "\"%s\" lacks \"%s\"", text, part)
#define OK(t) ck_assert_msg(strstr(t, " OK ") != NULL, "not OK: %s", t)

/* Deliver a message into DIR (root/alice or root/alice/.Folder) as a
 * delivery agent does: tmp/ then new/. */
static void drop(const char *folder, int n)
{
    char dir[1024], tmpf[1200], newf[1200], name[128];
    static int counter;
    if (folder == NULL)
        snprintf(dir, sizeof dir, "%s/alice", root);
    else
        snprintf(dir, sizeof dir, "%s/alice/.%s", root, folder);
    for (int i = 0; i < n; i++) {
        int c = ++counter;
        snprintf(name, sizeof name, "17000%05d.M%dP%dQ%d.test", c, c, (int)getpid(), c);
        snprintf(tmpf, sizeof tmpf, "%s/tmp/%s", dir, name);
        snprintf(newf, sizeof newf, "%s/new/%s", dir, name);
        FILE *f = fopen(tmpf, "w");
        ck_assert_msg(f != NULL, "%s: %s", tmpf, strerror(errno));
        fprintf(f, "From: t@example.test\nSubject: %d\n\nbody %d\n", counter, counter);
        fclose(f);
        ck_assert_int_eq(rename(tmpf, newf), 0);
    }
}

static void make_maildir(void)
{
    char p[1024];
    const char *subs[] = { "", "/alice", "/alice/tmp", "/alice/new", "/alice/cur" };
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s%s", root, subs[i]);
        mkdir(p, 0700);
    }
}

/* How many times @part occurs in @text. */
static int occurrences(const char *text, const char *part)
{
    int n = 0;
    for (const char *q = text; (q = strstr(q, part)) != NULL; q += strlen(part))
        n++;
    return n;
}

/* The untagged responses hold exactly one EXPUNGE, this one. */
#define ONE_EXPUNGE(u, line)                                                      \
    do {                                                                          \
        HAS(u, line);                                                             \
        ck_assert_msg(occurrences(u, "EXPUNGE") == 1, "more EXPUNGEs: %s", u); \
    } while (0)

/* How many files in alice's cur/ have names ending in @suffix (":2,S"). */
static int count_cur(const char *suffix)
{
    char dir[1024];
    struct dirent *e;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/alice/cur", root);
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
static int select_three(struct tl_proc *p)
{
    make_maildir();
    drop(NULL, 3);
    start(p, NULL);
    int fd = login(p);
    const char *u, *t = cmd(fd, "S", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 3 EXISTS");
    return fd;
}

START_TEST(store_forms)
{
    struct tl_proc p;
    const char *u, *t;
    int fd = select_three(&p);

    t = cmd(fd, "a1", "STORE 1 +FLAGS (\\Seen)", &u);
    ck_assert_str_eq(t, "a1 OK STORE completed\r\n");
    ck_assert_str_eq(u, "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\n");
    ck_assert_int_eq(count_cur(":2,S"), 1);
    /* .SILENT: no FETCH for the message changed. */
    t = cmd(fd, "a2", "STORE 2:3 +FLAGS.SILENT (\\Flagged \\Answered)", &u);
    OK(t);
    ck_assert_str_eq(u, "");
    ck_assert_int_eq(count_cur(":2,FR"), 2);
    /* FLAGS replaces, -FLAGS removes, keywords are dropped. */
    t = cmd(fd, "a3", "STORE 2 FLAGS (\\Draft $Junk)", &u);
    OK(t);
    ck_assert_str_eq(u, "* 2 FETCH (FLAGS (\\Draft \\Recent))\r\n");
    t = cmd(fd, "a4", "STORE 3 -FLAGS \\Flagged", &u);
    OK(t);
    ck_assert_str_eq(u, "* 3 FETCH (FLAGS (\\Answered \\Recent))\r\n");
    /* UID STORE: chosen by UID, and the UID is in the response. */
    t = cmd(fd, "a5", "UID STORE 2 +FLAGS (\\Seen)", &u);
    ck_assert_str_eq(t, "a5 OK UID STORE completed\r\n");
    ck_assert_str_eq(u, "* 2 FETCH (UID 2 FLAGS (\\Seen \\Draft \\Recent))\r\n");
    t = cmd(fd, "a6", "UID STORE 1:* FLAGS.SILENT ()", &u);
    OK(t);
    ck_assert_int_eq(count_cur(":2,"), 3);
    /* Bad input: BAD, and the session goes on. */
    HAS(cmd(fd, "b1", "STORE 1 +FLAGS (\\Bogus)", NULL), "b1 BAD ");
    HAS(cmd(fd, "b2", "STORE 1 +FLAGS (\\Se\"en)", NULL), "b2 BAD ");
    HAS(cmd(fd, "b3", "STORE 4 +FLAGS (\\Seen)", NULL), "b3 BAD ");
    HAS(cmd(fd, "b4", "STORE 0:1 +FLAGS (\\Seen)", NULL), "b4 BAD ");
    HAS(cmd(fd, "b5", "STORE 1 +BODY (\\Seen)", NULL), "b5 BAD ");
    HAS(cmd(fd, "b6", "STORE 1:4294967295 FLAGS ()", NULL), "b6 BAD ");
    HAS(cmd(fd, "b7", "UID FROB 1", NULL), "b7 BAD ");
    OK(cmd(fd, "a7", "UID STORE 1:4294967295 FLAGS ()", NULL));
    /* EXAMINE: read-only, NO. */
    OK(cmd(fd, "a8", "EXAMINE INBOX", NULL));
    HAS(cmd(fd, "a9", "STORE 1 +FLAGS (\\Seen)", NULL), "a9 NO ");
    HAS(cmd(fd, "a10", "EXPUNGE", NULL), "a10 NO ");
    tl_close(fd);
    tl_stop(&p, 15);
    tl_cleanup(&p);
}
END_TEST

START_TEST(expunge_forms)
{
    struct tl_proc p;
    const char *u, *t;
    int fd = select_three(&p);

    OK(cmd(fd, "a1", "STORE 1:3 +FLAGS.SILENT (\\Deleted)", NULL));
    /* UID EXPUNGE 2: only UID 2 goes, though all three are \Deleted. */
    t = cmd(fd, "a2", "UID EXPUNGE 2", &u);
    HAS(t, "a2 OK ");
    ONE_EXPUNGE(u, "* 2 EXPUNGE\r\n");
    /* EXPUNGE: the rest, highest first so every number stays valid. */
    OK(cmd(fd, "a3", "STORE 1 -FLAGS.SILENT (\\Deleted)", NULL));
    t = cmd(fd, "a4", "EXPUNGE", &u);
    HAS(t, "a4 OK ");
    ONE_EXPUNGE(u, "* 2 EXPUNGE\r\n");
    t = cmd(fd, "a5", "EXPUNGE", &u);
    ck_assert_str_eq(u, "");
    ck_assert_int_eq(count_cur(":2,"), 1);
    /* CLOSE expunges silently. */
    drop(NULL, 2);
    t = cmd(fd, "a6", "NOOP", &u);
    HAS(u, "* 3 EXISTS");
    OK(cmd(fd, "a7", "STORE 1:2 +FLAGS.SILENT (\\Deleted)", NULL));
    t = cmd(fd, "a8", "CLOSE", &u);
    ck_assert_str_eq(t, "a8 OK CLOSE completed\r\n");
    ck_assert_str_eq(u, "");
    t = cmd(fd, "a9", "SELECT INBOX", &u);
    HAS(u, "* 1 EXISTS");
    /* CLOSE of an EXAMINEd mailbox leaves \Deleted messages alone. */
    OK(cmd(fd, "a10", "STORE 1 +FLAGS.SILENT (\\Deleted)", NULL));
    OK(cmd(fd, "a11", "EXAMINE INBOX", NULL));
    OK(cmd(fd, "a12", "CLOSE", NULL));
    t = cmd(fd, "a13", "SELECT INBOX", &u);
    HAS(u, "* 1 EXISTS");
    HAS(cmd(fd, "b1", "UID EXPUNGE", NULL), "b1 BAD ");
    HAS(cmd(fd, "b2", "EXPUNGE 1", NULL), "b2 BAD ");
    tl_close(fd);
    tl_stop(&p, 15);
    tl_cleanup(&p);
}
END_TEST

START_TEST(two_sessions_expunge)
{
    struct tl_proc p;
    const char *u, *t;
    int a = select_three(&p);
    int b = login(&p);

    t = cmd(b, "S", "SELECT INBOX", &u);
    OK(t);
    HAS(u, "* 3 EXISTS");
    /* A deletes message 1 and expunges it. */
    OK(cmd(a, "a1", "STORE 1 +FLAGS.SILENT (\\Deleted)", NULL));
    t = cmd(a, "a2", "EXPUNGE", &u);
    ONE_EXPUNGE(u, "* 1 EXPUNGE\r\n");
    /* B stores by its own numbers: no EXPUNGE during STORE (§7.4.1). */
    t = cmd(b, "b1", "STORE 1:3 +FLAGS (\\Seen)", &u);
    OK(t);
    ck_assert_msg(strstr(u, "EXPUNGE") == NULL, "EXPUNGE during STORE: %s", u);
    HAS(u, "* 2 FETCH (FLAGS (\\Seen");
    HAS(u, "* 3 FETCH (FLAGS (\\Seen");
    t = cmd(b, "b2", "UID STORE 1:* +FLAGS (\\Answered)", &u);
    ck_assert_msg(strstr(u, "EXPUNGE") == NULL, "EXPUNGE during UID STORE: %s", u);
    /* Message 3 is still message 3 for B until it may hear EXPUNGE. */
    HAS(u, "* 3 FETCH (UID 3 ");
    t = cmd(b, "b3", "NOOP", &u);
    HAS(u, "* 1 EXPUNGE");
    /* And A hears B's flag changes on its next command. */
    t = cmd(a, "a3", "NOOP", &u);
    HAS(u, "* 1 FETCH (FLAGS (\\Answered \\Seen");
    HAS(u, "* 2 FETCH (FLAGS (\\Answered \\Seen");
    tl_close(a);
    tl_close(b);
    tl_stop(&p, 15);
    tl_cleanup(&p);
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
