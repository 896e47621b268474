/**
 * @file seqset.c
 * @brief IMAP sequence sets and UID sets: the parser, matching with `*`,
 *        building and writing sets.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §9 (sequence-set), §6.4.8 (UID ranges); RFC 4315 §4
 *
 * The parser walks the text once, element by element; each element is one
 * or two seq-numbers.  Nothing is expanded: a range stays two numbers, and
 * the question "is message N in the set?" is answered by looking at every
 * element (seqset_contains()).  Sets on real command lines have a handful
 * of elements, so the linear scan is cheaper than anything cleverer, and
 * the memory a set uses grows with the length of the command line (which
 * chapter 8 limits), never with the numbers in it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "seqset.h"

#include <stdio.h>
#include <stdlib.h>

void seqset_init(struct seqset *set)
{
    set->r = NULL;
    set->n = 0;
    set->cap = 0;
}

void seqset_free(struct seqset *set)
{
    free(set->r);
    seqset_init(set);
}

/* Append one element as written (no joining). */
static int push(struct seqset *set, uint32_t lo, uint32_t hi)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        struct seqrange *r = realloc(set->r, cap * sizeof *r);
        if (r == NULL)
            return -1;
        set->r = r;
        set->cap = cap;
    }
    set->r[set->n].lo = lo;
    set->r[set->n].hi = hi;
    set->n++;
    return 0;
}

/* One seq-number at text[*i]: "*" or an nz-number.  Leading zeros are
 * refused: nz-number starts with digit-nz, so "01" is not a number. */
static enum seqset_error number(const char *text, size_t len, size_t *i, uint32_t *out)
{
    if (*i < len && text[*i] == '*') {
        (*i)++;
        *out = SEQSET_STAR;
        return SEQSET_OK;
    }
    if (*i >= len || text[*i] < '0' || text[*i] > '9')
        return (*i >= len || text[*i] == ',') ? SEQSET_EMPTY : SEQSET_SYNTAX;
    if (text[*i] == '0')
        return SEQSET_ZERO;
    uint64_t v = 0;
    while (*i < len && text[*i] >= '0' && text[*i] <= '9') {
        v = v * 10 + (uint64_t)(text[*i] - '0');
        if (v > UINT32_MAX)
            return SEQSET_TOO_BIG;   /* stops before v can overflow */
        (*i)++;
    }
    *out = (uint32_t)v;
    return SEQSET_OK;
}

/* [seqset-parse] */
enum seqset_error seqset_parse(const char *text, size_t len, struct seqset *set)
{
    seqset_init(set);
    size_t i = 0;
    enum seqset_error e;
    if (len == 0)
        return SEQSET_EMPTY;
    for (;;) {
        uint32_t lo, hi;
        if ((e = number(text, len, &i, &lo)) != SEQSET_OK)
            goto fail;
        hi = lo;
        if (i < len && text[i] == ':') {
            i++;
            if (i >= len || text[i] == ',') {
                e = SEQSET_SYNTAX;           /* "1:" */
                goto fail;
            }
            if ((e = number(text, len, &i, &hi)) != SEQSET_OK)
                goto fail;
        }
        if (push(set, lo, hi) < 0) {
            e = SEQSET_NOMEM;
            goto fail;
        }
        if (i == len)
            return SEQSET_OK;
        if (text[i] != ',') {
            e = SEQSET_SYNTAX;               /* "1:2:3", "1x" */
            goto fail;
        }
        i++;
    }
fail:
    seqset_free(set);
    return e;
}
/* [seqset-parse] */

const char *seqset_strerror(enum seqset_error e)
{
    switch (e) {
    case SEQSET_OK: return "no error";
    case SEQSET_EMPTY: return "empty element in sequence set";
    case SEQSET_ZERO: return "0 is not a valid message number";
    case SEQSET_TOO_BIG: return "number too large in sequence set";
    case SEQSET_SYNTAX: return "invalid sequence set";
    case SEQSET_NOMEM: return "out of memory";
    }
    return "invalid sequence set";
}

/* [seqset-contains] */
int seqset_contains(const struct seqset *set, uint32_t num, uint32_t star)
{
    if (num == 0)
        return 0;
    for (size_t k = 0; k < set->n; k++) {
        /* `*` takes its value now; then the range is put in order, so
         * "4:2", "2:4" and "*:2" with star == 4 are all 2..4. */
        uint32_t lo = set->r[k].lo == SEQSET_STAR ? star : set->r[k].lo;
        uint32_t hi = set->r[k].hi == SEQSET_STAR ? star : set->r[k].hi;
        if (lo > hi) {
            uint32_t t = lo;
            lo = hi;
            hi = t;
        }
        if (num >= lo && num <= hi)
            return 1;
    }
    return 0;
}
/* [seqset-contains] */

uint32_t seqset_max(const struct seqset *set, uint32_t star)
{
    uint32_t m = 0;
    for (size_t k = 0; k < set->n; k++) {
        uint32_t lo = set->r[k].lo == SEQSET_STAR ? star : set->r[k].lo;
        uint32_t hi = set->r[k].hi == SEQSET_STAR ? star : set->r[k].hi;
        if (lo > m)
            m = lo;
        if (hi > m)
            m = hi;
    }
    return m;
}

int seqset_add(struct seqset *set, uint32_t lo, uint32_t hi)
{
    if (set->n > 0) {
        struct seqrange *last = &set->r[set->n - 1];
        if (last->lo != SEQSET_STAR && last->hi != SEQSET_STAR && last->lo <= last->hi
            && lo >= last->lo && lo <= (uint64_t)last->hi + 1) {
            if (hi > last->hi)
                last->hi = hi;
            return 0;
        }
    }
    return push(set, lo, hi);
}

/* Write one seq-number. */
static int put_number(char *buf, size_t size, size_t off, uint32_t v)
{
    char *p = off < size ? buf + off : NULL;
    size_t room = off < size ? size - off : 0;
    if (v == SEQSET_STAR)
        return snprintf(p, room, "*");
    return snprintf(p, room, "%lu", (unsigned long)v);
}

size_t seqset_format(const struct seqset *set, char *buf, size_t size)
{
    size_t off = 0;
    if (size > 0)
        buf[0] = '\0';
    for (size_t k = 0; k < set->n; k++) {
        if (k > 0) {
            if (off + 1 < size) {
                buf[off] = ',';
                buf[off + 1] = '\0';
            }
            off++;
        }
        off += (size_t)put_number(buf, size, off, set->r[k].lo);
        if (set->r[k].hi != set->r[k].lo) {
            if (off + 1 < size) {
                buf[off] = ':';
                buf[off + 1] = '\0';
            }
            off++;
            off += (size_t)put_number(buf, size, off, set->r[k].hi);
        }
    }
    return off;
}
