/**
 * @file rfc2047.h
 * @brief Decoding RFC 2047 encoded words (`=?UTF-8?B?R3LDtsOfZQ==?=`) in
 *        header values, into UTF-8, for SEARCH.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2047 §2 (syntax), §4 (the B and Q encodings), §5 (where
 *      encoded words may appear), §6.2 (display: adjacent words join),
 *      §6.3 (malformed words); RFC 2231 §5 (a language in the charset)
 *
 * A header is 7-bit ASCII (RFC 5322 §2.2), so a subject such as `Größe`
 * travels as an *encoded word*:
 *
 *     Subject: =?UTF-8?B?R3LDtsOfZQ==?=
 *     Subject: =?ISO-8859-1?Q?Gr=F6=DFe?=
 *
 * `=?` charset `?` encoding `?` encoded-text `?=`: the charset of the
 * octets, `B` for base64 or `Q` for a quoted-printable variant where `_`
 * is a space (§4.2), and the text.  The client decodes it for display;
 * chapter 10's ENVELOPE sends it as written.  SEARCH, though, must
 * compare with what the reader sees -- a client that searches for
 * `Größe` sends the UTF-8 octets of `Größe`, not an encoded word -- so
 * header keys decode first.
 *
 * The rules this decoder follows:
 *
 * - **B and Q**, the two encodings of §4, in either case (`=?utf-8?q?`);
 *   the charset is converted to UTF-8 by charset.h; an unknown charset's
 *   octets are kept as they are (still found by an ASCII search);
 * - `charset*language` (RFC 2231 §5, `=?ISO-8859-1*de?Q?...?=`): the
 *   language is ignored;
 * - **adjacent encoded words** separated only by white space (blanks, or
 *   a folded line end) join *without* that white space (§6.2): a long
 *   subject is cut into words of at most 75 characters, and the cuts must
 *   not become spaces.  White space between a word and ordinary text
 *   stays;
 * - **malformed words are left as they are** (§6.3): no closing `?=`,
 *   an encoding other than B or Q, base64 that does not decode, a Q
 *   text with an `=` not followed by two hex digits, a character that an
 *   encoded-text may not hold (a blank, a `?`, an 8-bit octet);
 * - **length**: §2 limits a word to 75 characters, but mailers write
 *   longer ones and every reader decodes them; this decoder takes words
 *   up to #RFC2047_WORD_MAX characters (RFC 5322's line limit) and leaves
 *   longer ones as written;
 * - words are recognised **anywhere** in a value, also inside a quoted
 *   display name or touching other text, where §5 does not allow them:
 *   mailers put them there, and readers decode them there.
 */
#ifndef MM_RFC2047_H
#define MM_RFC2047_H

#include <stddef.h>

/** The longest encoded word decoded, `=?` to `?=` (RFC 5322 §2.1.1's
 *  998-character line); longer ones are left as written. */
#define RFC2047_WORD_MAX 998

/**
 * @brief A header value with every encoded word decoded into UTF-8.
 *
 * Text outside encoded words is copied unchanged (so a header of raw
 * UTF-8 stays UTF-8).  The result is never longer than `3 * len` octets.
 * @param in       the value (folded or not; a whole header section works too)
 * @param len      its length
 * @param out_len  receives the length of the result
 * @return the decoded value (malloc'd, NUL-terminated), NULL when out of memory
 */
char *rfc2047_decode(const char *in, size_t len, size_t *out_len);

#endif /* MM_RFC2047_H */
