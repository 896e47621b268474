/**
 * @file io.c
 * @brief Full reads and writes on file descriptors: short counts and EINTR.
 *
 * @chapter{sockets}
 * @rfc none (POSIX read(2), write(2), poll(2))
 *
 * The first surprise of socket programming: write(fd, buf, 1000) may
 * return 300.  POSIX allows a "short" write whenever the kernel cannot take
 * everything at once -- on a socket, when its send buffer is full -- and
 * the caller must send the rest.  The second surprise: a call that blocks
 * may return -1 with errno EINTR when a signal handler runs, having moved
 * no data at all (POSIX write(2), "EINTR ... interrupted by a signal").
 * On a regular file neither happens in practice, which is why so much code
 * forgets them; on a socket both are normal.
 *
 * So every write in minimail goes through io_write_all(), which loops, and
 * every read through io_read(), which retries EINTR.  io_wait_readable()
 * is the exception on purpose: it hands EINTR back, because a server that
 * waits for input also wants to notice "please shut down" (SIGTERM).
 */
#include "io.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

/* [sockets-write-all] */
int io_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;       /* nothing was written: try again */
            return -1;          /* EPIPE, ECONNRESET, ...: give up */
        }
        p += n;                 /* a short write: move on, send the rest */
        len -= (size_t)n;
    }
    return 0;
}
/* [sockets-write-all] */

/* [sockets-read] */
ssize_t io_read(int fd, void *buf, size_t len)
{
    ssize_t n;

    do
        n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    return n;
}
/* [sockets-read] */

/* [sockets-wait] */
int io_wait_readable(int fd, int timeout_ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int n = poll(&pfd, 1, timeout_ms < 0 ? -1 : timeout_ms);

    if (n <= 0)
        return n;               /* 0: timeout; -1: error or EINTR */
    if (pfd.revents & POLLNVAL) {
        errno = EBADF;
        return -1;
    }
    /* POLLHUP and POLLERR count as readable: the next read() reports the
     * end of file or the error, which is where the caller handles them. */
    return 1;
}
/* [sockets-wait] */

/* [sockets-copy] */
long long io_copy(int in, int out)
{
    char buf[16384];
    long long total = 0;
    ssize_t n;

    while ((n = io_read(in, buf, sizeof buf)) > 0) {
        if (io_write_all(out, buf, (size_t)n) < 0)
            return -1;
        total += n;
    }
    return n < 0 ? -1 : total;
}
/* [sockets-copy] */
