/**
 * @file linereader.h
 * @brief Buffered CRLF line reader: limits, bare LF/CR, NUL, EOF, timeouts.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8 (CRLF), §4.1.1.4 (DATA), §4.5.3.1.4-6 (line
 *      limits), §4.5.3.2 (timeouts); RFC 2920 §3 (flush before waiting);
 *      RFC 3501 §4.3 (literals)
 *
 * TCP delivers a stream of bytes, not lines: one read(2) may return half
 * a command, or three commands and the CR of a fourth.  A struct
 * linereader owns a fixed buffer between the socket and the protocol code
 * and hands out one line per lr_read_line() call, whatever the packets
 * looked like.
 *
 * Every SMTP and IMAP server and client of the book reads through it:
 *
 * - the caller gives the longest line it accepts on each call (RFC 5321
 *   §4.5.3.1: 512 octets for a command, 1000 for a line of text, 512 for
 *   a reply; IMAP servers choose their own, around 8000).  A longer line
 *   is read to its end and thrown away, so the session can answer
 *   "line too long" and go on with the next command;
 * - how the line ended is part of the answer: CRLF, or a bare LF;
 * - in #LR_CRLF_ONLY mode only CRLF ends a line, as the DATA phase of an
 *   SMTP server needs (a bare LF there is the "SMTP smuggling" attack);
 * - waiting has a timeout (RFC 5321 §4.5.3.2) and can be interrupted by
 *   a shutdown flag that a signal handler sets;
 * - lr_read_exact() reads N raw bytes through the same buffer (IMAP
 *   literals, RFC 3501 §4.3);
 * - a flush hook runs just before the reader waits for input, so replies to
 *   pipelined commands go out together (RFC 2920 §3);
 * - with the trace on, every line read is traced (trace_line()).
 */
#ifndef MM_LINEREADER_H
#define MM_LINEREADER_H

#include <signal.h>
#include <stddef.h>

/** Size of the reader's internal buffer (lines may be longer: they are
 *  copied out piece by piece).  16 KiB holds a typical mail message of a
 *  few KiB, so it arrives with one read(2) (see docs/PERFORMANCE.md). */
#define LR_BUFSIZE 16384

/** What lr_read_line() and lr_read_exact() found. */
enum lr_status {
    LR_OK = 0,       /**< a whole line, ended by CRLF */
    LR_BARE_LF,      /**< a whole line, ended by LF alone (#LR_LF_ENDS mode);
                          the content is returned as usual */
    LR_NUL,          /**< a whole line that contains a NUL byte (content returned) */
    LR_TOO_LONG,     /**< the line was longer than allowed; its first max-2
                          octets are returned, the rest was read and discarded
                          up to its line end */
    LR_EOF,          /**< the peer closed the connection between lines */
    LR_EOF_PARTIAL,  /**< the peer closed in the middle of a line (the part
                          read is returned; for lr_read_exact: too few bytes) */
    LR_TIMEOUT,      /**< nothing arrived for the timeout (lr_set_timeout()) */
    LR_INTERRUPTED,  /**< the interrupt flag was set (lr_set_interrupt()) */
    LR_ERROR         /**< read(2), poll(2) or the flush hook failed (errno set) */
};

/** lr_read_line() modes: which bytes end a line. */
enum lr_mode {
    /** CRLF ends a line, and so does a bare LF (reported as #LR_BARE_LF):
     *  the mode for commands, where the session answers a bare LF with an
     *  error (RFC 5321 §2.3.8). */
    LR_LF_ENDS = 0,
    /** Only CRLF ends a line; a bare LF is part of the line and reported
     *  in #LR_F_BARE_LF.  For SMTP DATA (RFC 5321 §4.1.1.4): ending lines
     *  at a bare LF there is what makes "SMTP smuggling" possible. */
    LR_CRLF_ONLY = 1
};

/** Flag from lr_read_line(): the line contains a CR not followed by LF. */
#define LR_F_BARE_CR 0x01u
/** Flag from lr_read_line(): the line contains an LF not preceded by CR
 *  (only in #LR_CRLF_ONLY mode; in #LR_LF_ENDS mode it ends the line). */
#define LR_F_BARE_LF 0x02u
/** Flag from lr_read_line(): the line contains a NUL byte. */
#define LR_F_NUL 0x04u

/** A line reader on one file descriptor.  Treat the members as private. */
struct linereader {
    int fd;                                /**< where bytes come from */
    char dir;                              /**< trace tag of the lines read */
    int timeout_ms;                        /**< per wait; < 0 = forever */
    const volatile sig_atomic_t *intr;     /**< interrupt flag, or NULL */
    int (*flush)(void *arg);               /**< called before blocking, or NULL */
    void *flush_arg;                       /**< argument of flush */
    size_t start;                          /**< first unread byte in buf */
    size_t end;                            /**< one past the last byte in buf */
    char buf[LR_BUFSIZE];                  /**< bytes read, not yet handed out */
};

/**
 * @brief Set up a reader on @p fd: no timeout, no interrupt flag, no hook.
 * @param lr   the reader
 * @param fd   the input descriptor (not closed by the reader)
 * @param dir  trace tag: TRACE_CLIENT in servers (they read what clients
 *             send), TRACE_SERVER in clients
 */
void lr_init(struct linereader *lr, int fd, char dir);

/**
 * @brief Set how long one wait for input may take.
 * @param lr          the reader
 * @param timeout_ms  milliseconds; < 0 waits forever
 */
void lr_set_timeout(struct linereader *lr, int timeout_ms);

/**
 * @brief Set the interrupt flag, looked at before each wait and when a
 *        signal interrupts one.
 *
 * A signal handler sets the flag; poll(2) then fails with EINTR, the
 * reader sees the flag and returns #LR_INTERRUPTED.  A signal that leaves
 * the flag at zero just resumes the wait (with the time left).  Lines
 * already buffered are still handed out first.
 *
 * @param lr    the reader
 * @param intr  the flag, or NULL for none
 */
void lr_set_interrupt(struct linereader *lr, const volatile sig_atomic_t *intr);

/**
 * @brief Set the hook called when the reader is about to block.
 *
 * It runs whenever the buffer is empty, just before the wait and the
 * read that refill it -- so at the latest when the TCP input buffer is
 * emptied, the moment RFC 2920 §3 rule (7) says a pipelining server
 * sends its buffered replies.  Use outbuf_flush_hook() with a struct
 * outbuf *.
 *
 * @param lr   the reader
 * @param fn   returns 0, or -1 to make the read fail with #LR_ERROR; NULL: none
 * @param arg  passed to @p fn
 */
void lr_set_flush(struct linereader *lr, int (*fn)(void *arg), void *arg);

/**
 * @brief Read one line.
 *
 * The line is copied into @p line without its line end and followed by a
 * NUL (it may also contain NULs: use @p len).  A line is too long when
 * it would not fit in @p max octets *with its CRLF*: @p max = 512 accepts
 * 510 octets of text, as RFC 5321 §4.5.3.1.4 counts.
 *
 * After #LR_TIMEOUT, #LR_INTERRUPTED or #LR_ERROR in the middle of a
 * line, the part read so far is lost: protocols end the session then.
 *
 * @param lr     the reader
 * @param line   receives the line; room for @p max bytes
 * @param max    the longest line accepted, line end included (>= 2)
 * @param mode   #LR_LF_ENDS or #LR_CRLF_ONLY
 * @param len    receives the length of the line (may be NULL)
 * @param flags  receives LR_F_* flags (may be NULL)
 * @return with a whole line: #LR_TOO_LONG, else #LR_NUL, else
 *         #LR_BARE_LF, else #LR_OK (the first that applies); without one:
 *         #LR_EOF, #LR_EOF_PARTIAL, #LR_TIMEOUT, #LR_INTERRUPTED, #LR_ERROR
 */
enum lr_status lr_read_line(struct linereader *lr, char *line, size_t max,
                            enum lr_mode mode, size_t *len, unsigned *flags);

/**
 * @brief Read exactly @p n raw bytes (no line rules), through the buffer.
 *
 * For IMAP literals (RFC 3501 §4.3): `{5}` CRLF announces five octets
 * that may contain anything, CR and LF included.  The bytes are traced
 * with trace_block().
 *
 * @param lr   the reader
 * @param buf  receives the bytes
 * @param n    how many
 * @return #LR_OK, #LR_EOF (nothing read), #LR_EOF_PARTIAL, #LR_TIMEOUT,
 *         #LR_INTERRUPTED or #LR_ERROR
 */
enum lr_status lr_read_exact(struct linereader *lr, void *buf, size_t n);

/**
 * @brief How many bytes have been read from the fd but not handed out.
 *
 * Non-zero means the peer sent more than one line at once (pipelining);
 * a server must not, for example, start TLS with such bytes pending.
 *
 * @param lr  the reader
 * @return bytes in the buffer
 */
size_t lr_buffered(const struct linereader *lr);

/**
 * @brief A short English name of a status, for log messages.
 * @param st  the status
 * @return a static string such as "line too long"
 */
const char *lr_status_str(enum lr_status st);

#endif /* MM_LINEREADER_H */
