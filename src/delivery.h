/**
 * @file delivery.h
 * @brief Final delivery of one message to its local recipients: trace
 *        fields, one Maildir copy per recipient, all or nothing.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.4 (Return-Path and Received at final delivery),
 *      §6.1 (reliable delivery), §4.2.2 and §4.2.3 (451/452 replies),
 *      RFC 3463 (4.3.0, 4.3.1, 4.2.2)
 *
 * SMTP's answer to the final "." is one reply for the whole message, even
 * when it has ten recipients.  So the delivery must be *all or nothing*:
 * if the third copy fails, the client hears 451 and will send the whole
 * message again later -- and the two copies already stored would then
 * arrive twice.  delivery_deliver() therefore works in two phases:
 *
 * 1. write every copy into its Maildir's tmp/ and fsync it (the slow,
 *    failure-prone part: disk full, quota, I/O errors);
 * 2. only when all copies are safe, rename them into new/ one by one, and
 *    if one of those final steps fails, take back the ones already made.
 *
 * How the message is stored, byte for byte:
 *
 * - `Return-Path: <reverse-path>` and a `Received:` field (see received.h)
 *   come first, then the message exactly as the client sent it, after
 *   dot-unstuffing;
 * - CRLF line ends become LF, the convention of Maildir files (see
 *   maildir_write_crlf()); an IMAP server turns them back into CRLF;
 * - every other octet, 8-bit or control character, is kept as it is.
 */
#ifndef MM_DELIVERY_H
#define MM_DELIVERY_H

#include <stddef.h>

#include "received.h"

/** Room for an error message from this module, with its NUL. */
#define DELIVERY_ERRLEN 400

/** One recipient of a message: the address and where it goes. */
struct delivery_target {
    const char *mailbox;  /**< the Maildir's name under the root (a user name) */
    const char *rcpt;     /**< the recipient address as given in RCPT TO */
};

/** What went wrong, as the SMTP reply that says so. */
struct delivery_failure {
    int code;              /**< 451 or 452 (always temporary: the client retries) */
    const char *enh;       /**< the enhanced code, e.g. "4.3.0" */
    const char *text;      /**< the reply text */
    char detail[DELIVERY_ERRLEN];  /**< the precise cause, for the log */
};

/**
 * @brief Store a message for each of its local recipients, durably.
 *
 * Each target gets its own copy with its own `Received: ... for <rcpt>`
 * line; a target that repeats an earlier one (same mailbox, same address
 * ignoring case) gets no second copy.  Returns only when every copy is on
 * disk, or none is.
 *
 * @param root          the Maildir root: mailbox M is the Maildir ROOT/M
 * @param targets       the recipients
 * @param ntargets      how many (at least 1)
 * @param reverse_path  the MAIL FROM address ("" for <>)
 * @param ri            the Received: details (its for_rcpt is ignored: each
 *                      copy names its own recipient)
 * @param data          the message as received: dot-unstuffed, CRLF line ends
 * @param len           its length
 * @param fail          receives the reply and the cause on failure (may be NULL)
 * @return the number of copies stored (>= 1), or -1 when none was
 */
int delivery_deliver(const char *root, const struct delivery_target *targets,
                     size_t ntargets, const char *reverse_path,
                     const struct received_info *ri, const char *data, size_t len,
                     struct delivery_failure *fail);

/**
 * @brief The SMTP reply for a failed delivery, from the errno of the failure.
 *
 * | errno        | reply                                            |
 * |--------------|--------------------------------------------------|
 * | ENOSPC       | `452 4.3.1 Insufficient system storage`          |
 * | EDQUOT       | `452 4.2.2 Mailbox full`                         |
 * | anything else| `451 4.3.0 Local error in processing, try again later` |
 *
 * All temporary (4xx): the failure is ours, not the message's, so the
 * client keeps the message and tries again later (RFC 5321 §4.2.1).
 *
 * @param err   the errno value
 * @param fail  receives code, enh and text (detail is left alone)
 */
void delivery_failure_from_errno(int err, struct delivery_failure *fail);

#endif /* MM_DELIVERY_H */
