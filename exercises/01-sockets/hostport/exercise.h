/**
 * @file exercise.h
 * @brief Exercise "hostport" (chapter 1, sockets): split "HOST:PORT".
 *
 * @chapter{sockets}
 * @rfc RFC 3986 §3.2.2 (IPv6 literals in brackets)
 */
#ifndef MM_EX_HOSTPORT_H
#define MM_EX_HOSTPORT_H

#include <stddef.h>

/**
 * @brief Split "HOST:PORT" or "[V6ADDR]:PORT" into host and port.
 *
 * Rules: the host is not empty; an IPv6 address (which has colons of its
 * own) must be written in brackets, which are removed; the port is 1 to 5
 * decimal digits with a value of at most 65535; both parts, with their
 * terminating NUL, must fit in the buffers.  On failure the buffers may
 * hold anything.
 *
 * @param spec    the text, e.g. "127.0.0.1:2525" or "[::1]:143"
 * @param host    receives the host (no brackets), NUL-terminated
 * @param hostsz  size of @p host in bytes
 * @param port    receives the port digits, NUL-terminated
 * @param portsz  size of @p port in bytes
 * @return 0 on success, -1 if @p spec is malformed or does not fit
 */
int ex_split_hostport(const char *spec, char *host, size_t hostsz,
                      char *port, size_t portsz);

#endif /* MM_EX_HOSTPORT_H */
