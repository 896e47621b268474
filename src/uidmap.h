/**
 * @file uidmap.h
 * @brief Persistent IMAP UIDs for a Maildir: the per-mailbox UID map file,
 *        updated atomically under a lock.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1.1 (unique identifier, UIDVALIDITY, UIDNEXT);
 *      POSIX.1-2008 fcntl(2) record locks, rename(2), fsync(2)
 *
 * IMAP numbers the messages of a mailbox twice.  *Sequence numbers*
 * (1, 2, 3 ...) are positions and shift whenever a message goes away.
 * *UIDs* are names: a message keeps its UID for as long as it is in the
 * mailbox, UIDs only ever grow, and a UID is never given to another
 * message.  A client that remembers "I have seen up to UID 41" can ask
 * for `UID FETCH 42:*` next week -- provided the mailbox's UIDVALIDITY is
 * the same; if UIDs ever have to start over, the server must change
 * UIDVALIDITY so clients know to forget what they cached.
 *
 * Maildir has no UIDs: a message is just a file.  So the server keeps a
 * small map next to the messages, one per mailbox, in the mailbox's
 * directory (the Maildir for INBOX, `.Folder/` for a folder):
 *
 * ```
 * minimail-uidlist 1
 * uidvalidity 1732712345
 * uidnext 4
 * 1 1732712345.M123456P4711Q1.host,S=321,W=330
 * 3 1732712399.M654321P4712Q1.host,S=1024,W=1050
 * ```
 *
 * The first line names the format, the next two the mailbox's
 * UIDVALIDITY and the UID the next new message will get, then one line
 * per message: its UID and its *base name* (the file name up to the
 * `:2,` flags, which never changes while the flags do; see mailflags.h).
 * UID 2 is missing above: that message was expunged, and its UID is
 * never handed out again because `uidnext` only grows.
 *
 * Two sessions (two processes) may find new mail at the same moment, and
 * must not give two messages the same UID, or one message two UIDs.  So
 * the map is only read and written while holding an exclusive fcntl(2)
 * lock on a lock file, `minimail-uidlist.lock`, and it is replaced as a
 * whole: written to `minimail-uidlist.tmp`, fsync'ed, then rename(2)d
 * over the old map, and the directory fsync'ed.  A crash leaves either
 * the old map or the new one, never half of one.
 *
 * Dovecot keeps its own map (`dovecot-uidlist`) in the same directories
 * and ignores ours, and we ignore its: UIDs are per server, the messages
 * and their flags are shared.
 */
#ifndef MM_UIDMAP_H
#define MM_UIDMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/** The map's file name, in the mailbox's directory. */
#define UIDMAP_FILE "minimail-uidlist"
/** The lock file next to it. */
#define UIDMAP_LOCK_FILE "minimail-uidlist.lock"
/** The temporary file a new map is written to before the rename. */
#define UIDMAP_TMP_FILE "minimail-uidlist.tmp"
/** The file in the user's Maildir that remembers the last UIDVALIDITY
 *  handed out (uidmap_new_uidvalidity()). */
#define UIDMAP_VALIDITY_FILE "minimail-uidvalidity"

/** Room for an error message from this module, with its NUL. */
#define UIDMAP_ERRLEN 320

/** One message of a mailbox, as uidmap_scan() found it. */
struct uidmap_msg {
    uint32_t uid;           /**< its UID */
    char *name;             /**< its file name in new/ or cur/ (owned by the scan) */
    size_t base_len;        /**< length of the base name (the part before `:`) */
    unsigned char in_new;   /**< 1: the file is (still) in new/ */
    unsigned char moved;    /**< 1: this very scan moved it from new/ to cur/ */
    uint64_t order;         /**< uidmap_scan()'s sort key: the UID of a known
                                 message, above every UID the delivery time
                                 of a new one */
};

/** What the map file looked like at one moment: enough to tell, with one
 *  stat(2), that it has been rewritten since (uidmap_stamp()). */
struct uidmap_stamp {
    ino_t ino;                  /**< its inode: every rewrite makes a new file */
    off_t size;                 /**< its size */
    struct timespec mtime;      /**< its modification time */
    struct timespec ctime;      /**< its status change time (the rename) */
};

/** A mailbox's messages with their UIDs: the result of uidmap_scan(). */
struct uidmap_scan {
    uint32_t uidvalidity;   /**< the mailbox's UIDVALIDITY (never 0) */
    uint32_t uidnext;       /**< the UID the next new message will get */
    struct uidmap_msg *msgs;/**< the messages, sorted by UID */
    size_t count;           /**< how many */
    size_t added;           /**< messages that got a UID in this scan */
    size_t dropped;         /**< map lines dropped: their files are gone */
    int created;            /**< 1 when the map was made (new or unreadable) */
    struct uidmap_stamp stamp;  /**< the map as this scan left it (under the lock) */
};

/**
 * @brief Take the mailbox's UID map lock (blocking until it is free).
 *
 * An exclusive fcntl(2) lock on `DIR/minimail-uidlist.lock` (created
 * when missing).  Such locks belong to the *process* and vanish when it
 * closes *any* descriptor of the file, so this module opens the lock file
 * exactly once per lock and nothing else ever opens it.  uidmap_scan()
 * takes the lock itself; callers take it only to rename message files
 * (flag changes) without a scan seeing the file half-way, and to read the
 * directories for a quick look (mailbox_look.h) that no such rename
 * disturbs.
 *
 * @param dir    the mailbox's directory
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return the lock's descriptor (give it to uidmap_unlock()), or -1
 */
int uidmap_lock(const char *dir, char *err, size_t errsz);

/**
 * @brief Release a lock from uidmap_lock().
 * @param fd  the descriptor (-1 is ignored)
 */
void uidmap_unlock(int fd);

/**
 * @brief Choose a UIDVALIDITY for a mailbox whose map is being made.
 *
 * The time of day in seconds, as RFC 3501 §2.3.1.1 suggests -- but never
 * less than one more than the last value chosen for the same user (kept
 * in `ROOT/minimail-uidvalidity`, under an fcntl lock of that file), so
 * a mailbox deleted and created again within one second still gets a new
 * UIDVALIDITY, and clients drop what they cached of the old one.
 *
 * @param root  the user's Maildir (may be NULL: then only the clock counts)
 * @return a UIDVALIDITY, never 0
 */
uint32_t uidmap_new_uidvalidity(const char *root);

/**
 * @brief Read a mailbox's messages and give every one its UID, persistently.
 *
 * All of it under the lock:
 *
 * 1. read `new/`; when @p move_new, move each file to `cur/`, adding the
 *    empty flags `:2,` (maildir.txt), and remember the ones this call
 *    moved (they are \\Recent to this session only: a second session's
 *    rename(2) of the same file fails, so exactly one session moves it);
 * 2. read `cur/` (after `new/`, so a file another program moves in
 *    between is seen at least once; seen twice, it counts once);
 * 3. read the map, or start a new one with a new UIDVALIDITY when there
 *    is none or it cannot be parsed (every UID is new then, so
 *    UIDVALIDITY must change);
 * 4. match files and map lines by base name; each file not in the map
 *    gets the next UID, in delivery order: by the time in its name
 *    (seconds, then the microseconds of an `M` field, compared as
 *    numbers), then by name;
 * 5. map lines without a file: a file renamed by another program just
 *    while we read the directory may be missed by readdir(3) (POSIX
 *    leaves that unspecified), so the directories are read once more,
 *    and only a line whose file is missing from both reads is dropped;
 * 6. write the map back if anything changed.
 *
 * Names starting with `.` and names with a newline are not messages.
 *
 * @param dir       the mailbox's directory (holds cur/ new/ tmp/)
 * @param root      the user's Maildir, for uidmap_new_uidvalidity() (may be NULL)
 * @param move_new  1: move new/ to cur/ (SELECT); 0: leave new/ alone
 *                  (EXAMINE, STATUS: they must not take \\Recent away)
 * @param out       receives the messages (free with uidmap_scan_free())
 * @param err       receives a message on failure (may be NULL)
 * @param errsz     size of @p err
 * @return 0, or -1 on failure (errno ENOENT when the mailbox is gone)
 */
int uidmap_scan(const char *dir, const char *root, int move_new, struct uidmap_scan *out,
                char *err, size_t errsz);

/**
 * @brief Read the stamp of a mailbox's map: its inode, size and times.
 *
 * The map is only ever replaced whole (a new file renamed over the old
 * one, under the lock), so a map whose stamp is the one a session noted
 * at its last scan is the map that scan read or wrote.  A session that
 * finds the same stamp and the same messages in the directories needs
 * neither the map nor a new UID (mailbox_quick_look()).
 *
 * @param dir  the mailbox's directory
 * @param st   receives the stamp (all zero when there is no map)
 * @return 0, or -1 when there is no map or it cannot be read
 */
int uidmap_stamp(const char *dir, struct uidmap_stamp *st);

/**
 * @brief Are two stamps of a map the same?
 * @param a  one stamp
 * @param b  the other
 * @return 1 when every field is equal (and the map exists), else 0
 */
int uidmap_stamp_same(const struct uidmap_stamp *a, const struct uidmap_stamp *b);

/**
 * @brief Free the messages of a scan.
 * @param s  the scan (zeroed afterwards; freeing twice is fine)
 */
void uidmap_scan_free(struct uidmap_scan *s);

#endif /* MM_UIDMAP_H */
