/*
 * test-mailbox-add.c -- adding messages to a Maildir with their UIDs at
 * once (mailbox_add.h): the octets (CRLF -> LF), the name (S=, W=,
 * flags), the place (new/), INTERNALDATE (mtime), hard links for copies,
 * undo, and many processes adding at once without a UID twice.
 */
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mailbox_add.h"
#include "mailflags.h"
#include "maildir.h"

static char *tmp;
static char box[600];

static void setup(void)
{
    char err[MAILDIR_ERRLEN];
    tmp = tl_tmpdir();
    ck_assert_ptr_nonnull(tmp);
    snprintf(box, sizeof box, "%s/alice", tmp);
    ck_assert_msg(maildir_make(box, err, sizeof err) == 0, "%s", err);
}

static void teardown(void)
{
    tl_rmtree(tmp);
    free(tmp);
}

/* The whole content of a file (static buffer). */
static const char *content(const char *path, size_t *len)
{
    static char buf[4096];
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* How many files DIR/SUB holds. */
static int files(const char *sub)
{
    char dir[700];
    struct dirent *e;
    int n = 0;
    snprintf(dir, sizeof dir, "%s/%s", box, sub);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

START_TEST(add_data)
{
    static const char msg[] = "Subject: hi\r\n\r\nline one\r\nline two\r\n";
    struct mailbox_add a;
    char err[MAILBOX_ADD_ERRLEN], path[1200];
    struct stat st;
    size_t len;

    ck_assert_int_eq(mailbox_add_begin(&a, box, box), 0);
    ck_assert_msg(mailbox_add_data(&a, msg, sizeof msg - 1, MAILFLAG_SEEN | MAILFLAG_FLAGGED,
                                   1000000000, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(mailbox_add_data(&a, msg, sizeof msg - 1, 0, MAILBOX_ADD_NOW, err,
                                   sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(a.count, 2);
    ck_assert_msg(mailbox_add_commit(&a, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_ne(a.uidvalidity, 0);
    ck_assert_uint_eq(a.msgs[0].uid, 1);
    ck_assert_uint_eq(a.msgs[1].uid, 2);
    /* with flags: in cur/, flags in the name; without: in new/ (so
     * \Recent for the next SELECT); S= the stored size (LF), W= the size
     * with CRLF */
    ck_assert_int_eq(files("new"), 1);
    ck_assert_int_eq(files("cur"), 1);
    ck_assert_int_eq(files("tmp"), 0);
    ck_assert_ptr_nonnull(strstr(a.msgs[0].name, ",S=31,W=35:2,FS"));
    ck_assert_int_eq(a.msgs[0].in_cur, 1);
    ck_assert_ptr_null(strchr(a.msgs[1].name, ':'));
    ck_assert_int_eq(a.msgs[1].in_cur, 0);
    ck_assert_uint_eq(a.msgs[0].base_len, strchr(a.msgs[0].name, ':') - a.msgs[0].name);
    snprintf(path, sizeof path, "%s/cur/%s", box, a.msgs[0].name);
    ck_assert_str_eq(content(path, &len), "Subject: hi\n\nline one\nline two\n");
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq((long long)st.st_mtime, 1000000000LL);  /* INTERNALDATE */
    ck_assert_int_eq(a.msgs[0].linked, 0);
    mailbox_add_free(&a);
    mailbox_add_free(&a);                    /* twice is fine */
}
END_TEST

START_TEST(bare_cr_at_end)
{
    struct mailbox_add a;
    char err[MAILBOX_ADD_ERRLEN], path[1200];
    struct stat st;
    size_t len;

    ck_assert_int_eq(mailbox_add_begin(&a, box, box), 0);
    ck_assert_msg(mailbox_add_data(&a, "a\r\nb\r", 5, 0, 86400, err, sizeof err) == 0, "%s",
                  err);
    snprintf(path, sizeof path, "%s/new/%s", box, a.msgs[0].name);
    const char *c = content(path, &len);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(memcmp(c, "a\nb\r", 4), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq((long long)st.st_mtime, 86400LL);       /* no write after the date */
    mailbox_add_free(&a);
}
END_TEST

START_TEST(add_file_links)
{
    struct mailbox_add a, b;
    char err[MAILBOX_ADD_ERRLEN], src[1200], dst[1200], other[700];
    struct stat s1, s2;

    /* a source message in cur/ of INBOX, copied into a folder */
    ck_assert_int_eq(mailbox_add_begin(&a, box, box), 0);
    ck_assert(mailbox_add_data(&a, "X: y\r\n\r\nz\r\n", 11, MAILFLAG_SEEN, 5000, err,
                               sizeof err) == 0);
    snprintf(src, sizeof src, "%s/cur/%s", box, a.msgs[0].name);
    snprintf(other, sizeof other, "%s/.Archive", box);
    ck_assert_int_eq(maildir_make(other, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_add_begin(&b, box, other), 0);
    ck_assert_msg(mailbox_add_file(&b, src, MAILFLAG_SEEN | MAILFLAG_ANSWERED, err,
                                   sizeof err) == 0, "%s", err);
    ck_assert_int_eq(b.msgs[0].linked, 1);
    ck_assert_msg(mailbox_add_commit(&b, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(b.msgs[0].uid, 1);
    snprintf(dst, sizeof dst, "%s/cur/%s", other, b.msgs[0].name);
    ck_assert_ptr_nonnull(strstr(dst, ",S=8,W=11:2,RS"));
    ck_assert_int_eq(stat(src, &s1), 0);
    ck_assert_int_eq(stat(dst, &s2), 0);
    ck_assert(s1.st_ino == s2.st_ino);      /* one inode, two names */
    ck_assert_int_eq((long long)s2.st_mtime, 5000LL);
    ck_assert_int_eq((int)s2.st_nlink, 2);

    /* a source that is gone: ENOENT, nothing added */
    errno = 0;
    ck_assert_int_eq(mailbox_add_file(&b, "/nonexistent/cur/x:2,S", 0, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_uint_eq(b.count, 1);
    mailbox_add_free(&b);
    mailbox_add_free(&a);
}
END_TEST

START_TEST(abort_removes)
{
    struct mailbox_add a;
    char err[MAILBOX_ADD_ERRLEN], src[1200];

    ck_assert_int_eq(mailbox_add_begin(&a, box, box), 0);
    ck_assert(mailbox_add_data(&a, "m\r\n", 3, 0, MAILBOX_ADD_NOW, err, sizeof err) == 0);
    ck_assert(mailbox_add_commit(&a, err, sizeof err) == 0);
    snprintf(src, sizeof src, "%s/new/%s", box, a.msgs[0].name);
    mailbox_add_free(&a);
    /* a batch of three, then undone */
    ck_assert_int_eq(mailbox_add_begin(&a, box, box), 0);
    ck_assert(mailbox_add_file(&a, src, MAILFLAG_DRAFT, err, sizeof err) == 0);
    ck_assert(mailbox_add_data(&a, "n\r\n", 3, MAILFLAG_SEEN, 1, err, sizeof err) == 0);
    ck_assert(mailbox_add_data(&a, "o\r\n", 3, 0, 1, err, sizeof err) == 0);
    ck_assert_int_eq(files("new"), 2);
    ck_assert_int_eq(files("cur"), 2);
    mailbox_add_abort(&a);
    ck_assert_int_eq(files("new"), 1);
    ck_assert_int_eq(files("cur"), 0);
    ck_assert_int_eq(files("tmp"), 0);
    ck_assert_ptr_null(a.msgs);
}
END_TEST

/* Several processes add at once, with a scan of their own each time:
 * every message gets a UID, and no UID is given twice. */
START_TEST(concurrent_uids)
{
    enum { PROCS = 4, EACH = 15 };
    int fds[2];
    uint32_t seen[PROCS * EACH];
    size_t n = 0;

    ck_assert_int_eq(pipe(fds), 0);
    for (int p = 0; p < PROCS; p++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            for (int i = 0; i < EACH; i++) {
                struct mailbox_add a;
                char err[MAILBOX_ADD_ERRLEN];
                if (mailbox_add_begin(&a, box, box) < 0 ||
                    mailbox_add_data(&a, "x\r\n", 3, (unsigned)i & MAILFLAG_ALL,
                                     MAILBOX_ADD_NOW, err, sizeof err) < 0 ||
                    mailbox_add_commit(&a, err, sizeof err) < 0)
                    _exit(1);
                if (write(fds[1], &a.msgs[0].uid, sizeof a.msgs[0].uid) != sizeof a.msgs[0].uid)
                    _exit(1);
                mailbox_add_free(&a);
            }
            _exit(0);
        }
    }
    close(fds[1]);
    uint32_t u;
    while (read(fds[0], &u, sizeof u) == (ssize_t)sizeof u && n < PROCS * EACH)
        seen[n++] = u;
    close(fds[0]);
    for (int p = 0; p < PROCS; p++) {
        int status;
        ck_assert_int_gt(wait(&status), 0);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ck_assert_uint_eq(n, PROCS * EACH);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_ne(seen[i], 0);
        ck_assert_uint_le(seen[i], PROCS * EACH);
        for (size_t k = i + 1; k < n; k++)
            ck_assert_msg(seen[i] != seen[k], "UID %u given twice", (unsigned)seen[i]);
    }
    ck_assert_int_eq(files("new") + files("cur"), PROCS * EACH);
}
END_TEST

START_TEST(uid_sets)
{
    static const uint32_t a[] = { 5, 6, 7, 9, 2 }, b[] = { 42 },
                          c[] = { 1, 2, 3, 4 }, d[] = { 4294967294u, 4294967295u, 1 },
                          e[] = { 3, 2, 1 };
    char *s;
    ck_assert_str_eq(s = mailbox_uid_set(a, 5), "5:7,9,2");
    free(s);
    ck_assert_str_eq(s = mailbox_uid_set(b, 1), "42");
    free(s);
    ck_assert_str_eq(s = mailbox_uid_set(c, 4), "1:4");
    free(s);
    ck_assert_str_eq(s = mailbox_uid_set(d, 3), "4294967294:4294967295,1");
    free(s);
    ck_assert_str_eq(s = mailbox_uid_set(e, 3), "3,2,1");
    free(s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mailbox-add");
    TCase *tc = tl_tcase("add");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, add_data);
    tcase_add_test(tc, bare_cr_at_end);
    tcase_add_test(tc, add_file_links);
    tcase_add_test(tc, abort_removes);
    tcase_add_test(tc, concurrent_uids);
    tcase_add_test(tc, uid_sets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
