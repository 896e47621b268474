/**
 * @file message_parse.c
 * @brief RFC 5322 messages: CRLF form, header fields, unfolding, address
 *        lists with groups and quoted names.
 *
 * @chapter{fetching}
 * @rfc RFC 5322 §2.1-2.2, §3.2.2-3.2.4 (CFWS, quoted strings), §3.4
 *      (addresses), §4.4 (obsolete addressing: routes, dotted names)
 *
 * Everything here is a *reader* of mail that arrived from anywhere, so it
 * is lenient by design (RFC 5322 §4: "must accept" the obsolete syntax):
 * a field without a colon is skipped, an address that makes no sense is
 * skipped up to the next comma, an unterminated quote or comment ends at
 * the end of the value.  Nothing here refuses a message: ENVELOPE must
 * describe whatever the SMTP server accepted.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "message_parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* [msg-to-crlf] */
char *msg_to_crlf(const char *data, size_t len, size_t *out_len)
{
    const char *end = data + len, *p, *nl;

    /* First count the bare LFs, so one allocation is enough.  memchr()
     * finds the next LF: the C library looks at many octets per step,
     * where a loop of our own would test every octet (for FETCH of whole
     * messages, that loop was nearly a third of the server's time). */
    size_t extra = 0;
    for (p = data; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
        if (nl == data || nl[-1] != '\r')
            extra++;
    char *out = malloc(len + extra + 1);
    if (out == NULL)
        return NULL;
    /* Then copy line by line, a CR before each bare LF. */
    size_t o = 0;
    for (p = data; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        size_t run = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
        memcpy(out + o, p, run);
        o += run;
        if (nl == NULL)
            break;
        if (nl == data || nl[-1] != '\r')
            out[o++] = '\r';
        out[o++] = '\n';
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
/* [msg-to-crlf] */

size_t msg_header_len(const char *msg, size_t len)
{
    if (len >= 2 && msg[0] == '\r' && msg[1] == '\n')
        return 2;
    for (size_t i = 0; i + 3 < len; i++)
        if (msg[i] == '\r' && msg[i + 1] == '\n' && msg[i + 2] == '\r' && msg[i + 3] == '\n')
            return i + 4;
    return len;
}

/* The end of the line starting at pos: the offset just past its CRLF (or
 * LF), or len. */
static size_t line_end(const char *s, size_t len, size_t pos)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    return nl ? (size_t)(nl - s) + 1 : len;
}

/* [msg-next-field] */
int msg_next_field(const char *hdr, size_t len, size_t *pos, struct msg_field *f)
{
    while (*pos < len) {
        size_t start = *pos;
        if (hdr[start] == '\r' || hdr[start] == '\n')
            return 0;                       /* the empty line: header ends */
        size_t end = line_end(hdr, len, start);
        /* a field continues while the next line starts with WSP */
        while (end < len && (hdr[end] == ' ' || hdr[end] == '\t'))
            end = line_end(hdr, len, end);
        *pos = end;
        const char *colon = memchr(hdr + start, ':', end - start);
        if (colon == NULL || colon == hdr + start)
            continue;                        /* not a field: skip it */
        size_t nlen = (size_t)(colon - (hdr + start));
        while (nlen > 0 && (hdr[start + nlen - 1] == ' ' || hdr[start + nlen - 1] == '\t'))
            nlen--;                          /* obs: "Subject : x" */
        if (memchr(hdr + start, '\n', nlen) != NULL)
            continue;                        /* a name never spans lines */
        f->name = hdr + start;
        f->name_len = nlen;
        f->raw = hdr + start;
        f->raw_len = end - start;
        f->value = colon + 1;
        size_t vend = end;
        if (vend > start && hdr[vend - 1] == '\n')
            vend--;
        if (vend > start && hdr[vend - 1] == '\r')
            vend--;
        f->value_len = vend > (size_t)(f->value - hdr) ? vend - (size_t)(f->value - hdr) : 0;
        return 1;
    }
    return 0;
}
/* [msg-next-field] */

int msg_field_is(const struct msg_field *f, const char *name)
{
    return strlen(name) == f->name_len && strncasecmp(f->name, name, f->name_len) == 0;
}

char *msg_unfold(const char *value, size_t len)
{
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '\r' || value[i] == '\n')
            continue;                        /* unfolding: the WSP after stays */
        out[o++] = value[i];
    }
    size_t b = 0;
    while (b < o && (out[b] == ' ' || out[b] == '\t'))
        b++;
    while (o > b && (out[o - 1] == ' ' || out[o - 1] == '\t'))
        o--;
    memmove(out, out + b, o - b);
    out[o - b] = '\0';
    return out;
}

char *msg_header_get(const char *hdr, size_t len, const char *name)
{
    size_t pos = 0;
    struct msg_field f;
    while (msg_next_field(hdr, len, &pos, &f))
        if (msg_field_is(&f, name))
            return msg_unfold(f.value, f.value_len);
    return NULL;
}

/* ---- address lists ----------------------------------------------------- */

/* A cursor over one field value. */
struct cur {
    const char *s;
    size_t len, i;
};

/* Skip CFWS: whitespace, line ends and (nested) comments. */
static void skip_cfws(struct cur *c)
{
    while (c->i < c->len) {
        char ch = c->s[c->i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            c->i++;
        } else if (ch == '(') {
            int depth = 0;
            while (c->i < c->len) {
                ch = c->s[c->i++];
                if (ch == '\\' && c->i < c->len)
                    c->i++;
                else if (ch == '(')
                    depth++;
                else if (ch == ')' && --depth == 0)
                    break;
            }
        } else {
            break;
        }
    }
}

/* The RFC 5322 specials, minus '.', which obsolete phrases allow in names
 * ("John Q. Public") and dot-atoms use in addresses. */
static int is_atom_char(char ch)
{
    return (unsigned char)ch > ' ' && ch != 0x7f && strchr("()<>[]:;@\\,\"", ch) == NULL;
}

/* A growable string. */
struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Take the string out of the buffer: NULL when empty (or out of memory). */
static char *sb_take(struct sbuf *b)
{
    char *p = b->n > 0 && !b->oom ? b->p : NULL;
    if (p == NULL)
        free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

/* One word (atom or quoted string) at the cursor, appended to @p out:
 * unquoted (escapes resolved) when @p unquote, else as written.
 * Returns 0 when there is no word here. */
static int word(struct cur *c, struct sbuf *out, int unquote)
{
    if (c->i < c->len && c->s[c->i] == '"') {
        size_t start = c->i++;
        if (!unquote)
            sb_add(out, "\"", 1);
        while (c->i < c->len && c->s[c->i] != '"') {
            if (c->s[c->i] == '\\' && c->i + 1 < c->len)
                c->i++;                      /* quoted-pair: keep the char */
            if (c->s[c->i] == '\r' || c->s[c->i] == '\n') {
                c->i++;                      /* unfold inside quotes */
                continue;
            }
            if (!unquote && (c->s[c->i] == '"' || c->s[c->i] == '\\'))
                sb_add(out, "\\", 1);
            sb_add(out, &c->s[c->i], 1);
            c->i++;
        }
        if (c->i < c->len)
            c->i++;                          /* closing quote */
        if (!unquote)
            sb_add(out, "\"", 1);
        return c->i > start;
    }
    size_t start = c->i;
    while (c->i < c->len && is_atom_char(c->s[c->i]))
        c->i++;
    sb_add(out, c->s + start, c->i - start);
    return c->i > start;
}

/* A phrase: words separated by CFWS, joined with single spaces. */
static void phrase(struct cur *c, struct sbuf *out)
{
    for (;;) {
        skip_cfws(c);
        size_t before = out->n;
        if (before > 0)
            sb_add(out, " ", 1);
        if (!word(c, out, 1)) {
            out->n = before;                 /* drop the space again */
            if (out->p)
                out->p[out->n] = '\0';
            return;
        }
    }
}

/* A domain (or anything up to a delimiter), CFWS removed. */
static void domain(struct cur *c, struct sbuf *out)
{
    for (;;) {
        skip_cfws(c);
        if (c->i >= c->len)
            return;
        char ch = c->s[c->i];
        if (ch == '[') {                     /* domain literal, as written */
            size_t start = c->i;
            while (c->i < c->len && c->s[c->i] != ']')
                c->i++;
            if (c->i < c->len)
                c->i++;
            sb_add(out, c->s + start, c->i - start);
        } else if (is_atom_char(ch)) {
            word(c, out, 1);
        } else {
            return;
        }
    }
}

static int push_addr(struct msg_addrlist *l, char *name, char *adl, char *mailbox, char *host)
{
    struct msg_address *a = realloc(l->a, (l->n + 1) * sizeof *a);
    if (a == NULL) {
        free(name);
        free(adl);
        free(mailbox);
        free(host);
        return -1;
    }
    l->a = a;
    a[l->n].name = name;
    a[l->n].adl = adl;
    a[l->n].mailbox = mailbox;
    a[l->n].host = host;
    l->n++;
    return 0;
}

/* `<[@route,@route:]local@domain>`, the cursor just after '<'. */
static int angle_addr(struct cur *c, char **adl, char **mailbox, char **host)
{
    struct sbuf r = {0}, m = {0}, h = {0};
    skip_cfws(c);
    if (c->i < c->len && c->s[c->i] == '@') {    /* obs-route */
        while (c->i < c->len && c->s[c->i] != ':' && c->s[c->i] != '>') {
            if (c->s[c->i] != ' ' && c->s[c->i] != '\t' && c->s[c->i] != '\r'
                && c->s[c->i] != '\n')
                sb_add(&r, &c->s[c->i], 1);
            c->i++;
        }
        if (c->i < c->len && c->s[c->i] == ':')
            c->i++;
    }
    for (;;) {                                   /* local part, as written */
        skip_cfws(c);
        if (!word(c, &m, 0))
            break;
    }
    skip_cfws(c);
    if (c->i < c->len && c->s[c->i] == '@') {
        c->i++;
        domain(c, &h);
    }
    while (c->i < c->len && c->s[c->i] != '>' && c->s[c->i] != ',')
        c->i++;                                  /* junk before '>' */
    if (c->i < c->len && c->s[c->i] == '>')
        c->i++;
    int oom = r.oom || m.oom || h.oom;
    *adl = sb_take(&r);
    *mailbox = sb_take(&m);
    *host = sb_take(&h);
    return oom ? -1 : 0;
}

/* [msg-parse-addresses] */
int msg_parse_addresses(const char *value, size_t len, struct msg_addrlist *out)
{
    struct cur c = {value, len, 0};
    int in_group = 0;
    out->a = NULL;
    out->n = 0;
    while (c.i < c.len) {
        skip_cfws(&c);
        if (c.i >= c.len)
            break;
        char ch = c.s[c.i];
        if (ch == ',') {
            c.i++;
            continue;
        }
        if (ch == ';') {                 /* group end: NIL NIL NIL NIL */
            c.i++;
            if (in_group && push_addr(out, NULL, NULL, NULL, NULL) < 0)
                goto oom;
            in_group = 0;
            continue;
        }
        /* Words first: a display name, a group name or a local part --
         * what follows them tells which. */
        size_t start = c.i;
        struct sbuf ph = {0};
        phrase(&c, &ph);
        skip_cfws(&c);
        ch = c.i < c.len ? c.s[c.i] : '\0';
        if (ch == ':' && !in_group) {    /* group start: NIL NIL name NIL */
            c.i++;
            char *g = sb_take(&ph);
            if (push_addr(out, NULL, NULL, g ? g : strdup(""), NULL) < 0)
                goto oom;
            in_group = 1;
        } else if (ch == '<') {          /* [name] <addr> */
            c.i++;
            char *adl, *mbox, *host;
            char *name = sb_take(&ph);
            if (angle_addr(&c, &adl, &mbox, &host) < 0) {
                free(name);
                goto oom;
            }
            if (mbox == NULL && host == NULL) {
                free(name);                  /* `<>`: no address at all */
                free(adl);
            } else if (push_addr(out, name, adl, mbox, host) < 0) {
                goto oom;
            }
        } else if (ch == '@') {          /* addr-spec: local@domain */
            free(sb_take(&ph));
            struct cur l = {value, len, start};
            struct sbuf m = {0}, h = {0};
            for (;;) {                   /* the local part again, as written */
                skip_cfws(&l);
                if (!word(&l, &m, 0))
                    break;
            }
            c.i++;
            domain(&c, &h);
            int oom = m.oom || h.oom;
            char *mb = sb_take(&m), *ho = sb_take(&h);
            if (oom || push_addr(out, NULL, NULL, mb, ho) < 0)
                goto oom;
        } else {
            /* Nothing sensible: skip to the next comma or group end. */
            free(sb_take(&ph));
            if (c.i == start)
                c.i++;
            while (c.i < c.len && c.s[c.i] != ',' && c.s[c.i] != ';')
                c.i++;
        }
    }
    if (in_group && push_addr(out, NULL, NULL, NULL, NULL) < 0)
        goto oom;
    return 0;
oom:
    msg_addrlist_free(out);
    return -1;
}
/* [msg-parse-addresses] */

void msg_addrlist_free(struct msg_addrlist *l)
{
    for (size_t k = 0; k < l->n; k++) {
        free(l->a[k].name);
        free(l->a[k].adl);
        free(l->a[k].mailbox);
        free(l->a[k].host);
    }
    free(l->a);
    l->a = NULL;
    l->n = 0;
}
