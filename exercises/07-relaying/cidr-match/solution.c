/*
 * solution.c -- exercise "cidr-match": the reference ex_cidr_match().
 * (src/cidr.c does the same in cidr_parse() and cidr_match(), and also
 * compares IPv4-mapped IPv6 clients as IPv4.)
 */
#include "exercise.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

/* Text to family + octets; -1 if it is not an address. */
static int parse(const char *text, int *family, unsigned char addr[16])
{
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, text, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, text, addr) == 1) {
        *family = AF_INET6;
        return 0;
    }
    return -1;
}

/* The bit at position i (0 = the most significant bit of octet 0). */
static int bit(const unsigned char *a, unsigned i)
{
    return (a[i / 8] >> (7 - i % 8)) & 1;
}

int ex_cidr_match(const char *block, const char *ip)
{
    char text[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(block, '/');
    size_t alen = slash != NULL ? (size_t)(slash - block) : strlen(block);
    unsigned char net[16], addr[16];
    int bfam, afam;
    unsigned max, prefix = 0;

    if (alen == 0 || alen >= sizeof text)
        return -1;
    memcpy(text, block, alen);
    text[alen] = '\0';
    if (parse(text, &bfam, net) < 0)
        return -1;
    max = bfam == AF_INET ? 32 : 128;
    if (slash == NULL) {
        prefix = max;
    } else {
        const char *p = slash + 1;
        if (*p == '\0')
            return -1;
        for (; *p != '\0'; p++)
            if (*p < '0' || *p > '9' || (prefix = prefix * 10 + (unsigned)(*p - '0')) > max)
                return -1;
    }
    for (unsigned i = prefix; i < max; i++)      /* host bits must be zero */
        if (bit(net, i))
            return -1;
    if (parse(ip, &afam, addr) < 0 || afam != bfam)
        return 0;
    for (unsigned i = 0; i < prefix; i++)
        if (bit(net, i) != bit(addr, i))
            return 0;
    return 1;
}
