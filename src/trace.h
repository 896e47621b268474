/**
 * @file trace.h
 * @brief The wire trace: every protocol line as `C: ...` or `S: ...` on stderr.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8 (what a line is), the C:/S: notation of RFC 5321 Appendix D
 *
 * Every minimail server and client takes `--trace`.  With it, each line
 * that crosses the wire is printed once, prefixed by who sent it: `C:`
 * for the client, `S:` for the server -- the notation the RFCs use in
 * their own examples.  The line ending is not shown; every byte that is
 * not printable ASCII is, in a form nobody can mistake for text:
 *
 * | byte        | shown as |
 * |-------------|----------|
 * | 0x20..0x7e  | itself (except `\`) |
 * | `\`         | `\\`     |
 * | CR, LF, TAB | `\r`, `\n`, `\t` |
 * | any other   | `\xHH` (two lower-case hex digits) |
 *
 * So a line that ended with a bare LF instead of CRLF shows as
 * `C: NOOP\n`, and a NUL as `\x00`: exactly the bytes that confuse
 * servers are the ones the trace makes visible.
 *
 * The trace is process-wide (one flag, one descriptor) because a program
 * has one standard error; the line reader and the output buffer call
 * trace_line() themselves, so protocol code never has to.
 */
#ifndef MM_TRACE_H
#define MM_TRACE_H

#include <stddef.h>

/** Direction tag of lines sent by the client (used by servers' readers). */
#define TRACE_CLIENT 'C'
/** Direction tag of lines sent by the server (used by servers' writers). */
#define TRACE_SERVER 'S'

/**
 * @brief Turn the trace on, writing to @p fd (normally STDERR_FILENO).
 * @param fd  where trace lines go; the descriptor is not closed by trace
 */
void trace_enable(int fd);

/** @brief Turn the trace off (the default). */
void trace_disable(void);

/**
 * @brief Is the trace on?
 * @return 1 when trace_enable() was called (and not trace_disable()), else 0
 */
int trace_enabled(void);

/**
 * @brief Render bytes visibly, as the trace shows them.
 *
 * Works like snprintf(3): writes at most @p outsz - 1 characters and a
 * NUL (never half an escape), and returns the length the whole rendering
 * would have, so `trace_escape(d, n, NULL, 0)` measures.
 *
 * @param data   the bytes (may contain NUL)
 * @param len    how many
 * @param out    receives the text, NUL-terminated (may be NULL if @p outsz is 0)
 * @param outsz  size of @p out
 * @return the length of the full rendering, without the NUL
 */
size_t trace_escape(const void *data, size_t len, char *out, size_t outsz);

/**
 * @brief Trace one protocol line: `D: text` on the trace descriptor.
 *
 * One final CRLF in @p data is dropped (so a writer can pass the exact
 * bytes it sends); anything else is escaped, including a bare LF at the
 * end.  Does nothing when the trace is off.
 *
 * @param dir   who sent the line: TRACE_CLIENT or TRACE_SERVER
 * @param data  the line
 * @param len   its length
 */
void trace_line(char dir, const void *data, size_t len);

/**
 * @brief Trace a block of raw bytes (an IMAP literal, say) line by line.
 *
 * The block is cut after every LF and each piece goes to trace_line(), so
 * a message body read in one piece still shows as one trace line per
 * message line.  Does nothing when the trace is off.
 *
 * @param dir   TRACE_CLIENT or TRACE_SERVER
 * @param data  the bytes
 * @param len   how many
 */
void trace_block(char dir, const void *data, size_t len);

#endif /* MM_TRACE_H */
