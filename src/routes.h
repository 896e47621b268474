/**
 * @file routes.h
 * @brief The static route table of the relay: which server takes the
 *        mail of which domain (`--route`, `--smarthost`).
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §5.1 (locating the target host), §3.6.1 (relaying);
 *      RFC 5321 §2.4 (domains are case-insensitive)
 *
 * On the internet a relay finds the next hop for `bob@bob.test` in the
 * DNS: the MX records of `bob.test`, ordered by preference, and their
 * addresses (RFC 5321 §5.1).  minimail does not look up MX records -- it
 * runs on one machine, or in a lab, and a DNS resolver would be a chapter
 * of its own.  Instead the administrator writes the table down:
 *
 * ```
 * --route bob.test=127.0.0.1:2526      mail for bob.test goes to that server
 * --route carol.test=[::1]:2527        (IPv6: brackets, as in --listen)
 * --smarthost 127.0.0.1:2600           everything else goes there
 * ```
 *
 * This is what Postfix calls a *transport map* (and a *relayhost*, its
 * smarthost): the usual way a small site sends all outgoing mail through
 * its provider's server.  A domain matches a route when it is the same
 * name ignoring case and one trailing dot; there are no wildcards.  Without
 * a route and without a smarthost a domain has no next hop, and the relay
 * refuses its recipients at RCPT time (`550 5.4.4`), rather than accept
 * mail it could only bounce.
 */
#ifndef MM_ROUTES_H
#define MM_ROUTES_H

#include <stddef.h>

/** Most --route options. */
#define ROUTES_MAX 64

/** Room for a host name or address of a next hop, with its NUL. */
#define ROUTES_HOST_MAX 256

/** Room for an error message from this module, with its NUL. */
#define ROUTES_ERRLEN 320

/** Where mail goes next: a host and a port. */
struct route_hop {
    char host[ROUTES_HOST_MAX];  /**< host name or address (no brackets) */
    char port[8];                /**< decimal port */
};

/** One --route: a domain and its next hop. */
struct route {
    char domain[ROUTES_HOST_MAX];  /**< the domain, without a trailing dot */
    struct route_hop hop;          /**< where its mail goes */
};

/** The whole table (zero-initialise it, then add routes). */
struct routes {
    struct route route[ROUTES_MAX];  /**< the routes, in the order given */
    size_t n;                        /**< how many */
    struct route_hop smarthost;      /**< the default next hop */
    int has_smarthost;               /**< 1 if @c smarthost is set */
};

/**
 * @brief Add a route from its text, `DOMAIN=HOST:PORT`.
 *
 * HOST:PORT is split like --listen (net_split_hostport(): `[v6]:PORT` for
 * IPv6).  The domain must be a valid domain name; a domain given twice is
 * an error.
 *
 * @param t      the table
 * @param spec   the text
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on a malformed spec or a full table
 */
int routes_add(struct routes *t, const char *spec, char *err, size_t errsz);

/**
 * @brief Set the smarthost from `HOST:PORT`.
 * @param t      the table
 * @param spec   the text
 * @param err    receives a message on failure (may be NULL)
 * @param errsz  size of @p err
 * @return 0 on success, -1 on a malformed spec
 */
int routes_set_smarthost(struct routes *t, const char *spec, char *err, size_t errsz);

/**
 * @brief Find the next hop for a domain: its route, else the smarthost.
 *
 * @param t       the table
 * @param domain  the recipient's domain (any case, maybe a trailing dot)
 * @return the hop, or NULL when the domain has no next hop
 */
const struct route_hop *routes_lookup(const struct routes *t, const char *domain);

#endif /* MM_ROUTES_H */
