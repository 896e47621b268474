/**
 * @file folders.h
 * @brief The mailboxes of one user's Maildir++: listing them with their
 *        hierarchy, creating, deleting and renaming them.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §5.1.1 (hierarchy), §6.3.3 (CREATE), §6.3.4 (DELETE),
 *      §6.3.5 (RENAME), §6.3.8 (LIST attributes); RFC 3348 (CHILDREN:
 *      \\HasChildren, \\HasNoChildren); Courier Maildir++ ("Folders")
 *
 * A user's mailboxes are INBOX (the Maildir itself) and one directory
 * `.NAME` per folder.  Because Maildir++ keeps the hierarchy in the
 * names, a level of the hierarchy may exist without a directory of its
 * own: with only `.Archive.2024/` on disk, `Archive` is still a name --
 * the parent of `Archive.2024` -- but nothing can be selected there.
 * IMAP calls such a name `\Noselect` (RFC 3501 §6.3.8), and that is how
 * folders_list() reports it.  Dovecot shows the same Maildir the same way.
 *
 * | on disk                         | folders_list()                          |
 * |---------------------------------|-----------------------------------------|
 * | the Maildir                     | `INBOX` (always; \\HasChildren if `.INBOX.x` exists) |
 * | `.Sent/`                        | `Sent`                                  |
 * | `.Archive.2024/` (no `.Archive/`) | `Archive` \\Noselect, `Archive.2024`  |
 * | `..minimail-deleted-*`, `.a..b`, files | nothing (not folder names)       |
 *
 * The operations follow RFC 3501 and, where it leaves a choice, Dovecot:
 *
 * - **create**: `mkdir .NAME` (its existence check and creation are one
 *   atomic step), then `tmp/ new/ cur/` and the empty `maildirfolder`
 *   file Maildir++ asks for.  Superior levels are *not* created:
 *   Maildir++ does not need them (they show as \\Noselect), exactly as
 *   in Dovecot; a client can still CREATE them later.
 * - **delete**: the directory is first renamed out of sight
 *   (`..minimail-deleted-PID-NAME`, which is no folder name), then
 *   removed with everything in it; its inferiors are separate
 *   directories and stay, so a name with children becomes \\Noselect,
 *   as RFC 3501 §6.3.4 prescribes.  A \\Noselect name with children
 *   cannot be deleted (there is nothing to delete).
 * - **rename**: the directory and every inferior's directory are renamed
 *   (`.A` -> `.B`, `.A.x` -> `.B.x`); all targets are checked first.
 *   Renaming INBOX moves its messages into the new folder and leaves
 *   INBOX empty; INBOX's inferiors stay where they are (§6.3.5).
 */
#ifndef MM_FOLDERS_H
#define MM_FOLDERS_H

#include <stddef.h>

/** Room for an error message from this module, with its NUL. */
#define FOLDERS_ERRLEN 320

/** The file Maildir++ puts into every folder (but not into INBOX). */
#define FOLDERS_MARKER "maildirfolder"

/** One name of the hierarchy. */
struct folder {
    char *name;                 /**< the canonical mailbox name */
    unsigned char selectable;   /**< 1: a mailbox; 0: only a level of the hierarchy (\\Noselect) */
    unsigned char children;     /**< 1: some other name has this one as its prefix + `.` */
};

/** All names of a user's hierarchy. */
struct folder_list {
    struct folder *f;           /**< INBOX first, then the others in byte order */
    size_t n;                   /**< how many */
};

/** What a folder operation found (besides success). */
enum folder_result {
    FOLDER_OK = 0,          /**< done */
    FOLDER_EXISTS,          /**< the (target) name exists already: NO [ALREADYEXISTS] */
    FOLDER_NONEXISTENT,     /**< no such mailbox: NO [NONEXISTENT] */
    FOLDER_NOSELECT,        /**< the name exists only as a level of the hierarchy */
    FOLDER_INBOX,           /**< not allowed for INBOX (DELETE INBOX) */
    FOLDER_ERROR            /**< a system error (see the message) */
};

/**
 * @brief List every name of the user's hierarchy (for LIST and LSUB).
 *
 * Reads the Maildir once: INBOX, every directory `.NAME` whose NAME
 * mbname_from_dirent() accepts, and every superior level of those names
 * that has no directory (not selectable).  Each name knows whether it has
 * children.
 *
 * @param maildir  the user's Maildir
 * @param out      receives the names (free with folders_free())
 * @param err      receives a message on failure (may be NULL)
 * @param errsz    size of @p err
 * @return 0, or -1 on failure
 */
int folders_list(const char *maildir, struct folder_list *out, char *err, size_t errsz);

/**
 * @brief Find a name in a list.
 * @param l     the list
 * @param name  a canonical name
 * @return the entry, or NULL
 */
const struct folder *folders_find(const struct folder_list *l, const char *name);

/**
 * @brief Free a list from folders_list().
 * @param l  the list (zeroed; freeing twice is fine)
 */
void folders_free(struct folder_list *l);

/**
 * @brief Does a mailbox exist, and can it be selected?
 *
 * INBOX always exists (the Maildir is created at login).  A folder
 * exists when its directory has a `cur/`; a name that is only a level of
 * the hierarchy gives #FOLDER_NOSELECT.
 *
 * @param maildir  the user's Maildir
 * @param name     a canonical mailbox name
 * @return #FOLDER_OK (selectable), #FOLDER_NOSELECT or #FOLDER_NONEXISTENT
 */
enum folder_result folder_status(const char *maildir, const char *name);

/**
 * @brief CREATE: make a folder.
 * @param maildir  the user's Maildir
 * @param name     a canonical mailbox name (its trailing delimiter, if
 *                 the client sent one, already removed)
 * @param err      receives a message on #FOLDER_ERROR (may be NULL)
 * @param errsz    size of @p err
 * @return #FOLDER_OK, #FOLDER_EXISTS (INBOX too) or #FOLDER_ERROR
 */
enum folder_result folder_create(const char *maildir, const char *name,
                                 char *err, size_t errsz);

/**
 * @brief DELETE: remove a folder and its messages.
 * @param maildir  the user's Maildir
 * @param name     a canonical mailbox name
 * @param err      receives a message on #FOLDER_ERROR (may be NULL)
 * @param errsz    size of @p err
 * @return #FOLDER_OK, #FOLDER_INBOX, #FOLDER_NONEXISTENT, #FOLDER_NOSELECT
 *         (a \\Noselect name with children) or #FOLDER_ERROR
 */
enum folder_result folder_delete(const char *maildir, const char *name,
                                 char *err, size_t errsz);

/**
 * @brief RENAME: give a folder and its inferiors a new name.
 *
 * @p from may be a \\Noselect level (then only its inferiors move), or
 * INBOX (then its messages move into a new folder @p to).
 *
 * @param maildir  the user's Maildir
 * @param from     the existing canonical name
 * @param to       the new canonical name
 * @param err      receives a message on #FOLDER_ERROR (may be NULL)
 * @param errsz    size of @p err
 * @return #FOLDER_OK, #FOLDER_NONEXISTENT (@p from), #FOLDER_EXISTS (@p to,
 *         or one of the inferiors' new names, or @p to is INBOX) or
 *         #FOLDER_ERROR
 */
enum folder_result folder_rename(const char *maildir, const char *from, const char *to,
                                 char *err, size_t errsz);

#endif /* MM_FOLDERS_H */
