/**
 * @file search_eval.c
 * @brief Matching one message against a search tree.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (search keys), §2.3.3 (INTERNALDATE), §2.3.4
 *      (RFC822.SIZE); RFC 5322 §3.3 (date-time), §4.3 (obsolete dates),
 *      §2.2.3 (unfolding); RFC 2047 (encoded words in header keys)
 *
 * search_match() is one switch over the kinds of node.  The leaves ask
 * the view (flags, numbers) or a callback (size, date, header, message);
 * NOT, OR and AND combine their operands' answers in three-valued logic
 * (search_eval.h).  AND stops at the first operand that says no, OR at
 * the first that says yes -- and since the parser put the cheap operands
 * first, the expensive ones are often never asked.
 *
 * The header keys use chapter 10's header access (message_parse.h):
 * msg_next_field() walks the fields, msg_field_is() compares names; an
 * rfc2047 reader (rfc2047.h) unfolds a value and turns its encoded words
 * into UTF-8 a piece at a time, in fixed memory, counting octets (a value
 * may hold a NUL).  Nothing here parses a header by hand.  BODY and
 * TEXT hand the message to search_text_find(), which walks its MIME
 * parts and decodes the text ones.  Either way the string is found by
 * search_scan() (search_scan.h), with the needle the parser made ready
 * once for the whole command.
 */
#include "search_eval.h"

#include <stdlib.h>
#include <string.h>

#include "imap_date.h"
#include "mailflags.h"
#include "message_parse.h"
#include "rfc2047.h"
#include "search_text.h"

/* Skip spaces, tabs and line ends (an unfolded value has none of the
 * latter, but a hand-written test may). */
static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

/* Read 1..maxd digits into *n; the position after them, or NULL. */
static const char *digits(const char *s, int maxd, int *n, int *count)
{
    int d = 0;
    *n = 0;
    while (*s >= '0' && *s <= '9' && d < maxd) {
        *n = *n * 10 + (*s++ - '0');
        d++;
    }
    if (count != NULL)
        *count = d;
    return d > 0 ? s : NULL;
}

int search_sent_day(const char *value, long *day)
{
    const char *s = skip_ws(value);
    int d, y, m, ndig;

    /* [ day-of-week "," ] */
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
        const char *comma = strchr(s, ',');
        if (comma == NULL)
            return -1;
        s = skip_ws(comma + 1);
    }
    /* day month year */
    if ((s = digits(s, 2, &d, NULL)) == NULL)
        return -1;
    s = skip_ws(s);
    if ((m = imap_month_number(s, strlen(s) >= 3 ? 3 : strlen(s))) == 0)
        return -1;
    s = skip_ws(s + 3);
    if ((s = digits(s, 4, &y, &ndig)) == NULL || ndig < 2)
        return -1;
    if (ndig == 2)                      /* RFC 5322 §4.3: obs-year */
        y += y < 50 ? 2000 : 1900;
    else if (ndig == 3)
        y += 1900;
    /* A day the month does not have (31 Feb) is no date: the day number
     * would run on into the next month, and SENTON 3-Mar would find it. */
    if (d < 1 || d > imap_days_in_month(y, m))
        return -1;
    *day = imap_day_number(y, m, d);
    return 0;
}

/* The calendar day (UTC) of a time: floor(t / 86400). */
static long utc_day(time_t t)
{
    long long secs = (long long)t;
    return (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
}

/* A header field's value being read: the rfc2047 reader and the buffer
 * its pieces go to. */
struct field_reader {
    struct rfc2047_reader reader;
    char text[RFC2047_READ_MIN];
};

/* Yes or no, as an enum search_match. */
static enum search_match yes_if(int cond)
{
    return cond ? SEARCH_YES : SEARCH_NO;
}

/* [search-field] */
/* Does one field's value contain the needle?  RFC 3501 §6.4.4 matches
 * the value as the reader sees it: unfolded (RFC 5322 §2.2.3: its line
 * ends removed), trimmed, its encoded words decoded (RFC 2047).  The
 * rfc2047 reader does all three as it reads, a piece at a time: a single
 * field may be hundreds of MiB (one giant folded Subject), and an
 * unfolded copy plus a decoded one would cost four times that at once.
 * It counts octets, so a NUL in the value (RFC 5322 §2.2 forbids it,
 * broken mailers write it) hides nothing after it
 * (test-search-eval's nul_in_a_header_value). */
static int field_contains(const struct msg_field *f, const struct search_needle *needle,
                          struct field_reader *fr)
{
    struct search_scan scan = { 0, 0, 0 };  /* each field on its own */
    size_t n;

    if (needle->len == 0)
        return 1;                       /* "" asks only that the field exist */
    rfc2047_reader_init(&fr->reader, f->value, f->value_len, 1);
    while ((n = rfc2047_read(&fr->reader, fr->text, sizeof fr->text)) > 0)
        if (search_scan(needle, &scan, fr->text, n))
            return 1;
    return 0;
}
/* [search-field] */

/* [search-header] */
/* HEADER field string: any field of that name whose value contains the
 * string (RFC 3501 §6.4.4).  The header comes from chapter 10's field
 * walker; the reader and its buffer, a few KiB, from the heap (a search
 * runs deep in the session's stack), once per key and message. */
static enum search_match match_header(const struct search_key *k,
                                      const struct search_source *src)
{
    const char *hdr;
    size_t len, pos = 0;
    struct msg_field f;
    struct field_reader *fr;
    enum search_match r = SEARCH_NO;

    if (src->header(src->arg, &hdr, &len) < 0)
        return SEARCH_UNKNOWN;
    if ((fr = malloc(sizeof *fr)) == NULL)
        return SEARCH_UNKNOWN;
    while (r == SEARCH_NO && msg_next_field(hdr, len, &pos, &f))
        if (msg_field_is(&f, k->field) && field_contains(&f, &k->needle, fr))
            r = SEARCH_YES;
    free(fr);
    return r;
}
/* [search-header] */

/* [search-date-prefix] */
/* What search_sent_day() can read of a Date: value, in at most outsz - 1
 * octets, for the same answer.  It reads the value msg_unfold() makes: CR
 * and LF removed (RFC 5322 §2.2.3), a C string -- it ends at a NUL.  It
 * skips any run of blanks, so one blank stands for each run; after a
 * day-of-week it skips to the comma, so that part goes; and then it reads
 * a dozen octets.  A hostile Date: of 100 MiB would otherwise be copied
 * whole. */
static void date_prefix(const struct msg_field *f, char *out, size_t outsz)
{
    enum { FIRST, TO_COMMA, COPY } state = FIRST;
    size_t o = 0;

    for (size_t i = 0; i < f->value_len && o + 1 < outsz; i++) {
        char c = f->value[i];
        if (c == '\r' || c == '\n')
            continue;                   /* unfolding */
        if (c == '\0')
            break;                      /* where msg_unfold()'s string ends */
        if (state == TO_COMMA) {
            if (c == ',') {
                out[o++] = ',';
                state = COPY;
            }
        } else if (c == ' ' || c == '\t') {
            if (o == 0 || out[o - 1] != ' ')
                out[o++] = ' ';
        } else {
            int letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            out[o++] = c;
            state = state == FIRST && letter ? TO_COMMA : COPY;
        }
    }
    out[o] = '\0';
}
/* [search-date-prefix] */

/* SENTBEFORE, SENTON, SENTSINCE: compare the first Date: field's day. */
static enum search_match match_sent(const struct search_key *k,
                                    const struct search_source *src)
{
    const char *hdr;
    size_t len, pos = 0;
    struct msg_field f;
    char date[64];
    int found = 0;
    long day;

    if (src->header(src->arg, &hdr, &len) < 0)
        return SEARCH_UNKNOWN;
    while (!found && msg_next_field(hdr, len, &pos, &f))
        if ((found = msg_field_is(&f, "Date")))
            date_prefix(&f, date, sizeof date);
    if (!found || search_sent_day(date, &day) < 0)
        return SEARCH_NO;               /* no readable Date: matches no SENT* key */
    if (k->kind == SEARCH_SENTBEFORE)
        return yes_if(day < k->day);
    if (k->kind == SEARCH_SENTON)
        return yes_if(day == k->day);
    return yes_if(day >= k->day);
}

/* [search-match] */
enum search_match search_match(const struct search_key *k, const struct search_msg *m,
                               const struct search_source *src)
{
    enum search_match r, r2;
    const char *msg;
    size_t len, body;
    int found;
    uint64_t size;
    time_t t;

    switch (k->kind) {
    case SEARCH_ALL:
        return SEARCH_YES;
    case SEARCH_SEQSET:                 /* `*` is the last sequence number */
        return yes_if(seqset_contains(&k->set, m->seq, m->count));
    case SEARCH_UIDSET:                 /* ... or the highest UID */
        return yes_if(seqset_contains(&k->set, m->uid, m->max_uid));
    case SEARCH_FLAG:
        return yes_if(((m->flags & k->flag) != 0) == (k->flag_set != 0));
    case SEARCH_RECENT:
        return yes_if(m->recent);
    case SEARCH_KEYWORD:                /* no keywords are stored (PERMANENTFLAGS) */
        return SEARCH_NO;
    case SEARCH_LARGER:
    case SEARCH_SMALLER:
        if (src->size(src->arg, &size) < 0)
            return SEARCH_UNKNOWN;
        return yes_if(k->kind == SEARCH_LARGER ? size > k->size : size < k->size);
    case SEARCH_BEFORE:
    case SEARCH_ON:
    case SEARCH_SINCE:
        if (src->internaldate(src->arg, &t) < 0)
            return SEARCH_UNKNOWN;
        if (k->kind == SEARCH_BEFORE)
            return yes_if(utc_day(t) < k->day);
        if (k->kind == SEARCH_ON)
            return yes_if(utc_day(t) == k->day);
        return yes_if(utc_day(t) >= k->day);
    case SEARCH_HEADER:
        return match_header(k, src);
    case SEARCH_SENTBEFORE:
    case SEARCH_SENTON:
    case SEARCH_SENTSINCE:
        return match_sent(k, src);
    case SEARCH_BODY:
    case SEARCH_TEXT:
        /* The text the reader sees: decoded text parts (search_text.h). */
        if (src->message(src->arg, &msg, &len, &body) < 0)
            return SEARCH_UNKNOWN;
        found = search_text_find(msg, len, k->kind == SEARCH_TEXT, &k->needle);
        return found < 0 ? SEARCH_UNKNOWN : yes_if(found);
    case SEARCH_NOT:
        r = search_match(k->a, m, src);
        return r == SEARCH_UNKNOWN ? r : yes_if(r == SEARCH_NO);
    case SEARCH_OR:                     /* yes wins; then unknown; then no */
        if ((r = search_match(k->a, m, src)) == SEARCH_YES)
            return r;
        r2 = search_match(k->b, m, src);
        return r2 == SEARCH_YES ? r2 : (r == SEARCH_UNKNOWN ? r : r2);
    case SEARCH_AND:                    /* no wins; then unknown; then yes */
        r = SEARCH_YES;
        for (const struct search_key *x = k->a; x != NULL; x = x->next) {
            if ((r2 = search_match(x, m, src)) == SEARCH_NO)
                return r2;
            if (r2 == SEARCH_UNKNOWN)
                r = r2;
        }
        return r;
    }
    return SEARCH_NO;
}
/* [search-match] */
