/**
 * @file imap_commands.h
 * @brief Chapter 8's command handlers: CAPABILITY, NOOP, LOGOUT, ID,
 *        ENABLE (imap_commands.c) and LOGIN, AUTHENTICATE (imap_auth.c).
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §6.1 (any state), §6.2 (not authenticated state);
 *      RFC 2971 (ID); RFC 5161 (ENABLE); RFC 4616 (PLAIN); RFC 4959
 *      (SASL-IR); RFC 5530 (response codes)
 *
 * They are collected in imap_base_extension (imap_session.h), whose
 * command table is:
 *
 * | command      | states                   | RFC                   |
 * |--------------|--------------------------|-----------------------|
 * | CAPABILITY   | any                      | 3501 §6.1.1           |
 * | NOOP         | any                      | 3501 §6.1.2           |
 * | LOGOUT       | any                      | 3501 §6.1.3           |
 * | ID           | any                      | 2971 §3.1             |
 * | LOGIN        | not authenticated        | 3501 §6.2.3           |
 * | AUTHENTICATE | not authenticated        | 3501 §6.2.2, 4959     |
 * | ENABLE       | authenticated            | 5161 §3.1             |
 *
 * A later chapter can reuse a handler in its own table (for example to
 * allow a command in one more state) -- that is why they are public.
 */
#ifndef MM_IMAP_COMMANDS_H
#define MM_IMAP_COMMANDS_H

#include "imap_session.h"

/** Most field/value pairs in an ID command (RFC 2971 §3.3). */
#define IMAP_ID_MAX_PAIRS 30
/** Longest ID field name (RFC 2971 §3.3). */
#define IMAP_ID_MAX_FIELD 30
/** Longest ID value (RFC 2971 §3.3). */
#define IMAP_ID_MAX_VALUE 1024

/**
 * @brief CAPABILITY: `* CAPABILITY IMAP4rev1 ...`, then OK (RFC 3501 §6.1.1).
 * @param s     the session
 * @param args  the arguments (there must be none)
 * @return IMAP_CMD_OK or IMAP_CMD_ERROR
 */
int imap_cmd_capability(struct imap_session *s, struct imap_parser *args);

/**
 * @brief NOOP: nothing, then OK -- a chance for untagged updates (RFC 3501 §6.1.2).
 * @param s     the session
 * @param args  the arguments (there must be none)
 * @return IMAP_CMD_OK or IMAP_CMD_ERROR
 */
int imap_cmd_noop(struct imap_session *s, struct imap_parser *args);

/**
 * @brief LOGOUT: `* BYE`, then OK, then the connection closes (RFC 3501 §6.1.3).
 * @param s     the session
 * @param args  the arguments (there must be none)
 * @return IMAP_CMD_CLOSE, or IMAP_CMD_OK after a syntax error
 */
int imap_cmd_logout(struct imap_session *s, struct imap_parser *args);

/**
 * @brief ID: log the client's identification, answer with ours (RFC 2971).
 * @param s     the session
 * @param args  `SP ( "(" *(string SP nstring) ")" / NIL )`
 * @return IMAP_CMD_OK or IMAP_CMD_ERROR
 */
int imap_cmd_id(struct imap_session *s, struct imap_parser *args);

/**
 * @brief ENABLE: turn on the extensions the server knows (RFC 5161).
 * @param s     the session
 * @param args  `1*(SP capability)`
 * @return IMAP_CMD_OK or IMAP_CMD_ERROR
 */
int imap_cmd_enable(struct imap_session *s, struct imap_parser *args);

/**
 * @brief LOGIN user password (RFC 3501 §6.2.3).
 * @param s     the session
 * @param args  `SP astring SP astring`
 * @return IMAP_CMD_OK or IMAP_CMD_ERROR
 */
int imap_cmd_login(struct imap_session *s, struct imap_parser *args);

/**
 * @brief AUTHENTICATE PLAIN, with or without an initial response
 *        (RFC 3501 §6.2.2, RFC 4616, RFC 4959).
 * @param s     the session
 * @param args  `SP auth-type [SP (base64 / "=")]`
 * @return IMAP_CMD_OK, IMAP_CMD_CLOSE (the session ended while waiting
 *         for the response) or IMAP_CMD_ERROR
 */
int imap_cmd_authenticate(struct imap_session *s, struct imap_parser *args);

#endif /* MM_IMAP_COMMANDS_H */
