/**
 * @file bounce.h
 * @brief Delivery status notifications ("bounces"): the message a relay
 *        sends back to the sender when it gives up on a recipient.
 *
 * @chapter{relaying}
 * @rfc RFC 3464 (the message/delivery-status format), RFC 6522 (the
 *      multipart/report container), RFC 3463 (status codes), RFC 5321
 *      §4.5.5 and §6.1 (bounces have the null reverse-path and are never
 *      bounced themselves), RFC 3834 §5 (Auto-Submitted)
 *
 * Once a relay has said 250, the sender's client is gone; if the next hop
 * later refuses the message (550 no such user), or it cannot be delivered
 * for days, the only way to tell the sender is another message.  RFC 5321
 * §6.1 makes that a duty ("the SMTP server MUST send a notification
 * message"), and RFC 3464 gives it a form that programs can read as well
 * as people:
 *
 * ```
 * Content-Type: multipart/report; report-type=delivery-status; boundary="B"
 *
 * --B                                   1. for people: what happened
 * Content-Type: text/plain; charset=us-ascii
 *
 * --B                                   2. for programs: one field block per
 * Content-Type: message/delivery-status    message, then one per recipient
 *
 * Reporting-MTA: dns; alice.test
 * Arrival-Date: Fri, 27 Nov 2026 14:02:11 +0000
 *
 * Final-Recipient: rfc822; nobody@bob.test
 * Action: failed
 * Status: 5.1.1
 * Diagnostic-Code: smtp; 550 5.1.1 <nobody@bob.test>: no such user here
 *
 * --B                                   3. the original message's header
 * Content-Type: text/rfc822-headers
 *
 * --B--
 * ```
 *
 * The bounce travels with the *null reverse-path* `MAIL FROM:<>` (RFC 5321
 * §4.5.5), so that a bounce that cannot be delivered is dropped instead
 * of bouncing back and forth for ever.  For the same reason, a message
 * that itself had the null sender never gets a bounce.
 */
#ifndef MM_BOUNCE_H
#define MM_BOUNCE_H

#include <stddef.h>
#include <time.h>

/** One recipient the bounce reports on. */
struct bounce_rcpt {
    const char *addr;        /**< the recipient address */
    const char *status;      /**< RFC 3463 code, e.g. "5.1.1" or "4.4.7" */
    const char *diag;        /**< the next hop's reply ("550 5.1.1 ..."), or NULL
                                  when there was none (connection failures) */
    const char *remote_mta;  /**< the next hop's host, or NULL */
    const char *explain;     /**< a sentence for people, or NULL */
};

/** Everything a bounce says. */
struct bounce_info {
    const char *reporting_mta;  /**< our host name (Reporting-MTA, From:) */
    const char *sender;         /**< the original sender: the bounce's To: */
    const char *queue_id;       /**< the original message's queue id */
    time_t arrival;             /**< when we accepted the original */
    time_t now;                 /**< when we gave up (Date:, Last-Attempt-Date) */
    const struct bounce_rcpt *rcpts;  /**< the failed recipients */
    size_t nrcpts;              /**< how many (at least 1) */
};

/**
 * @brief The RFC 3463 status for an SMTP reply: its enhanced code when it
 *        has one, else the reply class with `.0.0` (`550` -> `5.0.0`).
 *
 * @param code   the reply code (0: no reply)
 * @param enh    the reply's enhanced code ("" or NULL: none)
 * @param out    receives the status
 * @param outsz  size of @p out (at least 12)
 */
void bounce_status(int code, const char *enh, char *out, size_t outsz);

/**
 * @brief Compose a bounce: headers and the three-part multipart/report.
 *
 * The result has CRLF line ends, ready to be queued or stored.  Part 3
 * holds the original message's header section (everything before its
 * first empty line), which is enough for the sender to recognise the
 * message without sending a possibly large body back.
 *
 * @param bi       what to say
 * @param orig     the original message as queued (CRLF line ends)
 * @param origlen  its length
 * @param outlen   receives the length of the bounce
 * @return the bounce (malloc'ed, NUL-terminated), or NULL when out of memory
 */
char *bounce_compose(const struct bounce_info *bi, const char *orig, size_t origlen,
                     size_t *outlen);

#endif /* MM_BOUNCE_H */
