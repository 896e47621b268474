/**
 * @file smtp_data.c
 * @brief The DATA phase: reading the message, dot-unstuffing, the checks
 *        after the final ".", delivery.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1.4, §4.5.2, §2.3.8, §4.5.3.1.6-7, §4.2.5
 *
 * The message is read line by line with the reader in "CRLF only" mode
 * (smtp_session_read_text()), unstuffed, and appended to a buffer in
 * memory with CRLF line ends -- exactly the message the client meant.
 * Problems are only *noted* while reading: the client will keep sending
 * until its ".", whatever we think, and the only place a reply fits is
 * after that "." (§4.1.1.4: the reply to DATA text comes then).  So every
 * problem becomes a flag, and the flags decide the final reply.
 */
#include "smtp_data.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* [smtp-unstuff] */
int smtp_data_unstuff(const char *line, size_t len, size_t *skip)
{
    *skip = 0;
    if (len == 0 || line[0] != '.')
        return 0;
    /* §4.5.2: "If the line is composed of a single period, it is treated
     * as the end of mail indicator.  If the first character is a period
     * and there are other characters on the line, the first character is
     * deleted."  "Line" means "ended by CRLF": the reader has already made
     * sure that ".\n" or ".\r" never gets here as a lone ".". */
    if (len == 1)
        return 1;
    *skip = 1;
    return 0;
}
/* [smtp-unstuff] */

/* The message being received, and what went wrong with it. */
struct message {
    char *data;
    size_t len, cap;
    size_t max;          /* cfg->max_message_size */
    int too_big;         /* over max: no longer stored, still read */
    int long_line;       /* a text line over 1000 octets (§4.5.3.1.6) */
    int bare_crlf;       /* a bare CR or LF somewhere (§2.3.8) */
    int nul;             /* a NUL octet */
    int no_memory;       /* malloc failed: 451, try later */
};

/* Append one unstuffed line and its CRLF, unless that would pass the
 * limit: then remember the message is too big and stop storing. */
static void message_add(struct message *m, const char *text, size_t len)
{
    size_t need = len + 2;

    if (m->too_big || m->no_memory)
        return;
    if (m->len + need > m->max) {
        m->too_big = 1;
        return;
    }
    if (m->len + need > m->cap) {
        size_t cap = m->cap ? m->cap : 8192;
        char *p;
        while (cap < m->len + need)
            cap *= 2;
        if (cap > m->max)
            cap = m->max;
        p = realloc(m->data, cap);
        if (p == NULL) {
            m->no_memory = 1;
            return;
        }
        m->data = p;
        m->cap = cap;
    }
    memcpy(m->data + m->len, text, len);
    memcpy(m->data + m->len + len, "\r\n", 2);
    m->len += need;
}

/* [smtp-data-verdict] */
/* After the final ".": which of the problems seen, if any, refuses the
 * message.  Returns 1 and fills r if the message is refused. */
static int message_refused(const struct message *m, const struct smtp_session *s,
                           struct smtp_reply *r)
{
    if (m->no_memory)
        smtp_reply_set(r, 451, "4.3.0", "Out of memory, try again later");
    else if (m->too_big)
        /* RFC 1870 §6.3 (and §4.5.3.1.7): 552 for a message over the limit */
        smtp_reply_set(r, 552, "5.3.4", "Message too big (at most %zu octets)",
                       s->cfg->max_message_size);
    else if (m->long_line)
        smtp_reply_set(r, 554, "5.6.0",
                       "Message refused: a line is longer than %d octets with CRLF",
                       SMTP_TEXT_LINE_MAX);
    else if (m->nul)
        smtp_reply_set(r, 554, "5.6.0", "Message refused: it contains a NUL octet");
    else if (m->bare_crlf)
        smtp_reply_set(r, 554, "5.6.0",
                       "Message refused: bare CR or LF (lines must end with CRLF)");
    else
        return 0;
    return 1;
}
/* [smtp-data-verdict] */

/* [smtp-data-loop] */
/* Read text lines up to the lone ".".  Returns SMTP_READ_LINE when the
 * end was seen, or what smtp_session_read_text() said when it was not. */
static enum smtp_read_result read_message(struct smtp_session *s, struct message *m)
{
    for (;;) {
        char *line;
        size_t len, skip;
        unsigned flags;
        enum smtp_read_result rr = smtp_session_read_text(s, &line, &len, &flags);

        if (rr != SMTP_READ_LINE)
            return rr;
        if (flags & SMTP_TEXT_TOO_LONG) {
            m->long_line = 1;
            continue; /* a cut line is never the end, and never stored */
        }
        if (flags & (SMTP_TEXT_BARE_CR | SMTP_TEXT_BARE_LF))
            m->bare_crlf = 1;
        if (flags & SMTP_TEXT_NUL)
            m->nul = 1;
        if (smtp_data_unstuff(line, len, &skip))
            return SMTP_READ_LINE;
        message_add(m, line + skip, len - skip);
    }
}
/* [smtp-data-loop] */

int smtp_data_receive(struct smtp_session *s)
{
    const struct smtp_hooks *h = s->cfg->hooks;
    struct message m;
    struct smtp_reply r = { 0, "", "" };
    enum smtp_read_result rr;
    int refused;

    if (h != NULL && h->data_start != NULL && h->data_start(s, &r) == SMTP_REJECT) {
        if (r.code == 0)
            smtp_reply_set(&r, 554, "5.5.0", "Transaction failed");
        return smtp_reply_send(s, &r) < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    }

    /* 354 is an intermediate reply; RFC 2034 gives it no enhanced code. */
    if (smtp_reply(s, 354, NULL, "End data with <CR><LF>.<CR><LF>") < 0)
        return SMTP_CMD_ERROR;
    s->state = SMTP_STATE_DATA;

    memset(&m, 0, sizeof m);
    m.max = s->cfg->max_message_size ? s->cfg->max_message_size : SMTP_DEFAULT_MAX_SIZE;
    rr = read_message(s, &m);
    if (rr != SMTP_READ_LINE) {
        /* EOF, timeout or shutdown before the ".": the transaction is
         * cancelled (§4.1.1.10), the hook never sees the message. */
        free(m.data);
        smtp_session_reset(s);
        return rr == SMTP_READ_ERROR ? SMTP_CMD_ERROR : SMTP_CMD_CLOSE;
    }

    memset(&r, 0, sizeof r);
    refused = message_refused(&m, s, &r);
    if (!refused && h != NULL && h->deliver != NULL) {
        /* [smtp-deliver] */
        if (h->deliver(s, &s->env, m.data ? m.data : "", m.len, &r) == SMTP_REJECT) {
            refused = 1;
            if (r.code == 0)
                smtp_reply_set(&r, 451, "4.3.0", "Delivery failed, try again later");
        }
        /* [smtp-deliver] */
    }
    if (!refused) {
        s->messages++;
        if (r.code == 0)
            smtp_reply_set(&r, 250, "2.0.0", "OK, message accepted");
    }
    log_msg("%s: message from <%s> for %zu recipient%s, %zu octets: %d %s", s->peer,
            s->env.from.addr, s->env.nrcpt, s->env.nrcpt == 1 ? "" : "s",
            m.len, r.code, r.text);
    free(m.data);
    /* Accepted or not, the transaction is over (§4.1.1.4): back to READY. */
    smtp_session_reset(s);
    return smtp_reply_send(s, &r) < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
}
