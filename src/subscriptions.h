/**
 * @file subscriptions.h
 * @brief The subscribed mailbox names of a user (SUBSCRIBE, UNSUBSCRIBE,
 *        LSUB), kept in Dovecot's `subscriptions` file.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.6 (SUBSCRIBE), §6.3.7 (UNSUBSCRIBE), §6.3.9 (LSUB)
 *
 * A subscription is a bookmark: the client's list of the mailboxes it
 * wants to see, kept on the server so every client of the user shares
 * it.  It is only a list of names -- RFC 3501 §6.3.6 says the server
 * "MUST NOT unilaterally remove an existing mailbox name from the
 * subscription list even if a mailbox by that name no longer exists".
 *
 * The list lives in the file `subscriptions` at the top of the user's
 * Maildir, in the form Dovecot 2.x writes, so both servers share it:
 *
 * ```
 * V<TAB>2
 * <empty line>
 * INBOX
 * Archive<TAB>2024        (the name Archive.2024: TAB separates levels)
 * ```
 *
 * A file without the `V` header (Dovecot 1.x, Courier) is read as one
 * name per line, with `.` as the delimiter.  The file is rewritten as a
 * whole (tmp file, fsync, rename) under an fcntl lock of
 * `minimail-subscriptions.lock`, so concurrent sessions of ours never
 * lose each other's changes.
 */
#ifndef MM_SUBSCRIPTIONS_H
#define MM_SUBSCRIPTIONS_H

#include <stddef.h>

/** The file's name, in the user's Maildir. */
#define SUBS_FILE "subscriptions"
/** Our lock file next to it. */
#define SUBS_LOCK_FILE "minimail-subscriptions.lock"

/** Room for an error message from this module, with its NUL. */
#define SUBS_ERRLEN 320

/** The subscribed names of a user. */
struct subs {
    char **names;   /**< canonical mailbox names, in file order */
    size_t n;       /**< how many */
};

/**
 * @brief Read the subscriptions (a missing file is an empty list).
 *
 * Names that fail mbname_check() are skipped; `inbox` becomes `INBOX`.
 *
 * @param maildir  the user's Maildir
 * @param out      receives the names (free with subs_free())
 * @param err      receives a message on failure (may be NULL)
 * @param errsz    size of @p err
 * @return 0, or -1 when the file exists but cannot be read
 */
int subs_read(const char *maildir, struct subs *out, char *err, size_t errsz);

/**
 * @brief Is @p name subscribed?
 * @param s     the list
 * @param name  a canonical name
 * @return 1 or 0
 */
int subs_contains(const struct subs *s, const char *name);

/**
 * @brief Subscribe (@p on = 1) or unsubscribe (@p on = 0) one name.
 *
 * Under the lock: read, add or remove, write back (only if it changed).
 * Subscribing twice or unsubscribing a name not subscribed is not an
 * error (Dovecot answers OK too).
 *
 * @param maildir  the user's Maildir
 * @param name     a canonical name
 * @param on       1 to subscribe, 0 to unsubscribe
 * @param err      receives a message on failure (may be NULL)
 * @param errsz    size of @p err
 * @return 0, or -1 on failure
 */
int subs_set(const char *maildir, const char *name, int on, char *err, size_t errsz);

/**
 * @brief Free a list from subs_read().
 * @param s  the list (zeroed; freeing twice is fine)
 */
void subs_free(struct subs *s);

#endif /* MM_SUBSCRIPTIONS_H */
