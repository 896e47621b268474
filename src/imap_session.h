/**
 * @file imap_session.h
 * @brief One IMAP server session: tags, the four states, command tables,
 *        extensions, the login hook, and the response functions.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §2.2 (commands and responses), §3 (states), §5.4
 *      (autologout), §5.5 (commands in progress), §6.1-6.2 (any-state and
 *      not-authenticated commands), §7.1 (status responses and response
 *      codes); RFC 5530 (AUTHENTICATIONFAILED); RFC 7888 (LITERAL+)
 *
 * An IMAP session is a greeting, then commands, each prefixed by a *tag*
 * the client chooses; the server answers each command with any number of
 * *untagged* responses (`* ...`) and ends it with one *tagged* response
 * (`a1 OK ...`, `a1 NO ...`, `a1 BAD ...`).  In the middle of a command
 * the server may ask for more with a *continuation request* (`+ ...`):
 * before the octets of a literal, or for the next step of AUTHENTICATE.
 *
 * The session moves through four states (RFC 3501 §3), and each command
 * is allowed in some of them:
 *
 * | state                       | reached by                 | chapter 8 allows                                     |
 * |-----------------------------|----------------------------|------------------------------------------------------|
 * | #IMAP_STATE_NOT_AUTH        | the `* OK` greeting        | CAPABILITY NOOP LOGOUT ID, LOGIN AUTHENTICATE         |
 * | #IMAP_STATE_AUTH            | LOGIN or AUTHENTICATE OK   | CAPABILITY NOOP LOGOUT ID, ENABLE (+ chapter 9's)     |
 * | #IMAP_STATE_SELECTED        | SELECT/EXAMINE (chapter 9) | CAPABILITY NOOP LOGOUT ID (+ chapters 9-11's)         |
 * | #IMAP_STATE_LOGOUT          | LOGOUT, BYE                | nothing: the connection closes                        |
 *
 * A command that exists but is not allowed in the current state gets
 * `BAD` (RFC 3501 §7.1.3: "a protocol-level error in the client's
 * command"), with a text that says why; a command nobody knows gets
 * `BAD Unknown command`.  Both leave the state unchanged.
 *
 * ## How later chapters grow the server (without editing this chapter)
 *
 * - An **extension** (struct imap_extension) is a command table, the
 *   capabilities it adds, the names ENABLE can turn on, and optional
 *   per-session hooks.  A server lists its extensions in
 *   imap_config.extensions, chapter 8's imap_base_extension first:
 *
 *       static const struct imap_extension *const exts[] = {
 *           &imap_base_extension, &imap_mailboxes_extension, NULL };
 *       cfg.extensions = exts;
 *
 *   Commands are looked up in every table in order, first match wins (so
 *   a later table can also *replace* a verb).  Capabilities are
 *   advertised in table order, after `IMAP4rev1` and before the
 *   `SASL-IR AUTH=PLAIN` / `LOGINDISABLED` words this chapter computes.
 * - A command **handler** (imap_cmd_fn) gets the session and a parser
 *   placed just after the command name; it parses its own arguments
 *   (imap_parse.h), sends untagged responses and ends with exactly one of
 *   imap_ok(), imap_no(), imap_bad().
 * - Per-session **data** of an extension lives in a slot
 *   (imap_ext_slot()), set up by imap_extension.session_start and freed
 *   by imap_extension.session_end.
 * - **Untagged updates** (new mail, expunges: RFC 3501 §5.2, §7.3-7.4)
 *   are sent by imap_extension.before_tagged, which runs before every
 *   tagged OK or NO; it can see the command in imap_session.cmd (and its
 *   #IMAP_CMD_NO_EXPUNGE flag, RFC 3501 §7.4.1).
 * - **Login**: by default the users file (users.h) decides, and a user
 *   who logs in gets imap_session.user and imap_session.maildir
 *   (`MAILDIR_ROOT/USER`, the same Maildir the SMTP server delivers to).
 *   imap_config.login replaces that check; imap_extension.authenticated
 *   runs after it (chapter 9 makes sure the Maildir exists there).
 */
#ifndef MM_IMAP_SESSION_H
#define MM_IMAP_SESSION_H

#include <signal.h>
#include <stddef.h>

#include "imap_parse.h"
#include "imap_write.h"
#include "net.h"
#include "users.h"

/** Longest command line, CRLF included: RFC 2683 §3.2.1.5 asks servers
 *  to accept at least 8000 octets. */
#define IMAP_LINE_MAX 8192
/** Default limit of the literal octets in one command (chapter 8's
 *  commands carry only names and passwords; APPEND sets its own). */
#define IMAP_DEFAULT_MAX_LITERAL (64UL * 1024)
/** Default limit of the octets read and thrown away for a refused
 *  non-synchronising literal before the session gives up (RFC 7888 §4). */
#define IMAP_DEFAULT_MAX_DISCARD (1024UL * 1024)
/** Default limit of all command lines of one command (not counting
 *  literals), so `{0+}` repeated forever cannot grow memory forever. */
#define IMAP_DEFAULT_MAX_COMMAND (64UL * 1024)
/** Default autologout timer in seconds (RFC 3501 §5.4: at least 30 minutes). */
#define IMAP_DEFAULT_TIMEOUT_S 1800
/** Default number of BAD responses after which the session says BYE. */
#define IMAP_DEFAULT_MAX_BAD 50
/** Room for a user name (with its NUL). */
#define IMAP_USER_MAX 256
/** Room for the path of a user's Maildir (with its NUL). */
#define IMAP_PATH_MAX 4096
/** Most extensions a server may list in imap_config.extensions. */
#define IMAP_MAX_EXTENSIONS 16
/** Most names one session can ENABLE (RFC 5161). */
#define IMAP_MAX_ENABLED 16
/** Room for the text of one response (without tag, status and code). */
#define IMAP_TEXT_MAX 512

/**
 * @brief The states of RFC 3501 §3, one bit each, so that a command table
 *        row can list where its command is allowed as a mask.
 */
enum imap_state {
    IMAP_STATE_NOT_AUTH = 1u << 0, /**< after the `* OK` greeting, before login */
    IMAP_STATE_AUTH = 1u << 1,     /**< logged in, no mailbox selected */
    IMAP_STATE_SELECTED = 1u << 2, /**< a mailbox selected (chapter 9) */
    IMAP_STATE_LOGOUT = 1u << 3    /**< BYE sent: the connection is closing */
};

/** The states in which a command can arrive (for "any state" commands). */
#define IMAP_STATES_ANY (IMAP_STATE_NOT_AUTH | IMAP_STATE_AUTH | IMAP_STATE_SELECTED)
/** The states after a successful login. */
#define IMAP_STATES_AUTHENTICATED (IMAP_STATE_AUTH | IMAP_STATE_SELECTED)

struct imap_session;

/**
 * @brief A command handler.
 *
 * Called with the parser just after the command name: at the SP before
 * the first argument, or at the end for a command without arguments.
 * The handler parses its arguments (a syntax error: `return
 * imap_bad_syntax(s, args);`), does the work, sends any untagged
 * responses and then exactly one tagged response (imap_ok(), imap_no()
 * or imap_bad()).  If it sends none, the session sends
 * `BAD Internal error` for it.
 *
 * @param s     the session
 * @param args  the command's arguments
 * @return #IMAP_CMD_OK to go on, #IMAP_CMD_CLOSE to end the session
 *         after the responses (LOGOUT), #IMAP_CMD_ERROR on an I/O error
 */
typedef int (*imap_cmd_fn)(struct imap_session *s, struct imap_parser *args);

/** Handler result: go on with the next command. */
#define IMAP_CMD_OK 0
/** Handler result: the session is over (the responses have been sent). */
#define IMAP_CMD_CLOSE 1
/** Handler result: reading or writing failed; end the session. */
#define IMAP_CMD_ERROR (-1)

/** Command flag: no untagged EXPUNGE may be sent while this command
 *  completes (RFC 3501 §7.4.1: FETCH, STORE, SEARCH).  Flags up to bit 7
 *  are this chapter's; later chapters define theirs from bit 8 up. */
#define IMAP_CMD_NO_EXPUNGE 0x01u

/**
 * @brief One row of a command table; a table ends with a row whose
 *        @c verb is NULL.
 */
struct imap_command {
    const char *verb;   /**< command name in upper case, e.g. "LOGIN" */
    unsigned states;    /**< mask of enum imap_state where it is allowed */
    imap_cmd_fn fn;     /**< the handler */
    unsigned flags;     /**< IMAP_CMD_* flags */
    size_t max_literal; /**< most literal octets this command may carry;
                             0 = imap_config.max_literal (APPEND sets more) */
};

/**
 * @brief A capability an extension adds to CAPABILITY (RFC 3501 §7.2.1).
 *
 * A list of them ends with a row whose @c name is NULL.
 */
struct imap_capability {
    const char *name;  /**< e.g. "NAMESPACE", "UIDPLUS" */
    unsigned states;   /**< advertised in these states (mask of enum imap_state) */
};

/**
 * @brief A piece of the server: commands, capabilities, per-session hooks.
 *
 * Every member but @c name may be NULL.  Hooks get the extension's slot
 * (imap_ext_slot()) as @p slot.
 */
struct imap_extension {
    /** A short name for logs, e.g. "imap-conversation". */
    const char *name;
    /** The command table (rows end with a NULL verb). */
    const struct imap_command *commands;
    /** Capabilities advertised (rows end with a NULL name). */
    const struct imap_capability *capabilities;
    /** Names ENABLE may turn on (RFC 5161), NULL-terminated; each must
     *  also be a capability. */
    const char *const *enable;
    /** The session starts, before the greeting: set up @p slot.
     *  Return -1 to refuse the session (`* BYE`). */
    int (*session_start)(struct imap_session *s, void **slot);
    /** A login succeeded (imap_session.user and .maildir are set), before
     *  the tagged OK.  Return -1 to fail the login with
     *  `NO [UNAVAILABLE]` (the session stays not authenticated). */
    int (*authenticated)(struct imap_session *s, void **slot);
    /** ENABLE turned on @p name (one of @c enable). */
    void (*enabled)(struct imap_session *s, void **slot, const char *name);
    /** A tagged OK or NO is about to be sent: send pending untagged
     *  updates (EXISTS, EXPUNGE ...).  Return -1 on an I/O error. */
    int (*before_tagged)(struct imap_session *s, void **slot);
    /** The session is over (called once, last): free @p slot. */
    void (*session_end)(struct imap_session *s, void **slot);
};

/** Chapter 8's commands and capabilities: CAPABILITY NOOP LOGOUT LOGIN
 *  AUTHENTICATE ID ENABLE; LITERAL+ SASL-IR ID ENABLE. */
extern const struct imap_extension imap_base_extension;

/** When plaintext authentication (LOGIN, AUTHENTICATE PLAIN) is allowed. */
enum imap_plaintext {
    /** Only from loopback peers (127.0.0.0/8, ::1) and --stdio sessions
     *  (the default: a password sent there never crosses a network). */
    IMAP_PLAINTEXT_LOOPBACK = 0,
    /** From everywhere (a server behind a TLS proxy, say). */
    IMAP_PLAINTEXT_ALWAYS,
    /** Never: LOGINDISABLED, and no AUTH=PLAIN (RFC 3501 §6.2.3, §7.2.1). */
    IMAP_PLAINTEXT_NEVER
};

/** What a login check decided. */
enum imap_auth_result {
    IMAP_AUTH_OK = 0,         /**< the user and password are right */
    IMAP_AUTH_FAILED = 1,     /**< wrong user or password: `NO [AUTHENTICATIONFAILED]` */
    IMAP_AUTH_UNAVAILABLE = 2 /**< could not check now: `NO [UNAVAILABLE]` (RFC 5530) */
};

/**
 * @brief Who logged in: filled in by the login check.
 */
struct imap_login {
    char user[IMAP_USER_MAX];     /**< the user's name as the users file spells it */
    char maildir[IMAP_PATH_MAX];  /**< the user's Maildir (INBOX): `ROOT/USER` */
};

/**
 * @brief A login check that replaces the users file (imap_config.login).
 *
 * @param s         the session
 * @param user      the user name given (authentication identity)
 * @param password  the password given
 * @param out       on #IMAP_AUTH_OK: fill in user and maildir
 * @return the decision
 */
typedef enum imap_auth_result (*imap_login_fn)(struct imap_session *s, const char *user,
                                              const char *password, struct imap_login *out);

/**
 * @brief How a server runs its sessions.  Start from imap_config_init().
 *
 * Zero and NULL members mean the defaults.  New members are only ever
 * added at the end, with a default imap_config_init() sets.
 */
struct imap_config {
    /** Text of the greeting after its CAPABILITY code
     *  (NULL: "minimail IMAP4rev1 server ready"). */
    const char *greeting;
    /** Autologout timer in seconds (default #IMAP_DEFAULT_TIMEOUT_S;
     *  < 0 waits forever). */
    int idle_timeout_s;
    /** Longest command line, CRLF included (0: #IMAP_LINE_MAX). */
    size_t max_line;
    /** Most literal octets in one command, unless the command's row says
     *  otherwise (0: #IMAP_DEFAULT_MAX_LITERAL). */
    size_t max_literal;
    /** Most octets of a refused `{n+}` literal to read and drop before
     *  closing instead (0: #IMAP_DEFAULT_MAX_DISCARD). */
    size_t max_discard;
    /** Most octets of command lines in one command (0: #IMAP_DEFAULT_MAX_COMMAND). */
    size_t max_command;
    /** BAD responses after which the session says BYE (0: #IMAP_DEFAULT_MAX_BAD). */
    unsigned max_bad;
    /** When LOGIN and AUTHENTICATE PLAIN are allowed. */
    enum imap_plaintext plaintext;
    /** The users (users.h) for the default login check; NULL: nobody. */
    const struct users *users;
    /** Where the users' Maildirs are (`ROOT/USER`); NULL: "." */
    const char *maildir_root;
    /** Replaces the users-file check when not NULL. */
    imap_login_fn login;
    /** NULL-terminated list of extensions, searched in order
     *  (NULL: { &imap_base_extension, NULL }). */
    const struct imap_extension *const *extensions;
    /** Shutdown flag (e.g. &signals_stop): when set, the session says
     *  `* BYE Server shutting down` and ends (NULL: none). */
    const volatile sig_atomic_t *stop;
    /** The server's own data, for its handlers and hooks. */
    void *app;
};

/** The connection (internal: chapter 2's reader and writer, the command buffer). */
struct imap_io;

/**
 * @brief One session.  Handlers and hooks may read every member; they
 *        change the session only through the functions of this header.
 */
struct imap_session {
    const struct imap_config *cfg;  /**< the configuration (defaults filled in) */
    enum imap_state state;          /**< where the session is (RFC 3501 §3) */
    char peer[NET_ADDRSTRLEN];      /**< the client's address, or "stdio" */
    int plaintext_ok;               /**< 1 when LOGIN/AUTHENTICATE PLAIN are allowed */
    char tag[IMAP_TAG_MAX + 1];     /**< the tag of the command in progress */
    const struct imap_command *cmd; /**< the command in progress (NULL between commands) */
    int tagged_sent;                /**< the command in progress got its tagged response */
    char user[IMAP_USER_MAX];       /**< after login: the user ("" before) */
    char maildir[IMAP_PATH_MAX];    /**< after login: the user's Maildir ("" before) */
    unsigned bad_count;             /**< BAD responses sent so far */
    unsigned auth_failures;         /**< failed logins so far */
    const char *enabled[IMAP_MAX_ENABLED]; /**< names ENABLEd (RFC 5161) */
    size_t nenabled;                /**< how many */
    void *slots[IMAP_MAX_EXTENSIONS]; /**< per-session data of each extension */
    struct imap_io *io;             /**< the connection (internal) */
};

/**
 * @brief Fill a configuration with the defaults.
 * @param cfg  the configuration
 */
void imap_config_init(struct imap_config *cfg);

/**
 * @brief Run one whole IMAP session: greeting, commands, BYE.
 *
 * The descriptors are not closed (the caller owns them).
 *
 * @param in_fd   where the client's bytes come from
 * @param out_fd  where the responses go (may equal @p in_fd)
 * @param peer    the client's address ("127.0.0.1:40312"), or NULL/"stdio"
 * @param cfg     the configuration
 * @return 0 when the session ended normally (LOGOUT, EOF, autologout,
 *         shutdown), -1 on an I/O error
 */
int imap_session_run(int in_fd, int out_fd, const char *peer,
                     const struct imap_config *cfg);

/**
 * @brief imap_session_run() in the shape of chapter 3's server_session_fn.
 * @param in_fd   where the client's bytes come from
 * @param out_fd  where the responses go
 * @param peer    the client's address
 * @param arg     a `const struct imap_config *`
 * @return what imap_session_run() returns
 */
int imap_server_session(int in_fd, int out_fd, const char *peer, void *arg);

/**
 * @brief Is @p peer a loopback address ("127.x.y.z:port", "[::1]:port")
 *        or a --stdio session ("stdio")?
 * @param peer  the peer as the server module writes it
 * @return 1 or 0
 */
int imap_peer_is_local(const char *peer);

/**
 * @brief Find a command in the configured tables (first match wins).
 * @param cfg   the configuration
 * @param verb  the command name, any case
 * @return the row, or NULL
 */
const struct imap_command *imap_find_command(const struct imap_config *cfg,
                                             const char *verb);

/**
 * @brief The capability list for the session's current state.
 *
 * `IMAP4rev1` first (Python's imaplib insists), then the capabilities of
 * every extension for this state, then -- before login only --
 * `SASL-IR AUTH=PLAIN` when plaintext login is allowed, `LOGINDISABLED`
 * when it is not.
 *
 * @param s      the session
 * @param buf    receives the words separated by SP
 * @param bufsz  its size
 * @return the length written (cut at @p bufsz - 1)
 */
size_t imap_capabilities(const struct imap_session *s, char *buf, size_t bufsz);

/**
 * @brief The response writer, for untagged responses built piece by piece.
 *
 * Write `* ` and the response with the imap_w_*() functions of
 * imap_write.h, then end it with imap_w_end().
 *
 * @param s  the session
 * @return the session's writer
 */
struct imap_out *imap_out(struct imap_session *s);

/**
 * @brief Send an untagged response: `* ` + text.
 * @param s    the session
 * @param fmt  printf-style text (protocol text, e.g. "CAPABILITY IMAP4rev1")
 * @return 0, or -1 on a write error
 */
int imap_untagged(struct imap_session *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * @brief Send a continuation request: `+ ` text (RFC 3501 §7.5), and flush.
 * @param s     the session
 * @param text  the text (for AUTHENTICATE: a base64 challenge, maybe "")
 * @return 0, or -1 on a write error
 */
int imap_continue(struct imap_session *s, const char *text);

/**
 * @brief Send the tagged OK of the command in progress: `TAG OK [code] text`.
 *
 * Runs the extensions' before_tagged hooks first.
 *
 * @param s     the session
 * @param code  the response code without brackets (RFC 3501 §7.1:
 *              "READ-WRITE", "CAPABILITY IMAP4rev1 ..."), or NULL
 * @param fmt   printf-style text
 * @return 0, or -1 on a write error
 */
int imap_ok(struct imap_session *s, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * @brief Send the tagged NO of the command in progress (the command was
 *        understood and refused).
 * @param s     the session
 * @param code  response code or NULL (e.g. "AUTHENTICATIONFAILED", "TRYCREATE")
 * @param fmt   printf-style text
 * @return 0, or -1 on a write error
 */
int imap_no(struct imap_session *s, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * @brief Send the tagged BAD of the command in progress (a protocol
 *        error: syntax, wrong state), or an untagged `* BAD` when there is
 *        no tag.  Counts towards imap_config.max_bad.
 * @param s     the session
 * @param code  response code or NULL
 * @param fmt   printf-style text
 * @return 0, or -1 on a write error
 */
int imap_bad(struct imap_session *s, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * @brief `TAG BAD <the parser's error>`: the usual end of a handler
 *        whose arguments did not parse.
 * @param s  the session
 * @param p  the parser that failed
 * @return #IMAP_CMD_OK, or #IMAP_CMD_ERROR on a write error
 */
int imap_bad_syntax(struct imap_session *s, const struct imap_parser *p);

/**
 * @brief Send `* BYE text` (RFC 3501 §7.1.5) and move to #IMAP_STATE_LOGOUT.
 *
 * The session ends after the current command; LOGOUT sends its tagged OK
 * after the BYE.
 *
 * @param s    the session
 * @param fmt  printf-style text
 * @return 0, or -1 on a write error
 */
int imap_bye(struct imap_session *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * @brief Send everything buffered now.
 * @param s  the session
 * @return 0, or -1 on a write error
 */
int imap_flush(struct imap_session *s);

/**
 * @brief Change the state (LOGIN -> #IMAP_STATE_AUTH, SELECT ->
 *        #IMAP_STATE_SELECTED, CLOSE -> #IMAP_STATE_AUTH ...).
 * @param s      the session
 * @param state  the new state
 */
void imap_set_state(struct imap_session *s, enum imap_state state);

/**
 * @brief Log the session in as @p login (after a successful check).
 *
 * Copies user and Maildir into the session, runs the extensions'
 * authenticated hooks and moves to #IMAP_STATE_AUTH.  Used by LOGIN and
 * AUTHENTICATE; a later mechanism (chapter 12's tests, say) can use it too.
 *
 * @param s      the session
 * @param login  who
 * @return 0, or -1 when a hook refused (the session stays not authenticated)
 */
int imap_session_login(struct imap_session *s, const struct imap_login *login);

/**
 * @brief Check a user name and password: imap_config.login, or the users file.
 *
 * With the users file: the user must exist (users_find()) and the
 * password match (users_check_password()); the Maildir is
 * `imap_config.maildir_root/NAME` with the file's spelling of the name.
 *
 * @param s         the session
 * @param user      the name given
 * @param password  the password given
 * @param out       filled in on #IMAP_AUTH_OK
 * @return the decision
 */
enum imap_auth_result imap_check_login(struct imap_session *s, const char *user,
                                       const char *password, struct imap_login *out);

/**
 * @brief The per-session data slot of an extension.
 * @param s    the session
 * @param ext  an extension listed in imap_config.extensions
 * @return the slot (a `void *` the extension owns), or NULL when @p ext
 *         is not configured
 */
void **imap_ext_slot(struct imap_session *s, const struct imap_extension *ext);

/**
 * @brief Has the client ENABLEd @p name (RFC 5161)?
 * @param s     the session
 * @param name  e.g. "CONDSTORE"
 * @return 1 or 0
 */
int imap_is_enabled(const struct imap_session *s, const char *name);

/** What imap_read_line() found. */
enum imap_line_result {
    IMAP_LINE_OK = 0,      /**< a line was read */
    IMAP_LINE_BAD = 1,     /**< a bad line (too long, bare LF, NUL): nothing answered yet */
    IMAP_LINE_TIMEOUT = 2, /**< @p timeout_ms passed (only with a timeout of its own) */
    IMAP_LINE_END = 3,     /**< the session must end: EOF, autologout or shutdown
                                (BYE sent when due) */
    IMAP_LINE_ERROR = 4    /**< an I/O error */
};

/**
 * @brief Read one line in the middle of a command (AUTHENTICATE's
 *        responses, IDLE's DONE).  Flushes pending output first.
 *
 * @param s           the session
 * @param timeout_ms  < 0: the autologout timer (which ends the session
 *                    with BYE); >= 0: give up after that long with
 *                    #IMAP_LINE_TIMEOUT (the part of a line read
 *                    so far is lost then: to wait for input without
 *                    reading it, as IDLE does, use imap_wait_input())
 * @param line        receives the line without CRLF, NUL-terminated,
 *                    valid until the next read
 * @param len         receives its length (may be NULL)
 * @return an enum imap_line_result
 */
enum imap_line_result imap_read_line(struct imap_session *s, int timeout_ms,
                                     char **line, size_t *len);

/**
 * @brief Wait until the client has sent something, without reading it
 *        (IDLE, RFC 2177, watches the mailbox between such waits).
 *
 * Flushes pending output first.  Input already buffered counts as input
 * (a client may have sent `DONE` together with the previous line), so
 * does the end of the connection (the next read finds it).  The
 * autologout timer keeps running: it counts from the moment the session
 * last read a line, so a client that says nothing for
 * imap_config.idle_timeout_s seconds is logged out even in the middle of
 * a long wait made of short ones (`* BYE`, RFC 3501 §5.4, RFC 2177 §3).
 * The shutdown flag (imap_config.stop) ends the wait with `* BYE` too.
 *
 * A caller reads the input with imap_read_line() once this says it is
 * there, so a line that arrives in pieces is never cut at a timeout.
 *
 * @param s           the session
 * @param timeout_ms  the most to wait (>= 0)
 * @return #IMAP_LINE_OK when input (or EOF) is waiting, #IMAP_LINE_TIMEOUT
 *         when @p timeout_ms passed, #IMAP_LINE_END after autologout or
 *         shutdown (BYE sent), #IMAP_LINE_ERROR on an I/O error
 */
enum imap_line_result imap_wait_input(struct imap_session *s, int timeout_ms);

#endif /* MM_IMAP_SESSION_H */
