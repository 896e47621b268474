/**
 * @file spool.c
 * @brief The mail queue on disk: message and envelope files, written in
 *        tmp/, fsync'ed, renamed into place, directory fsync'ed.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §6.1, §4.5.4.1; qmail maildir(5)
 *
 * Every write follows one pattern, write_durably(): create a fresh file in
 * tmp/ (O_EXCL: never someone else's), write all of it, fsync(2), close(2)
 * -- checking each, since a full disk may only show at fsync or close --
 * then rename(2) it to its final name and fsync(2) the directory that now
 * holds the name.  Only after the last step is the file's *name* on the
 * disk, and only then may the server say 250.
 */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "log.h"

/* printf into err, if there is one. */
static void set_err(char *err, size_t errsz, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* path = SPOOL/sub/name; -1 if it does not fit. */
static int spool_path(char *path, size_t sz, const struct spool *sp, const char *sub,
                      const char *name, const char *suffix)
{
    int n = snprintf(path, sz, "%s/%s%s%s%s", sp->dir, sub, name ? "/" : "",
                     name ? name : "", suffix ? suffix : "");
    if (n < 0 || (size_t)n >= sz) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* fsync(2) a directory, so that the names in it are on the disk. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    if (fsync(fd) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return close(fd);
}

/* Create a directory unless it exists; fsync its parent when created. */
static int make_dir(const char *dir, const char *parent)
{
    if (mkdir(dir, 0700) == 0)
        return parent != NULL ? fsync_dir(parent) : 0;
    if (errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(dir, &st) < 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int spool_open(struct spool *sp, const char *dir, char *err, size_t errsz)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    static const char *const subs[] = { "tmp", "msg", "env" };
    char path[PATH_MAX], parent[PATH_MAX];
    int n = snprintf(sp->dir, sizeof sp->dir, "%s", dir);

    if (n <= 0 || (size_t)n >= sizeof sp->dir) {
        set_err(err, errsz, "spool directory name too long");
        return -1;
    }
    /* The parent of SPOOL, to make a new SPOOL's name durable too. */
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash == NULL)
        snprintf(parent, sizeof parent, ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
    if (make_dir(sp->dir, parent) < 0) {
        set_err(err, errsz, "spool %s: %s", sp->dir, log_strerror(errno, why, sizeof why));
        return -1;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (spool_path(path, sizeof path, sp, subs[i], NULL, NULL) < 0 ||
            make_dir(path, sp->dir) < 0) {
            set_err(err, errsz, "spool %s/%s: %s", sp->dir, subs[i],
                    log_strerror(errno, why, sizeof why));
            return -1;
        }
    }
    return 0;
}

/* [spool-write-durably] */
/* Write the pieces into tmp_path, fsync, close; then, when final_path is
 * not NULL, rename into place and fsync final_dir.  0, or -1 with errno
 * set and the tmp file removed. */
static int write_durably(const char *tmp_path, const char *final_path, const char *final_dir,
                         const char *a, size_t alen, const char *b, size_t blen)
{
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    int e;

    if (fd < 0)
        return -1;
    if ((alen > 0 && io_write_all(fd, a, alen) < 0) ||
        (blen > 0 && io_write_all(fd, b, blen) < 0) ||
        fsync(fd) < 0) {                   /* the bytes are on the disk... */
        e = errno;
        close(fd);
        unlink(tmp_path);
        errno = e;
        return -1;
    }
    if (close(fd) < 0) {                   /* (NFS reports errors here) */
        e = errno;
        unlink(tmp_path);
        errno = e;
        return -1;
    }
    if (final_path == NULL)
        return 0;
    if (rename(tmp_path, final_path) < 0) {   /* ...under their final name... */
        e = errno;
        unlink(tmp_path);
        errno = e;
        return -1;
    }
    return fsync_dir(final_dir);           /* ...and the name is on the disk */
}
/* [spool-write-durably] */

/* Append text to a growing buffer; -1 when out of memory. */
struct buf {
    char *p;
    size_t len, cap;
};

static int buf_add(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int buf_add(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return -1;
        if (b->p != NULL && (size_t)n < room) {
            b->len += (size_t)n;
            return 0;
        }
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
}

/* A diagnostic as one envelope field: no TAB, CR, LF or other controls. */
static void clean_field(char *out, size_t outsz, const char *in)
{
    size_t o = 0;
    for (; *in != '\0' && o + 1 < outsz; in++)
        out[o++] = (unsigned char)*in < 32 || *in == 127 ? ' ' : *in;
    out[o] = '\0';
}

/* [spool-format] */
/* The envelope as text (see spool.h).  malloc'ed, or NULL. */
static char *format_envelope(const struct spool_entry *e, size_t *len)
{
    struct buf b = { NULL, 0, 0 };
    char diag[SPOOL_DIAG_MAX];
    int bad = 0;

    bad |= buf_add(&b, "minimail-envelope 1\n");
    bad |= buf_add(&b, "from\t%s\n", e->from);
    bad |= buf_add(&b, "arrival\t%lld\n", (long long)e->arrival);
    bad |= buf_add(&b, "attempts\t%u\n", e->attempts);
    bad |= buf_add(&b, "next\t%lld\n", (long long)e->next_try);
    for (size_t i = 0; i < e->nrcpt; i++) {
        clean_field(diag, sizeof diag, e->rcpt[i].diag);
        bad |= buf_add(&b, "rcpt\t%c\t%s%s%s\n", (char)e->rcpt[i].state, e->rcpt[i].addr,
                       diag[0] ? "\t" : "", diag);
    }
    if (bad) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
/* [spool-format] */

/* A number field; -1 if malformed. */
static int parse_ll(const char *s, long long *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *v = strtoll(s, &end, 10);
    return errno != 0 || *end != '\0' ? -1 : 0;
}

/* Parse envelope text (modified in place) into e; 0 or -1. */
static int parse_envelope(char *text, struct spool_entry *e)
{
    char *save = NULL, *line;
    int n = 0;
    long long v;

    for (line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save), n++) {
        char *tab = strchr(line, '\t');
        if (n == 0) {
            if (strcmp(line, "minimail-envelope 1") != 0)
                return -1;
            continue;
        }
        if (tab == NULL)
            return -1;
        *tab = '\0';
        char *val = tab + 1;
        if (n == 1 && strcmp(line, "from") == 0) {
            if (strlen(val) >= sizeof e->from)
                return -1;
            strcpy(e->from, val);
        } else if (n == 2 && strcmp(line, "arrival") == 0 && parse_ll(val, &v) == 0) {
            e->arrival = (time_t)v;
        } else if (n == 3 && strcmp(line, "attempts") == 0 && parse_ll(val, &v) == 0) {
            e->attempts = (unsigned)v;
        } else if (n == 4 && strcmp(line, "next") == 0 && parse_ll(val, &v) == 0) {
            e->next_try = (time_t)v;
        } else if (n >= 5 && strcmp(line, "rcpt") == 0) {
            /* rcpt TAB state TAB addr [TAB diag] */
            char *addr = strchr(val, '\t'), *diag;
            if (addr == NULL || addr != val + 1 ||
                (val[0] != SPOOL_PENDING && val[0] != SPOOL_DELIVERED &&
                 val[0] != SPOOL_FAILED))
                return -1;
            addr++;
            if ((diag = strchr(addr, '\t')) != NULL)
                *diag++ = '\0';
            struct spool_rcpt *r = realloc(e->rcpt, (e->nrcpt + 1) * sizeof *r);
            if (r == NULL)
                return -1;
            e->rcpt = r;
            r = &e->rcpt[e->nrcpt];
            if (strlen(addr) == 0 || strlen(addr) >= sizeof r->addr)
                return -1;
            strcpy(r->addr, addr);
            r->state = (enum spool_rcpt_state)val[0];
            snprintf(r->diag, sizeof r->diag, "%s", diag ? diag : "");
            e->nrcpt++;
        } else {
            return -1;
        }
    }
    return n >= 5 && e->nrcpt > 0 ? 0 : -1;
}

/* [spool-prepare] */
int spool_prepare(struct spool *sp, struct spool_entry *e, const char *head, size_t hlen,
                  const char *data, size_t len, char *err, size_t errsz)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    char tmp[PATH_MAX], final[PATH_MAX], dir[PATH_MAX];
    size_t elen;
    char *env;

    if (e->id[0] == '\0' && maildir_unique(e->id, sizeof e->id) < 0) {
        set_err(err, errsz, "cannot make a queue id");
        return -1;
    }
    if (spool_path(tmp, sizeof tmp, sp, "tmp", e->id, ".msg") < 0 ||
        spool_path(final, sizeof final, sp, "msg", e->id, NULL) < 0 ||
        spool_path(dir, sizeof dir, sp, "msg", NULL, NULL) < 0) {
        set_err(err, errsz, "spool path too long");
        return -1;
    }
    /* 1. The message, under its final name in msg/.  Nobody looks at
     *    msg/ without an envelope, so it is invisible until step 3. */
    if (write_durably(tmp, final, dir, head, head ? hlen : 0, data, len) < 0) {
        set_err(err, errsz, "writing %s: %s", final, log_strerror(errno, why, sizeof why));
        return -1;
    }
    /* 2. The envelope, fsync'ed in tmp/: ready to appear. */
    if ((env = format_envelope(e, &elen)) == NULL) {
        int saved = errno;
        unlink(final);
        errno = saved ? saved : ENOMEM;
        set_err(err, errsz, "out of memory");
        return -1;
    }
    if (spool_path(tmp, sizeof tmp, sp, "tmp", e->id, ".env") < 0 ||
        write_durably(tmp, NULL, NULL, env, elen, NULL, 0) < 0) {
        int saved = errno;
        set_err(err, errsz, "writing %s: %s", tmp, log_strerror(errno, why, sizeof why));
        free(env);
        unlink(final);
        errno = saved;
        return -1;
    }
    free(env);
    return 0;
}
/* [spool-prepare] */

/* [spool-commit] */
int spool_commit(struct spool *sp, const struct spool_entry *e, char *err, size_t errsz)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    char tmp[PATH_MAX], final[PATH_MAX], dir[PATH_MAX];

    if (spool_path(tmp, sizeof tmp, sp, "tmp", e->id, ".env") < 0 ||
        spool_path(final, sizeof final, sp, "env", e->id, NULL) < 0 ||
        spool_path(dir, sizeof dir, sp, "env", NULL, NULL) < 0) {
        set_err(err, errsz, "spool path too long");
        return -1;
    }
    /* 3. The envelope's name appears in env/: at this instant the entry
     *    exists; after the fsync of env/ it survives a crash. */
    if (rename(tmp, final) < 0 || fsync_dir(dir) < 0) {
        set_err(err, errsz, "committing %s: %s", final, log_strerror(errno, why, sizeof why));
        return -1;
    }
    return 0;
}
/* [spool-commit] */

void spool_discard(struct spool *sp, const char *id)
{
    char path[PATH_MAX];
    int saved = errno;

    if (spool_path(path, sizeof path, sp, "env", id, NULL) == 0)
        unlink(path);
    if (spool_path(path, sizeof path, sp, "tmp", id, ".env") == 0)
        unlink(path);
    if (spool_path(path, sizeof path, sp, "msg", id, NULL) == 0)
        unlink(path);
    errno = saved;
}

int spool_enqueue(struct spool *sp, struct spool_entry *e, const char *data, size_t len,
                  char *err, size_t errsz)
{
    if (spool_prepare(sp, e, NULL, 0, data, len, err, errsz) < 0)
        return -1;
    if (spool_commit(sp, e, err, errsz) < 0) {
        spool_discard(sp, e->id);
        return -1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in SPOOL/sub, sorted. */
static int list_dir(struct spool *sp, const char *sub, char ***ids, size_t *n)
{
    char path[PATH_MAX];
    DIR *d;
    struct dirent *de;
    char **v = NULL;
    size_t count = 0, cap = 0;

    *ids = NULL;
    *n = 0;
    if (spool_path(path, sizeof path, sp, sub, NULL, NULL) < 0 ||
        (d = opendir(path)) == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (count == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nv = realloc(v, nc * sizeof *nv);
            if (nv == NULL)
                goto fail;
            v = nv;
            cap = nc;
        }
        if ((v[count] = strdup(de->d_name)) == NULL)
            goto fail;
        count++;
    }
    closedir(d);
    if (count > 0)
        qsort(v, count, sizeof *v, cmp_str);
    *ids = v;
    *n = count;
    return 0;
fail:
    closedir(d);
    spool_free_ids(v, count);
    return -1;
}

int spool_list(struct spool *sp, char ***ids, size_t *n)
{
    return list_dir(sp, "env", ids, n);
}

void spool_free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

/* A whole file into memory (NUL added); NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    char *p;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || (p = malloc((size_t)st.st_size + 1)) == NULL) {
        close(fd);
        return NULL;
    }
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t r = io_read(fd, p + got, (size_t)st.st_size - got);
        if (r <= 0) {
            free(p);
            close(fd);
            return NULL;
        }
        got += (size_t)r;
    }
    close(fd);
    p[got] = '\0';
    *len = got;
    return p;
}

int spool_load(struct spool *sp, const char *id, struct spool_entry *e,
               char *err, size_t errsz)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    char path[PATH_MAX];
    size_t len;
    char *text;

    memset(e, 0, sizeof *e);
    if (snprintf(e->id, sizeof e->id, "%s", id) >= (int)sizeof e->id ||
        spool_path(path, sizeof path, sp, "env", id, NULL) < 0) {
        set_err(err, errsz, "queue id too long");
        return -1;
    }
    if ((text = read_file(path, &len)) == NULL) {
        set_err(err, errsz, "reading %s: %s", path, log_strerror(errno, why, sizeof why));
        return -1;
    }
    if (strlen(text) != len || parse_envelope(text, e) < 0) {
        free(text);
        spool_entry_free(e);
        set_err(err, errsz, "%s: malformed envelope", path);
        return -1;
    }
    free(text);
    return 0;
}

/* [spool-save] */
int spool_save(struct spool *sp, const struct spool_entry *e, char *err, size_t errsz)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    char tmp[PATH_MAX], final[PATH_MAX], dir[PATH_MAX];
    size_t len;
    char *env;

    if (spool_path(tmp, sizeof tmp, sp, "tmp", e->id, ".env") < 0 ||
        spool_path(final, sizeof final, sp, "env", e->id, NULL) < 0 ||
        spool_path(dir, sizeof dir, sp, "env", NULL, NULL) < 0) {
        set_err(err, errsz, "spool path too long");
        return -1;
    }
    if ((env = format_envelope(e, &len)) == NULL) {
        set_err(err, errsz, "out of memory");
        return -1;
    }
    /* A leftover from an interrupted save would make O_EXCL fail. */
    unlink(tmp);
    /* rename(2) over the old envelope: atomic, so a crash leaves the old
     * envelope or the new one. */
    int rc = write_durably(tmp, final, dir, env, len, NULL, 0);
    if (rc < 0)
        set_err(err, errsz, "saving %s: %s", final, log_strerror(errno, why, sizeof why));
    free(env);
    return rc;
}
/* [spool-save] */

/* [spool-remove] */
int spool_remove(struct spool *sp, const char *id)
{
    char path[PATH_MAX], dir[PATH_MAX];

    /* The envelope first: once it is gone (durably), the entry is gone.
     * A crash before the message is removed leaves an orphan, which
     * spool_clean() removes later -- never an envelope without a message. */
    if (spool_path(path, sizeof path, sp, "env", id, NULL) < 0 ||
        spool_path(dir, sizeof dir, sp, "env", NULL, NULL) < 0 ||
        unlink(path) < 0 || fsync_dir(dir) < 0)
        return -1;
    if (spool_path(path, sizeof path, sp, "msg", id, NULL) == 0)
        unlink(path);
    return 0;
}
/* [spool-remove] */

char *spool_read_message(struct spool *sp, const char *id, size_t *len)
{
    char path[PATH_MAX];

    if (spool_path(path, sizeof path, sp, "msg", id, NULL) < 0)
        return NULL;
    return read_file(path, len);
}

/* Remove SPOOL/sub/name if it was not modified for min_age seconds. */
static int remove_if_old(struct spool *sp, const char *sub, const char *name,
                         time_t min_age)
{
    char path[PATH_MAX];
    struct stat st;

    if (spool_path(path, sizeof path, sp, sub, name, NULL) < 0 || stat(path, &st) < 0 ||
        time(NULL) - st.st_mtime < min_age)
        return 0;
    return unlink(path) == 0;
}

int spool_clean(struct spool *sp, time_t min_age)
{
    char **names, **envs;
    size_t n, nenv;
    int removed = 0;

    if (list_dir(sp, "tmp", &names, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            removed += remove_if_old(sp, "tmp", names[i], min_age);
        spool_free_ids(names, n);
    }
    if (list_dir(sp, "msg", &names, &n) == 0) {
        if (list_dir(sp, "env", &envs, &nenv) == 0) {
            for (size_t i = 0; i < n; i++)
                if (bsearch(&names[i], envs, nenv, sizeof *envs, cmp_str) == NULL)
                    removed += remove_if_old(sp, "msg", names[i], min_age);
            spool_free_ids(envs, nenv);
        }
        spool_free_ids(names, n);
    }
    return removed;
}

/* [spool-lock] */
int spool_lock(struct spool *sp)
{
    char path[PATH_MAX];
    struct flock fl;
    int fd;

    if (spool_path(path, sizeof path, sp, "lock", NULL, NULL) < 0 ||
        (fd = open(path, O_RDWR | O_CREAT, 0600)) < 0)
        return -1;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;              /* the whole file */
    if (fcntl(fd, F_SETLK, &fl) < 0) {   /* EACCES/EAGAIN: someone has it */
        close(fd);
        return -1;
    }
    return fd;
}
/* [spool-lock] */

void spool_entry_free(struct spool_entry *e)
{
    free(e->rcpt);
    e->rcpt = NULL;
    e->nrcpt = 0;
}

size_t spool_count(const struct spool_entry *e, enum spool_rcpt_state state)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nrcpt; i++)
        n += e->rcpt[i].state == state;
    return n;
}
