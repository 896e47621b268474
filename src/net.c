/**
 * @file net.c
 * @brief Plain TCP sockets: addresses, listening, connecting, accepting.
 *
 * @chapter{sockets}
 * @rfc RFC 3493 (getaddrinfo, IPv6 sockets), RFC 3986 §3.2.2 ("[v6addr]:port")
 *
 * The classic BSD socket recipe is socket() + bind() + listen() + accept()
 * for a server and socket() + connect() for a client.  What makes this file
 * more than the recipe is the address handling: every address comes from
 * getaddrinfo(3) (RFC 3493 §6.1), which turns a host and a port into a list
 * of ready-made struct sockaddr values, IPv4 and IPv6 alike.  We walk that
 * list and take the first address that works, so "localhost", "127.0.0.1"
 * and "::1" all need the same code and no line here knows the size of an
 * IPv6 address.
 *
 * The other lessons: a connect() that may hang for minutes gets a deadline
 * (non-blocking connect, then poll(2)); accept() has errors that mean "try
 * again" and errors that mean "stop"; and a listening port can be 0, in
 * which case the kernel picks one and getsockname(2) tells us which.
 */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* Write a message into err (if the caller gave us room for one). */
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* The text for a getaddrinfo() failure: EAI_SYSTEM means "look at errno". */
static const char *gai_text(int rc)
{
    return rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc);
}

/* Milliseconds on a clock that never jumps (unlike the time of day). */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* [sockets-split] */
int net_split_hostport(const char *spec, char *host, size_t hostsz,
                       char *port, size_t portsz)
{
    const char *h, *p;     /* start of the host and of the port */
    size_t hlen, plen;
    unsigned long value = 0;

    if (spec == NULL || host == NULL || port == NULL)
        return -1;
    if (spec[0] == '[') {
        /* "[v6addr]:port": the brackets fence off the address's colons. */
        const char *close = strchr(spec, ']');
        if (close == NULL || close[1] != ':')
            return -1;
        h = spec + 1;
        hlen = (size_t)(close - h);
        p = close + 2;
    } else {
        /* "host:port": exactly one colon, or the split would be a guess
         * ("::1:25" could be ::1 port 25 or ::1:25 with no port). */
        const char *colon = strchr(spec, ':');
        if (colon == NULL || strchr(colon + 1, ':') != NULL)
            return -1;
        h = spec;
        hlen = (size_t)(colon - h);
        p = colon + 1;
    }
    plen = strlen(p);
    if (hlen == 0 || plen == 0 || plen > 5)
        return -1;
    for (size_t i = 0; i < plen; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        value = value * 10 + (unsigned long)(p[i] - '0');
    }
    if (value > 65535 || hlen >= hostsz || plen >= portsz)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    memcpy(port, p, plen + 1);
    return 0;
}
/* [sockets-split] */

int net_format_addr(const struct sockaddr *sa, socklen_t salen,
                    char *buf, size_t bufsz)
{
    char ip[INET6_ADDRSTRLEN];
    int n;

    /* inet_ntop() writes the address part; the port is stored in network
     * byte order (big-endian), hence ntohs(). */
    if (sa->sa_family == AF_INET && salen >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;
        if (inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip) == NULL)
            return -1;
        n = snprintf(buf, bufsz, "%s:%u", ip, (unsigned)ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6 && salen >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)sa;
        if (inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof ip) == NULL)
            return -1;
        /* Brackets, as in a URL (RFC 3986 §3.2.2), so the port stands apart. */
        n = snprintf(buf, bufsz, "[%s]:%u", ip, (unsigned)ntohs(sin6->sin6_port));
    } else {
        return -1;
    }
    return (n < 0 || (size_t)n >= bufsz) ? -1 : 0;
}

/* [sockets-listen] */
int net_listen(const char *host, const char *port, char *err, size_t errsz)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1, rc, saved = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;      /* IPv4 or IPv6: whatever host names */
    hints.ai_socktype = SOCK_STREAM;  /* TCP */
    hints.ai_flags = AI_PASSIVE;      /* for bind(); NULL host = any address */
    rc = getaddrinfo(host != NULL && *host != '\0' ? host : NULL, port, &hints, &res);
    if (rc != 0) {
        set_err(err, errsz, "cannot resolve %s port %s: %s",
                host != NULL ? host : "*", port, gai_text(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        int one = 1;

        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        /* Without SO_REUSEADDR a restarted server could not bind its port
         * while connections of the old one linger in TIME_WAIT (RFC 9293
         * §3.6 keeps them for 2*MSL, up to four minutes). */
        if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0
            && bind(fd, ai->ai_addr, ai->ai_addrlen) == 0
            && listen(fd, SOMAXCONN) == 0)
            break;                    /* this one works */
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        set_err(err, errsz, "cannot listen on %s port %s: %s",
                host != NULL ? host : "*", port, strerror(saved));
        errno = saved;
    }
    return fd;
}
/* [sockets-listen] */

/* [sockets-connect-one] */
/* Connect fd to one address, giving up after timeout_ms (<= 0: no limit).
 * connect() on a blocking socket can take minutes to fail (the kernel
 * retransmits SYNs), so: make the socket non-blocking, start the connect,
 * poll() for writability, then ask SO_ERROR how it ended (POSIX connect(2):
 * "EINPROGRESS ... select() or poll() ... getsockopt() SO_ERROR"). */
static int connect_one(int fd, const struct sockaddr *sa, socklen_t salen,
                       int timeout_ms)
{
    int flags = fcntl(fd, F_GETFL);
    long long deadline = now_ms() + timeout_ms;
    int soerr = 0;
    socklen_t len = sizeof soerr;

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    if (connect(fd, sa, salen) < 0) {
        /* EINTR: the connect goes on in the background, same as EINPROGRESS. */
        if (errno != EINPROGRESS && errno != EINTR)
            return -1;
        for (;;) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int wait = -1, n;

            if (timeout_ms > 0) {
                long long left = deadline - now_ms();
                if (left <= 0) {
                    errno = ETIMEDOUT;
                    return -1;
                }
                wait = (int)left;
            }
            n = poll(&pfd, 1, wait);
            if (n > 0)
                break;
            if (n == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
            if (errno != EINTR)
                return -1;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
            return -1;
        if (soerr != 0) {
            errno = soerr;            /* e.g. ECONNREFUSED */
            return -1;
        }
    }
    /* Back to blocking mode: the rest of the book reads and writes simply. */
    return fcntl(fd, F_SETFL, flags);
}
/* [sockets-connect-one] */

/* [sockets-connect] */
int net_connect(const char *host, const char *port, int timeout_ms,
                char *err, size_t errsz)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1, rc, saved = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        set_err(err, errsz, "cannot resolve %s port %s: %s", host, port, gai_text(rc));
        return -1;
    }
    /* A name may have several addresses (e.g. "localhost" = ::1 and
     * 127.0.0.1): try them in the order getaddrinfo chose (RFC 6724). */
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        if (connect_one(fd, ai->ai_addr, ai->ai_addrlen, timeout_ms) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        set_err(err, errsz, "cannot connect to %s port %s: %s", host, port,
                saved == ETIMEDOUT ? "connection timed out" : strerror(saved));
        errno = saved;
    }
    return fd;
}
/* [sockets-connect] */

/* [sockets-accept] */
int net_accept(int listen_fd, char *peer, size_t peersz)
{
    struct sockaddr_storage ss;   /* big enough for any address family */
    socklen_t len;
    int fd;

    for (;;) {
        len = sizeof ss;
        fd = accept(listen_fd, (struct sockaddr *)&ss, &len);
        if (fd >= 0)
            break;
        /* ECONNABORTED: a client connected and gave up before we got to
         * it; EPROTO: the same on some systems.  Neither is our problem:
         * wait for the next client.  EINTR goes back to the caller, who
         * may have been asked to shut down. */
        if (errno != ECONNABORTED && errno != EPROTO)
            return -1;
    }
    if (peer != NULL && peersz > 0
        && net_format_addr((struct sockaddr *)&ss, len, peer, peersz) < 0)
        snprintf(peer, peersz, "unknown");
    return fd;
}
/* [sockets-accept] */

int net_local_name(int fd, char *buf, size_t bufsz)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    return net_format_addr((struct sockaddr *)&ss, len, buf, bufsz);
}

/* [sockets-listen-spec] */
int net_listen_spec(const char *spec, char *err, size_t errsz)
{
    char host[NET_ADDRSTRLEN], port[8], name[NET_ADDRSTRLEN];
    int fd;

    if (net_split_hostport(spec, host, sizeof host, port, sizeof port) < 0) {
        set_err(err, errsz, "bad address '%s': expected HOST:PORT or [V6ADDR]:PORT", spec);
        errno = EINVAL;
        return -1;
    }
    fd = net_listen(host, port, err, errsz);
    if (fd < 0)
        return -1;
    if (net_local_name(fd, name, sizeof name) < 0) {
        int saved = errno;
        set_err(err, errsz, "cannot read the address of the socket: %s", strerror(saved));
        close(fd);
        errno = saved;
        return -1;
    }
    /* The one line on stdout; flushed now, because stdout to a pipe is
     * fully buffered and a test waiting for it would wait forever. */
    printf("listening on %s\n", name);
    fflush(stdout);
    return fd;
}
/* [sockets-listen-spec] */
