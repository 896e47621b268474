/**
 * @file imap_client.c
 * @brief The client side of IMAP: responses with literals, tags,
 *        synchronising and non-synchronising literals, CAPABILITY, LOGIN,
 *        AUTHENTICATE PLAIN.
 *
 * @chapter{imap-client}
 * @rfc RFC 3501 §2.2, §4.3, §6.1.1, §6.2.2, §6.2.3, §7, §7.5, §9;
 *      RFC 7888 (LITERAL+); RFC 4616 (PLAIN)
 *
 * Everything here is the mirror image of chapter 8.  The server collects
 * a *command* -- lines and literals -- before it parses; this file
 * collects a *response* the same way: read a line; if it ends in `{n}`,
 * read n octets with lr_read_exact() and then the line that goes on after
 * them; repeat until a line ends without a literal.  Only then does anyone
 * look inside, with chapter 8's parser if they like.  A literal is never
 * "a line": a message body in `BODY[] {2345}` may contain lines that look
 * exactly like `A0003 OK`, and only counting octets keeps the client from
 * being fooled.
 *
 * On the way out, the client's literals are synchronising by default
 * (RFC 3501 §7.5): after `{n}` CRLF it must stop and wait for the
 * server's `+` -- the server may refuse instead (`A0003 NO too big`),
 * and then the octets must not be sent at all, or the server would read
 * them as commands.  RFC 7888's LITERAL+ removes the round trip: `{n+}`
 * says "here they come, no need to answer".
 */
#include "imap_client.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "imap_parse.h"
#include "imap_read.h"
#include "trace.h"

/** LITERAL- (RFC 7888 §5) allows `{n+}` only up to this many octets. */
#define IMC_LITERAL_MINUS_MAX 4096

void imc_response_init(struct imc_response *r)
{
    memset(r, 0, sizeof *r);
}

void imc_response_free(struct imc_response *r)
{
    free(r->buf);
    imc_response_init(r);
}

/* Make room for @p more bytes and a NUL after r->len. */
static int resp_reserve(struct imc_response *r, size_t more)
{
    size_t need = r->len + more + 1;
    char *nb;
    size_t ncap;

    if (need <= r->cap)
        return 0;
    ncap = r->cap ? r->cap : 256;
    while (ncap < need)
        ncap *= 2;
    nb = realloc(r->buf, ncap);
    if (nb == NULL)
        return -1;
    r->buf = nb;
    r->cap = ncap;
    return 0;
}

/* Copy a response (deep). */
static int resp_copy(struct imc_response *dst, const struct imc_response *src)
{
    char *buf = dst->buf;
    size_t cap = dst->cap;

    *dst = *src;
    dst->buf = buf;
    dst->cap = cap;
    dst->len = 0;
    if (resp_reserve(dst, src->len) < 0)
        return -1;
    if (src->len > 0)
        memcpy(dst->buf, src->buf, src->len);
    dst->len = src->len;
    dst->buf[dst->len] = '\0';
    return 0;
}

void imc_init(struct imap_client *c, int fd, int timeout_ms)
{
    memset(c, 0, sizeof *c);
    /* A client reads what the server sends, and writes as the client. */
    lr_init(&c->lr, fd, TRACE_SERVER);
    lr_set_timeout(&c->lr, timeout_ms);
    outbuf_init(&c->ob, fd, TRACE_CLIENT);
    imap_out_init(&c->w, &c->ob);
    c->next_tag = 1;
    imc_response_init(&c->done);
}

void imc_free(struct imap_client *c)
{
    free(c->caps);
    c->caps = NULL;
    imc_response_free(&c->done);
}

void imc_set_handler(struct imap_client *c, imc_handler fn, void *arg)
{
    c->on_untagged = fn;
    c->arg = arg;
}

/* The line reader's status as a result. */
static enum imc_result from_lr(enum lr_status st)
{
    switch (st) {
    case LR_EOF:
    case LR_EOF_PARTIAL: return IMC_EOF;
    case LR_TIMEOUT:     return IMC_TIMEOUT;
    case LR_TOO_LONG:    return IMC_TOOBIG;
    default:             return IMC_IOERR;
    }
}

/* Remember a capability list: the words after "CAPABILITY", upper case. */
static void set_caps(struct imap_client *c, const char *list, size_t len)
{
    char *s = malloc(len + 1);
    size_t i;

    if (s == NULL)
        return;
    for (i = 0; i < len; i++)
        s[i] = (char)toupper((unsigned char)list[i]);
    s[len] = '\0';
    free(c->caps);
    c->caps = s;
    c->literal_plus = imc_has_cap(c, "LITERAL+") ? 2 : imc_has_cap(c, "LITERAL-") ? 1 : 0;
}

/* Capabilities come as `* CAPABILITY ...` (§7.2.1) or as a response code
 * `[CAPABILITY ...]` in a greeting or a tagged OK (§7.1): notice both. */
static void note_caps(struct imap_client *c, const struct imc_response *r)
{
    const char *t = r->buf + r->text;
    size_t n = r->len - r->text;
    const char *end;

    if (r->kind == IMC_UNTAGGED && n >= 10 && strncasecmp(t, "CAPABILITY", 10) == 0 &&
        (n == 10 || t[10] == ' ')) {
        set_caps(c, n > 10 ? t + 11 : t + 10, n > 10 ? n - 11 : 0);
        return;
    }
    if (r->status != IMC_ST_OK && r->status != IMC_ST_PREAUTH)
        return;
    t = memchr(t, '[', n);
    if (t == NULL || (size_t)(r->buf + r->len - t) < 12 || strncasecmp(t, "[CAPABILITY ", 12) != 0)
        return;
    t += 12;
    end = memchr(t, ']', (size_t)(r->buf + r->len - t));
    if (end != NULL)
        set_caps(c, t, (size_t)(end - t));
}

/* Sort out the first line: kind, tag, status word (RFC 3501 §2.2.2, §7). */
static int classify(struct imc_response *r)
{
    const char *b = r->buf;
    size_t i = 0, w;
    static const struct { const char *word; enum imc_status st; } words[] = {
        {"OK", IMC_ST_OK}, {"NO", IMC_ST_NO}, {"BAD", IMC_ST_BAD},
        {"PREAUTH", IMC_ST_PREAUTH}, {"BYE", IMC_ST_BYE}};

    if (r->len >= 1 && b[0] == '+' && (r->len == 1 || b[1] == ' ')) {
        r->kind = IMC_CONTINUE;
        r->text = r->len > 1 ? 2 : 1;
        return 0;
    }
    if (r->len >= 2 && b[0] == '*' && b[1] == ' ') {
        r->kind = IMC_UNTAGGED;
        i = 2;
    } else {
        /* tag = 1*<any ASTRING-CHAR except "+"> (RFC 3501 §9) */
        while (i < r->len && b[i] != ' ' && imap_is_astring_char((unsigned char)b[i]) && b[i] != '+')
            i++;
        if (i == 0 || i > IMC_TAG_MAX || i >= r->len || b[i] != ' ')
            return -1;
        memcpy(r->tag, b, i);
        r->tag[i] = '\0';
        r->kind = IMC_TAGGED;
        i++;
    }
    r->text = i;
    for (w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t n = strlen(words[w].word);
        if (r->len - i >= n && strncasecmp(b + i, words[w].word, n) == 0 &&
            (r->len - i == n || b[i + n] == ' ')) {
            r->status = words[w].st;
            break;
        }
    }
    /* A tagged response is always a status response (§7.1). */
    return r->kind == IMC_TAGGED && r->status == IMC_ST_NONE ? -1 : 0;
}

/* [imc-read-response] */
enum imc_result imc_read_response(struct imap_client *c, struct imc_response *r)
{
    size_t lit;
    int nonsync;

    r->len = 0;
    r->tag[0] = '\0';
    r->status = IMC_ST_NONE;
    r->kind = IMC_UNTAGGED;
    r->text = 0;
    r->nliterals = 0;
    for (;;) {
        size_t n;
        enum lr_status st;

        if (resp_reserve(r, IMC_LINE_MAX) < 0)
            return IMC_IOERR;
        /* Bare LF is accepted: be liberal in what a client accepts. */
        st = lr_read_line(&c->lr, r->buf + r->len, IMC_LINE_MAX, LR_LF_ENDS, &n, NULL);
        if (st != LR_OK && st != LR_BARE_LF && st != LR_NUL)
            return r->len > 0 && st == LR_EOF ? IMC_EOF : from_lr(st);
        r->len += n;
        r->buf[r->len] = '\0';
        /* Does the line announce a literal?  Then its octets follow the
         * CRLF, and after them the same response goes on (§4.3, §7). */
        if (!imap_line_literal(r->buf + r->len - n, n, &lit, &nonsync, NULL))
            break;
        if (lit > IMC_LITERAL_MAX)
            return IMC_TOOBIG;
        if (resp_reserve(r, 2 + lit) < 0)
            return IMC_IOERR;
        memcpy(r->buf + r->len, "\r\n", 2);
        r->len += 2;
        st = lr_read_exact(&c->lr, r->buf + r->len, lit);
        if (st != LR_OK)
            return from_lr(st == LR_EOF ? LR_EOF_PARTIAL : st);
        r->len += lit;
        r->buf[r->len] = '\0';
        r->nliterals++;
    }
    if (classify(r) < 0)
        return IMC_GARBAGE;
    note_caps(c, r);
    return IMC_DONE;
}
/* [imc-read-response] */

enum imc_result imc_greeting(struct imap_client *c, struct imc_response *r)
{
    enum imc_result res = imc_read_response(c, r);

    if (res != IMC_DONE)
        return res;
    if (r->kind != IMC_UNTAGGED ||
        (r->status != IMC_ST_OK && r->status != IMC_ST_PREAUTH && r->status != IMC_ST_BYE))
        return IMC_GARBAGE;
    return IMC_DONE;
}

/* [imc-begin] */
const char *imc_begin(struct imap_client *c)
{
    /* Any unique string will do (RFC 3501 §2.2.1); counting makes the
     * trace easy to follow: A0001, A0002, ... */
    snprintf(c->tag, sizeof c->tag, "A%04u", c->next_tag++);
    c->failed = IMC_DONE;
    c->completed = 0;
    if (imap_w_str(&c->w, c->tag) < 0 || imap_w_raw(&c->w, " ", 1) < 0)
        c->failed = IMC_IOERR;
    return c->tag;
}
/* [imc-begin] */

int imc_raw(struct imap_client *c, const char *text)
{
    if (c->failed || c->completed)
        return -1;
    if (imap_w_str(&c->w, text) < 0) {
        c->failed = IMC_IOERR;
        return -1;
    }
    return 0;
}

/* Read responses until the tagged one of the current command (-> c->done)
 * or, when @p want_continue, until a continuation request.  Returns the
 * result; *got_continue tells which of the two ended the wait. */
static enum imc_result wait_for(struct imap_client *c, int want_continue, int *got_continue)
{
    struct imc_response r;
    enum imc_result res;

    imc_response_init(&r);
    *got_continue = 0;
    for (;;) {
        res = imc_read_response(c, &r);
        if (res != IMC_DONE)
            break;
        if (r.kind == IMC_TAGGED && strcmp(r.tag, c->tag) == 0) {
            if (resp_copy(&c->done, &r) < 0)
                res = IMC_IOERR;
            break;
        }
        if (r.kind == IMC_CONTINUE && want_continue) {
            *got_continue = 1;
            break;
        }
        if (c->on_untagged != NULL)
            c->on_untagged(c->arg, &r);
    }
    imc_response_free(&r);
    return res;
}

/* End the current line, send everything and wait for `+`.  Returns 0 when
 * it came; -1 when the command ended instead (refused, c->completed) or
 * failed (c->failed). */
static int line_and_continue(struct imap_client *c)
{
    int cont;
    enum imc_result res;

    if (imap_w_end(&c->w) < 0 || outbuf_flush(&c->ob) < 0) {
        c->failed = IMC_IOERR;
        return -1;
    }
    res = wait_for(c, 1, &cont);
    if (res != IMC_DONE) {
        c->failed = res;
        return -1;
    }
    if (!cont) {
        c->completed = 1;
        return -1;
    }
    return 0;
}

/* [imc-literal] */
int imc_literal(struct imap_client *c, const char *data, size_t len)
{
    int nonsync = c->literal_plus == 2 ||
                  (c->literal_plus == 1 && len <= IMC_LITERAL_MINUS_MAX);

    return imc_literal_as(c, data, len, nonsync);
}

int imc_literal_as(struct imap_client *c, const char *data, size_t len, int nonsync)
{
    if (c->failed || c->completed)
        return -1;
    if (nonsync) {
        /* RFC 7888: `{n+}` -- the octets follow without waiting. */
        if (imap_w_fmt(&c->w, "{%zu+}", len) < 0 || imap_w_end(&c->w) < 0) {
            c->failed = IMC_IOERR;
            return -1;
        }
    } else {
        /* RFC 3501 §7.5: `{n}` CRLF, then wait for "+ ..." (or a tagged
         * NO/BAD, and then the octets are never sent). */
        if (imap_w_fmt(&c->w, "{%zu}", len) < 0)
            c->failed = IMC_IOERR;
        if (c->failed || line_and_continue(c) < 0)
            return -1;
    }
    trace_block(TRACE_CLIENT, data, len);
    if (outbuf_write(&c->ob, data, len) < 0) {
        c->failed = IMC_IOERR;
        return -1;
    }
    return 0;
}
/* [imc-literal] */

int imc_astring(struct imap_client *c, const char *data, size_t len)
{
    if (c->failed || c->completed)
        return -1;
    /* Chapter 8's rule decides the form; only a literal needs the client's
     * own handshake, the other two forms chapter 8's writer writes. */
    switch (imap_string_form(data, len, 1)) {
    case IMAP_FORM_LITERAL:
        return imc_literal(c, data, len);
    default:
        if (imap_w_astring(&c->w, data, len) < 0) {
            c->failed = IMC_IOERR;
            return -1;
        }
        return 0;
    }
}

enum imc_result imc_finish(struct imap_client *c, struct imc_response *r)
{
    enum imc_result res;
    int cont;

    if (c->failed)
        return (enum imc_result)c->failed;
    if (!c->completed) {
        if (imap_w_end(&c->w) < 0 || outbuf_flush(&c->ob) < 0)
            return IMC_IOERR;
        res = wait_for(c, 0, &cont);
        if (res != IMC_DONE)
            return res;
    }
    if (r != NULL && resp_copy(r, &c->done) < 0)
        return IMC_IOERR;
    return IMC_DONE;
}

enum imc_result imc_simple(struct imap_client *c, const char *text, struct imc_response *r)
{
    imc_begin(c);
    imc_raw(c, text);
    return imc_finish(c, r);
}

enum imc_result imc_capability(struct imap_client *c)
{
    return imc_simple(c, "CAPABILITY", NULL);
}

int imc_has_cap(const struct imap_client *c, const char *name)
{
    size_t n = strlen(name);
    const char *p = c->caps;

    while (p != NULL && *p != '\0') {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0)
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* [imc-login] */
enum imc_result imc_login(struct imap_client *c, const char *user, const char *pass,
                          struct imc_response *r)
{
    /* LOGIN userid password, both astrings (RFC 3501 §6.2.3): a password
     * with a space or a quote is quoted, one with 8-bit octets goes as a
     * literal -- chapter 8's imap_string_form() decides. */
    imc_begin(c);
    imc_raw(c, "LOGIN ");
    imc_astring(c, user, strlen(user));
    imc_raw(c, " ");
    imc_astring(c, pass, strlen(pass));
    return imc_finish(c, r);
}
/* [imc-login] */

enum imc_result imc_authenticate_plain(struct imap_client *c, const char *user,
                                       const char *pass, struct imc_response *r)
{
    size_t ul = strlen(user), pl = strlen(pass);
    size_t mlen = ul + pl + 2;
    unsigned char *msg = malloc(mlen);
    char *b64 = malloc(base64_encoded_len(mlen) + 1);
    enum imc_result res;

    if (msg == NULL || b64 == NULL) {
        free(msg);
        free(b64);
        return IMC_IOERR;
    }
    /* RFC 4616: [authzid] NUL authcid NUL passwd; no authzid here. */
    msg[0] = '\0';
    memcpy(msg + 1, user, ul);
    msg[1 + ul] = '\0';
    memcpy(msg + 2 + ul, pass, pl);
    base64_encode(msg, mlen, b64, base64_encoded_len(mlen) + 1);
    imc_begin(c);
    imc_raw(c, "AUTHENTICATE PLAIN");
    /* The server answers "+ " (an empty challenge, §6.2.2); the client's
     * response is one line of base64, then the tagged result. */
    if (!c->failed && line_and_continue(c) == 0)
        imc_raw(c, b64);
    res = imc_finish(c, r);
    memset(msg, 0, mlen);
    free(msg);
    free(b64);
    return res;
}

const char *imc_status_str(enum imc_status st)
{
    switch (st) {
    case IMC_ST_OK:      return "OK";
    case IMC_ST_NO:      return "NO";
    case IMC_ST_BAD:     return "BAD";
    case IMC_ST_PREAUTH: return "PREAUTH";
    case IMC_ST_BYE:     return "BYE";
    default:             return "";
    }
}

const char *imc_result_str(enum imc_result res)
{
    switch (res) {
    case IMC_DONE:    return "done";
    case IMC_EOF:     return "connection closed by the server";
    case IMC_TIMEOUT: return "timed out waiting for the server";
    case IMC_IOERR:   return "read or write error";
    case IMC_GARBAGE: return "the server sent something that is not an IMAP response";
    case IMC_TOOBIG:  return "a response line or literal is too long";
    }
    return "?";
}
