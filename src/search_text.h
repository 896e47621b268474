/**
 * @file search_text.h
 * @brief What SEARCH BODY and TEXT look in: the text a reader sees --
 *        every text part decoded and in UTF-8, every header with its
 *        encoded words decoded.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (BODY, TEXT), RFC 2045 §6 (transfer encodings),
 *      RFC 2046 §4.1 (text, charset), §5.1 (multipart), §5.2.1
 *      (message/rfc822), RFC 2047 (encoded words)
 *
 * A message's body, as stored, is rarely what its reader reads:
 *
 *     Content-Type: multipart/alternative; boundary="b"
 *
 *     --b
 *     Content-Type: text/plain; charset=utf-8
 *     Content-Transfer-Encoding: quoted-printable
 *
 *     Sch=C3=B6ne Gr=C3=BC=C3=9Fe aus K=C3=B6ln
 *     --b
 *     Content-Type: text/html; charset=iso-8859-1
 *     Content-Transfer-Encoding: base64
 *
 *     PHA+U2No9m5lIEdy/N9lPC9wPg==
 *     --b--
 *
 * `BODY Köln` must find `K=C3=B6ln`.  So search_text_contains() walks the
 * message with chapter 10's MIME parser (mime.h) and, for each part:
 *
 * | part                        | searched as                                  |
 * |-----------------------------|----------------------------------------------|
 * | text (plain, html, any subtype) | its body decoded (transfer_decode.h), converted to UTF-8 (charset.h) |
 * | multipart (any subtype)     | its parts, one by one; the preamble and epilogue (which no reader shows) are not searched |
 * | message/rfc822              | the attached message's header (encoded words decoded) and its parts |
 * | anything else (image, application, audio ...) | not searched: a picture has no words, and base64 letters would match short words by chance.  Dovecot does the same unless a full-text plugin that reads PDFs and documents is configured |
 *
 * TEXT also searches the message's own header, with its encoded words
 * decoded (rfc2047.h).
 *
 * **Memory.**  The evaluator already holds the message (chapter 11's
 * reader caps it, as FETCH does, at 256 MiB); the decoded text is never
 * held whole.  Each part is decoded in chunks of #SEARCH_TEXT_CHUNK
 * octets, and each chunk goes to search_scan() (search_eval.h), which
 * carries its state from one chunk to the next, so a word cut by a chunk
 * border is still found: a search costs two buffers of a few kilobytes
 * (the needle's table is made once per command), whatever the size of
 * the part, and stops
 * decoding at the first match.  A header section is decoded the same
 * way, a piece at a time, by rfc2047.h's reader: a header of hundreds of
 * MiB costs no more memory than a short one.  The needle does not span parts: each
 * part starts a new scan.
 *
 * **Time.**  Linear in the decoded text plus the needle: each decoded
 * octet is read once (search_scan() never goes back), whatever the
 * needle -- a 64 KiB literal of `aaa...ab` against 4 MiB of `a` is as
 * quick as any other search (test-search-text's body_in_linear_time).
 */
#ifndef MM_SEARCH_TEXT_H
#define MM_SEARCH_TEXT_H

#include <stddef.h>

#include "search_scan.h"

/** Octets of a part decoded at a time (see the file comment). */
#define SEARCH_TEXT_CHUNK 4096

/**
 * @brief Does the text a reader sees of a message contain @p needle?
 *
 * Compared as search_contains() compares (ASCII and Latin-1 letters in
 * any case).
 * @param msg          the message in CRLF form
 * @param len          its length
 * @param with_header  1 for TEXT (the header section too), 0 for BODY
 * @param needle       what to find, UTF-8
 * @param nlen         its length (an empty needle is found in every message)
 * @return 1, 0, or -1 when out of memory
 */
int search_text_contains(const char *msg, size_t len, int with_header, const char *needle,
                         size_t nlen);

/**
 * @brief search_text_contains() with a needle made ready once
 *        (search_scan.h): what SEARCH calls for each message.
 * @param msg          the message in CRLF form
 * @param len          its length
 * @param with_header  1 for TEXT (the header section too), 0 for BODY
 * @param needle       what to find (an empty one is found in every message)
 * @return 1, 0, or -1 when out of memory
 */
int search_text_find(const char *msg, size_t len, int with_header,
                     const struct search_needle *needle);

#endif /* MM_SEARCH_TEXT_H */
