/*
 * test-queue.c -- unit tests of src/queue.c and src/routes.c (chapter
 * relaying): backoff, the route table, and one delivery attempt against a
 * next hop that is not there (deferral, expiry, the bounce).
 */
#include "queue.h"
#include "testlib.h"

#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

START_TEST(backoff_doubles_up_to_max)
{
    ck_assert_uint_eq(queue_backoff(1, 60, 3600), 60);
    ck_assert_uint_eq(queue_backoff(2, 60, 3600), 120);
    ck_assert_uint_eq(queue_backoff(3, 60, 3600), 240);
    ck_assert_uint_eq(queue_backoff(6, 60, 3600), 1920);
    ck_assert_uint_eq(queue_backoff(7, 60, 3600), 3600);
    ck_assert_uint_eq(queue_backoff(1000, 60, 3600), 3600);
    ck_assert_uint_eq(queue_backoff(4000000000u, 1800, 14400), 14400);
    ck_assert_uint_eq(queue_backoff(1, 1, 1), 1);
    ck_assert_uint_eq(queue_backoff(5, 100, 50), 50);   /* max wins */
}
END_TEST

START_TEST(routes_parse_and_lookup)
{
    struct routes t;
    char err[ROUTES_ERRLEN];
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(routes_add(&t, "bob.test=127.0.0.1:2526", err, sizeof err), 0);
    ck_assert_int_eq(routes_add(&t, "carol.test.=[::1]:2527", err, sizeof err), 0);
    ck_assert_ptr_null(routes_lookup(&t, "dave.test"));
    const struct route_hop *h = routes_lookup(&t, "BOB.Test.");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->host, "127.0.0.1");
    ck_assert_str_eq(h->port, "2526");
    h = routes_lookup(&t, "carol.test");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->host, "::1");
    ck_assert_ptr_null(routes_lookup(&t, "sub.bob.test"));     /* no wildcards */
    ck_assert_int_eq(routes_set_smarthost(&t, "relay.example:25", err, sizeof err), 0);
    h = routes_lookup(&t, "dave.test");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->host, "relay.example");
}
END_TEST

START_TEST(routes_bad)
{
    static const char *const bad[] = {
        "bob.test", "=127.0.0.1:25", "bob.test=127.0.0.1", "bob.test=:25",
        "bob.test=127.0.0.1:x", "bob..test=127.0.0.1:25", "[1.2.3.4]=1.2.3.4:25",
        "bob.test=127.0.0.1:0",
    };
    struct routes t;
    char err[ROUTES_ERRLEN];
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(routes_add(&t, bad[i], err, sizeof err) == -1, "%s", bad[i]);
    ck_assert_int_eq(routes_add(&t, "bob.test=127.0.0.1:25", err, sizeof err), 0);
    ck_assert_int_eq(routes_add(&t, "BOB.TEST=127.0.0.1:26", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "twice"));
    ck_assert_int_eq(routes_set_smarthost(&t, "nohost", err, sizeof err), -1);
}
END_TEST

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
static void dead_port(char *port, size_t sz)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    snprintf(port, sz, "%d", ntohs(a.sin_port));
    close(fd);
}

START_TEST(attempt_defers_then_expires_and_bounces)
{
    char *dir = tl_tmpdir(), path[600], err[SPOOL_ERRLEN], route[80], port[16];
    struct spool sp;
    struct routes rt;
    struct spool_entry e, l;
    struct spool_rcpt r;
    char **ids;
    size_t n;

    snprintf(path, sizeof path, "%s/spool", dir);
    ck_assert_int_eq(spool_open(&sp, path, err, sizeof err), 0);
    memset(&rt, 0, sizeof rt);
    dead_port(port, sizeof port);
    snprintf(route, sizeof route, "bob.test=127.0.0.1:%s", port);
    ck_assert_int_eq(routes_add(&rt, route, err, sizeof err), 0);
    ck_assert_int_eq(routes_add(&rt, "sender.test=127.0.0.1:9", err, sizeof err), 0);

    /* A message from a remote sender: its bounce goes into the queue. */
    memset(&e, 0, sizeof e);
    memset(&r, 0, sizeof r);
    snprintf(r.addr, sizeof r.addr, "bob@bob.test");
    r.state = SPOOL_PENDING;
    snprintf(e.from, sizeof e.from, "alice@sender.test");
    e.rcpt = &r;
    e.nrcpt = 1;
    e.arrival = e.next_try = 1000;
    ck_assert_int_eq(spool_enqueue(&sp, &e, "Subject: s\r\n\r\nbody\r\n", 20, err, sizeof err), 0);

    struct queue_config qc = {
        .spool = &sp, .routes = &rt, .hostname = "alice.test",
        .retry_min = 60, .retry_max = 600, .lifetime = 3600, .timeout = 5,
        .maildir_root = dir, .recipients = NULL,
    };
    /* First attempt: connection refused -> deferred, next try in 60 s. */
    ck_assert_int_eq(queue_deliver_entry(&qc, e.id, 1000), 0);
    ck_assert_int_eq(spool_load(&sp, e.id, &l, err, sizeof err), 0);
    ck_assert_uint_eq(l.attempts, 1);
    ck_assert_int_eq((int)l.next_try, 1060);
    ck_assert_int_eq(l.rcpt[0].state, SPOOL_PENDING);
    ck_assert_ptr_nonnull(strstr(l.rcpt[0].diag, "no connection"));
    spool_entry_free(&l);
    /* Not due at 1030: queue_run leaves it alone. */
    ck_assert_int_eq(queue_run(&qc, 1030), 0);
    /* Second attempt: backoff doubles. */
    ck_assert_int_eq(queue_run(&qc, 1060), 1);
    ck_assert_int_eq(spool_load(&sp, e.id, &l, err, sizeof err), 0);
    ck_assert_uint_eq(l.attempts, 2);
    ck_assert_int_eq((int)l.next_try, 1180);
    spool_entry_free(&l);
    /* The last try is never scheduled past the lifetime. */
    ck_assert_int_eq(queue_deliver_entry(&qc, e.id, 4700), 1);   /* expired: finished */
    ck_assert_int_eq(spool_list(&sp, &ids, &n), 0);
    ck_assert_uint_eq(n, 1);                                  /* only the bounce */
    ck_assert_str_ne(ids[0], e.id);
    ck_assert_int_eq(spool_load(&sp, ids[0], &l, err, sizeof err), 0);
    ck_assert_str_eq(l.from, "");                             /* the null sender */
    ck_assert_uint_eq(l.nrcpt, 1);
    ck_assert_str_eq(l.rcpt[0].addr, "alice@sender.test");
    size_t len;
    char *b = spool_read_message(&sp, ids[0], &len);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(b, "Status: 4.4.7\r\n"));
    ck_assert_ptr_nonnull(strstr(b, "Final-Recipient: rfc822; bob@bob.test\r\n"));
    free(b);

    /* The bounce itself fails (nothing on port 9): no bounce of a bounce. */
    qc.lifetime = 1;
    ck_assert_int_eq(queue_deliver_entry(&qc, ids[0], 5000), 1);
    spool_entry_free(&l);
    spool_free_ids(ids, n);
    ck_assert_int_eq(spool_list(&sp, &ids, &n), 0);
    ck_assert_uint_eq(n, 0);
    spool_free_ids(ids, n);
    tl_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(no_route_fails_at_once)
{
    char *dir = tl_tmpdir(), path[600], err[SPOOL_ERRLEN], **ids;
    struct spool sp;
    struct routes rt;
    struct spool_entry e;
    struct spool_rcpt r;
    size_t n;

    snprintf(path, sizeof path, "%s/spool", dir);
    ck_assert_int_eq(spool_open(&sp, path, err, sizeof err), 0);
    memset(&rt, 0, sizeof rt);
    memset(&e, 0, sizeof e);
    memset(&r, 0, sizeof r);
    snprintf(r.addr, sizeof r.addr, "x@nowhere.test");
    r.state = SPOOL_PENDING;
    e.rcpt = &r;
    e.nrcpt = 1;                               /* from <>: no bounce */
    ck_assert_int_eq(spool_enqueue(&sp, &e, "x\r\n", 3, err, sizeof err), 0);
    struct queue_config qc = {
        .spool = &sp, .routes = &rt, .hostname = "a.test", .retry_min = 1,
        .retry_max = 1, .lifetime = 100, .timeout = 5, .maildir_root = dir,
    };
    ck_assert_int_eq(queue_deliver_entry(&qc, e.id, 10), 1);
    ck_assert_int_eq(spool_list(&sp, &ids, &n), 0);
    ck_assert_uint_eq(n, 0);
    spool_free_ids(ids, n);
    tl_rmtree(dir);
    free(dir);
}
END_TEST

/* The runner is forked from the server, which (with --threads) has its
 * sessions' connections open: the runner must not keep them open.  Here
 * the "connection" is a socketpair; the runner is kept busy by a next hop
 * that accepts (the kernel's backlog does) and never greets.  When the
 * server closes its end, the peer must see the end at once, not when the
 * runner is done. */
START_TEST(runner_keeps_no_connection_open)
{
    char *dir = tl_tmpdir(), path[600], err[SPOOL_ERRLEN], route[80];
    struct spool sp;
    struct routes rt;
    struct spool_entry e;
    struct spool_rcpt r;
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int sv[2], hop = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(hop, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(hop, 4), 0);
    ck_assert_int_eq(getsockname(hop, (struct sockaddr *)&a, &alen), 0);
    snprintf(route, sizeof route, "bob.test=127.0.0.1:%d", ntohs(a.sin_port));
    snprintf(path, sizeof path, "%s/spool", dir);
    ck_assert_int_eq(spool_open(&sp, path, err, sizeof err), 0);
    memset(&rt, 0, sizeof rt);
    ck_assert_int_eq(routes_add(&rt, route, err, sizeof err), 0);
    memset(&e, 0, sizeof e);
    memset(&r, 0, sizeof r);
    snprintf(r.addr, sizeof r.addr, "bob@bob.test");
    r.state = SPOOL_PENDING;
    snprintf(e.from, sizeof e.from, "alice@alice.test");
    e.rcpt = &r;
    e.nrcpt = 1;
    e.arrival = e.next_try = time(NULL) - 1;            /* due */
    ck_assert_int_eq(spool_enqueue(&sp, &e, "Subject: s\r\n\r\nbody\r\n", 20, err,
                                   sizeof err), 0);
    struct queue_config qc = {
        .spool = &sp, .routes = &rt, .hostname = "alice.test",
        .retry_min = 60, .retry_max = 600, .lifetime = 3600, .timeout = 600,
        .maildir_root = dir, .recipients = NULL,
    };
    struct queue_runner runner = { .qc = &qc, .pid = 0 };

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    /* Check's handler of SIGTERM passes it on to the process group: the
     * runner, stopped with SIGTERM below, must not inherit it. */
    signal(SIGTERM, SIG_DFL);
    queue_runner_tick(&runner);                      /* forks the runner */
    ck_assert_int_gt(runner.pid, 0);
    close(sv[0]);                                    /* the session ends */
    struct pollfd p = { .fd = sv[1], .events = POLLIN };
    char c;
    ck_assert_msg(poll(&p, 1, tl_timeout_ms()) == 1 && read(sv[1], &c, 1) == 0,
                  "the runner keeps the connection open");
    close(sv[1]);
    queue_runner_stop(&runner, 1);
    close(hop);
    tl_rmtree(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("queue");
    TCase *tc = tl_tcase("queue");
    tcase_add_test(tc, backoff_doubles_up_to_max);
    tcase_add_test(tc, routes_parse_and_lookup);
    tcase_add_test(tc, routes_bad);
    tcase_add_test(tc, attempt_defers_then_expires_and_bounces);
    tcase_add_test(tc, no_route_fails_at_once);
    tcase_add_test(tc, runner_keeps_no_connection_open);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
