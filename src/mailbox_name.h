/**
 * @file mailbox_name.h
 * @brief IMAP mailbox names and the Maildir++ folders they name: checking,
 *        mapping to directories, and LIST's wildcards.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §5.1 (mailbox naming), §5.1.1 (hierarchy), §5.1.3
 *      (modified UTF-7), §6.3.8 (LIST wildcards `*` and `%`); Courier
 *      Maildir++ ("Folders"); Dovecot's Maildir++ layout
 *
 * An IMAP client names a mailbox with a string such as `INBOX`,
 * `Archive.2024` or `Caf&AOk-`.  On disk, a user's mail is one Maildir
 * (`ROOT/USER/`), and every other mailbox is a Maildir++ *folder*: a
 * subdirectory of it whose name is a `.` followed by the mailbox name:
 *
 * | IMAP name      | directory                     |
 * |----------------|-------------------------------|
 * | `INBOX` (any case) | `ROOT/USER/`              |
 * | `Sent`         | `ROOT/USER/.Sent/`            |
 * | `Archive.2024` | `ROOT/USER/.Archive.2024/`    |
 * | `INBOX.Lists`  | `ROOT/USER/.INBOX.Lists/`     |
 * | `Caf&AOk-` (Café) | `ROOT/USER/.Caf&AOk-/`     |
 *
 * Maildir++ folders do not nest on disk: the hierarchy lives in the
 * names, with `.` as the *hierarchy delimiter* (RFC 3501 §5.1.1), so
 * `Archive.2024` is a child of `Archive` even though `.Archive.2024/`
 * sits next to `.Archive/` (which need not even exist).  This is the
 * layout Dovecot uses by default for `maildir:`, so the same Maildir
 * works with both servers.  Names are stored on disk exactly as they
 * travel in IMAP, in modified UTF-7 (RFC 3501 §5.1.3) -- Dovecot does
 * the same: a folder it creates as `Café` is the directory `.Caf&AOk-`.
 *
 * Because the name becomes a path component, checking it is a security
 * matter.  mbname_check() admits only names that map to exactly one
 * directory *inside* the user's Maildir: no `/`, no empty components (so
 * no leading or trailing `.` and no `..`), no control or 8-bit octets,
 * no leading `~`, no wildcards, valid modified UTF-7, at most
 * #MBNAME_MAX octets.  Everything this module builds starts from a
 * checked name, so a client can never name a file outside its Maildir.
 */
#ifndef MM_MAILBOX_NAME_H
#define MM_MAILBOX_NAME_H

#include <stddef.h>

/** The hierarchy delimiter of Maildir++ (RFC 3501 §5.1.1). */
#define MBNAME_DELIM '.'

/** Longest mailbox name accepted, in octets.  The directory name is one
 *  octet longer (the leading `.`) and must stay below NAME_MAX (255 on
 *  most systems) with room to spare. */
#define MBNAME_MAX 200

/** Room for a canonical mailbox name, with its NUL. */
#define MBNAME_BUFSZ (MBNAME_MAX + 1)

/** Why a name was refused (mbname_check()); #MBNAME_OK when it was not. */
enum mbname_error {
    MBNAME_OK = 0,          /**< the name is fine */
    MBNAME_EMPTY,           /**< "" names nothing */
    MBNAME_TOO_LONG,        /**< more than #MBNAME_MAX octets */
    MBNAME_CONTROL,         /**< NUL, another control octet, or DEL */
    MBNAME_8BIT,            /**< an octet above 0x7f (names are 7-bit: use modified UTF-7) */
    MBNAME_SLASH,           /**< `/` would be a path separator on disk */
    MBNAME_EMPTY_COMPONENT, /**< a leading, trailing or doubled `.` (this covers `..`) */
    MBNAME_TILDE,           /**< a leading `~` (a home directory to a shell or a mail client) */
    MBNAME_WILDCARD,        /**< `*` or `%`, LIST's wildcards */
    MBNAME_BAD_MUTF7        /**< `&` that does not start valid modified UTF-7 */
};

/**
 * @brief Check a mailbox name and put it in canonical form.
 *
 * The canonical form differs from the name only in its first component:
 * `INBOX` in any case becomes `INBOX` (RFC 3501 §5.1: "The case-insensitive
 * mailbox name INBOX is a special name"), so `inbox`, `Inbox.Lists` and
 * `INBOX.Lists` name what they should.  Everything else is
 * case-sensitive, as the file system is.
 *
 * The name is given with its length because it may come from a literal,
 * which can hold a NUL octet; such a name is refused (#MBNAME_CONTROL).
 *
 * @param name     the name, as the client sent it (after un-quoting)
 * @param len      its length in octets
 * @param canon    receives the canonical name, NUL-terminated (may be
 *                 NULL to check only); untouched on failure
 * @param canonsz  size of @p canon (#MBNAME_BUFSZ is always enough)
 * @return #MBNAME_OK, or the first problem found
 */
enum mbname_error mbname_check(const char *name, size_t len, char *canon, size_t canonsz);

/**
 * @brief A short English reason for a refusal, for the NO response.
 * @param err  a result of mbname_check()
 * @return static text such as "Name must not contain '/'"
 */
const char *mbname_strerror(enum mbname_error err);

/**
 * @brief Is @p name the INBOX (ignoring case)?
 * @param name  a mailbox name
 * @return 1 or 0
 */
int mbname_is_inbox(const char *name);

/**
 * @brief Check modified UTF-7 (RFC 3501 §5.1.3).
 *
 * Outside a shift, every octet must be printable US-ASCII (0x20-0x7e).
 * `&-` stands for `&`; any other `&` starts a shift: modified BASE64
 * (`A-Z a-z 0-9 + ,`) of UTF-16, ended by `-`.  A shift must not be
 * empty, must hold whole UTF-16 units with zero padding bits, must pair
 * its surrogates, must not encode printable US-ASCII (which has to be
 * written as itself), and must not directly follow another shift (the two
 * should have been one).
 *
 * @param s    the octets
 * @param len  how many
 * @return 1 when valid, 0 when not
 */
int mbname_valid_mutf7(const char *s, size_t len);

/**
 * @brief The directory of a mailbox.
 *
 * `INBOX` is the Maildir itself; any other (canonical, checked) name
 * `N` is `MAILDIR/.N`.  The name is not checked again: pass only names
 * that mbname_check() accepted.
 *
 * @param maildir  the user's Maildir, e.g. "/var/mail/alice"
 * @param canon    a canonical mailbox name
 * @param out      receives the path
 * @param outsz    its size
 * @return 0, or -1 when the path does not fit
 */
int mbname_to_dir(const char *maildir, const char *canon, char *out, size_t outsz);

/**
 * @brief The mailbox a directory entry of the Maildir stands for.
 *
 * `.N` is the folder `N` when `N` passes mbname_check() and is already
 * canonical (a directory `.inbox.x` or `.INBOX` would name a mailbox that
 * SELECT could never reach, so it is not a folder); anything else --
 * `cur`, `new`, `tmp`, `.`, `..`, files, `.a..b` -- is not.  Whether the
 * entry is a directory is the caller's business.
 *
 * @param entry  a name read from the Maildir with readdir(3)
 * @param out    receives the mailbox name (#MBNAME_BUFSZ is enough)
 * @param outsz  its size
 * @return 0 when @p entry is a folder, -1 when it is not
 */
int mbname_from_dirent(const char *entry, char *out, size_t outsz);

/**
 * @brief Does a LIST pattern match a mailbox name (RFC 3501 §6.3.8)?
 *
 * `*` matches any run of octets (the delimiter included), `%` any run
 * without the delimiter @p delim; other octets match themselves --
 * except that the INBOX component of a name (its first five octets when
 * it is `INBOX` or starts with `INBOX.`) matches ignoring case, since
 * `INBOX` is case-insensitive everywhere.  The match is a dynamic
 * programme over pattern and name, O(pattern x name) in time whatever
 * the pattern (a naive backtracking matcher takes exponential time on
 * `*%*%*%*%x`).
 *
 * @param pattern  the pattern (reference and mailbox argument joined)
 * @param name     a canonical mailbox name
 * @param delim    the hierarchy delimiter
 * @return 1 on a match, 0 otherwise (also when out of memory)
 */
int mbname_match(const char *pattern, const char *name, char delim);

#endif /* MM_MAILBOX_NAME_H */
