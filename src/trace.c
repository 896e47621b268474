/**
 * @file trace.c
 * @brief The wire trace: every protocol line as `C: ...` or `S: ...` on stderr.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8, Appendix D (the C:/S: notation)
 *
 * The trace writes with write(2) (through io_write_all()), not with
 * stdio: a trace line must reach the terminal before the program blocks
 * on the network again, and in chapter 3 many forked sessions share one
 * standard error -- one write(2) per line keeps their lines whole (POSIX
 * makes writes of up to PIPE_BUF bytes to a pipe atomic).
 */
#include "trace.h"

#include "io.h"

#include <string.h>

/* Where trace lines go; -1 while the trace is off. */
static int trace_fd = -1;

void trace_enable(int fd) { trace_fd = fd; }

void trace_disable(void) { trace_fd = -1; }

int trace_enabled(void) { return trace_fd >= 0; }

/* [lines-escape] */
/* Render one byte into out (room for 4 characters); return how many.
 * Printable ASCII is itself; the backslash is doubled so that a real
 * "\x00" typed by the peer cannot be mistaken for a NUL byte. */
static size_t escape_byte(unsigned char c, char out[4])
{
    static const char hex[] = "0123456789abcdef";

    if (c == '\\') {
        out[0] = '\\'; out[1] = '\\';
        return 2;
    }
    if (c >= 0x20 && c <= 0x7e) {
        out[0] = (char)c;
        return 1;
    }
    out[0] = '\\';
    switch (c) {
    case '\r': out[1] = 'r'; return 2;
    case '\n': out[1] = 'n'; return 2;
    case '\t': out[1] = 't'; return 2;
    default:
        out[1] = 'x';
        out[2] = hex[c >> 4];
        out[3] = hex[c & 0x0f];
        return 4;
    }
}
/* [lines-escape] */

size_t trace_escape(const void *data, size_t len, char *out, size_t outsz)
{
    const unsigned char *p = data;
    size_t total = 0, used = 0;
    int full = 0;       /* once one escape did not fit, write nothing more */

    for (size_t i = 0; i < len; i++) {
        char e[4];
        size_t n = escape_byte(p[i], e);

        if (!full && outsz > 0 && used + n < outsz) {
            memcpy(out + used, e, n);
            used += n;
        } else {
            full = 1;
        }
        total += n;
    }
    if (outsz > 0)
        out[used] = '\0';
    return total;
}

void trace_line(char dir, const void *data, size_t len)
{
    const unsigned char *p = data;
    char buf[1024];     /* one write(2) per line unless the line is long */
    size_t used = 0;

    if (trace_fd < 0)
        return;
    if (len >= 2 && p[len - 2] == '\r' && p[len - 1] == '\n')
        len -= 2;       /* the normal line end is implied, not shown */

    buf[used++] = dir;
    buf[used++] = ':';
    buf[used++] = ' ';
    for (size_t i = 0; i < len; i++) {
        if (used + 4 > sizeof buf - 1) {    /* keep room for the final '\n' */
            (void)io_write_all(trace_fd, buf, used);
            used = 0;
        }
        used += escape_byte(p[i], buf + used);
    }
    buf[used++] = '\n';
    /* A failed trace write must not end a mail session: ignore it. */
    (void)io_write_all(trace_fd, buf, used);
}

void trace_block(char dir, const void *data, size_t len)
{
    const char *p = data;

    if (trace_fd < 0)
        return;
    while (len > 0) {
        const char *lf = memchr(p, '\n', len);
        size_t n = lf ? (size_t)(lf - p) + 1 : len;

        trace_line(dir, p, n);
        p += n;
        len -= n;
    }
}
