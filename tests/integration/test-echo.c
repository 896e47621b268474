/*
 * test-echo.c -- integration tests of chapter 1's stage programs: the echo
 * server chapters/01-sockets/echod and the client chapters/01-sockets/echo.
 *
 * Servers listen on port 0 and say which port they got; every wait is
 * bounded by tl_timeout_ms().  Big payloads are sent and received at the
 * same time (pump() below): an echo server cannot take more than a few
 * hundred kilobytes from a client that does not read its answers.
 */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------- */

static char echod_path[512], echo_path[512];

static void find_programs(void)
{
    snprintf(echod_path, sizeof echod_path, "%s", tl_build_path("chapters/01-sockets/echod"));
    snprintf(echo_path, sizeof echo_path, "%s", tl_build_path("chapters/01-sockets/echo"));
}

/* Can we bind ::1?  (If not, the IPv6 tests are skipped with a note.) */
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

/* Start echod listening on spec ("127.0.0.1:0" or "[::1]:0"). */
static void start_echod(struct tl_proc *p, const char *spec)
{
    char *const argv[] = { echod_path, "--listen", (char *)spec, NULL };

    ck_assert_msg(tl_spawn_server(p, argv) == 0, "echod --listen %s did not start", spec);
}

/* Stop echod with SIGTERM: it must exit 0.  Returns its stderr (free it). */
static char *stop_echod(struct tl_proc *p)
{
    int st = tl_stop(p, SIGTERM);
    char *log = tl_stderr(p);

    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "echod did not exit cleanly on SIGTERM (status %d); stderr:\n%s", st, log);
    tl_cleanup(p);
    return log;
}

/* "HOST:PORT" for --server, with brackets for IPv6. */
static void server_spec(const struct tl_proc *p, char *buf, size_t bufsz)
{
    snprintf(buf, bufsz, strchr(p->host, ':') ? "[%s]:%s" : "%s:%s", p->host, p->port);
}

/* A payload with every byte value, NULs included. */
static unsigned char *make_payload(size_t len)
{
    unsigned char *d = malloc(len);

    ck_assert(d != NULL);
    for (size_t i = 0; i < len; i++)
        d[i] = (unsigned char)((i * 131) ^ (i >> 9));
    return d;
}

/*
 * Send len bytes to *wfd while reading everything from rfd until EOF, into
 * out (capacity outcap).  When all is sent, *wfd is half-closed (a socket:
 * wfd == rfd) or closed and set to -1 (a pipe).  Returns the bytes read.
 */
static size_t pump(int *wfd, int rfd, const void *data, size_t len,
                   unsigned char *out, size_t outcap)
{
    const unsigned char *d = data;
    size_t sent = 0, got = 0;
    int is_socket = *wfd == rfd, writing = 1;

    fcntl(*wfd, F_SETFL, fcntl(*wfd, F_GETFL) | O_NONBLOCK);
    for (;;) {
        struct pollfd pfd[2] = { { .fd = rfd, .events = POLLIN }, { .fd = -1 } };
        short wrev;
        ssize_t n;

        if (writing && sent == len) {
            if (is_socket) {
                shutdown(*wfd, SHUT_WR);
            } else {
                close(*wfd);
                *wfd = -1;
            }
            writing = 0;
        }
        if (writing && is_socket)
            pfd[0].events |= POLLOUT;
        else if (writing)
            pfd[1] = (struct pollfd){ .fd = *wfd, .events = POLLOUT };
        n = poll(pfd, 2, tl_timeout_ms());
        ck_assert_msg(n > 0, "timed out: sent %zu of %zu, received %zu", sent, len, got);

        wrev = is_socket ? pfd[0].revents : pfd[1].revents;
        if (writing && (wrev & (POLLOUT | POLLERR | POLLHUP))) {
            n = write(*wfd, d + sent, len - sent > 65536 ? 65536 : len - sent);
            if (n > 0)
                sent += (size_t)n;
            else
                ck_assert_msg(errno == EAGAIN || errno == EINTR, "write: %s", strerror(errno));
        }
        if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ck_assert_msg(got < outcap, "more output than expected");
            n = read(rfd, out + got, outcap - got);
            if (n == 0)
                return got;
            if (n < 0) {
                ck_assert_msg(errno == EAGAIN || errno == EINTR, "read: %s", strerror(errno));
                continue;
            }
            got += (size_t)n;
        }
    }
}

/* Echo len bytes through one TCP connection and compare. */
static void roundtrip_tcp(const struct tl_proc *p, size_t len)
{
    unsigned char *data = make_payload(len), *back = malloc(len + 1);
    int fd = tl_connect(p->host, p->port);

    ck_assert_msg(fd >= 0, "cannot connect to [%s]:%s", p->host, p->port);
    ck_assert_uint_eq(pump(&fd, fd, data, len, back, len + 1), len);
    ck_assert(memcmp(data, back, len) == 0);
    close(fd);
    free(data);
    free(back);
}

/* Run the echo client against p with len bytes on its stdin. */
static void roundtrip_client(const struct tl_proc *p, size_t len)
{
    char spec[128];
    char *const argv[] = { echo_path, "--server", spec, NULL };
    unsigned char *data = make_payload(len), *back = malloc(len + 1);
    struct tl_proc c;
    int st;

    server_spec(p, spec, sizeof spec);
    ck_assert_int_eq(tl_spawn_pipe(&c, argv), 0);
    ck_assert_uint_eq(pump(&c.stdin_fd, c.stdout_fd, data, len, back, len + 1), len);
    ck_assert(memcmp(data, back, len) == 0);
    st = tl_stop(&c, 0);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == EX_OK, "echo exit status %d", st);
    tl_cleanup(&c);
    free(data);
    free(back);
}

/* Run a program to its end with stdin closed at once; its exit status. */
static int run_status(char *const argv[], char **errtext)
{
    struct tl_proc c;
    int st;

    ck_assert_int_eq(tl_spawn_pipe(&c, argv), 0);
    close(c.stdin_fd);
    c.stdin_fd = -1;
    st = tl_stop(&c, 0);
    if (errtext != NULL)
        *errtext = tl_stderr(&c);
    tl_cleanup(&c);
    ck_assert_msg(WIFEXITED(st), "did not exit normally (status %d)", st);
    return WEXITSTATUS(st);
}

/* ---- the server, spoken to directly ----------------------------------- */

START_TEST(echod_ipv4_lines)
{
    struct tl_proc p;
    char *log;
    int fd;

    start_echod(&p, "127.0.0.1:0");
    ck_assert_str_eq(p.host, "127.0.0.1");
    fd = tl_connect(p.host, p.port);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(tl_send(fd, "hello\r\n"), 0);
    ck_assert(tl_expect_line(fd, "hello"));
    ck_assert_int_eq(tl_send(fd, "second line\r\n"), 0);
    ck_assert(tl_expect_line(fd, "second line"));
    shutdown(fd, SHUT_WR);                      /* our EOF ... */
    ck_assert(tl_expect_eof(fd));               /* ... ends the session */
    tl_close(fd);

    log = stop_echod(&p);
    ck_assert_msg(strstr(log, "connection from 127.0.0.1:") != NULL, "log:\n%s", log);
    ck_assert_msg(strstr(log, "closed, 20 bytes echoed") != NULL, "log:\n%s", log);
    ck_assert_msg(strstr(log, "shutting down") != NULL, "log:\n%s", log);
    free(log);
}
END_TEST

START_TEST(echod_ipv6)
{
    struct tl_proc p;

    if (!have_ipv6_loopback()) {
        fprintf(stderr, "test-echo: ::1 is not available here; IPv6 test skipped\n");
        return;
    }
    start_echod(&p, "[::1]:0");
    ck_assert_str_eq(p.host, "::1");
    roundtrip_tcp(&p, 1000);
    roundtrip_client(&p, 1000);
    free(stop_echod(&p));
}
END_TEST

START_TEST(echod_binary_with_nul)
{
    struct tl_proc p;

    start_echod(&p, "127.0.0.1:0");
    roundtrip_tcp(&p, 4096);                    /* every byte value, NULs too */
    free(stop_echod(&p));
}
END_TEST

START_TEST(echod_one_mebibyte)
{
    struct tl_proc p;

    start_echod(&p, "127.0.0.1:0");
    roundtrip_tcp(&p, 1024 * 1024);
    free(stop_echod(&p));
}
END_TEST

/* One client at a time: a second client waits in the listen queue and is
 * served as soon as the first one leaves. */
START_TEST(echod_iterative_two_clients)
{
    struct tl_proc p;
    char *log, *second;
    int a, b;

    start_echod(&p, "127.0.0.1:0");
    a = tl_connect(p.host, p.port);
    ck_assert_int_ge(a, 0);
    ck_assert_int_eq(tl_send(a, "first\r\n"), 0);
    ck_assert(tl_expect_line(a, "first"));

    b = tl_connect(p.host, p.port);             /* queued by the kernel */
    ck_assert_int_ge(b, 0);
    ck_assert_int_eq(tl_send(b, "second\r\n"), 0);

    shutdown(a, SHUT_WR);
    ck_assert(tl_expect_eof(a));
    tl_close(a);
    ck_assert(tl_expect_line(b, "second"));     /* now it is b's turn */
    shutdown(b, SHUT_WR);
    ck_assert(tl_expect_eof(b));
    tl_close(b);

    log = stop_echod(&p);
    second = strstr(log, "closed, 7 bytes echoed");
    ck_assert_msg(second != NULL && strstr(second, "closed, 8 bytes echoed") != NULL,
                  "expected two sessions, in order; log:\n%s", log);
    free(log);
}
END_TEST

START_TEST(echod_sigterm_during_session)
{
    struct tl_proc p;
    int fd;

    start_echod(&p, "127.0.0.1:0");
    fd = tl_connect(p.host, p.port);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(tl_send(fd, "still here\r\n"), 0);
    ck_assert(tl_expect_line(fd, "still here"));
    free(stop_echod(&p));                       /* exits 0 mid-session ... */
    ck_assert(tl_expect_eof(fd));               /* ... and closes the client */
    tl_close(fd);
}
END_TEST

START_TEST(echod_stdio)
{
    char *const argv[] = { echod_path, "--stdio", NULL };
    unsigned char *data = make_payload(300000), *back = malloc(300001);
    struct tl_proc c;
    int st;

    ck_assert_int_eq(tl_spawn_pipe(&c, argv), 0);
    ck_assert_uint_eq(pump(&c.stdin_fd, c.stdout_fd, data, 300000, back, 300001), 300000);
    ck_assert(memcmp(data, back, 300000) == 0);
    st = tl_stop(&c, 0);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == EX_OK, "status %d", st);
    tl_cleanup(&c);
    free(data);
    free(back);
}
END_TEST

START_TEST(echod_usage_errors)
{
    char *const bad_option[] = { echod_path, "--no-such-option", NULL };
    char *const bad_listen[] = { echod_path, "--listen", "localhost", NULL };
    char *const help[] = { echod_path, "--help", NULL };
    char *err;

    ck_assert_int_eq(run_status(bad_option, NULL), EX_USAGE);
    ck_assert_int_eq(run_status(bad_listen, &err), EX_USAGE);
    ck_assert_msg(strstr(err, "localhost") != NULL, "stderr: %s", err);
    free(err);
    ck_assert_int_eq(run_status(help, NULL), EX_OK);
}
END_TEST

START_TEST(echod_port_in_use)
{
    struct tl_proc p;
    char spec[64], *err;
    char *const argv[] = { echod_path, "--listen", spec, NULL };

    start_echod(&p, "127.0.0.1:0");
    snprintf(spec, sizeof spec, "127.0.0.1:%s", p.port);
    ck_assert_int_eq(run_status(argv, &err), EX_UNAVAILABLE);
    ck_assert_msg(strstr(err, "cannot listen") != NULL, "stderr: %s", err);
    free(err);
    free(stop_echod(&p));
}
END_TEST

/* ---- the echo client -------------------------------------------------- */

START_TEST(client_small_and_binary)
{
    struct tl_proc p;

    start_echod(&p, "127.0.0.1:0");
    roundtrip_client(&p, 1);
    roundtrip_client(&p, 5000);
    roundtrip_client(&p, 0);                    /* empty input: empty output */
    free(stop_echod(&p));
}
END_TEST

START_TEST(client_one_mebibyte)
{
    struct tl_proc p;

    start_echod(&p, "127.0.0.1:0");
    roundtrip_client(&p, 1024 * 1024);
    free(stop_echod(&p));
}
END_TEST

START_TEST(client_connection_refused)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    char spec[64], *err;
    char *const argv[] = { echo_path, "--server", spec, NULL };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    /* A port that was free a moment ago: bind to port 0, note it, close. */
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    close(fd);
    snprintf(spec, sizeof spec, "127.0.0.1:%u", (unsigned)ntohs(sin.sin_port));

    ck_assert_int_eq(run_status(argv, &err), EX_UNAVAILABLE);
    ck_assert_msg(strstr(err, "refused") != NULL, "stderr: %s", err);
    free(err);
}
END_TEST

START_TEST(client_usage_errors)
{
    char *const bad_server[] = { echo_path, "--server", "[::1]", NULL };
    char *const extra_arg[] = { echo_path, "surplus", NULL };

    ck_assert_int_eq(run_status(bad_server, NULL), EX_USAGE);
    ck_assert_int_eq(run_status(extra_arg, NULL), EX_USAGE);
}
END_TEST

static Suite *echo_suite(void)
{
    Suite *s = suite_create("echo");
    TCase *tc = tl_tcase("server");

    tcase_add_unchecked_fixture(tc, find_programs, NULL);
    tcase_add_test(tc, echod_ipv4_lines);
    tcase_add_test(tc, echod_ipv6);
    tcase_add_test(tc, echod_binary_with_nul);
    tcase_add_test(tc, echod_one_mebibyte);
    tcase_add_test(tc, echod_iterative_two_clients);
    tcase_add_test(tc, echod_sigterm_during_session);
    tcase_add_test(tc, echod_stdio);
    tcase_add_test(tc, echod_usage_errors);
    tcase_add_test(tc, echod_port_in_use);
    suite_add_tcase(s, tc);

    tc = tl_tcase("client");
    tcase_add_unchecked_fixture(tc, find_programs, NULL);
    tcase_add_test(tc, client_small_and_binary);
    tcase_add_test(tc, client_one_mebibyte);
    tcase_add_test(tc, client_connection_refused);
    tcase_add_test(tc, client_usage_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(echo_suite());
}
