/**
 * @file exercise.h
 * @brief Exercise "parse-literal-header" (chapter 8, imap-conversation):
 *        does a command line end with `{n}` or `{n+}`?
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4.3 (literal), §7.5 (continuation); RFC 7888 §3 (`{n+}`)
 */
#ifndef MM_EX_PARSE_LITERAL_HEADER_H
#define MM_EX_PARSE_LITERAL_HEADER_H

#include <stddef.h>
#include <stdint.h>

/**
 * @brief Does @p line end with a literal header?
 *
 * A literal header is, at the very end of the line: `{`, one or more
 * decimal digits, optionally `+`, `}` (RFC 3501 §9: `"{" number "}"`;
 * RFC 7888 §8: `"{" number "+}"`).  Nothing may follow the `}` -- not
 * even a space -- and nothing but digits may stand between the braces
 * (apart from the one `+` just before `}`).  Leading zeros are fine
 * (`{007}` is seven).  What comes before the `{` does not matter.
 *
 * @param line     the line, without its CRLF (not NUL-terminated)
 * @param len      its length
 * @param size     on 1: the octet count
 * @param nonsync  on 1: 1 for `{n+}`, 0 for `{n}`
 * @return 1 when the line ends with a literal header whose count fits in
 *         32 bits (at most 4294967295); -1 when it ends with one whose
 *         count is larger; 0 when it does not end with one at all
 */
int ex_literal_header(const char *line, size_t len, uint32_t *size, int *nonsync);

#endif /* MM_EX_PARSE_LITERAL_HEADER_H */
