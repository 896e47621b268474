/**
 * @file maildir.h
 * @brief Durable delivery of one message into a Maildir: tmp/, fsync, new/.
 *
 * @chapter{storing-mail}
 * @rfc qmail maildir(5) ("HOW A MESSAGE IS DELIVERED"), Courier Maildir++
 *      ("Delivering to a Maildir++": the ,S=size name suffix), RFC 5321 §6.1
 *      (a server that says 250 has taken responsibility for the message)
 *
 * A Maildir is a directory with three subdirectories, `tmp/`, `new/` and
 * `cur/`, all on one file system.  Every message is a file of its own, so
 * nothing ever needs a lock: a delivery writes a fresh file under a unique
 * name in `tmp/`, forces it to the disk, and then moves it (rename(2)) into
 * `new/`.  A reader (Dovecot, mutt, our IMAP server) only looks at `new/`
 * and `cur/`, so it sees a message either complete or not at all.
 *
 * One delivery is a small state machine:
 *
 * | call                 | what happens on disk                               |
 * |----------------------|----------------------------------------------------|
 * | maildir_begin()      | `tmp/UNIQUE` created (O_EXCL, mode 0600)           |
 * | maildir_write(), maildir_write_crlf() | bytes appended to it              |
 * | maildir_sync()       | fsync(2) + close(2) of the file: the bytes are on disk |
 * | maildir_commit()     | renamed to `new/UNIQUE,S=..,W=..`, fsync of `new/` |
 * | maildir_abort()      | whatever exists is removed again                   |
 *
 * Only after maildir_commit() has returned 0 may the SMTP server answer 250
 * to the final "." (RFC 5321 §6.1: "the receiver-SMTP MUST NOT lose the
 * message for frivolous reasons").  Splitting sync from commit lets a
 * delivery to several recipients write and sync every copy first and make
 * them all visible only when every copy is safe (see delivery.h).
 *
 * Messages are stored with LF line ends, as Postfix, Dovecot's LDA and
 * qmail store them and as mutt and Dovecot expect to read them; the wire's
 * CRLF is turned into LF by maildir_write_crlf().  Every other byte,
 * 8-bit or not, is stored unchanged.
 */
#ifndef MM_MAILDIR_H
#define MM_MAILDIR_H

#include <limits.h>
#include <stddef.h>

#ifndef PATH_MAX
/** Longest path this module handles (POSIX leaves PATH_MAX optional). */
#define PATH_MAX 4096
#endif

/** Room for a unique name (time.M<usec>P<pid>Q<n>.host) with its NUL. */
#define MAILDIR_UNIQUE_MAX 256

/** Room for an error message from this module, with its NUL. */
#define MAILDIR_ERRLEN 320

/** Where a delivery stands (see the table in the file comment). */
enum maildir_state {
    MAILDIR_IDLE = 0,   /**< nothing on disk (never begun, or cleaned up) */
    MAILDIR_WRITING,    /**< tmp file open, bytes being appended */
    MAILDIR_SYNCED,     /**< tmp file complete, fsync'ed and closed */
    MAILDIR_COMMITTED   /**< the message is in new/ and durable */
};

/** One message on its way into one Maildir. */
struct maildir_delivery {
    enum maildir_state state;           /**< where the delivery stands */
    int fd;                             /**< the tmp file while writing, else -1 */
    int pending_cr;                     /**< maildir_write_crlf(): a CR seen at the end
                                             of the last chunk, not yet written */
    unsigned long long size;            /**< bytes in the file so far */
    unsigned long long lfs;             /**< LFs in the file with no CR before them: each
                                             is one octet more in W= (see maildir_commit()) */
    int last_cr;                        /**< the last byte written was a CR */
    char unique[MAILDIR_UNIQUE_MAX];    /**< the unique part of the file name */
    char dir[PATH_MAX];                 /**< the Maildir (holds tmp/ new/ cur/) */
    char tmp_path[PATH_MAX];            /**< DIR/tmp/UNIQUE */
    char new_path[PATH_MAX];            /**< DIR/new/UNIQUE,S=..,W=.. once committed */
    char err[MAILDIR_ERRLEN];           /**< what went wrong, for the log */
    int err_errno;                      /**< errno of the failure (0 if none) */
};

/**
 * @brief Make sure @p dir is a Maildir: create it and tmp/, new/, cur/.
 *
 * Missing directories along the path are created too (like `mkdir -p`),
 * with mode 0700: mail is private.  After creating a directory its parent
 * is fsync'ed, so that a Maildir created just before a delivery survives a
 * crash together with the delivery.  Existing directories are left alone.
 *
 * @param dir    the Maildir, e.g. "/var/mail/alice" (the user's INBOX)
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 when the Maildir exists, -1 on failure (errno set)
 */
int maildir_make(const char *dir, char *err, size_t errsz);

/**
 * @brief Make sure the Maildir *root* (the directory that holds every
 *        user's Maildir, a server's `--maildir-root`) is usable.
 *
 * It must be a directory the server can write into; when it is missing it
 * is created, one level only (mode 0700), so that a typing mistake in a
 * long path is reported rather than silently creating a tree.  Servers call
 * this once at start, so that a bad root is an error at start-up, not a
 * 451 on the first delivery.
 *
 * @param root   the directory
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 1 when it was created, 0 when it was there, -1 on failure
 */
int maildir_root_ready(const char *root, char *err, size_t errsz);

/**
 * @brief Build a fresh unique file name: `SECONDS.M<usec>P<pid>Q<n>.HOST`.
 *
 * This is the form Dovecot writes.  Seconds and microseconds of the clock,
 * the process id and a per-process counter make the name unique on this
 * host (a forked session has its own pid; two deliveries in one process
 * differ by the counter even within one microsecond, also when they are
 * sessions running as threads: the counter is atomic); the host name makes
 * it unique across hosts sharing the Maildir over NFS.  In the host name
 * `/` becomes `\057` and `:` becomes `\072`, as maildir(5) asks, because
 * `/` separates paths and `:` starts the flags part of a name in cur/.
 *
 * Thread-safe: sessions that run as threads of one process may call it
 * at the same time.
 *
 * @param buf    receives the name
 * @param bufsz  size of @p buf (MAILDIR_UNIQUE_MAX is enough)
 * @return 0 on success, -1 if it does not fit
 */
int maildir_unique(char *buf, size_t bufsz);

/**
 * @brief Start a delivery: create `DIR/tmp/UNIQUE` for writing.
 *
 * The Maildir must exist (maildir_make()).  The file is created with
 * O_CREAT|O_EXCL, so an existing file of the same name is never
 * overwritten: a clash fails with EEXIST instead.
 *
 * @param d    the delivery (any previous content is overwritten)
 * @param dir  the Maildir
 * @return 0 on success, -1 on failure (d->err and errno tell why)
 */
int maildir_begin(struct maildir_delivery *d, const char *dir);

/**
 * @brief Append bytes to the message, unchanged.
 *
 * Used for the trace header lines this server writes itself (which end in
 * LF already).
 *
 * @param d    a delivery in MAILDIR_WRITING
 * @param buf  the bytes
 * @param len  how many
 * @return 0 on success, -1 on failure (the delivery is then aborted)
 */
int maildir_write(struct maildir_delivery *d, const void *buf, size_t len);

/**
 * @brief Append bytes as received on the wire, turning each CRLF into LF.
 *
 * A CR at the very end of @p buf is held back until the next call (or
 * maildir_sync()) shows whether an LF follows, so the message may arrive
 * in chunks split anywhere.  A CR not followed by LF, and an LF not
 * preceded by CR, are stored as they are.
 *
 * @param d    a delivery in MAILDIR_WRITING
 * @param buf  the bytes
 * @param len  how many
 * @return 0 on success, -1 on failure (the delivery is then aborted)
 */
int maildir_write_crlf(struct maildir_delivery *d, const void *buf, size_t len);

/**
 * @brief Finish writing: flush a held-back CR, fsync(2) and close(2).
 *
 * Both results are checked, as maildir(5) asks ("NFS-writing"): a full
 * disk or an I/O error may show only here.
 *
 * @param d  a delivery in MAILDIR_WRITING
 * @return 0 when the file is safely on disk, -1 on failure (aborted)
 */
int maildir_sync(struct maildir_delivery *d);

/**
 * @brief Deliver: give the file its name in new/ and make that durable.
 *
 * The name in new/ is `UNIQUE,S=<size>,W=<size with CRLF>`: S= is the
 * size of the file (Maildir++), W= the size an IMAP client will see with
 * CRLF line ends (a Dovecot extension); readers use them to avoid a
 * stat(2) or a scan, and other readers ignore them.  The file is
 * rename(2)d from tmp/ into new/ in one atomic step (maildir(5) says
 * link(2) + unlink(2), which never replaces an existing file; the unique
 * name makes a clash impossible, and Courier's Maildir++ and Dovecot
 * rename).  Then `new/` is fsync'ed: only then is the new directory entry
 * itself on disk.
 *
 * @param d  a delivery in MAILDIR_SYNCED
 * @return 0 when the message is delivered, -1 on failure (aborted)
 */
int maildir_commit(struct maildir_delivery *d);

/**
 * @brief Undo a delivery that will not be acknowledged.
 *
 * Closes and removes the tmp file; for a committed delivery, removes the
 * file from new/ again (used when another copy of the same message
 * failed, so the client will retry: better no copy than a duplicate).
 * Safe to call in any state, and more than once.
 *
 * @param d  the delivery
 */
void maildir_abort(struct maildir_delivery *d);

/**
 * @brief Deliver a whole message held in memory (begin, write, sync, commit).
 *
 * @param dir       the Maildir (created when missing)
 * @param msg       the message, with LF line ends
 * @param len       its length
 * @param path_out  receives the path of the file in new/ (may be NULL)
 * @param pathsz    size of @p path_out
 * @param err       receives a message on failure (may be NULL)
 * @param errsz     size of @p err
 * @return 0 when delivered, -1 on failure (nothing is left behind)
 */
int maildir_deliver(const char *dir, const void *msg, size_t len,
                    char *path_out, size_t pathsz, char *err, size_t errsz);

#endif /* MM_MAILDIR_H */
