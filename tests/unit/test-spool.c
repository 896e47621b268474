/*
 * test-spool.c -- unit tests of src/spool.c (chapter relaying): the queue
 * on disk -- prepare/commit, load/save, list, remove, leftovers, the lock.
 */
#include "spool.h"
#include "testlib.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir;
static struct spool sp;

static void setup(void)
{
    char path[600], err[SPOOL_ERRLEN];
    dir = tl_tmpdir();
    ck_assert_ptr_nonnull(dir);
    snprintf(path, sizeof path, "%s/spool", dir);
    ck_assert_msg(spool_open(&sp, path, err, sizeof err) == 0, "%s", err);
}

static void teardown(void)
{
    tl_rmtree(dir);
    free(dir);
}

/* Files in SPOOL/sub. */
static int count(const char *sub)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/%s", sp.dir, sub);
    DIR *d = opendir(path);
    struct dirent *de;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* An envelope with two pending recipients. */
static void make_entry(struct spool_entry *e, struct spool_rcpt r[2])
{
    memset(e, 0, sizeof *e);
    memset(r, 0, 2 * sizeof *r);
    snprintf(r[0].addr, sizeof r[0].addr, "bob@bob.test");
    r[0].state = SPOOL_PENDING;
    snprintf(r[1].addr, sizeof r[1].addr, "\"c d\"@bob.test");
    r[1].state = SPOOL_PENDING;
    snprintf(e->from, sizeof e->from, "alice@alice.test");
    e->rcpt = r;
    e->nrcpt = 2;
    e->arrival = 1000;
    e->next_try = 1000;
}

START_TEST(open_makes_layout)
{
    ck_assert_int_eq(count("tmp"), 0);
    ck_assert_int_eq(count("msg"), 0);
    ck_assert_int_eq(count("env"), 0);
}
END_TEST

START_TEST(prepare_is_invisible_until_commit)
{
    struct spool_entry e;
    struct spool_rcpt r[2];
    char err[SPOOL_ERRLEN], **ids;
    size_t n;

    make_entry(&e, r);
    ck_assert_msg(spool_prepare(&sp, &e, "Received: x\r\n", 13, "Subject: s\r\n\r\nhi\r\n",
                                18, err, sizeof err) == 0, "%s", err);
    ck_assert_str_ne(e.id, "");
    ck_assert_int_eq(count("msg"), 1);
    ck_assert_int_eq(count("tmp"), 1);          /* the envelope, synced */
    ck_assert_int_eq(spool_list(&sp, &ids, &n), 0);
    ck_assert_uint_eq(n, 0);                    /* not queued yet */
    spool_free_ids(ids, n);
    ck_assert_msg(spool_commit(&sp, &e, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(count("tmp"), 0);
    ck_assert_int_eq(spool_list(&sp, &ids, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(ids[0], e.id);
    spool_free_ids(ids, n);

    size_t len;
    char *msg = spool_read_message(&sp, e.id, &len);
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_eq(len, 31);
    ck_assert(memcmp(msg, "Received: x\r\nSubject: s\r\n\r\nhi\r\n", 31) == 0);
    free(msg);
}
END_TEST

START_TEST(discard_leaves_nothing)
{
    struct spool_entry e;
    struct spool_rcpt r[2];
    char err[SPOOL_ERRLEN];

    make_entry(&e, r);
    ck_assert_int_eq(spool_prepare(&sp, &e, NULL, 0, "x\r\n", 3, err, sizeof err), 0);
    spool_discard(&sp, e.id);
    ck_assert_int_eq(count("tmp"), 0);
    ck_assert_int_eq(count("msg"), 0);
    ck_assert_int_eq(count("env"), 0);
}
END_TEST

START_TEST(load_save_round_trip)
{
    struct spool_entry e, l;
    struct spool_rcpt r[2];
    char err[SPOOL_ERRLEN];

    make_entry(&e, r);
    ck_assert_int_eq(spool_enqueue(&sp, &e, "x\r\n", 3, err, sizeof err), 0);
    ck_assert_msg(spool_load(&sp, e.id, &l, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(l.id, e.id);
    ck_assert_str_eq(l.from, "alice@alice.test");
    ck_assert_int_eq((int)l.arrival, 1000);
    ck_assert_uint_eq(l.attempts, 0);
    ck_assert_uint_eq(l.nrcpt, 2);
    ck_assert_str_eq(l.rcpt[1].addr, "\"c d\"@bob.test");
    ck_assert_int_eq(l.rcpt[1].state, SPOOL_PENDING);

    /* An attempt: one delivered, one deferred with a diagnostic that
     * holds a tab and a line break (they must not break the format). */
    l.attempts = 3;
    l.next_try = 2000;
    l.rcpt[0].state = SPOOL_DELIVERED;
    snprintf(l.rcpt[1].diag, sizeof l.rcpt[1].diag, "451 4.3.0 busy\tnow\nlater");
    ck_assert_msg(spool_save(&sp, &l, err, sizeof err) == 0, "%s", err);
    spool_entry_free(&l);
    ck_assert_int_eq(spool_load(&sp, e.id, &l, err, sizeof err), 0);
    ck_assert_uint_eq(l.attempts, 3);
    ck_assert_int_eq((int)l.next_try, 2000);
    ck_assert_int_eq(l.rcpt[0].state, SPOOL_DELIVERED);
    ck_assert_str_eq(l.rcpt[1].diag, "451 4.3.0 busy now later");
    ck_assert_uint_eq(spool_count(&l, SPOOL_PENDING), 1);
    spool_entry_free(&l);
    ck_assert_int_eq(count("tmp"), 0);
}
END_TEST

START_TEST(null_sender_round_trip)
{
    struct spool_entry e, l;
    struct spool_rcpt r[2];
    char err[SPOOL_ERRLEN];

    make_entry(&e, r);
    e.from[0] = '\0';
    ck_assert_int_eq(spool_enqueue(&sp, &e, "x\r\n", 3, err, sizeof err), 0);
    ck_assert_int_eq(spool_load(&sp, e.id, &l, err, sizeof err), 0);
    ck_assert_str_eq(l.from, "");
    spool_entry_free(&l);
}
END_TEST

START_TEST(remove_entry)
{
    struct spool_entry e;
    struct spool_rcpt r[2];
    char err[SPOOL_ERRLEN];

    make_entry(&e, r);
    ck_assert_int_eq(spool_enqueue(&sp, &e, "x\r\n", 3, err, sizeof err), 0);
    ck_assert_int_eq(spool_remove(&sp, e.id), 0);
    ck_assert_int_eq(count("env"), 0);
    ck_assert_int_eq(count("msg"), 0);
    ck_assert_int_eq(spool_remove(&sp, e.id), -1);
}
END_TEST

START_TEST(malformed_envelope)
{
    char path[PATH_MAX + 64], err[SPOOL_ERRLEN];
    struct spool_entry l;
    static const char *const bad[] = {
        "",
        "minimail-envelope 2\nfrom\ta@b\narrival\t1\nattempts\t0\nnext\t1\nrcpt\tP\tx@y\n",
        "minimail-envelope 1\nfrom\ta@b\narrival\t1\nattempts\t0\nnext\t1\n",
        "minimail-envelope 1\nfrom\ta@b\narrival\tx\nattempts\t0\nnext\t1\nrcpt\tP\tx@y\n",
        "minimail-envelope 1\nfrom\ta@b\narrival\t1\nattempts\t0\nnext\t1\nrcpt\tQ\tx@y\n",
        "minimail-envelope 1\nfrom\ta@b\narrival\t1\nattempts\t0\nnext\t1\nrcpt\tP\t\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "%s/env/bad%zu", sp.dir, i);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(bad[i], f);
        fclose(f);
        snprintf(path, sizeof path, "bad%zu", i);
        ck_assert_msg(spool_load(&sp, path, &l, err, sizeof err) == -1, "case %zu", i);
    }
    ck_assert_int_eq(spool_load(&sp, "missing", &l, err, sizeof err), -1);
}
END_TEST

START_TEST(clean_removes_old_leftovers_only)
{
    struct spool_entry e, orphan;
    struct spool_rcpt r[2], r2[2];
    char err[SPOOL_ERRLEN];

    make_entry(&e, r);
    ck_assert_int_eq(spool_enqueue(&sp, &e, "x\r\n", 3, err, sizeof err), 0);
    make_entry(&orphan, r2);                /* a crash between message and envelope */
    ck_assert_int_eq(spool_prepare(&sp, &orphan, NULL, 0, "y\r\n", 3, err, sizeof err), 0);
    ck_assert_int_eq(count("msg"), 2);
    ck_assert_int_eq(count("tmp"), 1);
    /* Too young: a session might still be writing them. */
    ck_assert_int_eq(spool_clean(&sp, 3600), 0);
    ck_assert_int_eq(count("msg"), 2);
    /* Old enough: the orphan message and the tmp envelope go; the queued
     * entry stays. */
    ck_assert_int_eq(spool_clean(&sp, 0), 2);
    ck_assert_int_eq(count("msg"), 1);
    ck_assert_int_eq(count("tmp"), 0);
    ck_assert_int_eq(count("env"), 1);
}
END_TEST

START_TEST(lock_is_exclusive)
{
    int fd = spool_lock(&sp);
    ck_assert_int_ge(fd, 0);
    /* fcntl locks belong to processes: ask from a child. */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(spool_lock(&sp) < 0 ? 0 : 1);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
    pid = fork();
    if (pid == 0)
        _exit(spool_lock(&sp) >= 0 ? 0 : 1);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

START_TEST(open_fails_on_a_file)
{
    char path[600], err[SPOOL_ERRLEN];
    struct spool s2;
    snprintf(path, sizeof path, "%s/afile", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(spool_open(&s2, path, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "afile"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spool");
    TCase *tc = tl_tcase("spool");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, open_makes_layout);
    tcase_add_test(tc, prepare_is_invisible_until_commit);
    tcase_add_test(tc, discard_leaves_nothing);
    tcase_add_test(tc, load_save_round_trip);
    tcase_add_test(tc, null_sender_round_trip);
    tcase_add_test(tc, remove_entry);
    tcase_add_test(tc, malformed_envelope);
    tcase_add_test(tc, clean_removes_old_leftovers_only);
    tcase_add_test(tc, lock_is_exclusive);
    tcase_add_test(tc, open_fails_on_a_file);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
