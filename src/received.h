/**
 * @file received.h
 * @brief Trace header fields: `Return-Path:` and `Received:` (and the
 *        RFC 5322 date they carry).
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.4 (trace information), RFC 5322 §3.3 (date-time),
 *      §3.6.7 (trace fields), RFC 3848 (the "with" protocol names)
 *
 * Every SMTP server that handles a message adds a `Received:` line at the
 * top of it: where the message came from, who took it, how, when, and for
 * whom.  Read from the top down, a message's `Received:` lines are its
 * route in reverse -- the first thing to look at when mail goes astray.
 * The server that makes the *final delivery* also adds `Return-Path:`,
 * holding the envelope's reverse-path (MAIL FROM), because the envelope
 * itself is gone once the message sits in a mailbox and that is where
 * bounces must go (RFC 5321 §4.4).
 *
 * What this module writes (the lines are folded with LF + TAB, ready for
 * a Maildir file, which stores LF line ends):
 *
 * ```
 * Return-Path: <alice@example.org>
 * Received: from client.example.org ([192.0.2.7])
 *         by mail.example.test (minimail) with ESMTP id 1795786238.M440262P13667Q2
 *         for <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000
 * ```
 */
#ifndef MM_RECEIVED_H
#define MM_RECEIVED_H

#include <stddef.h>
#include <time.h>

/** Room for an RFC 5322 date-time with its NUL ("Fri, 27 Nov 2026 13:30:38 +0000"). */
#define RECEIVED_DATE_MAX 40

/** Everything a Received: line says. */
struct received_info {
    const char *helo;      /**< the name the client gave in EHLO/HELO */
    const char *peer_ip;   /**< the client's IP address ("192.0.2.7", "::1"), or
                                NULL/"" when unknown (e.g. a --stdio session) */
    const char *by;        /**< this server's host name */
    const char *protocol;  /**< "ESMTP" after EHLO, "SMTP" after HELO (RFC 3848) */
    const char *id;        /**< an identifier of this transaction, for logs */
    const char *for_rcpt;  /**< the one recipient this copy is for, or NULL */
    time_t when;           /**< when the message was received */
};

/**
 * @brief Write a date-time in RFC 5322 §3.3 form, in local time.
 *
 * Day and month names are written from the RFC's own tables (not with
 * strftime's `%a`/`%b`, which depend on the locale): `Fri, 27 Nov 2026
 * 13:30:38 +0100`.
 *
 * @param buf    receives the date
 * @param bufsz  size of @p buf (RECEIVED_DATE_MAX is enough)
 * @param t      the time
 * @return 0 on success, -1 if it does not fit or the time cannot be converted
 */
int received_date(char *buf, size_t bufsz, time_t t);

/**
 * @brief Write the `Return-Path: <reverse-path>` line, ending in LF.
 *
 * @param buf           receives the line
 * @param bufsz         size of @p buf
 * @param reverse_path  the address from MAIL FROM, without brackets
 *                      ("" for the null reverse-path, written `<>`)
 * @return the length written, or -1 if it does not fit
 */
int received_return_path(char *buf, size_t bufsz, const char *reverse_path);

/**
 * @brief Write a `Received:` field (folded over several lines, ending in LF).
 *
 * The HELO name is the client's claim, not a verified fact, and could hold
 * any printable text; characters that have no business in a domain or
 * an address literal (blanks, parentheses, ...) are written as `?` so the
 * claim cannot forge the structure of the field.
 *
 * @param buf    receives the field
 * @param bufsz  size of @p buf (1024 is always enough for SMTP-sized names)
 * @param ri     what to say
 * @return the length written, or -1 if it does not fit
 */
int received_format(char *buf, size_t bufsz, const struct received_info *ri);

/**
 * @brief Extract the IP address from a peer text such as "192.0.2.7:40312"
 *        or "[::1]:40312".
 *
 * @param peer   the peer as chapter 1's net_format_addr() writes it (may be NULL)
 * @param buf    receives the address without port and brackets
 * @param bufsz  size of @p buf
 * @return 0 on success, -1 if @p peer has no such form (then @p buf is "")
 */
int received_peer_ip(const char *peer, char *buf, size_t bufsz);

#endif /* MM_RECEIVED_H */
