/**
 * @file exercise.h
 * @brief Exercise "flags-suffix" (chapter 9, mailboxes): IMAP flags in
 *        Maildir file names (`:2,FRS`), both ways.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.2 (flags); maildir.txt ("info semantics")
 */
#ifndef MM_EX_FLAGS_SUFFIX_H
#define MM_EX_FLAGS_SUFFIX_H

#include <stddef.h>

/** `\Answered`: letter `R`. */
#define EX_ANSWERED 0x01u
/** `\Flagged`: letter `F`. */
#define EX_FLAGGED 0x02u
/** `\Deleted`: letter `T`. */
#define EX_DELETED 0x04u
/** `\Seen`: letter `S`. */
#define EX_SEEN 0x08u
/** `\Draft`: letter `D`. */
#define EX_DRAFT 0x10u

/** What ex_flags_from_name() returns in the starter (no real name has it). */
#define EX_NOT_DONE 0x80000000u

/**
 * @brief The flags of a Maildir file name.
 *
 * Only an info part beginning `:2,` carries flags; letters other than
 * D F R S T are ignored.
 *
 * @param filename  the file name (no directory)
 * @return the EX_* bits
 */
unsigned ex_flags_from_name(const char *filename);

/**
 * @brief The file name with new flags.
 *
 * `BASE:2,LETTERS`: BASE is everything before the first `:` (the whole
 * name when there is none); LETTERS are the letters of @p flags plus the
 * letters of the old `:2,` info that are not D F R S T, each once, in
 * ASCII order.
 *
 * @param filename  the current name
 * @param flags     EX_* bits
 * @param out       receives the new name, NUL-terminated
 * @param outsz     room in @p out
 * @return 0, or -1 when it does not fit
 */
int ex_name_with_flags(const char *filename, unsigned flags, char *out, size_t outsz);

#endif /* MM_EX_FLAGS_SUFFIX_H */
