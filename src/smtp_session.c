/**
 * @file smtp_session.c
 * @brief One SMTP server session: the read-dispatch loop, the state
 *        machine, replies with enhanced codes.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §3.1 (session initiation), §3.8 (421), §4.1.4 (order of
 *      commands), §4.2 (replies), §4.3.2 (command-reply sequences),
 *      §4.5.3.1.4 (512-octet command lines), §4.5.3.2.7 (server timeout);
 *      RFC 2034 (enhanced codes); RFC 2920 §3 (when to flush)
 *
 * The loop is chapter 2's: read a line, deal with what can be wrong with
 * it *as a line*, split off the verb, find the verb in a table, run the
 * handler.  What SMTP adds is the **state**: a verb can be known and
 * still not be allowed yet (RCPT before MAIL), and then the answer is
 * 503 "bad sequence of commands", not 500 "unknown".  Each table row
 * carries the set of states in which its verb is allowed, so the check
 * is one bit test, done here, once, for every command of every chapter.
 *
 * The handlers themselves live in smtp_commands.c (chapter 4's table) and
 * in later chapters' files; the DATA phase lives in smtp_data.c.
 */
#include "smtp_session.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linereader.h"
#include "log.h"
#include "outbuf.h"
#include "reply.h"
#include "trace.h"

/* The connection: chapter 2's reader and writer, and the line buffers.
 * Kept out of the header so that chapter 2's structures can change
 * without touching anything that includes smtp_session.h. */
struct smtp_io {
    struct linereader lr;
    struct outbuf ob;
    char line[SMTP_LINE_MAX];      /* the current command line */
    char text[SMTP_TEXT_LINE_MAX]; /* the current DATA line */
};

void smtp_config_init(struct smtp_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->hostname = "localhost";
    cfg->greeting = "ESMTP minimail";
    cfg->idle_timeout_s = SMTP_DEFAULT_TIMEOUT_S;
    cfg->max_rcpt = SMTP_DEFAULT_MAX_RCPT;
    cfg->max_message_size = SMTP_DEFAULT_MAX_SIZE;
    cfg->max_errors = SMTP_DEFAULT_MAX_ERRORS;
}

const char *smtp_state_name(enum smtp_state state)
{
    switch (state) {
    case SMTP_STATE_INIT: return "INIT";
    case SMTP_STATE_READY: return "READY";
    case SMTP_STATE_MAIL: return "MAIL";
    case SMTP_STATE_RCPT: return "RCPT";
    case SMTP_STATE_DATA: return "DATA";
    }
    return "?";
}

/* ---- replies ------------------------------------------------------------ */

/* [smtp-reply] */
/* Every reply of the SMTP server passes through here.  Two rules live in
 * this one place:
 *  - RFC 2034: with ENHANCEDSTATUSCODES on, the text starts with the
 *    enhanced code ("250 2.1.0 Sender OK"); without it, the code is not
 *    shown, so handlers can always pass one;
 *  - RFC 5321 §3.8: after a 421 the server closes the connection, so a
 *    421 from anywhere (a handler, a hook) marks the session as closing. */
static int reply_line(struct smtp_session *s, int code, int more, const char *enh,
                      const char *text)
{
    struct outbuf *ob = &s->io->ob;
    int show_enh = s->cfg->enhanced && enh != NULL && enh[0] != '\0';

    if (!more) {
        /* Count protocol errors: the replies that mean "I did not
         * understand you" (§4.2.2: 500-504) and 555 (§4.1.1.11).  A policy
         * refusal (550 unknown user, 452 too many recipients) is not the
         * client's confusion and does not count. */
        if ((code >= 500 && code <= 504) || code == 555)
            s->errors++;
        if (code == 421 || code == 221)
            s->closing = 1;
    }
    if (show_enh)
        return (more ? reply_more : reply)(ob, code, "%s %s", enh, text);
    return (more ? reply_more : reply)(ob, code, "%s", text);
}
/* [smtp-reply] */

int smtp_reply(struct smtp_session *s, int code, const char *enh, const char *fmt, ...)
{
    char text[SMTP_REPLY_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return reply_line(s, code, 0, enh, text);
}

int smtp_reply_lines(struct smtp_session *s, int code, const char *enh,
                     const char *const *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (reply_line(s, code, i + 1 < n, enh, lines[i]) < 0)
            return -1;
    return 0;
}

int smtp_reply_send(struct smtp_session *s, const struct smtp_reply *r)
{
    return reply_line(s, r->code, 0, r->enh, r->text);
}

void smtp_reply_set(struct smtp_reply *r, int code, const char *enh, const char *fmt, ...)
{
    va_list ap;

    r->code = code;
    snprintf(r->enh, sizeof r->enh, "%s", enh != NULL ? enh : "");
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
}

/* ---- reading ------------------------------------------------------------ */

/* The end of a wait that ends the session: say why, when the RFC wants us
 * to (§4.5.3.2.7 timeout, §3.8 shutdown), and log it. */
static enum smtp_read_result read_ended(struct smtp_session *s, enum lr_status st,
                                        size_t len)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    const char *host = s->cfg->hostname;

    switch (st) {
    case LR_TIMEOUT:
        log_msg("%s: idle for %d seconds, closing", s->peer, s->cfg->idle_timeout_s);
        smtp_reply(s, 421, "4.4.2", "%s Idle timeout, closing connection", host);
        return SMTP_READ_END;
    case LR_INTERRUPTED:
        smtp_reply(s, 421, "4.3.2", "%s Server shutting down, closing connection", host);
        return SMTP_READ_END;
    case LR_EOF:
        if (s->state & (SMTP_STATE_DATA | SMTP_STATES_TRANSACTION))
            log_msg("%s: connection closed in a mail transaction, nothing delivered",
                    s->peer);
        return SMTP_READ_END;
    case LR_EOF_PARTIAL:
        log_msg("%s: connection closed in the middle of a line (%zu octets)%s",
                s->peer, len, s->state & (SMTP_STATE_DATA | SMTP_STATES_TRANSACTION)
                                  ? ", nothing delivered" : "");
        return SMTP_READ_END;
    default:
        log_msg("%s: read error: %s", s->peer, log_strerror(errno, why, sizeof why));
        return SMTP_READ_ERROR;
    }
}

/* [smtp-read-command] */
enum smtp_read_result smtp_session_read_line(struct smtp_session *s, char **line,
                                             size_t *lenp)
{
    size_t len = 0;
    unsigned flags = 0;
    enum lr_status st = lr_read_line(&s->io->lr, s->io->line, sizeof s->io->line,
                                     LR_LF_ENDS, &len, &flags);

    *line = s->io->line;
    if (lenp != NULL)
        *lenp = len;
    /* What can be wrong with a command *as a line*.  Each gets a 500 and
     * the session goes on (the reader has already skipped to the next
     * line): a client that sent one bad line may send good ones next. */
    switch (st) {
    case LR_OK:
        if (flags & LR_F_BARE_CR) {
            smtp_reply(s, 500, "5.5.2", "Bare CR in command line");
            return SMTP_READ_BAD;
        }
        return SMTP_READ_LINE;
    case LR_TOO_LONG: /* §4.5.3.1.4: 512 octets, CRLF included */
        smtp_reply(s, 500, "5.5.2", "Line too long (at most %d octets with CRLF)",
                   SMTP_LINE_MAX);
        return SMTP_READ_BAD;
    case LR_BARE_LF: /* §2.3.8: lines end with CRLF, nothing else */
        smtp_reply(s, 500, "5.5.2", "Line must end with CRLF");
        return SMTP_READ_BAD;
    case LR_NUL:
        smtp_reply(s, 500, "5.5.2", "NUL octet in command line");
        return SMTP_READ_BAD;
    default:
        return read_ended(s, st, len);
    }
}
/* [smtp-read-command] */

enum smtp_read_result smtp_session_read_text(struct smtp_session *s, char **line,
                                             size_t *lenp, unsigned *flagsp)
{
    size_t len = 0;
    unsigned lrflags = 0, flags = 0;
    enum lr_status st = lr_read_line(&s->io->lr, s->io->text, sizeof s->io->text,
                                     LR_CRLF_ONLY, &len, &lrflags);

    *line = s->io->text;
    *lenp = len;
    switch (st) {
    case LR_TOO_LONG:
        flags |= SMTP_TEXT_TOO_LONG;
        /* fall through */
    case LR_OK:
    case LR_NUL:
    case LR_BARE_LF:
        if (lrflags & LR_F_BARE_CR)
            flags |= SMTP_TEXT_BARE_CR;
        if (lrflags & LR_F_BARE_LF)
            flags |= SMTP_TEXT_BARE_LF;
        if (lrflags & LR_F_NUL || st == LR_NUL)
            flags |= SMTP_TEXT_NUL;
        *flagsp = flags;
        return SMTP_READ_LINE;
    default:
        *flagsp = 0;
        return read_ended(s, st, len);
    }
}

/* ---- the state machine ---------------------------------------------------- */

void smtp_session_reset(struct smtp_session *s)
{
    memset(&s->env.from, 0, sizeof s->env.from);
    s->env.mail_params[0] = '\0';
    s->env.nrcpt = 0;
    s->env.rcpt_refused = 0;
    if (s->cfg->hooks != NULL && s->cfg->hooks->reset != NULL)
        s->cfg->hooks->reset(s);
    /* §4.1.1.5: RSET clears the transaction, not the greeting: a session
     * that has not said EHLO yet still has not. */
    if (s->state != SMTP_STATE_INIT)
        s->state = SMTP_STATE_READY;
}

/* [smtp-find-command] */
const struct smtp_command *smtp_find_command(const struct smtp_config *cfg,
                                             const char *verb)
{
    static const struct smtp_command *const base_only[] = { smtp_base_commands, NULL };
    const struct smtp_command *const *tables = cfg->tables ? cfg->tables : base_only;

    /* Tables in order, rows in order: the first match wins, so a later
     * chapter can put a table in front to replace a verb, or after to
     * add one. */
    for (size_t t = 0; tables[t] != NULL; t++)
        for (const struct smtp_command *c = tables[t]; c->verb != NULL; c++)
            if (strcmp(c->verb, verb) == 0)
                return c;
    return NULL;
}
/* [smtp-find-command] */

/* [smtp-dispatch] */
/* One command line: find the verb, check the state, run the handler. */
static int smtp_dispatch(struct smtp_session *s, char *line)
{
    char *args;
    char *verb = smtp_split_command(line, &args);
    const struct smtp_command *c;

    if (s->refused) {
        /* §3.1: after a 554 greeting the server "MUST still wait for the
         * client to send a QUIT" and "SHOULD respond to any intervening
         * commands with 503". */
        if (strcmp(verb, "QUIT") == 0) {
            smtp_reply(s, 221, "2.0.0", "%s closing connection", s->cfg->hostname);
            return SMTP_CMD_CLOSE;
        }
        smtp_reply(s, 503, "5.5.1", "Bad sequence of commands (service refused)");
        return SMTP_CMD_OK;
    }
    c = smtp_find_command(s->cfg, verb);
    if (c == NULL) {
        /* §4.2.4: 500 for a command that is not recognised at all. */
        smtp_reply(s, 500, "5.5.1", "Command unrecognized");
        return SMTP_CMD_OK;
    }
    if ((c->states & (unsigned)s->state) == 0) {
        /* Known, but not now: §4.1.4 wants 503, and the state unchanged. */
        if (s->state == SMTP_STATE_INIT)
            smtp_reply(s, 503, "5.5.1", "Send EHLO or HELO first");
        else
            smtp_reply(s, 503, "5.5.1", "%s",
                       c->out_of_order ? c->out_of_order : "Bad sequence of commands");
        return SMTP_CMD_OK;
    }
    return c->fn(s, args);
}
/* [smtp-dispatch] */

/* The greeting (§3.1, §4.2): "220 domain text", or the connect hook's
 * refusal.  Returns 0, or -1 if the session should not go on at all. */
static int smtp_greet(struct smtp_session *s)
{
    const struct smtp_hooks *h = s->cfg->hooks;
    struct smtp_reply r = { 0, "", "" };

    if (h != NULL && h->connect != NULL && h->connect(s, &r) == SMTP_REJECT) {
        if (r.code == 0)
            smtp_reply_set(&r, 554, "5.3.2", "%s Service refused", s->cfg->hostname);
        s->refused = 1;
        /* Like the 220, a refusal greeting carries no enhanced code. */
        return reply_line(s, r.code, 0, NULL, r.text);
    }
    /* The greeting carries no enhanced code (RFC 2034 §3). */
    return reply(&s->io->ob, 220, "%s %s", s->cfg->hostname, s->cfg->greeting);
}

/* [smtp-session-loop] */
static int smtp_loop(struct smtp_session *s)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */

    if (smtp_greet(s) < 0 || s->closing)
        return 0;
    for (;;) {
        char *line;
        enum smtp_read_result rr = smtp_session_read_line(s, &line, NULL);
        int r = SMTP_CMD_OK;

        if (rr == SMTP_READ_LINE)
            r = smtp_dispatch(s, line);
        else if (rr == SMTP_READ_END)
            return 0;
        else if (rr == SMTP_READ_ERROR)
            return -1;
        if (r == SMTP_CMD_ERROR)
            return -1;
        if (r == SMTP_CMD_CLOSE || s->closing)
            return 0;
        /* Our replies no longer reach the client (a write failed, e.g. it
         * pipelines and never reads): reading on would only discard them. */
        if (outbuf_failed(&s->io->ob)) {
            log_msg("%s: write error: %s", s->peer,
                    log_strerror(outbuf_failed(&s->io->ob), why, sizeof why));
            return -1;
        }
        /* Too many errors: a client this confused (or this hostile) is
         * not going to recover; §4.2.2 lists 421 for closing on our side. */
        if (s->errors >= s->cfg->max_errors) {
            log_msg("%s: %u errors, closing", s->peer, s->errors);
            smtp_reply(s, 421, "4.7.0", "%s Too many errors, closing connection",
                       s->cfg->hostname);
            return 0;
        }
    }
}
/* [smtp-session-loop] */

int smtp_session_run(int in_fd, int out_fd, const char *peer,
                     const struct smtp_config *given)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    struct smtp_session s;
    struct smtp_config c = *given, *cfg = &c;
    int result;

    /* Zero or NULL settings mean "the default", also for a server that
     * forgot smtp_config_init(): the session works on this filled-in copy. */
    if (c.hostname == NULL)
        c.hostname = "localhost";
    if (c.greeting == NULL)
        c.greeting = "ESMTP minimail";
    if (c.max_rcpt == 0)
        c.max_rcpt = SMTP_DEFAULT_MAX_RCPT;
    if (c.max_message_size == 0)
        c.max_message_size = SMTP_DEFAULT_MAX_SIZE;
    if (c.max_errors == 0)
        c.max_errors = SMTP_DEFAULT_MAX_ERRORS;

    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    s.state = SMTP_STATE_INIT;
    s.ehlo_keywords = cfg->ehlo_keywords;
    snprintf(s.peer, sizeof s.peer, "%s", peer != NULL ? peer : "stdio");
    s.io = malloc(sizeof *s.io);
    if (s.io == NULL) {
        log_msg("%s: out of memory", s.peer);
        return -1;
    }
    outbuf_init(&s.io->ob, out_fd, TRACE_SERVER);
    lr_init(&s.io->lr, in_fd, TRACE_CLIENT);
    lr_set_timeout(&s.io->lr, cfg->idle_timeout_s > 0 ? cfg->idle_timeout_s * 1000 : -1);
    lr_set_interrupt(&s.io->lr, cfg->stop);
    /* Replies wait in the buffer until we are about to wait for input:
     * RFC 2920 §3, and one packet for a whole pipelined batch. */
    lr_set_flush(&s.io->lr, outbuf_flush_hook, &s.io->ob);

    result = smtp_loop(&s);

    /* The 221 or 421 may still be in the buffer. */
    if (outbuf_flush(&s.io->ob) < 0 && result == 0) {
        log_msg("%s: write error: %s", s.peer, log_strerror(errno, why, sizeof why));
        result = -1;
    }
    /* Whatever was in progress is abandoned (§4.1.1.10: "the server MUST
     * cancel any pending transaction"). */
    if (s.state & SMTP_STATES_TRANSACTION)
        smtp_session_reset(&s);
    if (cfg->hooks != NULL && cfg->hooks->disconnect != NULL)
        cfg->hooks->disconnect(&s);
    log_msg("%s: session ended, %lu message%s accepted", s.peer, s.messages,
            s.messages == 1 ? "" : "s");
    free(s.env.rcpt);
    free(s.io);
    return result;
}

int smtp_server_session(int in_fd, int out_fd, const char *peer, void *arg)
{
    return smtp_session_run(in_fd, out_fd, peer, arg);
}
