/**
 * @file sasl.h
 * @brief The server side of SASL's PLAIN and LOGIN mechanisms: base64, and
 *        taking a PLAIN response apart.
 *
 * @chapter{relaying}
 * @rfc RFC 4616 (the PLAIN mechanism), RFC 4422 §3 (SASL exchanges),
 *      RFC 4954 §4 (the `=` response), draft-murchison-sasl-login-00 (LOGIN)
 *
 * SASL (RFC 4422) is a framework: a protocol such as SMTP (RFC 4954) or
 * IMAP carries *challenges* from the server and *responses* from the
 * client, and a *mechanism* says what they contain.  SMTP sends both in
 * base64, because they may hold any octets (a PLAIN response has NULs in
 * it) and an SMTP line may not.
 *
 * The two mechanisms minimail offers send the password itself, which is
 * why they are only offered on loopback or with an explicit switch (see
 * smtp_auth.h):
 *
 * - **PLAIN** (RFC 4616): one response, `authzid NUL authcid NUL passwd`.
 *   `authcid` is the user who logs in, `passwd` their password, and
 *   `authzid` the identity they want to act as (usually empty: the same
 *   user).  `AGFsaWNlAHNlY3JldA==` is `\0alice\0secret`.
 * - **LOGIN** (an old Microsoft mechanism, never an RFC, but what many
 *   clients still send): the server asks `Username:` and then
 *   `Password:`, each base64-encoded, and the client answers each in
 *   base64.
 *
 * This module only computes; it does no I/O, so it is easy to test (and
 * is the subject of the exercise `sasl-plain`).  The base64 itself is
 * chapter 6's (base64.h): the client encodes what this server decodes.
 */
#ifndef MM_SASL_H
#define MM_SASL_H

#include <stddef.h>

/** Longest decoded SASL response this server accepts (an SMTP command line
 *  holds at most 510 characters, so 380 decoded octets is plenty). */
#define SASL_MAX 512

/** Longest PLAIN field (authzid, authcid or passwd) with its NUL. */
#define SASL_FIELD_MAX 256

/**
 * @brief Decode one base64 response of a SASL exchange.
 *
 * The text must be strict base64 (chapter 6's base64_decode(): RFC 4648
 * §4, no blanks, correct padding).  An *initial* response -- the one sent
 * on the AUTH line itself -- may also be a single `=`, which stands for
 * an empty response (RFC 4954 §4: "a zero-length initial response is sent
 * as a single equals sign"); elsewhere an empty line is the empty
 * response.
 *
 * @param text     the response as the client sent it (without CRLF)
 * @param initial  1 for an initial response (the `=` rule applies)
 * @param out      receives the octets (may contain NULs; a NUL is added
 *                 after them when there is room)
 * @param outsz    size of @p out
 * @param outlen   receives the number of octets
 * @return 0 on success, -1 if @p text is not valid base64 or does not fit
 */
int sasl_decode(const char *text, int initial, unsigned char *out, size_t outsz,
                size_t *outlen);

/** The three fields of a PLAIN response (RFC 4616 §2). */
struct sasl_plain {
    char authzid[SASL_FIELD_MAX];  /**< the identity to act as ("" = authcid) */
    char authcid[SASL_FIELD_MAX];  /**< the user who authenticates */
    char passwd[SASL_FIELD_MAX];   /**< their password */
};

/**
 * @brief Take a decoded PLAIN response apart: `authzid NUL authcid NUL passwd`.
 *
 * Exactly two NULs; authcid and passwd not empty (RFC 4616 §2: both are
 * `1*SAFE`); every field at most SASL_FIELD_MAX - 1 octets.  The fields
 * are copied NUL-terminated into @p out.
 *
 * @param msg  the decoded response
 * @param len  its length
 * @param out  receives the fields
 * @return 0 on success, -1 if the response is malformed
 */
int sasl_plain_split(const unsigned char *msg, size_t len, struct sasl_plain *out);

#endif /* MM_SASL_H */
