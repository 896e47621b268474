/**
 * @file mailbox.c
 * @brief A session's view of a selected mailbox: open, refresh and merge,
 *        purge, flags, STATUS.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1, §2.3.2, §6.3.1, §6.3.2, §6.3.10, §7.3, §7.4.1
 *
 * The disk work (reading the directories, UIDs, new/ -> cur/) is all in
 * uidmap_scan(); this file turns a scan into a view and merges later
 * scans into it without ever renumbering behind the client's back.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailbox.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mailbox_look.h"
#include "mailflags.h"
#include "uidmap.h"

static void set_err(char *err, size_t errsz, const char *what, const char *path, int e)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s %s%s%s", what, path, e ? ": " : "", e ? strerror(e) : "");
}

/* The modification time of DIR/SUB (zero when it cannot be read). */
static struct timespec mtime_of(const char *dir, const char *sub)
{
    char path[PATH_MAX];
    struct stat st;
    struct timespec t = { 0, 0 };
    if (snprintf(path, sizeof path, "%s/%s", dir, sub) < (int)sizeof path &&
        stat(path, &st) == 0)
        t = st.st_mtim;
    return t;
}

static int same_time(struct timespec a, struct timespec b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* [mailbox-settled] */
/* May the unchanged times of new/ and cur/ be trusted to mean "nothing
 * changed"?  A directory's time is the kernel's clock at the change,
 * which moves in ticks (a few milliseconds on Linux; whole seconds on
 * some file systems): a second change in the same tick as the first
 * leaves the time as it was.  So a time is beyond doubt only when it was
 * read (mb->looked) at least MAILBOX_SETTLE_S seconds after it was made:
 * any change since then falls in a later tick and shows. */
static time_t newest_time(const struct mailbox *mb)
{
    return mb->new_mtime.tv_sec > mb->cur_mtime.tv_sec ? mb->new_mtime.tv_sec
                                                       : mb->cur_mtime.tv_sec;
}

static int settled(const struct mailbox *mb)
{
    return mb->looked.tv_sec - newest_time(mb) >= MAILBOX_SETTLE_S;
}

/* Times read too young may hide a change made in their tick.  Looking
 * again at every command while they are young would cost a look per
 * command in a mailbox that has just changed -- and the session's own
 * SELECT or STORE has always just changed it.  Dovecot's answer
 * (maildir-sync.c, its "dirty" cur/ directory), and ours: while the times
 * are young and unchanged, do not look; look once more as soon as they
 * are old enough, which finds whatever their tick hid.  A change can so
 * wait at most MAILBOX_SETTLE_S seconds -- only one made in the very tick
 * of the last look. */
static int look_again(const struct mailbox *mb, struct timespec now)
{
    return !settled(mb) && now.tv_sec - newest_time(mb) >= MAILBOX_SETTLE_S;
}

/* Note the directory times after a look, and when they were read.  The
 * clock first: "read at least 2 s after they were made" must not be
 * claimed for a time read earlier than the clock says. */
static void note_times(struct mailbox *mb)
{
    clock_gettime(CLOCK_REALTIME, &mb->looked);
    mb->new_mtime = mtime_of(mb->dir, "new");
    mb->cur_mtime = mtime_of(mb->dir, "cur");
}
/* [mailbox-settled] */

static int grow(struct mailbox *mb, size_t need)
{
    if (need <= mb->cap)
        return 0;
    size_t cap = mb->cap ? mb->cap : 16;
    while (cap < need)
        cap *= 2;
    struct mailbox_msg *m = realloc(mb->msgs, cap * sizeof *m);
    if (m == NULL)
        return -1;
    mb->msgs = m;
    mb->cap = cap;
    return 0;
}

/* A view entry from a scanned message; takes over its name. */
static void from_scan(struct mailbox_msg *m, struct uidmap_msg *s)
{
    m->uid = s->uid;
    m->name = s->name;
    s->name = NULL;
    m->base_len = s->base_len;
    m->in_new = s->in_new;
    m->flags = s->in_new ? 0 : mailflags_from_name(m->name);
    /* \Recent: the messages this session moved out of new/ -- or, for a
     * read-only view, the messages nobody has moved yet (EXAMINE "MUST
     * NOT cause messages to lose the \Recent flag"). */
    m->recent = s->moved || s->in_new;
    m->expunged = 0;
    m->flags_changed = 0;
}

/* [mailbox-open] */
int mailbox_open(struct mailbox *mb, const char *maildir, const char *name, int read_only,
                 char *err, size_t errsz)
{
    struct uidmap_scan s;

    memset(mb, 0, sizeof *mb);
    if (snprintf(mb->name, sizeof mb->name, "%s", name) >= (int)sizeof mb->name ||
        snprintf(mb->root, sizeof mb->root, "%s", maildir) >= (int)sizeof mb->root ||
        mbname_to_dir(maildir, name, mb->dir, sizeof mb->dir) < 0) {
        set_err(err, errsz, "name too long:", name, 0);
        errno = ENAMETOOLONG;
        return -1;
    }
    mb->read_only = read_only;
    if (uidmap_scan(mb->dir, mb->root, !read_only, &s, err, errsz) < 0)
        return -1;
    if (grow(mb, s.count) < 0) {
        uidmap_scan_free(&s);
        set_err(err, errsz, "out of memory opening", name, 0);
        errno = ENOMEM;
        return -1;
    }
    for (size_t i = 0; i < s.count; i++)
        from_scan(&mb->msgs[i], &s.msgs[i]);
    mb->count = s.count;
    mb->uidvalidity = s.uidvalidity;
    mb->uidnext = s.uidnext;
    mb->map_stamp = s.stamp;
    uidmap_scan_free(&s);
    /* The times after the scan, its own moves to cur/ included; what
     * someone else changed meanwhile, the look once they settle finds. */
    note_times(mb);
    return 0;
}
/* [mailbox-open] */

void mailbox_close(struct mailbox *mb)
{
    for (size_t i = 0; i < mb->count; i++)
        free(mb->msgs[i].name);
    free(mb->msgs);
    free(mb->look_slots);
    memset(mb, 0, sizeof *mb);
}

size_t mailbox_recent_count(const struct mailbox *mb)
{
    size_t n = 0;
    for (size_t i = 0; i < mb->count; i++)
        n += mb->msgs[i].recent && !mb->msgs[i].expunged;
    return n;
}

size_t mailbox_first_unseen(const struct mailbox *mb)
{
    for (size_t i = 0; i < mb->count; i++)
        if (!(mb->msgs[i].flags & MAILFLAG_SEEN) && !mb->msgs[i].expunged)
            return i + 1;
    return 0;
}

/* [mailbox-refresh] */
int mailbox_refresh(struct mailbox *mb, int force, struct mailbox_changes *ch,
                    char *err, size_t errsz)
{
    struct uidmap_scan s;
    struct timespec now, tn, tc;
    size_t recent_before = mailbox_recent_count(mb);

    clock_gettime(CLOCK_REALTIME, &now);
    tn = mtime_of(mb->dir, "new");
    tc = mtime_of(mb->dir, "cur");
    memset(ch, 0, sizeof *ch);
    /* A Maildir changes only by entries appearing, vanishing or being
     * renamed in new/ and cur/, and each of those updates the directory's
     * modification time: unchanged times, nothing to do -- unless they
     * were read young and have only now grown old enough to be sure
     * (look_again()). */
    if (!force && same_time(tn, mb->new_mtime) && same_time(tc, mb->cur_mtime) &&
        tn.tv_sec != 0 && !look_again(mb, now))
        return 0;
    /* Something may have changed.  Usually only names in cur/ did (flags):
     * the quick look sees that without the UID map (mailbox_look.c). */
    if (mailbox_quick_look(mb, ch)) {
        note_times(mb);
        return 0;
    }
    if (uidmap_scan(mb->dir, mb->root, !mb->read_only, &s, err, errsz) < 0)
        return -1;                  /* ENOENT: the mailbox was deleted */
    if (s.uidvalidity != mb->uidvalidity) {
        uidmap_scan_free(&s);
        set_err(err, errsz, "UIDVALIDITY changed in", mb->dir, 0);
        errno = ESTALE;
        return -1;
    }
    if (grow(mb, mb->count + s.count) < 0) {
        uidmap_scan_free(&s);
        set_err(err, errsz, "out of memory refreshing", mb->dir, 0);
        errno = ENOMEM;
        return -1;
    }
    /* Merge two lists sorted by UID: the view and the disk. */
    size_t i = 0, j = 0, old = mb->count;
    uint32_t last = old > 0 ? mb->msgs[old - 1].uid : 0;
    while (i < old || j < s.count) {
        struct mailbox_msg *m = i < old ? &mb->msgs[i] : NULL;
        struct uidmap_msg *d = j < s.count ? &s.msgs[j] : NULL;
        if (m != NULL && (d == NULL || m->uid < d->uid)) {
            /* In the view, not on disk: gone (announced later). */
            if (!m->expunged) {
                m->expunged = 1;
                ch->expunged++;
            }
            i++;
        } else if (m != NULL && m->uid == d->uid) {
            /* Still there: take its current name and flags. */
            unsigned flags = d->in_new ? 0 : mailflags_from_name(d->name);
            if (!m->expunged && flags != m->flags) {
                m->flags = flags;
                m->flags_changed = 1;
                ch->flags_changed++;
            }
            free(m->name);
            m->name = d->name;
            d->name = NULL;
            m->in_new = d->in_new;
            if (d->moved)
                m->recent = 1;
            i++;
            j++;
        } else if (d->uid > last) {
            /* New since the last scan: it goes at the end. */
            from_scan(&mb->msgs[mb->count++], d);
            ch->added++;
            j++;
        } else {
            /* A UID below the newest we know that we never saw: it cannot
             * get a sequence number in the middle of the view.  (Only a
             * readdir that missed a file twice leads here.)  A new SELECT
             * will show it. */
            j++;
        }
    }
    mb->uidnext = s.uidnext;
    mb->map_stamp = s.stamp;
    note_times(mb);
    uidmap_scan_free(&s);
    ch->recent_changed = mailbox_recent_count(mb) != recent_before;
    return 0;
}
/* [mailbox-refresh] */

/* [mailbox-purge] */
size_t mailbox_purge(struct mailbox *mb, void (*report)(void *arg, size_t seq), void *arg)
{
    size_t removed = 0, k = 0;
    /* Highest first: each number is still right when it is reported. */
    for (size_t i = mb->count; i-- > 0;)
        if (mb->msgs[i].expunged && report != NULL)
            report(arg, i + 1);
    for (size_t i = 0; i < mb->count; i++) {
        if (mb->msgs[i].expunged) {
            free(mb->msgs[i].name);
            removed++;
        } else {
            mb->msgs[k++] = mb->msgs[i];
        }
    }
    mb->count = k;
    if (removed > 0) {
        free(mb->look_slots);       /* the numbers moved: the quick look's index is stale */
        mb->look_slots = NULL;
    }
    return removed;
}
/* [mailbox-purge] */

int mailbox_msg_path(const struct mailbox *mb, size_t index, char *out, size_t outsz)
{
    if (index >= mb->count)
        return -1;
    const struct mailbox_msg *m = &mb->msgs[index];
    int n = snprintf(out, outsz, "%s/%s/%s", mb->dir, m->in_new ? "new" : "cur", m->name);
    return (n < 0 || (size_t)n >= outsz) ? -1 : 0;
}

/* Find the current name of the message with base name BASE in cur/
 * (someone renamed it); 0 and *found set, or -1. */
static int find_in_cur(const struct mailbox *mb, const struct mailbox_msg *m, char **found)
{
    char path[PATH_MAX];
    DIR *d;
    struct dirent *de;
    if (snprintf(path, sizeof path, "%s/cur", mb->dir) >= (int)sizeof path ||
        (d = opendir(path)) == NULL)
        return -1;
    *found = NULL;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, m->name, m->base_len) == 0 &&
            (de->d_name[m->base_len] == '\0' || de->d_name[m->base_len] == MAILFLAGS_INFO_SEP)) {
            *found = strdup(de->d_name);
            break;
        }
    }
    closedir(d);
    return *found != NULL ? 0 : -1;
}

/* [mailbox-msg-find] */
int mailbox_msg_find(struct mailbox *mb, size_t index)
{
    struct mailbox_msg *m;
    char path[PATH_MAX];
    struct stat st;
    char *found;

    if (index >= mb->count) {
        errno = ENOENT;
        return -1;
    }
    m = &mb->msgs[index];
    /* The name in the view, when its file is still there; else the file
     * in cur/ with the same base name (the part before ":2," never
     * changes: it is what the UID is bound to). */
    if (mailbox_msg_path(mb, index, path, sizeof path) == 0 && stat(path, &st) == 0)
        return 0;
    if (find_in_cur(mb, m, &found) < 0) {
        errno = ENOENT;
        return -1;
    }
    free(m->name);
    m->name = found;
    m->in_new = 0;
    return 0;
}
/* [mailbox-msg-find] */

/* [mailbox-set-flags] */
int mailbox_change_flags(struct mailbox *mb, size_t index, unsigned add, unsigned remove,
                         char *err, size_t errsz)
{
    char uerr[UIDMAP_ERRLEN];
    int lock, rc;

    /* A request that must fail fails without touching the lock file. */
    if (mb->read_only || index >= mb->count || mb->msgs[index].expunged)
        return mailbox_change_flags_locked(mb, index, add, remove, err, errsz);
    if ((lock = uidmap_lock(mb->dir, uerr, sizeof uerr)) < 0) {
        set_err(err, errsz, uerr, "", 0);
        return -1;
    }
    rc = mailbox_change_flags_locked(mb, index, add, remove, err, errsz);
    int saved = errno;
    uidmap_unlock(lock);
    errno = saved;
    return rc;
}

int mailbox_change_flags_locked(struct mailbox *mb, size_t index, unsigned add,
                                unsigned remove, char *err, size_t errsz)
{
    char from[PATH_MAX], to[PATH_MAX], newname[PATH_MAX];
    struct mailbox_msg *m;
    unsigned disk, want;

    if (mb->read_only) {
        set_err(err, errsz, "read-only:", mb->name, 0);
        errno = EROFS;
        return -1;
    }
    if (index >= mb->count || mb->msgs[index].expunged) {
        set_err(err, errsz, "no such message in", mb->name, 0);
        errno = ENOENT;
        return -1;
    }
    m = &mb->msgs[index];
    /* Every minimail process renames message files only under the lock
     * (the caller holds it), so the name on disk cannot change now.  Read
     * the flags from *that* name, not from the view: the view may be a
     * few milliseconds old, and a flag another session set in those
     * milliseconds would be lost if we wrote the view's flags back.
     *
     * The first try takes the view's name on trust and simply renames:
     * if the rename works, that name *was* the name on disk, so the flags
     * read from it were the flags on disk.  Only when it fails (ENOENT:
     * someone renamed the file since our last scan) do we look for the
     * current name (mailbox_msg_find()) and try again.  That saves a
     * stat(2) per message -- a lookup in a directory of 100,000 names --
     * in the usual case.  When there is nothing to rename, a stat(2) must
     * still show that the name is current: the flags on disk could be
     * others than the name in the view says. */
    for (int attempt = 0;; attempt++) {
        if (attempt > 0 && mailbox_msg_find(mb, index) < 0) {
            set_err(err, errsz, "message gone from", mb->name, 0);
            return -1;               /* errno ENOENT */
        }
        disk = m->in_new ? 0 : mailflags_from_name(m->name);
        want = ((disk | add) & ~remove) & MAILFLAG_ALL;
        if (mailflags_rename(m->name, want, newname, sizeof newname) < 0 ||
            mailbox_msg_path(mb, index, from, sizeof from) < 0 ||
            snprintf(to, sizeof to, "%s/cur/%s", mb->dir, newname) >= (int)sizeof to) {
            set_err(err, errsz, "name too long:", m->name, 0);
            errno = ENAMETOOLONG;
            return -1;
        }
        struct stat st;
        if (strcmp(from, to) == 0 ? stat(from, &st) == 0 : rename(from, to) == 0)
            break;
        /* ENOENT: renamed by another session since our last scan (found
         * on the second try), or by a program that does not take our
         * lock (a mail reader working on the Maildir directly) just now
         * (the third). */
        if (errno != ENOENT || attempt > 1) {
            set_err(err, errsz, "cannot rename", from, errno);
            return -1;
        }
    }
    char *copy = strdup(newname);
    if (copy == NULL) {
        errno = ENOMEM;
        return -1;
    }
    free(m->name);
    m->name = copy;
    m->in_new = 0;
    /* Someone else's change, found on disk: news for this session's client. */
    if (disk != (m->flags & MAILFLAG_ALL))
        m->flags_changed = 1;
    m->flags = want;
    return 0;
}

int mailbox_set_flags(struct mailbox *mb, size_t index, unsigned flags,
                      char *err, size_t errsz)
{
    unsigned have;

    if (index >= mb->count) {
        set_err(err, errsz, "no such message in", mb->name, 0);
        errno = ENOENT;
        return -1;
    }
    /* What the caller changed, relative to the flags it saw. */
    have = mb->msgs[index].flags & MAILFLAG_ALL;
    return mailbox_change_flags(mb, index, flags & ~have, have & ~flags & MAILFLAG_ALL,
                                err, errsz);
}
/* [mailbox-set-flags] */

/* [mailbox-status] */
int mailbox_status(const char *maildir, const char *name, struct mailbox_status *st,
                   char *err, size_t errsz)
{
    char dir[PATH_MAX];
    struct uidmap_scan s;

    memset(st, 0, sizeof *st);
    if (mbname_to_dir(maildir, name, dir, sizeof dir) < 0) {
        set_err(err, errsz, "name too long:", name, 0);
        errno = ENAMETOOLONG;
        return -1;
    }
    /* move_new = 0: STATUS must not take \Recent away from anyone. */
    if (uidmap_scan(dir, maildir, 0, &s, err, errsz) < 0)
        return -1;
    st->messages = (uint32_t)s.count;
    for (size_t i = 0; i < s.count; i++) {
        if (s.msgs[i].in_new)
            st->recent++;
        if (s.msgs[i].in_new || !(mailflags_from_name(s.msgs[i].name) & MAILFLAG_SEEN))
            st->unseen++;
    }
    st->uidnext = s.uidnext;
    st->uidvalidity = s.uidvalidity;
    uidmap_scan_free(&s);
    return 0;
}
/* [mailbox-status] */
