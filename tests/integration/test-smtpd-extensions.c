/*
 * test-smtpd-extensions.c -- integration tests of minimail-smtpd's ESMTP
 * extensions (chapter storing-mail): SIZE (RFC 1870), 8BITMIME (RFC 6152),
 * PIPELINING (RFC 2920), ENHANCEDSTATUSCODES (RFC 2034); and the bad
 * input of issue 3 as it meets a server that stores mail: nothing refused
 * is ever stored, and the session lives on.
 */
#include "smtpd-util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const USERS = "alice:{PLAIN}a\nbob:{PLAIN}b\ncarol:{PLAIN}c\n";

/* Read one reply and check its last line's start. */
static void expect_reply(int fd, const char *want)
{
    char line[1100];
    int code = smtp_read_reply(fd, line, sizeof line);
    ck_assert_msg(code > 0 && strncmp(line, want, strlen(want)) == 0,
                  "expected \"%s...\", got \"%s\"", want, code > 0 ? line : "(nothing)");
}

START_TEST(ehlo_announces_the_extensions)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--max-size", "1000", NULL };
    char line[600];
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    ck_assert_int_eq(tl_send(fd, "EHLO client.example.org\r\n"), 0);
    ck_assert(tl_expect_prefix(fd, "250-mx.example.test"));
    ck_assert(tl_expect_line(fd, "250-SIZE 1000"));
    ck_assert(tl_expect_line(fd, "250-8BITMIME"));
    ck_assert(tl_expect_line(fd, "250-PIPELINING"));
    ck_assert(tl_expect_line(fd, "250 ENHANCEDSTATUSCODES"));
    /* The same server answers HELO with a single line. */
    ck_assert_int_eq(tl_send(fd, "HELO client.example.org\r\n"), 0);
    ck_assert_int_eq(smtp_read_reply(fd, line, sizeof line), 250);
    ck_assert(strncmp(line, "250 mx.example.test", 19) == 0);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(size_declared_at_mail)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--max-size", "1000", NULL };
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=1001", "552 5.3.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=99999999999999999999", "552 5.3.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=ten", "501 5.5.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE", "501 5.5.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=", "501");
    /* Python's smtplib writes the keyword in lower case. */
    smtp_cmd(fd, "MAIL FROM:<s@example.org> size=1000", "250 2.1.0");
    smtp_cmd(fd, "RSET", "250 2.0.0");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=0", "250 2.1.0");
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(size_enforced_after_the_dot)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--max-size", "1000", NULL };
    char big[1600];
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> SIZE=100", "250 2.1.0");   /* a lie */
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: big\r\n\r\n"), 0);
    for (int i = 0; i < 20; i++) {              /* 20 lines of 80: 1600 octets */
        memset(big, 'x', 78);
        memcpy(big + 78, "\r\n", 3);
        ck_assert_int_eq(tl_send(fd, big), 0);
    }
    smtp_cmd(fd, ".", "552 5.3.4");
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&d, "alice", "tmp"), 0);
    /* Just at the limit is fine; the session goes on. */
    const char *const r[] = { "alice@example.test", NULL };
    char fits[1001];                            /* 9 lines of 98 + LF */
    size_t o = (size_t)snprintf(fits, sizeof fits, "Subject: fits\n\n");
    for (int i = 0; i < 9; i++) {
        memset(fits + o, 'y', 98);
        fits[o + 98] = '\n';
        o += 99;
    }
    fits[o] = '\0';                             /* 917 octets with CRLF */
    smtp_send_message(fd, "s@example.org", r, fits, "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(eight_bit_mime)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    static const char body[] = "Subject: =?utf-8?q?gr=C3=BC=C3=9Fe?=\n"
                               "Content-Type: text/plain; charset=utf-8\n"
                               "Content-Transfer-Encoding: 8bit\n\n"
                               "Gr\xc3\xbc\xc3\x9f""e, \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x93\xa8\n"
                               "latin-1: \xe9\xe8\xff\n";
    size_t len;
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> BODY=BINARYMIME", "501 5.5.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> BODY", "501 5.5.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> FOO=bar", "555 5.5.4");
    smtp_cmd(fd, "MAIL FROM:<s@example.org> BODY=8BITMIME SIZE=500", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: =?utf-8?q?gr=C3=BC=C3=9Fe?=\r\n"
                                 "Content-Type: text/plain; charset=utf-8\r\n"
                                 "Content-Transfer-Encoding: 8bit\r\n\r\n"
                                 "Gr\xc3\xbc\xc3\x9f""e, \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x93\xa8\r\n"
                                 "latin-1: \xe9\xe8\xff\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0");
    char *got = smtpd_only_message(&d, "alice", &len);
    ck_assert_str_eq(smtpd_after_trace(got), body);
    free(got);
    /* BODY=7BIT with 8-bit octets anyway: stored unchanged as well. */
    smtp_cmd(fd, "MAIL FROM:<s@example.org> body=7bit", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<bob@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: x\r\n\r\n\xe9\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0");
    got = smtpd_only_message(&d, "bob", &len);
    ck_assert_str_eq(smtpd_after_trace(got), "Subject: x\n\n\xe9\n");
    free(got);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(enhanced_codes_on_every_reply)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    /* RFC 2034 §4: regardless of whether EHLO is employed. */
    smtp_cmd(fd, "HELO client.example.org", "250 ");
    smtp_cmd(fd, "NOOP", "250 2.0.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "503 5.5.1");
    smtp_cmd(fd, "FROBNICATE", "500 5.5.");
    smtp_cmd(fd, "MAIL FROM:<not an address>", "501 5.");
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "250 2.1.0");
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "503 5.5.1");
    smtp_cmd(fd, "RCPT TO:<nobody@example.test>", "550 5.1.1");
    smtp_cmd(fd, "RCPT TO:<x@elsewhere.example>", "550 5.7.1");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "VRFY alice", "252 2.");
    smtp_cmd(fd, "RSET", "250 2.0.0");
    smtp_cmd(fd, "QUIT", "221 2.0.0");
    tl_close(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(pipelined_groups)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    size_t len;
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    /* RFC 2920 §3.1: MAIL, RCPT... and DATA in one group, one write. */
    ck_assert_int_eq(tl_send(fd, "MAIL FROM:<s@example.org>\r\n"
                                 "RCPT TO:<alice@example.test>\r\n"
                                 "RCPT TO:<nobody@example.test>\r\n"
                                 "RCPT TO:<bob@example.test>\r\n"
                                 "DATA\r\n"), 0);
    expect_reply(fd, "250 2.1.0");
    expect_reply(fd, "250 2.1.5");
    expect_reply(fd, "550 5.1.1");
    expect_reply(fd, "250 2.1.5");
    expect_reply(fd, "354 ");
    /* The message, and the next transaction, in one write. */
    ck_assert_int_eq(tl_send(fd, "Subject: one\r\n\r\nfirst\r\n.\r\n"
                                 "MAIL FROM:<s@example.org>\r\n"
                                 "RCPT TO:<carol@example.test>\r\n"
                                 "DATA\r\n"), 0);
    expect_reply(fd, "250 2.0.0");
    expect_reply(fd, "250 2.1.0");
    expect_reply(fd, "250 2.1.5");
    expect_reply(fd, "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: two\r\n\r\nsecond\r\n.\r\nQUIT\r\n"), 0);
    expect_reply(fd, "250 2.0.0");
    expect_reply(fd, "221 ");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    char *a = smtpd_only_message(&d, "alice", &len);
    char *b = smtpd_only_message(&d, "bob", &len);
    char *c = smtpd_only_message(&d, "carol", &len);
    ck_assert_str_eq(smtpd_after_trace(a), "Subject: one\n\nfirst\n");
    ck_assert_str_eq(smtpd_after_trace(b), "Subject: one\n\nfirst\n");
    ck_assert_str_eq(smtpd_after_trace(c), "Subject: two\n\nsecond\n");
    free(a);
    free(b);
    free(c);
    smtpd_down(&d);
}
END_TEST

START_TEST(a_whole_session_in_one_write)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    char batch[8192];
    size_t o = 0;
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    /* More than a client may send (RFC 2920 wants a wait after DATA), but
     * a server must lose nothing of what it has buffered: three whole
     * transactions and QUIT in one write. */
    o += (size_t)snprintf(batch + o, sizeof batch - o, "EHLO client.example.org\r\n");
    for (int i = 0; i < 3; i++)
        o += (size_t)snprintf(batch + o, sizeof batch - o,
                              "MAIL FROM:<s@example.org>\r\nRCPT TO:<alice@example.test>\r\n"
                              "DATA\r\nSubject: %d\r\n\r\n..%d\r\n.\r\n", i, i);
    o += (size_t)snprintf(batch + o, sizeof batch - o, "QUIT\r\n");
    ck_assert_int_eq(tl_send_bytes(fd, batch, o), 0);
    expect_reply(fd, "250 ");
    for (int i = 0; i < 3; i++) {
        expect_reply(fd, "250 2.1.0");
        expect_reply(fd, "250 2.1.5");
        expect_reply(fd, "354 ");
        expect_reply(fd, "250 2.0.0");
    }
    expect_reply(fd, "221 ");
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 3);
    smtpd_down(&d);
}
END_TEST

START_TEST(recipient_limit)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--max-rcpt", "2", NULL };
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "RCPT TO:<bob@example.test>", "250 2.1.5");
    smtp_cmd(fd, "RCPT TO:<carol@example.test>", "452 4.5.3");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: limit\r\n\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    ck_assert_int_eq(smtpd_count(&d, "bob", "new"), 1);
    ck_assert_int_eq(smtpd_count(&d, "carol", "new"), -1);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(bad_data_is_refused_and_nothing_stored)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    char line[1200];
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");

    /* "SMTP smuggling": <LF>.<LF> and <CR>.<CR> are not the end of the
     * message; the "MAIL FROM" after them is message text, not a command.
     * The message holds bare line ends and is refused after the real end. */
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: smuggle\r\n\r\nx\n.\nMAIL FROM:<evil@example.org>\r\n"
                                 "RCPT TO:<bob@example.test>\r\nDATA\r\nx\r.\rmore\r\n"), 0);
    smtp_cmd(fd, ".", "554 5.6.");
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&d, "bob", "new"), 0);

    /* A NUL octet. */
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    static const char nul[] = "Subject: nul\r\n\r\na\0b\r\n";
    ck_assert_int_eq(tl_send_bytes(fd, nul, sizeof nul - 1), 0);
    smtp_cmd(fd, ".", "554 5.6.");
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);

    /* A text line over 1000 octets (RFC 5321 §4.5.3.1.6). */
    smtp_cmd(fd, "MAIL FROM:<s@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    memset(line, 'z', 1100);
    memcpy(line + 1100, "\r\n", 3);
    ck_assert_int_eq(tl_send(fd, line), 0);
    smtp_cmd(fd, ".", "5");
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&d, "alice", "tmp"), 0);

    /* The session is still good. */
    const char *const r[] = { "alice@example.test", NULL };
    smtp_send_message(fd, "s@example.org", r, "Subject: fine\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(too_many_errors_and_idle_timeout)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--timeout", "1", NULL };
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    int code = 0;
    char line[600];
    /* Errors until the server gives up with 421 (RFC 5321 §4.1.1.10 lets
     * it; the limit is chapter 4's, 10 by default). */
    for (int i = 0; i < 30 && code != 421; i++) {
        ck_assert_int_eq(tl_send(fd, "RCPT TO:<x@elsewhere.example>\r\n"), 0);
        code = smtp_read_reply(fd, line, sizeof line);
        ck_assert(code == 503 || code == 421);
    }
    ck_assert_int_eq(code, 421);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    /* Idle for --timeout: 421 and close. */
    fd = smtpd_connect(&d);
    ck_assert_int_eq(smtp_read_reply(fd, line, sizeof line), 421);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    smtpd_down(&d);
}
END_TEST

/* A client that pipelines and never reads a reply: HELP (six octets in,
 * some four hundred out) fills the server's send buffer at once.  Its
 * write blocks, fails after the send timeout (--timeout), and the session
 * must end there -- not read on, answering into the void, for as long as
 * the client sends.  The slot comes free, the server serves the next.
 * (Two layers end it: a handler whose reply fails returns SMTP_CMD_ERROR,
 * and the loop checks outbuf_failed() for replies nobody checked.) */
START_TEST(client_that_never_reads_is_cut_off)
{
    struct smtpd d;
    const char *const extra[] = { "--timeout", "1", "--max-sessions", "1", NULL };
    char me[64], line[600], end[128];
    size_t sent = 0;
    smtpd_up(&d, USERS, extra);
    int fd = tl_connect_rcvbuf(d.p.host, d.p.port, 4096);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(smtp_read_reply(fd, line, sizeof line), 220);
    ck_assert_int_eq(tl_sockname(fd, me, sizeof me), 0);
    enum tl_flood_result r = tl_flood(fd, "HELP\r\n", 64 * 1024 * 1024, &sent);
    ck_assert_msg(r == TL_FLOOD_CUT_OFF, "the server %s (%zu bytes sent)",
                  r == TL_FLOOD_STUCK ? "stopped reading but never closed"
                                      : "read forever without writing", sent);
    tl_close(fd);
    /* The session ended on its failed write, and the server saw it: "end
     * ME (pid N, exit 1," -- an error, not a crash. */
    snprintf(end, sizeof end, "end %s (pid ", me);
    char *log = tl_stderr_line(&d.p, end);
    ck_assert_msg(log != NULL, "the server's log never said \"%s\"", end);
    ck_assert_msg(strstr(log, ", exit 1,") != NULL, "%s", log);
    free(log);
    /* The slot is free (--max-sessions 1): the next client is served. */
    fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_quit(fd);
    ck_assert_int_eq(smtpd_down(&d), 0);
}
END_TEST

static Suite *ext_suite(void)
{
    Suite *s = suite_create("smtpd-extensions");
    TCase *tc = tl_tcase("smtpd-extensions");
    tcase_add_test(tc, ehlo_announces_the_extensions);
    tcase_add_test(tc, size_declared_at_mail);
    tcase_add_test(tc, size_enforced_after_the_dot);
    tcase_add_test(tc, eight_bit_mime);
    tcase_add_test(tc, enhanced_codes_on_every_reply);
    tcase_add_test(tc, pipelined_groups);
    tcase_add_test(tc, a_whole_session_in_one_write);
    tcase_add_test(tc, recipient_limit);
    tcase_add_test(tc, bad_data_is_refused_and_nothing_stored);
    tcase_add_test(tc, too_many_errors_and_idle_timeout);
    tcase_add_test(tc, client_that_never_reads_is_cut_off);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(ext_suite());
}
