/**
 * @file search_parse.c
 * @brief Parsing SEARCH criteria into a tree of struct search_key.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (SEARCH), §9 (search-key, date, header-fld-name,
 *      sequence-set), §7.1 (BADCHARSET); RFC 3629 §4 (UTF-8 strings)
 *
 * The grammar of RFC 3501 §9, trimmed to its shape:
 *
 *     search     = "SEARCH" [SP "CHARSET" SP astring] 1*(SP search-key)
 *     search-key = "ALL" / "ANSWERED" / "BCC" SP astring / "BEFORE" SP date /
 *                  ... / "HEADER" SP header-fld-name SP astring /
 *                  "LARGER" SP number / "NOT" SP search-key /
 *                  "OR" SP search-key SP search-key / "UID" SP sequence-set /
 *                  sequence-set / "(" search-key *(SP search-key) ")"
 *     date       = date-text / DQUOTE date-text DQUOTE
 *     date-text  = date-day "-" date-month "-" date-year     ; 1-Feb-1994
 *
 * It is a *recursive* grammar -- a search-key can contain search-keys --
 * so the parser is a recursive function, parse_key(), with one case per
 * kind of key.  What makes it short is a table: each key name with the
 * kind of node it becomes and the kind of argument it takes.  Adding a
 * key (RFC 4551's MODSEQ, say) is adding a row.
 *
 * A key name is an atom, and so is a sequence set (`1:3,7`, with `*` as
 * an extra character).  The parser tells them apart by the first
 * character: a digit or `*` begins a set, a letter a name.  Names are
 * case-insensitive, as every IMAP keyword is (RFC 3501 §9: "The ABNF is
 * case-insensitive").
 */
#include "search_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "imap_date.h"
#include "mailflags.h"

/** What a key name is followed by (the argument column of key_defs). */
enum search_arg {
    ARG_NONE,    /**< nothing: ALL, SEEN ... */
    ARG_STRING,  /**< SP astring: BODY, FROM ... */
    ARG_HEADER,  /**< SP header-fld-name SP astring: HEADER */
    ARG_DATE,    /**< SP date: BEFORE, SENTON ... */
    ARG_NUMBER,  /**< SP number: LARGER, SMALLER */
    ARG_SET,     /**< SP sequence-set: UID */
    ARG_ATOM,    /**< SP flag-keyword (an atom): KEYWORD, UNKEYWORD */
    ARG_KEY,     /**< SP search-key: NOT */
    ARG_KEY2     /**< SP search-key SP search-key: OR */
};

/* How a name becomes a node: NOT(node) when `negate`; NEW is the one
 * key that becomes two (`special`). */
struct key_def {
    const char *name;
    enum search_kind kind;
    enum search_arg arg;
    unsigned flag;      /* SEARCH_FLAG: the MAILFLAG_* bit */
    int flag_set;       /* SEARCH_FLAG: set (1) or not set (0) */
    const char *field;  /* FROM, TO ...: the header field searched */
    int negate;         /* OLD, UNKEYWORD: NOT of the node */
    int is_new;         /* NEW: RECENT and UNSEEN */
};

/* [search-keys] */
/* Every key of RFC 3501 §6.4.4, alphabetically, as the RFC lists them. */
static const struct key_def key_defs[] = {
    { "ALL",        SEARCH_ALL,        ARG_NONE,   0, 0, NULL, 0, 0 },
    { "ANSWERED",   SEARCH_FLAG,       ARG_NONE,   MAILFLAG_ANSWERED, 1, NULL, 0, 0 },
    { "BCC",        SEARCH_HEADER,     ARG_STRING, 0, 0, "Bcc", 0, 0 },
    { "BEFORE",     SEARCH_BEFORE,     ARG_DATE,   0, 0, NULL, 0, 0 },
    { "BODY",       SEARCH_BODY,       ARG_STRING, 0, 0, NULL, 0, 0 },
    { "CC",         SEARCH_HEADER,     ARG_STRING, 0, 0, "Cc", 0, 0 },
    { "DELETED",    SEARCH_FLAG,       ARG_NONE,   MAILFLAG_DELETED, 1, NULL, 0, 0 },
    { "DRAFT",      SEARCH_FLAG,       ARG_NONE,   MAILFLAG_DRAFT, 1, NULL, 0, 0 },
    { "FLAGGED",    SEARCH_FLAG,       ARG_NONE,   MAILFLAG_FLAGGED, 1, NULL, 0, 0 },
    { "FROM",       SEARCH_HEADER,     ARG_STRING, 0, 0, "From", 0, 0 },
    { "HEADER",     SEARCH_HEADER,     ARG_HEADER, 0, 0, NULL, 0, 0 },
    { "KEYWORD",    SEARCH_KEYWORD,    ARG_ATOM,   0, 0, NULL, 0, 0 },
    { "LARGER",     SEARCH_LARGER,     ARG_NUMBER, 0, 0, NULL, 0, 0 },
    { "NEW",        SEARCH_RECENT,     ARG_NONE,   0, 0, NULL, 0, 1 },
    { "NOT",        SEARCH_NOT,        ARG_KEY,    0, 0, NULL, 0, 0 },
    { "OLD",        SEARCH_RECENT,     ARG_NONE,   0, 0, NULL, 1, 0 },
    { "ON",         SEARCH_ON,         ARG_DATE,   0, 0, NULL, 0, 0 },
    { "OR",         SEARCH_OR,         ARG_KEY2,   0, 0, NULL, 0, 0 },
    { "RECENT",     SEARCH_RECENT,     ARG_NONE,   0, 0, NULL, 0, 0 },
    { "SEEN",       SEARCH_FLAG,       ARG_NONE,   MAILFLAG_SEEN, 1, NULL, 0, 0 },
    { "SENTBEFORE", SEARCH_SENTBEFORE, ARG_DATE,   0, 0, NULL, 0, 0 },
    { "SENTON",     SEARCH_SENTON,     ARG_DATE,   0, 0, NULL, 0, 0 },
    { "SENTSINCE",  SEARCH_SENTSINCE,  ARG_DATE,   0, 0, NULL, 0, 0 },
    { "SINCE",      SEARCH_SINCE,      ARG_DATE,   0, 0, NULL, 0, 0 },
    { "SMALLER",    SEARCH_SMALLER,    ARG_NUMBER, 0, 0, NULL, 0, 0 },
    { "SUBJECT",    SEARCH_HEADER,     ARG_STRING, 0, 0, "Subject", 0, 0 },
    { "TEXT",       SEARCH_TEXT,       ARG_STRING, 0, 0, NULL, 0, 0 },
    { "TO",         SEARCH_HEADER,     ARG_STRING, 0, 0, "To", 0, 0 },
    { "UID",        SEARCH_UIDSET,     ARG_SET,    0, 0, NULL, 0, 0 },
    { "UNANSWERED", SEARCH_FLAG,       ARG_NONE,   MAILFLAG_ANSWERED, 0, NULL, 0, 0 },
    { "UNDELETED",  SEARCH_FLAG,       ARG_NONE,   MAILFLAG_DELETED, 0, NULL, 0, 0 },
    { "UNDRAFT",    SEARCH_FLAG,       ARG_NONE,   MAILFLAG_DRAFT, 0, NULL, 0, 0 },
    { "UNFLAGGED",  SEARCH_FLAG,       ARG_NONE,   MAILFLAG_FLAGGED, 0, NULL, 0, 0 },
    { "UNKEYWORD",  SEARCH_KEYWORD,    ARG_ATOM,   0, 0, NULL, 1, 0 },
    { "UNSEEN",     SEARCH_FLAG,       ARG_NONE,   MAILFLAG_SEEN, 0, NULL, 0, 0 },
};
/* [search-keys] */

/* The parser's state for one command. */
struct sp {
    struct imap_parser *p;
    struct search_query *q;
    char *err;
    size_t errsz;
};

/* Set the error text; always returns -1. */
static int fail(struct sp *sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(struct sp *sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sp->err, sp->errsz, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- dates ---------------------------------------------------------------- */

int search_parse_date(const char *text, size_t len, long *day)
{
    size_t i = 0;
    int d = 0, y = 0, m;

    /* date-day = 1*2DIGIT */
    while (i < len && i < 2 && text[i] >= '0' && text[i] <= '9')
        d = d * 10 + (text[i++] - '0');
    if (i == 0 || i >= len || text[i] != '-')
        return -1;
    /* date-month = "Jan" / "Feb" / ... ; then "-" */
    if (len - i < 5 || (m = imap_month_number(text + i + 1, 3)) == 0 || text[i + 4] != '-')
        return -1;
    i += 5;
    /* date-year = 4DIGIT, and nothing after it */
    if (len - i != 4)
        return -1;
    for (; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        y = y * 10 + (text[i] - '0');
    }
    if (d < 1 || d > imap_days_in_month(y, m))
        return -1;
    *day = imap_day_number(y, m, d);
    return 0;
}

/* ---- the tree ------------------------------------------------------------ */

/* What deciding a leaf costs. */
static enum search_cost leaf_cost(enum search_kind k)
{
    switch (k) {
    case SEARCH_LARGER: case SEARCH_SMALLER:
    case SEARCH_BEFORE: case SEARCH_ON: case SEARCH_SINCE:
        return SEARCH_COST_META;
    case SEARCH_HEADER:
    case SEARCH_SENTBEFORE: case SEARCH_SENTON: case SEARCH_SENTSINCE:
        return SEARCH_COST_HEADER;
    case SEARCH_BODY: case SEARCH_TEXT:
        return SEARCH_COST_FULL;
    default:
        return SEARCH_COST_VIEW;
    }
}

/* A new zeroed node in the parser's memory, chained into the query. */
static struct search_key *node(struct sp *sp, enum search_kind kind)
{
    struct search_key *k = imap_p_alloc(sp->p, sizeof *k);
    if (k == NULL) {
        fail(sp, "Out of memory");
        return NULL;
    }
    k->kind = kind;
    k->cost = leaf_cost(kind);
    seqset_init(&k->set);
    k->chain = sp->q->nodes;
    sp->q->nodes = k;
    return k;
}

/* A one-operand node (NOT) around @a. */
static struct search_key *wrap(struct sp *sp, enum search_kind kind, struct search_key *a)
{
    struct search_key *k = node(sp, kind);
    if (k != NULL) {
        k->a = a;
        k->cost = a->cost;
    }
    return k;
}

/* [search-and-order] */
/* Make @k (an AND) own the list @first, ordered cheapest first.  The
 * sort is stable, so keys of equal cost keep the order the client wrote
 * them in; an insertion sort, because lists are short. */
static void set_and_list(struct search_key *k, struct search_key *first)
{
    struct search_key *sorted = NULL;
    k->cost = SEARCH_COST_VIEW;
    while (first != NULL) {
        struct search_key *x = first, **at = &sorted;
        first = first->next;
        while (*at != NULL && (*at)->cost <= x->cost)
            at = &(*at)->next;
        x->next = *at;
        *at = x;
        if (x->cost > k->cost)
            k->cost = x->cost;
    }
    k->a = sorted;
}
/* [search-and-order] */

/* ---- arguments ----------------------------------------------------------- */

/* [search-arg-string] */
/* `SP astring` after key @name, into *s / *len.  The string is text in
 * the CHARSET named (RFC 3501 §6.4.4), and every charset accepted here
 * is read as UTF-8 (US-ASCII is a subset of it; 8-bit octets under
 * US-ASCII are taken as UTF-8 too, for clients that forget CHARSET).  So
 * octets that are no UTF-8 (RFC 3629 §4) are "arguments invalid": BAD.
 * That is also what makes case-insensitive matching well defined: a
 * needle that began with a continuation octet would start matching in
 * the middle of a character, where the fold (search_eval.c) cannot tell
 * `Ö` from another letter -- "\x96" would not find `Ö` (C3 96) while
 * "\xb6" would.  A UTF-8 needle starts where a character starts. */
static int arg_string(struct sp *sp, const char *name, const char **s, size_t *len)
{
    struct imap_value v;
    if (imap_p_sp(sp->p) < 0)
        return fail(sp, "%s needs a string argument", name);
    if (imap_p_astring(sp->p, &v) < 0)
        return fail(sp, "%s: %s", name, sp->p->error ? sp->p->error : "expected a string");
    if (!charset_utf8_valid(v.data, v.len))
        return fail(sp, "%s: the string is not UTF-8 (RFC 3629)", name);
    *s = v.data;
    *len = v.len;
    return 0;
}
/* [search-arg-string] */

/* Make a string key's needle (search_scan.h) now, once for the whole
 * command: its table costs as much as the string is long, and a SEARCH
 * of a 64 KiB string over 100,000 messages would otherwise build it
 * 100,000 times. */
static int ready(struct sp *sp, struct search_key *k)
{
    if (search_needle_init(&k->needle, k->str, k->str_len) < 0)
        return fail(sp, "Out of memory");
    return 0;
}

static int arg_date(struct sp *sp, const char *name, long *day)
{
    struct imap_value v;
    if (imap_p_sp(sp->p) < 0 || imap_p_astring(sp->p, &v) < 0)
        return fail(sp, "%s needs a date (d-Mon-yyyy)", name);
    if (search_parse_date(v.data, v.len, day) < 0) {
        if (v.type == IMAP_V_LITERAL)   /* may hold anything: not echoed */
            return fail(sp, "%s: invalid date (expected d-Mon-yyyy, e.g. 1-Feb-2026)", name);
        return fail(sp, "%s: invalid date \"%.*s\" (expected d-Mon-yyyy, e.g. 1-Feb-2026)", name,
                    v.len > 40 ? 40 : (int)v.len, v.data);
    }
    return 0;
}

static int arg_set(struct sp *sp, const char *name, struct seqset *set)
{
    struct imap_value v;
    enum seqset_error e;
    if (imap_p_sp(sp->p) < 0 || imap_p_atom_ex(sp->p, "*", &v) < 0)
        return fail(sp, "%s needs a sequence set", name);
    if ((e = seqset_parse(v.data, v.len, set)) != SEQSET_OK)
        return fail(sp, "%s: invalid sequence set: %s", name, seqset_strerror(e));
    return 0;
}

static struct search_key *parse_key(struct sp *sp, int depth);

/* `SP search-key` after NOT or OR. */
static struct search_key *operand(struct sp *sp, const char *name, int depth)
{
    if (imap_p_sp(sp->p) < 0) {
        fail(sp, "%s needs %s", name, strcmp(name, "OR") == 0 ? "two search keys" : "a search key");
        return NULL;
    }
    return parse_key(sp, depth);
}

/* ---- keys ---------------------------------------------------------------- */

/* `(` search-key *(SP search-key) `)`: an AND. */
static struct search_key *parse_list(struct sp *sp, int depth)
{
    struct search_key *k = node(sp, SEARCH_AND), *first = NULL, **tail = &first;
    if (k == NULL)
        return NULL;
    imap_p_char(sp->p, '(');
    if (imap_p_peek(sp->p) == ')') {
        fail(sp, "Empty parenthesised list of search keys");
        return NULL;
    }
    for (;;) {
        struct search_key *x = parse_key(sp, depth + 1);
        if (x == NULL)
            return NULL;
        *tail = x;
        tail = &x->next;
        if (imap_p_peek(sp->p) == ')')
            break;
        if (imap_p_sp(sp->p) < 0) {
            fail(sp, "Expected a space or ) in a list of search keys");
            return NULL;
        }
    }
    imap_p_char(sp->p, ')');
    set_and_list(k, first);
    return k;
}

static const struct key_def *find_def(const struct imap_value *v)
{
    for (size_t i = 0; i < sizeof key_defs / sizeof key_defs[0]; i++)
        if (imap_value_is(v, key_defs[i].name))
            return &key_defs[i];
    return NULL;
}

/* [search-parse-key] */
static struct search_key *parse_key(struct sp *sp, int depth)
{
    struct imap_value v;
    const struct key_def *def;
    struct search_key *k;

    /* Every NOT, OR and `(` is one level deeper: refuse before recursing
     * further, so no input can exhaust the stack. */
    if (depth > SEARCH_DEPTH_MAX) {
        fail(sp, "Search keys nested too deeply (at most %d levels)", SEARCH_DEPTH_MAX);
        return NULL;
    }
    if (imap_p_peek(sp->p) == '(')
        return parse_list(sp, depth);
    if (imap_p_atom_ex(sp->p, "*", &v) < 0) {
        fail(sp, "Expected a search key");
        return NULL;
    }
    /* A sequence set begins with a digit or `*`; a key name never does. */
    if (v.data[0] == '*' || (v.data[0] >= '0' && v.data[0] <= '9')) {
        enum seqset_error e;
        if ((k = node(sp, SEARCH_SEQSET)) == NULL)
            return NULL;
        if ((e = seqset_parse(v.data, v.len, &k->set)) != SEQSET_OK) {
            fail(sp, "Invalid sequence set: %s", seqset_strerror(e));
            return NULL;
        }
        return k;
    }
    if ((def = find_def(&v)) == NULL) {
        fail(sp, "Unknown search key %.*s", v.len > 40 ? 40 : (int)v.len, v.data);
        return NULL;
    }
    if ((k = node(sp, def->kind)) == NULL)
        return NULL;
    k->flag = def->flag;
    k->flag_set = def->flag_set;
    switch (def->arg) {
    case ARG_NONE:
        break;
    case ARG_STRING:
        k->field = def->field;          /* FROM, TO ...; NULL for BODY, TEXT */
        if (arg_string(sp, def->name, &k->str, &k->str_len) < 0 || ready(sp, k) < 0)
            return NULL;
        break;
    case ARG_HEADER: {
        const char *name;
        size_t len;
        struct imap_value fv;
        if (arg_string(sp, def->name, &name, &len) < 0)
            return NULL;
        fv.type = IMAP_V_QUOTED;
        fv.data = name;
        fv.len = len;
        if ((k->field = imap_value_cstr(sp->p, &fv)) == NULL || len == 0) {
            fail(sp, "HEADER needs a field name");
            return NULL;
        }
        if (arg_string(sp, def->name, &k->str, &k->str_len) < 0 || ready(sp, k) < 0)
            return NULL;
        break;
    }
    case ARG_DATE:
        if (arg_date(sp, def->name, &k->day) < 0)
            return NULL;
        break;
    case ARG_NUMBER:
        if (imap_p_sp(sp->p) < 0 || imap_p_number(sp->p, &k->size) < 0) {
            fail(sp, "%s needs a number (0 to 4294967295)", def->name);
            return NULL;
        }
        break;
    case ARG_SET:
        if (arg_set(sp, def->name, &k->set) < 0)
            return NULL;
        break;
    case ARG_ATOM: {
        struct imap_value kw;
        if (imap_p_sp(sp->p) < 0 || imap_p_atom(sp->p, &kw) < 0) {
            fail(sp, "%s needs a keyword (an atom)", def->name);
            return NULL;
        }
        k->str = kw.data;
        k->str_len = kw.len;
        break;
    }
    case ARG_KEY:
        if ((k->a = operand(sp, def->name, depth + 1)) == NULL)
            return NULL;
        k->cost = k->a->cost;
        break;
    case ARG_KEY2:
        if ((k->a = operand(sp, def->name, depth + 1)) == NULL
            || (k->b = operand(sp, def->name, depth + 1)) == NULL)
            return NULL;
        if (k->b->cost < k->a->cost) {  /* the cheaper operand first */
            struct search_key *t = k->a;
            k->a = k->b;
            k->b = t;
        }
        k->cost = k->b->cost;
        break;
    }
    if (def->is_new) {                  /* NEW = (RECENT UNSEEN) */
        struct search_key *and = node(sp, SEARCH_AND), *unseen = node(sp, SEARCH_FLAG);
        if (and == NULL || unseen == NULL)
            return NULL;
        unseen->flag = MAILFLAG_SEEN;
        unseen->flag_set = 0;
        k->next = unseen;
        set_and_list(and, k);
        return and;
    }
    return def->negate ? wrap(sp, SEARCH_NOT, k) : k;
}
/* [search-parse-key] */

/* ---- the command --------------------------------------------------------- */

/* [search-charset] */
/* `CHARSET astring SP`, when present.  RFC 3501 §6.4.4: US-ASCII MUST be
 * supported; any other charset the server does not know gets
 * `NO [BADCHARSET (...)]`, not BAD: the command was well formed. */
static enum search_parse_result parse_charset(struct sp *sp)
{
    size_t start = sp->p->pos;
    struct imap_value v, cs;

    if (imap_p_atom(sp->p, &v) < 0 || !imap_value_is(&v, "CHARSET")) {
        sp->p->pos = start;             /* not CHARSET: the first key */
        return SEARCH_PARSE_OK;
    }
    if (imap_p_sp(sp->p) < 0 || imap_p_astring(sp->p, &cs) < 0) {
        fail(sp, "CHARSET needs a charset name");
        return SEARCH_PARSE_BAD;
    }
    if (cs.len == 5 && strncasecmp(cs.data, "UTF-8", 5) == 0)
        sp->q->utf8 = 1;
    else if (!(cs.len == 8 && strncasecmp(cs.data, "US-ASCII", 8) == 0))
        return SEARCH_PARSE_BADCHARSET;
    if (imap_p_sp(sp->p) < 0) {
        fail(sp, "Expected search keys after the charset");
        return SEARCH_PARSE_BAD;
    }
    return SEARCH_PARSE_OK;
}
/* [search-charset] */

enum search_parse_result search_parse(struct imap_parser *p, struct search_query *q,
                                      char *err, size_t errsz)
{
    struct sp sp = { p, q, err, errsz };
    struct search_key *first = NULL, **tail = &first;
    enum search_parse_result r;

    memset(q, 0, sizeof *q);
    if (errsz > 0)
        err[0] = '\0';
    if (imap_p_sp(p) < 0) {
        fail(&sp, "SEARCH needs at least one search key");
        return SEARCH_PARSE_BAD;
    }
    if ((r = parse_charset(&sp)) != SEARCH_PARSE_OK)
        return r;
    if ((q->root = node(&sp, SEARCH_AND)) == NULL)
        return SEARCH_PARSE_BAD;
    for (;;) {                          /* key *(SP key): an implicit AND */
        struct search_key *k = parse_key(&sp, 1);
        if (k == NULL)
            return SEARCH_PARSE_BAD;
        *tail = k;
        tail = &k->next;
        if (imap_p_at_end(p))
            break;
        if (imap_p_sp(p) < 0) {
            fail(&sp, "Expected a space between search keys");
            return SEARCH_PARSE_BAD;
        }
    }
    set_and_list(q->root, first);
    return SEARCH_PARSE_OK;
}

void search_free(struct search_query *q)
{
    for (struct search_key *k = q->nodes; k != NULL; k = k->chain) {
        seqset_free(&k->set);
        search_needle_free(&k->needle);
    }
    q->nodes = NULL;
    q->root = NULL;
}
