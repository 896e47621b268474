/**
 * @file mailbox.h
 * @brief An open (selected) mailbox: its messages in UID order with flags
 *        and \\Recent, kept up to date with what happens on disk.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1 (UIDs and sequence numbers), §2.3.2 (flags,
 *      \\Recent), §6.3.1-6.3.2 (SELECT, EXAMINE), §6.3.10 (STATUS), §7.3
 *      (EXISTS, RECENT), §7.4.1 (EXPUNGE); maildir.txt
 *
 * SELECT gives a session its own *view* of a mailbox: the messages in
 * UID order, numbered 1..n (the sequence numbers of RFC 3501 §2.3.1.2),
 * each with its flags and whether it is \\Recent *for this session*.
 * The view changes only when the session says so to the client: new mail
 * is announced with `* n EXISTS`, a vanished message with `* n EXPUNGE`,
 * changed flags with `* n FETCH (FLAGS (...))`.  Until then the numbers
 * the client knows must stay valid.
 *
 * So this module keeps the view (struct mailbox) apart from the disk:
 *
 * - mailbox_open() scans the directory (uidmap_scan(), which also gives
 *   every message its UID and, for a read-write open, moves `new/` to
 *   `cur/`: those messages are \\Recent here and nowhere else);
 * - mailbox_refresh() scans again -- cheaply: only when the modification
 *   times of `new/` or `cur/` changed (or, noted while young, have just
 *   grown old enough to be sure of), and then first with a quick look
 *   that matches the directories against the view (mailbox_look.h),
 *   reading the UID map only when that is not enough -- and merges: new messages are
 *   appended (#mailbox_changes.added), changed flags are marked
 *   (mailbox_msg.flags_changed), vanished messages are only *marked*
 *   (mailbox_msg.expunged) and keep their numbers;
 * - mailbox_purge() finally removes the marked ones, reporting each
 *   sequence number as it goes, when the session may send EXPUNGE
 *   (not during FETCH, STORE or SEARCH: RFC 3501 §7.4.1).
 *
 * Chapters 10 and 11 build on this: FETCH finds a message's file with
 * mailbox_msg_path(), STORE changes flags with mailbox_change_flags(), and
 * both address messages by index (sequence number - 1) into
 * mailbox.msgs.
 */
#ifndef MM_MAILBOX_H
#define MM_MAILBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailbox_name.h"
#include "maildir.h"
#include "uidmap.h"

/** Seconds a directory's modification time must be older than the moment
 *  it was read before an unchanged time is beyond doubt; times read
 *  younger get one more look when they reach this age
 *  (mailbox_refresh() without @c force; the clock moves in ticks). */
#define MAILBOX_SETTLE_S 2

/** Room for an error message from this module, with its NUL. */
#define MAILBOX_ERRLEN 320

/** One message in a session's view. */
struct mailbox_msg {
    uint32_t uid;                 /**< its UID (RFC 3501 §2.3.1.1) */
    unsigned flags;               /**< MAILFLAG_* bits, from its file name */
    char *name;                   /**< its file name (in cur/, or new/ when @c in_new) */
    size_t base_len;              /**< length of the base name (before `:`) */
    unsigned char in_new;         /**< the file is still in new/ (EXAMINE leaves it there) */
    unsigned char recent;         /**< \\Recent in this session */
    unsigned char expunged;       /**< the file is gone; still numbered until mailbox_purge() */
    unsigned char flags_changed;  /**< flags changed on disk since the client last heard */
};

/** A session's view of one mailbox. */
struct mailbox {
    char name[MBNAME_BUFSZ];      /**< its canonical IMAP name */
    char dir[PATH_MAX];           /**< its Maildir directory */
    char root[PATH_MAX];          /**< the user's Maildir (INBOX) */
    int read_only;                /**< 1 after EXAMINE: nothing on disk is changed */
    uint32_t uidvalidity;         /**< UIDVALIDITY (RFC 3501 §2.3.1.1) */
    uint32_t uidnext;             /**< UIDNEXT: the UID the next new message gets */
    struct mailbox_msg *msgs;     /**< the messages; msgs[i] has sequence number i + 1 */
    size_t count;                 /**< how many (expunged ones included until purged) */
    size_t cap;                   /**< room in @c msgs */
    struct timespec new_mtime;    /**< modification time of new/ after the last look */
    struct timespec cur_mtime;    /**< modification time of cur/ after the last look */
    struct timespec looked;       /**< when those two times were read (the
                                       clock, CLOCK_REALTIME, just before) */
    struct uidmap_stamp map_stamp;/**< the UID map as the last full scan left it */
    uint32_t *look_slots;         /**< the quick look's index of the view by base
                                       name (mailbox_look.c); NULL until needed */
    size_t look_mask;             /**< slots in @c look_slots, minus one */
    size_t look_count;            /**< @c count when the index was built */
};

/** What mailbox_refresh() found. */
struct mailbox_changes {
    size_t added;          /**< messages appended to the view (announce EXISTS) */
    size_t expunged;       /**< messages newly marked expunged */
    size_t flags_changed;  /**< messages whose flags changed on disk */
    int recent_changed;    /**< the number of \\Recent messages changed (announce RECENT) */
};

/** The numbers STATUS reports (RFC 3501 §6.3.10). */
struct mailbox_status {
    uint32_t messages;     /**< MESSAGES: how many messages */
    uint32_t recent;       /**< RECENT: how many nobody has selected yet (still in new/) */
    uint32_t uidnext;      /**< UIDNEXT */
    uint32_t uidvalidity;  /**< UIDVALIDITY */
    uint32_t unseen;       /**< UNSEEN: how many without \\Seen */
};

/**
 * @brief Open a mailbox (SELECT, or EXAMINE with @p read_only).
 *
 * @param mb         receives the view (close with mailbox_close())
 * @param maildir    the user's Maildir
 * @param name       a canonical mailbox name
 * @param read_only  1 for EXAMINE: new/ is left alone, and messages
 *                   there are reported \\Recent without taking that
 *                   from anyone (RFC 3501 §6.3.2)
 * @param err        receives a message on failure (may be NULL)
 * @param errsz      size of @p err
 * @return 0, or -1 (errno ENOENT: no such mailbox)
 */
int mailbox_open(struct mailbox *mb, const char *maildir, const char *name, int read_only,
                 char *err, size_t errsz);

/**
 * @brief Free a view.
 * @param mb  from mailbox_open() (zeroed; closing twice is fine)
 */
void mailbox_close(struct mailbox *mb);

/**
 * @brief Bring the view up to date with the disk (see the file comment).
 *
 * @param mb     the view
 * @param force  1: scan even when the directories look unchanged (NOOP,
 *               CHECK: a client that asks explicitly gets a full look);
 *               0: skip the scan when the times of new/ and cur/ are
 *               unchanged -- but look once more when times that were
 *               read less than #MAILBOX_SETTLE_S seconds after they were
 *               made have since grown that old (the clock's ticks could
 *               hide a change made in the same tick)
 * @param ch     receives what changed
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0, or -1 (errno ENOENT: the mailbox was deleted; ESTALE: its
 *         UIDVALIDITY changed -- the session must end, RFC 3501 §2.3.1.1)
 */
int mailbox_refresh(struct mailbox *mb, int force, struct mailbox_changes *ch,
                    char *err, size_t errsz);

/**
 * @brief Remove the messages marked expunged from the view.
 *
 * Calls @p report with the sequence number of each, from the highest
 * down, so every number reported is valid at the moment it is reported
 * (`* n EXPUNGE` renumbers the messages after n, RFC 3501 §7.4.1).
 *
 * @param mb      the view
 * @param report  called once per purged message (may be NULL)
 * @param arg     passed to @p report
 * @return how many were removed
 */
size_t mailbox_purge(struct mailbox *mb, void (*report)(void *arg, size_t seq), void *arg);

/**
 * @brief How many messages are \\Recent in this view (not counting expunged ones).
 * @param mb  the view
 * @return the count
 */
size_t mailbox_recent_count(const struct mailbox *mb);

/**
 * @brief The sequence number of the first message without \\Seen, for
 *        SELECT's `OK [UNSEEN n]`.
 * @param mb  the view
 * @return the sequence number, or 0 when every message is seen
 */
size_t mailbox_first_unseen(const struct mailbox *mb);

/**
 * @brief The full path of a message's file (for FETCH, chapter 10).
 * @param mb     the view
 * @param index  the message (sequence number - 1)
 * @param out    receives the path
 * @param outsz  its size
 * @return 0, or -1 when it does not fit or @p index is out of range
 */
int mailbox_msg_path(const struct mailbox *mb, size_t index, char *out, size_t outsz);

/**
 * @brief Find a message's file again after another session renamed it.
 *
 * A message's file is renamed whenever its flags change (`BASE:2,FS`),
 * by any session, so the name in this view can be out of date between
 * two scans.  When the file under the view's name is gone, this looks in
 * cur/ for the file with the same base name (the part before `:2,`,
 * which never changes) and takes its name into the view; the view's
 * flags stay as they are (the next refresh announces the change).
 * Chapter 10's FETCH calls it when a file it wants to read is missing.
 *
 * Without the UID map lock the name found can change again at once;
 * mailbox_change_flags() calls it under the lock, FETCH simply retries.
 *
 * @param mb     the view
 * @param index  the message (sequence number - 1)
 * @return 0 (mailbox_msg_path() now gives the current path), or -1 with
 *         errno ENOENT when the file is gone (expunged)
 */
int mailbox_msg_find(struct mailbox *mb, size_t index);

/**
 * @brief Add and remove flags of a message by renaming its file (for
 *        STORE, chapter 11).
 *
 * Under the mailbox's UID map lock: finds the file's current name (a
 * file renamed by another session since the last scan is found by its
 * base name; one in new/ moves to cur/ on the way), reads the flags from
 * that name, and renames `cur/BASE:2,OLD` to `cur/BASE:2,NEW` with
 * NEW = (OLD | @p add) & ~@p remove.  Because OLD is read under the lock,
 * a flag another minimail session set a moment ago is kept: no update
 * is lost between two sessions storing flags on the same message at once.
 * The view gets the new name and flags (mailbox_msg.flags: what is on
 * disk now, other sessions' flags included); when the flags on disk were
 * not those of the view, mailbox_msg.flags_changed is set, since the
 * client has not heard of that change yet.
 *
 * @param mb      a read-write view
 * @param index   the message (sequence number - 1)
 * @param add     MAILFLAG_* bits to set (`+FLAGS`)
 * @param remove  MAILFLAG_* bits to clear (`-FLAGS`; `FLAGS` is add = the
 *                list, remove = every other flag)
 * @param err     receives a message on failure (may be NULL)
 * @param errsz   size of @p err
 * @return 0, or -1 (errno EROFS for a read-only view, ENOENT when the
 *         message is gone)
 */
int mailbox_change_flags(struct mailbox *mb, size_t index, unsigned add, unsigned remove,
                         char *err, size_t errsz);

/**
 * @brief mailbox_change_flags() for a caller that already holds the
 *        mailbox lock (uidmap_lock() of mb->dir).
 *
 * STORE on many messages takes the lock once for a batch of renames
 * instead of once per message (chapter 11).  The caller must not hold it
 * across anything slow -- above all not across writes to its client.
 *
 * @param mb      a read-write view
 * @param index   the message (sequence number - 1)
 * @param add     MAILFLAG_* bits to set
 * @param remove  MAILFLAG_* bits to clear
 * @param err     receives a message on failure (may be NULL)
 * @param errsz   size of @p err
 * @return as mailbox_change_flags()
 */
int mailbox_change_flags_locked(struct mailbox *mb, size_t index, unsigned add,
                                unsigned remove, char *err, size_t errsz);

/**
 * @brief Set a message's flags to @p flags, as a change from the flags in
 *        the view (chapter 10's `\Seen` on a body fetch).
 *
 * mailbox_change_flags() with add = @p flags minus the view's flags and
 * remove = the view's flags minus @p flags: the bits the caller changed
 * are changed on disk, and a flag some other session changed meanwhile
 * keeps its new value.  Afterwards mailbox_msg.flags holds what is on disk.
 *
 * @param mb     a read-write view
 * @param index  the message (sequence number - 1)
 * @param flags  the MAILFLAG_* bits wanted
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0, or -1 (errno EROFS for a read-only view, ENOENT when the
 *         message is gone)
 */
int mailbox_set_flags(struct mailbox *mb, size_t index, unsigned flags,
                      char *err, size_t errsz);

/**
 * @brief STATUS of a mailbox, without selecting it.
 *
 * Scans without moving new/ (STATUS must not take \\Recent from the
 * session that will SELECT), so RECENT is the number of messages still
 * in new/.  UIDNEXT is exact: every message present has its UID after
 * the scan.
 *
 * @param maildir  the user's Maildir
 * @param name     a canonical mailbox name
 * @param st       receives the numbers
 * @param err      receives a message on failure (may be NULL)
 * @param errsz    size of @p err
 * @return 0, or -1 (errno ENOENT: no such mailbox)
 */
int mailbox_status(const char *maildir, const char *name, struct mailbox_status *st,
                   char *err, size_t errsz);

#endif /* MM_MAILBOX_H */
