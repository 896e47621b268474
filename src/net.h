/**
 * @file net.h
 * @brief Plain TCP sockets: addresses, listening, connecting, accepting.
 *
 * @chapter{sockets}
 * @rfc RFC 3493 (the getaddrinfo API), RFC 3986 §3.2.2 ("[v6addr]:port")
 *
 * Everything minimail says on the network starts here.  A server turns
 * "HOST:PORT" into a listening socket with net_listen(); a client turns it
 * into a connected socket with net_connect().  Both walk the list that
 * getaddrinfo(3) returns, so IPv4 and IPv6 work alike and no code in the
 * book ever fills in a struct sockaddr_in by hand.
 */
#ifndef MM_NET_H
#define MM_NET_H

#include <stddef.h>
#include <sys/socket.h>

/** Room for any "host:port" or "[v6addr]:port" text, with its NUL. */
#define NET_ADDRSTRLEN 80

/** Room for an error message from this module, with its NUL. */
#define NET_ERRLEN 160

/**
 * @brief Split "HOST:PORT" (or "[V6ADDR]:PORT") into its two halves.
 *
 * The brackets of an IPv6 literal are removed, as RFC 3986 §3.2.2 writes
 * them only to keep the address's own colons apart from the port's.
 *
 * @param spec    the text to split, e.g. "127.0.0.1:2525" or "[::1]:0"
 * @param host    receives the host part (no brackets)
 * @param hostsz  size of @p host
 * @param port    receives the port part (decimal digits, 0-65535)
 * @param portsz  size of @p port
 * @return 0 on success, -1 if @p spec is malformed or does not fit
 */
int net_split_hostport(const char *spec, char *host, size_t hostsz,
                       char *port, size_t portsz);

/**
 * @brief Write a socket address as text: "1.2.3.4:25" or "[::1]:25".
 *
 * @param sa      the address (AF_INET or AF_INET6)
 * @param salen   its length
 * @param buf     receives the text
 * @param bufsz   size of @p buf (NET_ADDRSTRLEN is always enough)
 * @return 0 on success, -1 on an unknown family or a too-small buffer
 */
int net_format_addr(const struct sockaddr *sa, socklen_t salen,
                    char *buf, size_t bufsz);

/**
 * @brief Open a listening TCP socket on HOST:PORT.
 *
 * Port "0" asks the kernel for any free port; net_local_name() then tells
 * which one it chose.  SO_REUSEADDR is set so a restarted server can bind
 * while old connections sit in TIME_WAIT.
 *
 * @param host    address to bind ("127.0.0.1", "::1", "0.0.0.0", a name)
 * @param port    decimal port or service name
 * @param err     receives a message on failure (may be NULL)
 * @param errsz   size of @p err
 * @return the listening file descriptor, or -1 on failure
 */
int net_listen(const char *host, const char *port, char *err, size_t errsz);

/**
 * @brief Connect to HOST:PORT, trying every address getaddrinfo returns.
 *
 * @param host        host name or address literal
 * @param port        decimal port or service name
 * @param timeout_ms  how long one connection attempt may take (<= 0: none)
 * @param err         receives a message on failure (may be NULL)
 * @param errsz       size of @p err
 * @return the connected file descriptor, or -1 on failure
 */
int net_connect(const char *host, const char *port, int timeout_ms,
                char *err, size_t errsz);

/**
 * @brief Accept one connection.
 *
 * Returns -1 with errno EINTR when a signal arrived, so the caller's loop
 * can look at its shutdown flag; transient errors (ECONNABORTED) are
 * retried inside.
 *
 * @param listen_fd  a socket from net_listen()
 * @param peer       receives the peer address as text (may be NULL)
 * @param peersz     size of @p peer
 * @return the connected file descriptor, or -1 with errno set
 */
int net_accept(int listen_fd, char *peer, size_t peersz);

/**
 * @brief The local address of a socket as text (e.g. the port chosen for 0).
 *
 * @param fd     a bound socket
 * @param buf    receives "host:port"
 * @param bufsz  size of @p buf
 * @return 0 on success, -1 on failure
 */
int net_local_name(int fd, char *buf, size_t bufsz);

/**
 * @brief Listen on a "HOST:PORT" spec and announce the address on stdout.
 *
 * Prints exactly one line, "listening on HOST:PORT", with the real port
 * (useful with port 0), and flushes it: tests and scripts wait for that
 * line instead of sleeping.
 *
 * @param spec   "HOST:PORT" as given to --listen
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return the listening file descriptor, or -1 on failure
 */
int net_listen_spec(const char *spec, char *err, size_t errsz);

#endif /* MM_NET_H */
