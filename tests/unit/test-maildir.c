/*
 * test-maildir.c -- unit tests of src/maildir.c (chapter storing-mail).
 *
 * Every test works in a fresh mkdtemp directory and looks at the disk
 * afterwards: the file in new/ must hold exactly the expected bytes, and a
 * failure must leave nothing behind, neither in new/ nor in tmp/.
 */
#include "maildir.h"
#include "testlib.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char *root;

static void setup(void)
{
    root = tl_tmpdir();
    ck_assert_ptr_nonnull(root);
}

static void teardown(void)
{
    tl_rmtree(root);
    free(root);
}

/* root/rel as a static path. */
static const char *at(const char *rel)
{
    static char buf[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", root, rel);
    return buf[k];
}

/* Number of entries (not . and ..) in a directory; -1 if it cannot be read. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Name of the only entry of a directory (static buffer), or NULL. */
static const char *only_entry(const char *dir)
{
    static char name[512];
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(name, sizeof name, "%s", e->d_name);
            n++;
        }
    closedir(d);
    return n == 1 ? name : NULL;
}

/* Whole content of a file (malloc'ed), its length in *len. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

static int is_dir_mode(const char *path, mode_t mode)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == mode;
}

START_TEST(make_creates_layout)
{
    char err[MAILDIR_ERRLEN] = "";
    ck_assert_int_eq(maildir_make(at("a/b/alice"), err, sizeof err), 0);
    ck_assert(is_dir_mode(at("a/b/alice"), 0700));
    ck_assert(is_dir_mode(at("a/b/alice/tmp"), 0700));
    ck_assert(is_dir_mode(at("a/b/alice/new"), 0700));
    ck_assert(is_dir_mode(at("a/b/alice/cur"), 0700));
    /* A second call finds everything there and changes nothing. */
    ck_assert_int_eq(maildir_make(at("a/b/alice"), err, sizeof err), 0);
    ck_assert_int_eq(count_entries(at("a/b/alice")), 3);
}
END_TEST

START_TEST(make_refuses_a_file_in_the_way)
{
    char err[MAILDIR_ERRLEN] = "";
    FILE *f = fopen(at("bob"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(maildir_make(at("bob"), err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOTDIR);
    ck_assert_ptr_nonnull(strstr(err, "bob"));
    ck_assert_int_eq(maildir_make(at("bob/x"), err, sizeof err), -1);
}
END_TEST

START_TEST(unique_has_the_documented_form)
{
    char name[MAILDIR_UNIQUE_MAX];
    regex_t re;
    ck_assert_int_eq(regcomp(&re, "^[0-9]+\\.M[0-9]+P[0-9]+Q[0-9]+\\.[^/:]+$",
                             REG_EXTENDED | REG_NOSUB), 0);
    ck_assert_int_eq(maildir_unique(name, sizeof name), 0);
    ck_assert_msg(regexec(&re, name, 0, NULL, 0) == 0, "bad unique name %s", name);
    regfree(&re);
    char pid[32];
    snprintf(pid, sizeof pid, "P%ldQ", (long)getpid());
    ck_assert_ptr_nonnull(strstr(name, pid));
    ck_assert_int_eq(maildir_unique(name, 10), -1);
}
END_TEST

static int compare_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

START_TEST(unique_names_differ)
{
    enum { N = 5000 };
    static char names[N][MAILDIR_UNIQUE_MAX];
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(maildir_unique(names[i], sizeof names[i]), 0);
    /* Sorted, equal names would be neighbours. */
    qsort(names, N, sizeof names[0], compare_names);
    for (int i = 1; i < N; i++)
        if (strcmp(names[i - 1], names[i]) == 0)
            ck_abort_msg("duplicate %s", names[i]);
}
END_TEST

START_TEST(deliver_puts_exact_bytes_in_new)
{
    static const char msg[] = "Subject: hi\n\nbody \xc3\xa9\x80\xff\n.\n";
    char path[PATH_MAX], err[MAILDIR_ERRLEN];
    size_t len;

    ck_assert_int_eq(maildir_deliver(at("alice"), msg, sizeof msg - 1, path,
                                     sizeof path, err, sizeof err), 0);
    ck_assert_int_eq(count_entries(at("alice/tmp")), 0);
    ck_assert_int_eq(count_entries(at("alice/cur")), 0);
    ck_assert_int_eq(count_entries(at("alice/new")), 1);
    ck_assert_ptr_nonnull(strstr(path, "/alice/new/"));
    char *got = slurp(path, &len);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(len, sizeof msg - 1);
    ck_assert(memcmp(got, msg, len) == 0);
    free(got);
    /* ,S= is the file size; W= counts each of the 4 LFs once more. */
    char suffix[64];
    snprintf(suffix, sizeof suffix, ",S=%zu,W=%zu", sizeof msg - 1, sizeof msg - 1 + 4);
    ck_assert_msg(strstr(path, suffix) != NULL, "%s lacks %s", path, suffix);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
}
END_TEST

/* Deliver with maildir_write_crlf() in the given chunks; return the file. */
static char *deliver_chunks(const char *const *chunks, const size_t *lens, size_t n,
                            size_t *len, struct maildir_delivery *d)
{
    char err[MAILDIR_ERRLEN];
    ck_assert_int_eq(maildir_make(at("c"), err, sizeof err), 0);
    ck_assert_int_eq(maildir_begin(d, at("c")), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(maildir_write_crlf(d, chunks[i], lens[i]), 0);
    ck_assert_int_eq(maildir_sync(d), 0);
    ck_assert_int_eq(maildir_commit(d), 0);
    return slurp(d->new_path, len);
}

START_TEST(crlf_becomes_lf)
{
    struct maildir_delivery d;
    static const char *const chunks[] = { "A: b\r\n\r\nline\r\n" };
    const size_t lens[] = { strlen(chunks[0]) };
    size_t len;
    char *got = deliver_chunks(chunks, lens, 1, &len, &d);
    ck_assert_uint_eq(len, strlen("A: b\n\nline\n"));
    ck_assert(memcmp(got, "A: b\n\nline\n", len) == 0);
    ck_assert_uint_eq(d.size, len);
    ck_assert_uint_eq(d.lfs, 3);
    free(got);
}
END_TEST

/* W= is the length of the CRLF form a server sends: a CRLF that reaches
 * the file (a bare CR before the line end on the wire) adds nothing. */
START_TEST(w_counts_bare_lfs_only)
{
    struct maildir_delivery d;
    static const char *const chunks[] = { "A: b\r\r\n\r\nx\r", "\r\n" };
    const size_t lens[] = { strlen(chunks[0]), strlen(chunks[1]) };
    size_t len;
    char *got = deliver_chunks(chunks, lens, 2, &len, &d);
    ck_assert_uint_eq(len, strlen("A: b\r\n\nx\r\n"));
    ck_assert(memcmp(got, "A: b\r\n\nx\r\n", len) == 0);
    ck_assert_uint_eq(d.lfs, 1);            /* CRLF form: "A: b\r\n\r\nx\r\n" */
    ck_assert_msg(strstr(d.new_path, ",S=10,W=11") != NULL, "%s", d.new_path);
    free(got);
}
END_TEST

START_TEST(crlf_split_across_chunks)
{
    struct maildir_delivery d;
    /* The CR of a CRLF at the end of one chunk, its LF at the start of the
     * next; a bare CR, a bare LF, 8-bit octets and a NUL on the way. */
    static const char c1[] = "one\r";
    static const char c2[] = "\ntwo\rx\ny\xe9\x00z\r";
    static const char c3[] = "\n";
    static const char want[] = "one\ntwo\rx\ny\xe9\x00z\n";
    const char *const chunks[] = { c1, c2, c3 };
    const size_t lens[] = { sizeof c1 - 1, sizeof c2 - 1, sizeof c3 - 1 };
    size_t len;
    char *got = deliver_chunks(chunks, lens, 3, &len, &d);
    ck_assert_uint_eq(len, sizeof want - 1);
    ck_assert(memcmp(got, want, len) == 0);
    free(got);
}
END_TEST

START_TEST(trailing_bare_cr_is_kept)
{
    struct maildir_delivery d;
    static const char *const chunks[] = { "end\r" };
    const size_t lens[] = { 4 };
    size_t len;
    char *got = deliver_chunks(chunks, lens, 1, &len, &d);
    ck_assert_uint_eq(len, 4);
    ck_assert(memcmp(got, "end\r", 4) == 0);
    free(got);
}
END_TEST

/* Big random messages (up to 30,000 octets: the writer's 8 KiB buffer
 * fills several times), dense with CR and LF, written in random chunks:
 * the file must be the input with each CRLF turned into LF and nothing
 * else changed, and S= and W= must be its size and the size of its
 * CRLF form.  The reference is the rule itself, applied to the whole
 * input at once. */
START_TEST(random_messages_stored_by_the_rule)
{
    static const char alphabet[] = "ab\xe9\r\n\r\n";
    unsigned seed = 1128;
    char err[MAILDIR_ERRLEN];

    for (int round = 0; round < 40; round++) {
        size_t len = (size_t)rand_r(&seed) % 30000, wlen = 0, lfs = 0;
        char *in = malloc(len + 1), *want = malloc(len + 1), dir[32], name[64];
        size_t cuts[9], ncuts = 1 + (size_t)rand_r(&seed) % 8, got_len;
        struct maildir_delivery d;

        ck_assert(in != NULL && want != NULL);
        for (size_t i = 0; i < len; i++)
            in[i] = alphabet[(size_t)rand_r(&seed) % (sizeof alphabet - 1)];
        for (size_t i = 0; i < len; i++) {          /* the rule */
            if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
                i++;
            if (in[i] == '\n' && !(wlen > 0 && want[wlen - 1] == '\r'))
                lfs++;
            want[wlen++] = in[i];
        }
        for (size_t i = 0; i < ncuts; i++)
            cuts[i] = len == 0 ? 0 : (size_t)rand_r(&seed) % len;
        cuts[ncuts] = len;
        snprintf(dir, sizeof dir, "r%d", round);
        ck_assert_int_eq(maildir_make(at(dir), err, sizeof err), 0);
        ck_assert_int_eq(maildir_begin(&d, at(dir)), 0);
        for (size_t i = 0, from = 0; i <= ncuts; i++) {   /* cuts need not ascend */
            size_t to = cuts[i] < from ? from : cuts[i];
            ck_assert_int_eq(maildir_write_crlf(&d, in + from, to - from), 0);
            from = to;
        }
        ck_assert_int_eq(maildir_sync(&d), 0);
        ck_assert_int_eq(maildir_commit(&d), 0);
        char *got = slurp(d.new_path, &got_len);
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(got_len == wlen && memcmp(got, want, wlen) == 0,
                      "round %d: %zu octets stored, %zu expected", round, got_len, wlen);
        ck_assert_uint_eq(d.lfs, lfs);
        snprintf(name, sizeof name, ",S=%zu,W=%zu", wlen, wlen + lfs);
        ck_assert_msg(strstr(d.new_path, name) != NULL, "%s lacks %s", d.new_path, name);
        free(got);
        free(in);
        free(want);
    }
}
END_TEST

START_TEST(begin_fails_without_tmp)
{
    struct maildir_delivery d;
    ck_assert_int_eq(mkdir(at("m"), 0700), 0);
    ck_assert_int_eq(mkdir(at("m/new"), 0700), 0);
    ck_assert_int_eq(maildir_begin(&d, at("m")), -1);
    ck_assert_int_eq(d.err_errno, ENOENT);
    ck_assert_ptr_nonnull(strstr(d.err, "cannot create"));
    ck_assert_int_eq(count_entries(at("m/new")), 0);
    maildir_abort(&d);                      /* harmless in any state */
}
END_TEST

START_TEST(commit_failure_leaves_nothing)
{
    char err[MAILDIR_ERRLEN];
    struct maildir_delivery d;
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    /* Replace new/ by a plain file: the link into new/ must fail. */
    ck_assert_int_eq(rmdir(at("m/new")), 0);
    FILE *f = fopen(at("m/new"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(maildir_begin(&d, at("m")), 0);
    ck_assert_int_eq(maildir_write(&d, "x\n", 2), 0);
    ck_assert_int_eq(maildir_sync(&d), 0);
    ck_assert_int_eq(count_entries(at("m/tmp")), 1);
    ck_assert_int_eq(maildir_commit(&d), -1);
    ck_assert_int_eq(d.err_errno, ENOTDIR);
    ck_assert_int_eq(d.state, MAILDIR_IDLE);
    ck_assert_int_eq(count_entries(at("m/tmp")), 0);
    ck_assert_int_eq(count_entries(at("m/cur")), 0);
}
END_TEST

START_TEST(write_failure_leaves_nothing)
{
    char err[MAILDIR_ERRLEN], big[4096];
    struct maildir_delivery d;
    struct rlimit rl = { 100, 100 };

    /* A file size limit makes write(2) fail with EFBIG beyond 100 octets
     * (even for root), instead of sending SIGXFSZ, which we ignore.  The
     * test runs in its own process (Check forks), so the limit dies with it. */
    signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(maildir_begin(&d, at("m")), 0);
    ck_assert_int_eq(maildir_write_crlf(&d, big, sizeof big), -1);
    ck_assert_int_eq(d.err_errno, EFBIG);
    ck_assert_ptr_nonnull(strstr(d.err, "cannot write"));
    ck_assert_int_eq(d.state, MAILDIR_IDLE);
    ck_assert_int_eq(count_entries(at("m/tmp")), 0);
    ck_assert_int_eq(count_entries(at("m/new")), 0);
    /* And through the one-call interface, with its message. */
    ck_assert_int_eq(maildir_deliver(at("m"), big, sizeof big, NULL, 0, err, sizeof err), -1);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert_int_eq(count_entries(at("m/tmp")), 0);
    ck_assert_int_eq(count_entries(at("m/new")), 0);
}
END_TEST

START_TEST(abort_takes_back_a_commit)
{
    char err[MAILDIR_ERRLEN];
    struct maildir_delivery d;
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    ck_assert_int_eq(maildir_begin(&d, at("m")), 0);
    ck_assert_int_eq(maildir_write(&d, "x\n", 2), 0);
    ck_assert_int_eq(maildir_sync(&d), 0);
    ck_assert_int_eq(maildir_commit(&d), 0);
    ck_assert_int_eq(count_entries(at("m/new")), 1);
    maildir_abort(&d);
    ck_assert_int_eq(count_entries(at("m/new")), 0);
    ck_assert_int_eq(count_entries(at("m/tmp")), 0);
    maildir_abort(&d);                      /* twice is fine */
}
END_TEST

START_TEST(abort_while_writing_removes_tmp)
{
    char err[MAILDIR_ERRLEN];
    struct maildir_delivery d;
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    ck_assert_int_eq(maildir_begin(&d, at("m")), 0);
    ck_assert_int_eq(maildir_write(&d, "partial", 7), 0);
    ck_assert_int_eq(count_entries(at("m/tmp")), 1);
    maildir_abort(&d);
    ck_assert_int_eq(count_entries(at("m/tmp")), 0);
    ck_assert_int_eq(d.fd, -1);
}
END_TEST

START_TEST(calls_out_of_order_are_refused)
{
    char err[MAILDIR_ERRLEN];
    struct maildir_delivery d;
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    ck_assert_int_eq(maildir_begin(&d, at("m")), 0);
    ck_assert_int_eq(maildir_commit(&d), -1);       /* not synced yet */
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(maildir_sync(&d), 0);
    ck_assert_int_eq(maildir_write(&d, "x", 1), -1); /* already closed */
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(maildir_sync(&d), -1);
    ck_assert_int_eq(maildir_commit(&d), 0);
    ck_assert_int_eq(count_entries(at("m/new")), 1);
}
END_TEST

START_TEST(unwritable_maildir_fails_cleanly)
{
    char err[MAILDIR_ERRLEN];
    /* Permissions do not stop root, so this test only proves something for
     * an ordinary user; as root it checks the set-up only. */
    ck_assert_int_eq(maildir_make(at("m"), err, sizeof err), 0);
    ck_assert_int_eq(chmod(at("m/tmp"), 0500), 0);
    if (geteuid() != 0) {
        ck_assert_int_eq(maildir_deliver(at("m"), "x\n", 2, NULL, 0, err, sizeof err), -1);
        ck_assert_int_eq(errno, EACCES);
        ck_assert_int_eq(count_entries(at("m/new")), 0);
    }
    chmod(at("m/tmp"), 0700);
}
END_TEST

START_TEST(two_deliveries_two_files)
{
    char p1[PATH_MAX], p2[PATH_MAX], err[MAILDIR_ERRLEN];
    ck_assert_int_eq(maildir_deliver(at("m"), "1\n", 2, p1, sizeof p1, err, sizeof err), 0);
    ck_assert_int_eq(maildir_deliver(at("m"), "2\n", 2, p2, sizeof p2, err, sizeof err), 0);
    ck_assert_str_ne(p1, p2);
    ck_assert_int_eq(count_entries(at("m/new")), 2);
    const char *name = only_entry(at("m/tmp"));
    ck_assert_ptr_null(name);
}
END_TEST

static Suite *maildir_suite(void)
{
    Suite *s = suite_create("maildir");
    TCase *tc = tl_tcase("maildir");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, make_creates_layout);
    tcase_add_test(tc, make_refuses_a_file_in_the_way);
    tcase_add_test(tc, unique_has_the_documented_form);
    tcase_add_test(tc, unique_names_differ);
    tcase_add_test(tc, deliver_puts_exact_bytes_in_new);
    tcase_add_test(tc, crlf_becomes_lf);
    tcase_add_test(tc, w_counts_bare_lfs_only);
    tcase_add_test(tc, crlf_split_across_chunks);
    tcase_add_test(tc, trailing_bare_cr_is_kept);
    tcase_add_test(tc, random_messages_stored_by_the_rule);
    tcase_add_test(tc, begin_fails_without_tmp);
    tcase_add_test(tc, commit_failure_leaves_nothing);
    tcase_add_test(tc, write_failure_leaves_nothing);
    tcase_add_test(tc, abort_takes_back_a_commit);
    tcase_add_test(tc, abort_while_writing_removes_tmp);
    tcase_add_test(tc, calls_out_of_order_are_refused);
    tcase_add_test(tc, unwritable_maildir_fails_cleanly);
    tcase_add_test(tc, two_deliveries_two_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(maildir_suite());
}
