/**
 * @file base64.h
 * @brief Base64 encoding and strict decoding.
 *
 * @chapter{smtp-client}
 * @rfc RFC 4648 §4 (base64), RFC 4954 §4 (AUTH exchanges are base64),
 *      RFC 2047 §4.1 (the "B" encoding of header words)
 *
 * SMTP is a protocol of text lines, but a password may contain any octet,
 * NUL included (AUTH PLAIN even uses NUL as a separator, RFC 4616).  So
 * RFC 4954 has every SASL exchange travel in base64: each group of three
 * octets becomes four characters from a 64-letter alphabet, and "=" pads
 * the last group.  The client (chapter 6) encodes; a server (chapter 7)
 * decodes -- strictly, because RFC 4954 §4 asks a server to reject a
 * malformed response with 501, not to guess.
 */
#ifndef MM_BASE64_H
#define MM_BASE64_H

#include <stddef.h>

/**
 * @brief Length of the encoding of @p n octets, without a NUL: 4 * ceil(n / 3).
 * @param n  octets to encode
 * @return characters the encoding has
 */
size_t base64_encoded_len(size_t n);

/**
 * @brief Encode octets as base64 text, with "=" padding, on one line.
 * @param in     the octets
 * @param n      how many
 * @param out    receives the text and a NUL
 * @param outsz  size of @p out: at least base64_encoded_len(n) + 1
 * @return the length of the text, or (size_t)-1 if @p out is too small
 *         (then @p out holds "" when @p outsz > 0)
 */
size_t base64_encode(const void *in, size_t n, char *out, size_t outsz);

/**
 * @brief Decode base64 text strictly.
 *
 * Accepted: groups of four alphabet characters, the last group possibly
 * ending in "=" or "==" as RFC 4648 §4 writes it, and nothing else -- no
 * white space, no missing padding, no data after the padding, and no
 * non-zero bits in the padding's place (§3.5).  The empty text decodes to
 * zero octets.  A NUL is added after the octets when there is room (handy
 * for text), but the octets themselves may contain NULs.
 *
 * @param in     the text
 * @param len    its length
 * @param out    receives the octets
 * @param outsz  size of @p out (len / 4 * 3 is always enough)
 * @return the number of octets, or -1 when the text is not valid base64
 *         or does not fit
 */
long base64_decode(const char *in, size_t len, void *out, size_t outsz);

#endif /* MM_BASE64_H */
