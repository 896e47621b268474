/**
 * @file smtp_auth.h
 * @brief SMTP AUTH on the server: the AUTH command with the PLAIN and
 *        LOGIN mechanisms, checked against the users file.
 *
 * @chapter{relaying}
 * @rfc RFC 4954 (SMTP AUTH: §3 the EHLO keyword, §4 the AUTH command,
 *      §5 the AUTH= parameter of MAIL, §6 status codes), RFC 4616 (PLAIN),
 *      RFC 4422 (SASL), RFC 3463 and RFC 5248 (enhanced codes 5.7.8, 5.7.11)
 *
 * A relay must not carry mail for strangers, but it must carry mail for
 * its own users wherever they are: on a laptop in a hotel, their address
 * is not in any trusted network.  SMTP AUTH lets them prove who they are
 * before MAIL FROM:
 *
 * ```
 * S: 250-AUTH PLAIN LOGIN                      (in the EHLO reply)
 * C: AUTH PLAIN AGFsaWNlAHNlY3JldA==           (\0alice\0secret, base64)
 * S: 235 2.7.0 Authentication successful
 * ```
 *
 * This module is one row of a command table (smtp_auth_commands), put in
 * front of chapter 4's table, plus the per-session state the row needs.
 * The rules it follows:
 *
 * | situation                                   | reply |
 * |---------------------------------------------|-------|
 * | AUTH before EHLO, or after HELO               | `503 5.5.1` |
 * | AUTH in a mail transaction (after MAIL)       | `503 5.5.1` (RFC 4954 §4) |
 * | AUTH after a successful AUTH                  | `503 5.5.1` (§4: "MUST reject") |
 * | AUTH not offered to this client (see below)   | `538 5.7.11` (§6: encryption required) |
 * | no or bad mechanism name                      | `501 5.5.4` / `504 5.5.4` |
 * | a response that is not base64, or not PLAIN   | `501 5.5.2` |
 * | the client answers a 334 with `*`             | `501 5.0.0` cancelled (§4: "MUST reject ... 501") |
 * | wrong user or password                        | `535 5.7.8`, after a delay |
 * | right user and password                       | `235 2.7.0` |
 *
 * **When AUTH is offered.**  PLAIN and LOGIN send the password itself (in
 * base64, which hides nothing).  Without TLS -- which minimail does not
 * do -- that is only safe where nobody can listen: on the loopback
 * interface.  So `AUTH PLAIN LOGIN` appears in the EHLO reply only for
 * clients connecting from a loopback address, or everywhere when the
 * server is started with `--allow-plaintext-auth` (smtp_auth_config.
 * plaintext_anywhere).  Elsewhere the keyword is not announced, and a
 * client that tries anyway gets 538, the code RFC 4954 §6 defines for
 * "this mechanism needs an encrypted connection".
 *
 * **How the row finds its state.**  A command handler only gets the
 * session; per-session data of a server lives in smtp_session.ext.  A
 * server that uses this table makes `ext` point to a struct whose *first
 * member* is a struct smtp_auth_session -- C guarantees that a pointer to
 * a struct, converted, points to its first member (C11 §6.7.2.1 ¶15), the
 * same rule that makes `struct sockaddr *` work.  smtp_relay.h's session
 * data is laid out that way.
 */
#ifndef MM_SMTP_AUTH_H
#define MM_SMTP_AUTH_H

#include "sasl.h"
#include "smtp_session.h"
#include "users.h"

/** The EHLO keyword line (RFC 4954 §3): the mechanisms offered. */
#define SMTP_AUTH_KEYWORD "AUTH PLAIN LOGIN"

/** Default delay before a 535 reply, in milliseconds. */
#define SMTP_AUTH_FAIL_DELAY_MS 1000

/** Server-wide settings of AUTH. */
struct smtp_auth_config {
    /** The users and their passwords (NULL: nobody can log in). */
    const struct users *users;
    /** 1: offer PLAIN and LOGIN on every connection; 0: on loopback only. */
    int plaintext_anywhere;
    /** Milliseconds to wait before answering a failed attempt with 535
     *  (0: SMTP_AUTH_FAIL_DELAY_MS). */
    unsigned fail_delay_ms;
};

/** What one session knows about its client's authentication. */
struct smtp_auth_session {
    /** The settings (set by smtp_auth_session_init()). */
    const struct smtp_auth_config *cfg;
    /** 1 if AUTH is offered to this client (decided when it connects). */
    int offered;
    /** 1 after a successful AUTH. */
    int authenticated;
    /** The user name, as spelled in the users file, once authenticated. */
    char user[SASL_FIELD_MAX];
    /** Failed attempts in this session (for the log). */
    unsigned failures;
};

/** The AUTH row, to be put in front of chapter 4's table. */
extern const struct smtp_command smtp_auth_commands[];

/**
 * @brief Start a session's AUTH state: decide whether AUTH is offered.
 *
 * Called by the server's connect hook.  AUTH is offered when
 * cfg->plaintext_anywhere is set or when the client's address (taken from
 * @p peer, "127.0.0.1:40312" or "[::1]:40312") is a loopback address.
 *
 * @param a     the session's state (the first member of its smtp_session.ext)
 * @param cfg   the settings (must outlive the session)
 * @param peer  the client's address as smtp_session.peer holds it
 */
void smtp_auth_session_init(struct smtp_auth_session *a,
                            const struct smtp_auth_config *cfg, const char *peer);

/**
 * @brief Judge the AUTH= parameter of MAIL FROM (RFC 4954 §5).
 *
 * `AUTH=<mailbox>` (xtext) or `AUTH=<>` tells who originally submitted
 * the message.  §5 lets a server that does not trust the claim ignore it,
 * which minimail does (it never passes it on); but the parameter is only
 * known when AUTH was offered, and it must have a value.
 *
 * @param s      the session (its ext laid out as described above)
 * @param key    the keyword, upper case
 * @param value  its value, or NULL
 * @param r      receives a refusal
 * @return SMTP_ACCEPT for a well-formed AUTH=, SMTP_REJECT (501) for one
 *         without a value, SMTP_UNKNOWN for any other keyword or when AUTH
 *         was not offered
 */
enum smtp_verdict smtp_auth_mail_param(struct smtp_session *s, const char *key,
                                       const char *value, struct smtp_reply *r);

/**
 * @brief The session's AUTH state, or NULL when the server keeps none.
 * @param s  the session
 * @return the struct smtp_auth_session at the start of smtp_session.ext
 */
struct smtp_auth_session *smtp_auth_of(struct smtp_session *s);

/**
 * @brief Check a user name and password against the users file.
 *
 * @param cfg       the settings (their users file)
 * @param authzid   the identity to act as ("" or NULL: the same as @p user)
 * @param user      the user name
 * @param password  the password
 * @param canon     receives the user's name as spelled in the users file
 * @param canonsz   size of @p canon
 * @return 1 when the user exists, has a password, it matches, and
 *         @p authzid is empty or names the same user; 0 otherwise
 */
int smtp_auth_check(const struct smtp_auth_config *cfg, const char *authzid,
                    const char *user, const char *password, char *canon, size_t canonsz);

#endif /* MM_SMTP_AUTH_H */
