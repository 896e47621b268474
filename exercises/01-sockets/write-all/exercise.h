/**
 * @file exercise.h
 * @brief Exercise "write-all" (chapter 1, sockets): the full write loop.
 *
 * @chapter{sockets}
 * @rfc none (POSIX write(2): short writes and EINTR)
 */
#ifndef MM_EX_WRITE_ALL_H
#define MM_EX_WRITE_ALL_H

#include <stddef.h>

/**
 * @brief Write all @p len bytes of @p buf to @p fd.
 *
 * write(2) may write fewer bytes than asked (a "short write"), and may
 * fail with EINTR when a signal arrives before anything was written; both
 * mean "carry on".  Any other failure is final.
 *
 * @param fd   a blocking descriptor (socket, pipe, file)
 * @param buf  the bytes
 * @param len  how many (0 is allowed: nothing to do)
 * @return 0 when all bytes were written, -1 on an error (errno as left by
 *         write(2), e.g. EPIPE when the reader has gone)
 */
int ex_write_all(int fd, const void *buf, size_t len);

#endif /* MM_EX_WRITE_ALL_H */
