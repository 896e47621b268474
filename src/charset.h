/**
 * @file charset.h
 * @brief The few character sets SEARCH turns into UTF-8 before it
 *        compares: US-ASCII, UTF-8, ISO-8859-1, ISO-8859-15 and
 *        windows-1252.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2045 §5.1 (the charset parameter), RFC 2046 §4.1.2 (charsets
 *      of text, US-ASCII by default), RFC 2047 §2 (the charset of an
 *      encoded word), RFC 2231 §5 (a language after `*`), RFC 3501 §6.4.4
 *      (SEARCH compares in the charset the client named), RFC 3629 §4
 *      (valid UTF-8)
 *
 * A client that searches with `CHARSET UTF-8` sends UTF-8 octets; a
 * message may hold the same word in another charset -- `Köln` is
 * `4B F6 6C 6E` in ISO-8859-1 and `4B C3 B6 6C 6E` in UTF-8.  So before
 * comparing, SEARCH converts what it reads to UTF-8.  This file knows
 * the charsets that cost a table of at most 32 entries:
 *
 * - US-ASCII and UTF-8 need nothing: the octets already are UTF-8;
 * - ISO-8859-1 (Latin-1) is the first 256 code points of Unicode: each
 *   octet is its own code point, written in UTF-8;
 * - windows-1252 is ISO-8859-1 with printable characters (`€ ‘ ’ “ ” –`)
 *   in place of the C1 controls 0x80-0x9F;
 * - ISO-8859-15 (Latin-9) is ISO-8859-1 with eight code points changed
 *   (`€` at 0xA4, `Š š Ž ž Œ œ Ÿ`).
 *
 * Text labelled ISO-8859-1 is read as windows-1252, as every browser
 * does (the WHATWG Encoding Standard): the C1 controls never appear in
 * real text, while mailers that say "ISO-8859-1" and write 0x92 for `’`
 * are common.  Any other charset (KOI8-R, Shift_JIS, UTF-16 ...) is
 * #CHARSET_UNKNOWN and its octets are compared as they are: a search for
 * ASCII words still finds them in most such texts, non-ASCII words are
 * not found.  A full converter (iconv(3)) would lift that, at the price
 * of a dependency whose tables differ between systems.
 */
#ifndef MM_CHARSET_H
#define MM_CHARSET_H

#include <stddef.h>

/** The charsets this file converts (see the file comment). */
enum charset {
    CHARSET_UNKNOWN = 0, /**< not known here: the octets are used as they are */
    CHARSET_UTF8,        /**< UTF-8, and US-ASCII (a subset of it): nothing to do */
    CHARSET_CP1252,      /**< windows-1252, and ISO-8859-1 read as windows-1252 */
    CHARSET_LATIN9       /**< ISO-8859-15 */
};

/** Most octets of UTF-8 one input octet can become (`€` is E2 82 AC). */
#define CHARSET_UTF8_MAX 3

/**
 * @brief The charset a name stands for: `UTF-8`, `us-ascii`,
 *        `ISO-8859-1`, `latin1`, `windows-1252`, `ISO-8859-15` ...
 *
 * Names are case-insensitive (RFC 2045 §5.1) and a few common aliases
 * are known (`utf8`, `ascii`, `iso8859-1`, `cp1252`, `latin-9`).  An RFC
 * 2231 §5 language suffix (`ISO-8859-1*de`) is ignored.
 * @param name  the name (not NUL-terminated)
 * @param len   its length
 * @return the charset, #CHARSET_UNKNOWN when the name is not known
 */
enum charset charset_lookup(const char *name, size_t len);

/**
 * @brief Convert text in charset @p cs to UTF-8.
 *
 * Every octet is converted on its own (these charsets have one octet per
 * character), so text may be converted in pieces of any size.  UTF-8
 * and unknown charsets are copied unchanged.
 * @param cs   the charset of @p in
 * @param in   the text
 * @param len  its length
 * @param out  receives the UTF-8: room for `len * CHARSET_UTF8_MAX` octets
 * @return the number of octets written to @p out
 */
size_t charset_to_utf8(enum charset cs, const char *in, size_t len, char *out);

/**
 * @brief Are these octets UTF-8 (RFC 3629 §4)?
 *
 * Every character whole, in its shortest form, no UTF-16 surrogate
 * (U+D800..U+DFFF), nothing past U+10FFFF.  SEARCH asks it of the
 * client's strings (search_parse.c): a string that is not UTF-8 -- a lone
 * continuation octet, a letter cut short -- is refused, so a match always
 * starts where a character starts.
 * @param str  the octets
 * @param len  how many
 * @return 1 when they are UTF-8 (an empty string is), else 0
 */
int charset_utf8_valid(const char *str, size_t len);

#endif /* MM_CHARSET_H */
