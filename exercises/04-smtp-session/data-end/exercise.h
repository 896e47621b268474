/**
 * @file exercise.h
 * @brief Exercise "data-end" (chapter 4, smtp-session): find the end of a
 *        message in the bytes after 354, and undo the dot-stuffing.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1.4 (the end of mail data), §4.5.2 (transparency),
 *      §2.3.8 (lines end in CRLF)
 */
#ifndef MM_EX_DATA_END_H
#define MM_EX_DATA_END_H

#include <stddef.h>

/**
 * @brief Extract one message from the bytes a client sent after "354".
 *
 * @p in starts at the beginning of the first line of the message.  The
 * message ends with the first line that is a single "." -- a *line*
 * meaning "ended by CRLF": the end of data is the five octets
 * `CR LF . CR LF`, or `. CR LF` at the very start of @p in (an empty
 * message).  A bare LF or a bare CR is never a line end, so `LF . LF`,
 * `CR . CR`, `LF . CR LF` and friends are ordinary message text.
 *
 * While copying the message to @p out, undo the dot-stuffing of §4.5.2:
 * a line (after a CRLF, or at the start) that begins with "." has that
 * first "." removed.  The CRLF that ends the last line of the message
 * belongs to the message; the final ".\r\n" does not.
 *
 * @param in      the bytes received after 354
 * @param inlen   how many
 * @param out     receives the message (room for @p inlen octets: the
 *                message is never longer than its wire form)
 * @param outlen  receives the length of the message
 * @return the number of octets of @p in up to and including the
 *         ".\r\n" that ends the message, or -1 when @p in holds no end
 *         of data (the client has more to send)
 */
long ex_data_extract(const char *in, size_t inlen, char *out, size_t *outlen);

#endif /* MM_EX_DATA_END_H */
