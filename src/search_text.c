/**
 * @file search_text.c
 * @brief BODY and TEXT: walking the MIME tree, decoding text parts in
 *        chunks, and looking for the needle across chunk borders.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4; RFC 2045 §5.2 (text/plain; charset=us-ascii by
 *      default), §6; RFC 2046 §4.1.2, §5.1, §5.2.1; RFC 2047
 *
 * Three pieces, each from another file, in a pipeline per part:
 *
 *     part body --transfer_decode()--> octets --charset_to_utf8()--> UTF-8
 *               --search_scan()--> found?
 *
 * The tree comes from chapter 10's mime_parse(), the same parser that
 * answers BODYSTRUCTURE: this file only decides which parts a reader sees
 * as text (search_text.h) and feeds them.
 */
#include "search_text.h"

#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "mime.h"
#include "rfc2047.h"
#include "search_eval.h"
#include "transfer_decode.h"

/** Room for one decoded chunk (transfer_decode() may add TRANSFER_SLACK). */
#define DECODED_MAX (SEARCH_TEXT_CHUNK + TRANSFER_SLACK)

/**
 * The search state: the needle, where the scan is, and the two buffers a
 * chunk passes through (on the heap: a search runs deep in the session's
 * stack).
 */
struct matcher {
    const struct search_needle *needle; /**< what to find, ready for search_scan() */
    struct search_scan scan;        /**< where the scan is in the current part */
    int found;                      /**< the needle has been seen */
    char decoded[DECODED_MAX];      /**< a chunk after transfer_decode() */
    char utf8[DECODED_MAX * CHARSET_UTF8_MAX]; /**< ... and after charset_to_utf8() */
    struct rfc2047_reader header;   /**< a header section being decoded */
};

/* [search-text-scan] */
/* Scan a chunk of decoded text.  The chunks of a part are one text to
 * search_scan(): its struct search_scan carries, from one chunk to the
 * next, how much of the needle the text so far ends in and the last
 * octet (the fold's context: the 96 of `Ö`, C3 96, folds to B6 even when
 * a border falls between C3 and 96).  So a word cut by a chunk border is
 * found, and no octet is read twice. */
static void matcher_feed(struct matcher *m, const char *s, size_t n)
{
    if (!m->found && search_scan(m->needle, &m->scan, s, n))
        m->found = 1;
}

/* The end of a part (or header): the next text starts afresh, so that a
 * match never spans two parts. */
static void matcher_end(struct matcher *m)
{
    memset(&m->scan, 0, sizeof m->scan);
}
/* [search-text-scan] */

/* [search-text-header] */
/* A header section, its encoded words decoded (RFC 2047), a piece at a
 * time: a hostile header may be hundreds of MiB, and decoded whole it
 * would cost three times that at once.  The reader gives exactly the
 * octets rfc2047_decode() would give, in pieces that fit in the utf8
 * buffer, and the scan joins them as it joins a part's chunks. */
static void feed_header(struct matcher *m, const char *hdr, size_t len)
{
    size_t n;

    rfc2047_reader_init(&m->header, hdr, len, 0);
    while (!m->found && (n = rfc2047_read(&m->header, m->utf8, sizeof m->utf8)) > 0)
        matcher_feed(m, m->utf8, n);
    matcher_end(m);
}
/* [search-text-header] */

/* [search-text-part] */
/* One text part: decode its body chunk by chunk (RFC 2045 §6), convert
 * its charset (RFC 2046 §4.1.2; no charset parameter means US-ASCII),
 * feed the window. */
static void feed_text_part(struct matcher *m, const struct mime_part *p, const char *msg)
{
    const char *name = mime_param(&p->params, "charset");
    enum charset cs = name != NULL ? charset_lookup(name, strlen(name)) : CHARSET_UTF8;
    struct transfer_decoder d;
    const char *body = msg + p->body_off;

    transfer_init(&d, transfer_encoding_of(p->encoding));
    for (size_t off = 0; off < p->body_len && !m->found;) {
        size_t n = p->body_len - off < SEARCH_TEXT_CHUNK ? p->body_len - off : SEARCH_TEXT_CHUNK;
        size_t dn = transfer_decode(&d, body + off, n, m->decoded, off + n == p->body_len);
        matcher_feed(m, m->utf8, charset_to_utf8(cs, m->decoded, dn, m->utf8));
        off += n;
    }
    matcher_end(m);
}
/* [search-text-part] */

/* [search-text-walk] */
/* Every part a reader sees as text (the table in search_text.h). */
static void walk(struct matcher *m, const struct mime_part *p, const char *msg)
{
    for (size_t i = 0; i < p->nchildren && !m->found; i++)
        walk(m, &p->children[i], msg);
    if (p->message != NULL && !m->found) {          /* message/rfc822 */
        feed_header(m, msg + p->message->header_off, p->message->header_len);
        walk(m, p->message, msg);
        return;
    }
    if (p->nchildren == 0 && p->message == NULL && strcmp(p->type, "text") == 0)
        feed_text_part(m, p, msg);
}
/* [search-text-walk] */

int search_text_find(const char *msg, size_t len, int with_header,
                     const struct search_needle *needle)
{
    struct mime_part *root;
    struct matcher *m;
    int rc;

    if (needle->len == 0)
        return 1;                       /* "" is in every text, even none */
    if ((root = mime_parse(msg, len)) == NULL)
        return -1;
    if ((m = calloc(1, sizeof *m)) == NULL) {
        mime_free(root);
        return -1;
    }
    m->needle = needle;
    if (with_header)
        feed_header(m, msg + root->header_off, root->header_len);
    if (!m->found)
        walk(m, root, msg);
    rc = m->found;
    free(m);
    mime_free(root);
    return rc;
}

int search_text_contains(const char *msg, size_t len, int with_header, const char *needle,
                         size_t nlen)
{
    struct search_needle n;

    if (search_needle_init(&n, needle, nlen) < 0)
        return -1;
    int rc = search_text_find(msg, len, with_header, &n);
    search_needle_free(&n);
    return rc;
}
