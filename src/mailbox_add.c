/**
 * @file mailbox_add.c
 * @brief Adding messages to a mailbox and learning their UIDs at once:
 *        chapter 5's durable delivery, chapter 9's UID map, a hard link
 *        for COPY.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.3.11 (APPEND), §6.4.7 (COPY), §2.3.3 (internal date);
 *      RFC 4315 §3 (APPENDUID, COPYUID); maildir.txt; POSIX.1-2008
 *      link(2), rename(2), futimens(2), fsync(2)
 *
 * The file comment of mailbox_add.h explains the decisions; this file is
 * the steps.  Each addition ends in place() -- the only step another
 * session can see -- and all of them can be undone by mailbox_add_abort()
 * until the command that made them has answered.
 */
#include "mailbox_add.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mailflags.h"
#include "uidmap.h"

/* Copy an error message into the caller's buffer (which may be NULL). */
static void say(char *err, size_t errsz, const char *fmt, const char *a, const char *b)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, fmt, a, b);
}

int mailbox_add_begin(struct mailbox_add *a, const char *root, const char *dir)
{
    memset(a, 0, sizeof *a);
    if (snprintf(a->dir, sizeof a->dir, "%s", dir) >= (int)sizeof a->dir ||
        snprintf(a->root, sizeof a->root, "%s", root) >= (int)sizeof a->root) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* Room for one more entry in a->msgs; NULL when out of memory. */
static struct mailbox_added *next_slot(struct mailbox_add *a)
{
    if (a->count == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        struct mailbox_added *m = realloc(a->msgs, cap * sizeof *m);
        if (m == NULL)
            return NULL;
        a->msgs = m;
        a->cap = cap;
    }
    memset(&a->msgs[a->count], 0, sizeof a->msgs[a->count]);
    return &a->msgs[a->count];
}

/* fsync(2) a directory, so that a name just made or changed in it
 * survives a crash (the same rule chapter 5 follows after its rename). */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int r;

    if (fd < 0)
        return -1;
    r = fsync(fd);
    close(fd);
    return r;
}

/* [mailbox-add-place] */
/* The visible step, for a delivery that is complete and synced in tmp/:
 * under the UID map lock, chapter 5's maildir_commit() renames it into
 * new/ (and fsyncs new/); a message with flags then moves on to
 * cur/BASE:2,FLAGS (and cur/ is fsync'ed).  No scan can run between the
 * two steps, so no session ever sees the message without its flags.  On
 * failure nothing of the message is left. */
static int place(struct mailbox_add *a, struct maildir_delivery *d, unsigned flags,
                 struct mailbox_added *m, char *err, size_t errsz)
{
    char lockerr[UIDMAP_ERRLEN], curdir[PATH_MAX + 8], final[PATH_MAX + 32] = "";
    const char *name;
    int lock = uidmap_lock(a->dir, lockerr, sizeof lockerr);

    if (lock < 0) {
        maildir_abort(d);
        say(err, errsz, "%s%s", lockerr, "");
        return -1;
    }
    if (maildir_commit(d) < 0) {
        uidmap_unlock(lock);
        say(err, errsz, "%s%s", d->err, "");
        return -1;
    }
    name = strrchr(d->new_path, '/') + 1;  /* maildir_commit() made DIR/new/NAME */
    m->base_len = strlen(name);
    if ((flags & MAILFLAG_ALL) == 0) {
        snprintf(m->name, sizeof m->name, "%s", name);
        m->in_cur = 0;
    } else {
        snprintf(curdir, sizeof curdir, "%s/cur", a->dir);
        if (mailflags_rename(name, flags, m->name, sizeof m->name) < 0 ||
            snprintf(final, sizeof final, "%s/%s", curdir, m->name) >= (int)sizeof final ||
            rename(d->new_path, final) < 0 || sync_dir(curdir) < 0) {
            int saved = errno;
            if (final[0] != '\0')
                unlink(final);              /* whichever of the two names exists */
            maildir_abort(d);               /* removes the other, fsyncs new/ */
            uidmap_unlock(lock);
            say(err, errsz, "cannot give %s its flags: %s", name, strerror(saved));
            errno = saved;
            return -1;
        }
        m->in_cur = 1;
    }
    uidmap_unlock(lock);
    a->count++;                             /* m is a->msgs[a->count] */
    return 0;
}
/* [mailbox-add-place] */

/* [mailbox-add-data] */
int mailbox_add_data(struct mailbox_add *a, const char *data, size_t len, unsigned flags,
                     time_t internaldate, char *err, size_t errsz)
{
    struct maildir_delivery d;
    struct mailbox_added *m = next_slot(a);

    if (m == NULL) {
        say(err, errsz, "%s%s", "out of memory", "");
        return -1;
    }
    /* Chapter 5's delivery: tmp/UNIQUE, the octets with CRLF -> LF. */
    if (maildir_begin(&d, a->dir) < 0 || maildir_write_crlf(&d, data, len) < 0) {
        say(err, errsz, "%s%s", d.err, "");
        return -1;
    }
    /* A CR at the very end waits in the delivery for an LF that will
     * never come; write it now, so that nothing is written after the
     * time is set below (a write would move the mtime again). */
    if (d.pending_cr) {
        d.pending_cr = 0;
        if (maildir_write(&d, "\r", 1) < 0) {
            say(err, errsz, "%s%s", d.err, "");
            return -1;
        }
    }
    /* INTERNALDATE (RFC 3501 §2.3.3) is the file's mtime, which chapter
     * 10 reports; set it before the fsync so it is on disk with the data. */
    if (internaldate != MAILBOX_ADD_NOW) {
        struct timespec ts[2] = { { internaldate, 0 }, { internaldate, 0 } };
        if (futimens(d.fd, ts) < 0) {
            int saved = errno;
            maildir_abort(&d);
            say(err, errsz, "cannot set the date of %s: %s", d.tmp_path, strerror(saved));
            return -1;
        }
    }
    if (maildir_sync(&d) < 0) {
        say(err, errsz, "%s%s", d.err, "");
        return -1;
    }
    m->linked = 0;
    return place(a, &d, flags, m, err, errsz);
}
/* [mailbox-add-data] */

/* How many LF octets the file holds (for the W= size of its name). */
static int count_lfs(int fd, unsigned long long *lfs)
{
    char buf[65536];
    ssize_t n;

    *lfs = 0;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        for (ssize_t i = 0; i < n; i++)
            *lfs += buf[i] == '\n';
    }
    return 0;
}

/* Copy the octets of @p fd into a new delivery in tmp/ (the file system
 * cannot link), keeping the modification time.  The file is already in
 * stored form (LF), so it is written unchanged. */
static int copy_octets(struct mailbox_add *a, int fd, const struct stat *st,
                       struct maildir_delivery *d)
{
    char buf[65536];
    ssize_t n;

    if (lseek(fd, 0, SEEK_SET) < 0 || maildir_begin(d, a->dir) < 0)
        return -1;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || maildir_write(d, buf, (size_t)n) < 0) {
            maildir_abort(d);
            return -1;
        }
    }
    struct timespec ts[2] = { st->st_atim, st->st_mtim };
    if (futimens(d->fd, ts) < 0) {
        maildir_abort(d);
        return -1;
    }
    return maildir_sync(d);
}

/* [mailbox-add-file] */
int mailbox_add_file(struct mailbox_add *a, const char *src, unsigned flags, char *err,
                     size_t errsz)
{
    struct maildir_delivery d;
    struct mailbox_added *m = next_slot(a);
    struct stat st;
    int fd;

    if (m == NULL) {
        say(err, errsz, "%s%s", "out of memory", "");
        return -1;
    }
    if ((fd = open(src, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        say(err, errsz, "cannot open %s: %s", src, strerror(saved));
        errno = saved;
        return -1;
    }
    /* A hard link needs no writing and no fsync of data: the octets are
     * the source's, on disk long ago.  So the delivery is *adopted* by
     * chapter 5's state machine at MAILDIR_SYNCED -- a complete file in
     * tmp/ -- and maildir_commit() does the rest exactly as for mail
     * from SMTP: link into new/ under a name with S= and W=, fsync new/.
     * S= is the size, W= needs the LFs: one read of the file, which is
     * still far cheaper than writing it again. */
    memset(&d, 0, sizeof d);
    d.fd = -1;
    snprintf(d.dir, sizeof d.dir, "%s", a->dir);
    if (maildir_unique(d.unique, sizeof d.unique) < 0 ||
        snprintf(d.tmp_path, sizeof d.tmp_path, "%s/tmp/%s", a->dir, d.unique)
            >= (int)sizeof d.tmp_path) {
        close(fd);
        say(err, errsz, "path too long in %s%s", a->dir, "");
        errno = ENAMETOOLONG;
        return -1;
    }
    if (count_lfs(fd, &d.lfs) == 0 && link(src, d.tmp_path) == 0) {
        d.size = (unsigned long long)st.st_size;
        d.state = MAILDIR_SYNCED;
        m->linked = 1;
    } else if (errno == ENOENT) {
        close(fd);                          /* renamed or expunged meanwhile */
        say(err, errsz, "%s: %s", src, strerror(ENOENT));
        errno = ENOENT;
        return -1;
    } else if (copy_octets(a, fd, &st, &d) == 0) {
        m->linked = 0;                      /* EXDEV, EPERM, EMLINK ...: copied */
    } else {
        int saved = errno;
        close(fd);
        say(err, errsz, "cannot copy %s: %s", src, d.err[0] ? d.err : strerror(saved));
        errno = saved;
        return -1;
    }
    close(fd);
    return place(a, &d, flags, m, err, errsz);
}
/* [mailbox-add-file] */

/* [mailbox-add-commit] */
int mailbox_add_commit(struct mailbox_add *a, char *err, size_t errsz)
{
    struct uidmap_scan scan;
    char scanerr[UIDMAP_ERRLEN];

    /* One scan for the whole batch, without moving new/ (the \Recent of
     * the messages there belongs to the next session that selects). */
    if (uidmap_scan(a->dir, a->root, 0, &scan, scanerr, sizeof scanerr) < 0) {
        say(err, errsz, "%s%s", scanerr, "");
        return -1;
    }
    a->uidvalidity = scan.uidvalidity;
    /* The new messages have the highest UIDs: look from the end. */
    for (size_t k = 0; k < a->count; k++) {
        struct mailbox_added *m = &a->msgs[k];
        for (size_t i = scan.count; i-- > 0;) {
            const struct uidmap_msg *u = &scan.msgs[i];
            if (u->base_len == m->base_len && memcmp(u->name, m->name, m->base_len) == 0) {
                m->uid = u->uid;
                break;
            }
        }
    }
    uidmap_scan_free(&scan);
    return 0;
}
/* [mailbox-add-commit] */

void mailbox_add_abort(struct mailbox_add *a)
{
    char path[PATH_MAX + MAILBOX_ADD_NAMESZ + 8], newdir[PATH_MAX + 8];
    int lock = uidmap_lock(a->dir, NULL, 0);

    /* Under the lock, so that no scan gives these files a UID between
     * our look and the unlink; if a scan already did (after the batch
     * was placed), the next scan drops the map line. */
    for (size_t k = 0; k < a->count; k++) {
        const struct mailbox_added *m = &a->msgs[k];
        snprintf(path, sizeof path, "%s/%s/%s", a->dir, m->in_cur ? "cur" : "new", m->name);
        if (unlink(path) < 0 && errno == ENOENT && !m->in_cur) {
            /* Moved to cur/ by a session's scan, as NAME:2, -- remove it there. */
            snprintf(path, sizeof path, "%s/cur/%s:2,", a->dir, m->name);
            unlink(path);
        }
    }
    snprintf(newdir, sizeof newdir, "%s/new", a->dir);
    sync_dir(newdir);
    snprintf(newdir, sizeof newdir, "%s/cur", a->dir);
    sync_dir(newdir);
    uidmap_unlock(lock);
    mailbox_add_free(a);
}

void mailbox_add_free(struct mailbox_add *a)
{
    free(a->msgs);
    a->msgs = NULL;
    a->count = a->cap = 0;
}

/* [mailbox-uid-set] */
char *mailbox_uid_set(const uint32_t *uids, size_t n)
{
    /* At most "4294967295:4294967295," per UID. */
    char *out = malloc(n * 22 + 1), *o = out;

    if (out == NULL)
        return NULL;
    *o = '\0';
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && uids[j] != UINT32_MAX && uids[j + 1] == uids[j] + 1)
            j++;                            /* a run i..j of consecutive UIDs */
        o += sprintf(o, "%s%lu", i ? "," : "", (unsigned long)uids[i]);
        if (j > i)
            o += sprintf(o, ":%lu", (unsigned long)uids[j]);
        i = j + 1;
    }
    return out;
}
/* [mailbox-uid-set] */
