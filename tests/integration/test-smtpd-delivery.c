/*
 * test-smtpd-delivery.c -- integration tests of minimail-smtpd (chapter
 * storing-mail): mail sent over loopback must be in the right Maildir,
 * byte for byte, the moment the server says 250; refused recipients,
 * relay attempts and dropped connections must leave nothing behind.
 */
#include "smtpd-util.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const USERS =
    "# test users\n"
    "alice:{PLAIN}secret\n"
    "bob:{PLAIN}secret2:1000:1000::/home/bob\n";

static const char *const LOCAL[] = { "--domain", "example.test", NULL };

/* The message of the byte-for-byte test: lines that need dot-stuffing,
 * 8-bit octets (UTF-8 and not), a blank at the start of a line. */
static const char MSG[] =
    "From: <sender@example.org>\n"
    "To: <alice@example.test>\n"
    "Subject: dots and bytes\n"
    "\n"
    ".\n"
    "..\n"
    ".x\n"
    " .leading blank\n"
    "h\xc3\xa9llo w\xc3\xb6rld \xff\xfe\x80\n"
    "\ttab\n"
    "last line\n";

START_TEST(stored_byte_for_byte_before_250)
{
    struct smtpd d;
    const char *const rcpt[] = { "alice@example.test", NULL };
    size_t len;

    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_send_message(fd, "sender@example.org", rcpt, MSG, "250 2.0.0 OK: delivered as ");
    /* The 250 has been read: the message must be in new/ already. */
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    ck_assert_int_eq(smtpd_count(&d, "alice", "tmp"), 0);
    ck_assert_int_eq(smtpd_count(&d, "alice", "cur"), 0);
    char *got = smtpd_only_message(&d, "alice", &len);
    static const char trace[] = "Return-Path: <sender@example.org>\nReceived: from "
                                "client.example.org ([127.0.0.1])\n"
                                "\tby mx.example.test (minimail) with ESMTP id ";
    ck_assert_msg(strncmp(got, trace, sizeof trace - 1) == 0, "trace fields: %.200s", got);
    ck_assert_ptr_nonnull(strstr(got, "\tfor <alice@example.test>; "));
    const char *body = smtpd_after_trace(got);
    ck_assert_uint_eq(strlen(body), sizeof MSG - 1);
    ck_assert_str_eq(body, MSG);
    ck_assert_ptr_null(strchr(got, '\r'));   /* LF line ends throughout */
    free(got);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(helo_means_smtp_in_received)
{
    struct smtpd d;
    size_t len;
    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "HELO old.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<bob@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: bounce\r\n\r\nx\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0");
    char *got = smtpd_only_message(&d, "bob", &len);
    static const char want[] = "Return-Path: <>\nReceived: from old.example.org ([127.0.0.1])\n";
    ck_assert_msg(strncmp(got, want, sizeof want - 1) == 0, "got %.100s", got);
    ck_assert_ptr_nonnull(strstr(got, " with SMTP id "));
    ck_assert_str_eq(smtpd_after_trace(got), "Subject: bounce\n\nx\n");
    free(got);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(one_copy_per_recipient)
{
    struct smtpd d;
    size_t len;
    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "RCPT TO:<nobody@example.test>", "550 5.1.1");
    smtp_cmd(fd, "RCPT TO:<Bob@Example.Test>", "250 2.1.5");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");   /* twice: one copy */
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: two\r\n\r\nbody\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0 OK: delivered as ");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    ck_assert_int_eq(smtpd_count(&d, "bob", "new"), 1);
    ck_assert_int_eq(smtpd_count(&d, "nobody", "new"), -1);
    char *a = smtpd_only_message(&d, "alice", &len);
    char *b = smtpd_only_message(&d, "bob", &len);
    ck_assert_ptr_nonnull(strstr(a, "for <alice@example.test>;"));
    ck_assert_ptr_null(strstr(a, "Bob@"));                     /* no other recipient shown */
    ck_assert_ptr_nonnull(strstr(b, "for <Bob@Example.Test>;"));
    ck_assert_str_eq(smtpd_after_trace(a), "Subject: two\n\nbody\n");
    ck_assert_str_eq(smtpd_after_trace(b), "Subject: two\n\nbody\n");
    free(a);
    free(b);
    /* A second transaction in the same session. */
    const char *const rcpt[] = { "alice@example.test", NULL };
    smtp_send_message(fd, "sender@example.org", rcpt, "Subject: again\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 2);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(unknown_users_and_relay_attempts_are_refused)
{
    struct smtpd d;
    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<spammer@example.org>", "250 2.1.0");
    /* Unknown user of a local domain. */
    smtp_cmd(fd, "RCPT TO:<nobody@example.test>", "550 5.1.1 <nobody@example.test>");
    /* A foreign domain: we would have to relay. */
    smtp_cmd(fd, "RCPT TO:<victim@elsewhere.example>", "550 5.7.1");
    smtp_cmd(fd, "RCPT TO:<postmaster@elsewhere.example>", "550 5.7.1");
    /* Look-alikes and address literals are not our domain either. */
    smtp_cmd(fd, "RCPT TO:<alice@example.test.elsewhere.example>", "550 5.7.1");
    smtp_cmd(fd, "RCPT TO:<alice@sub.example.test>", "550 5.7.1");
    smtp_cmd(fd, "RCPT TO:<alice@[127.0.0.1]>", "550 5.7.1");
    /* The percent hack: a local part, not a route. */
    smtp_cmd(fd, "RCPT TO:<victim%elsewhere.example@example.test>", "550 5.1.1");
    smtp_cmd(fd, "RCPT TO:<alice%elsewhere.example@example.test>", "550 5.1.1");
    /* A source route through us to a foreign domain: the route is
     * ignored (RFC 5321 §4.1.1.3), what is left is foreign. */
    smtp_cmd(fd, "RCPT TO:<@example.test:victim@elsewhere.example>", "550 5.7.1");
    smtp_cmd(fd, "RCPT TO:<@example.test,@mx.example.test:victim@elsewhere.example>",
             "550 5.7.1");
    /* A quoted local part that holds an address. */
    smtp_cmd(fd, "RCPT TO:<\"victim@elsewhere.example\"@example.test>", "550 5.1.1");
    /* Two @ without quotes is not an address at all. */
    smtp_cmd(fd, "RCPT TO:<victim@elsewhere.example@example.test>", "501 5.");
    /* UUCP bang path. */
    smtp_cmd(fd, "RCPT TO:<elsewhere.example!victim@example.test>", "550 5.1.1");
    /* No recipient accepted: DATA is refused (RFC 5321 §3.3). */
    smtp_cmd(fd, "DATA", "554 5.5.1");
    smtp_cmd(fd, "RSET", "250 ");
    smtp_quit(fd);
    /* Nothing was stored anywhere: the root holds no Maildir at all. */
    ck_assert_int_eq(smtpd_count(&d, ".", "."), 0);
    ck_assert(smtpd_wait_log(&d, "refused RCPT <victim@elsewhere.example>: relay denied"));
    smtpd_down(&d);
}
END_TEST

START_TEST(a_source_route_to_us_is_ignored)
{
    struct smtpd d;
    size_t len;
    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<@relay.example.org:alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: routed\r\n\r\n"), 0);
    smtp_cmd(fd, ".", "250 2.0.0");
    char *got = smtpd_only_message(&d, "alice", &len);
    ck_assert_ptr_nonnull(strstr(got, "for <alice@example.test>;"));
    free(got);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(postmaster_is_always_accepted)
{
    struct smtpd d;
    smtpd_up(&d, NULL, LOCAL);              /* no users at all */
    int fd = smtpd_connect(&d);
    const char *const r1[] = { "postmaster", NULL };
    smtp_send_message(fd, "sender@example.org", r1, "Subject: pm\n\n", "250 2.0.0");
    const char *const r2[] = { "PostMaster@EXAMPLE.test", NULL };
    smtp_send_message(fd, "sender@example.org", r2, "Subject: pm\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "postmaster", "new"), 2);
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "550 5.1.1");
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(catch_all_for_local_domains)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--domain", "example.net",
                                  "--catch-all", "dev", NULL };
    smtpd_up(&d, USERS, extra);
    int fd = smtpd_connect(&d);
    const char *const r[] = { "anything@example.test", "else+tag@EXAMPLE.NET",
                              "alice@example.test", NULL };
    smtp_send_message(fd, "app@example.org", r, "Subject: catch\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "dev", "new"), 2);      /* one per address */
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);    /* users keep theirs */
    smtp_cmd(fd, "MAIL FROM:<app@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<someone@elsewhere.example>", "550 5.7.1");
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(catch_all_for_everything)
{
    struct smtpd d;
    size_t len;
    const char *const extra[] = { "--domain", "*", "--catch-all", "sink", NULL };
    smtpd_up(&d, NULL, extra);
    int fd = smtpd_connect(&d);
    const char *const r[] = { "customer@gmail.example", NULL };
    smtp_send_message(fd, "app@example.org", r, "Subject: test mail\n\nhi\n", "250 2.0.0");
    char *got = smtpd_only_message(&d, "sink", &len);
    ck_assert_ptr_nonnull(strstr(got, "for <customer@gmail.example>;"));
    ck_assert_str_eq(smtpd_after_trace(got), "Subject: test mail\n\nhi\n");
    free(got);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(dropped_connection_mid_data_delivers_nothing)
{
    struct smtpd d;
    smtpd_up(&d, USERS, LOCAL);
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: half\r\n\r\nthe first half of a mess"), 0);
    tl_close(fd);                           /* the client vanishes */
    ck_assert(smtpd_wait_log(&d, "nothing delivered"));
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&d, "alice", "tmp"), 0);
    /* Same after a complete last line, without the final ".". */
    fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<alice@example.test>", "250 2.1.5");
    smtp_cmd(fd, "DATA", "354 ");
    ck_assert_int_eq(tl_send(fd, "Subject: half\r\n\r\nline\r\n"), 0);
    ck_assert_int_eq(shutdown(fd, SHUT_WR), 0);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    ck_assert_int_le(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_le(smtpd_count(&d, "alice", "tmp"), 0);
    /* The server lives on. */
    fd = smtpd_connect(&d);
    const char *const r[] = { "alice@example.test", NULL };
    smtp_send_message(fd, "sender@example.org", r, "Subject: whole\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

START_TEST(storage_failure_is_temporary_and_leaves_nothing)
{
    struct smtpd d;
    smtpd_up(&d, USERS, LOCAL);
    /* bob's Maildir cannot be made: a plain file has its name. */
    char path[1200];
    snprintf(path, sizeof path, "%s/bob", d.root);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    int fd = smtpd_connect(&d);
    const char *const r[] = { "alice@example.test", "bob@example.test", NULL };
    smtp_send_message(fd, "sender@example.org", r, "Subject: x\n\n", "451 4.3.0");
    /* All or nothing: alice's copy was taken back too. */
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 0);
    ck_assert_int_eq(smtpd_count(&d, "alice", "tmp"), 0);
    ck_assert(smtpd_wait_log(&d, "NOT delivered"));
    /* The session goes on; alice alone works. */
    const char *const r2[] = { "alice@example.test", NULL };
    smtp_send_message(fd, "sender@example.org", r2, "Subject: y\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

/* Many sessions at once, all delivering into one Maildir at the same
 * moment: each of twelve clients sends its message and "." before any
 * reply is read, three rounds.  Every message must land in new/ under a
 * name of its own -- with --threads the sessions share one process, so
 * the pid in the unique name no longer tells them apart -- and tmp/ must
 * be empty. */
START_TEST(many_sessions_deliver_into_one_maildir_at_once)
{
    enum { N = 12, ROUNDS = 3 };
    const char *const extra[] = { "--domain", "example.test", "--max-sessions", "20", NULL };
    struct smtpd d;
    int fd[N];
    char line[128];

    smtpd_up(&d, USERS, extra);
    for (int i = 0; i < N; i++) {
        fd[i] = smtpd_connect(&d);
        smtp_cmd(fd[i], "EHLO client.example.org", "250 ");
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) {
            smtp_cmd(fd[i], "MAIL FROM:<sender@example.org>", "250 2.1.0");
            smtp_cmd(fd[i], "RCPT TO:<alice@example.test>", "250 2.1.5");
            smtp_cmd(fd[i], "DATA", "354 ");
        }
        for (int i = 0; i < N; i++) {
            snprintf(line, sizeof line, "Subject: session %d round %d\r\n\r\nbody\r\n.\r\n", i, r);
            ck_assert_int_eq(tl_send(fd[i], line), 0);
        }
        for (int i = 0; i < N; i++) {
            ck_assert_int_eq(smtp_read_reply(fd[i], line, sizeof line), 250);
        }
    }
    for (int i = 0; i < N; i++)
        smtp_quit(fd[i]);
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), N * ROUNDS);
    ck_assert_int_eq(smtpd_count(&d, "alice", "tmp"), 0);
    smtpd_down(&d);
}
END_TEST

START_TEST(mail_for_a_user_with_domain_in_the_users_file)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", "--domain", "example.net", NULL };
    smtpd_up(&d, "carol@example.net:{PLAIN}x\n", extra);
    int fd = smtpd_connect(&d);
    const char *const r[] = { "carol@example.net", NULL };
    smtp_send_message(fd, "sender@example.org", r, "Subject: virtual\n\n", "250 2.0.0");
    ck_assert_int_eq(smtpd_count(&d, "carol@example.net", "new"), 1);
    smtp_cmd(fd, "MAIL FROM:<sender@example.org>", "250 2.1.0");
    smtp_cmd(fd, "RCPT TO:<carol@example.test>", "550 5.1.1");
    smtp_quit(fd);
    smtpd_down(&d);
}
END_TEST

/* --threads for the tcase "threads". */
static void threads_on(void)
{
    smtpd_threads = 1;
}

static Suite *delivery_suite(void)
{
    const TTest *const tests[] = {
        stored_byte_for_byte_before_250,
        helo_means_smtp_in_received,
        one_copy_per_recipient,
        unknown_users_and_relay_attempts_are_refused,
        a_source_route_to_us_is_ignored,
        postmaster_is_always_accepted,
        catch_all_for_local_domains,
        catch_all_for_everything,
        dropped_connection_mid_data_delivers_nothing,
        storage_failure_is_temporary_and_leaves_nothing,
        mail_for_a_user_with_domain_in_the_users_file,
        many_sessions_deliver_into_one_maildir_at_once,
    };
    Suite *s = suite_create("smtpd-delivery");
    TCase *tc = tl_tcase("smtpd-delivery");
    /* Every test again with a thread per session (chapter 3's --threads):
     * the delivery must not depend on the sessions being processes. */
    TCase *th = tl_tcase("threads");

    tcase_add_checked_fixture(th, threads_on, NULL);
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        tcase_add_test(tc, tests[i]);
        tcase_add_test(th, tests[i]);
    }
    suite_add_tcase(s, tc);
    suite_add_tcase(s, th);
    return s;
}

int main(void)
{
    return tl_run_suite(delivery_suite());
}
