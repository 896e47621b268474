/**
 * @file smtp_client.h
 * @brief The SMTP client: connect, EHLO/HELO, AUTH, one mail transaction
 *        (with PIPELINING, SIZE, 8BITMIME), RSET, QUIT.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §3.1-3.3 (session, EHLO/HELO, mail transaction), §4.1.1
 *      (commands), §4.5.2 (transparency), §4.5.3.2 (client timeouts),
 *      §4.2 (replies); RFC 2920 (PIPELINING), RFC 1870 (SIZE), RFC 6152
 *      (8BITMIME), RFC 4954 and RFC 4616 (AUTH, PLAIN), RFC 3463
 *
 * The other half of chapters 4 and 5: the program that *sends*.  A
 * struct smtp_client holds one connection to one server -- the socket,
 * chapter 2's line reader (tag 'S': it reads what the Server says) and
 * output buffer (tag 'C'), the timeouts, and what the server announced in
 * its EHLO reply.  The calls follow the RFC's session, in order:
 *
 * ```
 * struct smtp_client c;
 * smtp_client_init(&c);
 * smtp_client_connect(&c, "127.0.0.1", "2525");   // reads the 220 greeting
 * smtp_client_hello(&c, "client.example.org");    // EHLO, or HELO after 500/502
 * smtp_client_auth(&c, "alice", "secret", NULL);  // optional: AUTH PLAIN/LOGIN
 * smtp_client_send(&c, &txn);                     // MAIL, RCPT..., DATA, message, "."
 * smtp_client_send(&c, &txn2);                    // as many transactions as you like
 * smtp_client_quit(&c);                           // QUIT, 221, close
 * ```
 *
 * Return values follow one rule.  A call that sends a command returns the
 * code of the reply (250, 550, ...), or -1 when no reply could be read:
 * the connection failed, the server closed it, stalled past the timeout,
 * or answered something that is not SMTP.  After -1, smtp_client.err says
 * what happened in English, the connection is closed, and every further
 * call returns -1 at once: a client cannot know where a broken
 * conversation stands, so it does not try to continue it.
 *
 * For a relay (chapter 7), the useful distinction is the reply class
 * (smtp_reply_class()): 2 delivered, 4 (or -1: no reply) try again later,
 * 5 give up and bounce.  smtp_client_rcpt_result() tells that for each
 * recipient of a transaction.
 */
#ifndef MM_SMTP_CLIENT_H
#define MM_SMTP_CLIENT_H

#include <stddef.h>

#include "linereader.h"
#include "outbuf.h"
#include "smtp_reply_read.h"

/** Room for an error message in smtp_client.err. */
#define SMTP_CLIENT_ERRLEN 256

/** Room for the name given in EHLO/HELO, with its NUL. */
#define SMTP_CLIENT_NAME_MAX 256

/** @name Extensions the server announced (smtp_client.ext)
 *  @{ */
#define SMTP_EXT_PIPELINING 0x0001u  /**< RFC 2920 */
#define SMTP_EXT_SIZE       0x0002u  /**< RFC 1870 (limit in smtp_client.size_limit) */
#define SMTP_EXT_8BITMIME   0x0004u  /**< RFC 6152 */
#define SMTP_EXT_ENHANCED   0x0008u  /**< ENHANCEDSTATUSCODES, RFC 2034 */
#define SMTP_EXT_AUTH       0x0010u  /**< RFC 4954 (mechanisms in smtp_client.auth_mechs) */
#define SMTP_EXT_STARTTLS   0x0020u  /**< RFC 3207 (noticed, not used: minimail has no TLS) */
#define SMTP_EXT_SMTPUTF8   0x0040u  /**< RFC 6531 (noticed, not used) */
#define SMTP_EXT_DSN        0x0080u  /**< RFC 3461 (noticed, not used) */
/** @} */

/** @name SASL mechanisms the server offered (smtp_client.auth_mechs)
 *  @{ */
#define SMTP_AUTH_PLAIN 0x01u  /**< RFC 4616 */
#define SMTP_AUTH_LOGIN 0x02u  /**< the old, undocumented-but-everywhere LOGIN */
/** @} */

/** @name Options (smtp_client.flags)
 *  @{ */
/** Never pipeline, even when the server offers PIPELINING: send each
 *  command and wait for its reply (to compare the two in a trace). */
#define SMTP_CLIENT_NO_PIPELINING 0x01u
/** Send a message with 8-bit octets even to a server that does not offer
 *  8BITMIME (RFC 6152 §3 forbids it; for experiments only). */
#define SMTP_CLIENT_FORCE_8BIT    0x02u
/** @} */

/**
 * @brief How long the client waits, in milliseconds (RFC 5321 §4.5.3.2).
 *
 * The RFC's minimums are generous -- minutes -- because a busy server may
 * be slow to answer, and giving up early makes both sides do the work
 * again.  smtp_client_init() sets them; a value <= 0 means "wait for
 * ever", which nothing in minimail uses.
 */
struct smtp_client_timeouts {
    int connect_ms;     /**< TCP connection (not in the RFC): 30 s */
    int greeting_ms;    /**< the 220 greeting, §4.5.3.2.1: 5 min */
    int command_ms;     /**< EHLO, AUTH, MAIL, RCPT, RSET, QUIT, §4.5.3.2.2-3: 5 min */
    int data_init_ms;   /**< the 354 after DATA, §4.5.3.2.4: 2 min */
    int data_block_ms;  /**< each write of the message, §4.5.3.2.5: 3 min */
    int data_end_ms;    /**< the reply after the final ".", §4.5.3.2.6: 10 min */
};

/** One connection to one SMTP server.  Members marked "out" may be read;
 *  set timeouts and flags before smtp_client_connect(); treat the rest as
 *  private. */
struct smtp_client {
    struct smtp_client_timeouts timeouts; /**< in: the waits (see smtp_client_set_timeout()) */
    unsigned flags;          /**< in: SMTP_CLIENT_* options */
    int fd;                  /**< the socket, -1 when not connected */
    int esmtp;               /**< out: 1 after EHLO was accepted, 0 after HELO */
    unsigned ext;            /**< out: SMTP_EXT_* announced in the EHLO reply */
    unsigned auth_mechs;     /**< out: SMTP_AUTH_* offered after "AUTH" */
    unsigned long long size_limit; /**< out: the number after "SIZE" (0: none given) */
    char greeting[SMTP_REPLY_LINE_MAX]; /**< out: first line of the 220 greeting */
    struct smtp_client_reply reply;     /**< out: the last reply read */
    char err[SMTP_CLIENT_ERRLEN];       /**< out: what went wrong, after a -1 */
    struct linereader lr;    /**< reads replies (trace tag 'S') */
    struct outbuf ob;        /**< buffers commands (trace tag 'C') */
};

/** One recipient of a transaction. */
struct smtp_client_rcpt {
    const char *addr;                /**< in: the mailbox, without angle brackets */
    struct smtp_client_reply reply;  /**< out: the reply to its RCPT (code 0:
                                          never answered) */
};

/** One mail transaction: the envelope, the message, and every reply. */
struct smtp_client_txn {
    const char *from;              /**< in: reverse-path mailbox without
                                        brackets; "" for the null path <> */
    struct smtp_client_rcpt *rcpts; /**< in/out: the recipients */
    size_t nrcpts;                 /**< in: how many (at least 1) */
    const char *msg;               /**< in: the message (header, blank line,
                                        body), lines ending in CRLF or LF;
                                        *not* dot-stuffed: the client does it */
    size_t len;                    /**< in: its length in octets */
    struct smtp_client_reply mail; /**< out: reply to MAIL */
    struct smtp_client_reply data; /**< out: reply to DATA (354, or a refusal) */
    struct smtp_client_reply end;  /**< out: reply after the final "." */
    size_t accepted;               /**< out: recipients answered with 2yz */
    int pipelined;                 /**< out: 1 when MAIL, RCPTs and DATA went
                                        out as one RFC 2920 group */
    int local;                     /**< out: 1 when the client itself refused
                                        the transaction before sending it
                                        (message over the server's SIZE, 8-bit
                                        message and no 8BITMIME): the member
                                        mail then holds a made-up 5yz reply saying
                                        why, and nothing was sent */
};

/**
 * @brief Set up a client: not connected, the RFC's default timeouts, no
 *        options.
 * @param c  the client
 */
void smtp_client_init(struct smtp_client *c);

/**
 * @brief Set every timeout to the same value (the --timeout option).
 * @param c   the client
 * @param ms  milliseconds for every wait (> 0)
 */
void smtp_client_set_timeout(struct smtp_client *c, int ms);

/**
 * @brief Connect to HOST:PORT and read the greeting.
 *
 * @param c     the client (smtp_client_init() done)
 * @param host  host name or address
 * @param port  decimal port or service name
 * @return the greeting's code (220 when the server will talk; 554 or 421
 *         when it will not: then call smtp_client_quit()), or -1 when the
 *         connection failed or no greeting came (smtp_client.err)
 */
int smtp_client_connect(struct smtp_client *c, const char *host, const char *port);

/**
 * @brief Start a session on a descriptor that is already connected, and
 *        read the greeting.
 *
 * For tests (one end of a socketpair) and for programs that made the
 * connection themselves.  The client owns @p fd from now on and closes it.
 *
 * @param c   the client
 * @param fd  a connected stream socket (or any bidirectional descriptor)
 * @return as smtp_client_connect()
 */
int smtp_client_start(struct smtp_client *c, int fd);

/**
 * @brief Say hello: EHLO, and HELO when the server does not know EHLO.
 *
 * RFC 5321 §3.2: a client SHOULD start with EHLO; a server that answers
 * 500 or 502 ("command not recognized") is an old RFC 821 server, and the
 * client falls back to HELO -- without extensions.  The EHLO reply's
 * lines fill smtp_client.ext, auth_mechs and size_limit.
 *
 * @param c     the client, after the 220 greeting
 * @param name  this host's name for the greeting (a domain or an address
 *              literal like "[127.0.0.1]"); NULL: "localhost"
 * @return the code of the EHLO (or HELO) reply (250 on success), or -1
 */
int smtp_client_hello(struct smtp_client *c, const char *name);

/**
 * @brief Authenticate with AUTH PLAIN or AUTH LOGIN (RFC 4954).
 *
 * PLAIN (RFC 4616) is sent with its initial response, in one line:
 * `AUTH PLAIN base64(NUL user NUL password)`.  LOGIN sends the user name
 * and the password, base64-encoded, each after a 334 challenge.  The trace
 * shows the base64 credentials as "****".
 *
 * @param c     the client, after smtp_client_hello()
 * @param user  the user name (authentication identity)
 * @param pass  the password
 * @param mech  "PLAIN", "LOGIN", or NULL: PLAIN if offered, else LOGIN
 * @return the code of the final reply (235 success, 535 bad credentials,
 *         ...), 0 when nothing was sent because the server offers no
 *         usable mechanism (smtp_client.err says so), or -1
 */
int smtp_client_auth(struct smtp_client *c, const char *user, const char *pass,
                     const char *mech);

/**
 * @brief Send one message: MAIL, RCPT for each recipient, DATA, the
 *        message (dot-stuffed, CRLF line ends), ".".
 *
 * With PIPELINING announced (and not switched off) MAIL, every RCPT and
 * DATA leave as one group and the replies are read afterwards, in order
 * (RFC 2920 §3); else each command waits for its reply.  MAIL carries
 * SIZE= when the server announced SIZE (RFC 1870) and BODY=8BITMIME when
 * it announced 8BITMIME and the message has octets over 127 (RFC 6152).
 *
 * Recipients may be refused one by one; the message is sent when at
 * least one was accepted.  When the transaction ends without a message
 * (MAIL refused, no recipient accepted, DATA refused) the client sends
 * RSET, so the connection is ready for another transaction.
 *
 * @param c  the client, after smtp_client_hello() (and AUTH, if any)
 * @param t  the transaction; its out members are filled in
 * @return the code of the reply after "." when the message was sent
 *         (250: accepted for every recipient in t->accepted), 0 when the
 *         transaction ended before the message was sent (see t->mail,
 *         t->rcpts[i].reply, t->data, t->local), or -1 when the
 *         connection failed (the replies read so far are filled in)
 */
int smtp_client_send(struct smtp_client *c, struct smtp_client_txn *t);

/**
 * @brief The reply that decided the fate of recipient @p i.
 *
 * In order: MAIL's reply if MAIL was refused, the recipient's RCPT reply
 * if it was refused, DATA's reply if DATA was refused, else the reply
 * after ".".  A code of 0 means "no reply": the connection failed first,
 * and nobody knows whether the message arrived -- a relay treats that as
 * a temporary failure and tries again (RFC 5321 §6.1 prefers a duplicate
 * to a loss).
 *
 * @param t  a transaction after smtp_client_send()
 * @param i  index of the recipient
 * @return the deciding reply (never NULL; code 0 means none)
 */
const struct smtp_client_reply *smtp_client_rcpt_result(const struct smtp_client_txn *t,
                                                        size_t i);

/**
 * @brief Send any command line and read its reply (NOOP, VRFY, HELP ...).
 * @param c     the client, connected
 * @param line  the command without CRLF (no CR or LF inside)
 * @return the reply's code, or -1
 */
int smtp_client_command(struct smtp_client *c, const char *line);

/**
 * @brief RSET: abandon the current transaction (RFC 5321 §4.1.1.5).
 * @param c  the client
 * @return the reply's code (250), or -1
 */
int smtp_client_rset(struct smtp_client *c);

/**
 * @brief QUIT, read the 221, and close the connection.
 *
 * Safe to call on a client whose connection already failed (it only
 * closes then).  The client can be connected again afterwards.
 *
 * @param c  the client
 * @return the reply's code (221), or -1 when QUIT could not be sent or
 *         answered (the connection is closed all the same)
 */
int smtp_client_quit(struct smtp_client *c);

/**
 * @brief Close the connection without QUIT (after an error).  Safe to
 *        call twice.
 * @param c  the client
 */
void smtp_client_close(struct smtp_client *c);

#endif /* MM_SMTP_CLIENT_H */
