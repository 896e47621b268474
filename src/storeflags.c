/**
 * @file storeflags.c
 * @brief Parsing STORE's `[+-]FLAGS[.SILENT] (flags)` and applying it.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.6 (STORE), §2.3.2 (flags), §9 (formal syntax)
 *
 * Pure functions, no I/O: the STORE command (imap_store.c) calls them
 * and the unit tests feed them strings.  See storeflags.h for what is
 * accepted and why keywords are dropped rather than refused.
 */
#include "storeflags.h"

#include <string.h>
#include <strings.h>

#include "mailflags.h"

/* [store-parse-item] */
int store_parse_item(const char *item, size_t len, enum store_op *op, int *silent)
{
    *op = STORE_REPLACE;
    *silent = 0;
    if (len > 0 && (item[0] == '+' || item[0] == '-')) {
        *op = item[0] == '+' ? STORE_ADD : STORE_REMOVE;
        item++;
        len--;
    }
    if (len == 12 && strncasecmp(item, "FLAGS.SILENT", 12) == 0)
        *silent = 1;
    else if (!(len == 5 && strncasecmp(item, "FLAGS", 5) == 0))
        return -1;
    return 0;
}
/* [store-parse-item] */

/* [store-parse-flag] */
int store_parse_flag(const char *name, size_t len, unsigned *bit)
{
    size_t start = len > 0 && name[0] == '\\' ? 1 : 0;

    *bit = 0;
    if (len == start)
        return -1;                      /* "" or a lone backslash */
    /* After the optional backslash, an atom: no specials, no second
     * backslash (RFC 3501 §9: flag-keyword = atom, flag-extension =
     * "\" atom). */
    for (size_t i = start; i < len; i++)
        if (!imap_is_atom_char((unsigned char)name[i]))
            return -1;
    if (start == 0)
        return 0;                       /* a keyword: valid, not storable */
    *bit = mailflags_parse_imap(name, len);
    if (*bit != 0)
        return 0;                       /* one of the five system flags */
    if (len == 7 && strncasecmp(name, "\\Recent", 7) == 0)
        return 0;                       /* the server's own, ignored */
    return -1;                          /* \Foo: no such system flag */
}
/* [store-parse-flag] */

/* One flag at the cursor: an optional backslash, then an atom. */
static int parse_one(struct imap_parser *p, struct store_request *req)
{
    size_t start = p->pos;
    struct imap_value v;
    unsigned bit;

    if (imap_p_peek(p) == '\\')
        p->pos++;
    if (imap_p_atom(p, &v) < 0) {
        p->pos = start;
        p->error = "Invalid flag";
        return -1;
    }
    if (store_parse_flag(p->buf + start, p->pos - start, &bit) < 0) {
        p->pos = start;
        p->error = "Invalid flag";
        return -1;
    }
    if (bit == 0)
        req->ignored++;
    req->flags |= bit;
    return 0;
}

/* [store-parse-request] */
int store_parse_request(struct imap_parser *p, struct store_request *req)
{
    struct imap_value item;

    memset(req, 0, sizeof *req);
    if (imap_p_sp(p) < 0 || imap_p_atom_ex(p, "+-", &item) < 0)
        return -1;
    if (store_parse_item(item.data, item.len, &req->op, &req->silent) < 0) {
        p->error = "Expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT)";
        return -1;
    }
    if (imap_p_sp(p) < 0)
        return -1;
    if (imap_p_peek(p) == '(') {
        /* flag-list = "(" [flag *(SP flag)] ")" -- "()" clears all flags. */
        p->pos++;
        if (imap_p_peek(p) != ')') {
            for (;;) {
                if (parse_one(p, req) < 0)
                    return -1;
                if (imap_p_peek(p) != ' ')
                    break;
                p->pos++;
            }
        }
        if (imap_p_char(p, ')') < 0)
            return -1;
    } else {
        /* flag *(SP flag): the same without parentheses. */
        for (;;) {
            if (parse_one(p, req) < 0)
                return -1;
            if (imap_p_peek(p) != ' ')
                break;
            p->pos++;
        }
    }
    return imap_p_end(p);
}
/* [store-parse-request] */

unsigned store_apply(enum store_op op, unsigned old, unsigned flags)
{
    switch (op) {
    case STORE_ADD:
        return old | flags;
    case STORE_REMOVE:
        return old & ~flags;
    case STORE_REPLACE:
    default:
        return flags;
    }
}
