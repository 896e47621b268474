/*
 * relay-util.c -- helpers for the integration tests of chapter 7's
 * minimail-smtpd.  See relay-util.h.
 */
#include "relay-util.h"

#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

void relay_start(struct smtpd *d, const char *host, const char *listen,
                 const char *const *extra)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)tl_build_path(RELAYD_PROG);
    argv[n++] = "--listen";
    argv[n++] = (char *)(listen != NULL ? listen : "127.0.0.1:0");
    argv[n++] = "--maildir-root";
    argv[n++] = d->root;
    argv[n++] = "--hostname";
    argv[n++] = (char *)host;
    argv[n++] = "--domain";
    argv[n++] = (char *)host;
    if (d->users[0] != '\0') {
        argv[n++] = "--users";
        argv[n++] = d->users;
    }
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 62; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    ck_assert_msg(tl_spawn_server(&d->p, argv) == 0, "%s did not start", host);
}

/* Milliseconds since an earlier moment. */
static long since_ms(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The bound of the queue waits: a retry interval (1 s) plus the runner's
 * tick plus a delivery, several times over. */
static long queue_bound_ms(void)
{
    return 3L * tl_timeout_ms();
}

int relay_wait_count(const struct smtpd *d, const char *mailbox, int want)
{
    struct timespec t0, nap = { 0, 20 * 1000000L };
    int n;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while ((n = smtpd_count(d, mailbox, "new")) != want && since_ms(&t0) < queue_bound_ms())
        nanosleep(&nap, NULL);
    return n;
}

int relay_spool_count(const struct smtpd *d)
{
    char path[700];
    snprintf(path, sizeof path, "%s/.spool/env", d->root);
    DIR *dir = opendir(path);
    struct dirent *e;
    int n = 0;
    if (dir == NULL)
        return -1;
    while ((e = readdir(dir)) != NULL)
        n += e->d_name[0] != '.';
    closedir(dir);
    return n;
}

int relay_wait_spool(const struct smtpd *d, int want)
{
    struct timespec t0, nap = { 0, 20 * 1000000L };
    int n;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while ((n = relay_spool_count(d)) != want && since_ms(&t0) < queue_bound_ms())
        nanosleep(&nap, NULL);
    return n;
}

void relay_free_port(char *port, size_t sz)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    snprintf(port, sz, "%d", ntohs(a.sin_port));
    close(fd);
}

void relay_b64(const void *in, size_t len, char *out, size_t outsz)
{
    static const char a[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = in;
    size_t o = 0;
    ck_assert(outsz > 4 * ((len + 2) / 3));
    for (size_t i = 0; i < len; i += 3) {
        unsigned long g = (unsigned long)p[i] << 16 |
                          (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0) |
                          (i + 2 < len ? p[i + 2] : 0);
        out[o++] = a[g >> 18 & 63];
        out[o++] = a[g >> 12 & 63];
        out[o++] = i + 1 < len ? a[g >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? a[g & 63] : '=';
    }
    out[o] = '\0';
}

void relay_login(int fd, const char *user, const char *pass)
{
    char plain[300], b64[500], line[600];
    size_t n = (size_t)snprintf(plain, sizeof plain, "%c%s%c%s", 0, user, 0, pass);
    relay_b64(plain, n, b64, sizeof b64);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    snprintf(line, sizeof line, "AUTH PLAIN %s", b64);
    smtp_cmd(fd, line, "235 2.7.0");
}
