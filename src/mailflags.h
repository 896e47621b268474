/**
 * @file mailflags.h
 * @brief Message flags in Maildir file names (`:2,FRS`) and their IMAP
 *        names (`\Flagged \Answered \Seen`).
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.2 (system flags); qmail maildir(5) / D. J. Bernstein's
 *      maildir.txt ("info" semantics: experimental `1,`, flags `2,`)
 *
 * A Maildir keeps no index: a message's flags are part of its file name.
 * A file in `cur/` is named `UNIQUE:2,FLAGS`, where FLAGS are letters in
 * ASCII order, each meaning one flag.  Every Maildir reader (Dovecot,
 * mutt, Courier) understands the same letters, so a message one of them
 * marks as read is read in all of them:
 *
 * | letter | maildir.txt meaning | IMAP flag (RFC 3501 §2.3.2) |
 * |--------|---------------------|-----------------------------|
 * | `D`    | draft               | `\Draft`                    |
 * | `F`    | flagged             | `\Flagged`                  |
 * | `P`    | passed (forwarded)  | none (kept as it is)        |
 * | `R`    | replied             | `\Answered`                 |
 * | `S`    | seen                | `\Seen`                     |
 * | `T`    | trashed             | `\Deleted`                  |
 *
 * `\Recent` is not a letter: it belongs to a session, not to the file
 * (mailbox.h).  Letters this module does not know (`P`, Dovecot's
 * lower-case keyword letters `a`..`z`) are kept unchanged when the IMAP
 * flags of a name are rewritten, so a change made here never destroys
 * what another program wrote.
 *
 * The part before the `:` -- the *base name* -- never changes while the
 * message lives: the UID map (uidmap.h) is keyed by it.
 */
#ifndef MM_MAILFLAGS_H
#define MM_MAILFLAGS_H

#include <stddef.h>

/** `\Answered`: the `R` (replied) letter. */
#define MAILFLAG_ANSWERED 0x01u
/** `\Flagged`: the `F` letter. */
#define MAILFLAG_FLAGGED 0x02u
/** `\Deleted`: the `T` (trashed) letter. */
#define MAILFLAG_DELETED 0x04u
/** `\Seen`: the `S` letter. */
#define MAILFLAG_SEEN 0x08u
/** `\Draft`: the `D` letter. */
#define MAILFLAG_DRAFT 0x10u
/** Every flag this module stores in a file name. */
#define MAILFLAG_ALL 0x1fu

/** The separator between base name and info, as maildir.txt defines it. */
#define MAILFLAGS_INFO_SEP ':'

/** The flags a client may set for good (PERMANENTFLAGS): the system
 *  flags without \\Recent; no keywords (`\*`), which would need Dovecot's
 *  keyword file. */
#define MAILFLAGS_PERMANENT "\\Answered \\Flagged \\Deleted \\Seen \\Draft"

/**
 * @brief The length of the base name: the octets before the first `:`.
 * @param filename  a Maildir file name (no directory)
 * @return the length of the base name (strlen() when there is no `:`)
 */
size_t mailflags_base_len(const char *filename);

/**
 * @brief The IMAP flags a file name carries.
 *
 * Only an info part `:2,LETTERS` has flags; a name without info (a file
 * in `new/`) or with experimental info (`:1,...`) has none.
 *
 * @param filename  a Maildir file name
 * @return a mask of MAILFLAG_* bits
 */
unsigned mailflags_from_name(const char *filename);

/**
 * @brief The file name with a new set of IMAP flags.
 *
 * Builds `BASE:2,LETTERS`: the letters of @p flags, plus every letter of
 * the old `:2,` info this module does not manage, without duplicates and
 * in ASCII order (maildir.txt: "Flags must be stored in ASCII order").
 *
 * @param filename  the current name (with or without info)
 * @param flags     the MAILFLAG_* bits wanted
 * @param out       receives the new name (may not overlap @p filename)
 * @param outsz     its size
 * @return 0, or -1 when it does not fit
 */
int mailflags_rename(const char *filename, unsigned flags, char *out, size_t outsz);

/**
 * @brief The IMAP flag for a name such as `\Seen` (any case).
 * @param name  the flag as a client writes it
 * @param len   its length
 * @return one MAILFLAG_* bit, or 0 for any other flag (`\Recent`,
 *         keywords, unknown system flags)
 */
unsigned mailflags_parse_imap(const char *name, size_t len);

/**
 * @brief Write the IMAP names of @p flags, separated by SP, in the order
 *        of RFC 3501's FLAGS example (`\Answered \Flagged \Deleted \Seen \Draft`).
 * @param flags  MAILFLAG_* bits
 * @param out    receives the text ("" for no flags)
 * @param outsz  its size (64 is always enough)
 * @return the length written
 */
size_t mailflags_to_imap(unsigned flags, char *out, size_t outsz);

#endif /* MM_MAILFLAGS_H */
