/**
 * @file transfer_decode.h
 * @brief Undoing a Content-Transfer-Encoding (quoted-printable, base64)
 *        piece by piece, so that a large part never has to be decoded
 *        into memory at once.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2045 §6 (Content-Transfer-Encoding), §6.7 (quoted-printable),
 *      §6.8 (base64), §6.2 (7bit, 8bit, binary: no encoding)
 *
 * SMTP was made for short lines of 7-bit text, so MIME (RFC 2045 §6)
 * lets a part travel encoded and says how in its
 * `Content-Transfer-Encoding:` field:
 *
 * - `7bit`, `8bit`, `binary` (§6.2): not encoded, the octets are the text;
 * - `quoted-printable` (§6.7): mostly the text itself, with `=XX` (two
 *   hex digits) for an octet that could not travel -- `Grüße` in UTF-8
 *   is `Gr=C3=BC=C3=9Fe` -- and `=` at the end of a line for a *soft line
 *   break*, a line end that was added to keep lines short and is not
 *   part of the text;
 * - `base64` (§6.8): every three octets as four letters of a 64-letter
 *   alphabet, in lines of at most 76 characters.
 *
 * A reader sees the decoded text, so SEARCH must decode before it
 * compares: `Grüße` is not in `Gr=C3=BC=C3=9Fe`.  The decoder here is a
 * small state machine fed any number of pieces (a chunk of a part,
 * however it was cut): what a piece ends in the middle of -- `=C` of an
 * escape, three letters of a base64 group -- waits in the decoder for
 * the next piece.  So decoding a 1 GiB part needs a buffer the size of a
 * chunk, not a gigabyte.
 *
 * Decoding is lenient, as §6.7 and §6.8 ask of a reader: an `=` that
 * does not start a valid escape is kept as it is, characters outside the
 * base64 alphabet (line ends, spaces, junk) are skipped.
 */
#ifndef MM_TRANSFER_DECODE_H
#define MM_TRANSFER_DECODE_H

#include <stddef.h>

/** The encodings (RFC 2045 §6.1). */
enum transfer_encoding {
    TRANSFER_IDENTITY = 0, /**< 7bit, 8bit, binary, none, or unknown: the octets as they are */
    TRANSFER_QP,           /**< quoted-printable (§6.7) */
    TRANSFER_BASE64        /**< base64 (§6.8) */
};

/**
 * Octets a decoder may hold back from one piece and write with the next
 * (an `=`, up to #TRANSFER_WS_MAX blanks and a CR before a soft line break):
 * a piece of n octets writes at most `n + TRANSFER_SLACK`.
 */
#define TRANSFER_SLACK 72

/** Blanks between `=` and the line end a decoder waits for before it
 *  gives up on a soft line break (RFC 2045 §6.7 rule 3: transport
 *  padding); more, and the `=` is kept as text. */
#define TRANSFER_WS_MAX 64

/** A decoder's state between pieces.  Start it with transfer_init(). */
struct transfer_decoder {
    enum transfer_encoding enc; /**< which encoding */
    int state;                  /**< where in an `=` escape (quoted-printable) */
    unsigned char hex1;         /**< the first hex digit of an escape */
    size_t blanks;              /**< blanks seen after an `=` (quoted-printable) */
    char pad[TRANSFER_WS_MAX];  /**< those blanks as written (space or tab) */
    char group[4];              /**< base64 letters of an unfinished group */
    size_t ngroup;              /**< how many */
};

/**
 * @brief The encoding a Content-Transfer-Encoding value names.
 * @param name  the value (case-insensitive, RFC 2045 §6.1), or NULL when
 *              the part has no such field (7bit, §6.1)
 * @return the encoding; unknown names (`x-uuencode`) are
 *         #TRANSFER_IDENTITY: their octets are searched as they are
 */
enum transfer_encoding transfer_encoding_of(const char *name);

/**
 * @brief Start decoding a part.
 * @param d    the decoder
 * @param enc  the part's encoding
 */
void transfer_init(struct transfer_decoder *d, enum transfer_encoding enc);

/**
 * @brief The value of a hexadecimal digit, as quoted-printable's `=XX`
 *        (RFC 2045 §6.7) and RFC 2047's Q encoding (§4.2) write them.
 *
 * Upper and lower case are both taken: §6.7 asks for upper case but
 * tells a robust decoder to accept lower case too.
 *
 * @param c  an octet
 * @return 0-15, or -1 when @p c is not a hex digit
 */
int transfer_hex_value(unsigned char c);

/**
 * @brief Decode one piece of a part.
 * @param d      the decoder (its state carries over to the next piece)
 * @param in     the piece
 * @param len    its length
 * @param out    receives the decoded octets: room for `len + TRANSFER_SLACK`
 * @param final  1 for the last piece of the part: nothing is held back,
 *               an unfinished escape or group is written or dropped
 *               (see transfer_decode.c)
 * @return the number of octets written
 */
size_t transfer_decode(struct transfer_decoder *d, const char *in, size_t len, char *out,
                       int final);

#endif /* MM_TRANSFER_DECODE_H */
