/*
 * solution.c -- exercise "hostport": a reference ex_split_hostport().
 *
 * Same rules as net_split_hostport() in src/net.c, written a little
 * differently: find the separator, measure, check, then copy.
 */
#include "exercise.h"

#include <string.h>

/* 1..5 digits, value <= 65535. */
static int valid_port(const char *p)
{
    size_t n = strlen(p);
    unsigned long v = 0;

    if (n == 0 || n > 5)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (unsigned long)(p[i] - '0');
    }
    return v <= 65535;
}

int ex_split_hostport(const char *spec, char *host, size_t hostsz,
                      char *port, size_t portsz)
{
    const char *h = spec, *sep;
    size_t hlen;

    if (spec[0] == '[') {
        const char *rb = strchr(spec, ']');
        if (rb == NULL || rb[1] != ':')
            return -1;              /* "[::1" or "[::1]25" */
        h = spec + 1;
        hlen = (size_t)(rb - h);
        sep = rb + 1;
    } else {
        sep = strchr(spec, ':');
        if (sep == NULL || strchr(sep + 1, ':') != NULL)
            return -1;              /* no port, or a bare IPv6 address */
        hlen = (size_t)(sep - spec);
    }
    if (hlen == 0 || hlen + 1 > hostsz || !valid_port(sep + 1)
        || strlen(sep + 1) + 1 > portsz)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    strcpy(port, sep + 1);
    return 0;
}
