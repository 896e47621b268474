/**
 * @file imap_envelope.c
 * @brief ENVELOPE and BODYSTRUCTURE: a message's header and MIME tree
 *        written as IMAP's parenthesised lists.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §7.4.2 (ENVELOPE, BODY, BODYSTRUCTURE), §9 (envelope,
 *      address, body-type-1part, body-type-mpart, body-ext-*)
 *
 * Both are lists of strings, numbers, NIL and nested lists, and every
 * string goes through chapter 8's writer: imap_w_nstring() sends a quoted
 * string when it can (escaping the double quote and the backslash) and a literal when it
 * must (CR, LF, NUL or 8-bit octets, or when it is long).  That choice is
 * where servers break clients: a display name with a quote, a subject
 * with raw UTF-8, a header value that is absent (NIL) versus empty ("")
 * -- all of them are tested.
 *
 * ENVELOPE (§7.4.2): date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id.  "If the Sender or Reply-To lines are absent
 * in the header, or are present but empty, the server sets the
 * corresponding member of the envelope to be the same value as the from
 * member."  An address is `(name adl mailbox host)`; a group is written
 * with a start entry `(NIL NIL "group" NIL)` and an end `(NIL NIL NIL NIL)`.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_fetch.h"
#include "message_parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A C string as an nstring (NULL -> NIL). */
static int w_nstr(struct imap_out *w, const char *s)
{
    return imap_w_nstring(w, s, s ? strlen(s) : 0);
}

/* An upper-case copy written as a string (type names as in RFC 3501's examples). */
static int w_upper(struct imap_out *w, const char *s)
{
    char buf[128];
    size_t n = strlen(s);
    if (n >= sizeof buf)
        return imap_w_string(w, s, n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)toupper((unsigned char)s[i]);
    return imap_w_string(w, buf, n);
}

/* An address list, or NIL when it has no entries. */
static int w_addresses(struct imap_out *w, const char *value)
{
    struct msg_addrlist l;
    if (value == NULL)
        return imap_w_str(w, "NIL");
    if (msg_parse_addresses(value, strlen(value), &l) < 0)
        return -1;
    int rc = 0;
    if (l.n == 0)
        rc = imap_w_str(w, "NIL");
    else {
        rc |= imap_w_str(w, "(");
        for (size_t i = 0; i < l.n && rc == 0; i++) {
            rc |= imap_w_str(w, "(");
            rc |= w_nstr(w, l.a[i].name);
            rc |= imap_w_str(w, " ");
            rc |= w_nstr(w, l.a[i].adl);
            rc |= imap_w_str(w, " ");
            rc |= w_nstr(w, l.a[i].mailbox);
            rc |= imap_w_str(w, " ");
            rc |= w_nstr(w, l.a[i].host);
            rc |= imap_w_str(w, ")");
        }
        rc |= imap_w_str(w, ")");
    }
    msg_addrlist_free(&l);
    return rc ? -1 : 0;
}

/* Does an address field hold at least one address? */
static int has_addresses(const char *value)
{
    struct msg_addrlist l;
    if (value == NULL || msg_parse_addresses(value, strlen(value), &l) < 0)
        return 0;
    int any = l.n > 0;
    msg_addrlist_free(&l);
    return any;
}

/* [imap-envelope] */
int imap_write_envelope(struct imap_out *w, const char *msg, size_t hdr_off, size_t hdr_len)
{
    static const char *const names[] = {
        "Date", "Subject", "From", "Sender", "Reply-To", "To", "Cc", "Bcc",
        "In-Reply-To", "Message-ID"
    };
    char *v[10];
    int rc = 0;
    for (size_t i = 0; i < 10; i++)
        v[i] = msg_header_get(msg + hdr_off, hdr_len, names[i]);
    /* Sender and Reply-To default to From (RFC 3501 §7.4.2). */
    const char *sender = has_addresses(v[3]) ? v[3] : v[2];
    const char *reply_to = has_addresses(v[4]) ? v[4] : v[2];

    rc |= imap_w_str(w, "(");
    rc |= w_nstr(w, v[0]);
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, v[1]);
    rc |= imap_w_str(w, " ");
    rc |= w_addresses(w, v[2]);
    rc |= imap_w_str(w, " ");
    rc |= w_addresses(w, sender);
    rc |= imap_w_str(w, " ");
    rc |= w_addresses(w, reply_to);
    for (size_t i = 5; i <= 7; i++) {
        rc |= imap_w_str(w, " ");
        rc |= w_addresses(w, v[i]);
    }
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, v[8]);
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, v[9]);
    rc |= imap_w_str(w, ")");
    for (size_t i = 0; i < 10; i++)
        free(v[i]);
    return rc ? -1 : 0;
}
/* [imap-envelope] */

/* A parameter list `("name" "value" ...)` or NIL. */
static int w_params(struct imap_out *w, const struct mime_params *ps)
{
    if (ps->n == 0)
        return imap_w_str(w, "NIL");
    int rc = imap_w_str(w, "(");
    for (size_t i = 0; i < ps->n; i++) {
        if (i > 0)
            rc |= imap_w_str(w, " ");
        rc |= imap_w_string(w, ps->p[i].name, strlen(ps->p[i].name));
        rc |= imap_w_str(w, " ");
        rc |= imap_w_string(w, ps->p[i].value, strlen(ps->p[i].value));
    }
    rc |= imap_w_str(w, ")");
    return rc;
}

/* body-ext-1part / body-ext-mpart after the first member:
 * disposition, language, location. */
static int w_ext_tail(struct imap_out *w, const struct mime_part *p)
{
    int rc = imap_w_str(w, " ");
    if (p->disposition) {
        rc |= imap_w_str(w, "(");
        rc |= imap_w_string(w, p->disposition, strlen(p->disposition));
        rc |= imap_w_str(w, " ");
        rc |= w_params(w, &p->disp_params);
        rc |= imap_w_str(w, ")");
    } else {
        rc |= imap_w_str(w, "NIL");
    }
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, p->language);
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, p->location);
    return rc;
}

/* [imap-bodystructure] */
int imap_write_bodystructure(struct imap_out *w, const char *msg,
                             const struct mime_part *p, int extended)
{
    int rc = 0;
    if (p->nchildren > 0) {
        /* body-type-mpart: the parts, then the subtype, then extensions */
        rc |= imap_w_str(w, "(");
        for (size_t i = 0; i < p->nchildren && rc == 0; i++)
            rc |= imap_write_bodystructure(w, msg, &p->children[i], extended);
        rc |= imap_w_str(w, " ");
        rc |= w_upper(w, p->subtype);
        if (extended) {
            rc |= imap_w_str(w, " ");
            rc |= w_params(w, &p->params);
            rc |= w_ext_tail(w, p);
        }
        rc |= imap_w_str(w, ")");
        return rc ? -1 : 0;
    }
    /* body-type-1part: type subtype params id description encoding size */
    rc |= imap_w_str(w, "(");
    rc |= w_upper(w, p->type);
    rc |= imap_w_str(w, " ");
    rc |= w_upper(w, p->subtype);
    rc |= imap_w_str(w, " ");
    rc |= w_params(w, &p->params);
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, p->id);
    rc |= imap_w_str(w, " ");
    rc |= w_nstr(w, p->description);
    rc |= imap_w_str(w, " ");
    if (p->encoding)
        rc |= w_upper(w, p->encoding);
    else
        rc |= imap_w_str(w, "\"7BIT\"");
    rc |= imap_w_fmt(w, " %zu", p->body_len);
    if (p->message) {
        /* body-type-msg: envelope, body and lines of the inner message */
        rc |= imap_w_str(w, " ");
        rc |= imap_write_envelope(w, msg, p->message->header_off, p->message->header_len);
        rc |= imap_w_str(w, " ");
        rc |= imap_write_bodystructure(w, msg, p->message, extended);
        rc |= imap_w_fmt(w, " %zu", p->body_lines);
    } else if (strcmp(p->type, "text") == 0) {
        rc |= imap_w_fmt(w, " %zu", p->body_lines);      /* body-type-text */
    }
    if (extended) {
        rc |= imap_w_str(w, " ");
        rc |= w_nstr(w, p->md5);
        rc |= w_ext_tail(w, p);
    }
    rc |= imap_w_str(w, ")");
    return rc ? -1 : 0;
}
/* [imap-bodystructure] */
