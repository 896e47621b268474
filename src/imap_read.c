/**
 * @file imap_read.c
 * @brief Reading one whole IMAP command from the wire: its lines, its
 *        literals, the `+` continuation requests, the limits.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §2.2.1, §4.3, §7.5; RFC 7888 §3-4; RFC 2683 §3.2.1.5
 *
 * The whole module is one loop (imap_read_command()): read a line into
 * the command buffer; if it does not end with a literal header, the
 * command is complete; if it does, check the announced size against the
 * limit, say `+` when the literal is synchronising, read exactly that
 * many octets with lr_read_exact(), and go round again for the rest of
 * the command.  The command grows in one malloc'ed buffer, in the very
 * form it had on the wire, so the parser sees a literal as `{5}` CRLF
 * followed by its five octets.
 */
#include "imap_read.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* [imap-line-literal] */
int imap_line_literal(const char *line, size_t len, size_t *size, int *nonsync,
                      size_t *start)
{
    size_t i, digits_end;
    size_t n = 0;

    /* Read the line end backwards: "}", an optional "+", digits, "{". */
    if (len < 3 || line[len - 1] != '}')
        return 0;
    i = len - 1;
    *nonsync = 0;
    if (line[i - 1] == '+') {
        *nonsync = 1;
        i--;
    }
    digits_end = i;
    while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
        i--;
    if (i == digits_end || i == 0 || line[i - 1] != '{')
        return 0;
    for (size_t k = i; k < digits_end; k++) {
        unsigned d = (unsigned)(line[k] - '0');
        if (n > (SIZE_MAX - d) / 10) {  /* absurdly large: say so */
            n = SIZE_MAX;
            break;
        }
        n = n * 10 + d;
    }
    *size = n;
    if (start != NULL)
        *start = i - 1;
    return 1;
}
/* [imap-line-literal] */

void imap_cmd_init(struct imap_cmd *cmd) { memset(cmd, 0, sizeof *cmd); }

void imap_cmd_free(struct imap_cmd *cmd)
{
    free(cmd->buf);
    imap_cmd_init(cmd);
}

/* Make room for @p more bytes after cmd->len (and a NUL). */
static int reserve(struct imap_cmd *cmd, size_t more)
{
    size_t need, ncap;
    char *n;

    if (more > SIZE_MAX - cmd->len - 1)
        return -1;
    need = cmd->len + more + 1;
    if (need <= cmd->cap)
        return 0;
    ncap = cmd->cap ? cmd->cap : 1024;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    n = realloc(cmd->buf, ncap);
    if (n == NULL)
        return -1;
    cmd->buf = n;
    cmd->cap = ncap;
    return 0;
}

const char *imap_read_status_str(enum imap_read_status st)
{
    switch (st) {
    case IMAP_READ_OK:              return "command";
    case IMAP_READ_EMPTY:           return "empty line";
    case IMAP_READ_TOO_LONG:        return "line too long";
    case IMAP_READ_BARE_LF:         return "line ended by a bare LF";
    case IMAP_READ_NUL:             return "NUL octet in line";
    case IMAP_READ_LITERAL_REFUSED: return "literal too large (refused)";
    case IMAP_READ_LITERAL_DROPPED: return "literal too large (dropped)";
    case IMAP_READ_LITERAL_FATAL:   return "literal too large to drop";
    case IMAP_READ_EOF:             return "end of file";
    case IMAP_READ_EOF_PARTIAL:     return "end of file in the middle of a command";
    case IMAP_READ_TIMEOUT:         return "timeout";
    case IMAP_READ_INTERRUPTED:     return "interrupted";
    case IMAP_READ_ERROR:           return "read error";
    }
    return "unknown status";
}

/* A line reader status that ends the reading of a command. */
static enum imap_read_status ended(enum lr_status st, int in_command)
{
    switch (st) {
    case LR_EOF:         return in_command ? IMAP_READ_EOF_PARTIAL : IMAP_READ_EOF;
    case LR_EOF_PARTIAL: return IMAP_READ_EOF_PARTIAL;
    case LR_TIMEOUT:     return IMAP_READ_TIMEOUT;
    case LR_INTERRUPTED: return IMAP_READ_INTERRUPTED;
    default:             return IMAP_READ_ERROR;
    }
}

/* [imap-discard] */
/* RFC 7888 §4, choice 1: the octets of a refused {n+} literal are on their
 * way; read and drop them, and the rest of the command with them (its
 * next line may announce another {m+}).  Everything goes through the line
 * reader, so the next command starts at the right octet. */
static enum imap_read_status discard(struct imap_reader *r, struct imap_cmd *cmd, size_t n)
{
    size_t total = n, len;
    char junk[1024];
    int nonsync;

    for (;;) {
        while (n > 0) {
            size_t k = n < sizeof junk ? n : sizeof junk;
            enum lr_status st = lr_read_exact(r->lr, junk, k);
            if (st != LR_OK)
                return ended(st, 1);
            n -= k;
        }
        /* The rest of the command's line, read into the spare room of the
         * buffer (it is not part of the command any more). */
        if (reserve(cmd, r->max_line) < 0)
            return IMAP_READ_ERROR;
        enum lr_status st = lr_read_line(r->lr, cmd->buf + cmd->len, r->max_line,
                                         LR_LF_ENDS, &len, NULL);
        if (st != LR_OK && st != LR_TOO_LONG && st != LR_BARE_LF && st != LR_NUL)
            return ended(st, 1);
        if (st != LR_OK || !imap_line_literal(cmd->buf + cmd->len, len, &n, &nonsync, NULL)
            || !nonsync)
            return IMAP_READ_LITERAL_DROPPED; /* no more literals (no "+" for a {m}) */
        if (n > r->max_discard - total)
            return IMAP_READ_LITERAL_FATAL;
        total += n;
    }
}
/* [imap-discard] */

/* [imap-read-command] */
enum imap_read_status imap_read_command(struct imap_reader *r, struct imap_cmd *cmd)
{
    cmd->len = 0;
    cmd->line_bytes = cmd->lit_bytes = 0;
    cmd->nlines = 0;
    for (;;) {
        size_t len = 0, n, limit;
        int nonsync;
        enum lr_status st;
        enum imap_read_status rs;

        /* 1. One line, straight into the command buffer. */
        if (reserve(cmd, r->max_line) < 0)
            return IMAP_READ_ERROR;
        st = lr_read_line(r->lr, cmd->buf + cmd->len, r->max_line, LR_LF_ENDS, &len, NULL);
        switch (st) {
        case LR_OK:
            break;
        case LR_TOO_LONG:   /* its first max_line - 2 octets are kept */
        case LR_BARE_LF:
        case LR_NUL:
            cmd->len += len;
            cmd->buf[cmd->len] = '\0';
            return st == LR_TOO_LONG ? IMAP_READ_TOO_LONG
                   : st == LR_BARE_LF ? IMAP_READ_BARE_LF : IMAP_READ_NUL;
        default:
            return ended(st, cmd->nlines > 0);
        }
        cmd->nlines++;
        cmd->line_bytes += len;
        if (cmd->nlines == 1 && len == 0)
            return IMAP_READ_EMPTY;

        /* 2. Does it end with "{n}" or "{n+}"?  If not, the command is whole. */
        if (!imap_line_literal(cmd->buf + cmd->len, len, &n, &nonsync, NULL)) {
            cmd->len += len;
            cmd->buf[cmd->len] = '\0';
            return IMAP_READ_OK;
        }
        cmd->len += len;
        memcpy(cmd->buf + cmd->len, "\r\n", 2);
        cmd->len += 2;
        cmd->buf[cmd->len] = '\0';

        /* 3. The limit, checked before a single octet of the literal is
         *    read -- the size is announced first precisely so that the
         *    receiver can say no in time. */
        limit = r->literal_limit != NULL ? r->literal_limit(r->arg, cmd) : 0;
        if (n > limit || cmd->lit_bytes > limit - n || cmd->line_bytes > r->max_command) {
            if (!nonsync)
                return IMAP_READ_LITERAL_REFUSED;  /* no "+": the client sends nothing */
            if (n > r->max_discard)
                return IMAP_READ_LITERAL_FATAL;
            rs = discard(r, cmd, n);
            cmd->buf[cmd->len] = '\0';   /* discard() used the room after it */
            return rs;
        }

        /* 4. "+" for a synchronising literal (RFC 3501 §7.5), flushed: the
         *    client waits for it before it sends a single octet. */
        if (!nonsync && (outbuf_line(r->ob, "+ Ready for literal data", 24) < 0
                         || outbuf_flush(r->ob) < 0))
            return IMAP_READ_ERROR;

        /* 5. Exactly n octets, whatever they are (CR, LF, "{", ...). */
        if (reserve(cmd, n) < 0)
            return IMAP_READ_ERROR;
        st = lr_read_exact(r->lr, cmd->buf + cmd->len, n);
        if (st != LR_OK)
            return ended(st, 1);
        cmd->len += n;
        cmd->lit_bytes += n;
        cmd->buf[cmd->len] = '\0';
        /* ... and round again: the command goes on after the literal. */
    }
}
/* [imap-read-command] */
