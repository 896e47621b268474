/*
 * test-testlib.c -- tests of the test helpers themselves (tests/lib).
 *
 * The programs under test here are /bin/sh one-liners and /bin/cat, so the
 * helpers are checked before any chapter's code exists.
 */
#include "testlib.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

START_TEST(spawn_server_ipv4)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c",
        "echo starting; echo 'listening on 127.0.0.1:4242'; echo after; exec sleep 30", NULL };
    char line[64];

    ck_assert_int_eq(tl_spawn_server(&p, argv), 0);
    ck_assert_str_eq(p.host, "127.0.0.1");
    ck_assert_str_eq(p.port, "4242");
    /* output after the listening line stays available */
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 6);
    ck_assert_str_eq(line, "after\n");
    int st = tl_stop(&p, SIGTERM);
    ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    ck_assert_int_eq(p.pid, 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(spawn_server_ipv6)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "printf 'listening on [::1]:65535\\r\\n'; exec sleep 30", NULL };

    ck_assert_int_eq(tl_spawn_server(&p, argv), 0);
    ck_assert_str_eq(p.host, "::1");
    ck_assert_str_eq(p.port, "65535");
    tl_cleanup(&p);
}
END_TEST

START_TEST(spawn_server_dies)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "echo 'cannot bind' >&2; exit 69", NULL };

    ck_assert_int_eq(tl_spawn_server(&p, argv), -1);
    char *err = tl_stderr(&p);
    ck_assert_str_eq(err, "cannot bind\n");
    free(err);
    tl_cleanup(&p);
}
END_TEST

START_TEST(spawn_server_silent_times_out)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "exec sleep 30", NULL };

    setenv("MM_TEST_TIMEOUT_MS", "200", 1);
    ck_assert_int_eq(tl_timeout_ms(), 200);
    ck_assert_int_eq(tl_spawn_server(&p, argv), -1);
    ck_assert_int_eq(p.pid, 0);     /* killed and reaped */
    tl_cleanup(&p);
}
END_TEST

START_TEST(pipe_cat_lines)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/cat", NULL };
    char line[8];

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert_int_eq(tl_send(p.stdin_fd, "one\r\ntwo\r\nthree-is-long\r\nend"), 0);
    ck_assert(tl_expect_line(p.stdout_fd, "one"));
    ck_assert(tl_expect_prefix(p.stdout_fd, "tw"));
    /* a line longer than the buffer comes in pieces, like fgets */
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 7);
    ck_assert_str_eq(line, "three-i");
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 7);
    ck_assert_str_eq(line, "s-long\r");
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 1);
    ck_assert_str_eq(line, "\n");
    /* no line end yet: a bounded wait, then -1 */
    setenv("MM_TEST_TIMEOUT_MS", "100", 1);
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), -1);
    /* EOF: the partial last line, then 0 -- once cat has run to see its
     * end of input, which takes a wait of the usual length, not 100 ms */
    unsetenv("MM_TEST_TIMEOUT_MS");
    tl_close(p.stdin_fd);
    p.stdin_fd = -1;
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 3);
    ck_assert_str_eq(line, "end");
    ck_assert_int_eq(tl_read_line(p.stdout_fd, line, sizeof line), 0);
    int st = tl_stop(&p, 0);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(nothing_left_in_tmp)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "echo to-stderr >&2; echo out", NULL };

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert_int_ne(access(p.errfile, F_OK), 0);   /* already unlinked */
    ck_assert(tl_expect_eof(p.stdout_fd));
    tl_stop(&p, 0);
    char *e1 = tl_stderr(&p), *e2 = tl_stderr(&p);  /* readable twice */
    ck_assert_str_eq(e1, "to-stderr\n");
    ck_assert_str_eq(e2, "to-stderr\n");
    free(e1);
    free(e2);
    tl_cleanup(&p);
    char *e3 = tl_stderr(&p);
    ck_assert_str_eq(e3, "");
    free(e3);

    /* a tmpdir a test forgot is removed when its process exits */
    int fds[2];
    char path[512] = "";
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        char *d = tl_tmpdir();
        char f[600];
        snprintf(f, sizeof f, "%s/file", d);
        FILE *fp = fopen(f, "w");
        if (fp != NULL)
            fclose(fp);
        if (write(fds[1], d, strlen(d)) < 0)
            _exit(2);
        exit(0);                    /* no tl_rmtree: atexit cleans up */
    }
    close(fds[1]);
    ck_assert_int_gt(read(fds[0], path, sizeof path - 1), 0);
    close(fds[0]);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(reused_fd_forgets_old_bytes)
{
    int a[2], b[2];
    char line[32];

    ck_assert_int_eq(pipe(a), 0);
    ck_assert_int_eq(tl_send(a[1], "one\r\nleft over"), 0);
    close(a[1]);
    ck_assert(tl_expect_line(a[0], "one"));
    ck_assert_int_eq(tl_read_line(a[0], line, sizeof line), 9);   /* "left over" at EOF */
    ck_assert_int_eq(tl_read_line(a[0], line, sizeof line), 0);
    int old = a[0];
    close(a[0]);                      /* plain close(), not tl_close() */
    ck_assert_int_eq(pipe(b), 0);
    ck_assert_int_eq(b[0], old);      /* the number comes back... */
    ck_assert_int_eq(tl_send(b[1], "fresh\r\n"), 0);
    ck_assert(tl_expect_line(b[0], "fresh"));   /* ...without the old EOF */
    tl_close(b[0]);
    close(b[1]);
}
END_TEST

START_TEST(expect_line_needs_crlf)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "printf 'bare\\nok\\r\\n'", NULL };

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert(!tl_expect_line(p.stdout_fd, "bare"));
    ck_assert(tl_expect_line(p.stdout_fd, "ok"));
    ck_assert(tl_expect_eof(p.stdout_fd));
    tl_stop(&p, 0);
    tl_cleanup(&p);
}
END_TEST

START_TEST(stop_kills_stubborn)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done", NULL };

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert(tl_expect_prefix(p.stdout_fd, "ready"));
    setenv("MM_TEST_TIMEOUT_MS", "200", 1);
    ck_assert_int_eq(tl_stop(&p, SIGTERM), -1);
    ck_assert_int_eq(p.pid, 0);
    tl_cleanup(&p);
}
END_TEST

/* A listening socket on 127.0.0.1 and a port the kernel picked; the
 * port number goes into @p port as text. */
static int loopback_listener(char port[16])
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;

    ck_assert_int_ge(lfd, 0);
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
    ck_assert_int_eq(listen(lfd, 1), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
    snprintf(port, 16, "%u", (unsigned)ntohs(sin.sin_port));
    return lfd;
}

START_TEST(connect_and_eof)
{
    char port[16];
    int lfd = loopback_listener(port);
    int c = tl_connect("127.0.0.1", port);
    ck_assert_int_ge(c, 0);
    int s = accept(lfd, NULL, NULL);
    ck_assert_int_ge(s, 0);
    ck_assert_int_eq(tl_send(s, "220 hi\r\n"), 0);
    ck_assert(tl_expect_line(c, "220 hi"));
    close(s);
    ck_assert(tl_expect_eof(c));
    tl_close(c);
    close(lfd);
}
END_TEST

/* A connected pair on loopback: *c from tl_connect_rcvbuf(), *s accepted. */
static void socket_pair(int *c, int *s)
{
    char port[16];
    int lfd = loopback_listener(port);

    *c = tl_connect_rcvbuf("127.0.0.1", port, 4096);
    ck_assert_int_ge(*c, 0);
    *s = accept(lfd, NULL, NULL);
    ck_assert_int_ge(*s, 0);
    close(lfd);
}

START_TEST(flood_stuck_cut_off_endless)
{
    int c, s, status;
    size_t sent = 0;
    char name[64], want[64];
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    pid_t pid;

    socket_pair(&c, &s);
    /* tl_sockname() names our end as the server sees it. */
    ck_assert_int_eq(tl_sockname(c, name, sizeof name), 0);
    ck_assert_int_eq(getpeername(s, (struct sockaddr *)&peer, &len), 0);
    snprintf(want, sizeof want, "127.0.0.1:%u", (unsigned)ntohs(peer.sin_port));
    ck_assert_str_eq(name, want);
    /* A peer that never reads and never closes: stuck (a shorter bound,
     * still far longer than filling both socket buffers takes). */
    setenv("MM_TEST_TIMEOUT_MS", "1000", 1);
    ck_assert_int_eq(tl_flood(c, "HELP\r\n", 64 * 1024 * 1024, &sent), TL_FLOOD_STUCK);
    ck_assert_uint_gt(sent, 0);
    /* It closes with our bytes unread (a reset): cut off. */
    close(s);
    ck_assert_int_eq(tl_flood(c, "HELP\r\n", 64 * 1024 * 1024, NULL), TL_FLOOD_CUT_OFF);
    close(c);
    /* A peer that reads everything: endless, up to the byte limit. */
    unsetenv("MM_TEST_TIMEOUT_MS");
    socket_pair(&c, &s);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char buf[65536];
        close(c);
        while (read(s, buf, sizeof buf) > 0)
            ;
        _exit(0);
    }
    close(s);
    ck_assert_int_eq(tl_flood(c, "NOOP\r\n", 1024 * 1024, &sent), TL_FLOOD_ENDLESS);
    ck_assert_uint_ge(sent, 1024 * 1024);
    close(c);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

START_TEST(stderr_lines_and_counts)
{
    struct tl_proc p;
    char *const argv[] = { "/bin/sh", "-c",
                           "echo one >&2; echo 'two three' >&2; exec sleep 30", NULL };
    char *line;

    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    line = tl_stderr_line(&p, "thr");
    ck_assert_ptr_nonnull(line);
    ck_assert_str_eq(line, "two three");
    free(line);
    ck_assert_int_eq(tl_stderr_count(&p, "o"), 2);
    ck_assert_int_eq(tl_wait_stderr(&p, "one", 1), 1);
    setenv("MM_TEST_TIMEOUT_MS", "200", 1);
    ck_assert_int_eq(tl_wait_stderr(&p, "one", 2), 0);
    ck_assert_ptr_null(tl_stderr_line(&p, "four"));
    tl_cleanup(&p);
}
END_TEST

START_TEST(tmpdir_and_paths)
{
    char *d = tl_tmpdir();
    char path[4096];

    ck_assert_ptr_nonnull(d);
    snprintf(path, sizeof path, "%s/a", d);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/a/f", d);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    tl_rmtree(d);
    ck_assert_int_ne(access(d, F_OK), 0);
    free(d);

    setenv("MM_BUILDDIR", "/b", 1);
    unsetenv("MM_SRCDIR");
    const char *p1 = tl_build_path("x/y");
    const char *p2 = tl_src_path("z");
    ck_assert_str_eq(p1, "/b/x/y");     /* still valid after a second call */
    ck_assert_str_eq(p2, "./z");
}
END_TEST

static Suite *testlib_suite(void)
{
    Suite *s = suite_create("testlib");
    TCase *tc = tl_tcase("core");

    tcase_add_test(tc, spawn_server_ipv4);
    tcase_add_test(tc, spawn_server_ipv6);
    tcase_add_test(tc, spawn_server_dies);
    tcase_add_test(tc, spawn_server_silent_times_out);
    tcase_add_test(tc, pipe_cat_lines);
    tcase_add_test(tc, expect_line_needs_crlf);
    tcase_add_test(tc, reused_fd_forgets_old_bytes);
    tcase_add_test(tc, nothing_left_in_tmp);
    tcase_add_test(tc, stop_kills_stubborn);
    tcase_add_test(tc, connect_and_eof);
    tcase_add_test(tc, flood_stuck_cut_off_endless);
    tcase_add_test(tc, stderr_lines_and_counts);
    tcase_add_test(tc, tmpdir_and_paths);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(testlib_suite());
}
