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
 *
 * Two ways to decode.  rfc2047_decode() takes a value and returns its
 * decoded copy: simple, and it costs `3 * len` octets at once.  A reader
 * (rfc2047_reader_init(), rfc2047_read()) gives the same octets a piece
 * at a time, in a few KiB whatever the value's size, and can unfold the
 * value as it goes: SEARCH uses it, because the client's message chooses
 * the size of a header (chapter 11's "In fixed memory").
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

/** The smallest output buffer rfc2047_read() takes: one encoded word of
 *  #RFC2047_WORD_MAX characters decodes to at most three times as many
 *  octets of UTF-8 (charset.h's CHARSET_UTF8_MAX). */
#define RFC2047_READ_MIN (3 * RFC2047_WORD_MAX)

/** Room for the view of the value a reader works on: a word may start
 *  anywhere in the first half and still be seen whole. */
#define RFC2047_WINDOW (2 * RFC2047_WORD_MAX)

/**
 * @brief A value decoded a piece at a time, in fixed memory: what SEARCH
 *        uses, because a hostile header may be hundreds of MiB.
 *
 * rfc2047_decode() needs `3 * len` octets at once; a reader needs this
 * struct (a few KiB) and the caller's buffer, whatever the value's size,
 * and gives the same octets, in pieces.  Fill it with
 * rfc2047_reader_init(); every member is private.
 */
struct rfc2047_reader {
    const char *in;          /**< the value, as stored */
    size_t pos;              /**< the next octet of @c in the window has not read */
    size_t end;              /**< where the value ends (after trimming) */
    int unfold;              /**< 1: CR and LF are not part of the value */
    int after_word;          /**< only white space since the last decoded word */
    size_t wpos;             /**< the next octet of @c window to decode */
    size_t wlen;             /**< octets in @c window */
    char window[RFC2047_WINDOW];      /**< the value, from the decoding point on */
    char ahead[RFC2047_WORD_MAX];     /**< a word looked at beyond white space */
    char scratch[RFC2047_READ_MIN];   /**< ... and its decoded form, thrown away */
};

/**
 * @brief Start decoding a value piece by piece.
 * @param r       the reader to fill
 * @param in      the value (it must stay in place while @p r is read)
 * @param len     its length
 * @param unfold  0: decode @p in as it is (a whole header section, as
 *                rfc2047_decode() does); 1: decode it unfolded and
 *                trimmed (RFC 5322 §2.2.3: CR and LF removed, then the
 *                blanks at both ends), as SEARCH's header keys need
 */
void rfc2047_reader_init(struct rfc2047_reader *r, const char *in, size_t len, int unfold);

/**
 * @brief The next piece of the decoded value.
 *
 * The pieces, joined, are exactly what rfc2047_decode() returns for the
 * value (unfolded first when the reader was made with @c unfold).
 * Allocates nothing.
 * @param r      the reader
 * @param out    receives the piece (not NUL-terminated)
 * @param outsz  its room: at least #RFC2047_READ_MIN
 * @return the octets written; 0 only at the end of the value
 */
size_t rfc2047_read(struct rfc2047_reader *r, char *out, size_t outsz);

#endif /* MM_RFC2047_H */
