/**
 * @file exercise.h
 * @brief Exercise "received-header" (chapter 5, storing-mail): write the
 *        `Received:` trace field of RFC 5321 §4.4.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.4 (trace fields), §4.1.3 (address literals); RFC 5322
 *      §3.3 (date-time)
 */
#ifndef MM_EX_RECEIVED_HEADER_H
#define MM_EX_RECEIVED_HEADER_H

#include <stddef.h>
#include <time.h>

/** What one `Received:` field says. */
struct ex_trace {
    const char *helo;      /**< the client's EHLO/HELO name (a claim) */
    const char *ip;        /**< the connection's IP address ("192.0.2.7",
                                "2001:db8::7"), or NULL when unknown */
    const char *by;        /**< this server's name */
    const char *protocol;  /**< "ESMTP" or "SMTP" */
    const char *id;        /**< the transaction id */
    const char *rcpt;      /**< the one recipient of this copy, or NULL */
    struct tm tm;          /**< the local time: tm_wday, tm_mday, tm_mon,
                                tm_year, tm_hour, tm_min, tm_sec are used */
    int utc_offset_min;    /**< local time minus UTC, in minutes (+60, -480, +330) */
};

/**
 * @brief Write a `Received:` field, folded, with LF line ends.
 *
 * With a recipient:
 *
 *     Received: from HELO ([IP])\n
 *     \tby BY (minimail) with PROTOCOL id ID\n
 *     \tfor <RCPT>; DATE\n
 *
 * Without one (rcpt NULL), the last two lines are
 * `\tby BY (minimail) with PROTOCOL id ID;\n` and `\tDATE\n`.
 *
 * - ` ([IP])` is left out when ip is NULL; an IP with a `:` is IPv6 and is
 *   written `[IPv6:IP]` (RFC 5321 §4.1.3).
 * - In HELO, every character that is not a letter, digit, `-`, `.`,
 *   `_`, `[`, `]` or `:` is written as `?` (the name is the client's
 *   claim; it must not be able to fake the rest of the field).
 * - DATE is RFC 5322's `Fri, 27 Nov 2026 13:30:38 +0100`: English day and
 *   month abbreviations, day of month without a leading zero, four-digit
 *   year, two-digit hour, minute, second, and the offset as a sign and
 *   four digits (hours and minutes).
 *
 * @param buf    receives the field, NUL-terminated
 * @param bufsz  size of @p buf
 * @param t      what to say
 * @return the length written (without the NUL), or -1 if it does not fit
 */
int ex_received(char *buf, size_t bufsz, const struct ex_trace *t);

#endif /* MM_EX_RECEIVED_HEADER_H */
