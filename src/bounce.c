/**
 * @file bounce.c
 * @brief Composing an RFC 3464 delivery status notification.
 *
 * @chapter{relaying}
 * @rfc RFC 3464 §2 (fields), RFC 6522 §3 (multipart/report), RFC 3463,
 *      RFC 5322 §3.6 (the bounce's own header), RFC 3834 §5
 *
 * The message is built as text in a growing buffer; every line ends in
 * CRLF, as on the wire (the spool and the runner keep the wire form).
 */
#include "bounce.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "received.h"

/* A growing text buffer. */
struct text {
    char *p;
    size_t len, cap;
    int failed;
};

static void add(struct text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    if (t->failed)
        return;
    for (;;) {
        size_t room = t->cap - t->len;
        va_start(ap, fmt);
        int n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if (t->p != NULL && (size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap + (size_t)n + 1) * 2;
        char *p = realloc(t->p, cap);
        if (p == NULL) {
            t->failed = 1;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
}

/* Append raw bytes. */
static void add_bytes(struct text *t, const char *b, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *p = realloc(t->p, cap);
        if (p == NULL) {
            t->failed = 1;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, b, n);
    t->len += n;
    t->p[t->len] = '\0';
}

/* One line of a field: control characters (a multi-line reply's LFs) as blanks. */
static void one_line(char *out, size_t outsz, const char *in)
{
    size_t o = 0;
    for (; in != NULL && *in != '\0' && o + 1 < outsz; in++)
        out[o++] = (unsigned char)*in < 32 || *in == 127 ? ' ' : *in;
    out[o] = '\0';
}

void bounce_status(int code, const char *enh, char *out, size_t outsz)
{
    if (enh != NULL && enh[0] != '\0' && enh[0] == (char)('0' + code / 100)) {
        snprintf(out, outsz, "%s", enh);
        return;
    }
    /* No enhanced code (or one that contradicts the reply): the class
     * alone, "other or undefined status" (RFC 3463 §3.1). */
    snprintf(out, outsz, "%d.0.0", code >= 400 && code < 600 ? code / 100 : 4);
}

/* The length of the header section: up to and including the first empty
 * line (CRLF CRLF), or the whole message when it has no body. */
static size_t header_len(const char *msg, size_t len)
{
    if (len >= 2 && msg[0] == '\r' && msg[1] == '\n')
        return 0;                      /* no header at all */
    for (size_t i = 0; i + 3 < len; i++)
        if (msg[i] == '\r' && msg[i + 1] == '\n' && msg[i + 2] == '\r' && msg[i + 3] == '\n')
            return i + 2;              /* keep the last header line's CRLF */
    return len;
}

/* [bounce-compose] */
char *bounce_compose(const struct bounce_info *bi, const char *orig, size_t origlen,
                     size_t *outlen)
{
    struct text t = { NULL, 0, 0, 0 };
    char date[RECEIVED_DATE_MAX], arrival[RECEIVED_DATE_MAX], boundary[80], line[600];
    size_t hlen = header_len(orig, origlen);

    if (received_date(date, sizeof date, bi->now) < 0)
        snprintf(date, sizeof date, "Thu, 1 Jan 1970 00:00:00 +0000");
    if (received_date(arrival, sizeof arrival, bi->arrival) < 0)
        snprintf(arrival, sizeof arrival, "%s", date);
    /* A boundary that does not occur in what the parts contain
     * (RFC 2046 §5.1.1); the original header is the only text we do not
     * write ourselves. */
    for (unsigned n = 0;; n++) {
        snprintf(boundary, sizeof boundary, "=_minimail_%lld_%ld_%u",
                 (long long)bi->now, (long)getpid(), n);
        size_t bl = strlen(boundary);
        int clash = 0;
        for (size_t i = 0; i + bl <= hlen && !clash; i++)
            clash = memcmp(orig + i, boundary, bl) == 0;
        if (!clash)
            break;
    }

    /* The bounce's own header (RFC 5322 §3.6).  Auto-Submitted tells
     * vacation responders and the like not to answer it (RFC 3834 §5). */
    add(&t, "From: Mail Delivery System <MAILER-DAEMON@%s>\r\n", bi->reporting_mta);
    add(&t, "To: <%s>\r\n", bi->sender);
    add(&t, "Subject: Undelivered Mail Returned to Sender\r\n");
    add(&t, "Date: %s\r\n", date);
    add(&t, "Message-ID: <%s.bounce@%s>\r\n", bi->queue_id, bi->reporting_mta);
    add(&t, "Auto-Submitted: auto-replied\r\n");
    add(&t, "MIME-Version: 1.0\r\n");
    add(&t, "Content-Type: multipart/report; report-type=delivery-status;\r\n"
            "\tboundary=\"%s\"\r\n", boundary);
    add(&t, "\r\nThis is a MIME-encapsulated message (RFC 3464 delivery status).\r\n");

    /* Part 1: for people. */
    add(&t, "\r\n--%s\r\n", boundary);
    add(&t, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    add(&t, "This is the mail system at host %s.\r\n\r\n", bi->reporting_mta);
    add(&t, "Your message could not be delivered to one or more recipients.\r\n"
            "It has been given up on; the recipients and the reasons are listed\r\n"
            "below.  (Queue id: %s)\r\n\r\n", bi->queue_id);
    for (size_t i = 0; i < bi->nrcpts; i++) {
        const struct bounce_rcpt *r = &bi->rcpts[i];
        one_line(line, sizeof line, r->diag != NULL ? r->diag : r->explain);
        add(&t, "<%s>: %s%s%s\r\n", r->addr,
            r->remote_mta != NULL && r->diag != NULL ? r->remote_mta : "",
            r->remote_mta != NULL && r->diag != NULL ? " said: " : "", line);
        if (r->explain != NULL && r->diag != NULL) {
            one_line(line, sizeof line, r->explain);
            add(&t, "    (%s)\r\n", line);
        }
    }

    /* Part 2: for programs (RFC 3464 §2.2 per-message fields, an empty
     * line, then §2.3 per-recipient fields for each recipient). */
    add(&t, "\r\n--%s\r\n", boundary);
    add(&t, "Content-Type: message/delivery-status\r\n\r\n");
    add(&t, "Reporting-MTA: dns; %s\r\n", bi->reporting_mta);
    add(&t, "X-Minimail-Queue-ID: %s\r\n", bi->queue_id);
    add(&t, "Arrival-Date: %s\r\n", arrival);
    for (size_t i = 0; i < bi->nrcpts; i++) {
        const struct bounce_rcpt *r = &bi->rcpts[i];
        add(&t, "\r\nFinal-Recipient: rfc822; %s\r\n", r->addr);
        add(&t, "Action: failed\r\n");
        add(&t, "Status: %s\r\n", r->status);
        if (r->remote_mta != NULL)
            add(&t, "Remote-MTA: dns; %s\r\n", r->remote_mta);
        if (r->diag != NULL) {
            one_line(line, sizeof line, r->diag);
            add(&t, "Diagnostic-Code: smtp; %s\r\n", line);
        }
        add(&t, "Last-Attempt-Date: %s\r\n", date);
    }

    /* Part 3: the original header section (RFC 6522 §4 text/rfc822-headers). */
    add(&t, "\r\n--%s\r\n", boundary);
    add(&t, "Content-Type: text/rfc822-headers\r\n\r\n");
    add_bytes(&t, orig, hlen);
    if (hlen > 0 && (hlen < 2 || orig[hlen - 2] != '\r' || orig[hlen - 1] != '\n'))
        add(&t, "\r\n");               /* a message cut off inside a line */
    add(&t, "\r\n--%s--\r\n", boundary);

    if (t.failed) {
        free(t.p);
        return NULL;
    }
    *outlen = t.len;
    return t.p;
}
/* [bounce-compose] */
