/**
 * @file routes.c
 * @brief The static route table: `--route DOMAIN=HOST:PORT`, `--smarthost`.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §5.1, §2.4
 *
 * A list searched from the start: a handful of routes is the normal case,
 * so a linear search is the clearest code and fast enough.
 */
#include "routes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "net.h"
#include "smtp_parse.h"

/* Length of a domain without one trailing dot. */
static size_t domain_len(const char *d)
{
    size_t len = strlen(d);
    return len > 0 && d[len - 1] == '.' ? len - 1 : len;
}

/* Split HOST:PORT into a hop; 0 or -1 with a message. */
static int parse_hop(struct route_hop *hop, const char *spec, const char *what,
                     char *err, size_t errsz)
{
    if (net_split_hostport(spec, hop->host, sizeof hop->host,
                           hop->port, sizeof hop->port) < 0 ||
        hop->host[0] == '\0' || hop->port[0] == '\0' ||
        strspn(hop->port, "0123456789") != strlen(hop->port) ||
        strcmp(hop->port, "0") == 0) {
        if (err != NULL)
            snprintf(err, errsz, "bad %s '%s': expected HOST:PORT or [V6ADDR]:PORT",
                     what, spec);
        return -1;
    }
    return 0;
}

int routes_add(struct routes *t, const char *spec, char *err, size_t errsz)
{
    const char *eq = strchr(spec, '=');
    struct route r;
    size_t dlen;

    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof r.domain) {
        if (err != NULL)
            snprintf(err, errsz, "bad --route '%s': expected DOMAIN=HOST:PORT", spec);
        return -1;
    }
    memcpy(r.domain, spec, (size_t)(eq - spec));
    r.domain[eq - spec] = '\0';
    dlen = domain_len(r.domain);
    r.domain[dlen] = '\0';
    if (!smtp_valid_domain_or_literal(r.domain) || r.domain[0] == '[') {
        if (err != NULL)
            snprintf(err, errsz, "bad --route '%s': '%s' is not a domain name", spec,
                     r.domain);
        return -1;
    }
    if (parse_hop(&r.hop, eq + 1, "--route", err, errsz) < 0)
        return -1;
    for (size_t i = 0; i < t->n; i++)
        if (strcasecmp(t->route[i].domain, r.domain) == 0) {
            if (err != NULL)
                snprintf(err, errsz, "--route: domain '%s' given twice", r.domain);
            return -1;
        }
    if (t->n == ROUTES_MAX) {
        if (err != NULL)
            snprintf(err, errsz, "too many --route options (at most %d)", ROUTES_MAX);
        return -1;
    }
    t->route[t->n++] = r;
    return 0;
}

int routes_set_smarthost(struct routes *t, const char *spec, char *err, size_t errsz)
{
    if (parse_hop(&t->smarthost, spec, "--smarthost", err, errsz) < 0)
        return -1;
    t->has_smarthost = 1;
    return 0;
}

/* [routes-lookup] */
const struct route_hop *routes_lookup(const struct routes *t, const char *domain)
{
    size_t len = domain_len(domain);

    /* Domain names are case-insensitive (RFC 5321 §2.4), and
     * "bob.test." is the same absolute name as "bob.test". */
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->route[i].domain) == len &&
            strncasecmp(t->route[i].domain, domain, len) == 0)
            return &t->route[i].hop;
    return t->has_smarthost ? &t->smarthost : NULL;
}
/* [routes-lookup] */
