/*
 * test-delivery.c -- unit tests of src/received.c and src/delivery.c
 * (chapter storing-mail): the trace fields, and final delivery of one
 * message to several Maildirs, all or nothing, compared byte for byte.
 */
#include "delivery.h"
#include "maildir.h"
#include "received.h"
#include "testlib.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *root;

static void setup(void)
{
    root = tl_tmpdir();
    ck_assert_ptr_nonnull(root);
    setenv("TZ", "UTC0", 1);
    tzset();
}

static void teardown(void)
{
    tl_rmtree(root);
    free(root);
}

static const char *at(const char *rel)
{
    static char buf[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", root, rel);
    return buf[k];
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* Content of the only file in DIR (malloc'ed, NUL-terminated), length in *len. */
static char *only_file(const char *dir, size_t *len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX * 2] = "";
    int n = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            n++;
        }
    closedir(d);
    ck_assert_int_eq(n, 1);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

START_TEST(dates_in_rfc5322_form)
{
    char d[RECEIVED_DATE_MAX];
    ck_assert_int_eq(received_date(d, sizeof d, 0), 0);
    ck_assert_str_eq(d, "Thu, 1 Jan 1970 00:00:00 +0000");
    ck_assert_int_eq(received_date(d, sizeof d, 1795786238), 0);
    ck_assert_str_eq(d, "Fri, 27 Nov 2026 13:30:38 +0000");
    setenv("TZ", "XST-5:30", 1);            /* 5h30 east of UTC */
    tzset();
    ck_assert_int_eq(received_date(d, sizeof d, 0), 0);
    ck_assert_str_eq(d, "Thu, 1 Jan 1970 05:30:00 +0530");
    setenv("TZ", "YST8", 1);                /* 8h west */
    tzset();
    ck_assert_int_eq(received_date(d, sizeof d, 0), 0);
    ck_assert_str_eq(d, "Wed, 31 Dec 1969 16:00:00 -0800");
    ck_assert_int_eq(received_date(d, 10, 0), -1);
}
END_TEST

START_TEST(return_path_lines)
{
    char b[300];
    ck_assert_int_eq(received_return_path(b, sizeof b, "alice@example.org"),
                     (int)strlen("Return-Path: <alice@example.org>\n"));
    ck_assert_str_eq(b, "Return-Path: <alice@example.org>\n");
    received_return_path(b, sizeof b, "");
    ck_assert_str_eq(b, "Return-Path: <>\n");
    ck_assert_int_eq(received_return_path(b, 10, "alice@example.org"), -1);
}
END_TEST

START_TEST(received_fields)
{
    char b[1024];
    struct received_info ri = { "client.example.org", "192.0.2.7", "mx.example.test",
                                "ESMTP", "1795786238.M1P2Q3", "bob@example.test", 1795786238 };
    ck_assert_int_gt(received_format(b, sizeof b, &ri), 0);
    ck_assert_str_eq(b,
        "Received: from client.example.org ([192.0.2.7])\n"
        "\tby mx.example.test (minimail) with ESMTP id 1795786238.M1P2Q3\n"
        "\tfor <bob@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");

    ri.peer_ip = "::1";
    ri.protocol = "SMTP";
    ri.for_rcpt = NULL;
    received_format(b, sizeof b, &ri);
    ck_assert_str_eq(b,
        "Received: from client.example.org ([IPv6:::1])\n"
        "\tby mx.example.test (minimail) with SMTP id 1795786238.M1P2Q3;\n"
        "\tFri, 27 Nov 2026 13:30:38 +0000\n");

    /* No address known (a --stdio session), and a HELO name that tries
     * to fake a TCP-info comment: its blanks and parentheses become '?'. */
    ri.peer_ip = NULL;
    ri.helo = "x (evil [6.6.6.6])";
    ri.for_rcpt = "\"a b\"@example.test";
    received_format(b, sizeof b, &ri);
    ck_assert_str_eq(b,
        "Received: from x??evil?[6.6.6.6]?\n"
        "\tby mx.example.test (minimail) with SMTP id 1795786238.M1P2Q3\n"
        "\tfor <\"a b\"@example.test>; Fri, 27 Nov 2026 13:30:38 +0000\n");
    ck_assert_int_eq(received_format(b, 50, &ri), -1);
}
END_TEST

START_TEST(peer_addresses)
{
    char ip[64];
    ck_assert_int_eq(received_peer_ip("127.0.0.1:40312", ip, sizeof ip), 0);
    ck_assert_str_eq(ip, "127.0.0.1");
    ck_assert_int_eq(received_peer_ip("[::1]:25", ip, sizeof ip), 0);
    ck_assert_str_eq(ip, "::1");
    ck_assert_int_eq(received_peer_ip("[2001:db8::7]:2525", ip, sizeof ip), 0);
    ck_assert_str_eq(ip, "2001:db8::7");
    ck_assert_int_eq(received_peer_ip("stdio", ip, sizeof ip), -1);
    ck_assert_str_eq(ip, "");
    ck_assert_int_eq(received_peer_ip("unknown", ip, sizeof ip), -1);
    ck_assert_int_eq(received_peer_ip(NULL, ip, sizeof ip), -1);
    ck_assert_int_eq(received_peer_ip("", ip, sizeof ip), -1);
    ck_assert_int_eq(received_peer_ip("[::1", ip, sizeof ip), -1);
}
END_TEST

static const struct received_info ri0 = {
    "client.example.org", "192.0.2.7", "mx.example.test", "ESMTP", "ID1", NULL, 0
};

START_TEST(one_copy_per_recipient_exact_bytes)
{
    /* As chapter 4 hands it over: unstuffed, CRLF, 8-bit octets. */
    static const char msg[] = "Subject: t\r\n\r\n.\r\n..x\r\nh\xc3\xa9llo \xff\r\nbare\rcr\r\n";
    static const char body[] = "Subject: t\n\n.\n..x\nh\xc3\xa9llo \xff\nbare\rcr\n";
    const struct delivery_target t[] = {
        { "alice", "alice@example.test" },
        { "bob", "bob@example.test" },
        { "alice", "ALICE@example.test" },   /* the same again: no second copy */
        { "alice", "a2@example.test" },      /* another address for alice: a copy */
    };
    struct delivery_failure fail;
    size_t len;
    char want[2048];

    ck_assert_int_eq(delivery_deliver(root, t, 4, "sender@example.org", &ri0,
                                      msg, sizeof msg - 1, &fail), 3);
    ck_assert_int_eq(count_entries(at("alice/new")), 2);
    ck_assert_int_eq(count_entries(at("alice/tmp")), 0);
    ck_assert_int_eq(count_entries(at("bob/tmp")), 0);
    char *got = only_file(at("bob/new"), &len);
    int n = snprintf(want, sizeof want,
        "Return-Path: <sender@example.org>\n"
        "Received: from client.example.org ([192.0.2.7])\n"
        "\tby mx.example.test (minimail) with ESMTP id ID1\n"
        "\tfor <bob@example.test>; Thu, 1 Jan 1970 00:00:00 +0000\n%s", body);
    ck_assert_uint_eq(len, (size_t)n);
    ck_assert(memcmp(got, want, len) == 0);
    free(got);
}
END_TEST

START_TEST(first_messages_at_once)
{
    /* Several sessions deliver a user's first messages at the same moment:
     * each may find tmp/ made by another while that one is still at work
     * on the Maildir.  Every delivery must succeed (maildir_make() makes
     * tmp/ last).  The outcome is checked, not the timing. */
    enum { N = 8 };
    const struct delivery_target t[] = { { "carol", "carol@example.test" } };
    static const char msg[] = "Subject: at once\r\n\r\nhi\r\n";
    int go[2];
    pid_t pid[N];

    ck_assert_int_eq(pipe(go), 0);
    for (int i = 0; i < N; i++) {
        pid[i] = fork();
        ck_assert_int_ne(pid[i], -1);
        if (pid[i] == 0) {
            char c;
            struct delivery_failure fail;
            close(go[1]);
            while (read(go[0], &c, 1) < 0 && errno == EINTR)
                ;                       /* wait for "go": the pipe closes */
            if (delivery_deliver(root, t, 1, "s@example.org", &ri0, msg,
                                 sizeof msg - 1, &fail) == 1)
                _exit(0);
            fprintf(stderr, "delivery %d: %s\n", i, fail.detail);
            _exit(1);
        }
    }
    close(go[0]);
    close(go[1]);                       /* go */
    for (int i = 0; i < N; i++) {
        int status;
        ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ck_assert_int_eq(count_entries(at("carol/new")), N);
    ck_assert_int_eq(count_entries(at("carol/tmp")), 0);
    ck_assert_int_eq(count_entries(at("carol/cur")), 0);
}
END_TEST

START_TEST(null_sender_and_empty_message)
{
    const struct delivery_target t[] = { { "alice", "alice@example.test" } };
    size_t len;
    ck_assert_int_eq(delivery_deliver(root, t, 1, "", &ri0, "", 0, NULL), 1);
    char *got = only_file(at("alice/new"), &len);
    ck_assert(strncmp(got, "Return-Path: <>\nReceived: from ", 31) == 0);
    ck_assert(got[len - 1] == '\n');
    free(got);
}
END_TEST

START_TEST(phase_one_failure_stores_nothing)
{
    const struct delivery_target t[] = {
        { "alice", "alice@example.test" },
        { "blocked", "blocked@example.test" },
    };
    struct delivery_failure fail;
    /* A plain file where the second Maildir should be. */
    FILE *f = fopen(at("blocked"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(delivery_deliver(root, t, 2, "s@example.org", &ri0, "x\r\n", 3, &fail), -1);
    ck_assert_int_eq(fail.code, 451);
    ck_assert_str_eq(fail.enh, "4.3.0");
    ck_assert_ptr_nonnull(strstr(fail.detail, "blocked"));
    ck_assert_int_eq(count_entries(at("alice/new")), 0);
    ck_assert_int_eq(count_entries(at("alice/tmp")), 0);
}
END_TEST

START_TEST(phase_two_failure_takes_back_earlier_copies)
{
    const struct delivery_target t[] = {
        { "alice", "alice@example.test" },
        { "bob", "bob@example.test" },
    };
    struct delivery_failure fail;
    char err[MAILDIR_ERRLEN];
    /* bob's Maildir exists, but its new/ is a file: bob's copy can be
     * written and synced in tmp/, and fails only when moved into new/ --
     * after alice's copy is already in her new/. */
    ck_assert_int_eq(maildir_make(at("bob"), err, sizeof err), 0);
    ck_assert_int_eq(rmdir(at("bob/new")), 0);
    FILE *f = fopen(at("bob/new"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(delivery_deliver(root, t, 2, "s@example.org", &ri0, "x\r\n", 3, &fail), -1);
    ck_assert_int_eq(fail.code, 451);
    ck_assert_int_eq(count_entries(at("alice/new")), 0);
    ck_assert_int_eq(count_entries(at("alice/tmp")), 0);
    ck_assert_int_eq(count_entries(at("bob/tmp")), 0);
}
END_TEST

START_TEST(errno_to_reply)
{
    struct delivery_failure f;
    delivery_failure_from_errno(ENOSPC, &f);
    ck_assert_int_eq(f.code, 452);
    ck_assert_str_eq(f.enh, "4.3.1");
#ifdef EDQUOT
    delivery_failure_from_errno(EDQUOT, &f);
    ck_assert_int_eq(f.code, 452);
    ck_assert_str_eq(f.enh, "4.2.2");
#endif
    delivery_failure_from_errno(EIO, &f);
    ck_assert_int_eq(f.code, 451);
    ck_assert_str_eq(f.enh, "4.3.0");
}
END_TEST

static Suite *delivery_suite(void)
{
    Suite *s = suite_create("delivery");
    TCase *tc = tl_tcase("delivery");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, dates_in_rfc5322_form);
    tcase_add_test(tc, return_path_lines);
    tcase_add_test(tc, received_fields);
    tcase_add_test(tc, peer_addresses);
    tcase_add_test(tc, one_copy_per_recipient_exact_bytes);
    tcase_add_test(tc, first_messages_at_once);
    tcase_add_test(tc, null_sender_and_empty_message);
    tcase_add_test(tc, phase_one_failure_stores_nothing);
    tcase_add_test(tc, phase_two_failure_takes_back_earlier_copies);
    tcase_add_test(tc, errno_to_reply);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(delivery_suite());
}
