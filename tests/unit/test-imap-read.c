/*
 * test-imap-read.c -- unit tests of src/imap_read.c (chapter 8,
 * imap-conversation): reading whole commands with their literals.
 *
 * Most tests write what a client would send into a pipe first and then
 * let the reader read it, so they are deterministic; the reader's `+`
 * continuation requests go into a second pipe, which the test inspects
 * (a synchronising literal must get exactly one "+", a non-synchronising
 * one none).  One test forks a client that behaves like a real one -- it
 * waits for the "+" and sends a big literal a few octets at a time -- so
 * a literal arrives split over many reads.
 */
#include "testlib.h"
#include "imap_read.h"
#include "trace.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int in[2], out[2];
static struct linereader lr;
static struct outbuf ob;
static struct imap_reader rd;
static struct imap_cmd cmd;
static size_t limit = 100;
static char seen_so_far[256];

/* The literal limit: fixed, and remembers the command so far. */
static size_t test_limit(void *arg, const struct imap_cmd *c)
{
    (void)arg;
    snprintf(seen_so_far, sizeof seen_so_far, "%s", c->buf);
    return limit;
}

static void open_reader(void)
{
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    lr_init(&lr, in[0], TRACE_CLIENT);
    lr_set_timeout(&lr, tl_timeout_ms());
    outbuf_init(&ob, out[1], TRACE_SERVER);
    rd.lr = &lr;
    rd.ob = &ob;
    rd.max_line = 200;
    rd.max_command = 1000;
    rd.max_discard = 500;
    rd.literal_limit = test_limit;
    rd.arg = NULL;
    limit = 100;
    imap_cmd_init(&cmd);
}

/* What the client sends (before the reader runs). */
static void client_sends(const char *s, size_t len)
{
    ck_assert_int_eq(tl_send_bytes(in[1], s, len), 0);
}
#define SEND(s) client_sends((s), sizeof(s) - 1)

/* Everything the reader sent back so far (the "+" lines). */
static char *server_sent(void)
{
    static char buf[1024];
    ssize_t n;

    ck_assert_int_eq(outbuf_flush(&ob), 0);
    close(out[1]);
    n = read(out[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void close_reader(void)
{
    imap_cmd_free(&cmd);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
}

#define EXPECT_CMD(bytes)                                                     \
    do {                                                                      \
        ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_OK);         \
        ck_assert_int_eq((int)cmd.len, (int)(sizeof(bytes) - 1));             \
        ck_assert_msg(memcmp(cmd.buf, bytes, cmd.len) == 0, "got [%s]", cmd.buf); \
    } while (0)

/* ---- imap_line_literal ----------------------------------------------------- */

START_TEST(line_literal_table)
{
    static const struct { const char *line; int yes; size_t n; int nonsync; size_t at; } t[] = {
        { "a LOGIN {5}", 1, 5, 0, 8 },
        { "a LOGIN {5+}", 1, 5, 1, 8 },
        { "{0}", 1, 0, 0, 0 },
        { "x {007}", 1, 7, 0, 2 },
        { "a LOGIN {5} ", 0, 0, 0, 0 },   /* not at the very end */
        { "a LOGIN {}", 0, 0, 0, 0 },
        { "a LOGIN {+}", 0, 0, 0, 0 },
        { "a LOGIN {5++}", 0, 0, 0, 0 },
        { "a LOGIN 5}", 0, 0, 0, 0 },
        { "a LOGIN {x5}", 0, 0, 0, 0 },
        { "}", 0, 0, 0, 0 },
        { "", 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        size_t n = 99, at = 99;
        int ns = 9;
        int r = imap_line_literal(t[i].line, strlen(t[i].line), &n, &ns, &at);
        ck_assert_msg(r == t[i].yes, "'%s'", t[i].line);
        if (r) {
            ck_assert_uint_eq(n, t[i].n);
            ck_assert_int_eq(ns, t[i].nonsync);
            ck_assert_uint_eq(at, t[i].at);
        }
    }
}
END_TEST

START_TEST(line_literal_huge)
{
    size_t n;
    int ns;
    ck_assert_int_eq(imap_line_literal("a {99999999999999999999999999}", 30, &n, &ns, NULL), 1);
    ck_assert_uint_eq(n, SIZE_MAX);
}
END_TEST

/* ---- commands -------------------------------------------------------------- */

START_TEST(plain_lines)
{
    open_reader();
    SEND("a1 NOOP\r\na2 CAPABILITY\r\n");
    EXPECT_CMD("a1 NOOP");
    EXPECT_CMD("a2 CAPABILITY");
    ck_assert_uint_eq(cmd.nlines, 1);
    ck_assert_str_eq(server_sent(), "");
    close_reader();
}
END_TEST

START_TEST(sync_literal_sends_plus)
{
    open_reader();
    SEND("a1 LOGIN {5}\r\nalice secret\r\n");
    EXPECT_CMD("a1 LOGIN {5}\r\nalice secret");
    ck_assert_str_eq(seen_so_far, "a1 LOGIN {5}\r\n");
    ck_assert_uint_eq(cmd.lit_bytes, 5);
    ck_assert_uint_eq(cmd.nlines, 2);
    ck_assert_str_eq(server_sent(), "+ Ready for literal data\r\n");
    close_reader();
}
END_TEST

START_TEST(nonsync_literal_no_plus)
{
    open_reader();
    /* RFC 7888 §3's example. */
    SEND("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\nA002 NOOP\r\n");
    EXPECT_CMD("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man");
    ck_assert_uint_eq(cmd.nlines, 3);
    EXPECT_CMD("A002 NOOP");
    ck_assert_str_eq(server_sent(), "");
    close_reader();
}
END_TEST

/* Inside a literal, CRLF and "{3}" at a line end mean nothing. */
START_TEST(literal_octets_are_opaque)
{
    open_reader();
    SEND("a X {12}\r\nab\r\n{3}\r\n\x00\xff) y\r\n");
    EXPECT_CMD("a X {12}\r\nab\r\n{3}\r\n\x00\xff) y");
    ck_assert_str_eq(server_sent(), "+ Ready for literal data\r\n");
    close_reader();
}
END_TEST

START_TEST(two_sync_literals)
{
    open_reader();
    SEND("a LOGIN {1}\r\nu {1}\r\np\r\n");
    EXPECT_CMD("a LOGIN {1}\r\nu {1}\r\np");
    ck_assert_str_eq(server_sent(), "+ Ready for literal data\r\n+ Ready for literal data\r\n");
    close_reader();
}
END_TEST

/* ---- limits ---------------------------------------------------------------- */

START_TEST(sync_literal_too_big_no_plus)
{
    open_reader();
    /* The client waits for "+" that never comes, gets NO, sends the next
     * command: no octets of the literal ever arrive. */
    SEND("a1 LOGIN {101}\r\na2 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_REFUSED);
    ck_assert_str_eq(cmd.buf, "a1 LOGIN {101}\r\n");
    EXPECT_CMD("a2 NOOP");
    ck_assert_str_eq(server_sent(), "");
    close_reader();
}
END_TEST

START_TEST(limit_counts_all_literals)
{
    open_reader();
    limit = 10;
    SEND("a X {6}\r\n123456 {5}\r\na2 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_REFUSED);
    EXPECT_CMD("a2 NOOP");
    ck_assert_str_eq(server_sent(), "+ Ready for literal data\r\n");
    close_reader();
}
END_TEST

START_TEST(nonsync_too_big_dropped)
{
    char buf[400];
    open_reader();
    /* 150 octets over a limit of 100, then another {20+} on the rest of
     * the line: all of it is dropped, and the next command is intact. */
    memset(buf, 'x', sizeof buf);
    SEND("a1 APPEND {150+}\r\n");
    client_sends(buf, 150);
    SEND(" {20+}\r\n");
    client_sends(buf, 20);
    SEND(")\r\na2 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_DROPPED);
    ck_assert_str_eq(cmd.buf, "a1 APPEND {150+}\r\n");
    EXPECT_CMD("a2 NOOP");
    ck_assert_str_eq(server_sent(), "");
    close_reader();
}
END_TEST

START_TEST(nonsync_too_big_to_drop)
{
    open_reader();
    SEND("a1 APPEND {501+}\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_FATAL);
    close_reader();
}
END_TEST

START_TEST(nonsync_drops_add_up)
{
    char buf[400];
    open_reader();
    memset(buf, 'x', sizeof buf);
    SEND("a1 X {300+}\r\n");
    client_sends(buf, 300);
    SEND(" {300+}\r\n");     /* 600 > max_discard */
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_FATAL);
    close_reader();
}
END_TEST

START_TEST(line_too_long_then_next)
{
    char buf[300];
    open_reader();
    memset(buf, 'x', sizeof buf);
    memcpy(buf, "a1 NOOP ", 8);
    client_sends(buf, sizeof buf);
    SEND("\r\na2 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_TOO_LONG);
    ck_assert_int_eq((int)cmd.len, 198);          /* max_line - 2 kept */
    ck_assert(strncmp(cmd.buf, "a1 NOOP xxx", 11) == 0);
    EXPECT_CMD("a2 NOOP");
    close_reader();
}
END_TEST

/* "{0+}" after "{0+}" after ...: no literal octets, but the lines add up. */
START_TEST(too_many_command_lines)
{
    open_reader();
    for (int i = 0; i < 100; i++)
        SEND("aaaaaaaaaaaaaaaaaaaa {0+}\r\n");
    SEND("\r\na2 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_LITERAL_DROPPED);
    EXPECT_CMD("a2 NOOP");
    close_reader();
}
END_TEST

START_TEST(bad_lines)
{
    open_reader();
    SEND("\r\na1 NOOP\na2 NO\0OP\r\na3 NOOP\r\n");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_EMPTY);
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_BARE_LF);
    ck_assert_str_eq(cmd.buf, "a1 NOOP");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_NUL);
    EXPECT_CMD("a3 NOOP");
    close_reader();
}
END_TEST

/* ---- the end of the input ------------------------------------------------- */

START_TEST(eof_between_commands)
{
    open_reader();
    SEND("a1 NOOP\r\n");
    close(in[1]);
    EXPECT_CMD("a1 NOOP");
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_EOF);
    close_reader();
}
END_TEST

START_TEST(eof_in_literal)
{
    open_reader();
    SEND("a1 LOGIN {5+}\r\nali");
    close(in[1]);
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_EOF_PARTIAL);
    close_reader();
}
END_TEST

START_TEST(eof_after_literal)
{
    open_reader();
    SEND("a1 LOGIN {5+}\r\nalice");
    close(in[1]);
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_EOF_PARTIAL);
    close_reader();
}
END_TEST

START_TEST(timeout)
{
    open_reader();
    lr_set_timeout(&lr, 50);
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_TIMEOUT);
    ck_assert_str_eq(imap_read_status_str(IMAP_READ_TIMEOUT), "timeout");
    close_reader();
}
END_TEST

/* ---- a real client, a few octets at a time ---------------------------------- */

START_TEST(literal_split_across_reads)
{
    enum { N = 10000 };
    static char lit[N];
    pid_t pid;
    int status;

    for (size_t i = 0; i < N; i++)
        lit[i] = (char)(i % 7 == 6 ? '\n' : 'a' + i % 26);
    open_reader();
    limit = N + 3;
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        /* The client: header, wait for "+", then the literal in pieces of
         * 7 octets (each its own write), then the rest of the line. */
        char line[256];
        close(in[0]);
        close(out[1]);
        const char *head = "a1 APPEND INBOX {10000}\r\n";
        for (const char *p = head; *p; p++)
            if (tl_send_bytes(in[1], p, 1) < 0)
                _exit(2);
        if (tl_read_line(out[0], line, sizeof line) <= 0 || strncmp(line, "+ ", 2) != 0)
            _exit(3);
        for (size_t i = 0; i < N; i += 7)
            if (tl_send_bytes(in[1], lit + i, N - i < 7 ? N - i : 7) < 0)
                _exit(4);
        if (tl_send(in[1], " {3+}\r\nend\r\n") < 0)
            _exit(5);
        _exit(0);
    }
    ck_assert_int_eq(imap_read_command(&rd, &cmd), IMAP_READ_OK);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    {
        const char *head = "a1 APPEND INBOX {10000}\r\n";
        size_t h = strlen(head);
        ck_assert_uint_eq(cmd.len, h + N + 7 + 3);
        ck_assert(memcmp(cmd.buf, head, h) == 0);
        ck_assert(memcmp(cmd.buf + h, lit, N) == 0);
        ck_assert(memcmp(cmd.buf + h + N, " {3+}\r\nend", 10) == 0);
    }
    close_reader();
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imap-read");
    TCase *t = tl_tcase("literal-header");
    tcase_add_test(t, line_literal_table);
    tcase_add_test(t, line_literal_huge);
    suite_add_tcase(s, t);
    t = tl_tcase("commands");
    tcase_add_test(t, plain_lines);
    tcase_add_test(t, sync_literal_sends_plus);
    tcase_add_test(t, nonsync_literal_no_plus);
    tcase_add_test(t, literal_octets_are_opaque);
    tcase_add_test(t, two_sync_literals);
    suite_add_tcase(s, t);
    t = tl_tcase("limits");
    tcase_add_test(t, sync_literal_too_big_no_plus);
    tcase_add_test(t, limit_counts_all_literals);
    tcase_add_test(t, nonsync_too_big_dropped);
    tcase_add_test(t, nonsync_too_big_to_drop);
    tcase_add_test(t, nonsync_drops_add_up);
    tcase_add_test(t, line_too_long_then_next);
    tcase_add_test(t, too_many_command_lines);
    tcase_add_test(t, bad_lines);
    suite_add_tcase(s, t);
    t = tl_tcase("end");
    tcase_add_test(t, eof_between_commands);
    tcase_add_test(t, eof_in_literal);
    tcase_add_test(t, eof_after_literal);
    tcase_add_test(t, timeout);
    tcase_add_test(t, literal_split_across_reads);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    return tl_run_suite(suite());
}
