/*
 * test-smtpd-threads.c -- many SMTP sessions as threads of one process
 * (minimail-smtpd --threads): chapters 4, 5 and 7 must be thread-safe.
 *
 * Each session is smtp_server_session() in a thread of its own, on one
 * end of a socketpair, with the configuration built as minimail-smtpd
 * builds it (smtpd_options_*, spool_open(), smtp_relay_setup()).  A
 * client thread plays the other end.  Everything happens in this one
 * process, so what a forked session used to get for free -- its own copy
 * of every static variable, its own pid -- is gone, and the tests look
 * at exactly that:
 *
 *  - 12 sessions deliver 8 messages each into the SAME Maildir at once:
 *    every message must be in new/ exactly once, byte for byte, under a
 *    name of its own, and tmp/ must be empty;
 *  - Maildir unique names made by 8 threads in a tight loop are distinct
 *    (the counter in them is shared by the threads of the process);
 *  - the EHLO keywords a session shows depend on its own client only
 *    (AUTH is offered on loopback), not on the session that connected last;
 *  - crypt(3) password checks of different users, at once, all give the
 *    right answer (crypt() returns a static buffer).
 *
 * The client side reads a byte at a time with its own bounded poll(),
 * and writes with send(2): testlib's line reader keeps per-fd buffers in
 * static storage and is meant for one thread.
 */
#include "testlib.h"

#include "config.h"
#ifdef HAVE_CRYPT_H
#include <crypt.h>
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "maildir.h"
#include "routes.h"
#include "smtp_relay.h"
#include "smtpd_options.h"
#include "spool.h"
#include "users.h"

#define SESSIONS 12     /* sessions at once */
#define MESSAGES 8      /* messages per session */

/* ---- the server, as minimail-smtpd (chapter 7) builds it ---------------- */

static struct smtpd_options opts;
static struct smtp_relay relay;
static struct routes routes;
static struct spool spool;
static struct smtp_config cfg;
static struct server_config sc;
static char root[512];
static char *tmpdir;            /* this test's directory (tl_tmpdir()) */

/* This test's temporary directory, made the first time. */
static const char *test_dir(void)
{
    if (tmpdir == NULL)
        tmpdir = tl_tmpdir();
    ck_assert_ptr_nonnull(tmpdir);
    return tmpdir;
}

/* Remove it again. */
static void test_dir_done(void)
{
    if (tmpdir != NULL) {
        tl_rmtree(tmpdir);
        free(tmpdir);
        tmpdir = NULL;
    }
}

static void usage(FILE *f)
{
    fprintf(f, "test\n");
}

/* Parse ARGS like main() does, then the relay setup of chapter 7. */
static void server_setup(const char *users_file)
{
    char err[USERS_ERRLEN], spool_dir[600];
    const char *args[][2] = {
        { "maildir-root", NULL }, { "domain", "example.test" },
        { "users", users_file }, { "hostname", "mx.example.test" },
    };
    int codes[] = { SMTPD_OPT_MAILDIR_ROOT, SMTPD_OPT_DOMAIN, SMTPD_OPT_USERS,
                    SMTPD_OPT_HOSTNAME };

    snprintf(root, sizeof root, "%s/mail", test_dir());
    args[0][1] = root;
    log_init("test-smtpd-threads");
    smtpd_options_init(&opts, "minimail-smtpd", usage, &cfg, &sc, &relay.store);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        ck_assert_int_eq(smtpd_options_handle(&opts, codes[i], args[i][1]),
                         SERVER_OPTION_TAKEN);
    char *argv[] = { "minimail-smtpd", NULL };
    optind = 1;
    ck_assert_int_eq(smtpd_options_finish(&opts, 1, argv), EX_OK);
    relay.auth.users = opts.users;
    snprintf(spool_dir, sizeof spool_dir, "%s/.spool", root);
    ck_assert_int_eq(spool_open(&spool, spool_dir, err, sizeof err), 0);
    relay.routes = &routes;
    relay.spool = &spool;
    smtp_relay_setup(&relay, &cfg, opts.max_size);
}

/* Write a users file with these lines; returns its path (static). */
static const char *users_file(const char *text)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/users", test_dir());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* One session in a thread: what server.c's thread mode does. */
struct server_thread {
    pthread_t thread;
    int fd;
    char peer[64];
    int result;
};

static void *server_main(void *arg)
{
    struct server_thread *t = arg;
    t->result = sc.session(t->fd, t->fd, t->peer, sc.arg);
    close(t->fd);
    return NULL;
}

/* Start a session for PEER; returns the client's end of the socketpair. */
static int start_session(struct server_thread *t, const char *peer)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return -1;
    t->fd = sv[0];
    snprintf(t->peer, sizeof t->peer, "%s", peer);
    if (pthread_create(&t->thread, NULL, server_main, t) != 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    return sv[1];
}

/* ---- a client that may run in any thread -------------------------------- */

/* Read one reply line (through LF) into buf, a byte at a time, waiting at
 * most tl_timeout_ms() for each byte.  Returns its length, or -1. */
static ssize_t read_line(int fd, char *buf, size_t bufsz)
{
    size_t n = 0;
    while (n + 1 < bufsz) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, tl_timeout_ms()) <= 0)
            return -1;
        ssize_t r = read(fd, buf + n, 1);
        if (r <= 0)
            return -1;
        if (buf[n++] == '\n')
            break;
    }
    buf[n] = '\0';
    return (ssize_t)n;
}

/* Read a (possibly multi-line) reply; 0 if its last line starts with
 * PREFIX (e.g. "250 "); the lines go into all (may be NULL). */
static int expect(int fd, const char *prefix, char *all, size_t allsz)
{
    char line[1024];
    size_t used = 0;
    if (all != NULL)
        all[0] = '\0';
    for (;;) {
        if (read_line(fd, line, sizeof line) < 4)
            return -1;
        if (all != NULL && used + strlen(line) < allsz) {
            memcpy(all + used, line, strlen(line) + 1);
            used += strlen(line);
        }
        if (line[3] != '-')
            return strncmp(line, prefix, strlen(prefix)) == 0 ? 0 : -1;
    }
}

/* Write all of buf.  send(2) with MSG_NOSIGNAL: a session gone early
 * gives EPIPE, not SIGPIPE (testlib's tl_send() sets SIGPIPE to ignored
 * the first time, which is for one thread only). */
static int send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int say(int fd, const char *line)
{
    return send_all(fd, line, strlen(line));
}

/* The message a session sends as number k (wire form: CRLF, a dot-stuffed
 * line) and what must be stored (LF, the dot restored). */
static void message(int session, int k, struct tl_buf *wire, struct tl_buf *stored)
{
    char line[200];
    snprintf(line, sizeof line, "Subject: session %d message %d", session, k);
    const char *lines[] = { line, "", "first line", ".a line that began with a dot",
                            "8-bit: \xc3\xa9t\xc3\xa9", "last line" };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (lines[i][0] == '.')
            tl_buf_puts(wire, ".");
        tl_buf_puts(wire, lines[i]);
        tl_buf_puts(wire, "\r\n");
        tl_buf_puts(stored, lines[i]);
        tl_buf_puts(stored, "\n");
    }
    tl_buf_puts(wire, ".\r\n");
}

struct client {
    pthread_t thread;
    int number;
    const char *error;      /* NULL when every step went well */
};

/* One whole session: EHLO, MESSAGES transactions, QUIT. */
static void *client_main(void *arg)
{
    struct client *c = arg;
    struct server_thread st;
    char peer[64];

    snprintf(peer, sizeof peer, "127.0.0.1:%d", 40000 + c->number);
    int fd = start_session(&st, peer);
    if (fd < 0) {
        c->error = "cannot start a session";
        return NULL;
    }
    if (expect(fd, "220 ", NULL, 0) < 0 || say(fd, "EHLO client.example\r\n") < 0 ||
        expect(fd, "250 ", NULL, 0) < 0)
        c->error = "greeting or EHLO failed";
    for (int k = 0; k < MESSAGES && c->error == NULL; k++) {
        struct tl_buf wire = { 0 }, stored = { 0 };
        message(c->number, k, &wire, &stored);
        if (say(fd, "MAIL FROM:<sender@example.org>\r\n") < 0 ||
            expect(fd, "250 ", NULL, 0) < 0 ||
            say(fd, "RCPT TO:<alice@example.test>\r\n") < 0 ||
            expect(fd, "250 ", NULL, 0) < 0 || say(fd, "DATA\r\n") < 0 ||
            expect(fd, "354 ", NULL, 0) < 0 ||
            send_all(fd, wire.p, wire.len) < 0 || expect(fd, "250 ", NULL, 0) < 0)
            c->error = "a transaction failed";
        free(wire.p);
        free(stored.p);
    }
    if (say(fd, "QUIT\r\n") < 0 || expect(fd, "221 ", NULL, 0) < 0)
        c->error = c->error ? c->error : "QUIT failed";
    close(fd);
    pthread_join(st.thread, NULL);
    if (st.result != 0 && c->error == NULL)
        c->error = "the session failed";
    return NULL;
}

/* Read a whole file into b. */
static int slurp(const char *path, struct tl_buf *b)
{
    char chunk[4096];
    int fd = open(path, O_RDONLY);
    ssize_t n;
    if (fd < 0)
        return -1;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        tl_buf_put(b, chunk, (size_t)n);
    close(fd);
    return n < 0 ? -1 : 0;
}

/* Entries of a directory (not . and ..). */
static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;
    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

START_TEST(sessions_share_one_maildir)
{
    struct client clients[SESSIONS];
    char dir[700];
    int seen[SESSIONS][MESSAGES];

    server_setup(users_file("alice:{PLAIN}secret\n"));
    for (int i = 0; i < SESSIONS; i++) {
        clients[i] = (struct client){ .number = i };
        ck_assert_int_eq(pthread_create(&clients[i].thread, NULL, client_main, &clients[i]), 0);
    }
    for (int i = 0; i < SESSIONS; i++) {
        pthread_join(clients[i].thread, NULL);
        if (clients[i].error != NULL)
            ck_abort_msg("session %d: %s", i, clients[i].error);
    }

    /* Every message once in new/, exactly as sent; nothing left in tmp/. */
    snprintf(dir, sizeof dir, "%s/alice/tmp", root);
    ck_assert_uint_eq(count_entries(dir), 0);
    snprintf(dir, sizeof dir, "%s/alice/new", root);
    ck_assert_uint_eq(count_entries(dir), SESSIONS * MESSAGES);
    memset(seen, 0, sizeof seen);
    DIR *d = opendir(dir);
    struct dirent *de;
    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)) != NULL) {
        char path[1000];
        int session, k;
        struct tl_buf got = { 0 }, wire = { 0 }, stored = { 0 };
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        ck_assert_int_eq(slurp(path, &got), 0);
        tl_buf_put(&got, "", 1);
        const char *subject = strstr(got.p, "\nSubject: session ");
        ck_assert_ptr_nonnull(subject);
        ck_assert_int_eq(sscanf(subject, "\nSubject: session %d message %d", &session, &k), 2);
        ck_assert(session >= 0 && session < SESSIONS && k >= 0 && k < MESSAGES);
        seen[session][k]++;
        message(session, k, &wire, &stored);
        /* Return-Path and Received first (chapter 5), then the message. */
        ck_assert(strncmp(got.p, "Return-Path: <sender@example.org>\nReceived: ", 44) == 0);
        ck_assert_uint_eq(strlen(subject + 1), stored.len);
        ck_assert(memcmp(subject + 1, stored.p, stored.len) == 0);
        free(got.p);
        free(wire.p);
        free(stored.p);
    }
    closedir(d);
    for (int i = 0; i < SESSIONS; i++)
        for (int k = 0; k < MESSAGES; k++)
            ck_assert_msg(seen[i][k] == 1, "message %d of session %d stored %d times",
                          k, i, seen[i][k]);
    smtpd_options_free(&opts);
    test_dir_done();
}
END_TEST

/* ---- Maildir unique names from many threads ----------------------------- */

#define NAMES_PER_THREAD 20000
#define NAME_THREADS 8

struct names {
    pthread_t thread;
    char (*names)[MAILDIR_UNIQUE_MAX];
    int failed;
};

static void *make_names(void *arg)
{
    struct names *n = arg;
    for (int i = 0; i < NAMES_PER_THREAD; i++)
        if (maildir_unique(n->names[i], sizeof n->names[i]) < 0)
            n->failed = 1;
    return NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

START_TEST(unique_names_distinct_between_threads)
{
    struct names t[NAME_THREADS];
    char (*all)[MAILDIR_UNIQUE_MAX] = calloc(NAME_THREADS * NAMES_PER_THREAD, sizeof *all);

    ck_assert_ptr_nonnull(all);
    for (int i = 0; i < NAME_THREADS; i++) {
        t[i] = (struct names){ .names = all + i * NAMES_PER_THREAD };
        ck_assert_int_eq(pthread_create(&t[i].thread, NULL, make_names, &t[i]), 0);
    }
    for (int i = 0; i < NAME_THREADS; i++) {
        pthread_join(t[i].thread, NULL);
        ck_assert_int_eq(t[i].failed, 0);
    }
    qsort(all, NAME_THREADS * NAMES_PER_THREAD, sizeof *all, by_name);
    for (size_t i = 1; i < NAME_THREADS * NAMES_PER_THREAD; i++)
        ck_assert_msg(strcmp(all[i - 1], all[i]) != 0, "name %s made twice", all[i]);
    /* Each is a name maildir(5) allows: no '/' and no ':'. */
    ck_assert_ptr_null(strpbrk(all[0], "/:"));
    free(all);
}
END_TEST

/* ---- EHLO keywords are the session's own -------------------------------- */

START_TEST(ehlo_keywords_per_session)
{
    struct server_thread remote, local;
    char reply[2048];

    server_setup(users_file("alice:{PLAIN}secret\n"));
    /* A client from elsewhere connects (AUTH is not offered to it) ... */
    int rfd = start_session(&remote, "192.0.2.7:40001");
    ck_assert_int_ge(rfd, 0);
    ck_assert_int_eq(expect(rfd, "220 ", NULL, 0), 0);
    /* ... then a client on loopback (AUTH is offered to it) ... */
    int lfd = start_session(&local, "127.0.0.1:40002");
    ck_assert_int_ge(lfd, 0);
    ck_assert_int_eq(expect(lfd, "220 ", NULL, 0), 0);
    /* ... and each sees its own list, whoever connected last. */
    ck_assert_int_eq(say(rfd, "EHLO remote.example\r\n"), 0);
    ck_assert_int_eq(expect(rfd, "250 ", reply, sizeof reply), 0);
    ck_assert_msg(strstr(reply, "AUTH") == NULL, "AUTH offered off loopback:\n%s", reply);
    ck_assert_int_eq(say(lfd, "EHLO local.example\r\n"), 0);
    ck_assert_int_eq(expect(lfd, "250 ", reply, sizeof reply), 0);
    ck_assert_msg(strstr(reply, "AUTH PLAIN LOGIN") != NULL, "no AUTH on loopback:\n%s", reply);
    /* The first client asks again, after the second one's EHLO. */
    ck_assert_int_eq(say(rfd, "EHLO remote.example\r\n"), 0);
    ck_assert_int_eq(expect(rfd, "250 ", reply, sizeof reply), 0);
    ck_assert_msg(strstr(reply, "AUTH") == NULL, "AUTH offered off loopback:\n%s", reply);
    for (int i = 0; i < 2; i++) {
        int fd = i == 0 ? rfd : lfd;
        ck_assert_int_eq(say(fd, "QUIT\r\n"), 0);
        ck_assert_int_eq(expect(fd, "221 ", NULL, 0), 0);
        close(fd);
    }
    pthread_join(remote.thread, NULL);
    pthread_join(local.thread, NULL);
    smtpd_options_free(&opts);
    test_dir_done();
}
END_TEST

/* ---- crypt(3) password checks at once ----------------------------------- */

#define CRYPT_THREADS 6
#define CRYPT_ROUNDS 25

struct checker {
    pthread_t thread;
    const struct users_entry *e;
    char password[32];
    int wrong;      /* answers that were not the right one */
};

static void *check_passwords(void *arg)
{
    struct checker *c = arg;
    for (int i = 0; i < CRYPT_ROUNDS; i++) {
        if (users_check_password(c->e, c->password) != 1)
            c->wrong++;
        if (users_check_password(c->e, "not the password") != 0)
            c->wrong++;
    }
    return NULL;
}

START_TEST(crypt_checks_at_once)
{
    struct checker c[CRYPT_THREADS];
    struct tl_buf text = { 0 };
    char err[USERS_ERRLEN];

    /* Each user a password and a salt of their own (SHA-256 crypt). */
    for (int i = 0; i < CRYPT_THREADS; i++) {
        char salt[32], line[200];
        snprintf(c[i].password, sizeof c[i].password, "password-%d", i);
        snprintf(salt, sizeof salt, "$5$rounds=1000$salt%d$", i);
        const char *h = crypt(c[i].password, salt);
        ck_assert_ptr_nonnull(h);
        snprintf(line, sizeof line, "user%d:%s\n", i, h);
        tl_buf_puts(&text, line);
    }
    tl_buf_put(&text, "", 1);
    struct users *u = users_load(users_file(text.p), err, sizeof err);
    ck_assert_msg(u != NULL, "%s", err);
    for (int i = 0; i < CRYPT_THREADS; i++) {
        char name[16];
        snprintf(name, sizeof name, "user%d", i);
        c[i].e = users_find(u, name);
        c[i].wrong = 0;
        ck_assert_ptr_nonnull(c[i].e);
    }
    for (int i = 0; i < CRYPT_THREADS; i++)
        ck_assert_int_eq(pthread_create(&c[i].thread, NULL, check_passwords, &c[i]), 0);
    for (int i = 0; i < CRYPT_THREADS; i++)
        pthread_join(c[i].thread, NULL);
    for (int i = 0; i < CRYPT_THREADS; i++)
        ck_assert_msg(c[i].wrong == 0, "user%d: %d wrong answers of %d", i, c[i].wrong,
                      2 * CRYPT_ROUNDS);
    users_free(u);
    free(text.p);
    test_dir_done();
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("smtpd-threads");
    TCase *tc = tl_tcase("smtpd-threads");

    tcase_add_test(tc, sessions_share_one_maildir);
    tcase_add_test(tc, unique_names_distinct_between_threads);
    tcase_add_test(tc, ehlo_keywords_per_session);
    tcase_add_test(tc, crypt_checks_at_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(threads_suite());
}
