/*
 * imapd-util.c -- helpers for the IMAP servers' integration tests; see
 * imapd-util.h.
 */
#include "imapd-util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void imapd_prepare(struct imapd *d, const char *prog)
{
    memset(d, 0, sizeof *d);
    d->prog = prog;
    d->dir = tl_tmpdir();
    ck_assert_ptr_nonnull(d->dir);
    snprintf(d->root, sizeof d->root, "%s/mail", d->dir);
}

void imapd_make_maildir(const char *root, const char *user)
{
    const char *subs[] = { "", "/tmp", "/new", "/cur" };
    char p[1024];

    mkdir(root, 0700);
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        snprintf(p, sizeof p, "%s/%s%s", root, user, subs[i]);
        ck_assert_msg(mkdir(p, 0700) == 0 || errno == EEXIST, "%s: %s", p, strerror(errno));
    }
}

const char *imapd_users_file(void)
{
    static char users[1024];

    snprintf(users, sizeof users, "%s", tl_src_path("tests/dialogs/imap-conversation/users"));
    return users;
}

void imapd_spawn(struct tl_proc *p, const char *prog, const char *root,
                 const char *const *extra)
{
    char *argv[40];
    int n = 0;

    argv[n++] = (char *)tl_build_path(prog);
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--users";
    argv[n++] = (char *)imapd_users_file();
    argv[n++] = "--maildir-root";
    argv[n++] = (char *)root;
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 39; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    ck_assert_msg(tl_spawn_server(p, argv) == 0, "%s did not start", prog);
}

void imapd_start(struct imapd *d, const char *const *extra)
{
    imapd_spawn(&d->p, d->prog, d->root, extra);
    d->running = 1;
}

int imapd_down(struct imapd *d)
{
    int status = 0;

    if (d->running) {
        status = tl_stop(&d->p, SIGTERM);
        tl_cleanup(&d->p);
        d->running = 0;
    }
    if (d->dir != NULL) {
        tl_rmtree(d->dir);
        free(d->dir);
        d->dir = NULL;
    }
    return status;
}

int imap_login(const struct tl_proc *p, const char *user, const char *password)
{
    char line[600];
    const char *t;
    int fd = tl_connect(p->host, p->port);

    ck_assert_int_ge(fd, 0);
    ck_assert(tl_expect_prefix(fd, "* OK [CAPABILITY IMAP4rev1 "));
    snprintf(line, sizeof line, "LOGIN %s %s", user, password);
    t = imap_cmd(fd, "L", line, NULL);
    ck_assert_msg(strncmp(t, "L OK ", 5) == 0, "%s", t);
    return fd;
}

const char *imap_cmd(int fd, const char *tag, const char *command, const char **untagged)
{
    static char tagged[2][8192], collected[2][65536];
    static int slot;
    char line[8192];
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

int imap_select_inbox(const struct tl_proc *p, const char *user, const char *password)
{
    int fd = imap_login(p, user, password);
    IMAP_OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    return fd;
}

void imap_expect_search(int fd, const char *command, const char *want)
{
    const char *untagged, *t = imap_cmd(fd, "Q", command, &untagged);
    char line[256];
    snprintf(line, sizeof line, "%s\r\n", want);
    ck_assert_msg(strncmp(t, "Q OK ", 5) == 0, "%s: %s", command, t);
    ck_assert_msg(strstr(untagged, line) != NULL, "%s: got \"%s\", want \"%s\"", command,
                  untagged, want);
}

/* The directory of USER's INBOX or of its folder .FOLDER. */
static void folder_dir(const char *root, const char *user, const char *folder,
                       char *out, size_t outsz)
{
    if (folder == NULL)
        snprintf(out, outsz, "%s/%s", root, user);
    else
        snprintf(out, outsz, "%s/%s/.%s", root, user, folder);
}

/* Write @p text as a new message of DIR: tmp/ first, then new/. */
static void deliver(const char *dir, const char *text)
{
    static int serial;
    char name[128], tmpf[1200], newf[1200];
    FILE *f;
    int c = ++serial;

    snprintf(name, sizeof name, "17000%05d.M%dP%dQ%d.test", c, c, (int)getpid(), c);
    snprintf(tmpf, sizeof tmpf, "%s/tmp/%s", dir, name);
    snprintf(newf, sizeof newf, "%s/new/%s", dir, name);
    f = fopen(tmpf, "w");
    ck_assert_msg(f != NULL, "%s: %s", tmpf, strerror(errno));
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(rename(tmpf, newf), 0);
}

void imapd_drop(const char *root, const char *user, const char *folder, int n)
{
    static int counter;
    char dir[1024], text[256];

    folder_dir(root, user, folder, dir, sizeof dir);
    for (int i = 0; i < n; i++) {
        counter++;
        snprintf(text, sizeof text, "From: t@example.test\nSubject: %d\n\nbody %d\n",
                 counter, counter);
        deliver(dir, text);
    }
}

void imapd_drop_text(const char *root, const char *user, const char *folder,
                     const char *text)
{
    char dir[1024];

    folder_dir(root, user, folder, dir, sizeof dir);
    deliver(dir, text);
}

int imap_occurrences(const char *text, const char *part)
{
    int n = 0;

    for (const char *q = text; (q = strstr(q, part)) != NULL; q += strlen(part))
        n++;
    return n;
}

long imap_num_after(const char *text, const char *key)
{
    const char *p = strstr(text, key);

    return p != NULL ? strtol(p + strlen(key), NULL, 10) : -1;
}

int imapd_run(const char *prog, const char *const *args, char **out, char **err)
{
    struct tl_proc p;
    char *argv[32], line[1024];
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    ssize_t r;
    int n = 0, status;

    ck_assert_ptr_nonnull(buf);
    argv[n++] = (char *)tl_build_path(prog);
    for (size_t i = 0; args[i] != NULL && n < 31; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    close(p.stdin_fd);
    p.stdin_fd = -1;
    while ((r = tl_read_line(p.stdout_fd, line, sizeof line)) > 0) {
        if (len + (size_t)r + 1 > cap) {
            buf = realloc(buf, cap *= 2);
            ck_assert_ptr_nonnull(buf);
        }
        memcpy(buf + len, line, (size_t)r);
        len += (size_t)r;
    }
    buf[len] = '\0';
    status = tl_stop(&p, 0);
    ck_assert_msg(status != -1, "%s did not exit", prog);
    if (err != NULL)
        *err = tl_stderr(&p);
    tl_cleanup(&p);
    if (out != NULL)
        *out = buf;
    else
        free(buf);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

void imapd_expect_exit(const char *prog, const char *const *args, int code, const char *what)
{
    char *err = NULL;
    int rc = imapd_run(prog, args, NULL, &err);

    ck_assert_msg(rc == code, "exit %d, want %d; stderr: %s", rc, code, err);
    if (what != NULL)
        ck_assert_msg(strstr(err, what) != NULL, "stderr lacks \"%s\": %s", what, err);
    free(err);
}
