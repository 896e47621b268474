/**
 * @file users.h
 * @brief The users file (Dovecot passwd-file form): who has a mailbox, and
 *        their password.
 *
 * @chapter{storing-mail}
 * @rfc none (the format is Dovecot's passwd-file; passwords use POSIX crypt(3))
 *
 * Both minimail servers read the same file: the SMTP server to know whose
 * mail it may accept (a recipient that is not a user gets `550 5.1.1`),
 * the IMAP server (later) to check a LOGIN.  The format is the one Dovecot
 * reads, so the same file works with Dovecot too:
 *
 * ```
 * # comments and blank lines are ignored
 * alice:{PLAIN}secret
 * bob:$6$salt$hash...                  (a crypt(3) hash: SHA-512 here)
 * carol:{SHA512-CRYPT}$6$salt$hash...  (the same, with its scheme named)
 * dave:                                (receives mail, cannot log in)
 * erin:{PLAIN}pw:1000:1000::/home/erin (uid, gid, ... : ignored, as Dovecot
 *                                       ignores them for mail delivery here)
 * ```
 *
 * A line is `USER:PASSWORD`, optionally followed by more `:`-separated
 * fields, which are ignored.  PASSWORD is `{SCHEME}DATA` or, without a
 * scheme, a crypt(3) hash.  Schemes understood: `PLAIN` (also spelled
 * `CLEAR`, `CLEARTEXT`), and `CRYPT`, `SHA512-CRYPT`, `SHA256-CRYPT`,
 * `MD5-CRYPT`, `BLF-CRYPT`, all checked through crypt(3), which recognises
 * the hash by its `$id$` prefix.  A user name may not be empty, start with
 * `.`, or contain `/` or control characters: it names the user's Maildir,
 * `ROOT/USER/`.
 */
#ifndef MM_USERS_H
#define MM_USERS_H

#include <stddef.h>

/** Room for an error message from this module, with its NUL. */
#define USERS_ERRLEN 320

/** How a password is stored in the users file. */
enum users_scheme {
    USERS_NONE = 0,  /**< empty password field: may receive mail, cannot log in */
    USERS_PLAIN,     /**< `{PLAIN}secret`: the password itself */
    USERS_CRYPT      /**< a crypt(3) hash such as `$6$salt$...` */
};

/** One line of the users file. */
struct users_entry {
    char *name;                 /**< the user name (also the Maildir name) */
    enum users_scheme scheme;   /**< how @ref secret is to be compared */
    char *secret;               /**< the password or hash (without `{SCHEME}`) */
};

/** A loaded users file. */
struct users {
    struct users_entry *entries;  /**< the users, in file order */
    size_t count;                 /**< how many */
};

/**
 * @brief Parse one line of a users file.
 *
 * On success the entry's strings are freshly allocated (free them with
 * users_entry_free()).
 *
 * @param line   the line, without its line end (a trailing CR is ignored)
 * @param entry  receives the entry
 * @param err    receives a message when the line is malformed (may be NULL)
 * @param errsz  size of @p err
 * @return 1 for a user line, 0 for a comment or blank line (nothing
 *         stored), -1 for a malformed line
 */
int users_parse_line(const char *line, struct users_entry *entry,
                     char *err, size_t errsz);

/**
 * @brief Is @p name usable as a user (and Maildir) name?
 *
 * Not empty, not starting with `.`, no `/`, no blanks or control
 * characters: a name that passes cannot leave the Maildir root
 * (`..`, `a/b`) or hide from a reader (`.x`).
 *
 * @param name  the name
 * @return 1 if valid, 0 if not
 */
int users_valid_name(const char *name);

/**
 * @brief Free the strings of one entry.
 * @param entry  an entry filled by users_parse_line()
 */
void users_entry_free(struct users_entry *entry);

/**
 * @brief Load a users file.
 *
 * Loading is strict: an unreadable file, a malformed line or a user named
 * twice is an error naming the file and line ("users.txt:3: ..."), so a
 * mistake shows when the server starts, not when mail bounces.
 *
 * @param path   the file
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return the users (free with users_free()), or NULL on failure
 */
struct users *users_load(const char *path, char *err, size_t errsz);

/**
 * @brief Free a users table.
 * @param u  from users_load() (NULL is fine)
 */
void users_free(struct users *u);

/**
 * @brief Find a user by name.
 *
 * An exact match wins; otherwise the first entry that matches ignoring
 * ASCII case.  RFC 5321 §2.4 lets a local part be case-sensitive but
 * advises against mailboxes that depend on case, and clients do change
 * case; the caller uses the entry's own spelling as the Maildir name, so
 * `Alice` and `alice` land in the same Maildir.
 *
 * @param u     the users (NULL finds nobody)
 * @param name  the name to look up
 * @return the entry, or NULL when there is no such user
 */
const struct users_entry *users_find(const struct users *u, const char *name);

/**
 * @brief Check a password against a user's entry.
 *
 * PLAIN passwords are compared in constant time (the time taken does not
 * tell an attacker how many leading characters were right); hashes are
 * checked by crypt(3) with the stored hash as the salt, and the result is
 * compared in constant time too.  Thread-safe: calls to crypt(3), whose
 * result lives in one buffer per process, take turns under a lock.
 *
 * @param e         the user's entry
 * @param password  the password offered
 * @return 1 when it matches, 0 when it does not (or the user has no
 *         password), -1 when crypt(3) failed (an unsupported hash)
 */
int users_check_password(const struct users_entry *e, const char *password);

/**
 * @brief Compare two byte strings in time that depends only on their lengths.
 *
 * @param a     one string
 * @param alen  its length
 * @param b     the other
 * @param blen  its length
 * @return 1 when equal, 0 otherwise
 */
int users_equal_ct(const char *a, size_t alen, const char *b, size_t blen);

#endif /* MM_USERS_H */
