/**
 * @file reply.h
 * @brief Server replies: `NNN text`, and multi-line `NNN-text` ... `NNN text`.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §4.2 (reply format), §4.2.1 (multi-line replies),
 *      §4.5.3.1.5 (512-octet reply lines)
 *
 * Every SMTP reply starts with a three-digit code; the first digit says
 * how things went (2 done, 3 go on, 4 try later, 5 failed; RFC 5321
 * §4.2.1), and the text after it is for humans.  A reply of several lines
 * repeats the code on each line, with a hyphen after it on every line but
 * the last, which has a space (§4.2.1):
 *
 *     250-mail.example.org greets you
 *     250-SIZE 10240000
 *     250 PIPELINING
 *
 * A client therefore reads lines until it sees "NNN " -- never by
 * counting.  These functions write replies into a struct outbuf (so
 * replies to pipelined commands leave together) and trace every line.
 * A reply line is at most 512 octets with its CRLF (§4.5.3.1.5); longer
 * text is cut.
 */
#ifndef MM_REPLY_H
#define MM_REPLY_H

#include "outbuf.h"

#include <stddef.h>

/** Longest reply line, CRLF included (RFC 5321 §4.5.3.1.5). */
#define REPLY_MAX_LINE 512

/**
 * @brief Write a one-line reply, or the last line of a multi-line one:
 *        `NNN text` (`NNN ` when the text is empty, as §4.2.1 asks).
 * @param ob    where the reply goes
 * @param code  the reply code, 100..599
 * @param fmt   printf-style text (without CRLF)
 * @return 0 on success, -1 on a write error or a code out of range
 *         (errno EINVAL)
 */
int reply(struct outbuf *ob, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * @brief Write a line of a multi-line reply that is not the last: `NNN-text`.
 *
 * Follow it with more reply_more() calls and one reply() with the same
 * code (RFC 5321 §4.2.1: every line of one reply has the same code).
 *
 * @param ob    where the reply goes
 * @param code  the reply code, 100..599
 * @param fmt   printf-style text (without CRLF)
 * @return 0 on success, -1 on error (as reply())
 */
int reply_more(struct outbuf *ob, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * @brief Write a whole multi-line reply from an array of texts.
 *
 * Lines 0..n-2 get `NNN-`, line n-1 gets `NNN ` -- the one place where
 * the rule of §4.2.1 is spelt out.  With @p n == 1 this is reply().
 *
 * @param ob     where the reply goes
 * @param code   the reply code, 100..599
 * @param lines  the texts (no CRLF, no code)
 * @param n      how many (at least 1)
 * @return 0 on success, -1 on error (errno EINVAL for n == 0 or a bad code)
 */
int reply_lines(struct outbuf *ob, int code, const char *const lines[], size_t n);

#endif /* MM_REPLY_H */
