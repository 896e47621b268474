/*
 * test-relay-queue.c -- relaying between two of our servers: alice.test
 * (the relay, --route bob.test=...) and bob.test (the final destination).
 * End to end, byte for byte; local and remote recipients in one
 * transaction; retries (next hop down, then up: delivered once); a bounce
 * for a 5xx (multipart/report in the sender's Maildir); no bounce for a
 * bounce; expiry (4.4.7); the queue survives kill -9 and a restart.
 * Every wait polls the Maildirs or the spool, with a bound.
 */
#include "relay-util.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct smtpd alice, bob;

static void setup(void)
{
    memset(&alice, 0, sizeof alice);
    memset(&bob, 0, sizeof bob);
}

static void teardown(void)
{
    if (alice.dir != NULL)
        smtpd_down(&alice);
    if (bob.dir != NULL)
        smtpd_down(&bob);
}

/* bob.test, listening on @p listen (NULL: any port). */
static void start_bob(const char *listen)
{
    if (bob.dir == NULL)
        smtpd_prepare(&bob, RELAY_USERS);
    relay_start(&bob, "bob.test", listen, NULL);
}

/* alice.test, relaying bob.test to @p port, with short retries. */
static void start_alice(const char *port, const char *lifetime)
{
    static char route[80];
    snprintf(route, sizeof route, "bob.test=127.0.0.1:%s", port);
    const char *extra[] = { "--route", route, "--retry-min", "1", "--retry-max", "2",
                            "--queue-lifetime", lifetime, "--relay-timeout", "10", NULL };
    if (alice.dir == NULL)
        smtpd_prepare(&alice, RELAY_USERS);
    relay_start(&alice, "alice.test", NULL, extra);
}

/* Log in to alice as alice and send @p text to the recipients; the reply
 * to "." must start with @p want. */
static void send_via_alice(const char *from, const char *const *rcpts, const char *text,
                           const char *want)
{
    char line[600];
    int fd = smtpd_connect(&alice);
    relay_login(fd, "alice", "secret");
    snprintf(line, sizeof line, "MAIL FROM:<%s>", from);
    smtp_cmd(fd, line, "250 2.1.0");
    for (size_t i = 0; rcpts[i] != NULL; i++) {
        snprintf(line, sizeof line, "RCPT TO:<%s>", rcpts[i]);
        smtp_cmd(fd, line, "250 2.1.5");
    }
    smtp_cmd(fd, "DATA", "354 ");
    /* Dot-stuffed, CRLF line ends. */
    for (const char *p = text; *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        if (*p == '.')
            ck_assert_int_eq(tl_send(fd, "."), 0);
        ck_assert_int_eq(tl_send_bytes(fd, p, n), 0);
        ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
        p += n + (nl != NULL);
    }
    smtp_cmd(fd, ".", want);
    smtp_quit(fd);
}

/* Skip one folded header field starting at p; returns the next line. */
static const char *skip_field(const char *p, const char *name)
{
    ck_assert_msg(strncmp(p, name, strlen(name)) == 0, "expected %s, got %.60s", name, p);
    do
        p = strchr(p, '\n') + 1;
    while (*p == '\t' || *p == ' ');
    return p;
}

static const char text[] =
    "From: Alice <alice@alice.test>\n"
    "To: Bob <bob@bob.test>\n"
    "Subject: relayed, caf\xc3\xa9\n"
    "\n"
    "Hello Bob,\n"
    ".a line that starts with a dot\n"
    "..and one with two\n"
    "\n"
    "trailing blanks   \n"
    "8-bit: \xe2\x82\xac\n";

START_TEST(end_to_end_byte_exact)
{
    start_bob(NULL);
    start_alice(bob.p.port, "1h");
    const char *rcpts[] = { "bob@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    ck_assert_int_eq(relay_wait_count(&bob, "bob", 1), 1);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);

    size_t len;
    char *msg = smtpd_only_message(&bob, "bob", &len);
    /* Bob's trace fields, then alice's Received:, then the message
     * exactly as sent (LF line ends in the Maildir). */
    ck_assert(strncmp(msg, "Return-Path: <alice@alice.test>\n", 32) == 0);
    const char *p = skip_field(msg + 32, "Received: from alice.test ([127.0.0.1])\n\tby bob.test");
    ck_assert_ptr_nonnull(strstr(p, "by alice.test (minimail) with ESMTPA id "));
    p = skip_field(p, "Received: from client.example.org ([127.0.0.1])\n\tby alice.test");
    ck_assert_str_eq(p, text);
    free(msg);
    ck_assert(smtpd_wait_log(&alice, "done (1 delivered, 0 failed)"));
}
END_TEST

START_TEST(smarthost_takes_the_rest)
{
    static char smarthost[40];
    start_bob(NULL);
    snprintf(smarthost, sizeof smarthost, "127.0.0.1:%s", bob.p.port);
    const char *extra[] = { "--smarthost", smarthost, "--retry-min", "1", NULL };
    smtpd_prepare(&alice, RELAY_USERS);
    relay_start(&alice, "alice.test", NULL, extra);
    const char *rcpts[] = { "bob@bob.test", NULL };       /* no --route for bob.test */
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    ck_assert_int_eq(relay_wait_count(&bob, "bob", 1), 1);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
}
END_TEST

START_TEST(local_and_remote_in_one_transaction)
{
    start_bob(NULL);
    start_alice(bob.p.port, "1h");
    const char *rcpts[] = { "bob@alice.test", "bob@bob.test", "alice@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: delivered as ");
    ck_assert_int_eq(smtpd_count(&alice, "bob", "new"), 1);    /* at once, before 250 */
    ck_assert_int_eq(relay_wait_count(&bob, "bob", 1), 1);
    ck_assert_int_eq(relay_wait_count(&bob, "alice", 1), 1);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    /* One transaction with bob for both remote recipients. */
    ck_assert(smtpd_wait_log(&alice, "done (2 delivered, 0 failed)"));
}
END_TEST

START_TEST(retry_until_the_next_hop_is_up)
{
    char port[16];
    relay_free_port(port, sizeof port);
    start_alice(port, "1h");                       /* bob is not there yet */
    const char *rcpts[] = { "bob@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    ck_assert(smtpd_wait_log(&alice, "deferred, attempt 1"));
    ck_assert_int_eq(relay_spool_count(&alice), 1);

    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%s", port);
    start_bob(listen);                             /* now it is */
    ck_assert_int_eq(relay_wait_count(&bob, "bob", 1), 1);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    ck_assert(smtpd_wait_log(&alice, "done (1 delivered, 0 failed)"));
    /* Delivered once, not twice: one transaction in bob's log, one file. */
    char *log = tl_stderr(&bob.p);
    const char *first = strstr(log, "250 OK: delivered as");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, "250 OK: delivered as"));
    free(log);
    ck_assert_int_eq(smtpd_count(&bob, "bob", "new"), 1);
}
END_TEST

/* The only message in ROOT/MAILBOX/new, once it is there. */
static char *bounce_in(struct smtpd *d, const char *mailbox)
{
    size_t len;
    ck_assert_int_eq(relay_wait_count(d, mailbox, 1), 1);
    return smtpd_only_message(d, mailbox, &len);
}

/* Check the structure of an RFC 3464 bounce (LF line ends: a Maildir). */
static void check_bounce(const char *b, const char *rcpt, const char *status)
{
    char boundary[100], delim[120], want[200];
    ck_assert_msg(strncmp(b, "Return-Path: <>\n", 16) == 0, "%.40s", b);
    ck_assert_ptr_nonnull(strstr(b, "\nFrom: Mail Delivery System <MAILER-DAEMON@alice.test>\n"));
    ck_assert_ptr_nonnull(strstr(b, "\nTo: <alice@alice.test>\n"));
    const char *ct = strstr(b, "\nContent-Type: multipart/report; report-type=delivery-status;\n"
                               "\tboundary=\"");
    ck_assert_ptr_nonnull(ct);
    ck_assert_int_eq(sscanf(strstr(ct, "boundary=\""), "boundary=\"%99[^\"]\"", boundary), 1);
    snprintf(delim, sizeof delim, "\n--%s\n", boundary);
    const char *parts[] = { "Content-Type: text/plain", "Content-Type: message/delivery-status",
                            "Content-Type: text/rfc822-headers" };
    const char *p = b;
    for (int i = 0; i < 3; i++) {
        p = strstr(p, delim);
        ck_assert_msg(p != NULL, "part %d missing", i + 1);
        p += strlen(delim);
        ck_assert_msg(strncmp(p, parts[i], strlen(parts[i])) == 0, "part %d: %.50s", i + 1, p);
    }
    snprintf(delim, sizeof delim, "\n--%s--\n", boundary);
    ck_assert_ptr_nonnull(strstr(p, delim));
    ck_assert_ptr_nonnull(strstr(b, "\nReporting-MTA: dns; alice.test\n"));
    snprintf(want, sizeof want, "\nFinal-Recipient: rfc822; %s\nAction: failed\nStatus: %s\n",
             rcpt, status);
    ck_assert_msg(strstr(b, want) != NULL, "no \"%s\" in the bounce", want);
    ck_assert_ptr_nonnull(strstr(p, "Subject: relayed, caf\xc3\xa9\n"));   /* original header */
    ck_assert_ptr_null(strstr(b, "Hello Bob,"));                            /* not the body */
}

START_TEST(bounce_on_a_5xx)
{
    start_bob(NULL);
    start_alice(bob.p.port, "1h");
    const char *rcpts[] = { "nobody@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    char *b = bounce_in(&alice, "alice");
    check_bounce(b, "nobody@bob.test", "5.1.1");
    ck_assert_ptr_nonnull(strstr(b, "\nRemote-MTA: dns; 127.0.0.1\n"));
    ck_assert_ptr_nonnull(strstr(b, "\nDiagnostic-Code: smtp; 550 5.1.1 <nobody@bob.test>: no such user here\n"));
    free(b);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    ck_assert_int_le(smtpd_count(&bob, "nobody", "new"), 0);
}
END_TEST

START_TEST(no_bounce_for_a_bounce)
{
    start_bob(NULL);
    start_alice(bob.p.port, "1h");
    const char *rcpts[] = { "nobody@bob.test", NULL };
    send_via_alice("", rcpts, text, "250 2.0.0 OK: queued as ");
    ck_assert(smtpd_wait_log(&alice, "no bounce for a message from <>"));
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    ck_assert_int_le(smtpd_count(&alice, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&alice, "postmaster", "new"), 0);
}
END_TEST

START_TEST(expiry_bounces_with_4_4_7)
{
    char port[16];
    relay_free_port(port, sizeof port);
    start_alice(port, "2");                        /* nobody there, ever */
    const char *rcpts[] = { "bob@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    char *b = bounce_in(&alice, "alice");
    check_bounce(b, "bob@bob.test", "4.4.7");
    free(b);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    ck_assert(smtpd_wait_log(&alice, "expired after"));
}
END_TEST

START_TEST(queue_survives_kill_9)
{
    char port[16], listen[32];
    relay_free_port(port, sizeof port);
    start_alice(port, "1h");
    const char *rcpts[] = { "bob@bob.test", NULL };
    send_via_alice("alice@alice.test", rcpts, text, "250 2.0.0 OK: queued as ");
    /* The 250 was a promise: kill the server without warning. */
    tl_stop(&alice.p, SIGKILL);
    tl_cleanup(&alice.p);
    ck_assert_int_eq(relay_spool_count(&alice), 1);

    snprintf(listen, sizeof listen, "127.0.0.1:%s", port);
    start_bob(listen);
    start_alice(port, "1h");                       /* the same Maildir root and spool */
    ck_assert(smtpd_wait_log(&alice, "1 queued (picked up again)"));
    ck_assert_int_eq(relay_wait_count(&bob, "bob", 1), 1);
    ck_assert_int_eq(relay_wait_spool(&alice, 0), 0);
    size_t len;
    char *msg = smtpd_only_message(&bob, "bob", &len);
    ck_assert_ptr_nonnull(strstr(msg, text));
    free(msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("relay-queue");
    TCase *tc = tl_tcase("queue");
    /* Several queue waits per test (each bounded by 3x the network bound). */
    tcase_set_timeout(tc, 12.0 * tl_timeout_ms() / 1000.0 + 10.0);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, end_to_end_byte_exact);
    tcase_add_test(tc, smarthost_takes_the_rest);
    tcase_add_test(tc, local_and_remote_in_one_transaction);
    tcase_add_test(tc, retry_until_the_next_hop_is_up);
    tcase_add_test(tc, bounce_on_a_5xx);
    tcase_add_test(tc, no_bounce_for_a_bounce);
    tcase_add_test(tc, expiry_bounces_with_4_4_7);
    tcase_add_test(tc, queue_survives_kill_9);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
