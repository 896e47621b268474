/**
 * @file exercise.h
 * @brief Exercise "dot-stuff" (chapter 6, smtp-client): a message in the
 *        form it takes on the wire after DATA.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §4.5.2 (transparency), §2.3.8 (CRLF), §4.1.1.4 (the end
 *      of the data)
 */
#ifndef MM_EX_DOTSTUFF_H
#define MM_EX_DOTSTUFF_H

#include <stddef.h>

/**
 * @brief Encode a message for the DATA phase.
 *
 * The message is a sequence of lines.  A line ends at CRLF, at a bare LF
 * or at a bare CR, or at the end of the message.  For each line, write:
 * one extra "." if the line starts with "."; the line's octets (without
 * its line end); CRLF.  After the last line write ".", CR, LF.  A message
 * of zero octets therefore encodes as ".\r\n", and "a\r\n" as
 * "a\r\n.\r\n" (no empty line is added after a final line end).
 *
 * @param msg    the message (may contain any octet, NUL included)
 * @param len    its length
 * @param out    receives the encoding (no NUL is added)
 * @param outsz  room in @p out
 * @return the length of the encoding, or (size_t)-1 when it does not
 *         fit in @p outsz octets
 */
size_t ex_dotstuff(const char *msg, size_t len, char *out, size_t outsz);

#endif /* MM_EX_DOTSTUFF_H */
