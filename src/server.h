/**
 * @file server.h
 * @brief A protocol-independent forking TCP server: one process per
 *        connection, a connection limit, clean shutdown.
 *
 * @chapter{serving-many}
 * @rfc RFC 5321 §3.8 (421 before closing), §4.5.3.2 (timeouts)
 *
 * Every server in the book (the lines server of this chapter, the SMTP
 * server of chapter 4, the IMAP server of chapter 8) is the same loop:
 * accept a connection, fork, let the child run one *session* on the
 * socket, and go back to accept.  This module is that loop; a protocol
 * plugs in by giving a session function and the one-line refusal it sends
 * when too many sessions are open.  Later chapters only fill in a
 * struct server_config: they never change this file.
 *
 * A session learns about a shutdown through the global flag signals_stop
 * (see signals.h): the parent sends its children SIGTERM, whose handler
 * sets that flag, and the protocol's reader notices it and says 421.
 */
#ifndef MM_SERVER_H
#define MM_SERVER_H

#include <signal.h>
#include <stddef.h>

/** Sessions allowed at once when server_config.max_sessions is 0. */
#define SERVER_DEFAULT_MAX_SESSIONS 20

/** Seconds a session may wait for a client to take what it writes
 *  (send_timeout_s == 0): RFC 5321 §4.5.3.2.7 gives a server 5 minutes
 *  of waiting for a client, and a client that reads nothing for as long
 *  is gone just as much as one that says nothing. */
#define SERVER_DEFAULT_SEND_TIMEOUT_S 300

/** Seconds a shutdown waits for sessions before SIGKILL (grace_s == 0). */
#define SERVER_DEFAULT_GRACE_S 10

/** How often (ms) a shutdown repeats SIGTERM to sessions still running. */
#define SERVER_RESEND_MS 200

/**
 * @brief Run one session of a protocol on a connection.
 *
 * Called in the child process made for the connection (or in the only
 * process, for --stdio).  It reads commands from @p in_fd and writes
 * replies to @p out_fd (the same socket when serving the network; fd 0 and
 * fd 1 for --stdio), and returns when the session is over.  It should
 * watch signals_stop while waiting for input and end the session politely
 * when it is set.
 *
 * @param in_fd   where the client's bytes come from
 * @param out_fd  where the replies go
 * @param peer    the client's address as text ("127.0.0.1:40312"), for logs
 * @param arg     server_config.arg, the protocol's own settings
 * @return 0 for a normal end, -1 on error (the child's exit status is 1)
 */
typedef int (*server_session_fn)(int in_fd, int out_fd, const char *peer,
                                 void *arg);

/**
 * @brief Periodic work in the parent process (e.g. a queue runner).
 * @param arg  server_config.arg
 */
typedef void (*server_tick_fn)(void *arg);

/** What a protocol tells the server.  Zeroed fields take the defaults. */
struct server_config {
    const char *listen;        /**< "HOST:PORT" to listen on (server_run()) */
    unsigned max_sessions;     /**< sessions at once; 0 = SERVER_DEFAULT_MAX_SESSIONS */
    const char *busy_reply;    /**< line sent (CRLF added) to a connection over the
                                    limit, e.g. "421 Too many connections, try again
                                    later"; NULL = just close it */
    int grace_s;               /**< shutdown: seconds before SIGKILL; 0 = default */
    server_session_fn session; /**< the protocol (required) */
    server_tick_fn tick;       /**< called in the parent about every tick_ms; may be NULL */
    int tick_ms;               /**< period of @c tick in milliseconds */
    void *arg;                 /**< passed to @c session and @c tick */
    int send_timeout_s;        /**< a write to a client that takes nothing for
                                    this long fails (SO_SNDTIMEO), and its session
                                    ends; 0 = SERVER_DEFAULT_SEND_TIMEOUT_S */
    int threads;               /**< 1: a thread per session instead of a process
                                    (server_serve_threads()); 0: fork */
};

/**
 * @brief Serve connections on an open listening socket until SIGTERM/SIGINT.
 *
 * Installs the signal handling of signals.h, then loops: wait for a
 * connection or a signal, reap ended sessions, accept, and fork a child
 * that runs cfg->session (or refuse the connection with cfg->busy_reply
 * when cfg->max_sessions are open).  On SIGTERM or SIGINT it closes the
 * listener, sends SIGTERM to every session, waits up to cfg->grace_s
 * seconds for them (repeating SIGTERM every SERVER_RESEND_MS), kills
 * whatever is left with SIGKILL and reaps it.  No zombie is left behind.
 *
 * With cfg->threads set it hands over to server_serve_threads() instead.
 *
 * @param listen_fd  a socket from net_listen(); closed before returning
 * @param cfg        the protocol and the limits
 * @return 0 after a clean shutdown, -1 on a setup failure or if waiting
 *         itself failed (logged; the sessions are stopped first)
 */
int server_serve(int listen_fd, const struct server_config *cfg);

/**
 * @brief server_serve() with a thread per session instead of a process.
 *
 * The same loop, the same limit, tick and signals; each accepted
 * connection gets a detached POSIX thread that runs cfg->session.  On
 * SIGTERM or SIGINT the listener closes and every session's socket is
 * shut down for reading, which wakes a session waiting for its client:
 * it then sees signals_stop, says its 421 and ends.  After cfg->grace_s
 * seconds the sockets are shut down both ways and the function returns
 * (a thread cannot be killed on its own: the process's exit ends what
 * is left).  Every session function run this way must be thread-safe.
 *
 * @param listen_fd  a socket from net_listen(); closed before returning
 * @param cfg        the protocol and the limits
 * @return 0 after a clean shutdown, -1 on a setup failure or if waiting
 *         itself failed (logged; the sessions are stopped first)
 */
int server_serve_threads(int listen_fd, const struct server_config *cfg);

/**
 * @brief Milliseconds on the monotonic clock (never jumps like the time of day).
 * @return the current reading
 */
long long server_now_ms(void);

/**
 * @brief Turn O_NONBLOCK on or off, with no system call when it already is so.
 * @param fd  a descriptor
 * @param on  1 for non-blocking, 0 for blocking
 * @return 0, or -1 with errno set
 */
int server_set_nonblocking(int fd, int on);

/**
 * @brief Sleep until @p fd is readable, a signal arrives or the time is up.
 *
 * pselect(2) with @p waitmask as the signal mask during the wait: the
 * server loops keep their signals blocked except here.
 *
 * @param fd          descriptor to wait for, or -1 for none
 * @param timeout_ms  the longest wait; < 0 for no limit
 * @param waitmask    signal mask while waiting (the one with the signals open)
 * @return 1 readable, 0 timeout, -1 with errno EINTR after a signal handler ran
 */
int server_wait_for(int fd, long long timeout_ms, const sigset_t *waitmask);

/**
 * @brief Accept the next connection from a non-blocking listener, as a blocking socket.
 *
 * A client that left before accept() is no error (-1, nothing logged); a
 * real failure (EMFILE, ENOBUFS...) is logged and followed by a 100 ms
 * pause, since the pending connection would wake the loop again at once.
 *
 * @param listen_fd  the listening socket (non-blocking)
 * @param peer       receives the client's address, "HOST:PORT"
 * @param peersz     size of @p peer (NET_ADDRSTRLEN)
 * @param waitmask   signal mask for the pause (see server_wait_for())
 * @return the connection, blocking, or -1
 */
int server_accept(int listen_fd, char *peer, size_t peersz, const sigset_t *waitmask);

/**
 * @brief Tell a connection we will not serve why (one write, never blocking) and close it.
 * @param fd     the accepted connection (closed)
 * @param peer   its address, for the log
 * @param reply  the line to send (CRLF added), or NULL to send nothing
 * @param why    the reason, for the log
 */
void server_refuse(int fd, const char *peer, const char *reply, const char *why);

/**
 * @brief Bound every write to the client (SO_SNDTIMEO).
 * @param fd       the connection
 * @param seconds  how long a write may take nothing; <= 0 for the default
 */
void server_set_send_timeout(int fd, int seconds);

/**
 * @brief Listen on cfg->listen (printing "listening on HOST:PORT") and serve.
 *
 * @param cfg    the protocol, the address and the limits
 * @param err    receives a message when listening fails (may be NULL)
 * @param errsz  size of @p err
 * @return 0 after a clean shutdown, -1 if the server could not start
 *         (or failed later, see server_serve())
 */
int server_run(const struct server_config *cfg, char *err, size_t errsz);

/**
 * @brief Serve exactly one session on standard input and output (--stdio).
 *
 * This is how qmail-smtpd runs under tcpserver or inetd: someone else has
 * accepted the connection and handed it over as fd 0 and fd 1.  Tests use
 * it to talk to a server through two pipes.  The signal handling is the
 * same as in server_serve(), so SIGTERM still ends the session with 421.
 *
 * @param cfg  the protocol (only @c session and @c arg are used)
 * @return what cfg->session returned
 */
int server_run_stdio(const struct server_config *cfg);

#endif /* MM_SERVER_H */
