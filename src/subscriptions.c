/**
 * @file subscriptions.c
 * @brief The `subscriptions` file: reading both of Dovecot's forms,
 *        rewriting it atomically under a lock.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.6, §6.3.7, §6.3.9
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "subscriptions.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "mailbox_name.h"

#ifndef PATH_MAX
/** Longest path this module handles (POSIX leaves PATH_MAX optional). */
#define PATH_MAX 4096
#endif

/** The first line of Dovecot 2's form, and the empty line that ends the header. */
#define SUBS_HEADER "V\t2\n\n"

static void set_err(char *err, size_t errsz, const char *what, const char *path, int e)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s %s%s%s", what, path, e ? ": " : "", e ? strerror(e) : "");
}

void subs_free(struct subs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    s->names = NULL;
    s->n = 0;
}

int subs_contains(const struct subs *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

static int add(struct subs *s, const char *name)
{
    char **n = realloc(s->names, (s->n + 1) * sizeof *n);
    if (n == NULL)
        return -1;
    s->names = n;
    if ((n[s->n] = strdup(name)) == NULL)
        return -1;
    s->n++;
    return 0;
}

/* [subs-read] */
int subs_read(const char *maildir, struct subs *out, char *err, size_t errsz)
{
    char path[PATH_MAX], line[MBNAME_MAX * 2 + 2], canon[MBNAME_BUFSZ];
    FILE *f;
    int v2 = 0, first = 1, in_header = 0;

    out->names = NULL;
    out->n = 0;
    if (snprintf(path, sizeof path, "%s/%s", maildir, SUBS_FILE) >= (int)sizeof path) {
        set_err(err, errsz, "path too long:", maildir, 0);
        return -1;
    }
    if ((f = fopen(path, "r")) == NULL) {
        if (errno == ENOENT)
            return 0;                /* nobody subscribed anything yet */
        set_err(err, errsz, "cannot read", path, errno);
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
            int c;                   /* an over-long line: skip all of it */
            while ((c = fgetc(f)) != EOF && c != '\n')
                ;
            continue;
        }
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (first) {
            first = 0;
            if (strcmp(line, "V\t2") == 0) {
                v2 = 1;
                in_header = 1;       /* header lines up to an empty line */
                continue;
            }
        }
        if (in_header) {
            if (len == 0)
                in_header = 0;
            continue;
        }
        if (v2)                      /* Dovecot 2: TAB separates the levels */
            for (char *p = line; *p != '\0'; p++)
                if (*p == '\t')
                    *p = MBNAME_DELIM;
        if (mbname_check(line, len, canon, sizeof canon) != MBNAME_OK ||
            subs_contains(out, canon))
            continue;
        if (add(out, canon) < 0) {
            fclose(f);
            subs_free(out);
            set_err(err, errsz, "out of memory reading", path, 0);
            return -1;
        }
    }
    fclose(f);
    return 0;
}
/* [subs-read] */

/* Write the list as Dovecot 2 does, atomically. */
static int subs_write(const char *maildir, const struct subs *s, char *err, size_t errsz)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    size_t cap = sizeof SUBS_HEADER, len = 0;
    char *buf;
    int fd, rc = -1;

    for (size_t i = 0; i < s->n; i++)
        cap += strlen(s->names[i]) + 1;
    if ((buf = malloc(cap)) == NULL) {
        set_err(err, errsz, "out of memory writing", SUBS_FILE, 0);
        return -1;
    }
    memcpy(buf, SUBS_HEADER, sizeof SUBS_HEADER - 1);
    len = sizeof SUBS_HEADER - 1;
    for (size_t i = 0; i < s->n; i++) {
        for (const char *p = s->names[i]; *p != '\0'; p++)
            buf[len++] = *p == MBNAME_DELIM ? '\t' : *p;
        buf[len++] = '\n';
    }
    snprintf(path, sizeof path, "%s/%s", maildir, SUBS_FILE);
    snprintf(tmp, sizeof tmp, "%s/%s.minimail-tmp", maildir, SUBS_FILE);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        set_err(err, errsz, "cannot create", tmp, errno);
        goto out;
    }
    if (io_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
        set_err(err, errsz, "cannot write", tmp, errno);
        close(fd);
        unlink(tmp);
        goto out;
    }
    close(fd);
    if (rename(tmp, path) < 0) {
        set_err(err, errsz, "cannot rename", tmp, errno);
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    free(buf);
    return rc;
}

/* [subs-set] */
int subs_set(const char *maildir, const char *name, int on, char *err, size_t errsz)
{
    char lockpath[PATH_MAX];
    struct subs s;
    struct flock fl;
    int lock, rc = -1;

    if (snprintf(lockpath, sizeof lockpath, "%s/%s", maildir, SUBS_LOCK_FILE)
        >= (int)sizeof lockpath) {
        set_err(err, errsz, "path too long:", maildir, 0);
        return -1;
    }
    lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        set_err(err, errsz, "cannot open", lockpath, errno);
        return -1;
    }
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (fcntl(lock, F_SETLKW, &fl) < 0) {
        if (errno != EINTR) {
            set_err(err, errsz, "cannot lock", lockpath, errno);
            close(lock);
            return -1;
        }
    }
    if (subs_read(maildir, &s, err, errsz) < 0)
        goto out;
    int present = subs_contains(&s, name);
    if (on && !present) {
        if (add(&s, name) < 0) {
            set_err(err, errsz, "out of memory:", name, 0);
            goto out_free;
        }
    } else if (!on && present) {
        size_t k = 0;
        for (size_t i = 0; i < s.n; i++) {
            if (strcmp(s.names[i], name) == 0)
                free(s.names[i]);
            else
                s.names[k++] = s.names[i];
        }
        s.n = k;
    } else {
        rc = 0;                      /* nothing changes */
        goto out_free;
    }
    rc = subs_write(maildir, &s, err, errsz);
out_free:
    subs_free(&s);
out:
    close(lock);                     /* releases the lock */
    return rc;
}
/* [subs-set] */
