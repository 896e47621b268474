/**
 * @file mailbox_add.h
 * @brief Adding messages to a mailbox that is not (necessarily) selected:
 *        the storage half of APPEND, COPY and MOVE, with the new UIDs.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.3.11 (APPEND: flags, internal date, \\Recent), §6.4.7
 *      (COPY: flags and internal date preserved, \\Recent set), §2.3.3
 *      (internal date); RFC 4315 §3 (APPENDUID, COPYUID need the new UIDs
 *      at once); maildir.txt
 *
 * SMTP delivery (chapter 5) puts a message into `new/` and walks away:
 * its UID is given later, by whichever IMAP session scans the mailbox
 * first (uidmap.h).  APPEND and COPY cannot walk away.  With UIDPLUS
 * (RFC 4315) the client is told the new message's UID in the very
 * response that completes the command, `OK [APPENDUID 1732712345 42]`,
 * so the server must know it before it answers -- while other sessions
 * and the SMTP server may be adding mail to the same mailbox.
 *
 * A batch of additions is one struct mailbox_add:
 *
 * | call                 | what happens                                            |
 * |----------------------|---------------------------------------------------------|
 * | mailbox_add_begin()  | nothing on disk yet                                      |
 * | mailbox_add_data()   | the octets written to `tmp/` and fsync'ed (chapter 5's maildir_begin/write/sync), INTERNALDATE set, then -- under the UID map lock -- linked into `new/`, or with flags on into `cur/` |
 * | mailbox_add_file()   | the same for an existing message file: a hard link (no copy of the octets), or a copy where links are impossible |
 * | mailbox_add_commit() | uidmap_scan() gives every new file its UID, under the lock; the UIDs are read back |
 * | mailbox_add_abort()  | every file added is removed again (all or nothing)       |
 *
 * The decisions, and why:
 *
 * - **Where a new message goes: `new/` without flags, `cur/` with.**
 *   In chapter 9, \\Recent means "moved out of `new/` by this session"
 *   (mailbox.h), so a message without flags goes to `new/`, like mail
 *   from SMTP, and is \\Recent for the next session that selects the
 *   mailbox, as RFC 3501 §6.3.11 and §6.4.7 ask.  A message *with* flags
 *   must be in `cur/`, as `UNIQUE,S=..,W=..:2,FS`: maildir.txt gives
 *   flags to `cur/` names only, and chapter 9 reads them only there (an
 *   EXAMINE, which never moves `new/`, would show a flagged message in
 *   `new/` without its flags -- and Dovecot, too, saves flagged messages
 *   in `cur/`).  Such a message is not \\Recent for anyone: Dovecot
 *   keeps \\Recent in its index, a Maildir alone cannot.  Flags the
 *   client can see matter more than \\Recent, a SHOULD that IMAP4rev2
 *   (RFC 9051) dropped altogether.
 * - **The lock, and only around the visible step.**  The octets are
 *   written and fsync'ed without any lock (a 50 MB APPEND must not stall
 *   the other sessions).  The link into `new/` and the rename into
 *   `cur/` that adds the flags happen under the mailbox's UID map lock,
 *   so no scan can see the file between the two steps (it would move it
 *   to `cur/` without its flags).
 * - **UIDs from the scan.**  The UID of a new file is what uidmap_scan()
 *   gives it, under the same lock every session and every scan uses, so
 *   two APPENDs, a COPY and a scan after an SMTP delivery can never hand
 *   out one UID twice.  If another session happens to scan first, the
 *   file simply has its UID already; we read it back by the base name.
 * - **INTERNALDATE is the file's modification time** (chapter 10 sends
 *   st_mtime), so APPEND's date-time becomes the file's mtime, set with
 *   futimens(2) after the last write and before the fsync.  A hard-linked
 *   copy *is* the same inode, mtime included: the date is kept for free.
 * - **COPY by hard link.**  A Maildir message file is never changed once
 *   written: a flag change is a rename, an expunge an unlink.  So two
 *   names for one inode -- one in each mailbox -- behave exactly like two
 *   copies: renaming one leaves the other's name alone, deleting one
 *   leaves the other.  A link costs one directory entry instead of the
 *   message's octets, and takes the same time for 1 KB as for 50 MB.
 *   Where link(2) fails because the file system cannot (EXDEV, EPERM,
 *   EMLINK ...), the octets are copied through chapter 5's delivery.
 * - **Line ends.**  Stored files have LF line ends (chapter 5), and
 *   FETCH turns them back into CRLF (chapter 10, msg_to_crlf()).  So the
 *   octets a client APPENDs go through maildir_write_crlf(), CRLF -> LF,
 *   and a message whose lines all end in CRLF -- what RFC 5322 and every
 *   client send -- comes back from `BODY.PEEK[]` byte for byte, with
 *   RFC822.SIZE equal to the size of the APPEND literal.
 */
#ifndef MM_MAILBOX_ADD_H
#define MM_MAILBOX_ADD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "maildir.h"

/** Room for an error message from this module, with its NUL. */
#define MAILBOX_ADD_ERRLEN 384
/** Room for the file name of an added message (unique part, sizes, flags). */
#define MAILBOX_ADD_NAMESZ (MAILDIR_UNIQUE_MAX + 64)
/** mailbox_add_data()'s @c internaldate for "now" (no date-time given). */
#define MAILBOX_ADD_NOW ((time_t)-1)

/** One message added by this batch. */
struct mailbox_added {
    char name[MAILBOX_ADD_NAMESZ]; /**< its file name: `BASE` in `new/`, or `BASE:2,FLAGS` in `cur/` */
    int in_cur;                    /**< 1: in `cur/` (it has flags), 0: in `new/` */
    size_t base_len;               /**< length of the base name (before `:`), the UID map key */
    uint32_t uid;                  /**< its UID after mailbox_add_commit() (0 before, or
                                        when the message was expunged meanwhile) */
    int linked;                    /**< 1: a hard link of the source file, 0: its own octets */
};

/** A batch of messages being added to one mailbox. */
struct mailbox_add {
    char dir[PATH_MAX];            /**< the mailbox's directory (holds tmp/ new/ cur/) */
    char root[PATH_MAX];           /**< the user's Maildir, for new UIDVALIDITYs */
    struct mailbox_added *msgs;    /**< the messages added so far, in order */
    size_t count;                  /**< how many */
    size_t cap;                    /**< room in @c msgs */
    uint32_t uidvalidity;          /**< the mailbox's UIDVALIDITY after mailbox_add_commit() */
};

/**
 * @brief Start a batch.  Nothing happens on disk.
 * @param a     the batch (free it with mailbox_add_abort() or mailbox_add_free())
 * @param root  the user's Maildir
 * @param dir   the mailbox's directory (must be a Maildir already)
 * @return 0, or -1 when a path is too long (errno ENAMETOOLONG)
 */
int mailbox_add_begin(struct mailbox_add *a, const char *root, const char *dir);

/**
 * @brief Add a message given as octets from the wire (CRLF line ends).
 *
 * @param a             the batch
 * @param data          the message (CRLF becomes LF on disk)
 * @param len           its length
 * @param flags         MAILFLAG_* bits for its name
 * @param internaldate  its INTERNALDATE (the file's mtime), or #MAILBOX_ADD_NOW
 * @param err           receives a message on failure (may be NULL)
 * @param errsz         size of @p err
 * @return 0, or -1 (nothing of this message is left; earlier ones stay)
 */
int mailbox_add_data(struct mailbox_add *a, const char *data, size_t len, unsigned flags,
                     time_t internaldate, char *err, size_t errsz);

/**
 * @brief Add a copy of an existing message file (COPY, MOVE).
 *
 * A hard link when the file system allows it, else a copy of the octets
 * with the source's modification time.
 *
 * @param a      the batch
 * @param src    the path of the message file
 * @param flags  MAILFLAG_* bits for the copy's name
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0, or -1 (errno ENOENT when the source is gone or was renamed)
 */
int mailbox_add_file(struct mailbox_add *a, const char *src, unsigned flags, char *err,
                     size_t errsz);

/**
 * @brief Finish the batch: give every added message its UID and read
 *        them back (mailbox_added.uid, mailbox_add.uidvalidity).
 *
 * The messages are delivered whatever this returns; only the UIDs may
 * be missing (uid 0) when the scan fails.
 *
 * @param a      the batch
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0, or -1 when the mailbox could not be scanned
 */
int mailbox_add_commit(struct mailbox_add *a, char *err, size_t errsz);

/**
 * @brief Undo the batch: remove every message added, then free it.
 * @param a  the batch
 */
void mailbox_add_abort(struct mailbox_add *a);

/**
 * @brief Free the batch (after mailbox_add_commit(); the messages stay).
 * @param a  the batch (zeroed; freeing twice is fine)
 */
void mailbox_add_free(struct mailbox_add *a);

/**
 * @brief Write UIDs as a uid-set (RFC 4315 §3 / RFC 3501 §9), keeping
 *        their order: runs of consecutive ascending UIDs become `a:b`.
 *
 * `5 6 7 9 2` becomes `5:7,9,2`: COPYUID pairs its two sets by position,
 * so the order must survive.
 *
 * @param uids   the UIDs
 * @param n      how many (at least 1)
 * @return the text (malloc'd), or NULL when out of memory
 */
char *mailbox_uid_set(const uint32_t *uids, size_t n);

#endif /* MM_MAILBOX_ADD_H */
