/**
 * @file outbuf.h
 * @brief Buffered output with an explicit flush, and a traced line writer.
 *
 * @chapter{lines}
 * @rfc RFC 2920 §3 (when a pipelining server sends its replies),
 *      RFC 5321 §2.3.8 (lines end in CRLF)
 *
 * A server could write(2) every reply the moment it has it.  But a client
 * that pipelines (RFC 2920) sends several commands in one packet and
 * waits for all the replies; one write per reply would answer with one
 * packet per reply.  So replies go into a struct outbuf, and the buffer is
 * flushed when the server is about to wait for more input -- RFC 2920 §3
 * rule (7), "send all pending responses immediately whenever the local
 * TCP input buffer is emptied"; the line reader calls outbuf_flush_hook()
 * at exactly that moment (see lr_set_flush()).  Replies that must not
 * wait at all (rules (5) and (6): EHLO, DATA, QUIT, NOOP, unknown
 * commands ...) are followed by an explicit outbuf_flush() in the SMTP
 * session.  Clients use the same buffer for their commands.
 *
 * Errors are sticky: after one failed write(2) (the peer has gone: EPIPE,
 * ECONNRESET) every later call fails too, so a session can write several
 * replies and check once, at the flush.
 */
#ifndef MM_OUTBUF_H
#define MM_OUTBUF_H

#include <stddef.h>

/** Size of the output buffer: many replies, or one long client command.
 *  64 KiB, the most a TCP segment on the loopback interface carries: an
 *  IMAP server sends answers of megabytes (FETCH of a thousand messages),
 *  and with a 4 KiB buffer it made one write(2) -- one segment, one
 *  wake-up of the client -- per 4 KiB; now one per 64 KiB. */
#define OUTBUF_SIZE 65536

/** A buffered writer on one file descriptor.  Treat the members as private. */
struct outbuf {
    int fd;                 /**< where flushed bytes go */
    char dir;               /**< trace tag of the lines written ('S' on servers) */
    int error;              /**< errno of the first failed write, 0 if none */
    size_t len;             /**< bytes waiting in buf */
    char buf[OUTBUF_SIZE];  /**< the waiting bytes */
};

/**
 * @brief Set up a buffer that writes to @p fd.
 * @param ob   the buffer
 * @param fd   the output descriptor (not closed by outbuf)
 * @param dir  trace tag for outbuf_line() and the reply writer:
 *             TRACE_SERVER on servers, TRACE_CLIENT on clients
 */
void outbuf_init(struct outbuf *ob, int fd, char dir);

/**
 * @brief Append raw bytes (not traced); flushes first if they do not fit.
 * @param ob    the buffer
 * @param data  the bytes
 * @param len   how many
 * @return 0 on success, -1 on a (possibly earlier) write error, errno set
 */
int outbuf_write(struct outbuf *ob, const void *data, size_t len);

/**
 * @brief Append one protocol line: @p text, then CRLF; trace it.
 *
 * A CR or LF inside @p text would end the line early and let the rest
 * pass for a second line -- the root of every "injection" bug in line
 * protocols -- so each one is sent as '?' instead.
 *
 * @param ob    the buffer
 * @param text  the line without its CRLF
 * @param len   its length
 * @return 0 on success, -1 on a write error (errno set)
 */
int outbuf_line(struct outbuf *ob, const char *text, size_t len);

/**
 * @brief Send everything buffered now.
 * @param ob  the buffer
 * @return 0 on success, -1 on a write error (errno set; the error sticks)
 */
int outbuf_flush(struct outbuf *ob);

/**
 * @brief outbuf_flush() with the signature the line reader's flush hook wants.
 * @param ob  a struct outbuf *, passed as void * (see lr_set_flush())
 * @return 0 on success, -1 on a write error
 */
int outbuf_flush_hook(void *ob);

/**
 * @brief How many bytes wait in the buffer.
 * @param ob  the buffer
 * @return bytes not yet flushed
 */
size_t outbuf_pending(const struct outbuf *ob);

/**
 * @brief Has a write through this buffer failed?
 *
 * The error sticks (outbuf_flush()), and every later reply is dropped.
 * A session loop asks this after each command: once its replies can no
 * longer reach the client it has nothing left to do, even while the
 * client's commands keep arriving -- a client that pipelines and never
 * reads would otherwise keep the session reading (and discarding its
 * answers) for as long as it cares to send.
 * @param ob  the buffer
 * @return the errno of the failed write, 0 if none failed
 */
int outbuf_failed(const struct outbuf *ob);

#endif /* MM_OUTBUF_H */
