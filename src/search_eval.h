/**
 * @file search_eval.h
 * @brief Deciding whether one message matches a search tree, reading
 *        only what the keys need, through callbacks.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (the meaning of each key, case-insensitive
 *      matching), §2.3.3 (INTERNALDATE),
 *      §2.3.4 (RFC822.SIZE); RFC 5322 §3.3 (the Date: field), §2.2.3
 *      (unfolding)
 *
 * The evaluator does not know about files.  What it knows of a message
 * comes in two parts:
 *
 * - a struct search_msg with what the session's view already holds --
 *   sequence number, UID, flags, \\Recent -- which costs nothing;
 * - a struct search_source of callbacks for what costs something: the
 *   size, the INTERNALDATE, the header section, the whole message.  The
 *   evaluator calls one only when a key needs it, and the caller (the
 *   SEARCH handler, imap_search.c) reads the file only then, and only as
 *   far as asked: a header key reads the header and stops.  A unit test
 *   passes callbacks that count their calls, and so proves that
 *   `SEARCH SEEN` opens no file.
 *
 * ## Matching rules (the choices RFC 3501 leaves open)
 *
 * - **Strings** (HEADER, FROM ..., BODY, TEXT) match as substrings of
 *   the text *a reader sees* (RFC 3501 §6.4.4: "case-insensitive"), in
 *   UTF-8.  Case folds for ASCII letters and for the Latin-1 letters
 *   `À`..`Þ` (U+00C0-U+00DE, which UTF-8 writes C3 80..C3 9E): `KÖLN`
 *   finds `Köln`.  Every other octet above 0x7f must match exactly: `Ω`
 *   does not find `ω`, `ß` does not find `SS`.  Full folding needs
 *   Unicode's tables (RFC 5051's i;unicode-casemap, which Dovecot
 *   implements); the Latin-1 letters cover the languages of Western
 *   Europe with a rule of one line (search_contains()), and the rest is
 *   left out and said so.  The client's strings must be UTF-8 (the
 *   parser answers BAD otherwise, search_parse.c), so a match starts
 *   where a character starts, and a value may hold any octet -- NUL
 *   included: lengths are counted, never found by strlen().
 * - **Time**: a string is found in one pass over the text, never going
 *   back (search_scan(), Knuth-Morris-Pratt): linear in the text plus
 *   the string, whatever either holds.
 * - **Header keys** look at every field of that name, unfolded (a
 *   message may have two `To:` fields, and has many `Received:`), and
 *   at the value only, not the name: `SUBJECT subj` does not match every
 *   message.  RFC 2047 encoded words in the value are decoded first
 *   (rfc2047.h): `SUBJECT Größe` finds `=?UTF-8?B?R3LDtsOfZQ==?=`, and
 *   `SUBJECT =?UTF-8` no longer finds it.  An empty string matches every
 *   message that has the field.
 * - **BODY** searches the decoded text of the text parts, **TEXT** that
 *   and the header (its encoded words decoded): quoted-printable and
 *   base64 undone, ISO-8859-1, ISO-8859-15 and windows-1252 converted to
 *   UTF-8, non-text parts (images, applications) not searched at all
 *   (search_text.h says which parts and why).  A word that appears only
 *   in the encoded form (`=C3=B6`, base64 letters) is not found.
 * - **Dates**: BEFORE, ON and SINCE use INTERNALDATE as chapter 10 sends
 *   it -- the file's modification time, in UTC -- and its calendar day;
 *   SENTBEFORE, SENTON and SENTSINCE use the day written in the Date:
 *   field, in the sender's time zone (RFC 3501: "disregarding time and
 *   timezone").  A message whose Date: cannot be read matches no SENT* key.
 * - **Sizes** are RFC822.SIZE, the message with CRLF line ends.
 *
 * When a callback fails (the file was deleted by another session after
 * the view was made), the key is *unknown*, and unknown follows the
 * three-valued logic of SQL: NOT unknown is unknown, `false AND unknown`
 * is false, `true OR unknown` is true.  A message whose result is
 * unknown is not returned.
 */
#ifndef MM_SEARCH_EVAL_H
#define MM_SEARCH_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "search_parse.h"

/** What the session's view knows of one message. */
struct search_msg {
    uint32_t seq;      /**< its sequence number */
    uint32_t uid;      /**< its UID */
    unsigned flags;    /**< MAILFLAG_* bits */
    int recent;        /**< \\Recent in this session */
    uint32_t count;    /**< the number of messages: `*` in a sequence set */
    uint32_t max_uid;  /**< the highest UID in the view: `*` in a UID set */
};

/**
 * @brief How the evaluator gets what it must read.  Each callback
 *        returns 0, or -1 when it cannot (the key is then unknown).
 */
struct search_source {
    /** The message's RFC822.SIZE. */
    int (*size)(void *arg, uint64_t *size);
    /** Its INTERNALDATE. */
    int (*internaldate)(void *arg, time_t *t);
    /** Its header section in CRLF form, the empty line included
     *  (valid until the next message). */
    int (*header)(void *arg, const char **hdr, size_t *len);
    /** The whole message in CRLF form, and where its body starts. */
    int (*message)(void *arg, const char **msg, size_t *len, size_t *body);
    /** Passed to every callback. */
    void *arg;
};

/** The three answers of the evaluator. */
enum search_match {
    SEARCH_NO = 0,       /**< the message does not match */
    SEARCH_YES = 1,      /**< it matches */
    SEARCH_UNKNOWN = -1  /**< it could not be read far enough to decide */
};

/**
 * @brief Does the message match the key (and everything under it)?
 * @param k    a node of a parsed query (usually search_query.root)
 * @param m    what the view knows of the message
 * @param src  how to read the rest
 * @return an enum search_match
 */
enum search_match search_match(const struct search_key *k, const struct search_msg *m,
                               const struct search_source *src);

/**
 * @brief The day written in an RFC 5322 date-time (`Tue, 1 Jul 2003
 *        10:52:37 +0200`), as a day number (imap_day_number()).
 *
 * The day of the week is optional, the year may have two digits (RFC
 * 5322 §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999); time and zone
 * are ignored, as SENTON asks.
 *
 * @param value  the field's value, unfolded (NUL-terminated)
 * @param day    receives the day number
 * @return 0, or -1 when no date can be read (also a day its month does
 *         not have: `31 Feb 2003`)
 */
int search_sent_day(const char *value, long *day);

#endif /* MM_SEARCH_EVAL_H */
