/**
 * @file exercise.h
 * @brief Exercise "state-check" (chapter 4, smtp-session): which command
 *        is allowed in which state, and where it leads.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.4 (order of commands), §4.3.2 (command-reply
 *      sequences), §3.3 (mail transactions)
 */
#ifndef MM_EX_STATE_CHECK_H
#define MM_EX_STATE_CHECK_H

/** The states of an SMTP server session (as enum smtp_state in src/smtp_session.h). */
enum ex_state {
    EX_INIT,   /**< greeting sent, no EHLO/HELO yet */
    EX_READY,  /**< greeted, no transaction open */
    EX_MAIL,   /**< MAIL accepted, no recipient yet */
    EX_RCPT,   /**< at least one recipient accepted */
    EX_DATA,   /**< 354 sent: the message text follows */
    EX_CLOSED  /**< 221 sent: the session is over */
};

/** The server's answer to one command: the reply code and the next state. */
struct ex_step {
    int code;            /**< the reply code, e.g. 250, 503 */
    enum ex_state next;  /**< the state after the reply */
};

/**
 * @brief The reply code and the next state for @p verb in @p state.
 *
 * Assume every command is syntactically correct and the server accepts
 * every sender and recipient; what matters here is only the *order*.
 * The commands (case-insensitive): EHLO HELO MAIL RCPT DATA RSET NOOP
 * QUIT VRFY EXPN HELP.  The codes, as chapter 4's server gives them:
 *
 * - EHLO, HELO: 250 in any state; the session is greeted and any
 *   transaction is reset (§4.1.4).
 * - MAIL: 250 between transactions; 503 before EHLO/HELO or inside a
 *   transaction (§4.1.4: "MUST NOT be sent if a mail transaction is
 *   already open").
 * - RCPT: 250 inside a transaction; 503 otherwise.
 * - DATA: 354 when at least one recipient was accepted; 503 otherwise.
 * - RSET: 250; ends the transaction, but a session not greeted yet
 *   stays not greeted.
 * - NOOP 250, VRFY 252, EXPN 502, HELP 214: in any state, no change
 *   (§4.1.4 "can be used at any time").
 * - QUIT: 221, and the session is over.
 * - anything else: 500, no change.
 *
 * A 5xx reply never changes the state (§4.1.4: the server "MUST stay in
 * the same state").
 *
 * @param state  where the session is (never EX_DATA or EX_CLOSED: no
 *               commands are read there)
 * @param verb   the command verb, e.g. "MAIL" or "mail"
 * @return the reply code and the next state
 */
struct ex_step ex_smtp_step(enum ex_state state, const char *verb);

#endif /* MM_EX_STATE_CHECK_H */
