/**
 * @file imap_read.h
 * @brief Reading one whole IMAP command from the wire: its lines, its
 *        literals, the `+` continuation requests, the limits.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §2.2.1 (client protocol sender and server receiver),
 *      §4.3 (literals), §7.5 (command continuation request); RFC 7888
 *      §3-4 (non-synchronising literals and when to refuse them); RFC 2683
 *      §3.2.1.5 (long command lines)
 *
 * An IMAP command is not always one line.  When an argument is a literal,
 * the line ends with its octet count, and the octets follow:
 *
 *     C: a1 LOGIN {5}            the line ends with a literal header
 *     S: + Ready for literal data  (synchronising: the client waits for this)
 *     C: alice {6+}              5 octets "alice", then the rest of the line;
 *                                {6+} needs no "+" (LITERAL+, RFC 7888)
 *     C: secret                  6 octets, then the (empty) rest of the line
 *
 * RFC 3501 §2.2.1 puts it from the server's side: "the server ... reads a
 * command line ... if the line ends with a literal, reads the octets and
 * continues reading the command".  This module does exactly that, on top
 * of chapter 2's line reader, and hands back the command as one block of
 * wire bytes for the parser (imap_parse.h).
 *
 * Everything a client controls has a limit, checked *before* memory is
 * spent: the length of each line (RFC 2683 §3.2.1.5: at least 8000
 * octets), the octet count of each literal (announced before the octets,
 * so it is checked before reading them), and the total of the lines.
 *
 * When a literal is too large:
 * - `{n}` (synchronising): the server simply does not send `+`; it
 *   answers the command with a tagged `NO [TOOBIG]`, and the client, which
 *   was waiting for the `+`, never sends the octets (RFC 3501 §7.5);
 * - `{n+}` (non-synchronising): the octets are already on their way.
 *   RFC 7888 §4 leaves two choices: read and drop them, then answer; or
 *   say BYE and close.  minimail reads and drops up to
 *   imap_reader.max_discard octets (the rest of the command included)
 *   and answers `NO [TOOBIG]`, so the session lives on; beyond that it
 *   answers and closes, instead of reading gigabytes for nothing.
 */
#ifndef MM_IMAP_READ_H
#define MM_IMAP_READ_H

#include <stddef.h>

#include "linereader.h"
#include "outbuf.h"

/**
 * @brief Does a line end with a literal header `{n}` or `{n+}`?
 *
 * @param line     the line without its CRLF
 * @param len      its length
 * @param size     receives n (SIZE_MAX when the digits do not fit)
 * @param nonsync  receives 1 for `{n+}`, 0 for `{n}`
 * @param start    receives where the `{` is (may be NULL)
 * @return 1 when it does, 0 when it does not
 */
int imap_line_literal(const char *line, size_t len, size_t *size, int *nonsync,
                      size_t *start);

/** One command as read from the wire (a growing buffer). */
struct imap_cmd {
    char *buf;          /**< the command: lines (CRLF kept between them) and
                             literal octets; no final CRLF; NUL-terminated */
    size_t len;         /**< its length (without the NUL) */
    size_t cap;         /**< allocated size (internal) */
    size_t line_bytes;  /**< octets of command lines so far */
    size_t lit_bytes;   /**< octets of literals so far */
    unsigned nlines;    /**< lines read for this command */
};

/**
 * @brief What limits a literal.  The reader asks once per literal, with
 *        the command read so far (whose first line holds tag and command
 *        name, so the answer can depend on the command: APPEND allows more).
 *
 * @param arg  imap_reader.arg
 * @param cmd  the command so far
 * @return the most literal octets the whole command may carry
 */
typedef size_t (*imap_literal_limit_fn)(void *arg, const struct imap_cmd *cmd);

/** The reader of commands on one connection. */
struct imap_reader {
    struct linereader *lr;   /**< where the bytes come from */
    struct outbuf *ob;       /**< where `+` goes */
    size_t max_line;         /**< longest line, CRLF included */
    size_t max_command;      /**< most octets of lines in one command */
    size_t max_discard;      /**< most octets of a refused `{n+}` literal to drop */
    imap_literal_limit_fn literal_limit; /**< per-literal limit (NULL: no literals) */
    void *arg;               /**< for @c literal_limit */
};

/** What imap_read_command() found. */
enum imap_read_status {
    IMAP_READ_OK = 0,        /**< a whole command is in the buffer */
    IMAP_READ_EMPTY,         /**< an empty line (no command) */
    IMAP_READ_TOO_LONG,      /**< a line was over imap_reader.max_line (or the
                                  lines over max_command): its first part is in
                                  the buffer, the rest was read and dropped */
    IMAP_READ_BARE_LF,       /**< a line ended with LF alone (RFC 3501 §2.2: CRLF) */
    IMAP_READ_NUL,           /**< a line held a NUL octet */
    IMAP_READ_LITERAL_REFUSED, /**< a `{n}` over the limit: no `+` was sent,
                                  the buffer holds the command up to it */
    IMAP_READ_LITERAL_DROPPED, /**< a `{n+}` over the limit: its octets and the
                                  rest of the command were read and dropped */
    IMAP_READ_LITERAL_FATAL, /**< a `{n+}` over the limit and over max_discard:
                                  nothing was read; answer, then close */
    IMAP_READ_EOF,           /**< the client closed between commands */
    IMAP_READ_EOF_PARTIAL,   /**< the client closed in the middle of a command */
    IMAP_READ_TIMEOUT,       /**< nothing arrived for the timeout */
    IMAP_READ_INTERRUPTED,   /**< the stop flag was set */
    IMAP_READ_ERROR          /**< read or write error (errno set) */
};

/**
 * @brief Make an empty command buffer.
 * @param cmd  the buffer
 */
void imap_cmd_init(struct imap_cmd *cmd);

/**
 * @brief Free a command buffer.
 * @param cmd  the buffer
 */
void imap_cmd_free(struct imap_cmd *cmd);

/**
 * @brief Read one command: a line, and while it ends in a literal header,
 *        the literal's octets and the next line.
 *
 * For `{n}` within the limit, sends `+ Ready for literal data` (and
 * flushes) before reading the octets; for `{n+}`, sends nothing.
 *
 * @param r    the reader
 * @param cmd  emptied, then filled with the command
 * @return an enum imap_read_status
 */
enum imap_read_status imap_read_command(struct imap_reader *r, struct imap_cmd *cmd);

/**
 * @brief A short English text for a status, for logs.
 * @param st  the status
 * @return a static string
 */
const char *imap_read_status_str(enum imap_read_status st);

#endif /* MM_IMAP_READ_H */
