/**
 * @file exercise.h
 * @brief Exercise "response-kind" (chapter 12, imap-client): untagged,
 *        tagged or continuation?
 *
 * @chapter{imap-client}
 * @rfc RFC 3501 §2.2.2 (the kinds of responses), §9 (tag)
 */
#ifndef MM_EX_RESPONSE_KIND_H
#define MM_EX_RESPONSE_KIND_H

#include <stddef.h>

/** ex_response_kind(): an untagged response (`* ...`). */
#define EX_UNTAGGED 0
/** ex_response_kind(): a tagged response (`A0001 OK ...`). */
#define EX_TAGGED 1
/** ex_response_kind(): a continuation request (`+ ...` or `+` alone). */
#define EX_CONTINUE 2
/** ex_response_kind(): not an IMAP response. */
#define EX_GARBAGE (-1)

/**
 * @brief Classify the first line of a server response.
 *
 * - `*` followed by a space: #EX_UNTAGGED.
 * - `+` alone, or `+` followed by a space: #EX_CONTINUE.
 * - a tag followed by a space: #EX_TAGGED, and the tag is copied to
 *   @p tag with a NUL.  A tag is one or more characters, each printable
 *   ASCII (0x21 to 0x7e) but none of `(` `)` `{` `%` `*` `"` `\` `+`
 *   (RFC 3501 §9: ASTRING-CHAR except "+").
 * - anything else (empty, `*x`, a space first, a tag with no space after
 *   it, a tag that does not fit in @p tag with its NUL): #EX_GARBAGE.
 *
 * @param line   the line without its CRLF (not NUL-terminated)
 * @param len    its length
 * @param tag    receives the tag for #EX_TAGGED
 * @param tagsz  size of @p tag
 * @return #EX_UNTAGGED, #EX_TAGGED, #EX_CONTINUE or #EX_GARBAGE
 */
int ex_response_kind(const char *line, size_t len, char *tag, size_t tagsz);

#endif /* MM_EX_RESPONSE_KIND_H */
