/**
 * @file smtp_client.c
 * @brief The SMTP client: session, EHLO/HELO, AUTH, the mail transaction.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §3.1-3.3, §4.1.1, §4.3.2, §4.5.2, §4.5.3.2; RFC 2920 §3;
 *      RFC 1870 §6; RFC 6152 §3; RFC 4954 §4; RFC 4616 §2; RFC 3463
 *
 * Three small helpers carry the whole conversation: send_line() puts a
 * command into the output buffer (traced as `C:`), read_reply() waits for
 * one reply with the timeout RFC 5321 §4.5.3.2 gives for that moment
 * (traced as `S:` by the line reader), and fail() gives up the connection
 * with a message.  The public functions are the RFC's session, one
 * command after another; the only interesting control flow is in
 * smtp_client_send(), which either waits for each reply or -- with
 * PIPELINING -- sends the whole envelope at once and then reads the
 * replies in order.
 *
 * The client writes to a socket the server may have closed.  Writing to
 * such a socket raises SIGPIPE, whose default action ends the process; a
 * program using this module ignores SIGPIPE (minimail-smtp does, and the
 * servers already do), so that a gone server is an EPIPE error, reported
 * like any other.
 */
#include "smtp_client.h"

#include "base64.h"
#include "net.h"
#include "smtp_dotstuff.h"
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

void smtp_client_init(struct smtp_client *c)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    /* [smtp-client-timeouts] */
    c->timeouts.connect_ms = 30 * 1000;         /* not in the RFC */
    c->timeouts.greeting_ms = 5 * 60 * 1000;    /* §4.5.3.2.1 initial 220 */
    c->timeouts.command_ms = 5 * 60 * 1000;     /* §4.5.3.2.2-3 MAIL, RCPT */
    c->timeouts.data_init_ms = 2 * 60 * 1000;   /* §4.5.3.2.4 the 354 */
    c->timeouts.data_block_ms = 3 * 60 * 1000;  /* §4.5.3.2.5 each write */
    c->timeouts.data_end_ms = 10 * 60 * 1000;   /* §4.5.3.2.6 after "." */
    /* [smtp-client-timeouts] */
}

void smtp_client_set_timeout(struct smtp_client *c, int ms)
{
    c->timeouts.connect_ms = c->timeouts.greeting_ms = c->timeouts.command_ms = ms;
    c->timeouts.data_init_ms = c->timeouts.data_block_ms = c->timeouts.data_end_ms = ms;
}

void smtp_client_close(struct smtp_client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

/* Give up the connection: note why, close, return -1. */
static int fail(struct smtp_client *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(struct smtp_client *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    smtp_client_close(c);
    return -1;
}

/* [smtp-client-helpers] */
/* Put one command line into the output buffer (traced "C: ..."); it
 * leaves with the next flush.  A line that does not fit the buffer
 * cannot be a valid command anyway. */
static int send_line(struct smtp_client *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int send_line(struct smtp_client *c, const char *fmt, ...)
{
    char line[SMTP_REPLY_LINE_MAX * 2];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        return fail(c, "command too long");
    if (outbuf_line(&c->ob, line, (size_t)n) < 0)
        return fail(c, "write to the server: %s", strerror(errno));
    return 0;
}

static int flush(struct smtp_client *c)
{
    if (outbuf_flush(&c->ob) < 0)
        return fail(c, "write to the server: %s", strerror(errno));
    return 0;
}

/* Wait at most timeout_ms for one reply into *r; its code, or -1.
 * "what" names the command, for the error message. */
static int read_reply(struct smtp_client *c, struct smtp_client_reply *r,
                      int timeout_ms, const char *what)
{
    enum smtp_reply_error err;

    lr_set_timeout(&c->lr, timeout_ms);
    err = smtp_reply_read(&c->lr, r);
    if (r != &c->reply)
        c->reply = *r;
    if (err != SMTP_RE_NONE)
        return fail(c, "%s: %s%s%s", what, smtp_reply_error_str(err),
                    err == SMTP_RE_IO ? ": " : "", err == SMTP_RE_IO ? strerror(errno) : "");
    return r->code;
}
/* [smtp-client-helpers] */

/* A call on a client without a connection: -1, and keep the message
 * that says why the connection was lost (if it was). */
static int not_connected(struct smtp_client *c)
{
    if (c->err[0] == '\0')
        snprintf(c->err, sizeof c->err, "not connected");
    return -1;
}

/* Send one command, flush, read its reply into c->reply. */
static int command(struct smtp_client *c, int timeout_ms, const char *what,
                   const char *line)
{
    if (c->fd < 0)
        return not_connected(c);
    if (send_line(c, "%s", line) < 0 || flush(c) < 0)
        return -1;
    return read_reply(c, &c->reply, timeout_ms, what);
}

int smtp_client_start(struct smtp_client *c, int fd)
{
    struct timeval tv;
    const char *nl;
    size_t n;
    int code;

    smtp_client_close(c);
    c->fd = fd;
    c->esmtp = 0;
    c->ext = c->auth_mechs = 0;
    c->size_limit = 0;
    c->err[0] = c->greeting[0] = '\0';
    lr_init(&c->lr, fd, TRACE_SERVER);          /* we read the Server's lines */
    outbuf_init(&c->ob, fd, TRACE_CLIENT);      /* and write the Client's */

    /* §4.5.3.2.5: a write that cannot go on for the data block timeout
     * has failed.  SO_SNDTIMEO makes a blocked write(2) return EAGAIN
     * then (it fails harmlessly on a descriptor that is not a socket). */
    if (c->timeouts.data_block_ms > 0) {
        tv.tv_sec = c->timeouts.data_block_ms / 1000;
        tv.tv_usec = (c->timeouts.data_block_ms % 1000) * 1000;
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }

    /* §3.1: the server speaks first.  220 means "go on"; 554 means "I
     * will not talk to you" (the client should then QUIT). */
    code = read_reply(c, &c->reply, c->timeouts.greeting_ms, "waiting for the greeting");
    if (code < 0)
        return -1;
    nl = strchr(c->reply.text, '\n');
    n = nl ? (size_t)(nl - c->reply.text) : strlen(c->reply.text);
    if (n >= sizeof c->greeting)
        n = sizeof c->greeting - 1;
    memcpy(c->greeting, c->reply.text, n);
    c->greeting[n] = '\0';
    return code;
}

int smtp_client_connect(struct smtp_client *c, const char *host, const char *port)
{
    char err[NET_ERRLEN];
    int fd;

    smtp_client_close(c);
    fd = net_connect(host, port, c->timeouts.connect_ms, err, sizeof err);
    if (fd < 0) {
        snprintf(c->err, sizeof c->err, "%s", err);
        return -1;
    }
    return smtp_client_start(c, fd);
}

/* [smtp-client-ehlo-keywords] */
/** Is the keyword of this line @p k (any case)?  (A macro: it reads the
 *  locals of parse_ehlo().) */
#define IS(k) (klen == strlen(k) && strncasecmp(line, k, klen) == 0)

/* Read the extension keywords of an EHLO reply: every line after the
 * first is "KEYWORD [PARAMS]" (RFC 5321 §4.1.1.1), keywords in any case. */
static void parse_ehlo(struct smtp_client *c)
{
    const char *line = strchr(c->reply.text, '\n');

    while (line != NULL) {
        const char *end, *sp, *p;
        size_t klen;

        line++;
        end = strchr(line, '\n');
        if (end == NULL)
            end = line + strlen(line);
        for (sp = line; sp < end && *sp != ' ' && *sp != '='; sp++)
            ;
        klen = (size_t)(sp - line);
        if (IS("PIPELINING"))
            c->ext |= SMTP_EXT_PIPELINING;
        else if (IS("8BITMIME"))
            c->ext |= SMTP_EXT_8BITMIME;
        else if (IS("ENHANCEDSTATUSCODES"))
            c->ext |= SMTP_EXT_ENHANCED;
        else if (IS("STARTTLS"))
            c->ext |= SMTP_EXT_STARTTLS;
        else if (IS("SMTPUTF8"))
            c->ext |= SMTP_EXT_SMTPUTF8;
        else if (IS("DSN"))
            c->ext |= SMTP_EXT_DSN;
        else if (IS("SIZE")) {                  /* "SIZE 10240000", or "SIZE" */
            c->ext |= SMTP_EXT_SIZE;
            if (sp < end && *sp == ' ')     /* the digits, and only them */
                for (p = sp + 1; p < end && *p >= '0' && *p <= '9'
                                 && c->size_limit < 1000000000000000ULL; p++)
                    c->size_limit = c->size_limit * 10 + (unsigned long long)(*p - '0');
        } else if (IS("AUTH")) {                /* "AUTH PLAIN LOGIN" (or the
                                                   old "AUTH=PLAIN LOGIN") */
            c->ext |= SMTP_EXT_AUTH;
            for (p = sp; p < end; ) {
                size_t n;

                while (p < end && (*p == ' ' || *p == '='))
                    p++;
                for (n = 0; p + n < end && p[n] != ' '; n++)
                    ;
                if (n == 5 && strncasecmp(p, "PLAIN", 5) == 0)
                    c->auth_mechs |= SMTP_AUTH_PLAIN;
                else if (n == 5 && strncasecmp(p, "LOGIN", 5) == 0)
                    c->auth_mechs |= SMTP_AUTH_LOGIN;
                p += n;
            }
        }
        line = *end ? end : NULL;
    }
}
#undef IS
/* [smtp-client-ehlo-keywords] */

/* [smtp-client-hello] */
int smtp_client_hello(struct smtp_client *c, const char *name)
{
    char line[SMTP_CLIENT_NAME_MAX + 8];
    int code;

    if (name == NULL || name[0] == '\0')
        name = "localhost";
    if (strlen(name) >= SMTP_CLIENT_NAME_MAX || strpbrk(name, " \r\n") != NULL) {
        snprintf(c->err, sizeof c->err, "invalid name for EHLO: %s", name);
        return -1;
    }
    c->esmtp = 0;
    c->ext = c->auth_mechs = 0;
    c->size_limit = 0;

    snprintf(line, sizeof line, "EHLO %s", name);
    code = command(c, c->timeouts.command_ms, "reply to EHLO", line);
    if (code == 250) {
        c->esmtp = 1;
        parse_ehlo(c);
    } else if (code == 500 || code == 502) {
        /* §3.2: "command not recognized" -- an RFC 821 server.  Say
         * HELO instead, and use no extensions. */
        snprintf(line, sizeof line, "HELO %s", name);
        code = command(c, c->timeouts.command_ms, "reply to HELO", line);
    }
    return code;
}
/* [smtp-client-hello] */

/* Send a line that carries credentials: the bytes go out as they are,
 * the trace shows "label ****" instead (a trace is often pasted into a
 * bug report). */
static int send_secret(struct smtp_client *c, const char *label, const char *b64)
{
    char shown[64];

    if ((label[0] && (outbuf_write(&c->ob, label, strlen(label)) < 0
                      || outbuf_write(&c->ob, " ", 1) < 0))
        || outbuf_write(&c->ob, b64, strlen(b64)) < 0
        || outbuf_write(&c->ob, "\r\n", 2) < 0)
        return fail(c, "write to the server: %s", strerror(errno));
    snprintf(shown, sizeof shown, "%s%s****", label, label[0] ? " " : "");
    trace_line(TRACE_CLIENT, shown, strlen(shown));
    if (flush(c) < 0)
        return -1;
    return read_reply(c, &c->reply, c->timeouts.command_ms, "reply to AUTH");
}

/* base64 of n octets in a fresh buffer, or NULL. */
static char *b64_alloc(const void *data, size_t n)
{
    size_t sz = base64_encoded_len(n) + 1;
    char *s = malloc(sz);

    if (s != NULL)
        base64_encode(data, n, s, sz);
    return s;
}

/* [smtp-client-auth] */
int smtp_client_auth(struct smtp_client *c, const char *user, const char *pass,
                     const char *mech)
{
    size_t ul = strlen(user), pl = strlen(pass);
    unsigned use;
    char *b64 = NULL;
    int code;

    if (c->fd < 0)
        return not_connected(c);
    if (mech == NULL)
        use = (c->auth_mechs & SMTP_AUTH_PLAIN) ? SMTP_AUTH_PLAIN
            : (c->auth_mechs & SMTP_AUTH_LOGIN) ? SMTP_AUTH_LOGIN : 0;
    else if (strcasecmp(mech, "PLAIN") == 0)
        use = SMTP_AUTH_PLAIN;
    else if (strcasecmp(mech, "LOGIN") == 0)
        use = SMTP_AUTH_LOGIN;
    else
        use = 0;
    if (use == 0 || !(c->auth_mechs & use)) {
        snprintf(c->err, sizeof c->err, "%s",
                 !(c->ext & SMTP_EXT_AUTH) ? "the server does not offer AUTH"
                 : "the server offers no authentication mechanism we know (PLAIN, LOGIN)");
        return 0;
    }

    if (use == SMTP_AUTH_PLAIN) {
        /* RFC 4616 §2: message = [authzid] NUL authcid NUL passwd, sent as
         * the "initial response" right on the AUTH line (RFC 4954 §4). */
        char *raw = malloc(ul + pl + 2);

        if (raw == NULL)
            return fail(c, "out of memory");
        raw[0] = '\0';
        memcpy(raw + 1, user, ul);
        raw[1 + ul] = '\0';
        memcpy(raw + 2 + ul, pass, pl);
        b64 = b64_alloc(raw, ul + pl + 2);
        memset(raw, 0, ul + pl + 2);            /* do not leave passwords around */
        free(raw);
        if (b64 == NULL)
            return fail(c, "out of memory");
        code = send_secret(c, "AUTH PLAIN", b64);
    } else {
        /* LOGIN: the server asks (334 "Username:" in base64), we answer
         * with one base64 line; then the same for the password. */
        code = command(c, c->timeouts.command_ms, "reply to AUTH LOGIN", "AUTH LOGIN");
        if (code == 334) {
            b64 = b64_alloc(user, ul);
            if (b64 == NULL)
                return fail(c, "out of memory");
            code = send_secret(c, "", b64);
            free(b64);
            b64 = NULL;
        }
        if (code == 334) {
            b64 = b64_alloc(pass, pl);
            if (b64 == NULL)
                return fail(c, "out of memory");
            code = send_secret(c, "", b64);
        }
    }
    if (b64 != NULL) {
        memset(b64, 0, strlen(b64));
        free(b64);
    }
    if (code == 334) {
        /* The server wants yet another round: nothing we can answer.
         * RFC 4954 §4: "*" cancels the exchange (the server says 501). */
        code = command(c, c->timeouts.command_ms, "reply to AUTH cancel", "*");
    }
    return code;
}
/* [smtp-client-auth] */

int smtp_client_command(struct smtp_client *c, const char *line)
{
    return command(c, c->timeouts.command_ms, "reply", line);
}

int smtp_client_rset(struct smtp_client *c)
{
    return command(c, c->timeouts.command_ms, "reply to RSET", "RSET");
}

int smtp_client_quit(struct smtp_client *c)
{
    int code;

    if (c->fd < 0)
        return -1;
    code = command(c, c->timeouts.command_ms, "reply to QUIT", "QUIT");
    smtp_client_close(c);
    return code;
}

/* A reply the client makes up itself (the transaction was not sent). */
static void local_reply(struct smtp_client_reply *r, int code, const char *enh,
                        const char *text)
{
    memset(r, 0, sizeof *r);
    r->code = code;
    snprintf(r->enh, sizeof r->enh, "%s", enh);
    snprintf(r->text, sizeof r->text, "%s", text);
    r->nlines = 1;
}

static int positive(int code) { return code >= 200 && code <= 299; }

/* [smtp-client-send] */
int smtp_client_send(struct smtp_client *c, struct smtp_client_txn *t)
{
    struct smtp_msg_info info;
    char params[64] = "";
    int pipelining, code;
    size_t i;

    memset(&t->mail, 0, sizeof t->mail);
    memset(&t->data, 0, sizeof t->data);
    memset(&t->end, 0, sizeof t->end);
    t->accepted = 0;
    t->pipelined = t->local = 0;
    for (i = 0; i < t->nrcpts; i++)
        memset(&t->rcpts[i].reply, 0, sizeof t->rcpts[i].reply);
    if (c->fd < 0)
        return not_connected(c);
    if (t->nrcpts == 0) {
        snprintf(c->err, sizeof c->err, "a transaction needs at least one recipient");
        return 0;
    }

    /* What the server must know before MAIL: the size (RFC 1870) and
     * whether the body is 8-bit (RFC 6152). */
    smtp_msg_scan(t->msg, t->len, &info);
    if (info.has_8bit && !(c->ext & SMTP_EXT_8BITMIME)
        && !(c->flags & SMTP_CLIENT_FORCE_8BIT)) {
        /* RFC 6152 §3: such a message must not go to this server as it is. */
        local_reply(&t->mail, 554, "5.6.3",
                    "message has 8-bit data and the server does not offer 8BITMIME");
        t->local = 1;
        return 0;
    }
    if ((c->ext & SMTP_EXT_SIZE) && c->size_limit > 0 && info.size > c->size_limit) {
        /* RFC 1870 §6: do not send what the server said it will refuse. */
        local_reply(&t->mail, 552, "5.3.4", "message is larger than the server's SIZE limit");
        t->local = 1;
        return 0;
    }
    if (c->ext & SMTP_EXT_SIZE)
        snprintf(params, sizeof params, " SIZE=%zu", info.size);
    if (info.has_8bit && (c->ext & SMTP_EXT_8BITMIME))
        strcat(params, " BODY=8BITMIME");

    pipelining = (c->ext & SMTP_EXT_PIPELINING) && !(c->flags & SMTP_CLIENT_NO_PIPELINING);
    t->pipelined = pipelining;

    if (pipelining) {
        /* RFC 2920 §3: MAIL, the RCPTs and DATA as one group -- one
         * write, one round trip -- then the replies, in the same order. */
        if (send_line(c, "MAIL FROM:<%s>%s", t->from, params) < 0)
            return -1;
        for (i = 0; i < t->nrcpts; i++)
            if (send_line(c, "RCPT TO:<%s>", t->rcpts[i].addr) < 0)
                return -1;
        if (send_line(c, "DATA") < 0 || flush(c) < 0)
            return -1;
        if (read_reply(c, &t->mail, c->timeouts.command_ms, "reply to MAIL") < 0)
            return -1;
        for (i = 0; i < t->nrcpts; i++) {
            if (read_reply(c, &t->rcpts[i].reply, c->timeouts.command_ms, "reply to RCPT") < 0)
                return -1;
            if (positive(t->rcpts[i].reply.code) && positive(t->mail.code))
                t->accepted++;
        }
        if (read_reply(c, &t->data, c->timeouts.data_init_ms, "reply to DATA") < 0)
            return -1;
    } else {
        /* One command, one reply: stop as soon as the answer is no. */
        if (send_line(c, "MAIL FROM:<%s>%s", t->from, params) < 0 || flush(c) < 0
            || read_reply(c, &t->mail, c->timeouts.command_ms, "reply to MAIL") < 0)
            return -1;
        if (!positive(t->mail.code)) {
            smtp_client_rset(c);
            return 0;
        }
        for (i = 0; i < t->nrcpts; i++) {
            if (send_line(c, "RCPT TO:<%s>", t->rcpts[i].addr) < 0 || flush(c) < 0
                || read_reply(c, &t->rcpts[i].reply, c->timeouts.command_ms,
                              "reply to RCPT") < 0)
                return -1;
            if (positive(t->rcpts[i].reply.code))
                t->accepted++;
        }
        if (t->accepted == 0) {                 /* nobody to send it to */
            smtp_client_rset(c);
            return 0;
        }
        if (send_line(c, "DATA") < 0 || flush(c) < 0
            || read_reply(c, &t->data, c->timeouts.data_init_ms, "reply to DATA") < 0)
            return -1;
    }

    if (t->data.code != 354) {                  /* DATA refused */
        smtp_client_rset(c);
        return 0;
    }
    if (t->accepted == 0) {
        /* Pipelined, every RCPT refused, and still 354 (RFC 2920 §3 allows
         * a server this): end the data at once, send no message. */
        if (send_line(c, ".") < 0 || flush(c) < 0
            || read_reply(c, &t->end, c->timeouts.data_end_ms, "reply to the end of data") < 0)
            return -1;
        smtp_client_rset(c);
        return 0;
    }

    /* The message, dot-stuffed with CRLF line ends, then "." (§4.5.2). */
    if (smtp_dotstuff_send(&c->ob, t->msg, t->len) < 0)
        return fail(c, "write to the server: %s", strerror(errno));
    if (flush(c) < 0)
        return -1;
    code = read_reply(c, &t->end, c->timeouts.data_end_ms, "reply to the end of data");
    return code;
}
/* [smtp-client-send] */

const struct smtp_client_reply *smtp_client_rcpt_result(const struct smtp_client_txn *t,
                                                        size_t i)
{
    if (t->local || !positive(t->mail.code))
        return &t->mail;
    if (!positive(t->rcpts[i].reply.code))
        return &t->rcpts[i].reply;
    if (t->data.code != 354)
        return &t->data;
    return &t->end;
}
