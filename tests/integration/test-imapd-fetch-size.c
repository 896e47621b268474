/*
 * test-imapd-fetch-size.c -- chapter 10's FETCH reads only what it needs
 * (issue 6), and still sends exactly what it sent when it read everything.
 *
 * RFC822.SIZE now comes from the `,W=` of the file name when there is one,
 * so the test puts the same messages into a Maildir with and without W=,
 * with LF and with CRLF line ends (and a mix), and checks for each that
 * RFC822.SIZE equals the length of the BODY[] literal and that the literal
 * is the CRLF form of the file.  Header-only items now stop reading at the
 * empty line: BODY[HEADER], RFC822.HEADER and HEADER.FIELDS must still be
 * the whole header, also when it is longer than one read and when its
 * empty line ("\r\n") is split between two reads.
 */
#include "imapd-util.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMAPD "chapters/10-fetching/imapd"

/** How many test messages. */
#define NMSG 7

static struct imapd D;
static char *texts[NMSG];                /* the files' contents, in UID order */
static int with_w[NMSG];                 /* the name carries ,W= */

/* The CRLF form a client sees: a CR before every LF that has none. */
static char *crlf(const char *s, size_t *len)
{
    char *out = malloc(2 * strlen(s) + 1);
    size_t o = 0;
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
            out[o++] = '\r';
        out[o++] = s[i];
    }
    out[o] = '\0';
    *len = o;
    return out;
}

/* A header of exactly @p n octets (LF lines), its empty line not included. */
static char *long_header(size_t n)
{
    char *h = malloc(n + 1);
    size_t o = 0;
    ck_assert_ptr_nonnull(h);
    o += (size_t)sprintf(h, "Subject: long\n");
    while (o < n) {
        size_t room = n - o, line = room > 70 ? 70 : room;
        if (room - line > 0 && room - line < 8)
            line = room - 8;           /* leave room for a last short line */
        memcpy(h + o, "X-Pad: ", 7);
        memset(h + o + 7, 'p', line - 8);
        h[o + line - 1] = '\n';
        o += line;
    }
    h[o] = '\0';
    return h;
}

/* Write message @p i into cur/ under a name that gives it UID i+1. */
static void put(int i, const char *text, int w)
{
    char name[160], tmpf[1024], curf[1024];
    size_t clen;
    free(crlf(text, &clen));
    snprintf(name, sizeof name, "1800000%03d.M%dP%d.fetchsize", i, i, (int)getpid());
    if (w)
        snprintf(name + strlen(name), sizeof name - strlen(name), ",S=%zu,W=%zu",
                 strlen(text), clen);
    snprintf(tmpf, sizeof tmpf, "%s/alice/tmp/%s", D.root, name);
    snprintf(curf, sizeof curf, "%s/alice/cur/%s:2,", D.root, name);
    FILE *f = fopen(tmpf, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(rename(tmpf, curf), 0);
    texts[i] = strdup(text);
    with_w[i] = w;
}

static void setup(void)
{
    static const char lf[] = "From: a@example.org\nSubject: lf\n\nline one\nline two\n";
    static const char cr[] = "From: a@example.org\r\nSubject: crlf\r\n\r\nline one\r\n";
    static const char mix[] = "Subject: mix\r\nX-A: b\n\r\nbody\rwith a bare CR\n";
    imapd_prepare(&D, IMAPD);
    imapd_make_maildir(D.root, "alice");
    put(0, lf, 0);
    put(1, cr, 0);
    put(2, lf, 1);
    put(3, cr, 1);
    put(4, mix, 1);
    /* A 40000-octet header: three reads of 16384 octets. */
    char *h = long_header(40000), *m = malloc(40000 + 64);
    ck_assert_ptr_nonnull(m);
    sprintf(m, "%s\nthe body\n", h);
    put(5, m, 1);
    free(h);
    /* The empty line's CR is the last octet of the first read, its LF the
     * first of the second (the reads are 16384 octets). */
    h = long_header(16383);
    sprintf(m, "%s\r\nbody after a split empty line\n", h);
    put(6, m, 0);
    free(h);
    free(m);
    imapd_start(&D, NULL);
}

static void teardown(void)
{
    imapd_down(&D);
    for (int i = 0; i < NMSG; i++) {
        free(texts[i]);
        texts[i] = NULL;
    }
}

/* Send `F FETCH n (ITEM)` where ITEM is answered with one literal; return
 * the literal (malloc'ed, *len octets) and the response's text before it
 * in @p before. */
static char *fetch_literal(int fd, int n, const char *item, size_t *len, char *before,
                           size_t beforesz)
{
    char cmd[256], line[8192];
    snprintf(cmd, sizeof cmd, "F FETCH %d (%s)\r\n", n, item);
    ck_assert_int_eq(tl_send(fd, cmd), 0);
    ssize_t r = tl_read_line(fd, line, sizeof line);
    ck_assert_msg(r > 0, "no answer to %s", cmd);
    char *brace = strrchr(line, '{');
    ck_assert_msg(brace != NULL && line[0] == '*', "no literal in %s", line);
    snprintf(before, beforesz, "%.*s", (int)(brace - line), line);
    size_t want = strtoul(brace + 1, NULL, 10), got = 0;
    char *buf = malloc(want + sizeof line);
    ck_assert_ptr_nonnull(buf);
    while (got < want) {                 /* our literals end with CRLF */
        r = tl_read_line(fd, buf + got, sizeof line);
        ck_assert_msg(r > 0, "literal of %s cut short", cmd);
        got += (size_t)r;
    }
    ck_assert_uint_eq(got, want);
    r = tl_read_line(fd, line, sizeof line);
    ck_assert_msg(r > 0 && line[0] == ')', "after the literal: %s", line);
    r = tl_read_line(fd, line, sizeof line);
    ck_assert_msg(r > 0 && strncmp(line, "F OK", 4) == 0, "tagged: %s", line);
    *len = want;
    return buf;
}

/* The number after "RFC822.SIZE " in @p s. */
static size_t size_in(const char *s)
{
    const char *p = strstr(s, "RFC822.SIZE ");
    ck_assert_msg(p != NULL, "no RFC822.SIZE in %s", s);
    return strtoul(p + 12, NULL, 10);
}

/* RFC822.SIZE (from ,W= or from the file) is the BODY[] literal's length,
 * and the literal is the CRLF form of the file. */
START_TEST(size_equals_body_literal)
{
    int fd = imap_login(&D.p, "alice", "secret");
    IMAP_OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    for (int i = 0; i < NMSG; i++) {
        char before[8192];
        size_t len, want_len;
        char *want = crlf(texts[i], &want_len);
        char *got = fetch_literal(fd, i + 1, "RFC822.SIZE BODY.PEEK[]", &len, before,
                                  sizeof before);
        ck_assert_msg(size_in(before) == len, "message %d (W= %d): RFC822.SIZE %zu, BODY[] %zu",
                      i + 1, with_w[i], size_in(before), len);
        ck_assert_uint_eq(len, want_len);
        ck_assert(memcmp(got, want, len) == 0);
        free(got);
        /* RFC822.SIZE alone (no file read when the name has W=). */
        const char *u;
        char cmd[64];
        snprintf(cmd, sizeof cmd, "FETCH %d (RFC822.SIZE)", i + 1);
        IMAP_OK(imap_cmd(fd, "Z", cmd, &u));
        ck_assert_uint_eq(size_in(u), want_len);
        free(want);
    }
    close(fd);
}
END_TEST

/* BODY[HEADER], RFC822.HEADER and HEADER.FIELDS read only the header, and
 * send what a full read sends. */
START_TEST(header_items_read_whole_header)
{
    int fd = imap_login(&D.p, "alice", "secret");
    IMAP_OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    for (int i = 0; i < NMSG; i++) {
        char before[8192];
        size_t len, hlen, all_len;
        char *all = crlf(texts[i], &all_len);
        const char *end = strstr(all, "\r\n\r\n");
        ck_assert_ptr_nonnull(end);
        size_t want = (size_t)(end - all) + 4;
        char *h = fetch_literal(fd, i + 1, "BODY.PEEK[HEADER]", &hlen, before, sizeof before);
        ck_assert_msg(hlen == want && memcmp(h, all, want) == 0,
                      "message %d: header of %zu octets, want %zu", i + 1, hlen, want);
        free(h);
        h = fetch_literal(fd, i + 1, "RFC822.HEADER", &len, before, sizeof before);
        ck_assert_uint_eq(len, want);
        free(h);
        h = fetch_literal(fd, i + 1, "BODY.PEEK[HEADER.FIELDS (SUBJECT)]", &len, before,
                          sizeof before);
        ck_assert_msg(len > 10 && strncmp(h, "Subject: ", 9) == 0, "message %d: %.*s", i + 1,
                      (int)len, h);
        free(h);
        free(all);
    }
    /* ENVELOPE of the long header: its subject is found. */
    const char *u;
    IMAP_OK(imap_cmd(fd, "E", "FETCH 6 ENVELOPE", &u));
    IMAP_HAS(u, "\"long\"");
    /* Still \Seen-free: every fetch above was a peek or RFC822.HEADER. */
    IMAP_OK(imap_cmd(fd, "G", "FETCH 1:* (FLAGS)", &u));
    ck_assert_int_eq(imap_occurrences(u, "\\Seen"), 0);
    close(fd);
}
END_TEST

/* FLAGS, UID and INTERNALDATE need no read; their answers are as before. */
START_TEST(flags_uid_internaldate)
{
    const char *u;
    int fd = imap_login(&D.p, "alice", "secret");
    IMAP_OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    IMAP_OK(imap_cmd(fd, "A", "FETCH 1:* (UID FLAGS INTERNALDATE)", &u));
    ck_assert_int_eq(imap_occurrences(u, "INTERNALDATE \""), NMSG);
    IMAP_HAS(u, "* 7 FETCH (UID 7 FLAGS () INTERNALDATE \"");
    IMAP_OK(imap_cmd(fd, "B", "UID FETCH 3 FLAGS", &u));
    IMAP_HAS(u, "* 3 FETCH (UID 3 FLAGS ())");
    close(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("imapd-fetch-size");
    TCase *tc = tl_tcase("imapd-fetch-size");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, size_equals_body_literal);
    tcase_add_test(tc, header_items_read_whole_header);
    tcase_add_test(tc, flags_uid_internaldate);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
