/**
 * @file exercise.h
 * @brief Exercise "literal-prefix" (chapter 12, imap-client): write `{n}`
 *        or `{n+}`, and say whether to wait for the continuation.
 *
 * @chapter{imap-client}
 * @rfc RFC 3501 §7.5 (continuation); RFC 7888 §3 (LITERAL+), §5 (LITERAL-)
 */
#ifndef MM_EX_LITERAL_PREFIX_H
#define MM_EX_LITERAL_PREFIX_H

#include <stddef.h>

/** The server advertised neither LITERAL+ nor LITERAL-. */
#define EX_SERVER_PLAIN 0
/** The server advertised LITERAL- (non-synchronising up to 4096 octets). */
#define EX_SERVER_LITERAL_MINUS 1
/** The server advertised LITERAL+ (non-synchronising of any size). */
#define EX_SERVER_LITERAL_PLUS 2

/**
 * @brief Write the header of a literal of @p len octets and decide
 *        whether the client must wait for `+` before the octets.
 *
 * Non-synchronising (`{n+}`) when the server is #EX_SERVER_LITERAL_PLUS,
 * or #EX_SERVER_LITERAL_MINUS and @p len is at most 4096; otherwise
 * synchronising (`{n}`).  The header is written to @p out with a NUL,
 * without CRLF, n in decimal without leading zeros.
 *
 * @param out     receives the header
 * @param outsz   size of @p out
 * @param len     octets in the literal
 * @param server  #EX_SERVER_PLAIN, #EX_SERVER_LITERAL_MINUS or #EX_SERVER_LITERAL_PLUS
 * @return 1 when the octets may follow at once (`{n+}`), 0 when the client
 *         must wait for `+` (`{n}`), -1 when the header does not fit in
 *         @p out (then @p out holds "" if @p outsz > 0)
 */
int ex_literal_prefix(char *out, size_t outsz, size_t len, int server);

#endif /* MM_EX_LITERAL_PREFIX_H */
