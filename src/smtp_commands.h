/**
 * @file smtp_commands.h
 * @brief Chapter 4's command handlers, for tables that reuse them.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1 (the commands), §4.1.4 (their order), §4.3.2
 *      (the replies each may get)
 *
 * The handlers behind smtp_base_commands.  A later chapter that wants to
 * put a condition in front of a command -- "MAIL only after AUTH", say --
 * writes a row of its own whose handler checks the condition and then
 * calls the handler declared here; it does not edit this chapter's table.
 *
 * Every handler has the shape of smtp_cmd_fn: it gets the session and
 * the text after the verb, sends exactly one reply (§4.2: "every command
 * MUST generate exactly one reply"), and returns SMTP_CMD_OK,
 * SMTP_CMD_CLOSE or SMTP_CMD_ERROR.
 */
#ifndef MM_SMTP_COMMANDS_H
#define MM_SMTP_COMMANDS_H

#include "smtp_session.h"

/**
 * @brief EHLO domain: greet, list the extensions, reset (§4.1.1.1).
 * @param s     the session
 * @param args  the client's domain or address literal
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_ehlo(struct smtp_session *s, char *args);

/**
 * @brief HELO domain: the pre-ESMTP greeting; one line, no extensions (§4.1.1.1).
 * @param s     the session
 * @param args  the client's domain
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_helo(struct smtp_session *s, char *args);

/**
 * @brief MAIL FROM:<reverse-path> [params]: start a transaction (§4.1.1.2).
 * @param s     the session
 * @param args  "FROM:<...> ..."
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_mail(struct smtp_session *s, char *args);

/**
 * @brief RCPT TO:<forward-path> [params]: add a recipient (§4.1.1.3).
 * @param s     the session
 * @param args  "TO:<...> ..."
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_rcpt(struct smtp_session *s, char *args);

/**
 * @brief DATA: 354, the message up to ".", delivery, the final reply (§4.1.1.4).
 * @param s     the session
 * @param args  must be empty
 * @return SMTP_CMD_OK; SMTP_CMD_CLOSE when the client went away or timed
 *         out during the message; SMTP_CMD_ERROR on an I/O error
 */
int smtp_cmd_data(struct smtp_session *s, char *args);

/**
 * @brief RSET: abort the transaction (§4.1.1.5).
 * @param s     the session
 * @param args  must be empty
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_rset(struct smtp_session *s, char *args);

/**
 * @brief NOOP [string]: do nothing, say 250 (§4.1.1.9).
 * @param s     the session
 * @param args  ignored (the RFC allows an argument)
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_noop(struct smtp_session *s, char *args);

/**
 * @brief QUIT: 221 and close (§4.1.1.10).
 * @param s     the session
 * @param args  must be empty
 * @return SMTP_CMD_CLOSE (or SMTP_CMD_OK after a 501 for arguments)
 */
int smtp_cmd_quit(struct smtp_session *s, char *args);

/**
 * @brief VRFY string: 252 unless the vrfy hook knows better (§3.5.3, §4.1.1.6).
 * @param s     the session
 * @param args  a user name or mailbox
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_vrfy(struct smtp_session *s, char *args);

/**
 * @brief EXPN string: 502, mailing lists are not expanded (§3.5.2, §4.1.1.7).
 * @param s     the session
 * @param args  ignored
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_expn(struct smtp_session *s, char *args);

/**
 * @brief HELP [verb]: 214 with the usage of every command in the tables (§4.1.1.8).
 * @param s     the session
 * @param args  empty, or a verb to explain
 * @return SMTP_CMD_OK, or SMTP_CMD_ERROR on a write error
 */
int smtp_cmd_help(struct smtp_session *s, char *args);

#endif /* MM_SMTP_COMMANDS_H */
