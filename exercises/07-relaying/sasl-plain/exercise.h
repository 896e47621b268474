/**
 * @file exercise.h
 * @brief Exercise "sasl-plain" (chapter 7, relaying): decode an AUTH PLAIN
 *        response and take it apart.
 *
 * @chapter{relaying}
 * @rfc RFC 4616 §2 (PLAIN), RFC 4648 §4 (base64), RFC 4954 §4 (AUTH)
 */
#ifndef MM_EX_SASL_PLAIN_H
#define MM_EX_SASL_PLAIN_H

#include <stddef.h>

/** The response is not valid base64, or not a PLAIN message. */
#define EX_PLAIN_MALFORMED (-1)
/** Well-formed, but asks to act as another user (authzid != authcid). */
#define EX_PLAIN_PROXY (-2)

/**
 * @brief Decode the base64 response of AUTH PLAIN and split it.
 *
 * The decoded message is `authzid NUL authcid NUL passwd` (RFC 4616 §2):
 * exactly two NUL octets; authcid and passwd not empty; authzid empty or
 * equal to authcid (this server does not let one user act as another:
 * anything else is EX_PLAIN_PROXY).  The base64 must be strict (RFC 4648
 * §4): a length that is a multiple of 4, the 64-letter alphabet, `=`
 * padding only at the end.  A single `=` is the empty response (RFC 4954
 * §4), which is not a PLAIN message.
 *
 * On success the user name (authcid) and the password are copied,
 * NUL-terminated, into @p user and @p pass; a field that does not fit its
 * buffer makes the response EX_PLAIN_MALFORMED (a cut password would be a
 * different password).
 *
 * Example: "AGFsaWNlAHNlY3JldA==" is "\0alice\0secret": user "alice",
 * password "secret".
 *
 * You may use chapter 6's base64_decode() (base64.h), or write your own.
 *
 * @param b64     the response as the client sent it (no CRLF)
 * @param user    receives the user name
 * @param usersz  size of @p user
 * @param pass    receives the password
 * @param passsz  size of @p pass
 * @return 0 on success, EX_PLAIN_MALFORMED or EX_PLAIN_PROXY
 */
int ex_sasl_plain(const char *b64, char *user, size_t usersz, char *pass, size_t passsz);

#endif /* MM_EX_SASL_PLAIN_H */
