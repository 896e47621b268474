/**
 * @file spool.h
 * @brief The mail queue on disk: a message waiting to be relayed is two
 *        files, its text and its envelope, written as durably as a
 *        Maildir delivery.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §6.1 (reliable delivery: "MUST NOT lose the message"),
 *      §4.5.4.1 (the sender's retry strategy); qmail maildir(5) (the
 *      tmp-fsync-rename discipline, reused here)
 *
 * When a relay says `250` to the final ".", the client forgets the
 * message: from then on the relay alone is responsible for it, and must
 * keep it until the next hop has taken it -- through crashes, restarts and
 * a next hop that is down for a day.  So the message goes to disk first,
 * into a *spool* directory:
 *
 * ```
 * SPOOL/
 *     tmp/        files being written (never read from here)
 *     msg/ID      the message, as it will be sent: CRLF line ends, our
 *                 Received: field on top
 *     env/ID      its envelope: sender, recipients and their state,
 *                 attempts, next try -- a small text file
 *     lock        held by the queue runner (one at a time)
 * ```
 *
 * The rule that makes it crash-safe: **an entry exists when, and only
 * when, its envelope is in env/.**  Each file is written in tmp/, fsync'ed,
 * renamed into place (rename(2) is atomic), and the directory fsync'ed --
 * the same steps as maildir.h.  The message goes first and the envelope
 * last, so a crash at any moment leaves either a whole entry or an orphan
 * message without an envelope, which the next start removes (it was never
 * acknowledged, so the client still has it).  Changing an envelope after
 * a delivery attempt writes a new one in tmp/ and renames it over the old
 * one: a reader sees the old envelope or the new one, never half of each.
 *
 * An envelope looks like this (fields separated by one TAB; the order of
 * the lines is fixed):
 *
 * ```
 * minimail-envelope 1
 * from	alice@alice.test
 * arrival	1795786238
 * attempts	2
 * next	1795786302
 * rcpt	P	bob@bob.test	smtp; 451 4.3.0 Try again later
 * rcpt	D	carol@bob.test
 * rcpt	F	dave@bob.test	smtp; 550 5.1.1 <dave@bob.test>: no such user
 * ```
 *
 * Each recipient is *P*ending (still to deliver), *D*elivered (the next
 * hop said 250 for it) or *F*ailed (bounced to the sender; never tried
 * again), with the last diagnostic.  `from` is empty for a bounce (the
 * null reverse-path).
 */
#ifndef MM_SPOOL_H
#define MM_SPOOL_H

#include <stddef.h>
#include <time.h>

#include "maildir.h"
#include "smtp_parse.h"

/** Room for a queue id (a Maildir unique name) with its NUL. */
#define SPOOL_ID_MAX MAILDIR_UNIQUE_MAX

/** Room for the diagnostic kept with a recipient, with its NUL. */
#define SPOOL_DIAG_MAX 400

/** Room for an error message from this module, with its NUL. */
#define SPOOL_ERRLEN 400

/** What became of one recipient of a queued message. */
enum spool_rcpt_state {
    SPOOL_PENDING = 'P',    /**< not delivered yet: the runner will try */
    SPOOL_DELIVERED = 'D',  /**< the next hop accepted it */
    SPOOL_FAILED = 'F'      /**< given up: a bounce was sent (or none was due) */
};

/** One recipient of a queued message. */
struct spool_rcpt {
    char addr[SMTP_PATH_MAX + 1];   /**< the address, as in RCPT TO */
    enum spool_rcpt_state state;    /**< pending, delivered or failed */
    char diag[SPOOL_DIAG_MAX];      /**< the last reply or error, "" if none */
};

/** The envelope of one queued message. */
struct spool_entry {
    char id[SPOOL_ID_MAX];          /**< the queue id: file name in msg/ and env/ */
    char from[SMTP_PATH_MAX + 1];   /**< the reverse-path ("" for <>) */
    time_t arrival;                 /**< when we accepted it */
    unsigned attempts;              /**< delivery attempts so far */
    time_t next_try;                /**< not before this time */
    struct spool_rcpt *rcpt;        /**< the recipients (malloc'ed) */
    size_t nrcpt;                   /**< how many */
};

/** An open spool directory. */
struct spool {
    char dir[PATH_MAX];             /**< SPOOL */
};

/**
 * @brief Open a spool: create SPOOL, tmp/, msg/ and env/ when missing.
 *
 * @param sp     receives the spool
 * @param dir    the spool directory
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on failure
 */
int spool_open(struct spool *sp, const char *dir, char *err, size_t errsz);

/**
 * @brief Queue a message, step 1: write the message file and the envelope
 *        into the spool, durably, but do not make the entry visible yet.
 *
 * The message file is `head` followed by `data`, both written unchanged
 * (the caller passes CRLF line ends: the spool keeps the wire form).
 * The envelope is written and fsync'ed in tmp/.  After this call either
 * spool_commit() makes the entry exist, or spool_discard() removes it.
 *
 * @param sp     the spool
 * @param e      the envelope: from, rcpt, nrcpt, arrival, next_try and
 *               attempts are written as given; id too, unless it is "":
 *               then a fresh one (a Maildir unique name) is made here
 * @param head   octets to write first (our Received: field), may be NULL
 * @param hlen   their length
 * @param data   the message
 * @param len    its length
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on failure (nothing is left behind; errno set)
 */
int spool_prepare(struct spool *sp, struct spool_entry *e, const char *head, size_t hlen,
                  const char *data, size_t len, char *err, size_t errsz);

/**
 * @brief Queue a message, step 2: rename the envelope into env/ and fsync
 *        env/.  From now on the entry exists and survives a crash.
 * @param sp     the spool
 * @param e      the entry from spool_prepare()
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on failure (then call spool_discard())
 */
int spool_commit(struct spool *sp, const struct spool_entry *e, char *err, size_t errsz);

/**
 * @brief Remove whatever spool_prepare() wrote for @p id (not committed).
 * @param sp  the spool
 * @param id  the queue id
 */
void spool_discard(struct spool *sp, const char *id);

/**
 * @brief Both steps at once: prepare and commit (for bounces).
 * @param sp     the spool
 * @param e      the envelope (as for spool_prepare())
 * @param data   the message (CRLF line ends)
 * @param len    its length
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on failure (nothing left behind)
 */
int spool_enqueue(struct spool *sp, struct spool_entry *e, const char *data, size_t len,
                  char *err, size_t errsz);

/**
 * @brief List the queued entries (the names in env/), oldest name first.
 * @param sp   the spool
 * @param ids  receives a malloc'ed array of malloc'ed ids (free with
 *             spool_free_ids())
 * @param n    receives how many
 * @return 0 on success, -1 on failure
 */
int spool_list(struct spool *sp, char ***ids, size_t *n);

/**
 * @brief Free a list from spool_list().
 * @param ids  the array
 * @param n    its length
 */
void spool_free_ids(char **ids, size_t n);

/**
 * @brief Read an envelope.
 * @param sp     the spool
 * @param id     the queue id
 * @param e      receives the envelope (free with spool_entry_free())
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 if it is missing or malformed
 */
int spool_load(struct spool *sp, const char *id, struct spool_entry *e,
               char *err, size_t errsz);

/**
 * @brief Replace an entry's envelope, atomically and durably (after a
 *        delivery attempt).
 * @param sp     the spool
 * @param e      the new envelope
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on failure (the old envelope is still there)
 */
int spool_save(struct spool *sp, const struct spool_entry *e, char *err, size_t errsz);

/**
 * @brief Remove an entry: the envelope first (durably), then the message.
 * @param sp  the spool
 * @param id  the queue id
 * @return 0 on success, -1 if the envelope could not be removed
 */
int spool_remove(struct spool *sp, const char *id);

/**
 * @brief Read a queued message into memory.
 * @param sp   the spool
 * @param id   the queue id
 * @param len  receives its length
 * @return the message (malloc'ed, NUL added after it), or NULL
 */
char *spool_read_message(struct spool *sp, const char *id, size_t *len);

/**
 * @brief Remove leftovers of interrupted writes: files in tmp/ and
 *        messages without an envelope, when older than @p min_age seconds.
 *
 * Called when the server starts.  The age limit protects a session of an
 * older server process that may still be writing its entry.
 *
 * @param sp       the spool
 * @param min_age  seconds a leftover must have been untouched
 * @return how many files were removed
 */
int spool_clean(struct spool *sp, time_t min_age);

/**
 * @brief Take the queue runner's lock (SPOOL/lock, fcntl(2), non-blocking).
 *
 * The kernel releases an fcntl lock when its process ends, even by
 * SIGKILL, so a crashed runner never leaves the queue locked.
 *
 * @param sp  the spool
 * @return a descriptor holding the lock (close it to release), or -1 when
 *         another process holds it or it could not be taken
 */
int spool_lock(struct spool *sp);

/**
 * @brief Free the recipients of an envelope.
 * @param e  the envelope
 */
void spool_entry_free(struct spool_entry *e);

/**
 * @brief Count the recipients of an envelope in a state.
 * @param e      the envelope
 * @param state  the state
 * @return how many
 */
size_t spool_count(const struct spool_entry *e, enum spool_rcpt_state state);

#endif /* MM_SPOOL_H */
