/**
 * @file exercise.h
 * @brief Exercise "safe-name" (chapter 9, mailboxes): refuse mailbox names
 *        that could lead outside the user's Maildir or confuse a client.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §5.1 (mailbox naming)
 */
#ifndef MM_EX_SAFE_NAME_H
#define MM_EX_SAFE_NAME_H

#include <stddef.h>

/** Longest name accepted, in octets. */
#define EX_NAME_MAX 200

/**
 * @brief May @p name be used as a mailbox name (directory `MAILDIR/.NAME`)?
 *
 * Refused: empty or longer than #EX_NAME_MAX; any `/`; an empty component
 * (a leading or trailing `.`, or `..` anywhere); NUL, other octets below
 * 0x20, 0x7f; octets above 0x7f; a leading `~`.
 *
 * @param name  the name (not necessarily NUL-terminated)
 * @param len   its length in octets (it may contain NUL octets)
 * @return 1 when the name is safe, 0 when it must be refused; -1 only in
 *         the starter (not done)
 */
int ex_safe_name(const char *name, size_t len);

#endif /* MM_EX_SAFE_NAME_H */
