/*
 * test-imapd-never-reads.c -- chapter 11's minimail-imapd and a client
 * that pipelines commands and never reads a response.
 *
 * FETCH of a big message body is a few dozen octets in and a quarter of a
 * megabyte out: with the client's receive window kept small, the
 * server's send buffer is full after the first one.  Its write blocks,
 * fails after the send timeout (--timeout), and from then on nothing it
 * says can reach the client.  The session must end there, not read on
 * and answer into the void for as long as the client cares to send; its
 * slot comes free and the server serves the next client.  (Two layers
 * end it: a command whose response fails returns IMAP_CMD_ERROR, and the
 * loop checks outbuf_failed() for responses nobody checked.)
 *
 * Every wait is bounded (testlib); nothing sleeps for a fixed time.
 */
#include "imapd-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

/** The size of the body FETCH sends back, again and again. */
#define BIG (256 * 1024)

static struct imapd D;     /* the server and its Maildir root */

static void setup(void)
{
    imapd_prepare(&D, IMAPD);
}

static void teardown(void)
{
    imapd_down(&D);
}

/* The server logs the end of the session of @p me: "end ME (pid N, exit 1,"
 * -- it ended on its error, not on a crash (bounded wait). */
static void expect_session_end(const char *me)
{
    char want[128], *line;

    snprintf(want, sizeof want, "end %s (pid ", me);
    line = tl_stderr_line(&D.p, want);
    ck_assert_msg(line != NULL, "the server's log never said \"%s\"", want);
    ck_assert_msg(strstr(line, ", exit 1,") != NULL, "%s", line);
    free(line);
}

START_TEST(client_that_never_reads_is_cut_off)
{
    const char *const extra[] = { "--timeout", "1", "--max-sessions", "1", NULL };
    char me[64];
    size_t sent = 0, len = strlen("From: t@example.test\nSubject: big\n\n");
    char *text = malloc(len + BIG + 1);

    ck_assert_ptr_nonnull(text);
    memcpy(text, "From: t@example.test\nSubject: big\n\n", len);
    for (size_t i = 0; i < BIG; i += 64)
        memcpy(text + len + i, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.\n", 64);
    text[len + BIG] = '\0';
    imapd_make_maildir(D.root, "alice");
    imapd_drop_text(D.root, "alice", NULL, text);
    free(text);
    imapd_start(&D, extra);

    int fd = tl_connect_rcvbuf(D.p.host, D.p.port, 4096);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(tl_sockname(fd, me, sizeof me), 0);
    ck_assert(tl_expect_prefix(fd, "* OK [CAPABILITY IMAP4rev1 "));
    IMAP_OK(imap_cmd(fd, "L", "LOGIN alice secret", NULL));
    IMAP_OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    /* BODY.PEEK: the message stays as it is, every FETCH is the same. */
    enum tl_flood_result r = tl_flood(fd, "F FETCH 1 BODY.PEEK[]\r\n", 64 * 1024 * 1024, &sent);
    ck_assert_msg(r == TL_FLOOD_CUT_OFF, "the server %s (%zu bytes sent)",
                  r == TL_FLOOD_STUCK ? "stopped reading but never closed"
                                      : "read forever without writing", sent);
    tl_close(fd);
    /* The session ended on its failed write, and the server saw it. */
    expect_session_end(me);
    /* The slot is free (--max-sessions 1): the next client is served. */
    fd = imap_login(&D.p, "alice", "secret");
    IMAP_OK(imap_cmd(fd, "Z", "LOGOUT", NULL));
    tl_close(fd);
    ck_assert_int_eq(imapd_down(&D), 0);
}
END_TEST

static Suite *never_reads_suite(void)
{
    Suite *s = suite_create("imapd-never-reads");
    TCase *tc = tl_tcase("never-reads");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, client_that_never_reads_is_cut_off);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(never_reads_suite());
}
