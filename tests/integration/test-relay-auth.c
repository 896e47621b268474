/*
 * test-relay-auth.c -- SMTP AUTH on chapter 7's minimail-smtpd, over TCP
 * on loopback (where PLAIN and LOGIN are offered): success with PLAIN
 * (with and without an initial response) and LOGIN, wrong passwords
 * (535 after a delay), AUTH before EHLO, twice, in a transaction, after
 * HELO (503), malformed base64 and cancelling (501), unknown mechanisms
 * (504), AUTH= on MAIL (RFC 4954 §5).
 */
#include "relay-util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct smtpd d;

static void setup(void)
{
    smtpd_prepare(&d, RELAY_USERS);
    relay_start(&d, "alice.test", NULL, NULL);
}

static void teardown(void)
{
    smtpd_down(&d);
}

/* Send a line and expect exactly @p want (+CRLF) as the whole reply. */
static void exact(int fd, const char *line, const char *want)
{
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert_int_eq(tl_send(fd, "\r\n"), 0);
    ck_assert_msg(tl_expect_line(fd, want), "after \"%s\": expected \"%s\"", line, want);
}

static void b64(const char *s, char *out, size_t outsz)
{
    relay_b64(s, strlen(s), out, outsz);
}

START_TEST(ehlo_offers_auth_on_loopback)
{
    int fd = smtpd_connect(&d);
    char line[600];
    int seen = 0;
    ck_assert_int_eq(tl_send(fd, "EHLO client.example.org\r\n"), 0);
    for (;;) {
        ck_assert_int_gt(tl_read_line(fd, line, sizeof line), 0);
        if (strcmp(line + 4, "AUTH PLAIN LOGIN\r\n") == 0)
            seen = 1;
        if (line[3] == ' ')
            break;
    }
    ck_assert_msg(seen, "no AUTH PLAIN LOGIN in the EHLO reply");
    smtp_quit(fd);
}
END_TEST

START_TEST(plain_with_initial_response)
{
    int fd = smtpd_connect(&d);
    relay_login(fd, "alice", "secret");
    smtp_cmd(fd, "NOOP", "250 ");
    smtp_quit(fd);
    ck_assert(smtpd_wait_log(&d, "AUTH PLAIN: authenticated as alice"));
}
END_TEST

START_TEST(plain_without_initial_response)
{
    int fd = smtpd_connect(&d);
    char b[100];
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    exact(fd, "AUTH PLAIN", "334 ");            /* the empty challenge */
    relay_b64("\0bob\0hunter2", 12, b, sizeof b);
    exact(fd, b, "235 2.7.0 Authentication successful");
    smtp_quit(fd);
}
END_TEST

START_TEST(login_mechanism)
{
    int fd = smtpd_connect(&d);
    char u[100], p[100], line[200];
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    exact(fd, "AUTH LOGIN", "334 VXNlcm5hbWU6");    /* "Username:" */
    b64("alice", u, sizeof u);
    exact(fd, u, "334 UGFzc3dvcmQ6");               /* "Password:" */
    b64("secret", p, sizeof p);
    exact(fd, p, "235 2.7.0 Authentication successful");
    smtp_quit(fd);

    /* The user name as an initial response. */
    fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    snprintf(line, sizeof line, "AUTH LOGIN %s", u);
    exact(fd, line, "334 UGFzc3dvcmQ6");
    exact(fd, p, "235 2.7.0 Authentication successful");
    smtp_quit(fd);
}
END_TEST

START_TEST(wrong_password_is_535_after_a_delay)
{
    int fd = smtpd_connect(&d);
    char b[100], line[200];
    struct timespec t0, t1;
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    relay_b64("\0alice\0wrong", 12, b, sizeof b);
    snprintf(line, sizeof line, "AUTH PLAIN %s", b);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    smtp_cmd(fd, line, "535 5.7.8");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ck_assert_msg(ms >= 900, "535 came after %ld ms: no delay", ms);
    /* An unknown user gets the same answer (nothing tells them apart). */
    relay_b64("\0mallory\0secret", 15, b, sizeof b);
    snprintf(line, sizeof line, "AUTH PLAIN %s", b);
    smtp_cmd(fd, line, "535 5.7.8 Authentication credentials invalid");
    /* The session goes on, and the right password still works. */
    relay_b64("\0alice\0secret", 13, b, sizeof b);
    snprintf(line, sizeof line, "AUTH PLAIN %s", b);
    smtp_cmd(fd, line, "235 2.7.0");
    smtp_quit(fd);
    ck_assert(smtpd_wait_log(&d, "authentication failed for 'mallory'"));
    char *log = tl_stderr(&d.p);
    ck_assert_ptr_null(strstr(log, "wrong"));          /* never log a password */
    free(log);
}
END_TEST

START_TEST(authzid_must_be_the_user)
{
    int fd = smtpd_connect(&d);
    char b[100], line[200];
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    relay_b64("bob\0alice\0secret", 16, b, sizeof b);   /* alice acting as bob */
    snprintf(line, sizeof line, "AUTH PLAIN %s", b);
    smtp_cmd(fd, line, "535 5.7.8");
    relay_b64("alice\0alice\0secret", 18, b, sizeof b);
    snprintf(line, sizeof line, "AUTH PLAIN %s", b);
    smtp_cmd(fd, line, "235 2.7.0");
    smtp_quit(fd);
}
END_TEST

START_TEST(out_of_order_is_503)
{
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "503 ");        /* before EHLO */
    smtp_cmd(fd, "HELO client.example.org", "250 ");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "503 5.5.1");   /* after HELO */
    relay_login(fd, "alice", "secret");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "503 5.5.1 Already authenticated");
    smtp_quit(fd);

    fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<x@example.org>", "250 ");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
             "503 5.5.1 AUTH is not permitted during a mail transaction");
    smtp_cmd(fd, "RSET", "250 ");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 ");
    smtp_quit(fd);
}
END_TEST

START_TEST(malformed_base64_is_501)
{
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNl!HNlY3JldA==", "501 5.5.2");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA", "501 5.5.2");     /* no padding */
    smtp_cmd(fd, "AUTH PLAIN =", "501 5.5.2");                      /* empty: not PLAIN */
    smtp_cmd(fd, "AUTH PLAIN YWxpY2U=", "501 5.5.2");               /* "alice": no NULs */
    exact(fd, "AUTH PLAIN", "334 ");
    smtp_cmd(fd, "not base64", "501 5.5.2");
    exact(fd, "AUTH LOGIN", "334 VXNlcm5hbWU6");
    smtp_cmd(fd, "YWxp Y2U=", "501 5.5.2");
    smtp_cmd(fd, "AUTH", "501 5.5.4");                              /* no mechanism */
    smtp_cmd(fd, "AUTH CRAM-MD5", "504 5.5.4");
    smtp_cmd(fd, "AUTH PLAIN a b", "501 5.5.4");
    smtp_cmd(fd, "auth plain AGFsaWNlAHNlY3JldA==", "235 ");        /* case-insensitive */
    smtp_quit(fd);
}
END_TEST

START_TEST(cancel_is_501)
{
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    exact(fd, "AUTH PLAIN", "334 ");
    smtp_cmd(fd, "*", "501 5.0.0 Authentication cancelled");
    exact(fd, "AUTH LOGIN", "334 VXNlcm5hbWU6");
    exact(fd, "YWxpY2U=", "334 UGFzc3dvcmQ6");
    smtp_cmd(fd, "*", "501 5.0.0");
    smtp_cmd(fd, "NOOP", "250 ");                   /* the session goes on */
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 ");
    smtp_quit(fd);
}
END_TEST

START_TEST(mail_auth_parameter)
{
    int fd = smtpd_connect(&d);
    relay_login(fd, "alice", "secret");
    smtp_cmd(fd, "MAIL FROM:<alice@alice.test> AUTH=<>", "250 2.1.0");
    smtp_cmd(fd, "RSET", "250 ");
    smtp_cmd(fd, "MAIL FROM:<alice@alice.test> AUTH=alice@alice.test", "250 2.1.0");
    smtp_cmd(fd, "RSET", "250 ");
    smtp_cmd(fd, "MAIL FROM:<alice@alice.test> AUTH", "501 5.5.4");
    smtp_quit(fd);
}
END_TEST

START_TEST(eof_in_the_middle)
{
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    exact(fd, "AUTH LOGIN", "334 VXNlcm5hbWU6");
    tl_close(fd);                                    /* the client vanishes */
    ck_assert(smtpd_wait_log(&d, "session ended"));
    fd = smtpd_connect(&d);                          /* the server lives on */
    relay_login(fd, "bob", "hunter2");
    smtp_quit(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("relay-auth");
    TCase *tc = tl_tcase("auth");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ehlo_offers_auth_on_loopback);
    tcase_add_test(tc, plain_with_initial_response);
    tcase_add_test(tc, plain_without_initial_response);
    tcase_add_test(tc, login_mechanism);
    tcase_add_test(tc, wrong_password_is_535_after_a_delay);
    tcase_add_test(tc, authzid_must_be_the_user);
    tcase_add_test(tc, out_of_order_is_503);
    tcase_add_test(tc, malformed_base64_is_501);
    tcase_add_test(tc, cancel_is_501);
    tcase_add_test(tc, mail_auth_parameter);
    tcase_add_test(tc, eof_in_the_middle);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
