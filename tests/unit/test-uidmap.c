/*
 * test-uidmap.c -- unit tests of src/uidmap.c and src/mailflags.c
 * (chapter mailboxes): UIDs that persist across a "restart" (a fresh
 * scan of the same directory), new/ -> cur/ and \Recent, flag renames,
 * new and vanished messages, a damaged map, UIDVALIDITY that never
 * repeats, several processes adding messages at once, and the flag
 * letters of Maildir file names.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailflags.h"
#include "uidmap.h"
#include "testlib.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir;

static void mkdirs(const char *base)
{
    char p[512];
    const char *subs[] = { "", "/cur", "/new", "/tmp" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", base, subs[i]);
        ck_assert_msg(mkdir(p, 0700) == 0 || i == 0, "mkdir %s", p);
    }
}

static void setup(void)
{
    dir = tl_tmpdir();
    ck_assert_ptr_nonnull(dir);
    mkdirs(dir);
}

static void teardown(void)
{
    tl_rmtree(dir);
    free(dir);
}

static void touch(const char *sub, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void rm(const char *sub, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    ck_assert_int_eq(unlink(path), 0);
}

static struct uidmap_scan scan(int move)
{
    struct uidmap_scan s;
    char err[UIDMAP_ERRLEN] = "";
    ck_assert_msg(uidmap_scan(dir, dir, move, &s, err, sizeof err) == 0, "scan: %s", err);
    for (size_t i = 1; i < s.count; i++)
        ck_assert_msg(s.msgs[i - 1].uid < s.msgs[i].uid, "not sorted by UID");
    return s;
}

/* The UID of the message whose file name starts with @p base (0: none). */
static uint32_t uid_of(const struct uidmap_scan *s, const char *base)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->msgs[i].base_len == strlen(base) && strncmp(s->msgs[i].name, base, strlen(base)) == 0)
            return s->msgs[i].uid;
    return 0;
}

static char *read_file(const char *name)
{
    static char buf[4096];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    ck_assert_int_ge(n, 0);
    buf[n] = '\0';
    return buf;
}

START_TEST(first_scan_numbers_in_name_order)
{
    touch("cur", "1700000002.M2P2Q1.h:2,S");
    touch("cur", "1700000001.M1P1Q1.h:2,");
    touch("new", "1700000003.M3P3Q1.h,S=5");
    touch("cur", ".hidden");
    struct uidmap_scan s = scan(0);
    ck_assert_int_eq(s.created, 1);
    ck_assert_uint_eq(s.added, 3);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_ne(s.uidvalidity, 0);
    ck_assert_uint_eq(s.uidnext, 4);
    ck_assert_str_eq(s.msgs[0].name, "1700000001.M1P1Q1.h:2,");
    ck_assert_str_eq(s.msgs[1].name, "1700000002.M2P2Q1.h:2,S");
    ck_assert_str_eq(s.msgs[2].name, "1700000003.M3P3Q1.h,S=5");
    ck_assert_int_eq(s.msgs[2].in_new, 1);
    ck_assert_int_eq(s.msgs[2].moved, 0);
    /* The documented file format. */
    char want[512];
    snprintf(want, sizeof want,
             "minimail-uidlist 1\nuidvalidity %lu\nuidnext 4\n"
             "1 1700000001.M1P1Q1.h\n2 1700000002.M2P2Q1.h\n3 1700000003.M3P3Q1.h,S=5\n",
             (unsigned long)s.uidvalidity);
    ck_assert_str_eq(read_file(UIDMAP_FILE), want);
    uidmap_scan_free(&s);
    uidmap_scan_free(&s);
}
END_TEST

/* Regression (found by curl against the pair, tests/clients/
 * test-curl-imap-uid.sh): new messages were numbered in name order, and
 * the microseconds of a Maildir name are not zero-padded, so a message
 * delivered later could get the lower UID.  They are numbered by the
 * delivery time in their names, as numbers; names without an M field
 * count as microsecond 0, ties go by name; known UIDs stay. */
START_TEST(new_messages_numbered_in_delivery_order)
{
    touch("new", "1700000000.M100000P2Q1.h");       /* 3rd: 0.100000 s */
    touch("new", "1700000001.M5P4Q1.h,S=9");        /* 6th: 1.000005 s */
    touch("new", "1700000000.M99999P1Q1.h");        /* 2nd: 0.099999 s */
    touch("cur", "1700000001.M40P3Q1.h:2,S");       /* 7th: 1.000040 s */
    touch("new", "999999999.M7P9Q1.h");             /* 1st: 9 digits, an older second */
    touch("new", "1700000001.4711_1.h");            /* 5th: no M field, microsecond 0, */
    touch("new", "1700000001.4710_1.h");            /* 4th: ties go by name */
    struct uidmap_scan s = scan(0);
    ck_assert_uint_eq(s.count, 7);
    ck_assert_str_eq(s.msgs[0].name, "999999999.M7P9Q1.h");
    ck_assert_str_eq(s.msgs[1].name, "1700000000.M99999P1Q1.h");
    ck_assert_str_eq(s.msgs[2].name, "1700000000.M100000P2Q1.h");
    ck_assert_str_eq(s.msgs[3].name, "1700000001.4710_1.h");
    ck_assert_str_eq(s.msgs[4].name, "1700000001.4711_1.h");
    ck_assert_str_eq(s.msgs[5].name, "1700000001.M5P4Q1.h,S=9");
    ck_assert_str_eq(s.msgs[6].name, "1700000001.M40P3Q1.h:2,S");
    for (size_t i = 0; i < s.count; i++)
        ck_assert_uint_eq(s.msgs[i].uid, i + 1);
    uidmap_scan_free(&s);

    /* Known messages keep their UIDs; a later delivery that sorts first
     * by name still gets the next UID, at the end. */
    touch("new", "1700000002.M1P5Q1.h");
    touch("new", "1700000002.M10P6Q1.h");
    s = scan(0);
    ck_assert_uint_eq(s.count, 9);
    ck_assert_uint_eq(uid_of(&s, "1700000001.M40P3Q1.h"), 7);
    ck_assert_uint_eq(uid_of(&s, "1700000002.M1P5Q1.h"), 8);
    ck_assert_uint_eq(uid_of(&s, "1700000002.M10P6Q1.h"), 9);
    for (size_t i = 1; i < s.count; i++)
        ck_assert_uint_gt(s.msgs[i].uid, s.msgs[i - 1].uid);
    uidmap_scan_free(&s);
}
END_TEST

START_TEST(moving_new_to_cur_keeps_the_uid)
{
    touch("new", "1.M1.h,S=5");
    struct uidmap_scan s = scan(0);      /* EXAMINE/STATUS: nothing moves */
    ck_assert_uint_eq(s.count, 1);
    ck_assert_int_eq(s.msgs[0].in_new, 1);
    uint32_t uid = s.msgs[0].uid;
    uidmap_scan_free(&s);
    s = scan(1);                         /* SELECT: moved, \Recent here */
    ck_assert_uint_eq(s.count, 1);
    ck_assert_str_eq(s.msgs[0].name, "1.M1.h,S=5:2,");
    ck_assert_int_eq(s.msgs[0].in_new, 0);
    ck_assert_int_eq(s.msgs[0].moved, 1);
    ck_assert_uint_eq(s.msgs[0].uid, uid);
    ck_assert_uint_eq(s.added, 0);
    uidmap_scan_free(&s);
    s = scan(1);                         /* a second session: not moved again */
    ck_assert_int_eq(s.msgs[0].moved, 0);
    ck_assert_uint_eq(s.msgs[0].uid, uid);
    uidmap_scan_free(&s);
}
END_TEST

START_TEST(uids_persist_across_restart)
{
    touch("cur", "a:2,");
    touch("cur", "b:2,");
    touch("new", "c");
    struct uidmap_scan s1 = scan(0);
    /* A "restart": nothing is kept in memory, only the file. */
    struct uidmap_scan s2 = scan(1);
    ck_assert_int_eq(s2.created, 0);
    ck_assert_uint_eq(s2.added, 0);
    ck_assert_uint_eq(s2.dropped, 0);
    ck_assert_uint_eq(s2.uidvalidity, s1.uidvalidity);
    ck_assert_uint_eq(s2.uidnext, s1.uidnext);
    ck_assert_uint_eq(uid_of(&s2, "a"), uid_of(&s1, "a"));
    ck_assert_uint_eq(uid_of(&s2, "b"), uid_of(&s1, "b"));
    ck_assert_uint_eq(uid_of(&s2, "c"), uid_of(&s1, "c"));
    uidmap_scan_free(&s1);
    uidmap_scan_free(&s2);
}
END_TEST

START_TEST(flag_renames_keep_the_uid)
{
    touch("cur", "m1:2,");
    touch("cur", "m2:2,S");
    struct uidmap_scan s = scan(1);
    uint32_t u1 = uid_of(&s, "m1"), u2 = uid_of(&s, "m2");
    uidmap_scan_free(&s);
    /* Another Maildir program (mutt, Dovecot) changes the flags. */
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/cur/m1:2,", dir);
    snprintf(b, sizeof b, "%s/cur/m1:2,FRS", dir);
    ck_assert_int_eq(rename(a, b), 0);
    s = scan(1);
    ck_assert_uint_eq(uid_of(&s, "m1"), u1);
    ck_assert_uint_eq(uid_of(&s, "m2"), u2);
    ck_assert_uint_eq(s.added, 0);
    ck_assert_uint_eq(s.dropped, 0);
    ck_assert_str_eq(s.msgs[0].name, "m1:2,FRS");
    uidmap_scan_free(&s);
}
END_TEST

START_TEST(expunged_uids_are_never_reused)
{
    touch("cur", "a:2,");
    touch("cur", "b:2,");
    touch("cur", "c:2,");
    struct uidmap_scan s = scan(1);
    uidmap_scan_free(&s);
    rm("cur", "b:2,");
    rm("cur", "c:2,");
    touch("new", "d");
    s = scan(1);
    ck_assert_uint_eq(s.dropped, 2);
    ck_assert_uint_eq(s.added, 1);
    ck_assert_uint_eq(uid_of(&s, "a"), 1);
    ck_assert_uint_eq(uid_of(&s, "d"), 4);
    ck_assert_uint_eq(s.uidnext, 5);
    uidmap_scan_free(&s);
    touch("cur", "b:2,");                /* "b" comes back: a new message */
    s = scan(1);
    ck_assert_uint_eq(uid_of(&s, "b"), 5);
    ck_assert_uint_eq(s.uidnext, 6);
    uidmap_scan_free(&s);
    /* An empty mailbox keeps its uidnext. */
    rm("cur", "a:2,");
    rm("cur", "b:2,");
    rm("cur", "d:2,");
    s = scan(1);
    ck_assert_uint_eq(s.count, 0);
    ck_assert_uint_eq(s.uidnext, 6);
    ck_assert_uint_eq(s.dropped, 3);
    uidmap_scan_free(&s);
}
END_TEST

START_TEST(damaged_map_starts_over_with_new_uidvalidity)
{
    touch("cur", "a:2,");
    touch("cur", "b:2,");
    struct uidmap_scan s = scan(1);
    uint32_t last = s.uidvalidity;
    uidmap_scan_free(&s);
    const char *bad[] = {
        "garbage\n",
        "minimail-uidlist 1\nuidvalidity 0\nuidnext 3\n",
        "minimail-uidlist 1\nuidvalidity 5\nuidnext 3\n1 a\n3 b\n",   /* uid >= uidnext */
        "minimail-uidlist 1\nuidvalidity 5\nuidnext 3\n2 a\n1 b\n",   /* not growing */
        "minimail-uidlist 1\nuidvalidity 5\nuidnext 3\n1 a\n2 b",     /* torn last line */
        "minimail-uidlist 2\nuidvalidity 5\nuidnext 3\n",
        "",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, UIDMAP_FILE);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(bad[k], f);
        fclose(f);
        s = scan(1);
        ck_assert_msg(s.created == 1, "map %zu was trusted", k);
        ck_assert_uint_gt(s.uidvalidity, last);
        last = s.uidvalidity;
        ck_assert_uint_eq(uid_of(&s, "a"), 1);
        ck_assert_uint_eq(uid_of(&s, "b"), 2);
        uidmap_scan_free(&s);
    }
}
END_TEST

START_TEST(missing_mailbox_is_enoent)
{
    struct uidmap_scan s;
    char err[UIDMAP_ERRLEN], path[512];
    snprintf(path, sizeof path, "%s/.nope", dir);
    errno = 0;
    ck_assert_int_eq(uidmap_scan(path, dir, 1, &s, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
    /* A directory without cur/ is not a mailbox either. */
    ck_assert_int_eq(mkdir(path, 0700), 0);
    errno = 0;
    ck_assert_int_eq(uidmap_scan(path, dir, 1, &s, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(uidvalidity_never_repeats)
{
    uint32_t a = uidmap_new_uidvalidity(dir);
    uint32_t b = uidmap_new_uidvalidity(dir);
    uint32_t c = uidmap_new_uidvalidity(dir);
    ck_assert_uint_ne(a, 0);
    ck_assert_uint_gt(b, a);
    ck_assert_uint_gt(c, b);
    ck_assert_uint_ne(uidmap_new_uidvalidity(NULL), 0);
}
END_TEST

START_TEST(lock_is_exclusive_between_processes)
{
    char err[UIDMAP_ERRLEN];
    int fd = uidmap_lock(dir, err, sizeof err);
    ck_assert_msg(fd >= 0, "%s", err);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* The child must not get the lock while the parent holds it. */
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, UIDMAP_LOCK_FILE);
        int cfd = open(path, O_RDWR);
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        _exit(cfd >= 0 && fcntl(cfd, F_SETLK, &fl) < 0 ? 0 : 1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    uidmap_unlock(fd);
    ck_assert_int_lt(uidmap_lock("/nonexistent/dir", err, sizeof err), 0);
}
END_TEST

/* One session process: ROUNDS times, deliver a message into new/ and
 * scan the mailbox (moving new/ to cur/, as SELECT does); report every
 * name -> UID it saw, and every message it moved, to fd @p out. */
#define WRITERS 4
#define ROUNDS 25
static void writer(int id, int out)
{
    for (int r = 0; r < ROUNDS; r++) {
        char path[600];
        snprintf(path, sizeof path, "%s/new/17000%05d.P%dR%d.h", dir, r, id, r);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            _exit(2);
        close(fd);
        struct uidmap_scan s;
        char err[UIDMAP_ERRLEN];
        if (uidmap_scan(dir, dir, 1, &s, err, sizeof err) < 0)
            _exit(3);
        for (size_t i = 0; i < s.count; i++) {
            char line[160];
            int len = snprintf(line, sizeof line, "%lu %lu %d %.*s\n",
                               (unsigned long)s.uidvalidity, (unsigned long)s.msgs[i].uid,
                               s.msgs[i].moved, (int)s.msgs[i].base_len, s.msgs[i].name);
            if (write(out, line, (size_t)len) != len)
                _exit(4);
        }
        uidmap_scan_free(&s);
    }
    _exit(0);
}

START_TEST(concurrent_sessions_never_share_a_uid)
{
    char report[512];
    snprintf(report, sizeof report, "%s/report", dir);
    int out = open(report, O_WRONLY | O_CREAT | O_APPEND, 0600);
    ck_assert_int_ge(out, 0);
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        ck_assert_int_ge(pids[w], 0);
        if (pids[w] == 0)
            writer(w, out);
    }
    close(out);
    for (int w = 0; w < WRITERS; w++) {
        int status;
        ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                      "writer %d failed (status %d)", w, status);
    }
    /* Every observation, by any process, must agree: one UID per name,
     * one name per UID, one UIDVALIDITY -- and each message was moved
     * (made \Recent) by exactly one process. */
    static char name_of[WRITERS * ROUNDS + 1][64];
    static int moves[WRITERS * ROUNDS + 1];
    memset(name_of, 0, sizeof name_of);
    memset(moves, 0, sizeof moves);
    FILE *f = fopen(report, "r");
    ck_assert_ptr_nonnull(f);
    unsigned long v, uid, validity = 0;
    int moved;
    char name[64];
    size_t seen = 0;
    while (fscanf(f, "%lu %lu %d %63s", &v, &uid, &moved, name) == 4) {
        if (validity == 0)
            validity = v;
        ck_assert_uint_eq(v, validity);
        ck_assert_uint_ge(uid, 1);
        ck_assert_uint_le(uid, WRITERS * ROUNDS);
        if (name_of[uid][0] == '\0')
            snprintf(name_of[uid], sizeof name_of[uid], "%s", name);
        ck_assert_msg(strcmp(name_of[uid], name) == 0, "UID %lu is both %s and %s",
                      uid, name_of[uid], name);
        moves[uid] += moved;
        seen++;
    }
    fclose(f);
    ck_assert_uint_gt(seen, 0);
    /* The final map numbers all messages 1..N without gaps. */
    struct uidmap_scan s = scan(1);
    ck_assert_uint_eq(s.count, WRITERS * ROUNDS);
    ck_assert_uint_eq(s.uidnext, WRITERS * ROUNDS + 1);
    for (unsigned long u = 1; u <= WRITERS * ROUNDS; u++) {
        ck_assert_msg(name_of[u][0] != '\0', "UID %lu never seen", u);
        ck_assert_msg(moves[u] == 1, "UID %lu moved %d times", u, moves[u]);
    }
    uidmap_scan_free(&s);
}
END_TEST

/* ---- mailflags -------------------------------------------------------- */

START_TEST(flags_from_names)
{
    ck_assert_uint_eq(mailflags_from_name("123.M1P2.h"), 0);
    ck_assert_uint_eq(mailflags_from_name("123.M1P2.h:2,"), 0);
    ck_assert_uint_eq(mailflags_from_name("123.M1P2.h:2,S"), MAILFLAG_SEEN);
    ck_assert_uint_eq(mailflags_from_name("123.h,S=5:2,DFPRST"),
                      MAILFLAG_DRAFT | MAILFLAG_FLAGGED | MAILFLAG_ANSWERED |
                      MAILFLAG_SEEN | MAILFLAG_DELETED);
    ck_assert_uint_eq(mailflags_from_name("123.h:2,Sab"), MAILFLAG_SEEN);
    ck_assert_uint_eq(mailflags_from_name("123.h:1,S"), 0);   /* experimental info */
    ck_assert_uint_eq(mailflags_base_len("123.h,S=5:2,S"), 9);
    ck_assert_uint_eq(mailflags_base_len("123.h"), 5);
}
END_TEST

START_TEST(flags_into_names)
{
    char out[128];
    ck_assert_int_eq(mailflags_rename("1.h,S=5", MAILFLAG_SEEN | MAILFLAG_ANSWERED, out, sizeof out), 0);
    ck_assert_str_eq(out, "1.h,S=5:2,RS");
    ck_assert_int_eq(mailflags_rename("1.h:2,RS", 0, out, sizeof out), 0);
    ck_assert_str_eq(out, "1.h:2,");
    ck_assert_int_eq(mailflags_rename("1.h:2,", MAILFLAG_ALL, out, sizeof out), 0);
    ck_assert_str_eq(out, "1.h:2,DFRST");
    /* Letters we do not manage survive, in ASCII order. */
    ck_assert_int_eq(mailflags_rename("1.h:2,PSab", MAILFLAG_FLAGGED, out, sizeof out), 0);
    ck_assert_str_eq(out, "1.h:2,FPab");
    ck_assert_int_eq(mailflags_rename("1.h:1,xyz", MAILFLAG_SEEN, out, sizeof out), 0);
    ck_assert_str_eq(out, "1.h:2,S");
    ck_assert_int_eq(mailflags_rename("1.h", MAILFLAG_SEEN, out, 7), -1);
    ck_assert_int_eq(mailflags_rename("1.h", MAILFLAG_SEEN, out, 8), 0);
    ck_assert_str_eq(out, "1.h:2,S");
}
END_TEST

START_TEST(imap_flag_names)
{
    char out[64];
    ck_assert_uint_eq(mailflags_parse_imap("\\Seen", 5), MAILFLAG_SEEN);
    ck_assert_uint_eq(mailflags_parse_imap("\\SEEN", 5), MAILFLAG_SEEN);
    ck_assert_uint_eq(mailflags_parse_imap("\\Deleted", 8), MAILFLAG_DELETED);
    ck_assert_uint_eq(mailflags_parse_imap("\\Recent", 7), 0);
    ck_assert_uint_eq(mailflags_parse_imap("Seen", 4), 0);
    ck_assert_uint_eq(mailflags_parse_imap("\\Seenx", 6), 0);
    mailflags_to_imap(MAILFLAG_ALL, out, sizeof out);
    ck_assert_str_eq(out, MAILFLAGS_PERMANENT);
    mailflags_to_imap(MAILFLAG_SEEN | MAILFLAG_FLAGGED, out, sizeof out);
    ck_assert_str_eq(out, "\\Flagged \\Seen");
    ck_assert_uint_eq(mailflags_to_imap(0, out, sizeof out), 0);
    ck_assert_str_eq(out, "");
    mailflags_to_imap(MAILFLAG_ALL, out, 12);
    ck_assert_str_eq(out, "\\Answered");
}
END_TEST

static Suite *uidmap_suite(void)
{
    Suite *s = suite_create("uidmap");
    TCase *tc = tl_tcase("uidmap");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, first_scan_numbers_in_name_order);
    tcase_add_test(tc, new_messages_numbered_in_delivery_order);
    tcase_add_test(tc, moving_new_to_cur_keeps_the_uid);
    tcase_add_test(tc, uids_persist_across_restart);
    tcase_add_test(tc, flag_renames_keep_the_uid);
    tcase_add_test(tc, expunged_uids_are_never_reused);
    tcase_add_test(tc, damaged_map_starts_over_with_new_uidvalidity);
    tcase_add_test(tc, missing_mailbox_is_enoent);
    tcase_add_test(tc, uidvalidity_never_repeats);
    tcase_add_test(tc, lock_is_exclusive_between_processes);
    tcase_add_test(tc, concurrent_sessions_never_share_a_uid);
    suite_add_tcase(s, tc);
    tc = tl_tcase("mailflags");
    tcase_add_test(tc, flags_from_names);
    tcase_add_test(tc, flags_into_names);
    tcase_add_test(tc, imap_flag_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(uidmap_suite());
}
