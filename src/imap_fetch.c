/**
 * @file imap_fetch.c
 * @brief FETCH and UID FETCH: parsing fetch attributes and sections,
 *        reading a message, answering with `* n FETCH (...)`.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §6.4.5 (FETCH), §6.4.8 (UID FETCH), §7.4.2 (FETCH
 *      response), §6.4.5 (\\Seen on BODY[], BODY.PEEK), §7.4.1 (no
 *      EXPUNGE during FETCH), §9 (fetch-att, section, section-spec)
 *
 * A FETCH names messages (a sequence set, seqset.h) and what to send of
 * each (fetch attributes).  This file parses the attributes into a list of
 * struct fetch_item, then for each message in the set reads the file once
 * -- only as much of it as the items need: nothing for FLAGS and UID, a
 * stat(2) for INTERNALDATE, nothing for RFC822.SIZE when the name has
 * `,W=`, the header alone for ENVELOPE and header sections -- and
 * turns it into the CRLF form the client sees (msg_to_crlf()), parses its
 * MIME tree when an item needs it (mime_parse()) and writes one
 * `* n FETCH (...)` line -- a line that may carry literals, so "line" means
 * "response": each literal is `{size}` CRLF and the octets.
 *
 * Two rules cost the most care.  RFC822.SIZE must equal the size of what
 * BODY[] sends, CRLF counted: both come from the same CRLF buffer, or
 * from `,W=`, which chapter 5 computes with the same rule.  And a
 * BODY[...] fetch (not BODY.PEEK, not RFC822.HEADER) sets \\Seen; the
 * change goes to disk (mailbox_set_flags(), a rename) before the response
 * is written, and the response then carries FLAGS, as RFC 3501 §6.4.5
 * asks, even when the client did not ask for it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "mailbox.h"
#include "mailflags.h"
#include "message_parse.h"
#include "mime.h"
#include "seqset.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/** Most items in one FETCH (a client asking for more gets BAD). */
#define FETCH_ITEMS_MAX 64
/** Most part numbers in one section (`1.2.3...`). */
#define FETCH_PART_DEPTH 32
/** Most header names in one HEADER.FIELDS list. */
#define FETCH_FIELDS_MAX 64
/** Largest message FETCH reads into memory. */
#define FETCH_MESSAGE_MAX (256UL * 1024 * 1024)

/** What a fetch attribute asks for. */
enum fetch_kind {
    F_FLAGS, F_UID, F_INTERNALDATE, F_SIZE, F_ENVELOPE, F_BODY, F_BODYSTRUCTURE,
    F_SECTION /* BODY[...], BODY.PEEK[...], RFC822, RFC822.HEADER, RFC822.TEXT */
};

/** Which text of a part a section names. */
enum fetch_text { T_ALL, T_HEADER, T_FIELDS, T_FIELDS_NOT, T_TEXT, T_MIME };

/** One parsed fetch attribute. */
struct fetch_item {
    enum fetch_kind kind;                 /**< what */
    int sets_seen;                        /**< a non-PEEK body fetch */
    const char *label;                    /**< RFC822 / RFC822.HEADER / RFC822.TEXT, else NULL */
    unsigned long part[FETCH_PART_DEPTH]; /**< section part numbers */
    size_t nparts;                        /**< how many */
    enum fetch_text text;                 /**< which text */
    char *fields[FETCH_FIELDS_MAX];       /**< HEADER.FIELDS names (parser memory) */
    size_t nfields;                       /**< how many */
    int partial;                          /**< `<origin.count>` given */
    uint32_t origin, count;               /**< the partial range */
};

/** A parsed FETCH request. */
struct fetch_req {
    struct fetch_item items[FETCH_ITEMS_MAX]; /**< the attributes, in order */
    size_t n;                                 /**< how many */
    int need_text;                            /**< some item needs text past the header */
    int need_header;                          /**< some item needs the header (only) */
    int need_size;                            /**< RFC822.SIZE was asked for */
    int need_time;                            /**< INTERNALDATE was asked for */
    int need_mime;                            /**< some item needs the MIME tree */
    int sets_seen;                            /**< some item sets \\Seen */
    int has_flags;                            /**< FLAGS was asked for */
};

/* ---- parsing --------------------------------------------------------- */

/* A run of letters, digits and dots at the cursor ("BODY.PEEK",
 * "RFC822.SIZE", "HEADER.FIELDS.NOT"), upper-cased into @p out. */
static size_t name_at(struct imap_parser *p, char *out, size_t outsz)
{
    size_t n = 0;
    while (p->pos < p->len && n + 1 < outsz
           && (isalnum((unsigned char)p->buf[p->pos]) || p->buf[p->pos] == '.'))
        out[n++] = (char)toupper((unsigned char)p->buf[p->pos++]);
    out[n] = '\0';
    return n;
}

/* section = "[" [section-spec] "]" (the '[' already read). */
static int parse_section(struct imap_parser *p, struct fetch_item *it)
{
    char word[32];
    it->text = T_ALL;
    /* section-part: nz-number *("." nz-number) */
    while (p->pos < p->len && isdigit((unsigned char)p->buf[p->pos])) {
        uint32_t n;
        if (imap_p_number(p, &n) < 0 || n == 0 || it->nparts == FETCH_PART_DEPTH) {
            p->error = "Invalid part number in section";
            return -1;
        }
        it->part[it->nparts++] = n;
        if (p->pos < p->len && p->buf[p->pos] == '.') {
            p->pos++;
            if (p->pos < p->len && isdigit((unsigned char)p->buf[p->pos]))
                continue;
            if (p->pos >= p->len || !isalpha((unsigned char)p->buf[p->pos])) {
                p->error = "Invalid section";
                return -1;
            }
        }
        break;
    }
    if (p->pos < p->len && isalpha((unsigned char)p->buf[p->pos])) {
        name_at(p, word, sizeof word);
        if (strcmp(word, "HEADER") == 0)
            it->text = T_HEADER;
        else if (strcmp(word, "HEADER.FIELDS") == 0)
            it->text = T_FIELDS;
        else if (strcmp(word, "HEADER.FIELDS.NOT") == 0)
            it->text = T_FIELDS_NOT;
        else if (strcmp(word, "TEXT") == 0)
            it->text = T_TEXT;
        else if (strcmp(word, "MIME") == 0 && it->nparts > 0)
            it->text = T_MIME;               /* MIME needs a part number */
        else {
            p->error = "Invalid section text";
            return -1;
        }
    }
    if (it->text == T_FIELDS || it->text == T_FIELDS_NOT) {
        /* SP "(" header-fld-name *(SP header-fld-name) ")" */
        if (imap_p_sp(p) < 0 || imap_p_char(p, '(') < 0) {
            p->error = "Expected a list of header field names";
            return -1;
        }
        for (;;) {
            struct imap_value v;
            if (it->nfields == FETCH_FIELDS_MAX || imap_p_astring(p, &v) < 0) {
                p->error = "Invalid header field name list";
                return -1;
            }
            it->fields[it->nfields] = imap_value_cstr(p, &v);
            if (it->fields[it->nfields] == NULL)
                return -1;
            it->nfields++;
            if (imap_p_char(p, ')') == 0)
                break;
            if (imap_p_sp(p) < 0) {
                p->error = "Invalid header field name list";
                return -1;
            }
        }
    }
    if (imap_p_char(p, ']') < 0) {
        p->error = "Expected ] after section";
        return -1;
    }
    /* partial: "<" number "." nz-number ">" */
    if (p->pos < p->len && p->buf[p->pos] == '<') {
        p->pos++;
        if (imap_p_number(p, &it->origin) < 0 || imap_p_char(p, '.') < 0
            || imap_p_number(p, &it->count) < 0 || it->count == 0
            || imap_p_char(p, '>') < 0) {
            p->error = "Invalid partial <origin.count>";
            return -1;
        }
        it->partial = 1;
    }
    return 0;
}

/* Add an item; macros add several. */
static struct fetch_item *add_item(struct fetch_req *r, enum fetch_kind k)
{
    if (r->n == FETCH_ITEMS_MAX)
        return NULL;
    struct fetch_item *it = &r->items[r->n++];
    memset(it, 0, sizeof *it);
    it->kind = k;
    if (k == F_FLAGS)
        r->has_flags = 1;
    return it;
}

/* [fetch-parse-att] */
/* One fetch-att at the cursor. */
static int parse_att(struct imap_parser *p, struct fetch_req *r, int macros_ok)
{
    char word[32];
    struct fetch_item *it;
    if (name_at(p, word, sizeof word) == 0) {
        p->error = "Expected a fetch attribute";
        return -1;
    }
    static const struct { const char *name; enum fetch_kind k; } simple[] = {
        {"FLAGS", F_FLAGS}, {"UID", F_UID}, {"INTERNALDATE", F_INTERNALDATE},
        {"RFC822.SIZE", F_SIZE}, {"ENVELOPE", F_ENVELOPE},
        {"BODYSTRUCTURE", F_BODYSTRUCTURE},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (strcmp(word, simple[i].name) == 0)
            return add_item(r, simple[i].k) ? 0 : -1;
    if (macros_ok && (strcmp(word, "ALL") == 0 || strcmp(word, "FAST") == 0
                      || strcmp(word, "FULL") == 0)) {
        /* RFC 3501 §6.4.5: FAST = (FLAGS INTERNALDATE RFC822.SIZE),
         * ALL = FAST + ENVELOPE, FULL = ALL + BODY */
        int ok = add_item(r, F_FLAGS) && add_item(r, F_INTERNALDATE) && add_item(r, F_SIZE);
        if (word[1] != 'A')
            ok = ok && add_item(r, F_ENVELOPE);
        if (word[1] == 'U')
            ok = ok && add_item(r, F_BODY);
        return ok ? 0 : -1;
    }
    if (strcmp(word, "RFC822") == 0 || strcmp(word, "RFC822.HEADER") == 0
        || strcmp(word, "RFC822.TEXT") == 0) {
        if ((it = add_item(r, F_SECTION)) == NULL)
            return -1;
        it->label = word[6] == '\0' ? "RFC822" : word[7] == 'H' ? "RFC822.HEADER" : "RFC822.TEXT";
        it->text = word[6] == '\0' ? T_ALL : word[7] == 'H' ? T_HEADER : T_TEXT;
        it->sets_seen = it->text != T_HEADER;  /* RFC822.HEADER is a peek */
        return 0;
    }
    int peek = strcmp(word, "BODY.PEEK") == 0;
    if (strcmp(word, "BODY") == 0 || peek) {
        if (p->pos < p->len && p->buf[p->pos] == '[') {
            p->pos++;
            if ((it = add_item(r, F_SECTION)) == NULL)
                return -1;
            it->sets_seen = !peek;
            return parse_section(p, it);
        }
        if (!peek)
            return add_item(r, F_BODY) ? 0 : -1;
    }
    p->error = "Unknown fetch attribute";
    return -1;
}
/* [fetch-parse-att] */

static int parse_request(struct imap_parser *p, struct fetch_req *r)
{
    memset(r, 0, sizeof *r);
    if (imap_p_sp(p) < 0)
        return -1;
    if (p->pos < p->len && p->buf[p->pos] == '(') {
        p->pos++;
        for (;;) {
            if (parse_att(p, r, 0) < 0)
                goto fail;
            if (imap_p_char(p, ')') == 0)
                break;
            if (imap_p_sp(p) < 0)
                goto fail;
        }
    } else if (parse_att(p, r, 1) < 0) {
        goto fail;
    }
    if (imap_p_end(p) < 0)
        return -1;
    /* [fetch-needs] */
    /* What the items need from the disk, least first: FLAGS and UID are
     * in the view (chapter 9 read them from the file names); INTERNALDATE
     * is the file's time, one stat(2); RFC822.SIZE is in the name when it
     * has `,W=`; ENVELOPE and the top-level header sections need the file
     * only up to the empty line; everything else needs all of it. */
    for (size_t i = 0; i < r->n; i++) {
        const struct fetch_item *it = &r->items[i];
        enum fetch_kind k = it->kind;
        if (k == F_SIZE)
            r->need_size = 1;
        else if (k == F_INTERNALDATE)
            r->need_time = 1;
        else if (k == F_ENVELOPE
                 || (k == F_SECTION && it->nparts == 0
                     && (it->text == T_HEADER || it->text == T_FIELDS
                         || it->text == T_FIELDS_NOT)))
            r->need_header = 1;
        else if (k == F_SECTION || k == F_BODY || k == F_BODYSTRUCTURE)
            r->need_text = 1;
        if (k == F_BODY || k == F_BODYSTRUCTURE
            || (k == F_SECTION && r->items[i].nparts > 0))
            r->need_mime = 1;
        if (r->items[i].sets_seen)
            r->sets_seen = 1;
    }
    /* [fetch-needs] */
    return 0;
fail:
    if (r->n == FETCH_ITEMS_MAX)
        p->error = "Too many fetch attributes";
    else if (p->error == NULL)
        p->error = "Invalid fetch attribute list";
    return -1;
}

/* ---- one message --------------------------------------------------------- */

/* [fetch-header-end] */
/* Where the header ends in a file as it is on disk (LF or CRLF lines):
 * just past the first empty line ("\n" or "\r\n" at a line start), or 0
 * when [0, len) holds none yet.  @p from is where the previous call
 * stopped, so that reading in pieces scans each octet about once.  The
 * line structure is the one msg_to_crlf() keeps, so the CRLF form of
 * these octets ends exactly at msg_header_len()'s boundary. */
static size_t raw_header_end(const char *raw, size_t len, size_t from)
{
    for (size_t i = from; i < len; i++) {
        if (i > 0 && raw[i - 1] != '\n')
            continue;                        /* not a line start */
        if (raw[i] == '\n')
            return i + 1;
        if (raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n')
            return i + 2;
    }
    return 0;
}
/* [fetch-header-end] */

/* Read a message file, all of it or (@p header_only) up to the end of its
 * header; NULL with errno set on failure.  The buffer is sized by
 * fstat(2), but a header-only read stops at the empty line, so the
 * attachments of a 10 MB message are never read for an ENVELOPE. */
static char *read_file(const char *path, int header_only, size_t *len, time_t *mtime)
{
    /* A piece: big enough for almost every header in one read(2). */
    const size_t piece = 16384;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) < 0 || (unsigned long long)st.st_size > FETCH_MESSAGE_MAX) {
        if (errno == 0)
            errno = EFBIG;
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size, got = 0, end = 0;
    char *buf = malloc(size + 1);
    while (buf && got < size && end == 0) {
        size_t want = size - got;
        if (header_only && want > piece)
            want = piece;
        ssize_t n = read(fd, buf + got, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size_t scanned = got > 0 ? got - 1 : 0; /* "\r" may end a piece */
        got += (size_t)n;
        if (header_only)
            end = raw_header_end(buf, got, scanned);
    }
    close(fd);
    if (buf == NULL)
        return NULL;
    *len = end ? end : got;
    *mtime = st.st_mtime;
    return buf;
}

/* The header fields of [hdr, hdr+len) whose names are (or, for .NOT, are
 * not) in the item's list, then the empty line: HEADER.FIELDS. */
static int w_fields(struct imap_out *w, const struct fetch_item *it, const char *hdr,
                    size_t len, size_t *out_len, char **out)
{
    char *buf = malloc(len + 3);
    size_t n = 0, pos = 0;
    struct msg_field f;
    (void)w;
    if (buf == NULL)
        return -1;
    while (msg_next_field(hdr, len, &pos, &f)) {
        int listed = 0;
        for (size_t i = 0; i < it->nfields && !listed; i++)
            listed = msg_field_is(&f, it->fields[i]);
        if (listed == (it->text == T_FIELDS)) {
            memcpy(buf + n, f.raw, f.raw_len);
            n += f.raw_len;
        }
    }
    memcpy(buf + n, "\r\n", 2);
    n += 2;
    *out = buf;
    *out_len = n;
    return 0;
}

/* The response name of a section item: BODY[1.HEADER.FIELDS (A B)]<0> */
static int w_section_name(struct imap_out *w, const struct fetch_item *it)
{
    static const char *const texts[] = {"", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT",
                                        "TEXT", "MIME"};
    int rc = 0;
    if (it->label)
        return imap_w_str(w, it->label);
    rc |= imap_w_str(w, "BODY[");
    for (size_t i = 0; i < it->nparts; i++)
        rc |= imap_w_fmt(w, "%s%lu", i ? "." : "", it->part[i]);
    if (it->text != T_ALL)
        rc |= imap_w_fmt(w, "%s%s", it->nparts ? "." : "", texts[it->text]);
    if (it->nfields > 0) {
        rc |= imap_w_str(w, " (");
        for (size_t i = 0; i < it->nfields; i++) {
            if (i > 0)
                rc |= imap_w_str(w, " ");
            rc |= imap_w_astring(w, it->fields[i], strlen(it->fields[i]));
        }
        rc |= imap_w_str(w, ")");
    }
    rc |= imap_w_str(w, "]");
    if (it->partial)
        rc |= imap_w_fmt(w, "<%lu>", (unsigned long)it->origin);
    return rc;
}

/* [fetch-section] */
/* BODY[section]<partial>: find the octets, cut the partial, send them. */
static int w_section(struct imap_out *w, const struct fetch_item *it, const char *msg,
                     size_t len, const struct mime_part *root)
{
    const char *data = NULL;
    size_t off = 0, n = 0;
    char *owned = NULL;
    int rc = w_section_name(w, it) | imap_w_str(w, " ");

    const struct mime_part *p = NULL;
    if (it->nparts == 0) {
        p = root;                            /* may be NULL: not needed */
    } else {
        p = mime_find(root, it->part, it->nparts);
        if (p == NULL)
            return rc | imap_w_str(w, "NIL"); /* no such part */
    }
    /* HEADER and TEXT name a message: the whole message, or the
     * message inside a message/rfc822 part. */
    const struct mime_part *m = it->nparts == 0 ? NULL : p->message;
    size_t h_off = 0, h_len = msg_header_len(msg, len);
    if (m) {
        h_off = m->header_off;
        h_len = m->header_len;
    }
    switch (it->text) {
    case T_ALL:
        if (it->nparts == 0) {
            off = 0;
            n = len;
        } else {
            off = p->body_off;
            n = p->body_len;
        }
        break;
    case T_MIME:
        off = p->header_off;
        n = p->header_len;
        break;
    case T_HEADER:
    case T_FIELDS:
    case T_FIELDS_NOT:
    case T_TEXT:
        if (it->nparts > 0 && m == NULL)
            return rc | imap_w_str(w, "NIL"); /* not a message/rfc822 part */
        if (it->text == T_TEXT) {
            off = h_off + h_len;
            n = (m ? m->header_off + m->header_len + m->body_len : len) - off;
        } else if (it->text == T_HEADER) {
            off = h_off;
            n = h_len;
        } else {
            if (w_fields(w, it, msg + h_off, h_len, &n, &owned) < 0)
                return -1;
            off = 0;
        }
        break;
    }
    data = owned ? owned : msg + off;
    if (it->partial) {
        /* <origin.count>: "if the origin is past the end, an empty
         * string"; the count is cut at the end (RFC 3501 §6.4.5) */
        size_t o = it->origin < n ? it->origin : n;
        size_t c = it->count < n - o ? it->count : n - o;
        data += o;
        n = c;
    }
    rc |= imap_w_literal(w, data, n);
    free(owned);
    return rc ? -1 : 0;
}
/* [fetch-section] */

/* INTERNALDATE: the file's modification time, in UTC (date-time, §9). */
static int w_internaldate(struct imap_out *w, time_t t)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL)
        memset(&tm, 0, sizeof tm);
    return imap_w_fmt(w, "INTERNALDATE \"%2d-%s-%04d %02d:%02d:%02d +0000\"", tm.tm_mday,
                      mon[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
}

static int w_flags(struct imap_out *w, const struct mailbox_msg *m)
{
    char flags[96];
    size_t n = mailflags_to_imap(m->flags, flags, sizeof flags);
    if (m->recent)
        snprintf(flags + n, sizeof flags - n, "%s\\Recent", n ? " " : "");
    return imap_w_fmt(w, "FLAGS (%s)", flags);
}

/* [fetch-name-size] */
int imap_fetch_name_size(const struct mailbox_msg *m, uint64_t *size)
{
    for (size_t i = 0; i + 3 < m->base_len; i++) {
        if (m->name[i] != ',' || m->name[i + 1] != 'W' || m->name[i + 2] != '=')
            continue;
        uint64_t v = 0;
        size_t j = i + 3, start = j;
        while (j < m->base_len && m->name[j] >= '0' && m->name[j] <= '9' && v < UINT64_MAX / 10)
            v = v * 10 + (uint64_t)(m->name[j++] - '0');
        if (j > start && (j == m->base_len || m->name[j] == ',')) {
            *size = v;
            return 0;
        }
    }
    return -1;
}
/* [fetch-name-size] */

/** How much of a message's file one FETCH needs, least first. */
enum fetch_read {
    READ_NONE,   /**< nothing: FLAGS, UID, RFC822.SIZE from `,W=` */
    READ_STAT,   /**< stat(2): INTERNALDATE */
    READ_HEADER, /**< up to the empty line: ENVELOPE, header sections */
    READ_ALL     /**< the whole file */
};

/* [fetch-one] */
/* `* seq FETCH (...)` for the message at @p idx.  Returns 0, 1 when the
 * message's file is gone (nothing sent), -1 on a write error. */
static int fetch_one(struct imap_session *s, struct mailbox *mb, size_t idx,
                     const struct fetch_req *r, int by_uid)
{
    struct imap_out *w = imap_out(s);
    char path[PATH_MAX];
    char *raw = NULL, *msg = NULL;
    size_t rawlen = 0, len = 0;
    time_t mtime = 0;
    struct mime_part *root = NULL;
    int rc = 0, add_flags = 0;
    uint64_t size = 0;

    /* Open the file only for what the items need (see parse_request()):
     * a client's FETCH 1:* (UID FLAGS RFC822.SIZE) after SELECT then
     * costs no system call per message when the names carry `,W=`. */
    int have_size = r->need_size && imap_fetch_name_size(&mb->msgs[idx], &size) == 0;
    enum fetch_read need = r->need_text || (r->need_size && !have_size) ? READ_ALL
                         : r->need_header ? READ_HEADER
                         : r->need_time ? READ_STAT : READ_NONE;

    /* Another session may have renamed the file since our last look (a
     * flag change renames it): then chapter 9 finds it by its base name,
     * and only a file that is really gone counts as expunged. */
    int found = need == READ_NONE;
    for (int attempt = 0; !found && attempt < 3; attempt++) {
        struct stat st;
        if (attempt > 0 && mailbox_msg_find(mb, idx) < 0)
            break;
        if (mailbox_msg_path(mb, idx, path, sizeof path) < 0)
            continue;
        if (need == READ_STAT) {
            if ((found = stat(path, &st) == 0))
                mtime = st.st_mtime;
        } else {
            found = (raw = read_file(path, need == READ_HEADER, &rawlen, &mtime)) != NULL;
        }
    }
    if (!found)
        return 1;                            /* gone (expunged by another session) */
    if (raw) {
        msg = msg_to_crlf(raw, rawlen, &len);
        free(raw);
        if (msg == NULL)
            return -1;
        if (need == READ_ALL)
            size = len;                      /* the CRLF form is what BODY[] sends */
    }
    if (r->need_mime && (root = mime_parse(msg, len)) == NULL) {
        free(msg);
        return -1;
    }
    /* A body fetch sets \Seen, on disk first (RFC 3501 §6.4.5). */
    if (r->sets_seen && !mb->read_only && !(mb->msgs[idx].flags & MAILFLAG_SEEN)) {
        if (mailbox_set_flags(mb, idx, mb->msgs[idx].flags | MAILFLAG_SEEN, NULL, 0) == 0) {
            mb->msgs[idx].flags_changed = 0; /* reported here, not as an update */
            add_flags = !r->has_flags;
        }
    }
    const struct mailbox_msg *m = &mb->msgs[idx];
    rc |= imap_w_fmt(w, "* %zu FETCH (", idx + 1);
    int first = 1;
    if (by_uid) {
        int asked = 0;
        for (size_t i = 0; i < r->n; i++)
            asked |= r->items[i].kind == F_UID;
        if (!asked) {                        /* UID FETCH always sends UID */
            rc |= imap_w_fmt(w, "UID %lu", (unsigned long)m->uid);
            first = 0;
        }
    }
    for (size_t i = 0; i < r->n && rc == 0; i++) {
        const struct fetch_item *it = &r->items[i];
        if (!first)
            rc |= imap_w_str(w, " ");
        first = 0;
        switch (it->kind) {
        case F_FLAGS: rc |= w_flags(w, m); break;
        case F_UID: rc |= imap_w_fmt(w, "UID %lu", (unsigned long)m->uid); break;
        case F_INTERNALDATE: rc |= w_internaldate(w, mtime); break;
        case F_SIZE: rc |= imap_w_fmt(w, "RFC822.SIZE %llu", (unsigned long long)size); break;
        case F_ENVELOPE:
            rc |= imap_w_str(w, "ENVELOPE ");
            rc |= imap_write_envelope(w, msg, 0, msg_header_len(msg, len));
            break;
        case F_BODY:
        case F_BODYSTRUCTURE:
            rc |= imap_w_str(w, it->kind == F_BODY ? "BODY " : "BODYSTRUCTURE ");
            rc |= imap_write_bodystructure(w, msg, root, it->kind == F_BODYSTRUCTURE);
            break;
        case F_SECTION: rc |= w_section(w, it, msg, len, root); break;
        }
    }
    if (add_flags && rc == 0)
        rc |= imap_w_str(w, " ") | w_flags(w, m);
    rc |= imap_w_str(w, ")");
    rc |= imap_w_end(w);
    mime_free(root);
    free(msg);
    return rc ? -1 : 0;
}
/* [fetch-one] */

/* [fetch-command] */
int imap_fetch(struct imap_session *s, struct imap_parser *args, int by_uid)
{
    struct mailbox *mb = imap_selected_mailbox(s);
    struct seqset set;
    struct imap_value v;
    struct fetch_req *r;
    enum seqset_error e;

    if (mb == NULL)
        return imap_bad(s, NULL, "No mailbox selected");
    if (imap_p_sp(args) < 0 || imap_p_atom_ex(args, "*", &v) < 0)
        return imap_bad(s, NULL, "Expected a sequence set");
    if ((e = seqset_parse(v.data, v.len, &set)) != SEQSET_OK)
        return imap_bad(s, NULL, "%s", seqset_strerror(e));
    r = malloc(sizeof *r);
    if (r == NULL) {
        seqset_free(&set);
        return imap_no(s, "SERVERBUG", "Out of memory");
    }
    if (parse_request(args, r) < 0) {
        seqset_free(&set);
        free(r);
        return imap_bad_syntax(s, args);
    }
    /* `*` is the last message's number, or the highest UID in use. */
    uint32_t star = by_uid ? (mb->count ? mb->msgs[mb->count - 1].uid : 0)
                           : (uint32_t)mb->count;
    if (!by_uid && seqset_max(&set, star) > mb->count) {
        seqset_free(&set);
        free(r);
        return imap_bad(s, NULL, "Invalid message sequence number (%zu messages)", mb->count);
    }
    int rc = 0, gone = 0;
    for (size_t i = 0; i < mb->count && rc >= 0; i++) {
        uint32_t key = by_uid ? mb->msgs[i].uid : (uint32_t)(i + 1);
        if (!seqset_contains(&set, key, star))
            continue;
        if (mb->msgs[i].expunged) {
            gone = 1;
            continue;
        }
        rc = fetch_one(s, mb, i, r, by_uid);
        if (rc == 1)
            gone = 1, rc = 0;
    }
    seqset_free(&set);
    free(r);
    if (rc < 0)
        return IMAP_CMD_ERROR;
    if (gone)
        return imap_no(s, "EXPUNGEISSUED", "Some messages were expunged meanwhile");
    return imap_ok(s, NULL, "%s completed", by_uid ? "UID FETCH" : "FETCH");
}
/* [fetch-command] */

int imap_cmd_fetch(struct imap_session *s, struct imap_parser *args)
{
    return imap_fetch(s, args, 0);
}

int imap_cmd_uid_fetch(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value v;
    if (imap_p_sp(args) < 0 || imap_p_atom(args, &v) < 0)
        return imap_bad(s, NULL, "Expected UID FETCH");
    if (imap_value_is(&v, "FETCH"))
        return imap_fetch(s, args, 1);
    return imap_bad(s, NULL, "Unknown UID command");
}

/* [fetching-extension] */
static const struct imap_command fetching_commands[] = {
    {"FETCH", IMAP_STATE_SELECTED, imap_cmd_fetch, IMAP_CMD_NO_EXPUNGE, 0},
    {"UID", IMAP_STATE_SELECTED, imap_cmd_uid_fetch, IMAP_CMD_NO_EXPUNGE, 0},
    {NULL, 0, NULL, 0, 0},
};

const struct imap_extension imap_fetching_extension = {
    .name = "fetching",
    .commands = fetching_commands,
};
/* [fetching-extension] */
