/**
 * @file lines_session.h
 * @brief One session of the "lines" teaching protocol, on any pair of fds.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8 (CRLF), §4.2 (replies), §4.5.3.1.4 (512-octet
 *      command lines), §4.5.3.2 (timeouts) -- borrowed for a warm-up protocol
 *
 * The lines protocol is SMTP without the mail: a greeting, a few verbs
 * (ECHO, NOOP, HELP, QUIT), three-digit replies, and the same rules for
 * what a line is.  lines_session() runs one whole conversation on an input
 * and an output descriptor, so the same function serves a TCP connection
 * (chapter 2's iterative lined, chapter 3's forking manyd) and a --stdio
 * session on fd 0/1.
 *
 * The replies, exactly (the contract of the dialog tests):
 *
 * | input                         | reply                                   |
 * |-------------------------------|-----------------------------------------|
 * | (connect)                     | `220 minimail lines server ready`       |
 * | `ECHO text`                   | `250 text`                              |
 * | `ECHO` (no argument)          | `501 Syntax: ECHO text`                 |
 * | `NOOP`                        | `250 OK`                                |
 * | `HELP`                        | `214-...` lines, then `214 End of HELP` |
 * | `QUIT`                        | `221 Bye`, then the session ends        |
 * | an unknown verb, empty line   | `500 Unknown command`                   |
 * | NOOP/HELP/QUIT with arguments | `501 Syntax: NOOP` (HELP, QUIT)         |
 * | a CR not followed by LF       | `500 Bare CR in line`                   |
 * | over 512 octets with CRLF     | `500 Line too long`                     |
 * | line ended by a bare LF       | `500 Line must end with CRLF`           |
 * | a NUL byte in the line        | `500 NUL byte in line`                  |
 * | EOF in the middle of a line   | (logged) the session ends               |
 * | idle for idle_timeout_s       | `421 Idle timeout, closing connection`  |
 * | *cfg->stop set while waiting  | `421 Server shutting down`              |
 *
 * Verbs are case-insensitive.  Replies to pipelined commands are written
 * into a buffer and flushed when the server would otherwise wait for input
 * (RFC 2920 §3), so a client that sends ten commands in one packet gets ten
 * replies in one packet.
 */
#ifndef MM_LINES_SESSION_H
#define MM_LINES_SESSION_H

#include <signal.h>

/** Longest command line of the lines protocol, CRLF included (RFC 5321 §4.5.3.1.4). */
#define LINES_MAX_LINE 512

/** How one lines session behaves: filled in by the server's main(). */
struct lines_config {
    /** Seconds the server waits for the next command before it replies
     *  `421 Idle timeout, closing connection` and ends the session
     *  (RFC 5321 §4.5.3.2.7 suggests 5 minutes); <= 0 waits forever. */
    int idle_timeout_s;
    /** Shutdown flag, set by a signal handler (may be NULL).  It is looked
     *  at before every wait for input and whenever a wait is interrupted
     *  by a signal; when it is non-zero the session replies
     *  `421 Server shutting down` and returns 0. */
    const volatile sig_atomic_t *stop;
};

/**
 * @brief Run one lines-protocol session: greeting, commands, goodbye.
 *
 * Reads commands from @p in_fd and writes replies to @p out_fd (they may
 * be the same socket).  The descriptors are not closed: the caller owns
 * them.  With tracing on (trace_enable()), every line both ways is shown
 * on standard error as `C: ...` / `S: ...`.  Session events (EOF in the
 * middle of a line, timeouts, write errors) are logged with log_msg().
 *
 * @param in_fd   where commands come from
 * @param out_fd  where replies go
 * @param cfg     timeout and shutdown flag (must not be NULL)
 * @return 0 when the session ended normally (QUIT, the client closed --
 *         even in the middle of a line, which is logged --, idle timeout,
 *         shutdown), -1 on an I/O error (read or write failed, e.g. the
 *         connection was reset)
 */
int lines_session(int in_fd, int out_fd, const struct lines_config *cfg);

#endif /* MM_LINES_SESSION_H */
