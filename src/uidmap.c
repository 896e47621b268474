/**
 * @file uidmap.c
 * @brief The per-mailbox UID map: reading, assigning, writing atomically.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1.1; POSIX.1-2008 fcntl(2), rename(2), fsync(2)
 *
 * The whole update is one critical section:
 *
 *     lock -> read new/ (moving to cur/) -> read cur/ -> read map
 *          -> match names -> assign new UIDs -> write tmp -> fsync
 *          -> rename over the map -> fsync dir -> unlock
 *
 * Everything happens under the lock, the directory reads included.  A
 * map read without the lock could be the one another session is about
 * to replace, and UIDs handed out from it would clash; a directory read
 * without the lock could be older than the map, and the scan would
 * forget the UIDs of messages delivered in between (the first version
 * of this file did exactly that, and the concurrency test in
 * tests/unit/test-uidmap.c caught it).  Matching is a merge of two lists
 * sorted by name (the map's lines and the files found on disk), so a
 * mailbox of n messages costs O(n log n), not O(n^2).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "uidmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "mailflags.h"

#ifndef PATH_MAX
/** Longest path this module handles (POSIX leaves PATH_MAX optional). */
#define PATH_MAX 4096
#endif

/** The first line of every map: the format and its version. */
#define MAGIC "minimail-uidlist 1"

/* err = fmt (with one %s: @p a), then ": strerror(e)" when e != 0. */
static void set_err(char *err, size_t errsz, const char *fmt, const char *a, int e)
{
    if (err == NULL || errsz == 0)
        return;
    int n = snprintf(err, errsz, fmt, a);
    if (e != 0 && n >= 0 && (size_t)n < errsz)
        snprintf(err + n, errsz - (size_t)n, ": %s", strerror(e));
}

static int path_in(char *out, size_t outsz, const char *dir, const char *file)
{
    int n = snprintf(out, outsz, "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= outsz) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* fcntl(F_SETLKW) on the whole file, retried when a signal interrupts
 * the wait. */
static int lock_fd(int fd)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;     /* l_start 0, l_len 0: the whole file */
    for (;;) {
        if (fcntl(fd, F_SETLKW, &fl) == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

/* [uidmap-lock] */
int uidmap_lock(const char *dir, char *err, size_t errsz)
{
    char path[PATH_MAX];
    int fd;

    if (path_in(path, sizeof path, dir, UIDMAP_LOCK_FILE) < 0) {
        set_err(err, errsz, "%s: path too long", dir, 0);
        return -1;
    }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        set_err(err, errsz, "cannot open %s", path, errno);
        return -1;
    }
    if (lock_fd(fd) < 0) {
        set_err(err, errsz, "cannot lock %s", path, errno);
        close(fd);
        return -1;
    }
    return fd;
}
/* [uidmap-lock] */

void uidmap_unlock(int fd)
{
    if (fd >= 0)
        close(fd);              /* closing the descriptor releases the lock */
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    if (rc < 0 && saved == EINVAL)
        rc = 0;                 /* some file systems cannot: nothing to do */
    errno = saved;
    return rc;
}

/* A decimal number that fits in 32 bits and is not 0, or 0. */
static uint32_t parse_u32(const char *s, const char **end)
{
    unsigned long long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && v <= 0xffffffffull)
        v = v * 10 + (unsigned long long)(*p++ - '0');
    if (p == s || v == 0 || v > 0xffffffffull)
        return 0;
    *end = p;
    return (uint32_t)v;
}

uint32_t uidmap_new_uidvalidity(const char *root)
{
    time_t now = time(NULL);
    uint32_t v = now > 0 && (unsigned long long)now < 0xffffffffull ? (uint32_t)now : 1;
    char path[PATH_MAX], buf[32];
    int fd;
    ssize_t n;

    if (root == NULL || path_in(path, sizeof path, root, UIDMAP_VALIDITY_FILE) < 0)
        return v;
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return v;
    if (lock_fd(fd) == 0) {
        n = pread(fd, buf, sizeof buf - 1, 0);
        if (n > 0) {
            const char *end;
            buf[n] = '\0';
            uint32_t last = parse_u32(buf, &end);
            if (last != 0 && last >= v && last < 0xffffffffu)
                v = last + 1;
        }
        int len = snprintf(buf, sizeof buf, "%lu\n", (unsigned long)v);
        /* A short file: rewritten in place (a torn write is only a worse
         * guess next time, never a wrong UID). */
        if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)len, 0) == len)
            (void)fsync(fd);
    }
    close(fd);                  /* releases the lock */
    return v;
}

/* ---- the map in memory ---------------------------------------------- */

/* One line of the map: a UID and a base name (pointing into the text). */
struct map_line {
    uint32_t uid;
    const char *base;
    size_t len;
};

struct map {
    uint32_t uidvalidity, uidnext;
    struct map_line *e;

    size_t n;
    char *text;                 /* the file's bytes */
};

static void map_free(struct map *m)
{
    free(m->e);
    free(m->text);
    memset(m, 0, sizeof *m);
}

/* Read and parse DIR/minimail-uidlist.  Returns 0 on success, 1 when
 * there is no map or it is not valid (the caller starts a new one), -1
 * when it cannot be read. */
static int map_read(const char *dir, struct map *m, char *err, size_t errsz)
{
    char path[PATH_MAX];
    struct stat st;
    int fd;

    memset(m, 0, sizeof *m);
    if (path_in(path, sizeof path, dir, UIDMAP_FILE) < 0) {
        set_err(err, errsz, "%s: path too long", dir, 0);
        return -1;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        set_err(err, errsz, "cannot open %s", path, errno);
        return -1;
    }
    if (fstat(fd, &st) < 0 || st.st_size < 0 || (unsigned long long)st.st_size > SIZE_MAX / 2) {
        set_err(err, errsz, "cannot read %s", path, errno);
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    m->text = malloc(size + 1);
    if (m->text == NULL) {
        close(fd);
        set_err(err, errsz, "%s: out of memory", path, 0);
        return -1;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, m->text + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    m->text[got] = '\0';

    /* [uidmap-parse] */
    /* The header: magic, uidvalidity, uidnext. */
    char *p = m->text, *nl;
    const char *end;
    size_t lines = 0;
    for (char *q = p; (q = strchr(q, '\n')) != NULL; q++)
        lines++;
    if (lines < 3 || strncmp(p, MAGIC "\n", sizeof MAGIC) != 0)
        return 1;
    p += sizeof MAGIC;
    if (strncmp(p, "uidvalidity ", 12) != 0 ||
        (m->uidvalidity = parse_u32(p + 12, &end)) == 0 || *end != '\n')
        return 1;
    p = (char *)end + 1;
    if (strncmp(p, "uidnext ", 8) != 0 ||
        (m->uidnext = parse_u32(p + 8, &end)) == 0 || *end != '\n')
        return 1;
    p = (char *)end + 1;
    /* One "UID NAME" line per message, UIDs growing, all below uidnext. */
    m->e = calloc(lines, sizeof *m->e);
    if (m->e == NULL)
        return -1;
    uint32_t last = 0;
    for (; *p != '\0'; p = nl + 1) {
        nl = strchr(p, '\n');
        if (nl == NULL)
            return 1;               /* a torn last line: not ours */
        uint32_t uid = parse_u32(p, &end);
        if (uid == 0 || uid <= last || uid >= m->uidnext || *end != ' ' || end + 1 == nl)
            return 1;
        m->e[m->n].uid = last = uid;
        m->e[m->n].base = end + 1;
        m->e[m->n].len = (size_t)(nl - (end + 1));
        m->n++;
    }
    /* [uidmap-parse] */
    return 0;
}

/* ---- reading the directories ---------------------------------------- */

/* A growing list of messages. */
struct list {
    struct uidmap_msg *m;
    size_t n, cap;
};

static void list_free(struct list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->m[i].name);
    free(l->m);
    memset(l, 0, sizeof *l);
}

static int list_add(struct list *l, const char *name, int in_new, int moved)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct uidmap_msg *m = realloc(l->m, cap * sizeof *m);
        if (m == NULL)
            return -1;
        l->m = m;
        l->cap = cap;
    }
    struct uidmap_msg *e = &l->m[l->n];
    if ((e->name = strdup(name)) == NULL)
        return -1;
    e->uid = 0;
    e->base_len = mailflags_base_len(name);
    e->in_new = (unsigned char)in_new;
    e->moved = (unsigned char)moved;
    l->n++;
    return 0;
}

/* Read DIR/SUB ("new" or "cur") into @p l.  With @p move (only for
 * "new"), each file is moved to cur/ first. */
static int read_sub(const char *dir, const char *sub, int move, struct list *l,
                    char *err, size_t errsz)
{
    char path[PATH_MAX];
    DIR *d;
    struct dirent *de;

    if (snprintf(path, sizeof path, "%s/%s", dir, sub) >= (int)sizeof path) {
        set_err(err, errsz, "%s: path too long", dir, 0);
        errno = ENAMETOOLONG;
        return -1;
    }
    if ((d = opendir(path)) == NULL) {
        int e = errno;
        set_err(err, errsz, "cannot read %s", path, e);
        errno = e;
        return -1;
    }
    while ((errno = 0, de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (name[0] == '.' || strchr(name, '\n') != NULL)
            continue;           /* ".", "..", hidden files: not messages */
        if (!move) {
            if (list_add(l, name, strcmp(sub, "new") == 0, 0) < 0)
                goto nomem;
            continue;
        }
        /* [uidmap-move-new] */
        /* new/NAME -> cur/NAME:2, -- "seen by a reader", no flags yet.
         * rename(2) is atomic: if two sessions try at once, one wins and
         * the other gets ENOENT, so exactly one of them calls it \Recent. */
        char from[PATH_MAX], to[PATH_MAX];
        int fn = snprintf(from, sizeof from, "%s/new/%s", dir, name);
        int tn = snprintf(to, sizeof to, "%s/cur/%s%s", dir, name,
                          strchr(name, MAILFLAGS_INFO_SEP) ? "" : ":2,");
        if (fn >= (int)sizeof from || tn >= (int)sizeof to)
            continue;
        if (rename(from, to) == 0) {
            if (list_add(l, strrchr(to, '/') + 1, 0, 1) < 0)
                goto nomem;
        } else if (errno != ENOENT) {
            if (list_add(l, name, 1, 0) < 0)    /* cannot move: still a message */
                goto nomem;
        }
        /* [uidmap-move-new] */
    }
    if (errno != 0) {
        int e = errno;
        set_err(err, errsz, "cannot read %s", path, e);
        closedir(d);
        errno = e;
        return -1;
    }
    closedir(d);
    return 0;
nomem:
    closedir(d);
    set_err(err, errsz, "%s: out of memory", path, 0);
    errno = ENOMEM;
    return -1;
}

static int cmp_base(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c;
    return (alen > blen) - (alen < blen);
}

static int cmp_msg_base(const void *a, const void *b)
{
    const struct uidmap_msg *x = a, *y = b;
    return cmp_base(x->name, x->base_len, y->name, y->base_len);
}

static int cmp_entry_base(const void *a, const void *b)
{
    const struct map_line *x = a, *y = b;
    return cmp_base(x->base, x->len, y->base, y->len);
}

/* The delivery time in a Maildir unique name, "SECONDS.M<usec>P<pid>...":
 * the seconds before the first '.', and the microseconds of an `M` field
 * in the part after it (0 when there is none: older deliverers write
 * "SECONDS.PID.host" or "SECONDS.R<random>.host").  Both saturate instead
 * of overflowing on absurdly long digit runs. */
static void delivery_time(const char *name, size_t len, unsigned long long *sec,
                          unsigned long *usec)
{
    size_t i = 0;
    *sec = 0;
    *usec = 0;
    for (; i < len && name[i] >= '0' && name[i] <= '9'; i++)
        if (*sec < 100000000000000ull)
            *sec = *sec * 10 + (unsigned)(name[i] - '0');
    if (i >= len || name[i] != '.')
        return;
    for (i++; i < len && name[i] != '.'; i++) {
        if (name[i] == 'M' && i + 1 < len && name[i + 1] >= '0' && name[i + 1] <= '9') {
            for (i++; i < len && name[i] >= '0' && name[i] <= '9'; i++)
                if (*usec < 100000000ul)
                    *usec = *usec * 10 + (unsigned)(name[i] - '0');
            return;
        }
    }
}

/* Known messages first, by UID; then the new ones (UID 0) in delivery
 * order: by the time in their names, compared as *numbers*, and by name
 * when the times are equal.  Name order alone is not delivery order: the
 * microseconds are not zero-padded, so "1700000000.M99999P1" (delivered
 * first) sorts after "1700000000.M100000P2" as a string.  Dovecot sorts
 * new Maildir files by the same numbers before it numbers them.
 *
 * The comparison runs n log n times -- 130,000 times for the 10,000 new
 * messages of a mailbox nobody has opened yet -- so the numbers are not
 * read from the names there: set_order() gives each message one sort key
 * first.  A UID is below 2^32; a new message's key is 2^63, then the
 * seconds, then the microseconds in the low 30 bits (delivery_time()
 * stops below 10^9 < 2^30) -- the same order as comparing the seconds and
 * then the microseconds, and every new message sorts after every known
 * one.  (Seconds past 2^33, the year 2242, all share one key and fall
 * back to name order.) */
/** The sort key bit of a new message (uidmap_msg.order): above every UID. */
#define ORDER_NEW (1ull << 63)

static void set_order(struct uidmap_msg *m)
{
    unsigned long long sec;
    unsigned long usec;
    if (m->uid != 0) {
        m->order = m->uid;
        return;
    }
    delivery_time(m->name, m->base_len, &sec, &usec);
    if (sec >= (1ull << 33))
        sec = (1ull << 33) - 1;
    m->order = ORDER_NEW | sec << 30 | usec;
}

static int cmp_known_then_delivery(const void *a, const void *b)
{
    const struct uidmap_msg *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return cmp_msg_base(a, b);
}

/* Sort by base name and keep one message per base name: the one in cur/
 * (a file moved while we read), remembering whether we moved it. */
static void sort_unique(struct list *l)
{
    size_t out = 0;
    if (l->n > 1)                    /* (qsort of a NULL array is undefined) */
        qsort(l->m, l->n, sizeof *l->m, cmp_msg_base);
    for (size_t i = 0; i < l->n; i++) {
        if (out > 0 && cmp_msg_base(&l->m[out - 1], &l->m[i]) == 0) {
            struct uidmap_msg *keep = &l->m[out - 1], *dup = &l->m[i];
            unsigned char moved = keep->moved | dup->moved;
            if (keep->in_new && !dup->in_new) {
                struct uidmap_msg t = *keep;
                *keep = *dup;
                *dup = t;
            }
            keep->moved = moved;
            free(dup->name);
            continue;
        }
        l->m[out++] = l->m[i];
    }
    l->n = out;
}

/* Read new/ (moving it when asked) and then cur/. */
static int read_mailbox(const char *dir, int move_new, struct list *l, char *err, size_t errsz)
{
    if (read_sub(dir, "new", move_new, l, err, errsz) < 0 ||
        read_sub(dir, "cur", 0, l, err, errsz) < 0)
        return -1;
    sort_unique(l);
    return 0;
}

/* How many map lines (sorted by name) have no message in @p l (sorted). */
static size_t count_missing(const struct map *m, const struct list *l)
{
    size_t i = 0, j = 0, missing = 0;
    while (j < m->n) {
        int c = i < l->n ? cmp_base(l->m[i].name, l->m[i].base_len, m->e[j].base, m->e[j].len)
                         : 1;
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            missing++;
            j++;
        }
    }
    return missing;
}

/* Write the map for the messages of @p s (sorted by UID) atomically. */
static int map_write(const char *dir, const struct uidmap_scan *s, char *err, size_t errsz)
{
    char tmp[PATH_MAX], path[PATH_MAX];
    size_t cap = 64 + 32, len = 0;
    char *buf;
    int fd, rc = -1;

    for (size_t i = 0; i < s->count; i++)
        cap += s->msgs[i].base_len + 12;
    if ((buf = malloc(cap)) == NULL) {
        set_err(err, errsz, "%s: out of memory", dir, 0);
        return -1;
    }
    len = (size_t)snprintf(buf, cap, MAGIC "\nuidvalidity %lu\nuidnext %lu\n",
                           (unsigned long)s->uidvalidity, (unsigned long)s->uidnext);
    for (size_t i = 0; i < s->count; i++) {
        len += (size_t)snprintf(buf + len, cap - len, "%lu ", (unsigned long)s->msgs[i].uid);
        memcpy(buf + len, s->msgs[i].name, s->msgs[i].base_len);
        len += s->msgs[i].base_len;
        buf[len++] = '\n';
    }

    /* [uidmap-write] */
    if (path_in(tmp, sizeof tmp, dir, UIDMAP_TMP_FILE) < 0 ||
        path_in(path, sizeof path, dir, UIDMAP_FILE) < 0) {
        set_err(err, errsz, "%s: path too long", dir, 0);
        goto out;
    }
    /* Only the lock holder writes the tmp file, so a fixed name is safe;
     * O_TRUNC discards what a crashed writer may have left. */
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        set_err(err, errsz, "cannot create %s", tmp, errno);
        goto out;
    }
    if (io_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
        set_err(err, errsz, "cannot write %s", tmp, errno);
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) < 0) {
        set_err(err, errsz, "cannot write %s", tmp, errno);
        unlink(tmp);
        goto out;
    }
    /* rename(2) replaces the old map in one step: a reader (or a crash)
     * sees the old map or the new one, never a mixture. */
    if (rename(tmp, path) < 0) {
        set_err(err, errsz, "cannot rename %s", tmp, errno);
        unlink(tmp);
        goto out;
    }
    if (fsync_dir(dir) < 0) {
        set_err(err, errsz, "cannot fsync %s", dir, errno);
        goto out;
    }
    /* [uidmap-write] */
    rc = 0;
out:
    free(buf);
    return rc;
}

/* [uidmap-stamp] */
int uidmap_stamp(const char *dir, struct uidmap_stamp *st)
{
    char path[PATH_MAX];
    struct stat sb;

    memset(st, 0, sizeof *st);
    if (path_in(path, sizeof path, dir, UIDMAP_FILE) < 0 || stat(path, &sb) < 0)
        return -1;
    st->ino = sb.st_ino;
    st->size = sb.st_size;
    st->mtime = sb.st_mtim;
    st->ctime = sb.st_ctim;
    return 0;
}

int uidmap_stamp_same(const struct uidmap_stamp *a, const struct uidmap_stamp *b)
{
    return a->ino != 0 && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
           a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}
/* [uidmap-stamp] */

void uidmap_scan_free(struct uidmap_scan *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->msgs[i].name);
    free(s->msgs);
    memset(s, 0, sizeof *s);
}

/* [uidmap-scan] */
int uidmap_scan(const char *dir, const char *root, int move_new, struct uidmap_scan *out,
                char *err, size_t errsz)
{
    struct map m;
    struct list l = { 0 };
    int lock, r, rc = -1, saved = 0;

    memset(out, 0, sizeof *out);
    memset(&m, 0, sizeof m);
    if ((lock = uidmap_lock(dir, err, errsz)) < 0)
        return -1;
    if (read_mailbox(dir, move_new, &l, err, errsz) < 0) {
        saved = errno;
        goto out;
    }
    r = map_read(dir, &m, err, errsz);
    if (r < 0)
        goto out;
    if (r == 1) {
        /* No map, or one we cannot trust: every UID starts over, so the
         * mailbox needs a UIDVALIDITY it never had before. */
        map_free(&m);
        m.uidvalidity = uidmap_new_uidvalidity(root);
        m.uidnext = 1;
        out->created = 1;
    }
    if (m.n > 1)
        qsort(m.e, m.n, sizeof *m.e, cmp_entry_base);

    /* Before forgetting a UID, look again (see step 5 in uidmap.h). */
    if (count_missing(&m, &l) > 0) {
        if (read_mailbox(dir, 0, &l, err, errsz) < 0) {
            saved = errno;
            goto out;
        }
    }

    /* Merge the two lists, both sorted by base name. */
    size_t i = 0, j = 0, fresh = 0;
    while (i < l.n) {
        int c = j < m.n ? cmp_base(l.m[i].name, l.m[i].base_len, m.e[j].base, m.e[j].len) : -1;
        if (c == 0) {
            l.m[i++].uid = m.e[j++].uid;    /* a known message */
        } else if (c < 0) {
            l.m[i++].uid = 0;               /* new: numbered below */
            fresh++;
        } else {
            j++;                            /* its file is gone */
            out->dropped++;
        }
    }
    out->dropped += m.n - j;
    /* New messages get the next UIDs, in delivery order (RFC 3501
     * §2.3.1.1: a message added later gets a higher UID): one sort puts
     * the known messages first by UID and the new ones after them by the
     * delivery time in their names.  Every known UID is below uidnext
     * (map_read() checks), so after numbering the new ones the list is
     * sorted by UID. */
    if (fresh > 0 && (uint64_t)m.uidnext + fresh > 0xffffffffull) {
        set_err(err, errsz, "%s: no UIDs left (would need a new UIDVALIDITY)", dir, 0);
        goto out;
    }
    for (i = 0; i < l.n; i++)
        set_order(&l.m[i]);
    if (l.n > 1)
        qsort(l.m, l.n, sizeof *l.m, cmp_known_then_delivery);
    for (i = l.n - fresh; i < l.n; i++)
        l.m[i].uid = m.uidnext++;

    out->uidvalidity = m.uidvalidity;
    out->uidnext = m.uidnext;
    out->added = fresh;
    out->msgs = l.m;
    out->count = l.n;
    memset(&l, 0, sizeof l);
    if (out->created || out->added > 0 || out->dropped > 0) {
        if (map_write(dir, out, err, errsz) < 0) {
            uidmap_scan_free(out);
            goto out;
        }
    }
    /* Still under the lock: the map as this scan read or wrote it. */
    uidmap_stamp(dir, &out->stamp);
    rc = 0;
out:
    list_free(&l);
    map_free(&m);
    uidmap_unlock(lock);
    if (rc < 0 && saved != 0)
        errno = saved;
    return rc;
}
/* [uidmap-scan] */
