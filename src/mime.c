/**
 * @file mime.c
 * @brief The MIME parser: Content-Type and parameters (RFC 2231 joining),
 *        multipart splitting at boundaries, message/rfc822 nesting, sizes
 *        and line counts.
 *
 * @chapter{fetching}
 * @rfc RFC 2045 §5.1-5.2 (Content-Type syntax, defaults), §6
 *      (Content-Transfer-Encoding); RFC 2046 §5.1.1 (boundary delimiters,
 *      preamble, epilogue), §5.1.5 (multipart/digest), §5.2.1
 *      (message/rfc822); RFC 2231 §3-4; RFC 2183
 *
 * Where a multipart's parts begin and end is the one subtle rule (RFC 2046
 * §5.1.1): a *delimiter line* is `--` followed by the boundary at the start
 * of a line, and the CRLF *before* it belongs to the delimiter, not to the
 * part.  So in
 *
 *     --b CRLF
 *     Content-Type: text/plain CRLF
 *     CRLF
 *     hello CRLF
 *     --b-- CRLF
 *
 * the part is `Content-Type...hello` without the last CRLF, and its body is
 * `hello`: 5 octets, 1 line.  The closing delimiter has `--` after the
 * boundary; text before the first delimiter (preamble) and after the
 * closing one (epilogue) belongs to no part.  Parts are found first and
 * parsed afterwards, so a nested multipart only ever sees its own range.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mime.h"
#include "message_parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Content-Type and parameters --------------------------------------- */

/* Skip whitespace and (nested) comments. */
static const char *skip_cfws(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p != '(')
            return p;
        int depth = 0;
        while (*p) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0) {
                p++;
                break;
            }
            p++;
        }
    }
}

/* RFC 2045 token characters: no controls, space or tspecials. */
static int is_token_char(char c)
{
    return (unsigned char)c > ' ' && c != 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

static char *lower_dup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        d[i] = (char)tolower((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

/* A token at *pp (advanced), lower-cased; NULL when there is none. */
static char *token(const char **pp, int *oom)
{
    const char *p = skip_cfws(*pp);
    const char *s = p;
    while (is_token_char(*p))
        p++;
    *pp = p;
    if (p == s)
        return NULL;
    char *t = lower_dup(s, (size_t)(p - s));
    if (t == NULL)
        *oom = 1;
    return t;
}

/* A parameter value: a quoted string (unquoted here) or a token as written.
 * Lenient: an unquoted value runs to the next ';' (with trailing space
 * dropped), because real mail has `name=a b.pdf`. */
static char *param_value(const char **pp)
{
    const char *p = skip_cfws(*pp);
    size_t n = 0;
    char *v = malloc(strlen(p) + 1);
    if (v == NULL)
        return NULL;
    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1])
                p++;
            if (*p != '\r' && *p != '\n')
                v[n++] = *p;
            p++;
        }
        if (*p == '"')
            p++;
    } else {
        while (*p && *p != ';') {
            if (*p == '(' )
                break;
            v[n++] = *p++;
        }
        while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
    }
    v[n] = '\0';
    *pp = p;
    return v;
}

static int add_param(struct mime_params *ps, char *name, char *value)
{
    struct mime_param *p = realloc(ps->p, (ps->n + 1) * sizeof *p);
    if (p == NULL) {
        free(name);
        free(value);
        return -1;
    }
    ps->p = p;
    p[ps->n].name = name;
    p[ps->n].value = value;
    ps->n++;
    return 0;
}

void mime_params_free(struct mime_params *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->p[i].name);
        free(ps->p[i].value);
    }
    free(ps->p);
    ps->p = NULL;
    ps->n = 0;
}

const char *mime_param(const struct mime_params *ps, const char *name)
{
    for (size_t i = 0; i < ps->n; i++)
        if (strcasecmp(ps->p[i].name, name) == 0)
            return ps->p[i].value;
    return NULL;
}

/* RFC 2231 §3: `name*N` / `name*N*` are pieces of one value, numbered
 * from 0; `name*` alone is one extended (charset'lang'%XX) value. */
struct piece {
    size_t baselen; /* length of the name before the first '*' */
    long idx;       /* N, or -1 when there is no number */
    int ext;        /* ends in '*': an extended (encoded) value */
};

static struct piece piece_of(const char *name)
{
    struct piece pc = {strlen(name), -1, 0};
    const char *star = strchr(name, '*');
    if (star == NULL)
        return pc;
    pc.baselen = (size_t)(star - name);
    const char *q = star + 1;
    if (*q >= '0' && *q <= '9') {
        pc.idx = 0;
        while (*q >= '0' && *q <= '9' && pc.idx < 1000)
            pc.idx = pc.idx * 10 + (*q++ - '0');
        if (*q == '*') {
            pc.ext = 1;
            q++;
        }
    } else if (*q == '\0') {
        pc.ext = 1;
        return pc;
    }
    if (*q != '\0')
        pc.baselen = strlen(name), pc.idx = -1, pc.ext = 0;   /* not 2231: keep */
    return pc;
}

/* [mime-rfc2231] */
/* Join the RFC 2231 continuations of @p raw into @p out (@p raw is freed). */
static int join_2231(struct mime_params *raw, struct mime_params *out)
{
    int rc = 0;
    char *used = calloc(raw->n ? raw->n : 1, 1);
    if (used == NULL) {
        mime_params_free(raw);
        return -1;
    }
    for (size_t i = 0; i < raw->n && rc == 0; i++) {
        if (used[i])
            continue;
        struct piece pc = piece_of(raw->p[i].name);
        if (pc.idx < 0) {                   /* a plain (or `name*`) parameter */
            used[i] = 1;
            rc = add_param(out, raw->p[i].name, raw->p[i].value);
            raw->p[i].name = raw->p[i].value = NULL;
            continue;
        }
        /* Collect pieces 0, 1, 2 ... of this name in order; a missing
         * number ends the value (RFC 2231 §3: no gaps). */
        size_t total = 0;
        int ext = 0;
        for (long want = 0;; want++) {
            size_t k;
            for (k = 0; k < raw->n; k++) {
                struct piece q = piece_of(raw->p[k].name);
                if (!used[k] && q.idx == want && q.baselen == pc.baselen
                    && strncmp(raw->p[k].name, raw->p[i].name, pc.baselen) == 0)
                    break;
            }
            if (k == raw->n)
                break;
            used[k] = 2;                    /* 2: part of the value being built */
            total += strlen(raw->p[k].value);
            if (want == 0)
                ext = piece_of(raw->p[k].name).ext;
        }
        char *name = malloc(pc.baselen + 2);
        char *value = malloc(total + 1);
        if (name == NULL || value == NULL) {
            free(name);
            free(value);
            rc = -1;
            break;
        }
        memcpy(name, raw->p[i].name, pc.baselen);
        if (ext)
            name[pc.baselen++] = '*';       /* still encoded: say so */
        name[pc.baselen] = '\0';
        value[0] = '\0';
        for (long want = 0;; want++) {
            size_t k;
            for (k = 0; k < raw->n; k++)
                if (used[k] == 2 && piece_of(raw->p[k].name).idx == want
                    && strncmp(raw->p[k].name, raw->p[i].name, piece_of(raw->p[i].name).baselen) == 0)
                    break;
            if (k == raw->n)
                break;
            strcat(value, raw->p[k].value);
            used[k] = 1;
        }
        for (size_t k = 0; k < raw->n; k++)
            if (used[k] == 2)
                used[k] = 1;
        if (!used[i])
            used[i] = 1;                    /* a piece that starts at N > 0 */
        rc = add_param(out, name, value);
    }
    free(used);
    mime_params_free(raw);
    return rc;
}
/* [mime-rfc2231] */

/* [mime-content-type] */
int mime_parse_content_type(const char *value, char **type, char **subtype,
                            struct mime_params *params)
{
    const char *p = value;
    int oom = 0;
    struct mime_params raw = {NULL, 0};
    params->p = NULL;
    params->n = 0;
    *subtype = NULL;
    *type = token(&p, &oom);
    p = skip_cfws(p);
    if (*type && *p == '/') {
        p++;
        *subtype = token(&p, &oom);
    }
    /* parameters: *(";" name "=" value) -- junk is skipped to the next ';' */
    while (*p && !oom) {
        const char *semi = strchr(p, ';');
        if (semi == NULL)
            break;
        p = semi + 1;
        char *name = token(&p, &oom);
        p = skip_cfws(p);
        if (name == NULL || *p != '=') {
            free(name);
            continue;
        }
        p++;
        char *v = param_value(&p);
        if (v == NULL || add_param(&raw, name, v) < 0) {
            if (v == NULL)
                free(name);
            oom = 1;
        }
    }
    if (oom) {
        mime_params_free(&raw);
        free(*type);
        free(*subtype);
        *type = *subtype = NULL;
        return -1;
    }
    return join_2231(&raw, params);
}
/* [mime-content-type] */

/* ---- the tree ----------------------------------------------------------- */

static void part_clear(struct mime_part *m)
{
    free(m->type);
    free(m->subtype);
    mime_params_free(&m->params);
    free(m->id);
    free(m->description);
    free(m->encoding);
    free(m->md5);
    free(m->disposition);
    mime_params_free(&m->disp_params);
    free(m->language);
    free(m->location);
    for (size_t i = 0; i < m->nchildren; i++)
        part_clear(&m->children[i]);
    free(m->children);
    if (m->message) {
        part_clear(m->message);
        free(m->message);
    }
}

void mime_free(struct mime_part *root)
{
    if (root == NULL)
        return;
    part_clear(root);
    free(root);
}

static size_t count_lines(const char *s, size_t n)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            lines++;
    if (n > 0 && s[n - 1] != '\n')
        lines++;                             /* a last line without CRLF */
    return lines;
}

/* Is the line at ls a delimiter line of @p b (boundary, blen)?  Sets
 * *close for `--b--` and *next to the start of the following line. */
static int delimiter_at(const char *msg, size_t ls, size_t e, const char *b, size_t blen,
                        int *close, size_t *next)
{
    if (ls + 2 + blen > e || msg[ls] != '-' || msg[ls + 1] != '-'
        || memcmp(msg + ls + 2, b, blen) != 0)
        return 0;
    size_t p = ls + 2 + blen;
    *close = 0;
    if (p + 1 < e + 1 && p + 2 <= e && msg[p] == '-' && msg[p + 1] == '-') {
        *close = 1;
        p += 2;
    }
    while (p < e && (msg[p] == ' ' || msg[p] == '\t'))
        p++;                                 /* transport padding */
    if (p < e && msg[p] == '\r')
        p++;
    if (p < e && msg[p] != '\n')
        return 0;                            /* `--bX`: not this boundary */
    *next = p < e ? p + 1 : e;
    return 1;
}

/* The next delimiter line at or after the line start @p from. */
static int find_delimiter(const char *msg, size_t from, size_t e, const char *b, size_t blen,
                          size_t *ls, int *close, size_t *next)
{
    size_t p = from;
    while (p < e) {
        if (delimiter_at(msg, p, e, b, blen, close, next)) {
            *ls = p;
            return 1;
        }
        const char *nl = memchr(msg + p, '\n', e - p);
        if (nl == NULL)
            break;
        p = (size_t)(nl - msg) + 1;
    }
    return 0;
}

static char *dup_value(const struct msg_field *f, int *oom)
{
    char *v = msg_unfold(f->value, f->value_len);
    if (v == NULL)
        *oom = 1;
    return v;
}

static int parse_entity(const char *msg, size_t off, size_t len, struct mime_part *m,
                        int depth, int digest_child);

static int add_child(struct mime_part *m, const char *msg, size_t off, size_t len, int depth,
                     int digest)
{
    struct mime_part *c = realloc(m->children, (m->nchildren + 1) * sizeof *c);
    if (c == NULL)
        return -1;
    m->children = c;
    memset(&c[m->nchildren], 0, sizeof *c);
    m->nchildren++;
    return parse_entity(msg, off, len, &c[m->nchildren - 1], depth + 1, digest);
}

/* [mime-multipart] */
/* Split a multipart body [b, e) at its boundary and parse each part. */
static int split_multipart(const char *msg, struct mime_part *m, const char *boundary, int depth)
{
    size_t b = m->body_off, e = m->body_off + m->body_len, blen = strlen(boundary);
    int digest = strcmp(m->subtype, "digest") == 0;
    size_t ls, next;
    int close;
    if (!find_delimiter(msg, b, e, boundary, blen, &ls, &close, &next))
        return 0;                            /* no parts: the body is all preamble */
    while (!close) {
        size_t start = next, end, nls, nnext;
        int nclose;
        if (find_delimiter(msg, start, e, boundary, blen, &nls, &nclose, &nnext)) {
            /* the CRLF before the delimiter belongs to the delimiter */
            end = nls;
            if (end >= start + 2 && msg[end - 2] == '\r' && msg[end - 1] == '\n')
                end -= 2;
            else if (end >= start + 1 && msg[end - 1] == '\n')
                end -= 1;
        } else {
            end = e;                         /* no closing delimiter: to the end */
            nclose = 1;
            nnext = e;
        }
        if (add_child(m, msg, start, end - start, depth, digest) < 0)
            return -1;
        close = nclose;
        next = nnext;
    }
    return 0;
}
/* [mime-multipart] */

/* Parse the entity (header + body) at [off, off+len) into @p m. */
static int parse_entity(const char *msg, size_t off, size_t len, struct mime_part *m,
                        int depth, int digest_child)
{
    int oom = 0;
    int have_ct = 0;
    m->header_off = off;
    m->header_len = msg_header_len(msg + off, len);
    m->body_off = off + m->header_len;
    m->body_len = len - m->header_len;
    m->body_lines = count_lines(msg + m->body_off, m->body_len);

    size_t pos = 0;
    struct msg_field f;
    while (!oom && msg_next_field(msg + off, m->header_len, &pos, &f)) {
        char **slot = NULL;
        if (msg_field_is(&f, "Content-Type") && !have_ct) {
            char *v = dup_value(&f, &oom);
            if (v == NULL)
                break;
            if (mime_parse_content_type(v, &m->type, &m->subtype, &m->params) < 0)
                oom = 1;
            else if (m->type && m->subtype)
                have_ct = 1;
            else {                           /* RFC 2045 §5.2: invalid = default */
                free(m->type);
                free(m->subtype);
                m->type = m->subtype = NULL;
                mime_params_free(&m->params);
            }
            free(v);
        } else if (msg_field_is(&f, "Content-Disposition") && !m->disposition) {
            char *v = dup_value(&f, &oom), *sub = NULL;
            if (v && mime_parse_content_type(v, &m->disposition, &sub, &m->disp_params) < 0)
                oom = 1;
            free(sub);
            free(v);
        } else if (msg_field_is(&f, "Content-Transfer-Encoding")) {
            slot = &m->encoding;
        } else if (msg_field_is(&f, "Content-ID")) {
            slot = &m->id;
        } else if (msg_field_is(&f, "Content-Description")) {
            slot = &m->description;
        } else if (msg_field_is(&f, "Content-MD5")) {
            slot = &m->md5;
        } else if (msg_field_is(&f, "Content-Language")) {
            slot = &m->language;
        } else if (msg_field_is(&f, "Content-Location")) {
            slot = &m->location;
        }
        if (slot && *slot == NULL)
            *slot = dup_value(&f, &oom);
    }
    if (oom)
        return -1;
    if (!have_ct) {
        /* RFC 2045 §5.2: text/plain; charset=us-ascii, except in a
         * multipart/digest, whose parts default to message/rfc822. */
        m->type = strdup(digest_child ? "message" : "text");
        m->subtype = strdup(digest_child ? "rfc822" : "plain");
        if (m->type == NULL || m->subtype == NULL)
            return -1;
        if (!digest_child) {
            char *n = strdup("charset"), *v = strdup("us-ascii");
            if (n == NULL || v == NULL) {
                free(n);
                free(v);
                return -1;
            }
            if (add_param(&m->params, n, v) < 0)
                return -1;
        }
    }
    if (depth >= MIME_DEPTH_MAX)
        return 0;                            /* deeper: plain data */
    if (strcmp(m->type, "multipart") == 0) {
        const char *boundary = mime_param(&m->params, "boundary");
        if (boundary && *boundary)
            return split_multipart(msg, m, boundary, depth);
    } else if (strcmp(m->type, "message") == 0 && strcmp(m->subtype, "rfc822") == 0) {
        m->message = calloc(1, sizeof *m->message);
        if (m->message == NULL)
            return -1;
        return parse_entity(msg, m->body_off, m->body_len, m->message, depth + 1, 0);
    }
    return 0;
}

struct mime_part *mime_parse(const char *msg, size_t len)
{
    struct mime_part *root = calloc(1, sizeof *root);
    if (root == NULL)
        return NULL;
    if (parse_entity(msg, 0, len, root, 0, 0) < 0) {
        mime_free(root);
        return NULL;
    }
    return root;
}

/* [mime-find] */
const struct mime_part *mime_find(const struct mime_part *root, const unsigned long *nums,
                                  size_t n)
{
    const struct mime_part *p = root;
    int is_message = 1;                      /* p is a message (root or encapsulated) */
    for (size_t i = 0; i < n; i++) {
        if (p->message && !is_message) {     /* message/rfc822: into the message */
            p = p->message;
            is_message = 1;
        }
        if (p->nchildren > 0) {
            if (nums[i] < 1 || nums[i] > p->nchildren)
                return NULL;
            p = &p->children[nums[i] - 1];
            is_message = 0;
        } else if (is_message && nums[i] == 1) {
            is_message = 0;                  /* a single-part message's part 1 */
        } else {
            return NULL;
        }
    }
    return p;
}
/* [mime-find] */
