/**
 * @file io.h
 * @brief Full reads and writes on file descriptors: short counts and EINTR.
 *
 * @chapter{sockets}
 * @rfc none (POSIX read(2), write(2), poll(2))
 *
 * read(2) and write(2) may move fewer bytes than asked, and may fail with
 * EINTR when a signal arrives.  On a socket both happen in normal
 * operation, so every byte minimail sends goes through io_write_all() and
 * every wait for input through io_wait_readable().
 */
#ifndef MM_IO_H
#define MM_IO_H

#include <stddef.h>
#include <sys/types.h>

/**
 * @brief Write all @p len bytes, looping over short writes and EINTR.
 *
 * @param fd   where to write
 * @param buf  the bytes
 * @param len  how many
 * @return 0 when everything was written, -1 on error (errno set; EPIPE
 *         when the peer has gone -- servers ignore SIGPIPE for this)
 */
int io_write_all(int fd, const void *buf, size_t len);

/**
 * @brief One read(2), retried on EINTR.
 *
 * @param fd   where to read
 * @param buf  where the bytes go
 * @param len  room in @p buf
 * @return bytes read (> 0), 0 at end of file, -1 on error (errno set)
 */
ssize_t io_read(int fd, void *buf, size_t len);

/**
 * @brief Wait until @p fd has input, or the timeout passes.
 *
 * EINTR is not retried: it comes back as -1 so that a caller can notice a
 * shutdown request delivered by a signal.
 *
 * @param fd          what to watch
 * @param timeout_ms  the most to wait, in milliseconds (< 0: forever)
 * @return 1 when readable (or at EOF), 0 on timeout, -1 on error
 */
int io_wait_readable(int fd, int timeout_ms);

/**
 * @brief Copy everything from one descriptor to another until EOF.
 *
 * The echo server's whole job, and handy for --stdio modes.
 *
 * @param in   source
 * @param out  destination
 * @return bytes copied, or -1 on a read or write error
 */
long long io_copy(int in, int out);

#endif /* MM_IO_H */
