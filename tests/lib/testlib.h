/**
 * @file testlib.h
 * @brief Helpers shared by minimail's Check tests: run a program under test,
 *        find its port, talk to it with bounded waits.
 *
 * This library is test infrastructure, not part of the book: it uses only
 * POSIX, never the modules under test, so a bug in src/ cannot hide a bug
 * in a test.  Every wait here has a timeout, so a broken server fails a
 * test instead of hanging it; nothing sleeps for a fixed time.
 */
#ifndef MM_TESTLIB_H
#define MM_TESTLIB_H

#include <stddef.h>
#include <sys/types.h>
#include <check.h>

/** Default bound for one network wait, in milliseconds (env MM_TEST_TIMEOUT_MS overrides). */
#define TL_TIMEOUT_MS 5000

/** A program under test, started by tl_spawn(). */
struct tl_proc {
    pid_t pid;          /**< its process id (0 when not running) */
    int stdin_fd;       /**< write end of its standard input (or -1) */
    int stdout_fd;      /**< read end of its standard output (or -1) */
    char port[16];      /**< port from its "listening on HOST:PORT" line */
    char host[64];      /**< host from that line (brackets removed) */
    char errfile[256];  /**< name of the file that collects its standard error
                             (unlinked at once, so nothing is left behind:
                             read it with tl_stderr()) */
};

/**
 * @brief The per-wait timeout in ms (TL_TIMEOUT_MS or $MM_TEST_TIMEOUT_MS).
 * @return milliseconds
 */
int tl_timeout_ms(void);

/**
 * @brief Path of a built program, relative to the build tree ($MM_BUILDDIR).
 * @param rel  e.g. "chapters/02-lines/lined"
 * @return a static buffer holding the absolute path
 */
const char *tl_build_path(const char *rel);

/**
 * @brief Path of a source file, relative to the source tree ($MM_SRCDIR).
 * @param rel  e.g. "tests/dialogs"
 * @return a static buffer holding the absolute path
 */
const char *tl_src_path(const char *rel);

/**
 * @brief Start a server with --listen 127.0.0.1:0 already in @p argv, and
 *        wait (bounded) for its "listening on HOST:PORT" line.
 *
 * Standard error goes to a temporary file (p->errfile) for tl_stderr().
 *
 * @param p     filled in
 * @param argv  NULL-terminated argument vector; argv[0] is a path
 * @return 0 when the server is listening, -1 on failure or timeout
 */
int tl_spawn_server(struct tl_proc *p, char *const argv[]);

/**
 * @brief Start a program with pipes on its standard input and output
 *        (for --stdio sessions and for clients).
 * @param p     filled in (stdin_fd, stdout_fd)
 * @param argv  NULL-terminated argument vector
 * @return 0 on success, -1 on failure
 */
int tl_spawn_pipe(struct tl_proc *p, char *const argv[]);

/**
 * @brief Send a signal and wait (bounded) for the process to exit.
 * @param p    the process
 * @param sig  e.g. SIGTERM; 0 only waits
 * @return its wait status, or -1 if it did not exit in time (then it is
 *         killed with SIGKILL)
 */
int tl_stop(struct tl_proc *p, int sig);

/**
 * @brief Everything the process wrote to standard error so far.
 * @param p  the process
 * @return a malloc'ed NUL-terminated string (caller frees)
 */
char *tl_stderr(const struct tl_proc *p);

/**
 * @brief Connect to 127.0.0.1 (or p->host) on a port, with a timeout.
 * @param host  address literal
 * @param port  decimal port
 * @return connected fd (with a receive timeout set), or -1
 */
int tl_connect(const char *host, const char *port);

/**
 * @brief tl_connect() with a receive buffer of about @p rcvbuf bytes.
 *
 * The size is set before connecting, so the window the peer sees is
 * small from the start: a client that does not read then blocks the
 * server's writes after a few kilobytes (tl_flood()).
 *
 * @param host    address literal
 * @param port    decimal port
 * @param rcvbuf  SO_RCVBUF in bytes (the kernel doubles it and rounds up
 *                to its minimum); 0 keeps the system's default
 * @return connected fd (blocking, with a receive timeout), or -1
 */
int tl_connect_rcvbuf(const char *host, const char *port, int rcvbuf);

/**
 * @brief This end's address of a connected socket, as the servers' logs
 *        name their peers: "127.0.0.1:PORT" (or "[::1]:PORT").
 * @param fd     a connected socket
 * @param buf    receives the name
 * @param bufsz  size of @p buf
 * @return 0, or -1 (buf empty)
 */
int tl_sockname(int fd, char *buf, size_t bufsz);

/** What tl_flood() saw. */
enum tl_flood_result {
    TL_FLOOD_CUT_OFF,   /**< the server closed or reset the connection */
    TL_FLOOD_STUCK,     /**< nothing more could be sent, and no close came */
    TL_FLOOD_ENDLESS    /**< the server kept taking commands to the end */
};

/**
 * @brief Send one command over and over and never read: the client that
 *        pipelines and ignores every reply.
 *
 * A server whose replies cannot get out (its writes block, then fail
 * after its send timeout) must end the session; it must not go on reading
 * and discarding its answers for as long as the client sends.  This sends
 * @p cmd (a whole command line, CRLF included) until the connection is
 * closed or reset (TL_FLOOD_CUT_OFF), until @p max_bytes went out, or for
 * at most 3 * tl_timeout_ms() in all (a bounded wait: the server's
 * cut-off needs its send timeout and a little more).  Nothing is read.
 *
 * @param fd         a connected socket (made non-blocking here)
 * @param cmd        the command line to repeat
 * @param max_bytes  give up after this many bytes were taken
 * @param sent       if not NULL, receives how many bytes went out
 * @return TL_FLOOD_CUT_OFF when the server ended the connection; else
 *         TL_FLOOD_STUCK when the last wait for room to write was fruitless,
 *         TL_FLOOD_ENDLESS when the server was still taking commands
 */
enum tl_flood_result tl_flood(int fd, const char *cmd, size_t max_bytes, size_t *sent);

/**
 * @brief Count the occurrences of @p what in the process's standard error.
 * @param p     the process
 * @param what  the text to look for
 * @return how many times it occurs so far
 */
int tl_stderr_count(const struct tl_proc *p, const char *what);

/**
 * @brief Wait (bounded by tl_timeout_ms()) until @p what occurs at least
 *        @p n times in the process's standard error.
 *
 * Log lines of different processes (a server and its session children)
 * come in no fixed order: wait for each, never assume a sequence.
 *
 * @param p     the process
 * @param what  the text to look for
 * @param n     how many occurrences
 * @return 1 when they are there, 0 on timeout
 */
int tl_wait_stderr(const struct tl_proc *p, const char *what, int n);

/**
 * @brief Wait (bounded, as tl_wait_stderr()) for a line of the process's
 *        standard error that contains @p what, and return that line.
 * @param p     the process
 * @param what  the text to look for
 * @return the first such line, without its newline (malloc'ed, caller
 *         frees), or NULL on timeout
 */
char *tl_stderr_line(const struct tl_proc *p, const char *what);

/**
 * @brief Write all of a string (no CRLF added).
 * @param fd  where
 * @param s   what
 * @return 0 on success, -1 on failure
 */
int tl_send(int fd, const char *s);

/**
 * @brief Write all of @p len bytes.
 * @param fd   where
 * @param buf  what
 * @param len  how many
 * @return 0 on success, -1 on failure
 */
int tl_send_bytes(int fd, const void *buf, size_t len);

/**
 * @brief Read one line (through LF), bounded by tl_timeout_ms().
 *
 * The line ending is kept, so tests can check that the server sent CRLF.
 *
 * @param fd     where to read (buffered per fd inside the library)
 * @param buf    receives the line, NUL-terminated
 * @param bufsz  size of @p buf
 * @return length of the line, 0 at EOF, -1 on timeout or error
 */
ssize_t tl_read_line(int fd, char *buf, size_t bufsz);

/**
 * @brief Read a line and compare it with @p expected + "\r\n".
 * @param fd        where to read
 * @param expected  the line without its CRLF
 * @return 1 when equal, 0 otherwise (the line read is printed on stderr)
 */
int tl_expect_line(int fd, const char *expected);

/**
 * @brief Read a line and check that it starts with @p prefix.
 * @param fd      where to read
 * @param prefix  e.g. "250 "
 * @return 1 when it does, 0 otherwise
 */
int tl_expect_prefix(int fd, const char *prefix);

/**
 * @brief Wait (bounded) for the peer to close: reads and discards input.
 * @param fd  where to read
 * @return 1 at EOF, 0 on timeout
 */
int tl_expect_eof(int fd);

/**
 * @brief Forget any bytes buffered for @p fd and close it.
 * @param fd  the descriptor
 */
void tl_close(int fd);

/**
 * @brief Make a fresh temporary directory (mkdtemp under $TMPDIR or /tmp).
 * @return a malloc'ed path (caller frees; tl_rmtree() removes it, and
 *         whatever is left is removed when the process that made it exits)
 */
char *tl_tmpdir(void);

/**
 * @brief A "pipe" that never blocks the writer: a regular file, already
 *        unlinked, opened once for writing and once for reading.
 *
 * For tests that write more than a pipe holds (64 KiB on Linux) before
 * they read it back.
 * @param fds  fds[0] the read end, fds[1] the write end (like pipe(2))
 * @return 0, or -1 (errno set)
 */
int tl_file_pipe(int fds[2]);

/**
 * @brief Remove a directory tree (for test clean-up).
 * @param path  the tree
 */
void tl_rmtree(const char *path);

/**
 * @brief Stop the process if it still runs (SIGKILL), close both pipes and
 *        remove its stderr file.  Safe to call twice.
 * @param p  the process
 */
void tl_cleanup(struct tl_proc *p);

/** A growing buffer of test data: random or hostile input built piece by
 *  piece, or output collected piece by piece.  Starts as `{ 0 }`; always
 *  NUL-terminated after its @c len octets; free @c p when done. */
struct tl_buf {
    char *p;        /**< the octets (NULL before the first tl_buf_put()) */
    size_t len;     /**< octets in the buffer */
    size_t cap;     /**< octets allocated */
};

/**
 * @brief Append octets to a buffer, growing it (the test fails if memory
 *        runs out).
 * @param b  the buffer
 * @param s  the octets (may hold NULs)
 * @param n  how many
 */
void tl_buf_put(struct tl_buf *b, const void *s, size_t n);

/**
 * @brief Append a C string to a buffer (without its NUL).
 * @param b  the buffer
 * @param s  the string
 */
void tl_buf_puts(struct tl_buf *b, const char *s);

/**
 * @brief tcase_create() with a per-test timeout that fits a dozen bounded
 *        waits (Check's own default, 4 s, is shorter than one of them).
 * @param name  the test case's name
 * @return the new test case
 */
TCase *tl_tcase(const char *name);

/**
 * @brief Run a suite the way every minimail test program does.
 *
 * CK_FORK stays on (a crash fails one test, not the program), and the
 * exit status is what automake expects.
 *
 * @param s  the suite
 * @return EXIT_SUCCESS when all tests passed, EXIT_FAILURE otherwise
 */
int tl_run_suite(Suite *s);

#endif /* MM_TESTLIB_H */
