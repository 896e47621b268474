/**
 * @file imap_session.c
 * @brief One IMAP server session: the read-dispatch loop, tags, states,
 *        tagged and untagged responses, extensions.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §2.2.1-2.2.2 (client and server sides), §3 (states), §5.4
 *      (autologout), §5.5 (pipelined commands), §7.1 (OK, NO, BAD, BYE,
 *      response codes), §7.1.5 (BYE), §7.5 (continuation); RFC 2683
 *      §3.2.1.5 (long lines); RFC 5530 (UNAVAILABLE, AUTHENTICATIONFAILED);
 *      RFC 1122 §4.2.3.2, §4.2.3.4 (delayed ACK, Nagle: TCP_NODELAY)
 *
 * The loop is the SMTP session's (chapter 4), with IMAP's differences:
 *
 * - a command is read by imap_read.c, literals included, before anything
 *   is looked at;
 * - every command starts with a tag, and the tag goes back in the tagged
 *   response that completes it: that is how a client that sent three
 *   commands at once (RFC 3501 §5.5) knows which answer is which;
 * - errors are words, not numbers: `BAD` (the client spoke badly: syntax,
 *   unknown command, wrong state), `NO` (the command was understood and
 *   refused: wrong password), `BYE` (the server is closing);
 * - a response may carry a *response code* in brackets, a machine-
 *   readable reason (`NO [AUTHENTICATIONFAILED]`, `OK [CAPABILITY ...]`).
 */
#include "imap_session.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "cidr.h"
#include "imap_read.h"
#include "io.h"
#include "linereader.h"
#include "log.h"
#include "outbuf.h"
#include "trace.h"

/* The connection: chapter 2's reader and writer, this chapter's command
 * reader and response writer.  Not in the header, so they can change
 * without touching the code of later chapters. */
struct imap_io {
    struct linereader lr;
    struct outbuf ob;
    struct imap_out w;
    struct imap_reader rd;
    struct imap_cmd cmd;
    int in_hooks;             /* inside before_tagged (no recursion) */
    long long heard_ms;       /* when the last line was read (imap_wait_input()) */
    char line[IMAP_LINE_MAX]; /* imap_read_line()'s line */
};

static const struct imap_extension *const base_only[] = { &imap_base_extension, NULL };

void imap_config_init(struct imap_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->greeting = "minimail IMAP4rev1 server ready";
    cfg->idle_timeout_s = IMAP_DEFAULT_TIMEOUT_S;
    cfg->max_line = IMAP_LINE_MAX;
    cfg->max_literal = IMAP_DEFAULT_MAX_LITERAL;
    cfg->max_discard = IMAP_DEFAULT_MAX_DISCARD;
    cfg->max_command = IMAP_DEFAULT_MAX_COMMAND;
    cfg->max_bad = IMAP_DEFAULT_MAX_BAD;
    cfg->plaintext = IMAP_PLAINTEXT_LOOPBACK;
    cfg->maildir_root = ".";
    cfg->extensions = base_only;
}

/* ---- small helpers ------------------------------------------------------- */

int imap_peer_is_local(const char *peer)
{
    char host[NET_ADDRSTRLEN], port[16];

    /* --stdio: someone who can start the server can read its users file. */
    if (peer == NULL || strcmp(peer, "stdio") == 0)
        return 1;
    if (net_split_hostport(peer, host, sizeof host, port, sizeof port) < 0)
        return 0;
    return cidr_is_loopback(host);
}

/* [imap-find-command] */
const struct imap_command *imap_find_command(const struct imap_config *cfg,
                                             const char *verb)
{
    const struct imap_extension *const *ext = cfg->extensions ? cfg->extensions : base_only;

    /* Extensions in order, rows in order: the first match wins. */
    for (size_t e = 0; ext[e] != NULL; e++)
        for (const struct imap_command *c = ext[e]->commands; c && c->verb; c++)
            if (strcasecmp(c->verb, verb) == 0)
                return c;
    return NULL;
}
/* [imap-find-command] */

/* Append a word to a capability list being built. */
static void add_word(char *buf, size_t bufsz, size_t *len, const char *word)
{
    int n;

    if (*len >= bufsz)
        return;
    n = snprintf(buf + *len, bufsz - *len, "%s%s", *len ? " " : "", word);
    if (n > 0)
        *len += (size_t)n < bufsz - *len ? (size_t)n : bufsz - *len - 1;
}

/* [imap-capabilities] */
size_t imap_capabilities(const struct imap_session *s, char *buf, size_t bufsz)
{
    const struct imap_extension *const *ext = s->cfg->extensions;
    size_t len = 0;

    if (bufsz == 0)
        return 0;
    buf[0] = '\0';
    /* RFC 3501 §7.2.1: "IMAP4rev1" MUST be in the list; clients such as
     * Python's imaplib look for it first and give up without it. */
    add_word(buf, bufsz, &len, "IMAP4rev1");
    for (size_t e = 0; ext[e] != NULL; e++)
        for (const struct imap_capability *c = ext[e]->capabilities; c && c->name; c++)
            if (c->states & (unsigned)s->state)
                add_word(buf, bufsz, &len, c->name);
    /* How to log in -- only while one can.  RFC 3501 §6.2.3: a server
     * that refuses plaintext LOGIN says LOGINDISABLED; and AUTH=PLAIN
     * (with SASL-IR, RFC 4959, which lets the credentials ride on the
     * AUTHENTICATE line) only when PLAIN would actually be accepted:
     * clients that see AUTH=PLAIN use it. */
    if (s->state == IMAP_STATE_NOT_AUTH) {
        if (s->plaintext_ok) {
            add_word(buf, bufsz, &len, "SASL-IR");
            add_word(buf, bufsz, &len, "AUTH=PLAIN");
        } else {
            add_word(buf, bufsz, &len, "LOGINDISABLED");
        }
    }
    return len;
}
/* [imap-capabilities] */

struct imap_out *imap_out(struct imap_session *s) { return &s->io->w; }

int imap_flush(struct imap_session *s) { return outbuf_flush(&s->io->ob); }

void imap_set_state(struct imap_session *s, enum imap_state state) { s->state = state; }

void **imap_ext_slot(struct imap_session *s, const struct imap_extension *ext)
{
    for (size_t e = 0; s->cfg->extensions[e] != NULL && e < IMAP_MAX_EXTENSIONS; e++)
        if (s->cfg->extensions[e] == ext)
            return &s->slots[e];
    return NULL;
}

int imap_is_enabled(const struct imap_session *s, const char *name)
{
    for (size_t i = 0; i < s->nenabled; i++)
        if (strcasecmp(s->enabled[i], name) == 0)
            return 1;
    return 0;
}

/* ---- responses ----------------------------------------------------------- */

int imap_untagged(struct imap_session *s, const char *fmt, ...)
{
    struct imap_out *w = &s->io->w;
    va_list ap;

    imap_w_str(w, "* ");
    va_start(ap, fmt);
    imap_w_vfmt(w, fmt, ap);
    va_end(ap);
    return imap_w_end(w);
}

int imap_continue(struct imap_session *s, const char *text)
{
    struct imap_out *w = &s->io->w;

    /* continue-req = "+" SP (resp-text / base64) CRLF (RFC 3501 §9); the
     * client is waiting for it, so it cannot wait in the buffer. */
    imap_w_str(w, "+ ");
    imap_w_str(w, text);
    if (imap_w_end(w) < 0)
        return -1;
    return imap_flush(s);
}

/* [imap-tagged] */
/* Every status response goes through here:
 *   response-tagged = tag SP resp-cond-state CRLF
 *   resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
 *   resp-text       = ["[" resp-text-code "]" SP] text
 * With no tag (the command's tag could not be read) the response is
 * untagged: "* BAD ..." (RFC 3501 §7.1.3). */
static int status(struct imap_session *s, const char *word, const char *code,
                  const char *fmt, va_list ap)
{
    struct imap_out *w = &s->io->w;
    char text[IMAP_TEXT_MAX];

    /* Untagged updates (new mail, expunges) go out before the tagged
     * response that completes a command (RFC 3501 §7.3, §7.4.1). */
    if (s->tag[0] != '\0' && strcmp(word, "BAD") != 0 && !s->io->in_hooks
        && s->state != IMAP_STATE_LOGOUT) {
        s->io->in_hooks = 1;
        for (size_t e = 0; s->cfg->extensions[e] != NULL; e++) {
            const struct imap_extension *x = s->cfg->extensions[e];
            if (x->before_tagged != NULL && x->before_tagged(s, &s->slots[e]) < 0) {
                s->io->in_hooks = 0;
                return -1;
            }
        }
        s->io->in_hooks = 0;
    }
    vsnprintf(text, sizeof text, fmt, ap);
    if (strcmp(word, "BAD") == 0)
        s->bad_count++;
    imap_w_str(w, s->tag[0] != '\0' ? s->tag : "*");
    imap_w_str(w, " ");
    imap_w_str(w, word);
    if (code != NULL && code[0] != '\0')
        imap_w_fmt(w, " [%s]", code);
    /* text = 1*TEXT-CHAR: never empty. */
    imap_w_fmt(w, " %s", text[0] != '\0' ? text : "Completed");
    if (s->tag[0] != '\0')
        s->tagged_sent = 1;
    return imap_w_end(w);
}
/* [imap-tagged] */

int imap_ok(struct imap_session *s, const char *code, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = status(s, "OK", code, fmt, ap);
    va_end(ap);
    return r;
}

int imap_no(struct imap_session *s, const char *code, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = status(s, "NO", code, fmt, ap);
    va_end(ap);
    return r;
}

int imap_bad(struct imap_session *s, const char *code, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = status(s, "BAD", code, fmt, ap);
    va_end(ap);
    return r;
}

int imap_bad_syntax(struct imap_session *s, const struct imap_parser *p)
{
    const char *why = p->error != NULL ? p->error : "Syntax error";

    if (s->cmd != NULL)
        return imap_bad(s, NULL, "%s: %s", s->cmd->verb, why) < 0 ? IMAP_CMD_ERROR
                                                                  : IMAP_CMD_OK;
    return imap_bad(s, NULL, "%s", why) < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

int imap_bye(struct imap_session *s, const char *fmt, ...)
{
    struct imap_out *w = &s->io->w;
    va_list ap;

    /* RFC 3501 §7.1.5: BYE is always untagged; it says the server is
     * about to close the connection. */
    imap_w_str(w, "* BYE ");
    va_start(ap, fmt);
    imap_w_vfmt(w, fmt, ap);
    va_end(ap);
    s->state = IMAP_STATE_LOGOUT;
    return imap_w_end(w);
}

/* ---- login --------------------------------------------------------------- */

enum imap_auth_result imap_check_login(struct imap_session *s, const char *user,
                                       const char *password, struct imap_login *out)
{
    const struct users_entry *e;
    int n;

    memset(out, 0, sizeof *out);
    if (s->cfg->login != NULL)
        return s->cfg->login(s, user, password, out);
    /* [imap-check-login] */
    e = users_find(s->cfg->users, user);
    if (e == NULL)
        return IMAP_AUTH_FAILED;
    switch (users_check_password(e, password)) {
    case 1:
        break;
    case 0:
        return IMAP_AUTH_FAILED;
    default:
        log_msg("%s: cannot check the password of %s (unsupported hash?)", s->peer, e->name);
        return IMAP_AUTH_UNAVAILABLE;
    }
    /* The user's INBOX is the Maildir the SMTP server delivers to:
     * ROOT/NAME, with the users file's spelling of NAME (users_find()
     * ignores case, the file system does not). */
    snprintf(out->user, sizeof out->user, "%s", e->name);
    n = snprintf(out->maildir, sizeof out->maildir, "%s/%s", s->cfg->maildir_root, e->name);
    if (n < 0 || (size_t)n >= sizeof out->maildir)
        return IMAP_AUTH_UNAVAILABLE;
    return IMAP_AUTH_OK;
    /* [imap-check-login] */
}

int imap_session_login(struct imap_session *s, const struct imap_login *login)
{
    snprintf(s->user, sizeof s->user, "%s", login->user);
    snprintf(s->maildir, sizeof s->maildir, "%s", login->maildir);
    for (size_t e = 0; s->cfg->extensions[e] != NULL; e++) {
        const struct imap_extension *x = s->cfg->extensions[e];
        if (x->authenticated != NULL && x->authenticated(s, &s->slots[e]) < 0) {
            s->user[0] = s->maildir[0] = '\0';
            return -1;
        }
    }
    s->state = IMAP_STATE_AUTH;
    return 0;
}

/* ---- reading ------------------------------------------------------------- */

/* Milliseconds on a clock that never jumps (the autologout is a duration). */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The session is over because of the connection or the clock: say BYE
 * when there is someone to say it to (§5.4 autologout, shutdown). */
static int read_ended(struct imap_session *s, enum lr_status st)
{
    switch (st) {
    case LR_TIMEOUT:
        log_msg("%s: idle for %d seconds, autologout", s->peer, s->cfg->idle_timeout_s);
        imap_bye(s, "Autologout; idle for too long");
        return 0;
    case LR_INTERRUPTED:
        imap_bye(s, "Server shutting down");
        return 0;
    case LR_EOF:
        return 0;
    case LR_EOF_PARTIAL:
        log_msg("%s: connection closed in the middle of a command", s->peer);
        return 0;
    default:
        log_msg("%s: read error: %s", s->peer, strerror(errno));
        return -1;
    }
}

enum imap_line_result imap_read_line(struct imap_session *s, int timeout_ms,
                                     char **line, size_t *lenp)
{
    struct linereader *lr = &s->io->lr;
    int idle_ms = s->cfg->idle_timeout_s > 0 ? s->cfg->idle_timeout_s * 1000 : -1;
    size_t len = 0;
    enum lr_status st;

    if (imap_flush(s) < 0)
        return IMAP_LINE_ERROR;
    if (timeout_ms >= 0)
        lr_set_timeout(lr, timeout_ms);
    st = lr_read_line(lr, s->io->line, sizeof s->io->line, LR_LF_ENDS, &len, NULL);
    lr_set_timeout(lr, idle_ms);
    s->io->heard_ms = now_ms();
    *line = s->io->line;
    if (lenp != NULL)
        *lenp = len;
    switch (st) {
    case LR_OK:
        return IMAP_LINE_OK;
    case LR_TOO_LONG:
    case LR_BARE_LF:
    case LR_NUL:
        return IMAP_LINE_BAD;
    case LR_TIMEOUT:
        if (timeout_ms >= 0)
            return IMAP_LINE_TIMEOUT;
        /* fall through */
    default:
        return read_ended(s, st) < 0 ? IMAP_LINE_ERROR : IMAP_LINE_END;
    }
}

/* [imap-wait-input] */
enum imap_line_result imap_wait_input(struct imap_session *s, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    long long logout = s->cfg->idle_timeout_s > 0
                           ? s->io->heard_ms + s->cfg->idle_timeout_s * 1000LL : -1;

    if (imap_flush(s) < 0)
        return IMAP_LINE_ERROR;
    for (;;) {
        long long now = now_ms(), until = deadline;
        int r;

        /* The same three reasons to stop as between commands: the server
         * is shutting down, the client is quiet for too long, or it spoke. */
        if (s->cfg->stop != NULL && *s->cfg->stop)
            return read_ended(s, LR_INTERRUPTED) < 0 ? IMAP_LINE_ERROR : IMAP_LINE_END;
        if (logout >= 0 && now >= logout)
            return read_ended(s, LR_TIMEOUT) < 0 ? IMAP_LINE_ERROR : IMAP_LINE_END;
        if (lr_buffered(&s->io->lr) > 0)
            return IMAP_LINE_OK;        /* already read from the socket */
        if (logout >= 0 && logout < until)
            until = logout;
        r = io_wait_readable(s->io->lr.fd, until > now ? (int)(until - now) : 0);
        if (r > 0)
            return IMAP_LINE_OK;        /* bytes, or EOF: imap_read_line() tells */
        if (r < 0 && errno != EINTR)
            return IMAP_LINE_ERROR;
        /* A signal (look at the flag again), or a deadline: which one? */
        if (r == 0 && until == deadline)
            return IMAP_LINE_TIMEOUT;
    }
}
/* [imap-wait-input] */

/* Set s->tag from the start of a command, if it has a valid one followed
 * by SP (or the end): responses to a broken command still carry its tag
 * when it can be read. */
static void take_tag(struct imap_session *s, const char *buf, size_t len)
{
    struct imap_parser p;
    struct imap_value tag;

    s->tag[0] = '\0';
    imap_parser_init(&p, buf, len);
    if (imap_p_tag(&p, &tag) == 0 && (imap_p_at_end(&p) || imap_p_peek(&p) == ' ')) {
        memcpy(s->tag, tag.data, tag.len);
        s->tag[tag.len] = '\0';
    }
    imap_parser_free(&p);
}

/* The command name after the tag, upper-cased into @p verb ("" if none). */
static void take_verb(const char *buf, size_t len, char *verb, size_t versz)
{
    struct imap_parser p;
    struct imap_value tag, v;

    verb[0] = '\0';
    imap_parser_init(&p, buf, len);
    if (imap_p_tag(&p, &tag) == 0 && imap_p_sp(&p) == 0 && imap_p_atom(&p, &v) == 0
        && v.len < versz) {
        for (size_t i = 0; i < v.len; i++)
            verb[i] = (char)((v.data[i] >= 'a' && v.data[i] <= 'z') ? v.data[i] - 32
                                                                     : v.data[i]);
        verb[v.len] = '\0';
    }
    imap_parser_free(&p);
}

/* [imap-literal-limit] */
/* The reader asks before each literal: how many octets may this command
 * carry?  The command's row may say (APPEND, a later chapter, takes whole
 * messages); otherwise the configured default. */
static size_t literal_limit(void *arg, const struct imap_cmd *cmd)
{
    struct imap_session *s = arg;
    const struct imap_command *c;
    char verb[32];

    take_verb(cmd->buf, cmd->len, verb, sizeof verb);
    c = verb[0] ? imap_find_command(s->cfg, verb) : NULL;
    if (c != NULL && c->max_literal > 0 && (c->states & (unsigned)s->state))
        return c->max_literal;
    return s->cfg->max_literal;
}
/* [imap-literal-limit] */

/* ---- dispatch ------------------------------------------------------------ */

/* Why a known command is not allowed now, in words a person can act on. */
static const char *state_hint(const struct imap_session *s, const struct imap_command *c)
{
    if (s->state == IMAP_STATE_NOT_AUTH)
        return "Log in first";
    if ((c->states & IMAP_STATES_AUTHENTICATED) == 0)
        return "Already logged in";
    if (s->state == IMAP_STATE_AUTH && (c->states & IMAP_STATE_SELECTED))
        return "No mailbox selected";
    if (s->state == IMAP_STATE_SELECTED && (c->states & IMAP_STATE_AUTH))
        return "Not allowed with a mailbox selected";
    return "Not allowed in this state";
}

/* [imap-dispatch] */
/* One whole command: tag, command name, state check, handler. */
static int dispatch(struct imap_session *s, struct imap_cmd *cmd)
{
    struct imap_parser p;
    struct imap_value tag, name;
    const struct imap_command *c;
    char verb[32];
    int r = IMAP_CMD_OK;

    imap_parser_init(&p, cmd->buf, cmd->len);
    s->tag[0] = '\0';
    s->cmd = NULL;
    s->tagged_sent = 0;
    /* tag SP command: without a readable tag there is nothing to put in a
     * tagged response, so the complaint is untagged (RFC 3501 §7.1.3). */
    if (imap_p_tag(&p, &tag) < 0 || (!imap_p_at_end(&p) && imap_p_peek(&p) != ' ')) {
        r = imap_bad(s, NULL, "Missing or invalid tag") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
        goto done;
    }
    memcpy(s->tag, tag.data, tag.len);
    s->tag[tag.len] = '\0';
    if (imap_p_sp(&p) < 0 || imap_p_atom(&p, &name) < 0 || name.len >= sizeof verb) {
        r = imap_bad(s, NULL, "Missing or invalid command name") < 0 ? IMAP_CMD_ERROR
                                                                     : IMAP_CMD_OK;
        goto done;
    }
    memcpy(verb, name.data, name.len);
    verb[name.len] = '\0';
    c = imap_find_command(s->cfg, verb);
    if (c == NULL) {
        r = imap_bad(s, NULL, "Unknown command") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
        goto done;
    }
    if ((c->states & (unsigned)s->state) == 0) {
        r = imap_bad(s, NULL, "%s not allowed now: %s", c->verb, state_hint(s, c)) < 0
                ? IMAP_CMD_ERROR : IMAP_CMD_OK;
        goto done;
    }
    s->cmd = c;
    r = c->fn(s, &p);
    if (r == IMAP_CMD_OK && !s->tagged_sent) {
        /* A handler that forgot to complete its command would leave the
         * client waiting for ever: complete it here, loudly. */
        log_msg("%s: %s sent no tagged response", s->peer, c->verb);
        if (imap_bad(s, NULL, "Internal error") < 0)
            r = IMAP_CMD_ERROR;
    }
done:
    s->cmd = NULL;
    imap_parser_free(&p);
    return r;
}
/* [imap-dispatch] */

/* A command that could not even be read whole: answer it (with its tag
 * when the tag can be read) and go on.  Returns IMAP_CMD_*. */
static int refuse(struct imap_session *s, enum imap_read_status st)
{
    struct imap_cmd *cmd = &s->io->cmd;
    int r;

    take_tag(s, cmd->buf, cmd->len);
    switch (st) {
    case IMAP_READ_EMPTY:
        r = imap_bad(s, NULL, "Empty command line");
        break;
    case IMAP_READ_TOO_LONG:
        /* RFC 2683 §3.2.1.5: "send a BAD response to a command that does
         * not end within the server's maximum accepted command length". */
        r = imap_bad(s, NULL, "Command line too long (at most %zu octets)",
                     s->cfg->max_line);
        break;
    case IMAP_READ_BARE_LF:
        r = imap_bad(s, NULL, "Line must end with CRLF");
        break;
    case IMAP_READ_NUL:
        r = imap_bad(s, NULL, "NUL octet in command line");
        break;
    case IMAP_READ_LITERAL_REFUSED:
    case IMAP_READ_LITERAL_DROPPED:
        /* [TOOBIG] (RFC 4469, RFC 9051 §7.1): a limit, not bad syntax. */
        r = imap_no(s, "TOOBIG", "Literal too large (at most %zu octets)",
                    literal_limit(s, cmd));
        break;
    default: /* IMAP_READ_LITERAL_FATAL */
        imap_no(s, "TOOBIG", "Literal too large (at most %zu octets)", literal_limit(s, cmd));
        log_msg("%s: non-synchronising literal too large to skip, closing", s->peer);
        r = imap_bye(s, "Literal too large, closing connection");
        break;
    }
    s->tag[0] = '\0';
    return r < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* [imap-session-loop] */
static int imap_loop(struct imap_session *s)
{
    char caps[512];

    /* greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF; with the
     * capabilities in the greeting, a client need not ask for them. */
    imap_capabilities(s, caps, sizeof caps);
    imap_untagged(s, "OK [CAPABILITY %s] %s", caps, s->cfg->greeting);
    for (;;) {
        enum imap_read_status st = imap_read_command(&s->io->rd, &s->io->cmd);
        int r;

        s->io->heard_ms = now_ms();     /* the autologout counts from here */

        switch (st) {
        case IMAP_READ_OK:
            r = dispatch(s, &s->io->cmd);
            break;
        case IMAP_READ_EOF:
            return 0;
        case IMAP_READ_EOF_PARTIAL:
            return read_ended(s, LR_EOF_PARTIAL);
        case IMAP_READ_TIMEOUT:
            return read_ended(s, LR_TIMEOUT);
        case IMAP_READ_INTERRUPTED:
            return read_ended(s, LR_INTERRUPTED);
        case IMAP_READ_ERROR:
            return read_ended(s, LR_ERROR);
        default:
            r = refuse(s, st);
            break;
        }
        /* A command with a big literal (APPEND) grew the buffer: give
         * the memory back rather than keep it for the whole session. */
        if (s->io->cmd.cap > IMAP_DEFAULT_MAX_LITERAL)
            imap_cmd_free(&s->io->cmd);
        if (r == IMAP_CMD_ERROR)
            return -1;
        if (r == IMAP_CMD_CLOSE || s->state == IMAP_STATE_LOGOUT)
            return 0;
        /* Our responses no longer reach the client (a write failed, e.g. it
         * pipelines and never reads): reading on would only discard them. */
        if (outbuf_failed(&s->io->ob)) {
            log_msg("%s: write error: %s", s->peer, strerror(outbuf_failed(&s->io->ob)));
            return -1;
        }
        if (s->bad_count >= s->cfg->max_bad) {
            log_msg("%s: %u bad commands, closing", s->peer, s->bad_count);
            imap_bye(s, "Too many invalid commands");
            return 0;
        }
    }
}
/* [imap-session-loop] */

/* [imap-nodelay] */
/* Switch off Nagle's algorithm on a TCP connection (RFC 896; RFC 1122
 * §4.2.3.4 lets an application do so).  By default TCP holds back a
 * small segment while earlier data is still unacknowledged -- and the
 * client's TCP delays that acknowledgement (RFC 1122 §4.2.3.2, up to
 * 40 ms on Linux) while it waits for something to send.  An IMAP
 * response longer than our output buffer leaves in several writes, and
 * its last, short one (the end of the data and the tagged OK) is the one
 * held back: timed by hand, a SEARCH UNSEEN of 10,000 messages took
 * 55-60 ms instead of 15-30.  We already gather what belongs together in the buffer
 * (outbuf.h), so every write we make is meant to go now.  On a pipe
 * (--stdio) the call fails with ENOTSOCK: harmless. */
static void no_delay(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}
/* [imap-nodelay] */

int imap_session_run(int in_fd, int out_fd, const char *peer,
                     const struct imap_config *given)
{
    struct imap_session s;
    struct imap_config c = *given;
    size_t e;
    int result = 0;

    /* Zero means "the default", on the session's own copy. */
    if (c.greeting == NULL)
        c.greeting = "minimail IMAP4rev1 server ready";
    if (c.max_line < 64)
        c.max_line = IMAP_LINE_MAX;
    if (c.max_line > IMAP_LINE_MAX)
        c.max_line = IMAP_LINE_MAX;
    if (c.max_literal == 0)
        c.max_literal = IMAP_DEFAULT_MAX_LITERAL;
    if (c.max_discard == 0)
        c.max_discard = IMAP_DEFAULT_MAX_DISCARD;
    if (c.max_command == 0)
        c.max_command = IMAP_DEFAULT_MAX_COMMAND;
    if (c.max_bad == 0)
        c.max_bad = IMAP_DEFAULT_MAX_BAD;
    if (c.maildir_root == NULL)
        c.maildir_root = ".";
    if (c.extensions == NULL)
        c.extensions = base_only;
    for (e = 0; c.extensions[e] != NULL; e++)
        ;
    if (e > IMAP_MAX_EXTENSIONS) {
        log_msg("too many IMAP extensions (%zu, at most %d)", e, IMAP_MAX_EXTENSIONS);
        return -1;
    }

    memset(&s, 0, sizeof s);
    s.cfg = &c;
    s.state = IMAP_STATE_NOT_AUTH;
    snprintf(s.peer, sizeof s.peer, "%s", peer != NULL ? peer : "stdio");
    s.plaintext_ok = c.plaintext == IMAP_PLAINTEXT_ALWAYS
                     || (c.plaintext == IMAP_PLAINTEXT_LOOPBACK && imap_peer_is_local(s.peer));
    s.io = calloc(1, sizeof *s.io);
    if (s.io == NULL) {
        log_msg("%s: out of memory", s.peer);
        return -1;
    }
    outbuf_init(&s.io->ob, out_fd, TRACE_SERVER);
    no_delay(out_fd);
    imap_out_init(&s.io->w, &s.io->ob);
    lr_init(&s.io->lr, in_fd, TRACE_CLIENT);
    lr_set_timeout(&s.io->lr, c.idle_timeout_s > 0 ? c.idle_timeout_s * 1000 : -1);
    lr_set_interrupt(&s.io->lr, c.stop);
    /* Responses wait in the buffer until we are about to wait for input,
     * so the answers to pipelined commands leave together. */
    lr_set_flush(&s.io->lr, outbuf_flush_hook, &s.io->ob);
    s.io->rd.lr = &s.io->lr;
    s.io->rd.ob = &s.io->ob;
    s.io->rd.max_line = c.max_line;
    s.io->rd.max_command = c.max_command;
    s.io->rd.max_discard = c.max_discard;
    s.io->rd.literal_limit = literal_limit;
    s.io->rd.arg = &s;
    imap_cmd_init(&s.io->cmd);
    s.io->heard_ms = now_ms();

    for (e = 0; c.extensions[e] != NULL; e++) {
        const struct imap_extension *x = c.extensions[e];
        if (x->session_start != NULL && x->session_start(&s, &s.slots[e]) < 0) {
            log_msg("%s: %s could not start the session", s.peer, x->name);
            imap_bye(&s, "Service unavailable, try again later");
            break;
        }
    }
    if (s.state != IMAP_STATE_LOGOUT)
        result = imap_loop(&s);

    /* A BYE may still be in the buffer. */
    if (outbuf_flush(&s.io->ob) < 0 && result == 0) {
        log_msg("%s: write error: %s", s.peer, strerror(errno));
        result = -1;
    }
    while (e-- > 0) {
        const struct imap_extension *x = c.extensions[e];
        if (x->session_end != NULL)
            x->session_end(&s, &s.slots[e]);
    }
    log_msg("%s: session ended%s%s", s.peer, s.user[0] ? ", user " : "", s.user);
    imap_cmd_free(&s.io->cmd);
    free(s.io);
    return result;
}

int imap_server_session(int in_fd, int out_fd, const char *peer, void *arg)
{
    return imap_session_run(in_fd, out_fd, peer, arg);
}
