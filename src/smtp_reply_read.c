/**
 * @file smtp_reply_read.c
 * @brief Reading SMTP replies on the client side.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §4.2, §4.2.1, §4.5.3.1.5, §4.5.3.2; RFC 2034 §4; RFC 3463 §2
 *
 * Two levels, like the line reader below it.  smtp_reply_parse_line()
 * looks at one line and knows nothing about connections: it is a pure
 * function, easy to test with every odd line a server might send.
 * smtp_reply_read() loops over lines from a struct linereader, checks
 * that they belong together, and collects their text.
 */
#include "smtp_reply_read.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* [smtp-client-parse-line] */
int smtp_reply_parse_line(const char *line, size_t len, int *code, int *last,
                          const char **text)
{
    /* RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39 -- the first
     * digit is the class (2-5), the second the category (0-5). */
    if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0'
        || line[1] > '5' || line[2] < '0' || line[2] > '9')
        return -1;
    if (len == 3) {                 /* "250" alone: a last line, no text */
        *last = 1;
        *text = line + 3;
    } else if (line[3] == ' ' || line[3] == '-') {
        *last = line[3] == ' ';
        *text = line + 4;
    } else {
        return -1;                  /* "2500", "250x", "250\t" */
    }
    *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    return 0;
}
/* [smtp-client-parse-line] */

/* Up to three digits at s[0..len), at least one; returns how many. */
static size_t digits(const char *s, size_t len)
{
    size_t n = 0;

    while (n < len && n < 4 && s[n] >= '0' && s[n] <= '9')
        n++;
    return n >= 1 && n <= 3 ? n : 0;
}

size_t smtp_reply_parse_enh(const char *text, size_t len, int code, char *enh)
{
    size_t i = 0, n;

    enh[0] = '\0';
    /* class "." subject "." detail, and the class is the reply's class */
    if (len < 5 || text[0] != (char)('0' + code / 100) || text[1] != '.'
        || (text[0] != '2' && text[0] != '4' && text[0] != '5'))
        return 0;
    i = 2;
    if ((n = digits(text + i, len - i)) == 0)
        return 0;
    i += n;
    if (i >= len || text[i] != '.')
        return 0;
    i++;
    if ((n = digits(text + i, len - i)) == 0)
        return 0;
    i += n;
    if (i < len && text[i] != ' ')      /* "2.1.0x" is text, not a code */
        return 0;
    memcpy(enh, text, i);               /* at most 1+1+3+1+3 = 9 < SMTP_ENH_MAX */
    enh[i] = '\0';
    return i < len ? i + 1 : i;
}

/* Append one line's text to the reply, LF-separated, as far as it fits. */
static void add_text(struct smtp_client_reply *r, const char *text, size_t len)
{
    size_t have = strlen(r->text), room;

    if (r->nlines > 0) {
        if (have + 1 >= sizeof r->text) {
            r->truncated = 1;
            return;
        }
        r->text[have++] = '\n';
    }
    room = sizeof r->text - 1 - have;
    if (len > room) {
        len = room;
        r->truncated = 1;
    }
    memcpy(r->text + have, text, len);
    r->text[have + len] = '\0';
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* [smtp-client-read-reply] */
enum smtp_reply_error smtp_reply_read(struct linereader *lr, struct smtp_client_reply *r)
{
    char line[SMTP_REPLY_LINE_MAX];
    int timeout = lr->timeout_ms;
    long long deadline = now_ms() + timeout;
    enum smtp_reply_error err = SMTP_RE_NONE;

    memset(r, 0, sizeof *r);
    for (;;) {
        size_t len;
        int code, last;
        const char *text;
        enum lr_status st;

        /* The timeout is for the whole reply, not for each line: a server
         * that sends one line a minute must not keep us for an hour. */
        if (timeout >= 0) {
            long long left = deadline - now_ms();
            lr_set_timeout(lr, left > 0 ? (int)left : 0);
        }
        st = lr_read_line(lr, line, sizeof line, LR_LF_ENDS, &len, NULL);
        switch (st) {
        case LR_OK:
        case LR_BARE_LF:        /* be liberal: a bare LF ends a reply line too */
            break;
        case LR_TOO_LONG:       /* over 512 octets: keep the first 510 */
            r->truncated = 1;
            break;
        case LR_NUL:            /* no SMTP reply contains a NUL */
            err = SMTP_RE_SYNTAX;
            goto out;
        case LR_EOF:
        case LR_EOF_PARTIAL:
            err = SMTP_RE_EOF;
            goto out;
        case LR_TIMEOUT:
            err = SMTP_RE_TIMEOUT;
            goto out;
        case LR_INTERRUPTED:
            err = SMTP_RE_INTERRUPTED;
            goto out;
        case LR_ERROR:
        default:
            err = SMTP_RE_IO;
            goto out;
        }
        if (smtp_reply_parse_line(line, len, &code, &last, &text) < 0) {
            err = SMTP_RE_SYNTAX;
            goto out;
        }
        /* §4.2.1: every line of a multi-line reply has the same code. */
        if (r->nlines > 0 && code != r->code) {
            err = SMTP_RE_MIXED;
            goto out;
        }
        if (r->nlines == SMTP_REPLY_LINES_MAX) {
            err = SMTP_RE_TOO_MANY;
            goto out;
        }
        r->code = code;
        {
            /* RFC 2034 §4: with enhanced codes, each line starts with
             * one; keep the first line's and strip them all from the text. */
            size_t tlen = len - (size_t)(text - line);
            char enh[SMTP_ENH_MAX];
            size_t skip = smtp_reply_parse_enh(text, tlen, code, enh);

            if (r->nlines == 0)
                memcpy(r->enh, enh, sizeof enh);
            add_text(r, text + skip, tlen - skip);
        }
        r->nlines++;
        if (last)
            break;
    }
out:
    lr_set_timeout(lr, timeout);
    if (err != SMTP_RE_NONE) {
        r->code = 0;
        r->enh[0] = '\0';
    }
    return err;
}
/* [smtp-client-read-reply] */

const char *smtp_reply_error_str(enum smtp_reply_error err)
{
    switch (err) {
    case SMTP_RE_NONE:        return "no error";
    case SMTP_RE_EOF:         return "the server closed the connection";
    case SMTP_RE_TIMEOUT:     return "timed out waiting for the server's reply";
    case SMTP_RE_SYNTAX:      return "the server's reply is not an SMTP reply line";
    case SMTP_RE_MIXED:       return "the lines of the server's reply carry different codes";
    case SMTP_RE_TOO_MANY:    return "the server's reply has too many lines";
    case SMTP_RE_INTERRUPTED: return "interrupted";
    case SMTP_RE_IO:          return "read error";
    }
    return "unknown error";
}

enum smtp_class smtp_reply_class(int code)
{
    if (code < 200 || code > 599)
        return SMTP_CLASS_NONE;
    return (enum smtp_class)(code / 100);
}

char *smtp_reply_summary(const struct smtp_client_reply *r, char *buf, size_t bufsz)
{
    size_t n, i;

    if (bufsz == 0)
        return buf;
    if (r->code == 0) {
        snprintf(buf, bufsz, "(no reply)");
        return buf;
    }
    snprintf(buf, bufsz, "%03d%s%s ", r->code, r->enh[0] ? " " : "", r->enh);
    n = strlen(buf);
    for (i = 0; r->text[i] != '\0' && r->text[i] != '\n' && n + 1 < bufsz; i++) {
        unsigned char c = (unsigned char)r->text[i];

        buf[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    /* no text at all: drop the trailing space */
    if (i == 0 && n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    return buf;
}
