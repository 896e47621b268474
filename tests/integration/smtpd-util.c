/*
 * smtpd-util.c -- helpers for the integration tests of minimail-smtpd.
 * See smtpd-util.h.
 */
#include "smtpd-util.h"

#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void smtpd_prepare(struct smtpd *d, const char *users_text)
{
    memset(d, 0, sizeof *d);
    d->p.stdin_fd = d->p.stdout_fd = -1;    /* not started: nothing to close */
    d->dir = tl_tmpdir();
    ck_assert_ptr_nonnull(d->dir);
    snprintf(d->root, sizeof d->root, "%s/mail", d->dir);
    if (users_text != NULL) {
        snprintf(d->users, sizeof d->users, "%s/users", d->dir);
        FILE *f = fopen(d->users, "w");
        ck_assert_ptr_nonnull(f);
        fputs(users_text, f);
        fclose(f);
    }
}

int smtpd_threads;

void smtpd_start(struct smtpd *d, const char *const *extra)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)tl_build_path(SMTPD_PROG);
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--maildir-root";
    argv[n++] = d->root;
    argv[n++] = "--hostname";
    argv[n++] = "mx.example.test";
    if (d->users[0] != '\0') {
        argv[n++] = "--users";
        argv[n++] = d->users;
    }
    if (smtpd_threads)
        argv[n++] = "--threads";
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 62; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    ck_assert_msg(tl_spawn_server(&d->p, argv) == 0, "minimail-smtpd did not start");
}

void smtpd_up(struct smtpd *d, const char *users_text, const char *const *extra)
{
    smtpd_prepare(d, users_text);
    smtpd_start(d, extra);
}

int smtpd_down(struct smtpd *d)
{
    int status = d->p.pid > 0 ? tl_stop(&d->p, SIGTERM) : 0;
    tl_cleanup(&d->p);
    if (d->dir != NULL) {
        tl_rmtree(d->dir);
        free(d->dir);
        d->dir = NULL;
    }
    return status;
}

int smtpd_connect(const struct smtpd *d)
{
    char line[600];
    int fd = tl_connect(d->p.host, d->p.port);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(smtp_read_reply(fd, line, sizeof line), 220);
    return fd;
}

int smtp_read_reply(int fd, char *buf, size_t bufsz)
{
    char line[1100];
    for (;;) {
        ssize_t n = tl_read_line(fd, line, sizeof line);
        if (n < 6 || line[n - 2] != '\r' || line[n - 1] != '\n')
            return -1;
        line[n - 2] = '\0';
        if (line[3] == '-')
            continue;                       /* a continuation line */
        if (line[3] != ' ' && line[3] != '\0')
            return -1;
        snprintf(buf, bufsz, "%s", line);
        return atoi(line);
    }
}

void smtp_cmd(int fd, const char *line, const char *want)
{
    char reply[1100];
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
    int code = smtp_read_reply(fd, reply, sizeof reply);
    ck_assert_msg(code > 0 && strncmp(reply, want, strlen(want)) == 0,
                  "after \"%s\": expected \"%s...\", got \"%s\"", line, want,
                  code > 0 ? reply : "(nothing)");
}

void smtp_send_message(int fd, const char *from, const char *const *rcpts,
                       const char *text, const char *want)
{
    char line[1100];
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    snprintf(line, sizeof line, "MAIL FROM:<%s>", from);
    smtp_cmd(fd, line, "250 2.1.0");
    for (size_t i = 0; rcpts[i] != NULL; i++) {
        snprintf(line, sizeof line, "RCPT TO:<%s>", rcpts[i]);
        smtp_cmd(fd, line, "250 2.1.5");
    }
    smtp_cmd(fd, "DATA", "354 ");
    /* Dot-stuff and CRLF-ify, as every SMTP client must (RFC 5321 §4.5.2). */
    size_t len = strlen(text), cap = 2 * len + 16, o = 0;
    char *wire = malloc(cap);
    int bol = 1;
    for (size_t i = 0; i < len; i++) {
        if (bol && text[i] == '.')
            wire[o++] = '.';
        if (text[i] == '\n') {
            wire[o++] = '\r';
            wire[o++] = '\n';
            bol = 1;
        } else {
            wire[o++] = text[i];
            bol = 0;
        }
    }
    ck_assert_int_eq(tl_send_bytes(fd, wire, o), 0);
    free(wire);
    smtp_cmd(fd, ".", want);
}

void smtp_quit(int fd)
{
    smtp_cmd(fd, "QUIT", "221 ");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
}

int smtpd_count(const struct smtpd *d, const char *mailbox, const char *sub)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s/%s", d->root, mailbox, sub);
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(dir);
    return n;
}

char *smtpd_only_message(const struct smtpd *d, const char *mailbox, size_t *len)
{
    char dirpath[1200], path[1600] = "";
    int n = 0;
    snprintf(dirpath, sizeof dirpath, "%s/%s/new", d->root, mailbox);
    DIR *dir = opendir(dirpath);
    ck_assert_msg(dir != NULL, "no Maildir %s", dirpath);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
            n++;
        }
    closedir(dir);
    ck_assert_msg(n == 1, "%d files in %s, expected 1", n, dirpath);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1 << 16, got = 0, r;
    char *buf = malloc(cap + 1);
    while ((r = fread(buf + got, 1, cap - got, f)) > 0) {
        got += r;
        if (got == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    fclose(f);
    buf[got] = '\0';
    *len = got;
    return buf;
}

const char *smtpd_after_trace(const char *msg)
{
    const char *p = msg;
    ck_assert_msg(strncmp(p, "Return-Path: <", 14) == 0, "no Return-Path first");
    p = strchr(p, '\n') + 1;
    ck_assert_msg(strncmp(p, "Received: ", 10) == 0, "no Received second");
    do                                      /* the field and its folded lines */
        p = strchr(p, '\n') + 1;
    while (*p == '\t' || *p == ' ');
    return p;
}

int smtpd_wait_log(const struct smtpd *d, const char *what)
{
    struct timespec start, now, nap = { 0, 5 * 1000000L };
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        char *log = tl_stderr(&d->p);
        int found = log != NULL && strstr(log, what) != NULL;
        free(log);
        if (found)
            return 1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms > tl_timeout_ms())
            return 0;
        nanosleep(&nap, NULL);
    }
}
