/**
 * @file smtp_session.h
 * @brief One SMTP server session: the state machine, the command tables,
 *        the hooks a server fills in, and the reply functions.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §3.3 (mail transactions), §4.1.1 (commands), §4.1.4
 *      (order of commands), §4.2 (replies), §4.3.2 (command-reply
 *      sequences), §4.5.2 (transparency), §4.5.3 (limits and timeouts);
 *      RFC 2034 (enhanced status codes)
 *
 * A session is a conversation with one client: a greeting, EHLO, and any
 * number of mail transactions (MAIL, RCPT..., DATA), until QUIT.  This
 * header is the seam the rest of the SMTP server is built on, and it is
 * designed so that later chapters *add* things instead of editing this
 * chapter's files:
 *
 * - **Command tables** (struct smtp_command): a verb, the states in which
 *   it is allowed, and a handler.  A server passes a NULL-terminated list
 *   of tables in smtp_config.tables; the first row whose verb matches wins,
 *   so a later chapter's table can add a verb (AUTH) or replace one.
 *   Chapter 4's table is smtp_base_commands.
 * - **A state enum** (enum smtp_state), one bit per state, so that a table
 *   row can say "allowed in these states" and everything else gets 503.
 * - **Hooks** (struct smtp_hooks): the decisions a mail server makes --
 *   is this sender/recipient acceptable, what does this ESMTP parameter
 *   mean, where does the message go.  The session does the protocol; the
 *   hooks do the policy.  Chapter 4's stage prints messages; chapter 5's
 *   stores them in Maildirs; chapter 7's relays them.
 * - **Replies** go through smtp_reply(), which takes an enhanced status
 *   code (RFC 3463, `"2.1.0"`) with every reply and shows it only when
 *   smtp_config.enhanced is set (chapter 5 turns it on together with the
 *   ENHANCEDSTATUSCODES keyword, RFC 2034).
 *
 * The message of a transaction is collected in memory, dot-unstuffed
 * (RFC 5321 §4.5.2), with CRLF line ends, up to smtp_config.max_message_size
 * octets; smtp_hooks.deliver gets it after the final "." and before the
 * server says 250, so a hook that stores durably makes "250" a promise.
 *
 * States and the commands chapter 4 allows in them (anything else: 503):
 *
 * | state             | meaning                      | allowed                                  |
 * |-------------------|------------------------------|------------------------------------------|
 * | SMTP_STATE_INIT   | greeting sent, no EHLO yet   | EHLO HELO RSET NOOP QUIT VRFY EXPN HELP  |
 * | SMTP_STATE_READY  | greeted, no transaction      | the above + MAIL                         |
 * | SMTP_STATE_MAIL   | MAIL accepted                | the above - MAIL + RCPT DATA             |
 * | SMTP_STATE_RCPT   | at least one RCPT accepted   | the same as in SMTP_STATE_MAIL           |
 * | SMTP_STATE_DATA   | between 354 and "."          | (no commands: message text)              |
 */
#ifndef MM_SMTP_SESSION_H
#define MM_SMTP_SESSION_H

#include <signal.h>
#include <stddef.h>

#include "net.h"
#include "smtp_parse.h"

/** Longest command line, CRLF included (RFC 5321 §4.5.3.1.4). */
#define SMTP_LINE_MAX 512
/** Longest text line in DATA, CRLF included (RFC 5321 §4.5.3.1.6). */
#define SMTP_TEXT_LINE_MAX 1000
/** Default idle timeout in seconds (RFC 5321 §4.5.3.2.7: 5 minutes). */
#define SMTP_DEFAULT_TIMEOUT_S 300
/** Default recipient limit per transaction (RFC 5321 §4.5.3.1.8: at least 100). */
#define SMTP_DEFAULT_MAX_RCPT 100
/** Default message size limit in octets (10 MiB), when max_message_size is 0. */
#define SMTP_DEFAULT_MAX_SIZE (10UL * 1024 * 1024)
/** Default number of error replies after which the session is closed with 421. */
#define SMTP_DEFAULT_MAX_ERRORS 10
/** Room for the text of one reply line (without code and CRLF). */
#define SMTP_REPLY_TEXT_MAX 400

/**
 * @brief Where a session is in the protocol (RFC 5321 §4.1.4, §4.3.2).
 *
 * Each state is one bit, so a command table row lists its allowed states
 * as a mask: `SMTP_STATE_MAIL | SMTP_STATE_RCPT`.
 */
enum smtp_state {
    SMTP_STATE_INIT = 1u << 0,  /**< greeting sent, no EHLO/HELO yet */
    SMTP_STATE_READY = 1u << 1, /**< after EHLO/HELO (or RSET): no transaction */
    SMTP_STATE_MAIL = 1u << 2,  /**< MAIL accepted, no recipient accepted yet */
    SMTP_STATE_RCPT = 1u << 3,  /**< at least one RCPT accepted */
    SMTP_STATE_DATA = 1u << 4   /**< reading the message (between 354 and ".") */
};

/** Every state in which a command can arrive (for "allowed anywhere" rows). */
#define SMTP_STATES_ANY \
    (SMTP_STATE_INIT | SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT)
/** The states after EHLO/HELO. */
#define SMTP_STATES_GREETED (SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT)
/** The states inside a mail transaction. */
#define SMTP_STATES_TRANSACTION (SMTP_STATE_MAIL | SMTP_STATE_RCPT)

/**
 * @brief A reply a hook chooses: code, enhanced code, text.
 *
 * Hooks that leave @c code at 0 get the session's default reply.
 * smtp_reply_set() fills one in.
 */
struct smtp_reply {
    int code;                        /**< three-digit reply code, or 0 = default */
    char enh[16];                    /**< enhanced code "x.y.z" (RFC 3463), or "" */
    char text[SMTP_REPLY_TEXT_MAX];  /**< the human-readable text */
};

/** What a hook decides. */
enum smtp_verdict {
    SMTP_ACCEPT = 0, /**< go on (with the hook's reply if it set one, else the default) */
    SMTP_REJECT = 1, /**< refuse, with the hook's reply (a 4xx or 5xx it must set) */
    SMTP_UNKNOWN = 2 /**< (mail_param/rcpt_param only) not a parameter this server knows: 555 */
};

/** The envelope of the current mail transaction (RFC 5321 §2.3.1). */
struct smtp_envelope {
    /** The reverse-path from MAIL FROM (valid in states MAIL and RCPT). */
    struct smtp_path from;
    /** The ESMTP parameters of MAIL FROM as sent (e.g. "SIZE=1000
     *  BODY=8BITMIME"), for logs; hooks keep their own parsed values. */
    char mail_params[SMTP_LINE_MAX];
    /** The accepted forward-paths, in order (malloc'ed array). */
    struct smtp_path *rcpt;
    /** How many entries of @c rcpt are used. */
    size_t nrcpt;
    /** Allocated entries of @c rcpt (internal). */
    size_t rcpt_alloc;
    /** How many RCPT commands of this transaction were refused. */
    size_t rcpt_refused;
};

struct smtp_session;

/**
 * @brief A command handler: does the work of one verb, sends its reply.
 *
 * @param s     the session
 * @param args  the text after the verb and one space ("" if none);
 *              the handler may modify it
 * @return SMTP_CMD_OK to go on, SMTP_CMD_CLOSE to end the session after
 *         the reply (QUIT), SMTP_CMD_ERROR on an I/O error
 */
typedef int (*smtp_cmd_fn)(struct smtp_session *s, char *args);

/** Handler result: go on with the next command. */
#define SMTP_CMD_OK 0
/** Handler result: the session is over (the reply has been sent). */
#define SMTP_CMD_CLOSE 1
/** Handler result: reading or writing failed; end the session. */
#define SMTP_CMD_ERROR (-1)

/**
 * @brief One row of a command table.
 *
 * A table is an array of rows ending with a row whose @c verb is NULL.
 */
struct smtp_command {
    const char *verb;         /**< upper-case verb, e.g. "MAIL" */
    unsigned states;          /**< mask of enum smtp_state in which it is allowed */
    smtp_cmd_fn fn;           /**< the handler */
    const char *usage;        /**< syntax shown by HELP, e.g. "MAIL FROM:<address> [parameters]";
                                   NULL keeps the verb out of HELP's list */
    const char *out_of_order; /**< text of the 503 reply when the verb arrives in a state not
                                   in @c states (after EHLO); NULL: "Bad sequence of commands" */
};

/**
 * @brief The decisions a server makes; the session asks, the hooks answer.
 *
 * Every member may be NULL, which means "accept" (and for mail_param and
 * rcpt_param: "no parameters are known", so every parameter gets 555).
 * A hook that returns SMTP_REJECT must fill in @p r with a 4xx or 5xx
 * reply (smtp_reply_set()); a hook that returns SMTP_ACCEPT may fill it in
 * to replace the default success text.  A 421 reply from any hook ends the
 * session after it is sent (RFC 5321 §3.8).  Hooks find their own data in
 * smtp_config.app (server-wide) and smtp_session.ext (per session).
 */
struct smtp_hooks {
    /** Connection opened, before the greeting.  SMTP_REJECT sends @p r
     *  (e.g. 554 or 421) instead of 220; the session then only answers
     *  QUIT with 221 and everything else with 503 (RFC 5321 §3.1). */
    enum smtp_verdict (*connect)(struct smtp_session *s, struct smtp_reply *r);
    /** EHLO/HELO with a syntactically valid @p domain; @p esmtp is 1 for
     *  EHLO.  On SMTP_REJECT the state stays as it was (§4.1.4). */
    enum smtp_verdict (*helo)(struct smtp_session *s, const char *domain, int esmtp,
                              struct smtp_reply *r);
    /** One ESMTP parameter of MAIL FROM (@p key in upper case, @p value
     *  NULL for a bare keyword).  Called before mail_from, once per
     *  parameter, in order; the first refusal refuses the command. */
    enum smtp_verdict (*mail_param)(struct smtp_session *s, const char *key,
                                    const char *value, struct smtp_reply *r);
    /** The reverse-path of MAIL FROM, after its parameters were accepted. */
    enum smtp_verdict (*mail_from)(struct smtp_session *s, const struct smtp_path *from,
                                   struct smtp_reply *r);
    /** One ESMTP parameter of RCPT TO (as mail_param). */
    enum smtp_verdict (*rcpt_param)(struct smtp_session *s, const char *key,
                                     const char *value, struct smtp_reply *r);
    /** A forward-path of RCPT TO.  Must accept `<Postmaster>` (to->is_postmaster,
     *  RFC 5321 §4.5.1).  Accepted paths are added to the envelope. */
    enum smtp_verdict (*rcpt_to)(struct smtp_session *s, const struct smtp_path *to,
                                 struct smtp_reply *r);
    /** DATA with at least one recipient, before the 354 reply. */
    enum smtp_verdict (*data_start)(struct smtp_session *s, struct smtp_reply *r);
    /** The whole message arrived (the final "." was read) and it passed the
     *  session's checks: store, print or relay it, then say how it went.
     *  @p data is dot-unstuffed, with CRLF line ends, without the final
     *  ".": exactly the message the client meant (may contain 8-bit
     *  octets).  Not called when the client vanishes in the middle. */
    enum smtp_verdict (*deliver)(struct smtp_session *s, const struct smtp_envelope *env,
                                 const char *data, size_t len, struct smtp_reply *r);
    /** VRFY @p arg (RFC 5321 §3.5.3).  NULL: 252 "Cannot VRFY user". */
    enum smtp_verdict (*vrfy)(struct smtp_session *s, const char *arg,
                              struct smtp_reply *r);
    /** The transaction was reset (RSET, EHLO/HELO, end of DATA, QUIT, end
     *  of session): drop any per-transaction state kept in @c ext. */
    void (*reset)(struct smtp_session *s);
    /** The session is over (called once, last). */
    void (*disconnect)(struct smtp_session *s);
};

/**
 * @brief How a server runs its sessions.  Start from smtp_config_init().
 *
 * Zero and NULL members mean "the default" (the session fills them in on
 * its own copy; hooks see the filled-in copy through smtp_session.cfg).
 * New members are only ever added at the end, with a default that
 * smtp_config_init() sets, so servers written for chapter 4 keep working.
 */
struct smtp_config {
    /** Our name, in the greeting and the EHLO reply (NULL: "localhost"). */
    const char *hostname;
    /** Greeting text after the hostname (NULL: "ESMTP minimail"). */
    const char *greeting;
    /** Idle timeout in seconds, for commands and for each DATA line
     *  (default SMTP_DEFAULT_TIMEOUT_S; <= 0 waits forever). */
    int idle_timeout_s;
    /** Recipients per transaction; more get 452 (0: SMTP_DEFAULT_MAX_RCPT). */
    size_t max_rcpt;
    /** Largest message in octets (as stored: unstuffed, CRLF); a bigger one
     *  is read to its end and refused with 552 (0: SMTP_DEFAULT_MAX_SIZE). */
    size_t max_message_size;
    /** Error replies (4xx/5xx) after which the session says 421 and closes
     *  (0: SMTP_DEFAULT_MAX_ERRORS). */
    unsigned max_errors;
    /** 1: show enhanced status codes (RFC 2034) in replies. */
    int enhanced;
    /** EHLO keyword lines, e.g. {"PIPELINING", "SIZE 10485760", NULL}; NULL: none. */
    const char *const *ehlo_keywords;
    /** NULL-terminated list of command tables, searched in order
     *  (default: { smtp_base_commands, NULL }). */
    const struct smtp_command *const *tables;
    /** The server's decisions (NULL: accept everything, deliver nowhere). */
    const struct smtp_hooks *hooks;
    /** Shutdown flag (e.g. &signals_stop): when set, the session says
     *  `421 ... shutting down` and ends (NULL: none). */
    const volatile sig_atomic_t *stop;
    /** The server's own data, for its hooks and handlers. */
    void *app;
};

/** Internal I/O state of a session (chapter 2's reader and writer). */
struct smtp_io;

/**
 * @brief One session.  Hooks and handlers may read every member; they
 *        change the session only through the functions of this header
 *        (and their own @c ext; the connect hook may also choose
 *        @c ehlo_keywords).
 */
struct smtp_session {
    const struct smtp_config *cfg; /**< the configuration (never NULL) */
    enum smtp_state state;         /**< where the session is */
    char peer[NET_ADDRSTRLEN];     /**< the client's address, e.g. "127.0.0.1:40312" */
    char helo[SMTP_LINE_MAX];      /**< the domain given with EHLO/HELO ("" before) */
    int esmtp;                     /**< 1 after EHLO, 0 after HELO */
    struct smtp_envelope env;      /**< the current transaction */
    unsigned errors;               /**< 4xx/5xx replies sent so far */
    unsigned long messages;        /**< messages accepted (deliver said yes) */
    int closing;                   /**< set once a 421 or 221 was sent */
    int refused;                   /**< the connect hook refused the session */
    /** The EHLO keywords this client sees: cfg->ehlo_keywords, unless the
     *  connect hook chose a list for this client (chapter 7 adds AUTH for
     *  some).  Per session, because sessions may be threads that share
     *  one configuration. */
    const char *const *ehlo_keywords;
    void *ext;                     /**< per-session data of the hooks (NULL at start) */
    struct smtp_io *io;            /**< the connection (internal) */
};

/** Chapter 4's command table: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY EXPN HELP. */
extern const struct smtp_command smtp_base_commands[];

/**
 * @brief Fill a configuration with the defaults (all the SMTP_DEFAULT_* values).
 * @param cfg  the configuration to initialise
 */
void smtp_config_init(struct smtp_config *cfg);

/**
 * @brief Run one whole SMTP session: greeting, commands, goodbye.
 *
 * The descriptors are not closed (the caller owns them).  With the trace
 * on, every line both ways appears on stderr.
 *
 * @param in_fd   where the client's bytes come from
 * @param out_fd  where the replies go (may equal @p in_fd)
 * @param peer    the client's address for logs and hooks (may be NULL)
 * @param cfg     the configuration (see smtp_config_init())
 * @return 0 when the session ended normally (QUIT, the client closed, a
 *         timeout, too many errors, shutdown), -1 on an I/O error
 */
int smtp_session_run(int in_fd, int out_fd, const char *peer,
                     const struct smtp_config *cfg);

/**
 * @brief smtp_session_run() in the shape of chapter 3's server_session_fn.
 *
 * Put it in server_config.session with server_config.arg pointing to a
 * struct smtp_config.
 *
 * @param in_fd   where the client's bytes come from
 * @param out_fd  where the replies go
 * @param peer    the client's address
 * @param arg     a `const struct smtp_config *`
 * @return what smtp_session_run() returns
 */
int smtp_server_session(int in_fd, int out_fd, const char *peer, void *arg);

/**
 * @brief Send a one-line reply: `CODE [ENH ]TEXT`.
 *
 * @p enh is shown only when smtp_config.enhanced is set (and it is
 * non-NULL and non-empty).  Replies are buffered and flushed when the
 * session is about to wait for input (RFC 2920).  A 4xx/5xx reply counts
 * as an error (smtp_session.errors); a 421 marks the session as closing.
 *
 * @param s     the session
 * @param code  reply code, 200..599
 * @param enh   enhanced status code ("2.1.0") or NULL
 * @param fmt   printf-style text
 * @return 0 on success, -1 on a write error
 */
int smtp_reply(struct smtp_session *s, int code, const char *enh, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/**
 * @brief Send a multi-line reply: `CODE-line` ... `CODE last-line` (RFC 5321 §4.2.1).
 *
 * @param s      the session
 * @param code   reply code
 * @param enh    enhanced code shown on every line (when enabled), or NULL
 * @param lines  the texts of the lines
 * @param n      how many (at least 1)
 * @return 0 on success, -1 on a write error
 */
int smtp_reply_lines(struct smtp_session *s, int code, const char *enh,
                     const char *const *lines, size_t n);

/**
 * @brief Send a reply a hook filled in.
 * @param s  the session
 * @param r  the reply (code must be set)
 * @return 0 on success, -1 on a write error
 */
int smtp_reply_send(struct smtp_session *s, const struct smtp_reply *r);

/**
 * @brief Fill in a struct smtp_reply (for hooks).
 * @param r     the reply
 * @param code  reply code
 * @param enh   enhanced code or NULL
 * @param fmt   printf-style text
 */
void smtp_reply_set(struct smtp_reply *r, int code, const char *enh, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/** Result of smtp_session_read_line(). */
enum smtp_read_result {
    SMTP_READ_LINE = 0,  /**< a line was read */
    SMTP_READ_BAD = 1,   /**< a bad line (too long, bare LF, NUL): a 500 was already sent */
    SMTP_READ_END = 2,   /**< the session must end: EOF, timeout or shutdown (421 sent if due) */
    SMTP_READ_ERROR = 3  /**< an I/O error */
};

/**
 * @brief Read one command-mode line (for handlers that converse, like AUTH's 334).
 *
 * Flushes pending replies first.  Handles the idle timeout and the stop
 * flag itself (replying 421).
 *
 * @param s     the session
 * @param line  receives the line without CRLF, NUL-terminated; valid until
 *              the next read
 * @param len   receives its length (may be NULL)
 * @return an enum smtp_read_result
 */
enum smtp_read_result smtp_session_read_line(struct smtp_session *s, char **line,
                                             size_t *len);

/** Flag from smtp_session_read_text(): the line was longer than
 *  SMTP_TEXT_LINE_MAX octets with its CRLF (the rest was discarded). */
#define SMTP_TEXT_TOO_LONG 0x01u
/** Flag from smtp_session_read_text(): the line holds a CR not followed by LF. */
#define SMTP_TEXT_BARE_CR 0x02u
/** Flag from smtp_session_read_text(): the line holds an LF not preceded by CR. */
#define SMTP_TEXT_BARE_LF 0x04u
/** Flag from smtp_session_read_text(): the line holds a NUL octet. */
#define SMTP_TEXT_NUL 0x08u

/**
 * @brief Read one line of message text (the DATA phase).
 *
 * Only CRLF ends a line here (RFC 5321 §2.3.8, §4.1.1.4): a bare LF or
 * bare CR stays inside the line and is reported in @p flags, so that
 * `<LF>.<LF>` can never pass for the end of the message.  Lines longer
 * than SMTP_TEXT_LINE_MAX are cut and flagged, not refused: the caller
 * decides after the final ".".  On a timeout or shutdown the 421 reply is
 * sent here.
 *
 * @param s      the session
 * @param line   receives the line without CRLF (may contain NULs); valid
 *               until the next read
 * @param len    receives its length
 * @param flags  receives SMTP_TEXT_* flags
 * @return SMTP_READ_LINE, SMTP_READ_END (EOF, also in the middle of a
 *         line; timeout; shutdown) or SMTP_READ_ERROR
 */
enum smtp_read_result smtp_session_read_text(struct smtp_session *s, char **line,
                                             size_t *len, unsigned *flags);

/**
 * @brief Abort the current transaction (RSET semantics, RFC 5321 §4.1.1.5).
 *
 * Forgets the sender, the recipients and the message, calls the reset
 * hook, and moves to SMTP_STATE_READY (or stays in SMTP_STATE_INIT).
 *
 * @param s  the session
 */
void smtp_session_reset(struct smtp_session *s);

/**
 * @brief The name of a state, for logs and tests ("INIT", "READY", ...).
 * @param state  a state
 * @return a static string
 */
const char *smtp_state_name(enum smtp_state state);

/**
 * @brief Find the table row for a verb, as the session does.
 * @param cfg   the configuration whose tables to search
 * @param verb  upper-case verb
 * @return the first matching row, or NULL
 */
const struct smtp_command *smtp_find_command(const struct smtp_config *cfg,
                                             const char *verb);

#endif /* MM_SMTP_SESSION_H */
