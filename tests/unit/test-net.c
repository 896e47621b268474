/*
 * test-net.c -- unit tests of src/net.c (chapter 1, sockets).
 *
 * Everything runs on loopback with ports chosen by the kernel (port 0);
 * IPv6 tests print a note and pass when ::1 is not configured (some
 * containers and CI machines have IPv4 only).
 */
#include "testlib.h"
#include "net.h"

#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Can we bind ::1?  (No IPv6 on loopback: the IPv6 tests are skipped.) */
static int have_ipv6_loopback(void)
{
    struct sockaddr_in6 sin6;
    int fd = socket(AF_INET6, SOCK_STREAM, 0), ok;

    if (fd < 0)
        return 0;
    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_addr = in6addr_loopback;
    ok = bind(fd, (struct sockaddr *)&sin6, sizeof sin6) == 0;
    close(fd);
    return ok;
}

/* The port of a listening socket, from net_local_name(). */
static void local_port(int fd, char *port, size_t portsz)
{
    char name[NET_ADDRSTRLEN], host[NET_ADDRSTRLEN];

    ck_assert_int_eq(net_local_name(fd, name, sizeof name), 0);
    ck_assert_int_eq(net_split_hostport(name, host, sizeof host, port, portsz), 0);
}

/* Listen on host port 0, connect, accept, send a byte each way. */
static void listen_connect_accept(const char *host, const char *peer_prefix)
{
    char err[NET_ERRLEN] = "", port[8], peer[NET_ADDRSTRLEN], c = 0;
    int lfd, cfd, afd;

    lfd = net_listen(host, "0", err, sizeof err);
    ck_assert_msg(lfd >= 0, "net_listen(%s, 0): %s", host, err);
    local_port(lfd, port, sizeof port);
    ck_assert_str_ne(port, "0");            /* the kernel chose a real port */

    cfd = net_connect(host, port, tl_timeout_ms(), err, sizeof err);
    ck_assert_msg(cfd >= 0, "net_connect: %s", err);
    afd = net_accept(lfd, peer, sizeof peer);
    ck_assert_int_ge(afd, 0);
    ck_assert_msg(strncmp(peer, peer_prefix, strlen(peer_prefix)) == 0,
                  "peer '%s' should start with '%s'", peer, peer_prefix);

    ck_assert_int_eq(write(cfd, "x", 1), 1);
    ck_assert_int_eq(read(afd, &c, 1), 1);
    ck_assert_int_eq(c, 'x');
    close(afd);
    close(cfd);
    close(lfd);
}

/* ---- net_split_hostport ----------------------------------------------- */

START_TEST(split_ipv4)
{
    char host[64], port[8];

    ck_assert_int_eq(net_split_hostport("127.0.0.1:2525", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "127.0.0.1");
    ck_assert_str_eq(port, "2525");
    ck_assert_int_eq(net_split_hostport("localhost:0", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "localhost");
    ck_assert_str_eq(port, "0");
    ck_assert_int_eq(net_split_hostport("h:65535", host, sizeof host, port, sizeof port), 0);
}
END_TEST

START_TEST(split_ipv6_brackets)
{
    char host[64], port[8];

    ck_assert_int_eq(net_split_hostport("[::1]:143", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "::1");
    ck_assert_str_eq(port, "143");
    ck_assert_int_eq(net_split_hostport("[2001:db8::25]:0", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "2001:db8::25");
    ck_assert_str_eq(port, "0");
}
END_TEST

START_TEST(split_rejects_malformed)
{
    static const char *const bad[] = {
        "localhost",        /* no port at all */
        "localhost:",       /* empty port */
        ":25",              /* empty host */
        "host:http",        /* names are not ports here */
        "host:65536",       /* out of range */
        "host:123456",      /* too many digits */
        "host:-1",
        "host: 25",
        "::1:25",           /* IPv6 without brackets: ambiguous */
        "[::1]25",          /* no colon after the bracket */
        "[::1",             /* unclosed bracket */
        "[]:25",            /* empty address */
        "",
    };
    char host[64], port[8];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(net_split_hostport(bad[i], host, sizeof host, port, sizeof port) == -1,
                      "'%s' should be rejected", bad[i]);
}
END_TEST

START_TEST(split_too_long)
{
    char host[8], port[8], small[3];

    /* "example.org" needs 12 bytes with its NUL; host has 8. */
    ck_assert_int_eq(net_split_hostport("example.org:25", host, sizeof host, port, sizeof port), -1);
    /* "7007" needs 5; small has 3. */
    ck_assert_int_eq(net_split_hostport("a:7007", host, sizeof host, small, sizeof small), -1);
    /* exactly fitting is fine */
    ck_assert_int_eq(net_split_hostport("1234567:25", host, sizeof host, port, sizeof port), 0);
    ck_assert_str_eq(host, "1234567");
}
END_TEST

/* ---- net_format_addr -------------------------------------------------- */

START_TEST(format_ipv4_and_ipv6)
{
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    char buf[NET_ADDRSTRLEN];

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(25);
    inet_pton(AF_INET, "192.0.2.7", &sin.sin_addr);
    ck_assert_int_eq(net_format_addr((struct sockaddr *)&sin, sizeof sin, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "192.0.2.7:25");

    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(1143);
    sin6.sin6_addr = in6addr_loopback;
    ck_assert_int_eq(net_format_addr((struct sockaddr *)&sin6, sizeof sin6, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "[::1]:1143");
}
END_TEST

START_TEST(format_errors)
{
    struct sockaddr_in sin;
    struct sockaddr sa;
    char buf[NET_ADDRSTRLEN], tiny[8];

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(65535);
    inet_pton(AF_INET, "10.0.0.1", &sin.sin_addr);
    /* "10.0.0.1:65535" does not fit in 8 bytes */
    ck_assert_int_eq(net_format_addr((struct sockaddr *)&sin, sizeof sin, tiny, sizeof tiny), -1);
    /* a length too short for the family */
    ck_assert_int_eq(net_format_addr((struct sockaddr *)&sin, 4, buf, sizeof buf), -1);
    /* an unknown family */
    memset(&sa, 0, sizeof sa);
    sa.sa_family = AF_UNIX;
    ck_assert_int_eq(net_format_addr(&sa, sizeof sa, buf, sizeof buf), -1);
}
END_TEST

/* ---- listen, connect, accept ------------------------------------------ */

START_TEST(listen_port0_ipv4)
{
    listen_connect_accept("127.0.0.1", "127.0.0.1:");
}
END_TEST

START_TEST(listen_port0_ipv6)
{
    if (!have_ipv6_loopback()) {
        fprintf(stderr, "test-net: ::1 is not available here; IPv6 test skipped\n");
        return;
    }
    listen_connect_accept("::1", "[::1]:");
}
END_TEST

START_TEST(listen_spec_announces_port)
{
    char err[NET_ERRLEN] = "", name[NET_ADDRSTRLEN], expect[128], got[128] = "";
    int pfd[2], saved, lfd;
    ssize_t n;

    /* Catch stdout in a pipe for the duration of the call. */
    ck_assert_int_eq(pipe(pfd), 0);
    fflush(stdout);
    saved = dup(STDOUT_FILENO);
    dup2(pfd[1], STDOUT_FILENO);
    lfd = net_listen_spec("127.0.0.1:0", err, sizeof err);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(pfd[1]);
    ck_assert_msg(lfd >= 0, "net_listen_spec: %s", err);

    n = read(pfd[0], got, sizeof got - 1);
    ck_assert_int_gt(n, 0);
    got[n] = '\0';
    ck_assert_int_eq(net_local_name(lfd, name, sizeof name), 0);
    snprintf(expect, sizeof expect, "listening on %s\n", name);
    ck_assert_str_eq(got, expect);
    close(pfd[0]);
    close(lfd);
}
END_TEST

START_TEST(listen_spec_bad)
{
    char err[NET_ERRLEN] = "";

    ck_assert_int_eq(net_listen_spec("no-port-here", err, sizeof err), -1);
    ck_assert_msg(strstr(err, "no-port-here") != NULL, "message: %s", err);
    /* NULL err is allowed */
    ck_assert_int_eq(net_listen_spec("no-port-here", NULL, 0), -1);
}
END_TEST

START_TEST(listen_busy_port)
{
    char err[NET_ERRLEN] = "", port[8];
    int lfd = net_listen("127.0.0.1", "0", err, sizeof err);

    ck_assert_int_ge(lfd, 0);
    local_port(lfd, port, sizeof port);
    /* SO_REUSEADDR allows TIME_WAIT leftovers, not two live listeners. */
    ck_assert_int_eq(net_listen("127.0.0.1", port, err, sizeof err), -1);
    ck_assert_int_eq(errno, EADDRINUSE);
    ck_assert_msg(strstr(err, port) != NULL, "message: %s", err);
    close(lfd);
}
END_TEST

START_TEST(connect_refused)
{
    char err[NET_ERRLEN] = "", port[8];
    int lfd = net_listen("127.0.0.1", "0", err, sizeof err);

    /* A port that was free a moment ago and has nobody listening now. */
    ck_assert_int_ge(lfd, 0);
    local_port(lfd, port, sizeof port);
    close(lfd);
    ck_assert_int_eq(net_connect("127.0.0.1", port, tl_timeout_ms(), err, sizeof err), -1);
    ck_assert_int_eq(errno, ECONNREFUSED);
    ck_assert_msg(strstr(err, port) != NULL && strstr(err, "refused") != NULL,
                  "message: %s", err);
}
END_TEST

/*
 * A connect that gets no answer must give up at the deadline.  To get a
 * peer that stays silent without leaving loopback: a listener with a
 * backlog of 0 that never accepts.  Once its queue is full, Linux (and the
 * BSDs) drop further SYNs, so the next connect waits -- until our timeout.
 */
START_TEST(connect_timeout_bounded)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    char err[NET_ERRLEN] = "", port[8];
    int lfd = socket(AF_INET, SOCK_STREAM, 0), fds[64], nfds = 0, timed_out = 0;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_ge(lfd, 0);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
    ck_assert_int_eq(listen(lfd, 0), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
    snprintf(port, sizeof port, "%u", (unsigned)ntohs(sin.sin_port));

    while (nfds < 64 && !timed_out) {
        long long t0 = now_ms(), took;
        int fd = net_connect("127.0.0.1", port, 300, err, sizeof err);

        took = now_ms() - t0;
        if (fd >= 0) {
            fds[nfds++] = fd;       /* the queue still had room */
            continue;
        }
        ck_assert_msg(errno == ETIMEDOUT, "unexpected failure: %s", err);
        ck_assert_msg(took >= 250 && took < 3000, "timeout of 300 ms took %lld ms", took);
        ck_assert_msg(strstr(err, "timed out") != NULL, "message: %s", err);
        timed_out = 1;
    }
    if (!timed_out)
        fprintf(stderr, "test-net: this system never dropped a SYN; timeout test skipped\n");
    while (nfds > 0)
        close(fds[--nfds]);
    close(lfd);
}
END_TEST

static void on_alarm(int sig)
{
    (void)sig;
}

START_TEST(accept_returns_eintr)
{
    char err[NET_ERRLEN] = "";
    struct sigaction sa;
    struct itimerval it;
    int lfd = net_listen("127.0.0.1", "0", err, sizeof err);

    ck_assert_int_ge(lfd, 0);
    /* A handler without SA_RESTART: the blocked accept() fails with EINTR,
     * and net_accept must hand that back (a server checks its stop flag). */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50 * 1000;
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);

    ck_assert_int_eq(net_accept(lfd, NULL, 0), -1);
    ck_assert_int_eq(errno, EINTR);
    close(lfd);
}
END_TEST

static Suite *net_suite(void)
{
    Suite *s = suite_create("net");
    TCase *tc = tl_tcase("split");

    tcase_add_test(tc, split_ipv4);
    tcase_add_test(tc, split_ipv6_brackets);
    tcase_add_test(tc, split_rejects_malformed);
    tcase_add_test(tc, split_too_long);
    suite_add_tcase(s, tc);

    tc = tl_tcase("format");
    tcase_add_test(tc, format_ipv4_and_ipv6);
    tcase_add_test(tc, format_errors);
    suite_add_tcase(s, tc);

    tc = tl_tcase("sockets");
    tcase_add_test(tc, listen_port0_ipv4);
    tcase_add_test(tc, listen_port0_ipv6);
    tcase_add_test(tc, listen_spec_announces_port);
    tcase_add_test(tc, listen_spec_bad);
    tcase_add_test(tc, listen_busy_port);
    tcase_add_test(tc, connect_refused);
    tcase_add_test(tc, connect_timeout_bounded);
    tcase_add_test(tc, accept_returns_eintr);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(net_suite());
}
