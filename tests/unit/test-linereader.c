/*
 * test-linereader.c -- unit tests of src/linereader.c (chapter 2, lines).
 *
 * The reader reads from a pipe.  What arrives in the pipe, and in which
 * pieces, is decided by a "feeder" installed as the reader's flush hook:
 * the reader calls the hook exactly when its buffer is empty, just before
 * it waits and reads -- and the feeder then writes the next piece (or
 * closes the pipe when there is none).  So each read(2) returns exactly
 * one piece, and a test can cut the input at every byte position,
 * deterministically, without threads or sleeps.  (That the hook runs
 * then, and only then, is itself RFC 2920's rule, tested below.)
 */
#include "testlib.h"
#include "linereader.h"
#include "trace.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- the feeder --------------------------------------------------------- */

#define MAX_PIECES 64

struct feeder {
    int wfd;                    /* write end of the pipe (-1 once closed) */
    const char *data;
    size_t len;
    size_t cut[MAX_PIECES + 1]; /* piece i is data[cut[i] .. cut[i+1]) */
    size_t npieces, next;
    int close_at_end;           /* close the pipe after the last piece */
    int calls;                  /* how often the reader called the hook */
    int fail;                   /* return -1 (a failed flush) */
};

static int feed(void *arg)
{
    struct feeder *f = arg;

    f->calls++;
    if (f->fail)
        return -1;
    while (f->next < f->npieces && f->cut[f->next] == f->cut[f->next + 1])
        f->next++;              /* skip empty pieces: they would not wake poll */
    if (f->next < f->npieces) {
        size_t a = f->cut[f->next], b = f->cut[f->next + 1];
        ck_assert_int_eq(write(f->wfd, f->data + a, b - a), (ssize_t)(b - a));
        f->next++;
    } else if (f->close_at_end && f->wfd >= 0) {
        close(f->wfd);
        f->wfd = -1;
    }
    return 0;
}

/* Set up reader + feeder for data cut at the given positions (ncuts of
 * them, ascending); the pipe is closed after the last piece. */
static void setup(struct linereader *lr, struct feeder *f, const char *data,
                  size_t len, const size_t *cuts, size_t ncuts)
{
    int p[2];

    ck_assert_int_eq(pipe(p), 0);
    memset(f, 0, sizeof *f);
    f->wfd = p[1];
    f->data = data;
    f->len = len;
    f->cut[0] = 0;
    for (size_t i = 0; i < ncuts; i++)
        f->cut[i + 1] = cuts[i];
    f->cut[ncuts + 1] = len;
    f->npieces = ncuts + 1;
    f->close_at_end = 1;
    lr_init(lr, p[0], TRACE_CLIENT);
    lr_set_timeout(lr, tl_timeout_ms());    /* a broken reader fails, not hangs */
    lr_set_flush(lr, feed, f);
}

static void teardown(struct linereader *lr, struct feeder *f)
{
    close(lr->fd);
    if (f->wfd >= 0)
        close(f->wfd);
}

/* Read a line and check status and content. */
static void expect_line(struct linereader *lr, size_t max, enum lr_mode mode,
                        enum lr_status want, const char *text, size_t textlen)
{
    char line[2 * LR_BUFSIZE];
    size_t len = 99999;
    enum lr_status st;

    ck_assert(max <= sizeof line);
    st = lr_read_line(lr, line, max, mode, &len, NULL);
    ck_assert_msg(st == want, "status %s, expected %s",
                  lr_status_str(st), lr_status_str(want));
    if (text != NULL) {
        ck_assert_uint_eq(len, textlen);
        ck_assert(memcmp(line, text, textlen) == 0);
        ck_assert_int_eq(line[len], '\0');
    }
}

#define EXPECT(lr, st, s) expect_line((lr), 512, LR_LF_ENDS, (st), (s), sizeof(s) - 1)

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- CRLF split across reads --------------------------------------------- */

static const char session[] = "NOOP\r\nECHO hi there\r\n\r\nQUIT\r\n";

static void read_session(struct linereader *lr)
{
    EXPECT(lr, LR_OK, "NOOP");
    EXPECT(lr, LR_OK, "ECHO hi there");
    EXPECT(lr, LR_OK, "");
    EXPECT(lr, LR_OK, "QUIT");
    expect_line(lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
}

/* Every way of cutting the input into three reads. */
START_TEST(split_at_every_position)
{
    size_t len = sizeof session - 1;

    for (size_t i = 0; i <= len; i++)
        for (size_t j = i; j <= len; j++) {
            struct linereader lr;
            struct feeder f;
            size_t cuts[2] = { i, j };

            setup(&lr, &f, session, len, cuts, 2);
            read_session(&lr);
            teardown(&lr, &f);
        }
}
END_TEST

/* One byte per read(2): the worst case of TCP segmentation. */
START_TEST(one_byte_per_read)
{
    struct linereader lr;
    struct feeder f;
    size_t len = sizeof session - 1, cuts[MAX_PIECES];

    ck_assert_uint_lt(len, MAX_PIECES);
    for (size_t i = 1; i < len; i++)
        cuts[i - 1] = i;
    setup(&lr, &f, session, len, cuts, len - 1);
    read_session(&lr);
    ck_assert_int_eq(f.calls, (int)len + 1);   /* one wait per byte, one for EOF */
    teardown(&lr, &f);
}
END_TEST

START_TEST(cr_in_one_read_lf_in_the_next)
{
    struct linereader lr;
    struct feeder f;
    static const char in[] = "AB\r\nCD\r\n";
    size_t cuts[2] = { 3, 7 };          /* "AB\r" | "\nCD\r" | "\n" */

    setup(&lr, &f, in, sizeof in - 1, cuts, 2);
    EXPECT(&lr, LR_OK, "AB");
    EXPECT(&lr, LR_OK, "CD");
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    ck_assert_int_ge(f.calls, 3);       /* three reads happened */
    teardown(&lr, &f);
}
END_TEST

/* ---- limits -------------------------------------------------------------- */

/* A line of n octets of 'x', then CRLF, then "NOOP\r\n"; cut at cut. */
static char *long_input(size_t n, size_t *len)
{
    char *s = malloc(n + 8);

    ck_assert(s != NULL);
    memset(s, 'x', n);
    memcpy(s + n, "\r\nNOOP\r\n", 8);
    *len = n + 8;
    return s;
}

START_TEST(exactly_at_limit)
{
    /* 510 octets + CRLF = 512: the longest command RFC 5321 allows.  Cut
     * the input around the end of the line, CR and LF included. */
    size_t len;
    char *in = long_input(510, &len);

    for (size_t cut = 505; cut <= 514; cut++) {
        struct linereader lr;
        struct feeder f;
        char line[512];
        size_t n;

        setup(&lr, &f, in, len, &cut, 1);
        ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_LF_ENDS, &n, NULL), LR_OK);
        ck_assert_uint_eq(n, 510);
        EXPECT(&lr, LR_OK, "NOOP");
        teardown(&lr, &f);
    }
    free(in);
}
END_TEST

START_TEST(one_over_limit_then_continue)
{
    /* 511 octets + CRLF = 513: too long by one.  The reader keeps the
     * first 510, throws the rest away up to the CRLF, and the next line
     * reads normally. */
    size_t len;
    char *in = long_input(511, &len);

    for (size_t cut = 508; cut <= 515; cut++) {
        struct linereader lr;
        struct feeder f;
        char line[512];
        size_t n;

        setup(&lr, &f, in, len, &cut, 1);
        ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_LF_ENDS, &n, NULL),
                         LR_TOO_LONG);
        ck_assert_uint_eq(n, 510);
        EXPECT(&lr, LR_OK, "NOOP");
        teardown(&lr, &f);
    }
    free(in);
}
END_TEST

START_TEST(much_too_long_discarded)
{
    /* Several times the reader's own buffer. */
    struct linereader lr;
    struct feeder f;
    size_t len, cuts[3] = { 100, LR_BUFSIZE, 2 * LR_BUFSIZE + 1000 };
    char *in = long_input(3 * LR_BUFSIZE + 2000, &len);

    setup(&lr, &f, in, len, cuts, 3);
    expect_line(&lr, 512, LR_LF_ENDS, LR_TOO_LONG, NULL, 0);
    EXPECT(&lr, LR_OK, "NOOP");
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    teardown(&lr, &f);
    free(in);
}
END_TEST

START_TEST(longer_than_buffer_within_limit)
{
    /* An IMAP-sized limit: a line of LR_BUFSIZE + 3000 octets passes
     * whole, although the reader's buffer holds only LR_BUFSIZE. */
    enum { LONG = LR_BUFSIZE + 3000 };
    struct linereader lr;
    struct feeder f;
    size_t len, cuts[2] = { 3000, LONG - 1 };
    char *in = long_input(LONG, &len);

    in[0] = 'A';
    in[LONG - 1] = 'Z';
    setup(&lr, &f, in, len, cuts, 2);
    expect_line(&lr, LONG + 1000, LR_LF_ENDS, LR_OK, in, LONG);
    EXPECT(&lr, LR_OK, "NOOP");
    teardown(&lr, &f);
    free(in);
}
END_TEST

START_TEST(max_too_small)
{
    struct linereader lr;
    struct feeder f;
    char line[4];

    setup(&lr, &f, "x\r\n", 3, NULL, 0);
    errno = 0;
    ck_assert_int_eq(lr_read_line(&lr, line, 1, LR_LF_ENDS, NULL, NULL), LR_ERROR);
    ck_assert_int_eq(errno, EINVAL);
    /* max 2: only empty lines fit */
    ck_assert_int_eq(lr_read_line(&lr, line, 2, LR_LF_ENDS, NULL, NULL), LR_TOO_LONG);
    teardown(&lr, &f);
}
END_TEST

/* ---- bad line ends, NUL ---------------------------------------------------- */

START_TEST(bare_lf)
{
    struct linereader lr;
    struct feeder f;
    static const char in[] = "NOOP\nECHO x\r\n\n";

    setup(&lr, &f, in, sizeof in - 1, NULL, 0);
    EXPECT(&lr, LR_BARE_LF, "NOOP");        /* content still returned */
    EXPECT(&lr, LR_OK, "ECHO x");
    EXPECT(&lr, LR_BARE_LF, "");
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    teardown(&lr, &f);
}
END_TEST

START_TEST(bare_cr)
{
    struct linereader lr;
    struct feeder f;
    static const char in[] = "A\rB\r\nx\r\r\n";
    size_t cuts[1] = { 2 };                 /* "A\r" | "B..." */
    char line[512];
    size_t n;
    unsigned fl;

    setup(&lr, &f, in, sizeof in - 1, cuts, 1);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_LF_ENDS, &n, &fl), LR_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(line, "A\rB", 3) == 0);
    ck_assert_uint_eq(fl, LR_F_BARE_CR);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_LF_ENDS, &n, &fl), LR_OK);
    ck_assert_uint_eq(n, 2);                /* "x\r": the second CR is the CRLF's */
    ck_assert(memcmp(line, "x\r", 2) == 0);
    ck_assert_uint_eq(fl, LR_F_BARE_CR);
    teardown(&lr, &f);
}
END_TEST

START_TEST(nul_byte)
{
    struct linereader lr;
    struct feeder f;
    static const char in[] = "EC\0HO\r\nNOOP\r\n";
    char line[512];
    size_t n;
    unsigned fl;

    setup(&lr, &f, in, sizeof in - 1, NULL, 0);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_LF_ENDS, &n, &fl), LR_NUL);
    ck_assert_uint_eq(n, 5);
    ck_assert(memcmp(line, "EC\0HO", 5) == 0);
    ck_assert_uint_eq(fl, LR_F_NUL);
    EXPECT(&lr, LR_OK, "NOOP");
    teardown(&lr, &f);
}
END_TEST

START_TEST(crlf_only_mode)
{
    /* SMTP DATA: only CRLF ends a line.  "a\nb" is one line with a bare
     * LF in it -- the smuggling case: a server that ended the line at the
     * LF would see ".\n" as the end of the message. */
    struct linereader lr;
    struct feeder f;
    static const char in[] = "a\nb\r\n.\n.\r\nc\rd\r\n";
    char line[1000];
    size_t n;
    unsigned fl;

    setup(&lr, &f, in, sizeof in - 1, NULL, 0);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_CRLF_ONLY, &n, &fl), LR_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(line, "a\nb", 3) == 0);
    ck_assert_uint_eq(fl, LR_F_BARE_LF);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_CRLF_ONLY, &n, &fl), LR_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(line, ".\n.", 3) == 0);
    ck_assert_uint_eq(fl, LR_F_BARE_LF);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_CRLF_ONLY, &n, &fl), LR_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(line, "c\rd", 3) == 0);
    ck_assert_uint_eq(fl, LR_F_BARE_CR);
    ck_assert_int_eq(lr_read_line(&lr, line, sizeof line, LR_CRLF_ONLY, &n, &fl), LR_EOF);
    teardown(&lr, &f);
}
END_TEST

START_TEST(crlf_only_too_long_discards_to_crlf)
{
    /* In CRLF-only mode the discarding also stops only at a CRLF. */
    struct linereader lr;
    struct feeder f;
    char in[1100];
    size_t len;

    memset(in, 'y', 1010);
    in[500] = '\n';                         /* not a line end here */
    memcpy(in + 1010, "\r\nok\r\n", 6);
    len = 1016;
    setup(&lr, &f, in, len, NULL, 0);
    expect_line(&lr, 1000, LR_CRLF_ONLY, LR_TOO_LONG, NULL, 0);
    expect_line(&lr, 1000, LR_CRLF_ONLY, LR_OK, "ok", 2);
    teardown(&lr, &f);
}
END_TEST

/* ---- end of file ---------------------------------------------------------- */

START_TEST(eof_clean)
{
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "NOOP\r\n", 6, NULL, 0);
    EXPECT(&lr, LR_OK, "NOOP");
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);    /* and it stays so */
    teardown(&lr, &f);

    setup(&lr, &f, "", 0, NULL, 0);
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    teardown(&lr, &f);
}
END_TEST

START_TEST(eof_mid_line)
{
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "NOOP\r\nQU", 8, NULL, 0);
    EXPECT(&lr, LR_OK, "NOOP");
    EXPECT(&lr, LR_EOF_PARTIAL, "QU");
    teardown(&lr, &f);

    setup(&lr, &f, "QUIT\r", 5, NULL, 0);   /* half a CRLF is not a line end */
    EXPECT(&lr, LR_EOF_PARTIAL, "QUIT\r");
    teardown(&lr, &f);
}
END_TEST

/* ---- timeouts and interruptions ----------------------------------------- */

START_TEST(timeout)
{
    struct linereader lr;
    struct feeder f;
    long long t0, dt;

    setup(&lr, &f, "NOO", 3, NULL, 0);
    f.close_at_end = 0;                     /* the peer goes quiet */
    lr_set_timeout(&lr, 200);
    t0 = now_ms();
    expect_line(&lr, 512, LR_LF_ENDS, LR_TIMEOUT, NULL, 0);
    dt = now_ms() - t0;
    ck_assert_int_ge(dt, 190);
    ck_assert_int_lt(dt, 2000);
    teardown(&lr, &f);
}
END_TEST

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t other_signals;

static void on_alarm_stop(int sig) { (void)sig; stop_flag = 1; }
static void on_alarm_other(int sig) { (void)sig; other_signals++; }

/* SIGALRM after ms milliseconds, handler installed without SA_RESTART. */
static void alarm_in(int ms, void (*handler)(int))
{
    struct sigaction sa;
    struct itimerval it;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
}

START_TEST(interrupt_flag_already_set)
{
    /* Lines already buffered are handed out; the flag stops the next wait. */
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "A\r\nB\r\n", 6, NULL, 0);
    stop_flag = 0;
    lr_set_interrupt(&lr, &stop_flag);
    EXPECT(&lr, LR_OK, "A");
    stop_flag = 1;
    EXPECT(&lr, LR_OK, "B");
    expect_line(&lr, 512, LR_LF_ENDS, LR_INTERRUPTED, NULL, 0);
    teardown(&lr, &f);
}
END_TEST

START_TEST(interrupt_by_signal)
{
    struct linereader lr;
    struct feeder f;
    long long t0, dt;

    setup(&lr, &f, "", 0, NULL, 0);
    f.close_at_end = 0;
    stop_flag = 0;
    lr_set_interrupt(&lr, &stop_flag);
    lr_set_timeout(&lr, 10000);
    alarm_in(100, on_alarm_stop);
    t0 = now_ms();
    expect_line(&lr, 512, LR_LF_ENDS, LR_INTERRUPTED, NULL, 0);
    dt = now_ms() - t0;
    ck_assert_int_lt(dt, 5000);
    teardown(&lr, &f);
}
END_TEST

START_TEST(other_signal_resumes_wait)
{
    /* A signal that does not set the flag: the wait goes on, for the time
     * that was left, and ends in a timeout. */
    struct linereader lr;
    struct feeder f;
    long long t0, dt;

    setup(&lr, &f, "", 0, NULL, 0);
    f.close_at_end = 0;
    stop_flag = 0;
    other_signals = 0;
    lr_set_interrupt(&lr, &stop_flag);
    lr_set_timeout(&lr, 400);
    alarm_in(100, on_alarm_other);
    t0 = now_ms();
    expect_line(&lr, 512, LR_LF_ENDS, LR_TIMEOUT, NULL, 0);
    dt = now_ms() - t0;
    ck_assert_int_eq(other_signals, 1);
    ck_assert_int_ge(dt, 390);
    ck_assert_int_lt(dt, 3000);
    teardown(&lr, &f);
}
END_TEST

/* ---- raw bytes, buffered count, flush hook --------------------------------- */

START_TEST(read_exact_literal)
{
    /* An IMAP literal: "{9}" CRLF, then nine octets that may hold
     * anything, then the rest of the command line. */
    static const char in[] = "A1 APPEND x {9}\r\nab\r\n\0cd\nE)\r\n";
    size_t len = sizeof in - 1;

    for (size_t cut = 0; cut <= len; cut++) {
        struct linereader lr;
        struct feeder f;
        char lit[9];

        setup(&lr, &f, in, len, &cut, 1);
        EXPECT(&lr, LR_OK, "A1 APPEND x {9}");
        ck_assert_int_eq(lr_read_exact(&lr, lit, sizeof lit), LR_OK);
        ck_assert(memcmp(lit, "ab\r\n\0cd\nE", 9) == 0);
        EXPECT(&lr, LR_OK, ")");
        teardown(&lr, &f);
    }
}
END_TEST

START_TEST(read_exact_eof)
{
    struct linereader lr;
    struct feeder f;
    char buf[10];

    setup(&lr, &f, "abc", 3, NULL, 0);
    ck_assert_int_eq(lr_read_exact(&lr, buf, 10), LR_EOF_PARTIAL);
    ck_assert_int_eq(lr_read_exact(&lr, buf, 10), LR_EOF);
    ck_assert_int_eq(lr_read_exact(&lr, buf, 0), LR_OK);
    teardown(&lr, &f);
}
END_TEST

START_TEST(buffered_count)
{
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "A\r\nBC\r\nD", 8, NULL, 0);
    ck_assert_uint_eq(lr_buffered(&lr), 0);
    EXPECT(&lr, LR_OK, "A");
    ck_assert_uint_eq(lr_buffered(&lr), 5);  /* "BC\r\nD": pipelined input */
    EXPECT(&lr, LR_OK, "BC");
    ck_assert_uint_eq(lr_buffered(&lr), 1);
    teardown(&lr, &f);
}
END_TEST

START_TEST(flush_only_before_blocking)
{
    /* RFC 2920 §3: flush when about to wait, not after every line. */
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "A\r\nB\r\nC\r\n", 9, NULL, 0);
    EXPECT(&lr, LR_OK, "A");                /* hook 1: delivers all three */
    EXPECT(&lr, LR_OK, "B");
    EXPECT(&lr, LR_OK, "C");
    ck_assert_int_eq(f.calls, 1);
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0); /* hook 2: closes */
    ck_assert_int_eq(f.calls, 2);
    teardown(&lr, &f);
}
END_TEST

START_TEST(flush_before_every_wait)
{
    /* RFC 2920 §3 rule (7): the replies leave whenever the buffer is
     * empty and the reader is about to read -- also when more input is
     * already waiting in the pipe.  The reader asks nothing first (no
     * poll(2) probe: a system call per command, see chapter 2's text). */
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "", 0, NULL, 0);
    f.close_at_end = 0;                     /* the test writes the input */
    ck_assert_int_eq(write(f.wfd, "A\r\n", 3), 3);
    EXPECT(&lr, LR_OK, "A");
    ck_assert_int_eq(f.calls, 1);
    ck_assert_int_eq(write(f.wfd, "B\r\n", 3), 3);
    EXPECT(&lr, LR_OK, "B");
    ck_assert_int_eq(f.calls, 2);
    close(f.wfd);
    f.wfd = -1;
    expect_line(&lr, 512, LR_LF_ENDS, LR_EOF, NULL, 0);
    ck_assert_int_eq(f.calls, 3);
    teardown(&lr, &f);
}
END_TEST

START_TEST(flush_failure_is_error)
{
    struct linereader lr;
    struct feeder f;

    setup(&lr, &f, "A\r\n", 3, NULL, 0);
    f.fail = 1;
    expect_line(&lr, 512, LR_LF_ENDS, LR_ERROR, NULL, 0);
    teardown(&lr, &f);
}
END_TEST

/* ---- trace --------------------------------------------------------------- */

START_TEST(lines_are_traced)
{
    struct linereader lr;
    struct feeder f;
    static const char in[] = "ECHO a\0b\r\nNOOP\nA1 {3}\r\nx\r\n)\r\n";
    char lit[3], got[512];
    int tp[2];
    ssize_t n;

    ck_assert_int_eq(pipe(tp), 0);
    setup(&lr, &f, in, sizeof in - 1, NULL, 0);
    trace_enable(tp[1]);
    expect_line(&lr, 512, LR_LF_ENDS, LR_NUL, NULL, 0);
    EXPECT(&lr, LR_BARE_LF, "NOOP");
    EXPECT(&lr, LR_OK, "A1 {3}");
    ck_assert_int_eq(lr_read_exact(&lr, lit, 3), LR_OK);
    EXPECT(&lr, LR_OK, ")");
    trace_disable();
    close(tp[1]);
    n = read(tp[0], got, sizeof got - 1);   /* small: all in the pipe */
    ck_assert_int_gt(n, 0);
    got[n] = '\0';
    ck_assert_str_eq(got, "C: ECHO a\\x00b\nC: NOOP\\n\nC: A1 {3}\nC: x\nC: )\n");
    close(tp[0]);
    teardown(&lr, &f);
}
END_TEST

/* ---- against a reference, on random input --------------------------------- */

/* What lr_read_line() must return, worked out from the whole input at
 * once, the way the rules are written (RFC 5321 §2.3.8, §4.5.3.1.4): the
 * line runs from *pos to its end -- an LF after a CR, or in #LR_LF_ENDS
 * mode any LF; the CR of a CRLF is not part of it; only the first max - 2
 * octets are returned; the statuses in the reader's order of precedence.
 * No state machine, no buffer: so it checks the reader's fast path (runs
 * of ordinary octets copied at once) against the meaning, not against a
 * copy of the same code. */
static enum lr_status ref_line(const char *in, size_t len, size_t *pos,
                               size_t max, enum lr_mode mode,
                               char *out, size_t *outlen, unsigned *flags)
{
    size_t i = *pos, end = len, content;
    int ended = 0;

    if (i == len)
        return LR_EOF;
    for (size_t j = i; j < len; j++)
        if (in[j] == '\n' && ((j > i && in[j - 1] == '\r') || mode == LR_LF_ENDS)) {
            end = j;
            ended = 1;
            break;
        }
    int crlf = ended && end > i && in[end - 1] == '\r';
    content = end - i - (crlf ? 1 : 0);
    *outlen = content < max - 2 ? content : max - 2;
    memcpy(out, in + i, *outlen);
    *flags = 0;
    if (memchr(in + i, '\r', content) != NULL)
        *flags |= LR_F_BARE_CR;
    if (memchr(in + i, '\n', content) != NULL)
        *flags |= LR_F_BARE_LF;
    if (memchr(in + i, '\0', content) != NULL)
        *flags |= LR_F_NUL;
    *pos = ended ? end + 1 : len;
    if (!ended)
        return LR_EOF_PARTIAL;
    if (content > max - 2)
        return LR_TOO_LONG;
    if (*flags & LR_F_NUL)
        return LR_NUL;
    return crlf ? LR_OK : LR_BARE_LF;
}

/* 2,000 random inputs, mostly letters with CR, LF and NUL sprinkled in,
 * cut into random reads, read with random limits in both modes: every
 * line's status, text, length and flags must be the reference's. */
START_TEST(agrees_with_reference_on_random_input)
{
    static const char alphabet[] = "abcdefgh\r\n";   /* and NUL, below */
    unsigned seed = 20261128;

    for (int round = 0; round < 2000; round++) {
        char in[80], got[80], want[80];
        size_t len = (size_t)rand_r(&seed) % sizeof in;
        size_t max = 2 + (size_t)rand_r(&seed) % 30;
        enum lr_mode mode = rand_r(&seed) % 2 ? LR_LF_ENDS : LR_CRLF_ONLY;
        size_t cuts[6], ncuts = (size_t)rand_r(&seed) % 6, pos = 0;
        struct linereader lr;
        struct feeder f;

        for (size_t i = 0; i < len; i++)
            in[i] = rand_r(&seed) % 20 == 0 ? '\0'
                  : alphabet[(size_t)rand_r(&seed) % (sizeof alphabet - 1)];
        for (size_t i = 0; i < ncuts; i++)
            cuts[i] = len == 0 ? 0 : (size_t)rand_r(&seed) % (len + 1);
        for (size_t i = 1; i < ncuts; i++)          /* ascending */
            for (size_t k = i; k > 0 && cuts[k - 1] > cuts[k]; k--) {
                size_t t = cuts[k];
                cuts[k] = cuts[k - 1];
                cuts[k - 1] = t;
            }
        setup(&lr, &f, in, len, cuts, ncuts);
        for (;;) {
            size_t glen = 0, wlen = 0;
            unsigned gfl = 0, wfl = 0;
            enum lr_status want_st = ref_line(in, len, &pos, max, mode, want, &wlen, &wfl);
            enum lr_status st = lr_read_line(&lr, got, max, mode, &glen, &gfl);

            ck_assert_msg(st == want_st, "round %d: status %s, expected %s",
                          round, lr_status_str(st), lr_status_str(want_st));
            if (st == LR_EOF)
                break;
            ck_assert_msg(glen == wlen && memcmp(got, want, wlen) == 0 &&
                          got[glen] == '\0', "round %d: wrong text", round);
            ck_assert_msg(gfl == wfl, "round %d: flags %u, expected %u", round, gfl, wfl);
            if (st == LR_EOF_PARTIAL)
                break;
        }
        teardown(&lr, &f);
    }
}
END_TEST

static Suite *linereader_suite(void)
{
    Suite *s = suite_create("linereader");
    TCase *tc;

    tc = tl_tcase("split");
    tcase_add_test(tc, split_at_every_position);
    tcase_add_test(tc, one_byte_per_read);
    tcase_add_test(tc, cr_in_one_read_lf_in_the_next);
    tcase_add_test(tc, agrees_with_reference_on_random_input);
    suite_add_tcase(s, tc);

    tc = tl_tcase("limits");
    tcase_add_test(tc, exactly_at_limit);
    tcase_add_test(tc, one_over_limit_then_continue);
    tcase_add_test(tc, much_too_long_discarded);
    tcase_add_test(tc, longer_than_buffer_within_limit);
    tcase_add_test(tc, max_too_small);
    suite_add_tcase(s, tc);

    tc = tl_tcase("bad-input");
    tcase_add_test(tc, bare_lf);
    tcase_add_test(tc, bare_cr);
    tcase_add_test(tc, nul_byte);
    tcase_add_test(tc, crlf_only_mode);
    tcase_add_test(tc, crlf_only_too_long_discards_to_crlf);
    suite_add_tcase(s, tc);

    tc = tl_tcase("eof");
    tcase_add_test(tc, eof_clean);
    tcase_add_test(tc, eof_mid_line);
    suite_add_tcase(s, tc);

    tc = tl_tcase("waiting");
    tcase_add_test(tc, timeout);
    tcase_add_test(tc, interrupt_flag_already_set);
    tcase_add_test(tc, interrupt_by_signal);
    tcase_add_test(tc, other_signal_resumes_wait);
    suite_add_tcase(s, tc);

    tc = tl_tcase("raw-and-flush");
    tcase_add_test(tc, read_exact_literal);
    tcase_add_test(tc, read_exact_eof);
    tcase_add_test(tc, buffered_count);
    tcase_add_test(tc, flush_only_before_blocking);
    tcase_add_test(tc, flush_before_every_wait);
    tcase_add_test(tc, flush_failure_is_error);
    tcase_add_test(tc, lines_are_traced);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(linereader_suite());
}
