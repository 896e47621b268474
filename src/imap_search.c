/**
 * @file imap_search.c
 * @brief SEARCH and UID SEARCH: the handler that runs a parsed query over
 *        the selected mailbox, reading message files only as far as the
 *        keys need.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (SEARCH), §6.4.8 (UID SEARCH), §7.2.5 (SEARCH
 *      response), §7.1 (BADCHARSET), §7.4.1 (no EXPUNGE during SEARCH),
 *      §2.3.3 (INTERNALDATE), §2.3.4 (RFC822.SIZE)
 *
 * The work is split in three: search_parse.c turns the arguments into a
 * tree, search_eval.c decides one message, and this file does the rest:
 *
 * 1. parse; an unknown CHARSET is `NO [BADCHARSET (US-ASCII UTF-8)]`, a
 *    syntax error `BAD` with the parser's reason;
 * 2. look at the disk (mailbox_refresh()), so that flags another session
 *    changed count -- new messages join the view at its end, where this
 *    command does not look: the client does not know them yet;
 * 3. for each message the client knows, evaluate the tree with a
 *    *message reader* as the evaluator's source (struct search_source);
 * 4. answer `* SEARCH n n n` (sequence numbers, or UIDs for UID SEARCH:
 *    RFC 3501 §6.4.8) and the tagged OK.
 *
 * The reader is where the cost is.  It starts with nothing open and
 * gives each callback the least it can:
 *
 * | key needs                  | the reader does                                   |
 * |----------------------------|---------------------------------------------------|
 * | flags, UID, number         | nothing (the view has them)                       |
 * | RFC822.SIZE                | reads `,W=` in the file name; reads the file only when the name has none |
 * | INTERNALDATE               | stat(2): the modification time, as chapter 10 sends it |
 * | the header                 | reads the file up to the empty line, no further   |
 * | the body                   | reads the rest                                    |
 *
 * `,W=` is the size with CRLF line ends that chapter 5's delivery (and
 * Dovecot) put into the name: exactly the RFC822.SIZE chapter 10
 * computes for a file with LF line ends.  What is read is turned into
 * the CRLF form the client sees (msg_to_crlf()), so that `BODY "a\r\nb"`
 * (as a literal) means what it would mean in a FETCH.
 *
 * SEARCH's row carries #IMAP_CMD_NO_EXPUNGE: while the client cannot
 * tell which numbers the answer refers to, no `* n EXPUNGE` may renumber
 * them (RFC 3501 §7.4.1).  Untagged FETCH (flags) and EXISTS may still
 * come.
 */
#include "imap_changing.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_write.h"
#include "log.h"
#include "mailbox.h"
#include "mailflags.h"
#include "message_parse.h"
#include "search_eval.h"
#include "search_parse.h"

/** Largest message file SEARCH reads (as FETCH: 256 MiB). */
#define SEARCH_MESSAGE_MAX (256UL * 1024 * 1024)
/** How much the reader asks read(2) for at a time. */
#define SEARCH_READ_CHUNK 8192

/**
 * The reader of one message (see the file comment): what has been read
 * so far, and the forms handed to the evaluator.
 */
struct msg_reader {
    const struct mailbox *mb;   /**< the view */
    size_t index;               /**< the message (sequence number - 1) */
    int fd;                     /**< the open file, or -1 */
    int failed;                 /**< the file could not be read: every later call fails */
    int eof;                    /**< all of the file is in @c raw */
    char *raw;                  /**< the octets read so far, as stored */
    size_t rawlen;              /**< how many */
    size_t rawcap;              /**< room in @c raw */
    char *hdr;                  /**< the header section, CRLF form (or NULL) */
    size_t hdrlen;              /**< its length */
    char *msg;                  /**< the whole message, CRLF form (or NULL) */
    size_t msglen;              /**< its length */
    size_t body;                /**< where the body starts in @c msg */
    int have_time;              /**< @c mtime is known */
    time_t mtime;               /**< the file's modification time: INTERNALDATE */
};

static void reader_init(struct msg_reader *r, const struct mailbox *mb, size_t index)
{
    memset(r, 0, sizeof *r);
    r->mb = mb;
    r->index = index;
    r->fd = -1;
}

static void reader_done(struct msg_reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    free(r->raw);
    free(r->hdr);
    free(r->msg);
    r->fd = -1;
    r->raw = r->hdr = r->msg = NULL;
}

/* Open the file once; -1 when it cannot be (gone since the refresh). */
static int reader_open(struct msg_reader *r)
{
    char path[PATH_MAX];

    if (r->failed)
        return -1;
    if (r->fd >= 0 || r->eof)
        return 0;
    if (mailbox_msg_path(r->mb, r->index, path, sizeof path) < 0
        || (r->fd = open(path, O_RDONLY)) < 0) {
        r->failed = 1;
        return -1;
    }
    return 0;
}

/* Read one more chunk into raw; 0 (maybe at EOF) or -1. */
static int reader_more(struct msg_reader *r)
{
    if (r->rawcap - r->rawlen < SEARCH_READ_CHUNK) {
        size_t cap = r->rawcap ? r->rawcap * 2 : 2 * SEARCH_READ_CHUNK;
        char *p;
        if (cap > SEARCH_MESSAGE_MAX + SEARCH_READ_CHUNK || (p = realloc(r->raw, cap)) == NULL) {
            r->failed = 1;              /* too big, or no memory: unknown */
            return -1;
        }
        r->raw = p;
        r->rawcap = cap;
    }
    for (;;) {
        ssize_t n = read(r->fd, r->raw + r->rawlen, SEARCH_READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            r->failed = 1;
            return -1;
        }
        if (n == 0) {
            r->eof = 1;
            close(r->fd);
            r->fd = -1;
        }
        r->rawlen += (size_t)n;
        return 0;
    }
}

/* Where the header ends in the stored octets (after its empty line), or
 * 0 when the empty line has not been read yet.  The file may use LF or
 * CRLF line ends.  The octets before @p from were looked at by an earlier
 * call, so the search starts there (see rd_header()). */
static size_t raw_header_end(const char *raw, size_t len, size_t from)
{
    if (len >= 1 && raw[0] == '\n')
        return 1;
    if (len >= 2 && raw[0] == '\r' && raw[1] == '\n')
        return 2;
    for (size_t i = from; i + 1 < len; i++) {
        if (raw[i] != '\n')
            continue;
        if (raw[i + 1] == '\n')
            return i + 2;
        if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* [search-reader-header] */
static int rd_header(void *arg, const char **hdr, size_t *len)
{
    struct msg_reader *r = arg;
    size_t end = 0, from = 0;

    if (r->hdr == NULL) {
        if (reader_open(r) < 0)
            return -1;
        /* Read until the empty line (or the end of a message that has
         * none): a header key never pays for the body.  After each read
         * the search goes on where it stopped, less the two octets of a
         * line end the read may have cut: searching from the first octet
         * again cost a header of n octets n * n / 8192 steps, a minute
         * for one of 32 MiB without an empty line (test-imapd-search's
         * header_without_end_read_once). */
        while ((end = raw_header_end(r->raw, r->rawlen, from)) == 0 && !r->eof) {
            from = r->rawlen >= 2 ? r->rawlen - 2 : 0;
            if (reader_more(r) < 0)
                return -1;
        }
        if (end == 0)
            end = r->rawlen;
        if ((r->hdr = msg_to_crlf(r->raw ? r->raw : "", end, &r->hdrlen)) == NULL)
            return -1;
    }
    *hdr = r->hdr;
    *len = r->hdrlen;
    return 0;
}
/* [search-reader-header] */

static int rd_message(void *arg, const char **msg, size_t *len, size_t *body)
{
    struct msg_reader *r = arg;

    if (r->msg == NULL) {
        if (reader_open(r) < 0)
            return -1;
        while (!r->eof)
            if (reader_more(r) < 0)
                return -1;
        if ((r->msg = msg_to_crlf(r->raw ? r->raw : "", r->rawlen, &r->msglen)) == NULL)
            return -1;
        r->body = msg_header_len(r->msg, r->msglen);
    }
    *msg = r->msg;
    *len = r->msglen;
    *body = r->body;
    return 0;
}

/* [search-reader-size] */
static int rd_size(void *arg, uint64_t *size)
{
    struct msg_reader *r = arg;
    const char *msg;
    size_t len, body;

    if (imap_fetch_name_size(&r->mb->msgs[r->index], size) == 0)
        return 0;                       /* no file opened */
    if (rd_message(r, &msg, &len, &body) < 0)
        return -1;
    *size = len;                        /* as chapter 10: the CRLF form's length */
    return 0;
}
/* [search-reader-size] */

static int rd_internaldate(void *arg, time_t *t)
{
    struct msg_reader *r = arg;
    char path[PATH_MAX];
    struct stat st;

    if (!r->have_time) {
        if (mailbox_msg_path(r->mb, r->index, path, sizeof path) < 0 || stat(path, &st) < 0)
            return -1;
        r->mtime = st.st_mtime;
        r->have_time = 1;
    }
    *t = r->mtime;
    return 0;
}

/* Look at the disk first: flags changed by other sessions count.  The
 * scan is skipped when new/ and cur/ have not changed (chapter 9's rule,
 * mailbox.c's settled() and look_again()): in a mailbox of
 * 100,000 messages the scan, not the search, is what costs, and a
 * search for UNSEEN needs nothing but the flags the view already has.
 * Either way the view is now as fresh as this command needs: its tagged
 * response announces what this look found without looking again
 * (imap_mailbox_looked()). */
static void refresh(struct imap_session *s, struct mailbox *mb)
{
    struct mailbox_changes ch;
    char err[MAILBOX_ERRLEN];

    if (mailbox_refresh(mb, 0, &ch, err, sizeof err) < 0)
        log_msg("%s: SEARCH: %s", s->peer, err);
    else
        imap_mailbox_looked(s);
}

/* [search-command] */
static int do_search(struct imap_session *s, struct imap_parser *args, int uid)
{
    struct mailbox *mb = imap_selected_mailbox(s);
    struct search_query q;
    char err[256];
    enum search_parse_result pr;
    size_t count, found = 0;

    if (mb == NULL)
        return imap_bad(s, NULL, "No mailbox selected") < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
    pr = search_parse(args, &q, err, sizeof err);
    if (pr != SEARCH_PARSE_OK) {
        search_free(&q);
        int rc = pr == SEARCH_PARSE_BADCHARSET
            ? imap_no(s, "BADCHARSET (" SEARCH_CHARSETS ")", "Charset not supported")
            : imap_bad(s, NULL, "%s", err);
        return rc < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
    }
    count = mb->count;                  /* the messages the client knows */
    refresh(s, mb);

    struct imap_out *w = imap_out(s);
    int rc = imap_w_str(w, "* SEARCH");
    for (size_t i = 0; i < count && rc == 0; i++) {
        const struct mailbox_msg *m = &mb->msgs[i];
        if (m->expunged)
            continue;                   /* its file is gone: nothing to match */
        struct search_msg sm = {
            .seq = (uint32_t)(i + 1), .uid = m->uid, .flags = m->flags & MAILFLAG_ALL,
            .recent = m->recent, .count = (uint32_t)count, .max_uid = mb->msgs[count - 1].uid,
        };
        struct msg_reader r;
        reader_init(&r, mb, i);
        struct search_source src = { rd_size, rd_internaldate, rd_header, rd_message, &r };
        if (search_match(q.root, &sm, &src) == SEARCH_YES) {
            rc = imap_w_fmt(w, " %lu", (unsigned long)(uid ? m->uid : sm.seq));
            found++;
        }
        reader_done(&r);
    }
    rc |= imap_w_end(w);
    search_free(&q);
    if (rc < 0)
        return IMAP_CMD_ERROR;
    return imap_ok(s, NULL, "%sSEARCH completed (%zu found)", uid ? "UID " : "", found) < 0
        ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}
/* [search-command] */

int imap_cmd_search(struct imap_session *s, struct imap_parser *args)
{
    return do_search(s, args, 0);
}

int imap_cmd_uid_search(struct imap_session *s, struct imap_parser *args)
{
    return do_search(s, args, 1);
}
