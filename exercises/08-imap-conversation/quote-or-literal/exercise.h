/**
 * @file exercise.h
 * @brief Exercise "quote-or-literal" (chapter 8, imap-conversation): write
 *        a string the way IMAP needs it -- atom, quoted string or literal.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4.1 (atom), §4.3 (string), §4.5 (NIL), §9 (formal syntax)
 */
#ifndef MM_EX_QUOTE_OR_LITERAL_H
#define MM_EX_QUOTE_OR_LITERAL_H

#include <stddef.h>

/**
 * @brief Write @p data as an IMAP astring into @p out.
 *
 * The form, the first that applies (RFC 3501 §9):
 *
 * 1. an **atom**: @p len > 0, every octet an ATOM-CHAR -- any octet
 *    0x21-0x7e except `(` `)` `{` `%` `*` `"` `\` `]` -- and the string is
 *    not `NIL` in any mix of case.  Written as is: `INBOX`.
 * 2. a **quoted string**: every octet in 0x01-0x7f and none is CR or LF.
 *    Written between double quotes, with `"` written as `\"` and `\` as
 *    `\\`: `Sent Items` becomes `"Sent Items"`, `a"b` becomes `"a\"b"`.
 * 3. a **literal**: `{`, the length in decimal, `}`, CR, LF, then the
 *    octets unchanged: `a` LF `b` becomes `{3}` CR LF `a` LF `b`.
 *
 * No CRLF is added after the string, and no NUL after it either (the
 * result may contain NULs inside a literal).
 *
 * @param data   the octets (may contain anything, NUL included)
 * @param len    how many
 * @param out    receives the written form
 * @param outsz  room in @p out
 * @return the length written, or (size_t)-1 when it does not fit in
 *         @p outsz (then the content of @p out does not matter)
 */
size_t ex_imap_astring(const char *data, size_t len, char *out, size_t outsz);

#endif /* MM_EX_QUOTE_OR_LITERAL_H */
