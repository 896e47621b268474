/**
 * @file smtp_compose.c
 * @brief Composing a small message with the header fields RFC 5322 asks for.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5322 §2.1.1, §2.2.3, §3.3, §3.6, §3.6.4; RFC 2045; RFC 2047 §4.1
 *
 * The message is built in a growable buffer (struct sbuf below: a
 * pointer, a length and a capacity that doubles), because its size is
 * not known in advance.  Every line ends in CRLF from the start: the
 * message is born in wire form (minus the dot-stuffing, which is the
 * sending side's job).
 */
#include "smtp_compose.h"

#include "base64.h"
#include "received.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A growable string; on allocation failure it remembers and stops. */
struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *np;

        while (cap < b->len + n + 1)
            cap *= 2;
        np = realloc(b->p, cap);
        if (np == NULL) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

/* Hand the buffer over (NULL on failure). */
static char *sb_finish(struct sbuf *b, size_t *len)
{
    if (b->failed || b->p == NULL) {
        free(b->p);
        errno = ENOMEM;
        return NULL;
    }
    if (len != NULL)
        *len = b->len;
    return b->p;
}

int smtp_compose_message_id(char *buf, size_t bufsz, const char *domain, time_t t)
{
    unsigned char rnd[8] = { 0 };
    unsigned long long r = 0;
    struct tm tm;
    char stamp[16];
    int fd, n, i;

    /* 64 random bits; should /dev/urandom be missing, the clock and the
     * process id still make a collision unlikely. */
    fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd)
            memset(rnd, 0, sizeof rnd);
        close(fd);
    }
    for (i = 0; i < 8; i++)
        r = r << 8 | rnd[i];
    if (r == 0) {
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        r = (unsigned long long)ts.tv_nsec * 2654435761u ^ (unsigned long long)getpid() << 32;
    }
    if (gmtime_r(&t, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm) == 0)
        snprintf(stamp, sizeof stamp, "%lld", (long long)t);
    if (domain == NULL || domain[0] == '\0')
        domain = "localhost";
    n = snprintf(buf, bufsz, "<%s.%ld.%016llx@%s>", stamp, (long)getpid(), r, domain);
    return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

/* [smtp-client-encoded-word] */
/* Subject text with octets over 127: RFC 2047 encoded words, each one
 * "=?UTF-8?B?" base64 "?=" and at most 75 characters, on lines of their
 * own (a folded field: CRLF and a space between them).  A UTF-8 character
 * is never cut in two (RFC 2047 §5 (3): each word must be decodable on
 * its own). */
static void add_encoded(struct sbuf *b, const char *text, size_t len)
{
    size_t pos = 0;

    while (pos < len) {
        size_t n = len - pos > 39 ? 39 : len - pos;   /* 39 octets -> 52 letters */
        char word[64];

        /* do not stop in front of a UTF-8 continuation octet 10xxxxxx */
        while (n > 1 && pos + n < len && ((unsigned char)text[pos + n] & 0xc0) == 0x80)
            n--;
        base64_encode(text + pos, n, word, sizeof word);
        if (pos > 0)
            sb_str(b, "\r\n ");
        sb_str(b, "=?UTF-8?B?");
        sb_str(b, word);
        sb_str(b, "?=");
        pos += n;
    }
}
/* [smtp-client-encoded-word] */

/* Plain ASCII text, folded before a space when the line would pass 78
 * characters (RFC 5322 §2.2.3: folding is a CRLF put in front of white
 * space; the reader removes it again). */
static void add_folded(struct sbuf *b, const char *text, size_t len, size_t col)
{
    size_t pos = 0;

    while (pos < len) {
        size_t w = pos + 1;

        while (w < len && text[w] != ' ')       /* to the end of the next word */
            w++;
        if (text[pos] == ' ' && col + (w - pos) > 78 && col > 1) {
            sb_str(b, "\r\n");
            col = 0;
        }
        sb_add(b, text + pos, w - pos);
        col += w - pos;
        pos = w;
    }
}

char *smtp_compose_field(const char *name, const char *text, size_t *len)
{
    struct sbuf b = { 0 };
    size_t n = strlen(text), i;
    char *clean = malloc(n + 1);
    int eight = 0;

    if (clean == NULL)
        return NULL;
    /* No control characters: a CR or LF here would start a header field
     * of the sender's choosing ("header injection"). */
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];

        clean[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
        if (c > 127)
            eight = 1;
    }
    clean[n] = '\0';
    sb_str(&b, name);
    sb_str(&b, ": ");
    if (eight)
        add_encoded(&b, clean, n);
    else
        add_folded(&b, clean, n, strlen(name) + 2);
    sb_str(&b, "\r\n");
    free(clean);
    return sb_finish(&b, len);
}

/* [smtp-client-compose] */
char *smtp_compose(const struct smtp_compose *m, size_t *len)
{
    struct sbuf b = { 0 };
    char date[RECEIVED_DATE_MAX], msgid[SMTP_MSGID_MAX];
    const char *domain = m->msgid_domain, *at, *p;
    time_t t = m->date ? m->date : time(NULL);
    size_t i, col;
    int eight = 0;

    if (m->from == NULL || m->to == NULL || m->nto == 0) {
        errno = EINVAL;
        return NULL;
    }
    if (domain == NULL && (at = strrchr(m->from, '@')) != NULL)
        domain = at + 1;
    if (received_date(date, sizeof date, t) < 0
        || smtp_compose_message_id(msgid, sizeof msgid, domain, t) < 0) {
        errno = EINVAL;
        return NULL;
    }

    /* RFC 5322 §3.6: Date and From are required, the rest is customary. */
    sb_str(&b, "Date: ");
    sb_str(&b, date);
    sb_str(&b, "\r\nFrom: ");
    sb_str(&b, m->from);
    sb_str(&b, "\r\nTo: ");
    col = 4;
    for (i = 0; i < m->nto; i++) {
        size_t n = strlen(m->to[i]);

        if (i > 0) {
            sb_str(&b, ",");
            if (col + n + 2 > 78) {     /* fold between addresses */
                sb_str(&b, "\r\n");
                col = 0;
            }
            sb_str(&b, " ");
            col += 2;
        }
        sb_str(&b, m->to[i]);
        col += n;
    }
    sb_str(&b, "\r\n");
    if (m->subject != NULL) {
        size_t n;
        char *f = smtp_compose_field("Subject", m->subject, &n);

        if (f == NULL)
            b.failed = 1;
        else
            sb_add(&b, f, n);
        free(f);
    }
    sb_str(&b, "Message-ID: ");
    sb_str(&b, msgid);
    sb_str(&b, "\r\n");

    /* MIME (RFC 2045): say what the body is, and whether it is 8-bit. */
    for (p = m->body; p != NULL && *p != '\0'; p++)
        if ((unsigned char)*p > 127)
            eight = 1;
    sb_str(&b, "MIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: ");
    sb_str(&b, eight ? "8bit\r\n" : "7bit\r\n");
    sb_str(&b, "\r\n");                 /* the empty line: the body follows */

    /* The body, with every line end made CRLF. */
    for (p = m->body; p != NULL && *p != '\0'; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;                   /* the LF writes the CRLF */
        if (*p == '\n' || *p == '\r')
            sb_str(&b, "\r\n");
        else
            sb_add(&b, p, 1);
    }
    if (b.len > 0 && m->body != NULL && m->body[0] != '\0'
        && (b.len < 2 || b.p[b.len - 1] != '\n'))
        sb_str(&b, "\r\n");
    return sb_finish(&b, len);
}
/* [smtp-client-compose] */
