/*
 * dialog.c -- parse dialog files (see dialog.h for the format).
 *
 * The parser is strict on purpose: a dialog is a test, and a test that a
 * typo quietly turns into "nothing to check" is worse than no test.  So an
 * unknown directive, an unknown header key, a bad escape or a regular
 * expression that does not compile is an error with the line number.
 */
#include "dialog.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest N in \{N:c}: enough for any over-long line test. */
#define REPEAT_MAX 1000000

static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* A growing byte buffer. */
struct bytes {
    char *p;
    size_t len, cap;
};

static int bytes_add(struct bytes *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL)
            return -1;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int dialog_unescape(const char *in, char **out, size_t *outlen, char *err, size_t errsz)
{
    struct bytes b = { NULL, 0, 0 };
    const char *s = in;

    if (bytes_add(&b, "", 0) < 0)
        goto nomem;
    while (*s) {
        const char *bs = strchr(s, '\\');
        size_t plain = bs ? (size_t)(bs - s) : strlen(s);
        if (bytes_add(&b, s, plain) < 0)
            goto nomem;
        s += plain;
        if (*s == '\0')
            break;
        /* s points at a backslash */
        char c;
        switch (s[1]) {
        case 'r': c = '\r'; s += 2; break;
        case 'n': c = '\n'; s += 2; break;
        case 't': c = '\t'; s += 2; break;
        case '0': c = '\0'; s += 2; break;
        case '\\': c = '\\'; s += 2; break;
        case 'x': {
            int hi = hexval((unsigned char)s[2]);
            int lo = hi < 0 ? -1 : hexval((unsigned char)s[3]);
            if (hi < 0 || lo < 0) {
                set_err(err, errsz, "bad escape \"\\x%.2s\": \\x needs two hex digits", s + 2);
                goto fail;
            }
            c = (char)(hi * 16 + lo);
            s += 4;
            break;
        }
        case '{': {
            /* \{N:c} -- c repeated N times */
            char *end;
            errno = 0;
            if (!isdigit((unsigned char)s[2])) {
                set_err(err, errsz, "bad escape: \\{ must be \\{N:c} (N a decimal count)");
                goto fail;
            }
            long n = strtol(s + 2, &end, 10);
            if (errno != 0 || n < 1 || n > REPEAT_MAX || end[0] != ':' || end[1] == '\0'
                || end[2] != '}') {
                set_err(err, errsz, "bad escape: \\{ must be \\{N:c} with 1 <= N <= %d and one character c",
                        REPEAT_MAX);
                goto fail;
            }
            for (long i = 0; i < n; i++)
                if (bytes_add(&b, end + 1, 1) < 0)
                    goto nomem;
            s = end + 3;
            continue;
        }
        case '\0':
            set_err(err, errsz, "lone backslash at the end of the text (write \\\\ for a backslash)");
            goto fail;
        default:
            set_err(err, errsz, "unknown escape \"\\%c\" (known: \\r \\n \\t \\0 \\\\ \\xHH \\{N:c})", s[1]);
            goto fail;
        }
        if (bytes_add(&b, &c, 1) < 0)
            goto nomem;
    }
    *out = b.p;
    *outlen = b.len;
    return 0;
nomem:
    set_err(err, errsz, "out of memory");
fail:
    free(b.p);
    return -1;
}

void dialog_escape_append(char **buf, size_t *blen, const char *s, size_t len)
{
    struct bytes b = { *buf, *blen, *buf ? *blen + 1 : 0 };
    char tmp[8];

    if (b.p == NULL && bytes_add(&b, "", 0) < 0)
        return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e = NULL;
        if (c == '\r') e = "\\r";
        else if (c == '\n') e = "\\n";
        else if (c == '\t') e = "\\t";
        else if (c == '\\') e = "\\\\";
        else if (c < 0x20 || c >= 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            e = tmp;
        }
        if (e != NULL)
            bytes_add(&b, e, strlen(e));
        else
            bytes_add(&b, (const char *)&c, 1);
    }
    *buf = b.p;
    *blen = b.len;
}

void dialog_free(struct dialog *d)
{
    if (d == NULL)
        return;
    free(d->path);
    free(d->title);
    free(d->from);
    free(d->until);
    free(d->protocol);
    if (d->args != NULL)
        for (size_t i = 0; i < d->nargs; i++)
            free(d->args[i]);
    free(d->args);
    for (size_t i = 0; i < d->nsteps; i++) {
        free(d->steps[i].text);
        if (d->steps[i].has_re)
            regfree(&d->steps[i].re);
    }
    free(d->steps);
    memset(d, 0, sizeof *d);
}

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Trim spaces and tabs at both ends (in place, returns the start). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* A chapter slug: lowercase letters, digits and '-'. */
static int is_slug(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
            return 0;
    return 1;
}

/* Split @value on blanks into d->args. */
static int split_args(struct dialog *d, char *value)
{
    char *save = NULL;
    size_t n = 0;
    char **v = calloc(strlen(value) / 2 + 2, sizeof *v);
    if (v == NULL)
        return -1;
    for (char *tok = strtok_r(value, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
        if ((v[n++] = strdup(tok)) == NULL)
            return -1;   /* leaks on OOM; the runner gives up anyway */
    v[n] = NULL;
    d->args = v;
    d->nargs = n;
    return 0;
}

/* Handle one "# key: value" comment.  in_header: 0 in the body, 1 in the
 * header, 2 for the first comment (the title: an unknown "word:" is free
 * text there; a typo in "from:" or "protocol:" is still caught, as the key
 * is then missing).  1: was a key, 0: free text, -1: error (message set). */
static int header_key(struct dialog *d, char *comment, int in_header, char *err, size_t errsz)
{
    static const char *const known[] = { "from", "until", "protocol", "args", "exit", NULL };
    char *s = comment;
    size_t klen = 0;

    while (s[klen] && (islower((unsigned char)s[klen]) || s[klen] == '-'))
        klen++;
    if (klen == 0 || s[klen] != ':')
        return 0;                       /* not of the form "word:" */
    int k;
    for (k = 0; known[k]; k++)
        if (strlen(known[k]) == klen && strncmp(known[k], s, klen) == 0)
            break;
    if (known[k] == NULL) {
        if (in_header != 1)
            return 0;                   /* a remark in the body: free text */
        set_err(err, errsz, "unknown header key \"%.*s:\" (known: from, until, protocol, args, exit; "
                "free text in the header must not start with a lowercase \"word:\")", (int)klen, s);
        return -1;
    }
    if (!in_header) {
        set_err(err, errsz, "header key \"%s:\" after the first step (keys belong at the top)", known[k]);
        return -1;
    }
    char *value = trim(s + klen + 1);
    switch (k) {
    case 0: case 1: case 2: {
        char **slot = k == 0 ? &d->from : k == 1 ? &d->until : &d->protocol;
        if (*slot != NULL) {
            set_err(err, errsz, "header key \"%s:\" given twice", known[k]);
            return -1;
        }
        if (!is_slug(value)) {
            set_err(err, errsz, "\"%s:\" needs one lowercase name (letters, digits, '-'), got \"%s\"",
                    known[k], value);
            return -1;
        }
        *slot = strdup(value);
        break;
    }
    case 3:
        if (d->args != NULL) {
            set_err(err, errsz, "header key \"args:\" given twice (put all arguments on one line)");
            return -1;
        }
        if (split_args(d, value) < 0) {
            set_err(err, errsz, "out of memory");
            return -1;
        }
        break;
    case 4: {
        char *end;
        long v = strtol(value, &end, 10);
        if (*value == '\0' || *end != '\0' || v < 0 || v > 255) {
            set_err(err, errsz, "\"exit:\" needs a number 0-255, got \"%s\"", value);
            return -1;
        }
        d->exit_status = (int)v;
        break;
    }
    }
    return 1;
}

static int add_step(struct dialog *d, enum dialog_op op, int line, char *text, size_t len)
{
    struct dialog_step *n = realloc(d->steps, (d->nsteps + 1) * sizeof *n);
    if (n == NULL)
        return -1;
    d->steps = n;
    memset(&n[d->nsteps], 0, sizeof n[d->nsteps]);
    n[d->nsteps].op = op;
    n[d->nsteps].line = line;
    n[d->nsteps].text = text;
    n[d->nsteps].len = len;
    d->nsteps++;
    return 0;
}

/* Parse one line (NUL-terminated, line ending removed). */
static int parse_line(struct dialog *d, char *s, int lineno, int *in_header, char *err, size_t errsz)
{
    char msg[512];

    if (s[strspn(s, " \t")] == '\0')
        return 0;                                   /* blank */
    if (s[0] == '#') {
        char *c = trim(s + 1);
        if (d->title == NULL && *in_header && d->from == NULL && d->until == NULL
            && d->protocol == NULL && d->args == NULL) {
            /* the first comment is the title, unless it is a known key */
            int r = header_key(d, c, 2, msg, sizeof msg);
            if (r < 0)
                goto bad;
            if (r == 0)
                d->title = strdup(c);
            return 0;
        }
        if (header_key(d, c, *in_header, msg, sizeof msg) < 0)
            goto bad;
        return 0;
    }
    *in_header = 0;
    if (strcmp(s, "!eof") == 0)
        return add_step(d, DLG_EOF, lineno, NULL, 0);
    if (strcmp(s, "!shutdown") == 0)
        return add_step(d, DLG_SHUTDOWN, lineno, NULL, 0);
    if (s[0] == '!') {
        snprintf(msg, sizeof msg, "unknown directive \"%s\" (known: !eof, !shutdown)", s);
        goto bad;
    }
    if ((s[0] == 'C' || s[0] == 'S') && (s[1] == ':' || s[1] == '-' || s[1] == '~')) {
        /* the text starts after one separating space (if any) */
        const char *text = s + 2;
        if (*text == ' ')
            text++;
        if (s[0] == 'C' && s[1] != '~') {
            char *bytes;
            size_t n;
            if (dialog_unescape(text, &bytes, &n, msg, sizeof msg) < 0)
                goto bad;
            if (s[1] == ':') {
                char *nb = realloc(bytes, n + 3);
                if (nb == NULL) {
                    free(bytes);
                    return -1;
                }
                bytes = nb;
                memcpy(bytes + n, "\r\n", 3);
                n += 2;
            }
            if (s[1] == '-' && n == 0) {
                free(bytes);
                snprintf(msg, sizeof msg, "\"C-\" with nothing to send");
                goto bad;
            }
            if (add_step(d, s[1] == ':' ? DLG_SEND : DLG_SEND_RAW, lineno, bytes, n) < 0) {
                free(bytes);
                return -1;
            }
            return 0;
        }
        if (s[0] == 'S' && s[1] == ':') {
            char *t = strdup(text);
            if (t == NULL || add_step(d, DLG_EXPECT, lineno, t, strlen(t)) < 0) {
                free(t);
                return -1;
            }
            return 0;
        }
        if (s[0] == 'S' && s[1] == '~') {
            char *t = strdup(text);
            if (t == NULL || add_step(d, DLG_EXPECT_RE, lineno, t, strlen(t)) < 0) {
                free(t);
                return -1;
            }
            struct dialog_step *st = &d->steps[d->nsteps - 1];
            int rc = regcomp(&st->re, t, REG_EXTENDED | REG_NOSUB);
            if (rc != 0) {
                char rerr[200];
                regerror(rc, &st->re, rerr, sizeof rerr);
                snprintf(msg, sizeof msg, "bad regular expression \"%s\": %s", t, rerr);
                goto bad;
            }
            st->has_re = 1;
            return 0;
        }
    }
    snprintf(msg, sizeof msg, "unknown directive \"%.40s%s\" (known: C: C- S: S~ !eof !shutdown, "
             "# comments)", s, strlen(s) > 40 ? "..." : "");
bad:
    set_err(err, errsz, "%d: %s", lineno, msg);
    return -1;
}

int dialog_parse(const char *path, const char *text, size_t len, struct dialog *d,
                 char *err, size_t errsz)
{
    int lineno = 0, in_header = 1;
    size_t pos = 0;

    memset(d, 0, sizeof *d);
    if (err != NULL && errsz > 0)
        err[0] = '\0';
    d->path = strdup(path ? path : "");
    if (d->path == NULL)
        goto nomem;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        char *line = dupn(text + pos, n);
        if (line == NULL)
            goto nomem;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (memchr(line, '\0', n) != NULL) {
            free(line);
            set_err(err, errsz, "%d: NUL byte in the dialog file (write \\0)", lineno);
            goto fail;
        }
        if (n > 0 && line[n - 1] == '\r')       /* a file saved with CRLF */
            line[n - 1] = '\0';
        int r = parse_line(d, line, lineno, &in_header, err, errsz);
        free(line);
        if (r < 0) {
            if (err != NULL && errsz > 0 && err[0] == '\0')
                set_err(err, errsz, "%d: out of memory", lineno);
            goto fail;
        }
    }
    if (d->from == NULL) {
        set_err(err, errsz, "%d: no \"# from: SLUG\" header (the first chapter this dialog holds for)",
                lineno);
        goto fail;
    }
    if (d->protocol == NULL) {
        set_err(err, errsz, "%d: no \"# protocol: NAME\" header (which stages it applies to)", lineno);
        goto fail;
    }
    if (d->nsteps == 0) {
        set_err(err, errsz, "%d: no steps (C:, C-, S:, S~, !eof, !shutdown)", lineno);
        goto fail;
    }
    if (d->title == NULL && (d->title = strdup("")) == NULL)
        goto nomem;
    if (d->args == NULL) {
        d->args = calloc(1, sizeof *d->args);
        if (d->args == NULL)
            goto nomem;
    }
    return 0;
nomem:
    set_err(err, errsz, "out of memory");
fail:
    dialog_free(d);
    return -1;
}

int dialog_load(const char *path, struct dialog *d, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    struct bytes b = { NULL, 0, 0 };
    char chunk[4096];
    size_t n;

    memset(d, 0, sizeof *d);
    if (f == NULL) {
        set_err(err, errsz, "0: cannot open: %s", strerror(errno));
        return -1;
    }
    if (bytes_add(&b, "", 0) < 0) {
        fclose(f);
        set_err(err, errsz, "0: out of memory");
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (bytes_add(&b, chunk, n) < 0) {
            fclose(f);
            free(b.p);
            set_err(err, errsz, "0: out of memory");
            return -1;
        }
    fclose(f);
    if (err != NULL && errsz > 0)
        err[0] = '\0';
    int r = dialog_parse(path, b.p, b.len, d, err, errsz);
    free(b.p);
    return r;
}
