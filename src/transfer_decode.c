/**
 * @file transfer_decode.c
 * @brief Quoted-printable and base64 decoding, one piece at a time.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2045 §6.7 (quoted-printable: rules 1-5), §6.8 (base64), §6.1
 *      (the names of the encodings); RFC 4648 §4 (the base64 alphabet)
 *
 * Both decoders read their input one octet at a time and keep, between
 * pieces, only what an unfinished escape or group needs.
 *
 * **Quoted-printable** (§6.7) is text with two kinds of `=`:
 *
 *     Gr=C3=BC=C3=9Fe aus K=C3=B6ln, dies ist eine sehr lange Zeile, di=
 *     e umgebrochen wurde.
 *
 * `=C3` is the octet 0xC3 (rule 1: two hex digits, upper case; we also
 * take lower case, as §6.7 allows "a robust implementation" to); an `=`
 * at the end of a line is a soft line break (rule 5): the `=` and the
 * line end vanish, and `di=` + `e` is `die`.  Blanks between the `=` and
 * the line end may have been added on the way (rule 3) and vanish too.
 * Anything else after an `=` is not an escape, and the octets are kept
 * as they are -- what §6.7 recommends for "=" followed by junk.  A part
 * that ends in `=` ended in a soft line break: the CRLF after it belongs
 * to the boundary line (RFC 2046 §5.1.1), so it is dropped.
 *
 * **Base64** (§6.8) groups four letters into three octets; letters
 * outside the alphabet -- line ends, blanks, junk -- "are to be
 * ignored", and `=` pads the last group.  A complete group is decoded by
 * chapter 6's base64_decode(), the same strict decoder AUTH uses: this
 * file only collects the four letters.  A group whose padding hides
 * non-zero bits (which a correct encoder never writes) is dropped.
 */
#include "transfer_decode.h"

#include <string.h>
#include <strings.h>

#include "base64.h"

/* Where a quoted-printable decoder is within an `=` escape. */
enum {
    QP_TEXT = 0, /* plain text */
    QP_EQ,       /* after `=` */
    QP_HEX1,     /* after `=` and one hex digit (in hex1) */
    QP_BLANK,    /* after `=` and blanks: a soft line break may follow */
    QP_CR        /* after `=` [blanks] CR: LF ends the soft line break */
};

enum transfer_encoding transfer_encoding_of(const char *name)
{
    if (name == NULL)
        return TRANSFER_IDENTITY;       /* no field: 7bit (RFC 2045 §6.1) */
    if (strcasecmp(name, "quoted-printable") == 0)
        return TRANSFER_QP;
    if (strcasecmp(name, "base64") == 0)
        return TRANSFER_BASE64;
    return TRANSFER_IDENTITY;           /* 7bit, 8bit, binary -- or unknown */
}

void transfer_init(struct transfer_decoder *d, enum transfer_encoding enc)
{
    memset(d, 0, sizeof *d);
    d->enc = enc;
}

int transfer_hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* An escape that was not one: write what it held back (`=`, the hex
 * digit, the blanks, the CR) as text, and go back to plain text. */
static size_t qp_give_up(struct transfer_decoder *d, char *out)
{
    size_t o = 0;

    out[o++] = '=';
    if (d->state == QP_HEX1)
        out[o++] = (char)d->hex1;
    /* The blanks as written: a tab stays a tab ("a=\tb" once became
     * "a= b", test-decode-robust found it). */
    memcpy(out + o, d->pad, d->blanks);
    o += d->blanks;
    if (d->state == QP_CR)
        out[o++] = '\r';
    d->state = QP_TEXT;
    d->blanks = 0;
    return o;
}

/* [qp-octet] */
/* One octet of quoted-printable (RFC 2045 §6.7); the octets written. */
static size_t qp_octet(struct transfer_decoder *d, unsigned char c, char *out)
{
    switch (d->state) {
    case QP_TEXT:
        if (c == '=') {
            d->state = QP_EQ;
            return 0;
        }
        out[0] = (char)c;               /* rule 2: literal representation */
        return 1;
    case QP_EQ:
        if (transfer_hex_value(c) >= 0) {
            d->hex1 = c;
            d->state = QP_HEX1;
            return 0;
        }
        if (c == ' ' || c == '\t') {    /* rule 3: padding before the line end? */
            d->state = QP_BLANK;
            d->pad[0] = (char)c;
            d->blanks = 1;
            return 0;
        }
        if (c == '\r' || c == '\n') {   /* rule 5: a soft line break */
            d->state = c == '\r' ? QP_CR : QP_TEXT;
            return 0;
        }
        break;
    case QP_HEX1:                       /* rule 1: =XX is the octet 0xXX */
        if (transfer_hex_value(c) >= 0) {
            out[0] = (char)(transfer_hex_value(d->hex1) << 4 | transfer_hex_value(c));
            d->state = QP_TEXT;
            return 1;
        }
        break;
    case QP_BLANK:
        if ((c == ' ' || c == '\t') && d->blanks < TRANSFER_WS_MAX) {
            d->pad[d->blanks++] = (char)c;
            return 0;
        }
        /* The blanks were padding if the line really ends: LF at once,
         * or CR then LF.  After a CR they are still held (counted in
         * blanks) until the LF comes -- dropping them at the CR lost them
         * from "a=  \rb", which is text, not a soft line break
         * (test-decode-robust found it). */
        if (c == '\n') {
            d->blanks = 0;
            d->state = QP_TEXT;
            return 0;
        }
        if (c == '\r') {
            d->state = QP_CR;
            return 0;
        }
        break;
    case QP_CR:
        if (c == '\n') {
            d->blanks = 0;
            d->state = QP_TEXT;
            return 0;
        }
        break;
    }
    /* Not an escape after all: keep it as written, then read c as text. */
    size_t o = qp_give_up(d, out);
    return o + qp_octet(d, c, out + o);
}
/* [qp-octet] */

/* Is c a letter of the base64 alphabet (RFC 4648 §4)? */
static int b64_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/';
}

/* Decode the collected group (2 to 4 letters; fewer than 4 are padded
 * with `=`) with chapter 6's strict decoder; the octets written. */
static size_t b64_flush(struct transfer_decoder *d, char *out)
{
    unsigned char octets[4];
    size_t n = d->ngroup;
    long got;

    d->ngroup = 0;
    if (n < 2)
        return 0;                       /* one letter is not even one octet */
    while (n < 4)
        d->group[n++] = '=';
    got = base64_decode(d->group, 4, octets, sizeof octets);
    if (got <= 0)
        return 0;                       /* padding over non-zero bits: dropped */
    memcpy(out, octets, (size_t)got);
    return (size_t)got;
}

/* [b64-octet] */
/* One character of base64 (RFC 2045 §6.8); the octets written. */
static size_t b64_octet(struct transfer_decoder *d, unsigned char c, char *out)
{
    if (b64_letter(c)) {
        d->group[d->ngroup++] = (char)c;
        return d->ngroup == 4 ? b64_flush(d, out) : 0;
    }
    if (c == '=')                       /* padding: the group ends here */
        return b64_flush(d, out);
    return 0;                           /* line ends, blanks, junk: ignored */
}
/* [b64-octet] */

size_t transfer_decode(struct transfer_decoder *d, const char *in, size_t len, char *out,
                       int final)
{
    size_t o = 0;

    if (d->enc == TRANSFER_IDENTITY) {
        memcpy(out, in, len);
        return len;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        o += d->enc == TRANSFER_QP ? qp_octet(d, c, out + o) : b64_octet(d, c, out + o);
    }
    if (final && d->enc == TRANSFER_BASE64)
        o += b64_flush(d, out + o);     /* a last group without its padding */
    else if (final && d->state == QP_HEX1)
        o += qp_give_up(d, out + o);    /* `=4` at the very end: text */
    else if (final) {
        d->state = QP_TEXT;             /* `=` at the end: a soft line break */
        d->blanks = 0;
    }
    return o;
}
