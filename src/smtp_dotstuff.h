/**
 * @file smtp_dotstuff.h
 * @brief The sending side of SMTP transparency: CRLF line ends and
 *        dot-stuffing (RFC 5321 §4.5.2), and what SIZE and BODY need to know.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §2.3.8 (lines end in CRLF), §4.1.1.4 (DATA ends with
 *      CRLF "." CRLF), §4.5.2 (transparency), §4.5.3.1.6 (1000-octet
 *      text lines); RFC 1870 §4 (the SIZE value); RFC 6152 (8-bit octets)
 *
 * After DATA the message travels as lines, and one line -- a lone "." --
 * ends it.  So a message line that *starts* with a dot must be protected:
 * RFC 5321 §4.5.2 has the client put one more dot in front of it, and the
 * server (chapter 4's smtp_data.c) takes it away again:
 *
 *     message line     on the wire      server stores
 *     ".signature"     "..signature"    ".signature"
 *     "."              ".."             "."
 *     "..."            "...."           "..."
 *
 * And the lines must end in CRLF.  Files on a Unix disk end their lines
 * in LF alone, and §2.3.8 is strict: a client "MUST NOT transmit" a CR or
 * an LF except as part of CRLF.  So this module also turns every bare LF,
 * and every bare CR, into CRLF; a message that does not end with a line
 * end gets one, so the final "." is always on a line of its own.  (A bare
 * LF on the wire is what "SMTP smuggling" exploits: a client that never
 * sends one can never be the carrier.)
 */
#ifndef MM_SMTP_DOTSTUFF_H
#define MM_SMTP_DOTSTUFF_H

#include <stddef.h>

#include "outbuf.h"

/** What a client needs to know about a message before MAIL FROM. */
struct smtp_msg_info {
    /** Octets after CRLF normalisation, without dot-stuffing and the
     *  final "." -- the number RFC 1870 §4 wants in SIZE=. */
    size_t size;
    /** How many lines (a last line without a line end counts). */
    size_t lines;
    /** The longest line in octets, without its line end (over 998 breaks
     *  §4.5.3.1.6: a server may refuse the message). */
    size_t longest;
    /** 1 when some octet is over 127: send BODY=8BITMIME (RFC 6152). */
    int has_8bit;
    /** 1 when the message contains a NUL octet (not allowed in SMTP text). */
    int has_nul;
};

/**
 * @brief Find the end of the next line.
 *
 * A line ends at CRLF, at a bare LF, or at a bare CR (each is sent as
 * CRLF), or at the end of the message.
 *
 * @param msg      the rest of the message
 * @param len      its length (> 0)
 * @param linelen  receives the line's length without its line end
 * @return how many octets the line takes with its line end (what to skip)
 */
size_t smtp_next_line(const char *msg, size_t len, size_t *linelen);

/**
 * @brief Measure a message: size after CRLF normalisation, 8-bit, NUL,
 *        longest line.
 * @param msg   the message
 * @param len   its length
 * @param info  receives the findings
 */
void smtp_msg_scan(const char *msg, size_t len, struct smtp_msg_info *info);

/**
 * @brief Encode a whole message into its wire form: CRLF line ends,
 *        dot-stuffed, ending with CRLF "." CRLF.
 *
 * Works like snprintf(3) on binary data: writes at most @p outsz octets
 * (no NUL is added) and returns the length of the whole encoding, so
 * `smtp_dotstuff(m, n, NULL, 0)` measures.
 *
 * @param msg    the message
 * @param len    its length
 * @param out    receives the wire form (may be NULL if @p outsz is 0)
 * @param outsz  room in @p out
 * @return the length of the wire form
 */
size_t smtp_dotstuff(const char *msg, size_t len, char *out, size_t outsz);

/**
 * @brief Send a message in its wire form, line by line, into @p ob.
 *
 * Each line is traced as the client's (`C: ..signature`), so the trace
 * shows exactly what went over the wire, the final "." included.  The
 * caller flushes.
 *
 * @param ob   the client's output buffer
 * @param msg  the message (lines ending in CRLF, LF or CR)
 * @param len  its length
 * @return 0 on success, -1 on a write error (errno set)
 */
int smtp_dotstuff_send(struct outbuf *ob, const char *msg, size_t len);

#endif /* MM_SMTP_DOTSTUFF_H */
