/*
 * test-relay-policy.c -- chapter 7's minimail-smtpd is no open relay:
 * every classic trick to get a foreign recipient accepted without AUTH
 * fails (foreign domain, case and trailing dots, address literals, source
 * routes, the % hack, quoted local parts holding @, ! paths), and nothing
 * reaches the spool; AUTH and --trust open the relay, and only they.
 * Also the command-line options of relaying.
 */
#include "relay-util.h"

#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct smtpd d;
static char route[64];

/* alice.test, with a route for bob.test (to a port nobody listens on: a
 * message that got through would stay in the spool, where we look). */
static void start_alice(const char *trust)
{
    char port[16];
    const char *extra[6];
    int n = 0;
    relay_free_port(port, sizeof port);
    snprintf(route, sizeof route, "bob.test=127.0.0.1:%s", port);
    extra[n++] = "--route";
    extra[n++] = route;
    if (trust != NULL) {
        extra[n++] = "--trust";
        extra[n++] = trust;
    }
    extra[n] = NULL;
    smtpd_prepare(&d, RELAY_USERS);
    relay_start(&d, "alice.test", NULL, extra);
}

static void teardown(void)
{
    if (d.dir != NULL)
        smtpd_down(&d);
}

/* The tricks: RCPT TO argument and the reply it must get. */
static const struct {
    const char *rcpt;
    const char *want;
} tricks[] = {
    { "<bob@bob.test>",                      "550 5.7.1" },   /* plain foreign */
    { "<BOB@BOB.TEST>",                      "550 5.7.1" },   /* upper case */
    { "<bob@bob.test.>",                     "501 " },        /* trailing dot: */
    { "<bob@Bob.Test.>",                     "501 " },        /* not SMTP syntax */
    { "<postmaster@bob.test>",               "550 5.7.1" },   /* not our postmaster */
    { "<bob@alice.test.bob.test>",           "550 5.7.1" },   /* ours as a prefix */
    { "<bob@xalice.test>",                   "550 5.7.1" },   /* ours as a suffix */
    { "<bob@[127.0.0.1]>",                   "550 5.7.1" },   /* address literals */
    { "<bob@[IPv6:::1]>",                    "550 5.7.1" },
    { "<@alice.test:bob@bob.test>",          "550 5.7.1" },   /* source routes */
    { "<@alice.test,@bob.test:bob@bob.test>", "550 5.7.1" },
    { "<bob%bob.test@alice.test>",           "550 5.1.1" },   /* the % hack */
    { "<bob%bob.test%alice.test@alice.test>", "550 5.1.1" },
    { "<\"bob@bob.test\"@alice.test>",       "550 5.1.1" },   /* quoted local part */
    { "<\"bob@bob.test\">",                  "501 " },        /* ...and no domain */
    { "<bob.test!bob@alice.test>",           "550 5.1.1" },   /* UUCP ! paths */
    { "<bob.test!bob>",                      "501 " },
    { "<bob@bob.test@alice.test>",           "501 " },        /* two @ */
    { "<bob@bob.test>, <bob@alice.test>",    "501 " },        /* two paths */
    { "bob@bob.test",                        "501 " },        /* no brackets */
};

/* Try every trick in one transaction from sender @p from. */
static void try_tricks(int fd, const char *from)
{
    char line[600];
    snprintf(line, sizeof line, "MAIL FROM:<%s>", from);
    smtp_cmd(fd, line, "250 ");
    for (size_t i = 0; i < sizeof tricks / sizeof tricks[0]; i++) {
        snprintf(line, sizeof line, "RCPT TO:%s", tricks[i].rcpt);
        smtp_cmd(fd, line, tricks[i].want);
    }
    /* No recipient was accepted, so there is nothing to send (§3.3). */
    smtp_cmd(fd, "DATA", "554 5.5.1 No valid recipients");
    smtp_cmd(fd, "RSET", "250 ");
}

START_TEST(no_open_relay_from_any_angle)
{
    start_alice(NULL);
    static const char *const senders[] = { "stranger@example.org", "alice@alice.test", "" };
    for (size_t s = 0; s < 3; s++) {
        int fd = smtpd_connect(&d);
        smtp_cmd(fd, "EHLO client.example.org", "250 ");
        try_tricks(fd, senders[s]);
        smtp_quit(fd);
    }
    /* A failed AUTH opens nothing either. */
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "AUTH PLAIN AGFsaWNlAHdyb25n", "535 ");      /* \0alice\0wrong */
    try_tricks(fd, "alice@alice.test");
    smtp_quit(fd);
    /* HELO instead of EHLO: the same. */
    fd = smtpd_connect(&d);
    smtp_cmd(fd, "HELO client.example.org", "250 ");
    try_tricks(fd, "x@example.org");
    smtp_quit(fd);
    ck_assert_int_eq(relay_spool_count(&d), 0);
    ck_assert_int_le(smtpd_count(&d, "bob", "new"), 0);
    ck_assert(smtpd_wait_log(&d, "relay denied (not authenticated, not trusted)"));
}
END_TEST

START_TEST(auth_opens_the_relay)
{
    start_alice(NULL);
    int fd = smtpd_connect(&d);
    relay_login(fd, "alice", "secret");
    smtp_cmd(fd, "MAIL FROM:<alice@alice.test>", "250 ");
    smtp_cmd(fd, "RCPT TO:<bob@bob.test>",
             "250 2.1.5 <bob@bob.test> OK, will relay (authenticated as alice)");
    smtp_cmd(fd, "RCPT TO:<BOB@BOB.TEST>", "250 2.1.5");
    /* A domain without a route (and no smarthost): refused at once. */
    smtp_cmd(fd, "RCPT TO:<carol@carol.test>", "550 5.4.4");
    /* Local recipients are still chapter 5's business. */
    smtp_cmd(fd, "RCPT TO:<bob@alice.test>", "250 2.1.5");
    smtp_cmd(fd, "RCPT TO:<nobody@alice.test>", "550 5.1.1");
    smtp_quit(fd);
}
END_TEST

START_TEST(trusted_network_opens_the_relay)
{
    start_alice("127.0.0.0/8");
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<x@example.org>", "250 ");
    smtp_cmd(fd, "RCPT TO:<bob@bob.test>", "250 2.1.5 <bob@bob.test> OK, will relay (trusted network)");
    smtp_quit(fd);
    ck_assert(smtpd_wait_log(&d, "client in a trusted network: may relay"));
}
END_TEST

START_TEST(other_networks_are_not_trusted)
{
    start_alice("10.0.0.0/8");
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 ");
    smtp_cmd(fd, "MAIL FROM:<x@example.org>", "250 ");
    smtp_cmd(fd, "RCPT TO:<bob@bob.test>", "550 5.7.1");
    smtp_quit(fd);
    ck_assert_int_eq(relay_spool_count(&d), 0);
}
END_TEST

/* Can this machine listen on [::1]?  (Some containers have no IPv6.) */
static int have_ipv6_loopback(void)
{
    struct sockaddr_in6 a;
    int fd = socket(AF_INET6, SOCK_STREAM, 0), ok;
    if (fd < 0)
        return 0;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    ok = bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

START_TEST(trusted_ipv6_network)
{
    if (!have_ipv6_loopback()) {
        fprintf(stderr, "trusted_ipv6_network: no IPv6 loopback here; not tested\n");
        return;
    }
    char port[16];
    relay_free_port(port, sizeof port);
    snprintf(route, sizeof route, "bob.test=127.0.0.1:%s", port);
    const char *extra[] = { "--route", route, "--trust", "::1/128", NULL };
    smtpd_prepare(&d, RELAY_USERS);
    relay_start(&d, "alice.test", "[::1]:0", extra);
    ck_assert_str_eq(d.p.host, "::1");
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO client.example.org", "250 AUTH PLAIN LOGIN");    /* ::1 is loopback */
    smtp_cmd(fd, "MAIL FROM:<x@example.org>", "250 ");
    smtp_cmd(fd, "RCPT TO:<bob@bob.test>", "250 2.1.5 <bob@bob.test> OK, will relay (trusted network)");
    smtp_quit(fd);
}
END_TEST

/* Run the program with these arguments; its exit status and stdout+stderr. */
static int run(const char *const *args, char **out)
{
    char *argv[32];
    int n = 0;
    struct tl_proc p;
    argv[n++] = (char *)tl_build_path(RELAYD_PROG);
    for (size_t i = 0; args[i] != NULL; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    close(p.stdin_fd);
    p.stdin_fd = -1;
    int status = tl_stop(&p, 0);
    ck_assert_msg(status != -1, "the program did not exit");
    *out = tl_stderr(&p);
    tl_cleanup(&p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(bad_relay_options)
{
    char *out;
    char *dir = tl_tmpdir();
    static const char *const bad[][3] = {
        { "--trust", "192.0.2.1/24", NULL },
        { "--trust", "example.org", NULL },
        { "--route", "bob.test", NULL },
        { "--route", "bob.test=127.0.0.1", NULL },
        { "--smarthost", "nohost", NULL },
        { "--retry-min", "0", NULL },
        { "--queue-lifetime", "5x", NULL },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[] = { "--maildir-root", dir, bad[i][0], bad[i][1], "--stdio", NULL };
        int rc = run(args, &out);
        ck_assert_msg(rc == 64, "%s %s: exit %d", bad[i][0], bad[i][1], rc);
        ck_assert_msg(strstr(out, "bad --") != NULL || strstr(out, "expected") != NULL,
                      "%s", out);
        free(out);
    }
    const char *help[] = { "--help", NULL };
    ck_assert_int_eq(run(help, &out), 0);
    free(out);
    tl_rmtree(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("relay-policy");
    TCase *tc = tl_tcase("policy");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, no_open_relay_from_any_angle);
    tcase_add_test(tc, auth_opens_the_relay);
    tcase_add_test(tc, trusted_network_opens_the_relay);
    tcase_add_test(tc, other_networks_are_not_trusted);
    tcase_add_test(tc, trusted_ipv6_network);
    tcase_add_test(tc, bad_relay_options);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
