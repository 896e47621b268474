/*
 * test-smtp-client.c -- integration tests of minimail-smtp (chapter 6,
 * smtp-client): the program against our own server (chapter 5's
 * minimail-smtpd on a loopback port 0 with a fresh Maildir root: the
 * message must land byte for byte), against fake servers that misbehave
 * (stall, answer garbage, hang up), and its command line (options, exit
 * status from sysexits.h).
 */
#include "testlib.h"
#include "smtpd-util.h"
#include "smtp-client-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static struct smtpd d;
static struct client_run r;

static void teardown(void)
{
    client_run_free(&r);
    if (d.dir != NULL)
        smtpd_down(&d);
}

/* --server 127.0.0.1:PORT for our running server */
static const char *server_arg(void)
{
    static char s[64];

    snprintf(s, sizeof s, "127.0.0.1:%s", d.p.port);
    return s;
}

static const char *catch_all[] = { "--domain", "example.test", "--catch-all", "bob", NULL };

/* ---- against minimail-smtpd -------------------------------------------- */

START_TEST(message_lands_byte_exact)
{
    /* every shape of line the sending side must fix or protect: CRLF, a
     * bare LF, a bare CR, lines that start with dots, a lone dot, 8-bit
     * text, and no line end at the very end */
    static const char msg[] =
        "From: alice@example.org\r\nTo: bob@example.test\nSubject: dots\r\n\r\n"
        ".\n..\n.leading dot\r\nmiddle . dot\rcaf\xc3\xa9\n\n"
        "...three\r\nno line end at the end";
    static const char want[] =
        "From: alice@example.org\nTo: bob@example.test\nSubject: dots\n\n"
        ".\n..\n.leading dot\nmiddle . dot\ncaf\xc3\xa9\n\n"
        "...three\nno line end at the end\n";
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", NULL };
    size_t len;
    char *stored;

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    client_run(&r, msg, sizeof msg - 1, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert_str_eq(r.out, "");
    stored = smtpd_only_message(&d, "bob", &len);
    ck_assert_str_eq(smtpd_after_trace(stored), want);
    free(stored);
}
END_TEST

START_TEST(message_from_a_file)
{
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", NULL, NULL };
    char path[600];
    size_t len;
    char *stored;
    FILE *f;

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    snprintf(path, sizeof path, "%s/msg.eml", d.dir);
    f = fopen(path, "w");
    fputs("Subject: from a file\n\nline\n", f);
    fclose(f);
    args[6] = path;
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    stored = smtpd_only_message(&d, "bob", &len);
    ck_assert_str_eq(smtpd_after_trace(stored), "Subject: from a file\n\nline\n");
    free(stored);
}
END_TEST

START_TEST(composed_message_lands)
{
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--subject", "Gr\xc3\xbc\xc3\x9f" "e",
                           "--body", "Hello Bob,\n.\nbye", "--helo", "client.example.org", NULL };
    size_t len;
    char *stored;
    const char *m;

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    stored = smtpd_only_message(&d, "bob", &len);
    ck_assert(strstr(stored, "from client.example.org ") != NULL);  /* our --helo */
    m = smtpd_after_trace(stored);
    ck_assert_msg(strncmp(m, "Date: ", 6) == 0, "%s", m);
    ck_assert(strstr(m, "\nFrom: alice@example.org\nTo: bob@example.test\n") != NULL);
    ck_assert(strstr(m, "\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\n") != NULL);
    ck_assert(strstr(m, "\nMessage-ID: <") != NULL);
    ck_assert(strstr(m, "\nContent-Transfer-Encoding: 7bit\n\nHello Bob,\n.\nbye\n") != NULL);
    free(stored);
}
END_TEST

START_TEST(trace_shows_pipelining)
{
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--to", "carol@example.test",
                           "--trace", "--subject", "x", NULL };

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    /* our server announces PIPELINING: MAIL, both RCPTs and DATA leave
     * before the first reply is read (RFC 2920 §3) */
    ck_assert(strstr(r.err, "S: 250-PIPELINING\n") != NULL);
    ck_assert_msg(strstr(r.err, "\nC: RCPT TO:<bob@example.test>\nC: RCPT TO:<carol@example.test>\n"
                                "C: DATA\nS: 250 2.1.0 ") != NULL, "%s", r.err);
    ck_assert(strstr(r.err, "C: MAIL FROM:<alice@example.org> SIZE=") != NULL);
    ck_assert(strstr(r.err, "\nC: .\nS: 250 2.0.0 ") != NULL);
    ck_assert(strstr(r.err, "\nC: QUIT\nS: 221 ") != NULL);
}
END_TEST

START_TEST(trace_without_pipelining)
{
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--to", "carol@example.test",
                           "--trace", "--no-pipelining", "--subject", "x", NULL };

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "\nC: RCPT TO:<bob@example.test>\nS: 250 2.1.5 ") != NULL, "%s", r.err);
    ck_assert(strstr(r.err, "\nC: DATA\nS: 354 ") != NULL);
}
END_TEST

START_TEST(some_recipients_refused)
{
    const char *extra[] = { "--domain", "example.test", NULL };
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--to", "nobody@example.test",
                           "--to", "someone@elsewhere.example", "--subject", "x", NULL };
    size_t len;
    char *stored;

    smtpd_up(&d, "bob:{PLAIN}secret\n", extra);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    /* delivered to bob; refused for good for the others: EX_UNAVAILABLE,
     * and one line per refused recipient */
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert_msg(strstr(r.err, "<nobody@example.test>: 550 5.1.1 ") != NULL, "%s", r.err);
    ck_assert(strstr(r.err, "<someone@elsewhere.example>: 55") != NULL);
    ck_assert(strstr(r.err, "<bob@example.test>") == NULL);
    stored = smtpd_only_message(&d, "bob", &len);
    free(stored);
}
END_TEST

START_TEST(every_recipient_refused)
{
    const char *extra[] = { "--domain", "example.test", NULL };
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "nobody@example.test", "--subject", "x", NULL };

    smtpd_up(&d, "bob:{PLAIN}secret\n", extra);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert(strstr(r.err, "<nobody@example.test>: 550 5.1.1 ") != NULL);
    ck_assert_int_le(smtpd_count(&d, "bob", "new"), 0);
}
END_TEST

START_TEST(temporary_refusal)
{
    /* --max-rcpt 1: the second recipient gets 452 (try again later) */
    const char *extra[] = { "--domain", "example.test", "--catch-all", "bob", "--max-rcpt", "1", NULL };
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "a@example.test", "--to", "b@example.test",
                           "--subject", "x", "--verbose", NULL };
    size_t len;
    char *stored;

    smtpd_up(&d, NULL, extra);
    args[1] = server_arg();
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "<b@example.test>: 452 4.5.3 ") != NULL, "%s", r.err);
    ck_assert(strstr(r.err, "<a@example.test>: 250 ") != NULL);     /* --verbose */
    stored = smtpd_only_message(&d, "bob", &len);
    free(stored);
}
END_TEST

START_TEST(over_the_servers_size)
{
    const char *extra[] = { "--domain", "example.test", "--catch-all", "bob", "--max-size", "100", NULL };
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--trace", NULL };
    char big[400];

    memset(big, 'x', sizeof big);
    memcpy(big, "Subject: big\n\n", 14);
    smtpd_up(&d, NULL, extra);
    args[1] = server_arg();
    client_run(&r, big, sizeof big, args);
    /* the client knows the limit from EHLO and does not even try */
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert(strstr(r.err, "S: 250-SIZE 100\n") != NULL);
    ck_assert(strstr(r.err, "C: MAIL") == NULL);
    ck_assert_msg(strstr(r.err, "552 5.3.4 message is larger than the server's SIZE limit") != NULL,
                  "%s", r.err);
}
END_TEST

/* ---- misbehaving servers ------------------------------------------------ */

START_TEST(connection_refused)
{
    char port[16], srv[40];
    int lfd;
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--subject", "x", NULL };

    fake_server(NULL, port, sizeof port, &lfd);
    close(lfd);                                 /* nobody listens there now */
    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "refused") != NULL, "%s", r.err);
}
END_TEST

START_TEST(stalled_server)
{
    char port[16], srv[40];
    int lfd;
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--subject", "x", "--timeout", "1", NULL };

    fake_server(NULL, port, sizeof port, &lfd); /* listens, never greets */
    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    close(lfd);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "greeting: timed out") != NULL, "%s", r.err);
    ck_assert_int_ge(r.ms, 900);
    ck_assert_int_lt(r.ms, 4000);
}
END_TEST

START_TEST(stalls_after_data)
{
    static const struct fake_step s[] = {
        { NULL, "220 fake\r\n" }, { "EHLO client.example.org", "250 fake\r\n" },
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "x", NULL }, { ".", NULL },   /* ... and nothing */
        { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--timeout", "1", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, "x\n", 2, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "<b@example.test>: no reply: reply to the end of data: timed out") != NULL,
                  "%s", r.err);
    ck_assert_int_lt(r.ms, 4000);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(garbage_server)
{
    static const struct fake_step s[] = {
        { NULL, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--subject", "x", "--timeout", "2", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "not an SMTP reply") != NULL, "%s", r.err);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(garbage_after_ehlo)
{
    static const struct fake_step s[] = {
        { NULL, "220 fake\r\n" },
        { "EHLO client.example.org", "250-fake\r\n\x01\x02\x03 binary junk\r\n" },
        { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--subject", "x", "--timeout", "2", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "reply to EHLO: the server's reply is not an SMTP reply line") != NULL,
                  "%s", r.err);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(server_closes_early)
{
    static const struct fake_step s[] = {
        { NULL, "220 fake\r\n" }, { "EHLO client.example.org", "" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--subject", "x", "--timeout", "2", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_msg(strstr(r.err, "closed the connection") != NULL, "%s", r.err);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(server_closes_during_data)
{
    /* hangs up after the 354, while the message is being sent */
    static const struct fake_step s[] = {
        { NULL, "220 fake\r\n" }, { "EHLO client.example.org", "250 fake\r\n" },
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { NULL, "" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--timeout", "2", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);
    size_t n = 300000;
    char *big = malloc(n);

    memset(big, 'y', n);
    for (size_t i = 70; i < n; i += 71)
        big[i] = '\n';
    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, big, n, args);
    free(big);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);    /* and no death by SIGPIPE */
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(greeting_554)
{
    static const struct fake_step s[] = {
        { NULL, "554 5.7.1 You are not welcome\r\n" }, { "QUIT", "221 bye\r\n" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--subject", "x", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert_msg(strstr(r.err, "greeting: 554 5.7.1 You are not welcome") != NULL, "%s", r.err);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(greeting_421)
{
    static const struct fake_step s[] = {
        { NULL, "421 4.3.2 Too busy\r\n" }, { "QUIT", "221 bye\r\n" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--subject", "x", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

/* ---- AUTH (fake servers: minimail-smtpd learns AUTH in chapter 7) ------- */

static const struct fake_step auth_ok[] = {
    { NULL, "220 fake\r\n" },
    { "EHLO client.example.org", "250-fake\r\n250 AUTH LOGIN PLAIN\r\n" },
    { "AUTH PLAIN AGFsaWNlAHMzY3IzdCBwdw==", "235 2.7.0 OK\r\n" },
    { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
    { "RCPT TO:<b@example.test>", "250 OK\r\n" },
    { "DATA", "354 go\r\n" }, { "x", NULL }, { ".", "250 OK\r\n" },
    { "QUIT", "221 bye\r\n" }, { NULL, NULL }
};

START_TEST(auth_password_from_environment)
{
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--auth", "alice", "--trace", NULL };
    pid_t pid = fake_server(auth_ok, port, sizeof port, NULL);

    setenv("MINIMAIL_PASSWORD", "s3cr3t pw", 1);
    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, "x\n", 2, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert_int_eq(fake_server_wait(pid), 0);
    /* the trace does not show the credentials */
    ck_assert(strstr(r.err, "C: AUTH PLAIN ****\n") != NULL);
    ck_assert(strstr(r.err, "AGFsaWNl") == NULL);
}
END_TEST

START_TEST(auth_refused)
{
    static const struct fake_step s[] = {
        { NULL, "220 fake\r\n" },
        { "EHLO client.example.org", "250-fake\r\n250 AUTH LOGIN\r\n" },
        { "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n" },
        { "YWxpY2U=", "334 UGFzc3dvcmQ6\r\n" },
        { "d3Jvbmc=", "535 5.7.8 Authentication credentials invalid\r\n" },
        { "QUIT", "221 bye\r\n" }, { NULL, NULL }
    };
    char port[16], srv[40];
    const char *args[] = { "--server", srv, "--from", "a@example.org", "--to", "b@example.test",
                           "--helo", "client.example.org", "--auth", "alice", "--subject", "x", NULL };
    pid_t pid = fake_server(s, port, sizeof port, NULL);

    setenv("MINIMAIL_PASSWORD", "wrong", 1);
    snprintf(srv, sizeof srv, "127.0.0.1:%s", port);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_NOPERM);
    ck_assert(strstr(r.err, "AUTH: 535 5.7.8 ") != NULL);
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

START_TEST(auth_not_offered)
{
    const char *args[] = { "--server", NULL, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--auth", "alice", "--subject", "x", NULL };

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    setenv("MINIMAIL_PASSWORD", "secret", 1);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert_msg(strstr(r.err, "does not offer AUTH") != NULL, "%s", r.err);
    ck_assert_int_le(smtpd_count(&d, "bob", "new"), 0);
}
END_TEST

START_TEST(auth_without_password)
{
    const char *args[] = { "--from", "a@example.org", "--to", "b@example.test",
                           "--auth", "alice", "--subject", "x", NULL };

    pid_t pid;

    unsetenv("MINIMAIL_PASSWORD");
    /* Run it in a session of its own, without a controlling terminal, so
     * that there is nobody to ask even when make check runs in one.  (A
     * Check test is a process group leader, which may not call setsid():
     * a child of it may.) */
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (setsid() < 0)
            _exit(3);
        client_run(&r, NULL, 0, args);
        if (r.status != EX_USAGE)
            _exit(4);
        _exit(strstr(r.err, "no password") != NULL ? 0 : 5);
    }
    ck_assert_int_eq(fake_server_wait(pid), 0);
}
END_TEST

/* ---- the command line --------------------------------------------------- */

START_TEST(help_and_version)
{
    const char *help[] = { "--help", NULL };
    const char *version[] = { "--version", NULL };

    client_run(&r, NULL, 0, help);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "Usage: minimail-smtp") != NULL);
    ck_assert(strstr(r.out, "Exit status") != NULL);
    client_run_free(&r);
    client_run(&r, NULL, 0, version);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strncmp(r.out, "minimail-smtp (minimail) ", 25) == 0);
}
END_TEST

START_TEST(usage_errors)
{
    const char *const *cases[] = {
        (const char *const[]){ "--to", "b@example.test", NULL },                 /* no --from */
        (const char *const[]){ "--from", "a@example.org", NULL },                /* no --to */
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--bogus", NULL },
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--server", "nocolon", NULL },
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--timeout", "0", NULL },
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--subject", "x", "file", NULL },
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--auth-mech", "CRAM-MD5", NULL },
        (const char *const[]){ "--from", "a@x.org", "--to", "b@x.org", "--helo", "bad name", NULL },
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        client_run(&r, NULL, 0, cases[i]);
        ck_assert_msg(r.status == EX_USAGE, "case %zu: exit %d", i, r.status);
        client_run_free(&r);
    }
}
END_TEST

START_TEST(bad_addresses_and_input)
{
    const char *bad_to[] = { "--from", "a@example.org", "--to", "not an address", NULL };
    const char *bad_from[] = { "--from", "a@@example.org", "--to", "b@example.test", NULL };
    const char *no_file[] = { "--from", "a@example.org", "--to", "b@example.test",
                              "/nonexistent/message.eml", NULL };
    const char *nul[] = { "--from", "a@example.org", "--to", "b@example.test", NULL };

    client_run(&r, NULL, 0, bad_to);
    ck_assert_int_eq(r.status, EX_DATAERR);
    ck_assert(strstr(r.err, "not a valid mailbox") != NULL);
    client_run_free(&r);
    client_run(&r, NULL, 0, bad_from);
    ck_assert_int_eq(r.status, EX_DATAERR);
    client_run_free(&r);
    client_run(&r, NULL, 0, no_file);
    ck_assert_int_eq(r.status, EX_NOINPUT);
    client_run_free(&r);
    client_run(&r, "a\0b\n", 4, nul);
    ck_assert_int_eq(r.status, EX_DATAERR);
    ck_assert(strstr(r.err, "NUL") != NULL);
}
END_TEST

START_TEST(angle_brackets_and_null_sender)
{
    const char *args[] = { "--server", NULL, "--from", "", "--to", "<bob@example.test>",
                           "--trace", NULL };
    size_t len;
    char *stored;

    smtpd_up(&d, NULL, catch_all);
    args[1] = server_arg();
    client_run(&r, "Subject: bounce\n\n", 17, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert(strstr(r.err, "C: MAIL FROM:<> SIZE=") != NULL);
    ck_assert(strstr(r.err, "C: RCPT TO:<bob@example.test>\n") != NULL);
    stored = smtpd_only_message(&d, "bob", &len);
    ck_assert(strncmp(stored, "Return-Path: <>\n", 16) == 0);
    free(stored);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("smtp-client");
    TCase *ours = tl_tcase("minimail-smtpd");
    TCase *bad = tl_tcase("misbehaving servers");
    TCase *auth = tl_tcase("auth");
    TCase *cli = tl_tcase("command line");
    TCase *all[] = { ours, bad, auth, cli };
    size_t i;

    for (i = 0; i < 4; i++) {
        tcase_add_checked_fixture(all[i], NULL, teardown);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(ours, message_lands_byte_exact);
    tcase_add_test(ours, message_from_a_file);
    tcase_add_test(ours, composed_message_lands);
    tcase_add_test(ours, trace_shows_pipelining);
    tcase_add_test(ours, trace_without_pipelining);
    tcase_add_test(ours, some_recipients_refused);
    tcase_add_test(ours, every_recipient_refused);
    tcase_add_test(ours, temporary_refusal);
    tcase_add_test(ours, over_the_servers_size);
    tcase_add_test(ours, angle_brackets_and_null_sender);
    tcase_add_test(bad, connection_refused);
    tcase_add_test(bad, stalled_server);
    tcase_add_test(bad, stalls_after_data);
    tcase_add_test(bad, garbage_server);
    tcase_add_test(bad, garbage_after_ehlo);
    tcase_add_test(bad, server_closes_early);
    tcase_add_test(bad, server_closes_during_data);
    tcase_add_test(bad, greeting_554);
    tcase_add_test(bad, greeting_421);
    tcase_add_test(auth, auth_password_from_environment);
    tcase_add_test(auth, auth_refused);
    tcase_add_test(auth, auth_not_offered);
    tcase_add_test(auth, auth_without_password);
    tcase_add_test(cli, help_and_version);
    tcase_add_test(cli, usage_errors);
    tcase_add_test(cli, bad_addresses_and_input);
    return tl_run_suite(s);
}
