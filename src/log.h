/**
 * @file log.h
 * @brief One-line log messages on standard error, prefixed "prog[pid]: ".
 *
 * @chapter{sockets}
 * @rfc none
 *
 * Servers log one line per session event (connect, disconnect, delivery)
 * so that someone running a demo can follow what happens.  Standard error
 * keeps the log apart from the "listening on" line on standard output.
 */
#ifndef MM_LOG_H
#define MM_LOG_H

#include <stddef.h>

/**
 * @brief Set the program name used as the prefix of every log line.
 *
 * Call it from the main thread, before other threads start: the thread
 * that calls it is the one whose lines carry no thread number.
 *
 * @param progname  usually the basename of argv[0]
 */
void log_init(const char *progname);

/**
 * @brief Print one log line: "prog[pid]: message", or from a thread other
 *        than the main one (sessions run as threads), "prog[pid/N]: message"
 *        with N the thread's number (1, 2, ... in the order threads first
 *        log; never reused).  Thread-safe.
 * @param fmt  printf-style format; a newline is added
 */
void log_msg(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Room for an error message from log_strerror(). */
#define LOG_ERRLEN 128

/**
 * @brief The message of an error number, as strerror(3) gives it, but in
 *        the caller's buffer.
 *
 * POSIX does not make strerror() thread-safe: it may return a buffer that
 * the next call, in any thread, overwrites (FreeBSD's does).  Code that a
 * session runs -- and sessions may be threads of one process -- uses this
 * instead: `log_msg("read error: %s", log_strerror(errno, why, sizeof why))`.
 *
 * @param errnum  the error number (errno)
 * @param buf     receives the message
 * @param bufsz   size of @p buf (#LOG_ERRLEN is enough)
 * @return @p buf
 */
const char *log_strerror(int errnum, char *buf, size_t bufsz);

#endif /* MM_LOG_H */
