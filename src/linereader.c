/**
 * @file linereader.c
 * @brief Buffered CRLF line reader: limits, bare LF/CR, NUL, EOF, timeouts.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8, §4.1.1.4, §4.5.3.1.4-6, §4.5.3.2; RFC 2920 §3;
 *      RFC 3501 §4.3
 *
 * Two layers.  lr_fill() is the only place that waits and reads: it
 * flushes pending output (the buffer is empty), waits with poll(2)
 * (through io_wait_readable()) for at most the timeout, watches the
 * interrupt flag, and refills the buffer with one read(2).
 * lr_read_line() is a small state machine over the bytes in the buffer:
 * it copies them into the caller's line until a line end, remembering
 * only three things between bytes -- how much it kept, whether the last
 * byte was a CR, and whether the line is already too long.  Because the
 * state is not the buffer, a CRLF split across two reads (CR at the end
 * of one, LF at the start of the next) is no special case, and a line
 * may be longer than the buffer.  Runs of ordinary octets (no CR, LF or
 * NUL) are found with memchr(3) and copied whole: the same result as the
 * byte-by-byte rules, measured to matter (docs/PERFORMANCE.md).
 */
#include "linereader.h"

#include "io.h"
#include "trace.h"

#include <errno.h>
#include <string.h>
#include <time.h>

void lr_init(struct linereader *lr, int fd, char dir)
{
    lr->fd = fd;
    lr->dir = dir;
    lr->timeout_ms = -1;
    lr->intr = NULL;
    lr->flush = NULL;
    lr->flush_arg = NULL;
    lr->start = lr->end = 0;
}

void lr_set_timeout(struct linereader *lr, int timeout_ms) { lr->timeout_ms = timeout_ms; }

void lr_set_interrupt(struct linereader *lr, const volatile sig_atomic_t *intr) { lr->intr = intr; }

void lr_set_flush(struct linereader *lr, int (*fn)(void *arg), void *arg)
{
    lr->flush = fn;
    lr->flush_arg = arg;
}

size_t lr_buffered(const struct linereader *lr) { return lr->end - lr->start; }

const char *lr_status_str(enum lr_status st)
{
    switch (st) {
    case LR_OK:          return "line";
    case LR_BARE_LF:     return "line ended by a bare LF";
    case LR_NUL:         return "NUL byte in line";
    case LR_TOO_LONG:    return "line too long";
    case LR_EOF:         return "end of file";
    case LR_EOF_PARTIAL: return "end of file in the middle of a line";
    case LR_TIMEOUT:     return "timeout";
    case LR_INTERRUPTED: return "interrupted";
    case LR_ERROR:       return "read error";
    }
    return "unknown status";
}

/* Milliseconds since some fixed point, from a clock that never jumps
 * (the wall clock may be set back while we wait). */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* [lines-fill] */
/* Refill the (empty) buffer: the one place where the reader blocks.
 * Returns LR_OK with at least one byte buffered, or LR_EOF, LR_TIMEOUT,
 * LR_INTERRUPTED, LR_ERROR. */
static enum lr_status lr_fill(struct linereader *lr)
{
    long long deadline;
    ssize_t n;

    lr->start = lr->end = 0;

    /* RFC 2920 §3 rule (7): the buffered replies leave now, before we
     * wait.  Every command of a batch that came in one read has been
     * answered into the buffer by now, so a pipelined batch still gets
     * its replies in one packet.  (We do not first ask poll(2) whether
     * more input is already waiting: that probe would hold the replies
     * back only for a batch split across reads, and cost one system call
     * per command of every other session -- see the chapter text.) */
    if (lr->flush != NULL && lr->flush(lr->flush_arg) < 0)
        return LR_ERROR;

    deadline = now_ms() + lr->timeout_ms;   /* the flush may have taken a while */
    for (;;) {
        int left = -1, r;

        /* Asked to stop?  Looked at just before each wait.  (A signal
         * that lands between this test and poll(2) is noticed only when
         * the wait ends; closing that last window takes ppoll/pselect
         * with the signal blocked, see chapter 3.) */
        if (lr->intr != NULL && *lr->intr)
            return LR_INTERRUPTED;
        if (lr->timeout_ms >= 0) {
            long long l = deadline - now_ms();
            left = l > 0 ? (int)l : 0;
        }
        r = io_wait_readable(lr->fd, left);
        /* Woken while asked to stop: a thread-per-session server wakes
         * its sessions by shutting their sockets down for reading
         * (server_threads.c), so this wake may be no input at all. */
        if (r > 0 && lr->intr != NULL && *lr->intr)
            return LR_INTERRUPTED;
        if (r > 0)
            break;
        if (r == 0)
            return LR_TIMEOUT;  /* RFC 5321 §4.5.3.2: the peer went quiet */
        if (errno != EINTR)
            return LR_ERROR;
        /* A signal: the loop looks at the flag again. */
    }

    n = io_read(lr->fd, lr->buf, sizeof lr->buf);
    if (n < 0)
        return LR_ERROR;
    if (n == 0)
        return LR_EOF;
    lr->end = (size_t)n;
    return LR_OK;
}
/* [lines-fill] */

/* Trace a finished line; a bare-LF ending is shown as "\n" (there is room
 * for it: the line holds at most max - 2 octets and the NUL). */
static void lr_trace(const struct linereader *lr, char *line, size_t n,
                     int show_lf)
{
    if (!trace_enabled())
        return;
    if (show_lf) {
        line[n] = '\n';
        trace_line(lr->dir, line, n + 1);
        line[n] = '\0';
    } else {
        trace_line(lr->dir, line, n);
    }
}

/* [lines-read-line] */
/** Keep one octet of the line, or note that it does not fit: max counts
 *  the CRLF too (RFC 5321 §4.5.3.1.4), so the text may have max - 2.
 *  (A macro, because it updates the locals of lr_read_line().) */
#define KEEP(c) do { if (n < max - 2) line[n++] = (char)(c); else too_long = 1; } while (0)

/** How many octets at p (avail in all) are ordinary: none of CR, LF,
 *  NUL, the three that the state machine below has rules for.  memchr(3)
 *  looks at a word or a vector register at a time, so finding the end of
 *  a run this way costs a fraction of a test per byte. */
static size_t ordinary_run(const char *p, size_t avail)
{
    const char *stop = memchr(p, '\n', avail);
    size_t run = stop != NULL ? (size_t)(stop - p) : avail;

    if ((stop = memchr(p, '\r', run)) != NULL)
        run = (size_t)(stop - p);
    if ((stop = memchr(p, '\0', run)) != NULL)
        run = (size_t)(stop - p);
    return run;
}

enum lr_status lr_read_line(struct linereader *lr, char *line, size_t max,
                            enum lr_mode mode, size_t *len, unsigned *flags)
{
    size_t n = 0;           /* octets kept in line[] */
    unsigned fl = 0;        /* LR_F_* seen so far */
    int cr = 0;             /* the last byte was a CR (not yet kept) */
    int too_long = 0;       /* past max: discard up to the line end */
    int bare_lf = 0;        /* the line ended with LF alone */
    enum lr_status st;

    if (max < 2) {
        errno = EINVAL;
        return LR_ERROR;
    }

    for (;;) {
        while (lr->start < lr->end) {
            /* The fast path: most of a line is ordinary octets.  With
             * no CR waiting to be decided, a run of them is kept with
             * one memcpy() -- the same as KEEP() on each of them: what
             * does not fit marks the line too long. */
            size_t run = cr ? 0 : ordinary_run(lr->buf + lr->start,
                                               lr->end - lr->start);
            if (run > 0) {
                size_t room = max - 2 - n;      /* n <= max - 2 always */
                size_t take = run < room ? run : room;

                memcpy(line + n, lr->buf + lr->start, take);
                n += take;
                if (take < run)
                    too_long = 1;
                lr->start += run;
                continue;
            }

            /* One of the three octets with rules, or the byte after a CR. */
            unsigned char c = (unsigned char)lr->buf[lr->start++];

            if (c == '\n' && (cr || mode == LR_LF_ENDS)) {
                bare_lf = !cr;
                goto done;
            }
            if (cr) {               /* that CR was not part of a CRLF */
                fl |= LR_F_BARE_CR;
                KEEP('\r');
                cr = 0;
            }
            if (c == '\r') {        /* maybe a line end: decide at the next byte */
                cr = 1;
                continue;
            }
            if (c == '\n')          /* only in LR_CRLF_ONLY mode */
                fl |= LR_F_BARE_LF;
            else if (c == '\0')
                fl |= LR_F_NUL;
            KEEP(c);
        }
        st = lr_fill(lr);
        if (st == LR_EOF && n == 0 && !cr && !too_long)
            return LR_EOF;          /* closed between lines: a clean end */
        if (st != LR_OK)
            break;
    }

    /* The input ended (or failed) inside a line. */
    if (cr) {
        fl |= LR_F_BARE_CR;
        KEEP('\r');
    }
    line[n] = '\0';
    if (len != NULL)
        *len = n;
    if (flags != NULL)
        *flags = fl;
    if (st == LR_EOF) {
        lr_trace(lr, line, n, 0);
        return LR_EOF_PARTIAL;
    }
    return st;

done:
    line[n] = '\0';
    if (len != NULL)
        *len = n;
    if (flags != NULL)
        *flags = fl;
    lr_trace(lr, line, n, bare_lf && !too_long);
    if (too_long)
        return LR_TOO_LONG;
    if (fl & LR_F_NUL)
        return LR_NUL;
    return bare_lf ? LR_BARE_LF : LR_OK;
#undef KEEP
}
/* [lines-read-line] */

enum lr_status lr_read_exact(struct linereader *lr, void *buf, size_t n)
{
    char *out = buf;
    size_t got = 0;
    enum lr_status st = LR_OK;

    while (got < n) {
        size_t take;

        if (lr->start == lr->end) {
            st = lr_fill(lr);
            if (st == LR_EOF && got > 0)
                st = LR_EOF_PARTIAL;
            if (st != LR_OK)
                break;
        }
        take = lr->end - lr->start;
        if (take > n - got)
            take = n - got;
        memcpy(out + got, lr->buf + lr->start, take);
        lr->start += take;
        got += take;
    }
    trace_block(lr->dir, buf, got);
    return st;
}
