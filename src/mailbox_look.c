/**
 * @file mailbox_look.c
 * @brief The quick look: match `new/` and `cur/` against the view, without
 *        the UID map.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1.1, §7.4.1; maildir.txt
 *
 * A session's view (mailbox.h) already knows every message's UID and file
 * name.  When the directories change only by renames within `cur/` --
 * flags set by this session's SELECT, another session's STORE, a mail
 * reader -- a look at the directories can be checked against the view by
 * name alone: the base name (the part before `:2,`) is what a UID is
 * bound to, and it never changes.  That costs one pass over the
 * directory entries and one hash lookup per name; the full scan costs the
 * same pass plus reading, parsing and sorting the map and sorting the
 * entries (about half of a full scan's time for 10,000 messages, see
 * docs/PERFORMANCE.md).
 *
 * The look gives up -- and mailbox_refresh() does the full scan -- on
 * anything that needs the map: a name it does not know (new mail, which
 * needs a UID), a message of the view it does not find (expunged, or
 * missed by readdir(3): only the full scan's second read tells which),
 * a base name seen twice, or a map that was rewritten since the view's
 * last full scan (some other session assigned or dropped UIDs; its
 * UIDVALIDITY could even be new).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailbox_look.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailflags.h"
#include "uidmap.h"

/* ---- an index of the view by base name ------------------------------ */

/* [mailbox-look-index] */
/* An open-addressing hash table of view indices: slot = index + 1, 0 =
 * empty; twice as many slots as messages keeps the probe sequences
 * short.  It is built on the first look and kept in the view while the
 * view's messages stay where they are: mailbox_refresh() only ever
 * appends (a new count: built again), mailbox_purge() moves them (it
 * drops the index).  Even a stale index could not match a file to the
 * wrong message -- index_find() compares the names -- it could only miss
 * one, and a miss sends the refresh to the full scan. */

/* FNV-1a over the base name: simple, and good enough for file names. */
static size_t hash_base(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)name[i];
        h *= 16777619u;
    }
    return h;
}

static int index_build(struct mailbox *mb)
{
    size_t slots = 16;
    if (mb->look_slots != NULL && mb->look_count == mb->count)
        return 0;                   /* still right */
    while (slots < 2 * mb->count)
        slots *= 2;
    free(mb->look_slots);
    if ((mb->look_slots = calloc(slots, sizeof *mb->look_slots)) == NULL)
        return -1;
    mb->look_mask = slots - 1;
    mb->look_count = mb->count;
    for (size_t i = 0; i < mb->count; i++) {
        const struct mailbox_msg *m = &mb->msgs[i];
        size_t h = hash_base(m->name, m->base_len) & mb->look_mask;
        while (mb->look_slots[h] != 0)
            h = (h + 1) & mb->look_mask;
        mb->look_slots[h] = (uint32_t)(i + 1);
    }
    return 0;
}

/* The view index of the message with this base name, or -1. */
static long index_find(const struct mailbox *mb, const char *name, size_t base_len)
{
    size_t h = hash_base(name, base_len) & mb->look_mask;
    for (; mb->look_slots[h] != 0; h = (h + 1) & mb->look_mask) {
        const struct mailbox_msg *m = &mb->msgs[mb->look_slots[h] - 1];
        if (m->base_len == base_len && memcmp(m->name, name, base_len) == 0)
            return (long)mb->look_slots[h] - 1;
    }
    return -1;
}
/* [mailbox-look-index] */

/* ---- the look --------------------------------------------------------- */

/* What one look has found so far. */
struct look {
    struct mailbox *mb;
    unsigned char *seen;        /* per view index: found in this look */
    size_t found;
    struct mailbox_changes *ch;
};

/* [mailbox-look-match] */
/* One directory entry: a known message, once; take its name and flags.
 * Returns 0, or -1 when only the full scan can account for it. */
static int match(struct look *lk, const char *name, int in_new)
{
    size_t base_len = mailflags_base_len(name);
    long k = index_find(lk->mb, name, base_len);
    if (k < 0 || lk->seen[k] || lk->mb->msgs[k].expunged)
        return -1;              /* new mail, one message under two names, or
                                   one that was gone and is back: all news */
    lk->seen[k] = 1;
    lk->found++;
    struct mailbox_msg *m = &lk->mb->msgs[k];
    if (m->in_new == in_new && strcmp(m->name, name) == 0)
        return 0;               /* the usual case: nothing happened to it */
    char *copy = strdup(name);
    if (copy == NULL)
        return -1;
    free(m->name);
    m->name = copy;
    m->in_new = (unsigned char)in_new;
    unsigned flags = in_new ? 0 : mailflags_from_name(name);
    if (flags != m->flags) {
        m->flags = flags;
        m->flags_changed = 1;
        lk->ch->flags_changed++;
    }
    return 0;
}
/* [mailbox-look-match] */

/* Match every message of DIR/SUB; -1 as soon as one does not fit. */
static int look_in(struct look *lk, const char *sub)
{
    char path[PATH_MAX];
    DIR *d;
    struct dirent *de;
    int rc = 0;

    if (snprintf(path, sizeof path, "%s/%s", lk->mb->dir, sub) >= (int)sizeof path ||
        (d = opendir(path)) == NULL)
        return -1;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strchr(de->d_name, '\n') != NULL)
            continue;           /* not messages (as uidmap_scan() decides) */
        rc = match(lk, de->d_name, sub[0] == 'n');
    }
    closedir(d);
    return rc;
}

/* How many messages of the view should have been found. */
static size_t expected(const struct mailbox *mb)
{
    size_t n = 0;
    for (size_t i = 0; i < mb->count; i++)
        n += !mb->msgs[i].expunged;
    return n;
}

/* [mailbox-quick-look] */
int mailbox_quick_look(struct mailbox *mb, struct mailbox_changes *ch)
{
    struct uidmap_stamp now;
    struct look lk = { mb, NULL, 0, ch };
    int lock, ok = 0;

    if ((lock = uidmap_lock(mb->dir, NULL, 0)) < 0)
        return 0;
    /* A rewritten map means UIDs were given or taken (or, if it was made
     * anew, a new UIDVALIDITY): the full scan must read it.  (Should a
     * rewrite ever leave the same stamp -- same inode number reused, same
     * size, in the same clock tick -- the look still only accepts files
     * the view already knows, under the UIDs the view already shows; the
     * next full scan reconciles the rest.) */
    if (uidmap_stamp(mb->dir, &now) < 0 || !uidmap_stamp_same(&now, &mb->map_stamp))
        goto out;
    if (index_build(mb) < 0 || (lk.seen = calloc(mb->count + 1, 1)) == NULL)
        goto out;
    /* new/ first: new mail shows there, and ends the look early. */
    if (look_in(&lk, "new") < 0 || look_in(&lk, "cur") < 0)
        goto out;
    ok = lk.found == expected(mb);
out:
    uidmap_unlock(lock);
    free(lk.seen);
    return ok;
}
/* [mailbox-quick-look] */
