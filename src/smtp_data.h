/**
 * @file smtp_data.h
 * @brief The DATA phase: reading the message, dot-unstuffing, the checks
 *        after the final ".", delivery.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1.4 (DATA), §4.5.2 (transparency), §2.3.8 (CRLF),
 *      §4.5.3.1.6 (1000-octet text lines), §4.5.3.1.7 (message size),
 *      §4.2.5 (the reply after the final "."); RFC 3463 (X.6.0, X.3.4)
 *
 * After "354", the client sends the message as lines ending in CRLF and
 * ends it with a line holding a single ".".  Since a message may itself
 * contain such a line, the client doubles every "." at the start of a
 * line ("dot-stuffing", §4.5.2) and the server removes one again.
 *
 * What this server does with bad message text -- decided here, once:
 *
 * | in the message                      | handling                                      |
 * |-------------------------------------|-----------------------------------------------|
 * | a line over 1000 octets with CRLF   | read to its end; after ".": `554 5.6.0`       |
 * | a bare LF or bare CR                | never a line end; after ".": `554 5.6.0`      |
 * | a NUL octet                         | after ".": `554 5.6.0`                        |
 * | more than max_message_size octets   | read to its end; after ".": `552 5.3.4`       |
 * | 8-bit octets (128-255)              | kept as they are                              |
 * | EOF, timeout or shutdown before "." | nothing delivered (421 for timeout/shutdown)  |
 *
 * Refusing the whole message (instead of "repairing" it) is the safe
 * choice against SMTP smuggling: `<LF>.<LF>` is not an end of data here,
 * so a message can never smuggle a second one past this server, and
 * nothing this server accepts could be read differently by the next one.
 * The session always goes on after the reply.
 */
#ifndef MM_SMTP_DATA_H
#define MM_SMTP_DATA_H

#include <stddef.h>

#include "smtp_session.h"

/**
 * @brief Undo dot-stuffing for one text line (RFC 5321 §4.5.2).
 *
 * @param line  one line of message text, without its CRLF
 * @param len   its length
 * @param skip  receives how many octets to drop from the start of the
 *              line to get the stored text (1 for a leading ".", else 0)
 * @return 1 when the line is the end of the message (a lone "."), else 0
 */
int smtp_data_unstuff(const char *line, size_t len, size_t *skip);

/**
 * @brief Run the DATA phase: 354, read to ".", check, deliver, reply.
 *
 * The caller (smtp_cmd_data()) has checked the state and that there is
 * at least one recipient.  Afterwards the transaction is over (whatever
 * the outcome) and the session is in SMTP_STATE_READY.
 *
 * @param s  the session, in SMTP_STATE_RCPT
 * @return SMTP_CMD_OK, SMTP_CMD_CLOSE (the client vanished, a timeout,
 *         shutdown) or SMTP_CMD_ERROR (an I/O error)
 */
int smtp_data_receive(struct smtp_session *s);

#endif /* MM_SMTP_DATA_H */
