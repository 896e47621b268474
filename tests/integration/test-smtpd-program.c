/*
 * test-smtpd-program.c -- the command line of minimail-smtpd (chapter
 * storing-mail): options, sysexits.h exit codes, --stdio, shutdown.
 */
#include "smtpd-util.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

/* Run minimail-smtpd with these arguments (NULL-terminated) and stdin
 * closed; return its exit status; its stdout and stderr go to *out, *err
 * (malloc'ed) when those are not NULL. */
static int run(const char *const *args, char **out, char **err)
{
    struct tl_proc p;
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)tl_build_path(SMTPD_PROG);
    for (size_t i = 0; args[i] != NULL && n < 31; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    close(p.stdin_fd);
    p.stdin_fd = -1;
    /* Collect stdout until EOF (bounded by the line reader's timeout). */
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap), line[1024];
    ssize_t r;
    while ((r = tl_read_line(p.stdout_fd, line, sizeof line)) > 0) {
        if (len + (size_t)r + 1 > cap)
            buf = realloc(buf, cap *= 2);
        memcpy(buf + len, line, (size_t)r);
        len += (size_t)r;
    }
    buf[len] = '\0';
    int status = tl_stop(&p, 0);
    ck_assert_msg(status != -1, "minimail-smtpd did not exit");
    if (err != NULL)
        *err = tl_stderr(&p);
    tl_cleanup(&p);
    if (out != NULL)
        *out = buf;
    else
        free(buf);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Expect exit code @p code, and @p what in stderr (if not NULL). */
static void expect_exit(const char *const *args, int code, const char *what)
{
    char *err = NULL;
    int rc = run(args, NULL, &err);
    ck_assert_msg(rc == code, "exit %d, want %d; stderr: %s", rc, code, err);
    if (what != NULL)
        ck_assert_msg(strstr(err, what) != NULL, "stderr lacks \"%s\": %s", what, err);
    free(err);
}

START_TEST(help_and_version)
{
    char *out;
    const char *const help[] = { "--help", NULL };
    ck_assert_int_eq(run(help, &out, NULL), EX_OK);
    ck_assert_ptr_nonnull(strstr(out, "Usage: minimail-smtpd --maildir-root DIR"));
    ck_assert_ptr_nonnull(strstr(out, "--catch-all USER"));
    free(out);
    const char *const version[] = { "--version", NULL };
    ck_assert_int_eq(run(version, &out, NULL), EX_OK);
    ck_assert_msg(strncmp(out, "minimail-smtpd (minimail) ", 26) == 0, "%s", out);
    free(out);
}
END_TEST

START_TEST(usage_errors)
{
    const char *const none[] = { NULL };
    expect_exit(none, EX_USAGE, "missing --maildir-root");
    const char *const bad[] = { "--maildir-root", "/tmp", "--frobnicate", NULL };
    expect_exit(bad, EX_USAGE, "Usage:");
    const char *const extra[] = { "--maildir-root", "/tmp", "stray", NULL };
    expect_exit(extra, EX_USAGE, "unexpected argument 'stray'");
    const char *const dom[] = { "--maildir-root", "/tmp", "--domain", "no domain!", NULL };
    expect_exit(dom, EX_USAGE, "bad --domain");
    const char *const ca[] = { "--maildir-root", "/tmp", "--catch-all", "../etc", NULL };
    expect_exit(ca, EX_USAGE, "bad --catch-all");
    const char *const sz[] = { "--maildir-root", "/tmp", "--max-size", "0", NULL };
    expect_exit(sz, EX_USAGE, "bad --max-size");
    const char *const sz2[] = { "--maildir-root", "/tmp", "--max-size", "10k", NULL };
    expect_exit(sz2, EX_USAGE, "bad --max-size");
    const char *const rc[] = { "--maildir-root", "/tmp", "--max-rcpt", "-1", NULL };
    expect_exit(rc, EX_USAGE, "bad --max-rcpt");
    const char *const to[] = { "--maildir-root", "/tmp", "--timeout", "x", NULL };
    expect_exit(to, EX_USAGE, "bad --timeout");
    const char *const ms[] = { "--maildir-root", "/tmp", "--max-sessions", "0", NULL };
    expect_exit(ms, EX_USAGE, "bad --max-sessions");
    const char *const li[] = { "--maildir-root", "/tmp", "--listen", "nocolon", NULL };
    expect_exit(li, EX_USAGE, "bad --listen");
    const char *const hn[] = { "--maildir-root", "/tmp", "--hostname", "a b", NULL };
    expect_exit(hn, EX_USAGE, "bad --hostname");
}
END_TEST

START_TEST(configuration_errors)
{
    struct smtpd d;
    char path[1200];
    smtpd_prepare(&d, "alice:{PLAIN}x\nthis line is broken\n");
    const char *const broken[] = { "--maildir-root", d.root, "--users", d.users, "--stdio", NULL };
    expect_exit(broken, EX_CONFIG, "users:2: missing ':'");
    snprintf(path, sizeof path, "%s/no-such-file", d.dir);
    const char *const missing[] = { "--maildir-root", d.root, "--users", path, "--stdio", NULL };
    expect_exit(missing, EX_CONFIG, "No such file");
    /* The root is a plain file. */
    const char *const root_file[] = { "--maildir-root", d.users, "--stdio", NULL };
    expect_exit(root_file, EX_CANTCREAT, "Not a directory");
    snprintf(path, sizeof path, "%s/a/b/c", d.dir);
    const char *const deep[] = { "--maildir-root", path, "--stdio", NULL };
    expect_exit(deep, EX_CANTCREAT, "No such file");
    smtpd_down(&d);
}
END_TEST

START_TEST(stdio_session)
{
    struct smtpd d;
    struct tl_proc p;
    char line[600];
    smtpd_prepare(&d, "alice:{PLAIN}x\n");
    char *argv[] = { (char *)tl_build_path(SMTPD_PROG), "--stdio", "--maildir-root", d.root,
                     "--users", d.users, "--domain", "example.test", NULL };
    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    ck_assert_int_eq(smtp_read_reply(p.stdout_fd, line, sizeof line), 220);
    int in = p.stdin_fd, out = p.stdout_fd;
    ck_assert_int_eq(tl_send(in, "EHLO c.example\r\nMAIL FROM:<s@example.org>\r\n"
                                 "RCPT TO:<alice@example.test>\r\nDATA\r\n"), 0);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 250);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 250);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 250);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 354);
    ck_assert_int_eq(tl_send(in, "Subject: stdio\r\n\r\n.\r\nQUIT\r\n"), 0);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 250);
    ck_assert_int_eq(smtp_read_reply(out, line, sizeof line), 221);
    ck_assert(tl_expect_eof(out));
    int status = tl_stop(&p, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == EX_OK);
    tl_cleanup(&p);
    ck_assert_int_eq(smtpd_count(&d, "alice", "new"), 1);
    /* No address in a --stdio session: Received has no TCP-info. */
    size_t len;
    char *msg = smtpd_only_message(&d, "alice", &len);
    ck_assert_msg(strstr(msg, "Received: from c.example\n\tby ") != NULL, "%s", msg);
    free(msg);
    smtpd_down(&d);
}
END_TEST

START_TEST(shutdown_and_busy_port)
{
    struct smtpd d;
    const char *const extra[] = { "--domain", "example.test", NULL };
    char line[600], spec[64];
    smtpd_up(&d, NULL, extra);
    ck_assert(smtpd_wait_log(&d, "storing mail under"));
    /* A second server cannot listen on the same port. */
    snprintf(spec, sizeof spec, "127.0.0.1:%s", d.p.port);
    const char *const again[] = { "--maildir-root", d.root, "--listen", spec, NULL };
    expect_exit(again, EX_UNAVAILABLE, NULL);
    /* SIGTERM: an open session hears 421, the server exits 0. */
    int fd = smtpd_connect(&d);
    smtp_cmd(fd, "EHLO c.example", "250 ");
    kill(d.p.pid, SIGTERM);
    ck_assert_int_eq(smtp_read_reply(fd, line, sizeof line), 421);
    ck_assert(tl_expect_eof(fd));
    tl_close(fd);
    int status = smtpd_down(&d);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == EX_OK, "status %d", status);
}
END_TEST

static Suite *program_suite(void)
{
    Suite *s = suite_create("smtpd-program");
    TCase *tc = tl_tcase("smtpd-program");
    tcase_add_test(tc, help_and_version);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, configuration_errors);
    tcase_add_test(tc, stdio_session);
    tcase_add_test(tc, shutdown_and_busy_port);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(program_suite());
}
