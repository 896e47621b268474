/*
 * test-smtp-client-session.c -- unit tests of src/smtp_client.c (chapter
 * 6, smtp-client) against scripted fake servers.
 *
 * Each test forks a "server" on one end of a socketpair that follows a
 * script: a list of steps, each "expect this exact line from the client"
 * and/or "send these bytes".  A script for PIPELINING expects MAIL, the
 * RCPTs and DATA *before* it answers anything -- a client that waited
 * for each reply would hang there (and fail by its timeout), so the
 * script itself proves the group was sent (RFC 2920 §3).  A script that
 * answers garbage, closes early or says nothing tests the client's error
 * paths (RFC 5321 §4.2, §4.5.3.2).  The fake server exits 0 only when
 * every step matched and the client closed the connection.
 */
#include "testlib.h"
#include "base64.h"
#include "smtp_client.h"
#include "trace.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/** One step of a fake server's script. */
struct step {
    const char *expect;   /* a line the client must send (no CRLF), or NULL */
    const char *send;     /* bytes to send afterwards, or NULL */
};

#define END { NULL, NULL }
#define HANGUP { NULL, "" }   /* close the connection at once */
#define GREETING { NULL, "220 fake.example.test ESMTP\r\n" }
#define EHLO_PIPE { "EHLO client.example.org", \
    "250-fake.example.test\r\n250-PIPELINING\r\n250-SIZE 1000000\r\n" \
    "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 AUTH PLAIN LOGIN\r\n" }
#define EHLO_PLAIN { "EHLO client.example.org", "250 fake.example.test\r\n" }
#define QUIT { "QUIT", "221 2.0.0 bye\r\n" }

static struct smtp_client c;
static struct tl_proc server;
static int server_fd = -1;

/* The fake server's life: follow the script, then read to EOF.  Exit
 * status 0 = all matched; 10+i = step i got another line; 2 = timeout or
 * EOF where a line was expected. */
static void run_script(int fd, const struct step *steps)
{
    char line[4096];
    size_t i;

    for (i = 0; steps[i].expect != NULL || steps[i].send != NULL; i++) {
        if (steps[i].expect != NULL) {
            ssize_t n = tl_read_line(fd, line, sizeof line);
            size_t el = strlen(steps[i].expect);

            if (n <= 0)
                _exit(2);
            if ((size_t)n != el + 2 || memcmp(line, steps[i].expect, el) != 0
                || memcmp(line + el, "\r\n", 2) != 0) {
                fprintf(stderr, "fake server, step %zu: expected \"%s\", got \"%s\"\n",
                        i, steps[i].expect, line);
                _exit(10 + (int)i);
            }
        }
        if (steps[i].send != NULL && steps[i].send[0] == '\0')
            _exit(0);                           /* HANGUP */
        if (steps[i].send != NULL)
            tl_send(fd, steps[i].send);
    }
    while (tl_read_line(fd, line, sizeof line) > 0)
        ;
    _exit(0);
}

/* Start a fake server with this script and hand the other end to the
 * client (timeouts: 1 s, so a wrong guess fails fast). */
static int start(const struct step *steps)
{
    int sv[2];
    pid_t pid;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(sv[0]);
        run_script(sv[1], steps);
    }
    close(sv[1]);
    memset(&server, 0, sizeof server);
    server.pid = pid;
    server.stdin_fd = server.stdout_fd = -1;
    server_fd = sv[0];
    smtp_client_init(&c);
    smtp_client_set_timeout(&c, 1000);
    return smtp_client_start(&c, sv[0]);
}

/* The fake server's exit status (after the client has closed). */
static int server_status(void)
{
    int st;

    smtp_client_close(&c);
    st = tl_stop(&server, 0);
    ck_assert_msg(st != -1 && WIFEXITED(st), "the fake server did not exit");
    return WEXITSTATUS(st);
}

static void setup(void) { signal(SIGPIPE, SIG_IGN); }

static void teardown(void)
{
    smtp_client_close(&c);
    if (server.pid > 0)
        tl_stop(&server, SIGKILL);
}

/* A transaction with up to 4 recipients. */
static struct smtp_client_rcpt rc[4];
static struct smtp_client_txn txn;

static void txn_init(const char *from, const char *msg, const char *r1, const char *r2)
{
    memset(&txn, 0, sizeof txn);
    memset(rc, 0, sizeof rc);
    txn.from = from;
    txn.rcpts = rc;
    rc[0].addr = r1;
    rc[1].addr = r2;
    txn.nrcpts = r2 ? 2 : 1;
    txn.msg = msg;
    txn.len = strlen(msg);
}

/* ---- the good path ------------------------------------------------------ */

START_TEST(pipelined_transaction)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        /* the whole group first ... */
        { "MAIL FROM:<alice@example.org> SIZE=25", NULL },
        { "RCPT TO:<bob@example.test>", NULL },
        { "RCPT TO:<nobody@example.test>", NULL },
        { "DATA", "250 2.1.0 Sender OK\r\n250 2.1.5 OK\r\n550 5.1.1 No such user\r\n"
                  "354 Go ahead\r\n" },
        /* ... then the message, dot-stuffed, CRLF */
        { "Subject: t", NULL }, { "", NULL }, { "..dot", NULL }, { "end", NULL },
        { ".", "250 2.0.0 Queued as 42\r\n" },
        QUIT, END
    };
    char sum[128];

    ck_assert_int_eq(start(s), 220);
    ck_assert_str_eq(c.greeting, "fake.example.test ESMTP");
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(c.esmtp, 1);
    ck_assert_uint_eq(c.ext, SMTP_EXT_PIPELINING | SMTP_EXT_SIZE | SMTP_EXT_8BITMIME
                             | SMTP_EXT_ENHANCED | SMTP_EXT_AUTH);
    ck_assert_uint_eq(c.auth_mechs, SMTP_AUTH_PLAIN | SMTP_AUTH_LOGIN);
    ck_assert(c.size_limit == 1000000);

    txn_init("alice@example.org", "Subject: t\n\n.dot\nend", "bob@example.test",
             "nobody@example.test");
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(txn.pipelined, 1);
    ck_assert_uint_eq(txn.accepted, 1);
    ck_assert_int_eq(txn.mail.code, 250);
    ck_assert_int_eq(txn.data.code, 354);
    ck_assert_int_eq(txn.end.code, 250);
    ck_assert_str_eq(txn.end.enh, "2.0.0");
    ck_assert_str_eq(txn.end.text, "Queued as 42");
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 250);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 1)->code, 550);
    ck_assert_str_eq(smtp_reply_summary(smtp_client_rcpt_result(&txn, 1), sum, sizeof sum),
                     "550 5.1.1 No such user");
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(c.fd, -1);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(one_command_at_a_time_without_pipelining)
{
    /* no PIPELINING offered: every command waits for its reply (a client
     * that sent ahead would make step 3 see "RCPT" before it answered) */
    static const struct step s[] = {
        GREETING, EHLO_PLAIN,
        { "MAIL FROM:<>", "250 OK\r\n" },
        { "RCPT TO:<postmaster@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" },
        { "x", NULL }, { ".", "250 OK\r\n" },
        { "NOOP", "250 OK\r\n" },
        { "RSET", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_uint_eq(c.ext, 0);
    txn_init("", "x\r\n", "postmaster@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(txn.pipelined, 0);
    ck_assert_int_eq(smtp_client_command(&c, "NOOP"), 250);
    ck_assert_int_eq(smtp_client_rset(&c), 250);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(pipelining_switched_off)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        { "MAIL FROM:<a@example.org> SIZE=3", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" },
        { "x", NULL }, { ".", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    c.flags |= SMTP_CLIENT_NO_PIPELINING;
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "x", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(txn.pipelined, 0);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(two_transactions_on_one_connection)
{
    static const struct step s[] = {
        GREETING, EHLO_PLAIN,
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "one", NULL }, { ".", "250 OK\r\n" },
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<c@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "two", NULL }, { ".", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "one\n", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    txn_init("a@example.org", "two\n", "c@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* ---- EHLO and HELO ------------------------------------------------------ */

START_TEST(helo_after_500)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "500 Command unrecognized\r\n" },
        { "HELO client.example.org", "250 old.example.test\r\n" },
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },  /* no SIZE= after HELO */
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "x", NULL }, { ".", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(c.esmtp, 0);
    ck_assert_uint_eq(c.ext, 0);
    txn_init("a@example.org", "x\n", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(helo_after_502)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO localhost", "502 Not implemented\r\n" },
        { "HELO localhost", "250 old.example.test\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, NULL), 250);
    ck_assert_int_eq(c.esmtp, 0);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(no_helo_after_other_refusals)
{
    /* 554 to EHLO is "no", not "I don't know EHLO": no HELO follows */
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "554 5.7.1 Go away\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 554);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(ehlo_keywords_any_case)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org",
          "250-fake\r\n250-pipelining\r\n250-Size\r\n250-AUTH=LOGIN\r\n250-STARTTLS\r\n"
          "250-X-UNKNOWN stuff\r\n250-DSN\r\n250 smtputf8\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_uint_eq(c.ext, SMTP_EXT_PIPELINING | SMTP_EXT_SIZE | SMTP_EXT_AUTH
                             | SMTP_EXT_STARTTLS | SMTP_EXT_DSN | SMTP_EXT_SMTPUTF8);
    ck_assert(c.size_limit == 0);
    ck_assert_uint_eq(c.auth_mechs, SMTP_AUTH_LOGIN);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(bad_helo_name_refused_locally)
{
    static const struct step s[] = { GREETING, QUIT, END };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "two words"), -1);
    ck_assert(strstr(c.err, "invalid name") != NULL);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* ---- refusals ----------------------------------------------------------- */

START_TEST(all_recipients_refused_step_by_step)
{
    static const struct step s[] = {
        GREETING, EHLO_PLAIN,
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<x@example.test>", "550 5.1.1 No\r\n" },
        { "RCPT TO:<y@example.test>", "450 4.2.1 Later\r\n" },
        { "RSET", "250 OK\r\n" },                   /* no DATA */
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "x\n", "x@example.test", "y@example.test");
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_uint_eq(txn.accepted, 0);
    ck_assert_int_eq(smtp_reply_class(smtp_client_rcpt_result(&txn, 0)->code), SMTP_CLASS_PERMANENT);
    ck_assert_int_eq(smtp_reply_class(smtp_client_rcpt_result(&txn, 1)->code), SMTP_CLASS_TRANSIENT);
    ck_assert_int_eq(txn.data.code, 0);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(all_recipients_refused_pipelined)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        { "MAIL FROM:<a@example.org> SIZE=3", NULL },
        { "RCPT TO:<x@example.test>", NULL },
        { "DATA", "250 OK\r\n550 5.1.1 No\r\n554 5.5.1 No valid recipients\r\n" },
        { "RSET", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "x\n", "x@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(txn.data.code, 554);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 550);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(pipelined_354_without_recipients)
{
    /* RFC 2920 §3: a server may say 354 although no RCPT succeeded; the
     * client then ends the data at once, sending no message */
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        { "MAIL FROM:<a@example.org> SIZE=8", NULL },
        { "RCPT TO:<x@example.test>", NULL },
        { "DATA", "250 OK\r\n550 No\r\n354 go\r\n" },
        { ".", "554 No valid recipients\r\n" },
        { "RSET", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "secret\n", "x@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(txn.end.code, 554);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 550);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(sender_refused)
{
    static const struct step s[] = {
        GREETING, EHLO_PLAIN,
        { "MAIL FROM:<spam@example.org>", "550 5.7.1 Not you\r\n" },
        { "RSET", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("spam@example.org", "x\n", "b@example.test", "c@example.test");
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 550);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 1)->code, 550);
    ck_assert_str_eq(smtp_client_rcpt_result(&txn, 1)->enh, "5.7.1");
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(data_refused_and_final_refused)
{
    static const struct step s[] = {
        GREETING, EHLO_PLAIN,
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "451 4.3.0 Not now\r\n" },
        { "RSET", "250 OK\r\n" },
        { "MAIL FROM:<a@example.org>", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "x", NULL },
        { ".", "552-5.3.4 Too big\r\n552 5.3.4 Really\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "x\n", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 451);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 552);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 552);
    ck_assert_str_eq(txn.end.text, "Too big\nReally");
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* ---- SIZE and 8BITMIME --------------------------------------------------- */

START_TEST(body_8bitmime_announced)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "250-fake\r\n250 8BITMIME\r\n" },
        { "MAIL FROM:<a@example.org> BODY=8BITMIME", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "caf\xc3\xa9", NULL }, { ".", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "caf\xc3\xa9\n", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(refused_locally_8bit_without_8bitmime)
{
    static const struct step s[] = { GREETING, EHLO_PLAIN, QUIT, END };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "caf\xc3\xa9\n", "b@example.test", NULL);
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(txn.local, 1);
    ck_assert_int_eq(smtp_client_rcpt_result(&txn, 0)->code, 554);
    ck_assert_str_eq(smtp_client_rcpt_result(&txn, 0)->enh, "5.6.3");
    ck_assert_int_eq(smtp_client_quit(&c), 221);        /* nothing else was sent */
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(refused_locally_over_size)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "250-fake\r\n250 SIZE 10\r\n" },
        { "MAIL FROM:<a@example.org> SIZE=10", "250 OK\r\n" },
        { "RCPT TO:<b@example.test>", "250 OK\r\n" },
        { "DATA", "354 go\r\n" }, { "12345678", NULL }, { ".", "250 OK\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert(c.size_limit == 10);
    txn_init("a@example.org", "123456789\n", "b@example.test", NULL);    /* 11 > 10 */
    ck_assert_int_eq(smtp_client_send(&c, &txn), 0);
    ck_assert_int_eq(txn.local, 1);
    ck_assert_int_eq(txn.mail.code, 552);
    txn_init("a@example.org", "12345678\n", "b@example.test", NULL);     /* 10: fits */
    ck_assert_int_eq(smtp_client_send(&c, &txn), 250);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* ---- AUTH --------------------------------------------------------------- */

START_TEST(auth_plain_initial_response)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        /* base64("\0alice\0secret") */
        { "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 2.7.0 Authentication successful\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(smtp_client_auth(&c, "alice", "secret", NULL), 235);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(auth_login_exchange)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        { "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n" },
        { "YWxpY2U=", "334 UGFzc3dvcmQ6\r\n" },
        { "c2VjcmV0", "535 5.7.8 Authentication credentials invalid\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(smtp_client_auth(&c, "alice", "secret", "login"), 535);
    ck_assert_str_eq(c.reply.enh, "5.7.8");
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(auth_not_offered)
{
    static const struct step s[] = {
        GREETING, EHLO_PLAIN, QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(smtp_client_auth(&c, "alice", "secret", NULL), 0);
    ck_assert(strstr(c.err, "does not offer AUTH") != NULL);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(auth_unknown_mechanism_only)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "250-fake\r\n250 AUTH CRAM-MD5 XOAUTH2\r\n" },
        QUIT, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    ck_assert_int_eq(smtp_client_auth(&c, "alice", "secret", NULL), 0);
    ck_assert(strstr(c.err, "no authentication mechanism") != NULL);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

/* ---- broken servers ----------------------------------------------------- */

START_TEST(garbage_greeting)
{
    static const struct step s[] = { { NULL, "SSH-2.0-OpenSSH_9.2\r\n" }, END };

    ck_assert_int_eq(start(s), -1);
    ck_assert(strstr(c.err, "greeting") != NULL);
    ck_assert(strstr(c.err, "not an SMTP reply") != NULL);
    ck_assert_int_eq(c.fd, -1);
    /* everything after that fails at once */
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), -1);
    ck_assert_int_eq(smtp_client_quit(&c), -1);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(greeting_554)
{
    static const struct step s[] = {
        { NULL, "554 5.3.2 No SMTP service here\r\n" }, QUIT, END
    };

    ck_assert_int_eq(start(s), 554);
    ck_assert_int_eq(smtp_client_quit(&c), 221);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(closed_after_greeting)
{
    int sv[2];
    pid_t pid;

    /* a server that greets, reads EHLO and hangs up */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        char line[512];
        close(sv[0]);
        tl_send(sv[1], "220 fake\r\n");
        tl_read_line(sv[1], line, sizeof line);
        _exit(0);
    }
    close(sv[1]);
    server.pid = pid;
    smtp_client_init(&c);
    smtp_client_set_timeout(&c, 1000);
    ck_assert_int_eq(smtp_client_start(&c, sv[0]), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), -1);
    ck_assert(strstr(c.err, "closed the connection") != NULL);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(closed_in_the_middle_of_pipelined_replies)
{
    static const struct step s[] = {
        GREETING, EHLO_PIPE,
        { "MAIL FROM:<a@example.org> SIZE=3", NULL },
        { "RCPT TO:<b@example.test>", NULL },
        { "RCPT TO:<c@example.test>", NULL },
        { "DATA", "250 OK\r\n250 OK\r\n" },
        HANGUP, END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), 250);
    txn_init("a@example.org", "x\n", "b@example.test", "c@example.test");
    ck_assert_int_eq(smtp_client_send(&c, &txn), -1);
    ck_assert_int_eq(txn.mail.code, 250);
    ck_assert_int_eq(txn.rcpts[0].reply.code, 250);
    ck_assert_int_eq(txn.rcpts[1].reply.code, 0);
    /* nobody knows what happened to the message: "no reply" (class NONE) */
    ck_assert_int_eq(smtp_reply_class(smtp_client_rcpt_result(&txn, 0)->code), SMTP_CLASS_NONE);
    ck_assert_int_eq(smtp_reply_class(smtp_client_rcpt_result(&txn, 1)->code), SMTP_CLASS_NONE);
    ck_assert_str_eq(c.err, "reply to RCPT: the server closed the connection");
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(stalled_server)
{
    /* greets, then never answers EHLO: the client gives up after its
     * timeout (RFC 5321 §4.5.3.2), not later */
    static const struct step s[] = { GREETING, { "EHLO client.example.org", NULL }, END };
    struct timespec a, b;
    long ms;

    ck_assert_int_eq(start(s), 220);
    smtp_client_set_timeout(&c, 300);
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), -1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    ck_assert(strstr(c.err, "timed out") != NULL);
    ck_assert_int_ge(ms, 250);
    ck_assert_int_lt(ms, 2000);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(silent_server)
{
    static const struct step s[] = { END };

    ck_assert_int_eq(start(s), -1);             /* 1 s without a greeting */
    ck_assert(strstr(c.err, "greeting: timed out") != NULL);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(mixed_code_reply)
{
    static const struct step s[] = {
        GREETING,
        { "EHLO client.example.org", "250-fake\r\n550 PIPELINING\r\n" },
        END
    };

    ck_assert_int_eq(start(s), 220);
    ck_assert_int_eq(smtp_client_hello(&c, "client.example.org"), -1);
    ck_assert(strstr(c.err, "different codes") != NULL);
    ck_assert_int_eq(server_status(), 0);
}
END_TEST

START_TEST(connect_refused)
{
    int fd, port;
    char pstr[16];
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

    /* a port nobody listens on: bind one, note it, close it */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&ss, 0, sizeof ss);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(0x7f000001);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)sin, sizeof *sin), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&ss, &sl), 0);
    port = ntohs(sin->sin_port);
    close(fd);
    snprintf(pstr, sizeof pstr, "%d", port);
    smtp_client_init(&c);
    ck_assert_int_eq(smtp_client_connect(&c, "127.0.0.1", pstr), -1);
    ck_assert_str_ne(c.err, "");
    ck_assert_int_eq(c.fd, -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("smtp-client-session");
    TCase *good = tl_tcase("session");
    TCase *refuse = tl_tcase("refusals");
    TCase *auth = tl_tcase("auth");
    TCase *bad = tl_tcase("broken servers");
    TCase *all[] = { good, refuse, auth, bad };
    size_t i;

    for (i = 0; i < 4; i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(good, pipelined_transaction);
    tcase_add_test(good, one_command_at_a_time_without_pipelining);
    tcase_add_test(good, pipelining_switched_off);
    tcase_add_test(good, two_transactions_on_one_connection);
    tcase_add_test(good, helo_after_500);
    tcase_add_test(good, helo_after_502);
    tcase_add_test(good, no_helo_after_other_refusals);
    tcase_add_test(good, ehlo_keywords_any_case);
    tcase_add_test(good, bad_helo_name_refused_locally);
    tcase_add_test(refuse, all_recipients_refused_step_by_step);
    tcase_add_test(refuse, all_recipients_refused_pipelined);
    tcase_add_test(refuse, pipelined_354_without_recipients);
    tcase_add_test(refuse, sender_refused);
    tcase_add_test(refuse, data_refused_and_final_refused);
    tcase_add_test(refuse, body_8bitmime_announced);
    tcase_add_test(refuse, refused_locally_8bit_without_8bitmime);
    tcase_add_test(refuse, refused_locally_over_size);
    tcase_add_test(auth, auth_plain_initial_response);
    tcase_add_test(auth, auth_login_exchange);
    tcase_add_test(auth, auth_not_offered);
    tcase_add_test(auth, auth_unknown_mechanism_only);
    tcase_add_test(bad, garbage_greeting);
    tcase_add_test(bad, greeting_554);
    tcase_add_test(bad, closed_after_greeting);
    tcase_add_test(bad, closed_in_the_middle_of_pipelined_replies);
    tcase_add_test(bad, stalled_server);
    tcase_add_test(bad, silent_server);
    tcase_add_test(bad, mixed_code_reply);
    tcase_add_test(bad, connect_refused);
    return tl_run_suite(s);
}
