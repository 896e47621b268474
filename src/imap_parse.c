/**
 * @file imap_parse.c
 * @brief The data forms of IMAP commands: atoms, numbers, quoted strings,
 *        literals, NIL and parenthesised lists, read by a cursor.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4.1 (atom), §4.2 (number), §4.3 (string: quoted and
 *      literal), §4.4 (parenthesised list), §4.5 (NIL), §9 (formal
 *      syntax); RFC 7888 §3 (`{n+}`)
 *
 * Every function here follows one pattern: remember where the form
 * starts, look at octets one by one, and either move past the whole form
 * and return 0, or put the cursor back where it was, set
 * imap_parser.error and return -1.  Putting the cursor back is what lets
 * a caller try one form and then another (an nstring is "NIL" *or* a
 * string) without any lookahead machinery.
 *
 * The grammar is in RFC 3501 §9; the pieces used here, with their ABNF:
 *
 *     atom            = 1*ATOM-CHAR
 *     ATOM-CHAR       = <any CHAR except atom-specials>
 *     atom-specials   = "(" / ")" / "{" / SP / CTL / list-wildcards /
 *                       quoted-specials / resp-specials
 *     list-wildcards  = "%" / "*"
 *     quoted-specials = DQUOTE / "\"
 *     resp-specials   = "]"
 *     astring         = 1*ASTRING-CHAR / string
 *     ASTRING-CHAR    = ATOM-CHAR / resp-specials
 *     string          = quoted / literal
 *     quoted          = DQUOTE *QUOTED-CHAR DQUOTE
 *     QUOTED-CHAR     = <any TEXT-CHAR except quoted-specials> /
 *                       "\" quoted-specials
 *     literal         = "{" number "}" CRLF *CHAR8
 *                       ; number represents the number of CHAR8s
 *     nstring         = string / nil
 *     nil             = "NIL"
 *     tag             = 1*<any ASTRING-CHAR except "+">
 */
#include "imap_parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Memory the parser hands out: a list of separately malloc'ed blocks, so
 * nothing moves once returned (a growing array would move with realloc
 * and leave earlier values pointing at freed memory). */
struct imap_parser_block {
    struct imap_parser_block *next;
    /* the memory follows the header, suitably aligned */
    max_align_t data[];
};

void imap_parser_init(struct imap_parser *p, const char *buf, size_t len)
{
    p->buf = buf;
    p->len = len;
    p->pos = 0;
    p->error = NULL;
    p->depth = 0;
    p->blocks = NULL;
}

void imap_parser_free(struct imap_parser *p)
{
    while (p->blocks != NULL) {
        struct imap_parser_block *b = p->blocks;
        p->blocks = b->next;
        free(b);
    }
}

void *imap_p_alloc(struct imap_parser *p, size_t n)
{
    struct imap_parser_block *b;

    if (n > (size_t)-1 - sizeof *b)
        return NULL;
    b = calloc(1, sizeof *b + n);
    if (b == NULL)
        return NULL;
    b->next = p->blocks;
    p->blocks = b;
    return b->data;
}

/* Fail: restore the cursor to where the form started, say why. */
static int fail(struct imap_parser *p, size_t start, const char *why)
{
    p->pos = start;
    p->error = why;
    return -1;
}

int imap_p_peek(const struct imap_parser *p)
{
    return p->pos < p->len ? (unsigned char)p->buf[p->pos] : -1;
}

int imap_p_at_end(const struct imap_parser *p) { return p->pos >= p->len; }

int imap_p_char(struct imap_parser *p, int c)
{
    if (imap_p_peek(p) != c) {
        switch (c) {
        case '(': return fail(p, p->pos, "Expected '('");
        case ')': return fail(p, p->pos, "Expected ')'");
        case '[': return fail(p, p->pos, "Expected '['");
        case ']': return fail(p, p->pos, "Expected ']'");
        default:  return fail(p, p->pos, "Unexpected character");
        }
    }
    p->pos++;
    return 0;
}

int imap_p_sp(struct imap_parser *p)
{
    if (imap_p_peek(p) != ' ')
        return fail(p, p->pos, imap_p_at_end(p) ? "Missing argument" : "Expected a space");
    p->pos++;
    return 0;
}

int imap_p_end(struct imap_parser *p)
{
    if (!imap_p_at_end(p))
        return fail(p, p->pos, imap_p_peek(p) == ' '
                                   ? "Too many arguments"
                                   : "Unexpected characters after the arguments");
    return 0;
}

/* [imap-atom-char] */
int imap_is_atom_char(int c)
{
    /* CHAR is 7-bit and not NUL; CTL is 0x00-0x1f and 0x7f (RFC 5234). */
    if (c <= 0x1f || c >= 0x7f)
        return 0;
    return strchr("(){ %*\"\\]", c) == NULL;
}
/* [imap-atom-char] */

int imap_is_astring_char(int c) { return c == ']' || imap_is_atom_char(c); }

int imap_p_atom_ex(struct imap_parser *p, const char *extra, struct imap_value *out)
{
    size_t start = p->pos;
    int c;

    while ((c = imap_p_peek(p)) != -1
           && (imap_is_atom_char(c) || (c != 0 && extra != NULL && strchr(extra, c))))
        p->pos++;
    if (p->pos == start)
        return fail(p, start, imap_p_at_end(p) ? "Missing argument" : "Expected an atom");
    memset(out, 0, sizeof *out);
    out->type = IMAP_V_ATOM;
    out->data = p->buf + start;
    out->len = p->pos - start;
    return 0;
}

int imap_p_atom(struct imap_parser *p, struct imap_value *out)
{
    return imap_p_atom_ex(p, NULL, out);
}

int imap_p_tag(struct imap_parser *p, struct imap_value *out)
{
    size_t start = p->pos;
    int c;

    /* ASTRING-CHAR except "+": a line starting with "+" is a
     * continuation, never a command (RFC 3501 §2.2.1). */
    while ((c = imap_p_peek(p)) != -1 && c != '+' && imap_is_astring_char(c))
        p->pos++;
    if (p->pos == start)
        return fail(p, start, "Missing or invalid tag");
    if (p->pos - start > IMAP_TAG_MAX)
        return fail(p, start, "Tag too long");
    memset(out, 0, sizeof *out);
    out->type = IMAP_V_ATOM;
    out->data = p->buf + start;
    out->len = p->pos - start;
    return 0;
}

/* Digits to a number no larger than max; -1 when there are none or too many. */
static int digits(const char *s, size_t len, unsigned long long max, unsigned long long *out)
{
    unsigned long long v = 0;

    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > (max - (unsigned)(s[i] - '0')) / 10)
            return -2;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int imap_p_number(struct imap_parser *p, uint32_t *out)
{
    size_t start = p->pos;
    unsigned long long v;
    int r;

    while (p->pos < p->len && p->buf[p->pos] >= '0' && p->buf[p->pos] <= '9')
        p->pos++;
    r = digits(p->buf + start, p->pos - start, UINT32_MAX, &v);
    if (r == -1)
        return fail(p, start, "Expected a number");
    if (r == -2)
        return fail(p, start, "Number too large");
    *out = (uint32_t)v;
    return 0;
}

/* [imap-quoted] */
int imap_p_quoted(struct imap_parser *p, struct imap_value *out)
{
    size_t start = p->pos, n = 0;
    char *copy;

    if (imap_p_peek(p) != '"')
        return fail(p, start, "Expected a quoted string");
    /* First pass: check the string and find its end.  The unescaped
     * string is never longer than the quoted one, so its length bounds
     * the copy. */
    for (size_t i = start + 1;; i++) {
        unsigned char c;

        if (i >= p->len)
            return fail(p, start, "Unterminated quoted string");
        c = (unsigned char)p->buf[i];
        if (c == '"') {
            p->pos = i + 1;
            break;
        }
        if (c == '\\') {
            /* RFC 3501 §4.3 / §9: only \" and \\ -- no \n, no \t. */
            if (i + 1 >= p->len || (p->buf[i + 1] != '"' && p->buf[i + 1] != '\\'))
                return fail(p, start, "Bad escape in quoted string (only \\\" and \\\\ are allowed)");
            i++;
        } else if (c == '\r' || c == '\n' || c == 0) {
            /* TEXT-CHAR excludes CR and LF (a literal must be used); NUL is
             * not a CHAR at all. */
            return fail(p, start, "CR, LF or NUL in quoted string (use a literal)");
        } else if (c >= 0x80) {
            return fail(p, start, "8-bit octet in quoted string (use a literal)");
        }
        n++;
    }
    /* Second pass: copy without the backslashes. */
    copy = imap_p_alloc(p, n + 1);
    if (copy == NULL)
        return fail(p, start, "Out of memory");
    n = 0;
    for (size_t i = start + 1; i < p->pos - 1; i++) {
        if (p->buf[i] == '\\')
            i++;
        copy[n++] = p->buf[i];
    }
    copy[n] = '\0';
    memset(out, 0, sizeof *out);
    out->type = IMAP_V_QUOTED;
    out->data = copy;
    out->len = n;
    return 0;
}
/* [imap-quoted] */

/* [imap-literal] */
int imap_p_literal(struct imap_parser *p, struct imap_value *out)
{
    size_t start = p->pos, i = p->pos + 1, dstart;
    unsigned long long n;
    int nonsync = 0;

    if (imap_p_peek(p) != '{')
        return fail(p, start, "Expected a literal");
    dstart = i;
    while (i < p->len && p->buf[i] >= '0' && p->buf[i] <= '9')
        i++;
    if (digits(p->buf + dstart, i - dstart, UINT32_MAX, &n) < 0)
        return fail(p, start, "Bad literal octet count");
    if (i < p->len && p->buf[i] == '+') {       /* RFC 7888: {n+} */
        nonsync = 1;
        i++;
    }
    if (i >= p->len || p->buf[i] != '}')
        return fail(p, start, "Bad literal octet count");
    i++;
    /* The reader (imap_read.c) keeps the CRLF after "{n}" in the command,
     * so the header ends the line here -- or the literal was not at the
     * end of a line, which is a syntax error. */
    if (p->len - i < 2 || p->buf[i] != '\r' || p->buf[i + 1] != '\n')
        return fail(p, start, "Literal octet count must end the line");
    i += 2;
    if (p->len - i < n)
        return fail(p, start, "Literal shorter than its count");
    /* CHAR8 = %x01-ff: any octet but NUL. */
    if (memchr(p->buf + i, '\0', (size_t)n) != NULL)
        return fail(p, start, "NUL octet in literal");
    memset(out, 0, sizeof *out);
    out->type = IMAP_V_LITERAL;
    out->data = p->buf + i;
    out->len = (size_t)n;
    out->nonsync = nonsync;
    p->pos = i + (size_t)n;
    return 0;
}
/* [imap-literal] */

int imap_p_string(struct imap_parser *p, struct imap_value *out)
{
    switch (imap_p_peek(p)) {
    case '"': return imap_p_quoted(p, out);
    case '{': return imap_p_literal(p, out);
    case -1:  return fail(p, p->pos, "Missing argument");
    default:  return fail(p, p->pos, "Expected a string");
    }
}

int imap_p_astring(struct imap_parser *p, struct imap_value *out)
{
    int c = imap_p_peek(p);

    if (c == '"' || c == '{')
        return imap_p_string(p, out);
    /* 1*ASTRING-CHAR: an atom that may also contain "]". */
    return imap_p_atom_ex(p, "]", out);
}

int imap_p_nstring(struct imap_parser *p, struct imap_value *out)
{
    size_t start = p->pos;
    int c = imap_p_peek(p);

    if (c == '"' || c == '{')
        return imap_p_string(p, out);
    if (imap_p_atom(p, out) == 0 && imap_value_is(out, "NIL")) {
        out->type = IMAP_V_NIL;
        out->data = NULL;
        out->len = 0;
        return 0;
    }
    return fail(p, start, c == -1 ? "Missing argument" : "Expected a string or NIL");
}

/* [imap-list] */
int imap_p_list(struct imap_parser *p, struct imap_value *out)
{
    size_t start = p->pos, count = 0, cap = 0;
    struct imap_value *items = NULL, v;

    if (imap_p_peek(p) != '(')
        return fail(p, start, "Expected '('");
    if (p->depth >= IMAP_LIST_DEPTH_MAX)
        return fail(p, start, "Lists nested too deeply");
    p->pos++;
    p->depth++;
    while (imap_p_peek(p) != ')') {
        /* Elements are separated by exactly one SP; "( a)" and "(a )" are
         * not IMAP. */
        if (count > 0 && imap_p_sp(p) < 0)
            goto bad;
        if (imap_p_value(p, &v) < 0)
            goto bad;
        if (count == cap) {
            /* Grow by doubling into parser memory; the old array is
             * abandoned (freed with the parser): lists are small. */
            size_t ncap = cap ? cap * 2 : 8;
            struct imap_value *n = imap_p_alloc(p, ncap * sizeof *n);
            if (n == NULL) {
                p->error = "Out of memory";
                goto bad_keep;
            }
            if (count > 0)
                memcpy(n, items, count * sizeof *n);
            items = n;
            cap = ncap;
        }
        items[count++] = v;
    }
    p->pos++;
    p->depth--;
    memset(out, 0, sizeof *out);
    out->type = IMAP_V_LIST;
    out->items = items;
    out->count = count;
    return 0;
bad:
    if (imap_p_at_end(p))
        p->error = "Unterminated list";
bad_keep:
    p->depth--;
    p->pos = start;
    return -1;
}
/* [imap-list] */

int imap_p_value(struct imap_parser *p, struct imap_value *out)
{
    switch (imap_p_peek(p)) {
    case '(':
        return imap_p_list(p, out);
    case '"':
    case '{':
        return imap_p_string(p, out);
    case -1:
        return fail(p, p->pos, "Missing argument");
    default:
        /* Atoms in lists include flags ("\Seen") and section parts
         * ("BODY[TEXT]"): allow "\" and "]" besides ATOM-CHARs. */
        if (imap_p_atom_ex(p, "\\]", out) < 0)
            return -1;
        if (imap_value_is(out, "NIL")) {
            out->type = IMAP_V_NIL;
            out->data = NULL;
            out->len = 0;
        }
        return 0;
    }
}

char *imap_value_cstr(struct imap_parser *p, const struct imap_value *v)
{
    char *s;

    if (v->type == IMAP_V_NIL || v->type == IMAP_V_LIST)
        return NULL;
    if (memchr(v->data, '\0', v->len) != NULL)
        return NULL;
    s = imap_p_alloc(p, v->len + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, v->data, v->len);
    s[v->len] = '\0';
    return s;
}

int imap_value_is(const struct imap_value *v, const char *word)
{
    size_t n = strlen(word);

    return v->type == IMAP_V_ATOM && v->len == n && strncasecmp(v->data, word, n) == 0;
}

int imap_value_number(const struct imap_value *v, uint32_t *out)
{
    unsigned long long n;

    if (v->type != IMAP_V_ATOM || digits(v->data, v->len, UINT32_MAX, &n) < 0)
        return -1;
    *out = (uint32_t)n;
    return 0;
}
