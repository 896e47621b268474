/**
 * @file cidr.c
 * @brief CIDR blocks: parsing `ADDRESS/PREFIX` and matching an address.
 *
 * @chapter{relaying}
 * @rfc RFC 4632 §3.1, RFC 4291 §2.3 and §2.5.5.2
 *
 * The addresses are converted with inet_pton(3) into the octets of the
 * network byte order, so matching is the same loop for both families:
 * compare whole octets while at least 8 bits of the prefix are left, then
 * the leading bits of one more octet under a mask.
 */
#include "cidr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Text to family + octets; an IPv4-mapped IPv6 address becomes IPv4.
 * 0 on success, -1 if it is not an address. */
static int parse_addr(const char *text, int unmap, int *family, unsigned char addr[16])
{
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

    memset(addr, 0, 16);
    if (inet_pton(AF_INET, text, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, text, addr) == 1) {
        *family = AF_INET6;
        if (unmap && memcmp(addr, mapped, sizeof mapped) == 0) {
            memmove(addr, addr + 12, 4);
            memset(addr + 4, 0, 12);
            *family = AF_INET;
        }
        return 0;
    }
    return -1;
}

/* Do the first @p bits bits of a and b agree? */
static int prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    size_t whole = bits / 8;
    unsigned rest = bits % 8;

    if (memcmp(a, b, whole) != 0)
        return 0;
    if (rest == 0)
        return 1;
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

/* [cidr-parse] */
int cidr_parse(const char *text, struct cidr *out)
{
    char buf[INET6_ADDRSTRLEN + 8];
    const char *slash = strchr(text, '/');
    size_t alen = slash != NULL ? (size_t)(slash - text) : strlen(text);
    unsigned max, prefix = 0;

    if (alen == 0 || alen >= INET6_ADDRSTRLEN)
        return -1;
    memcpy(buf, text, alen);
    buf[alen] = '\0';
    /* The block is written as the admin meant it: "::ffff:10.0.0.0/104"
     * stays an IPv6 block, so parse without unmapping. */
    if (parse_addr(buf, 0, &out->family, out->addr) < 0)
        return -1;
    max = out->family == AF_INET ? 32 : 128;
    if (slash == NULL) {
        prefix = max;                          /* a bare address: /32 or /128 */
    } else {
        const char *p = slash + 1;
        if (*p == '\0' || (p[0] == '0' && p[1] != '\0'))
            return -1;                         /* "" or "024" */
        for (; *p != '\0'; p++) {
            if (*p < '0' || *p > '9' || (prefix = prefix * 10 + (unsigned)(*p - '0')) > max)
                return -1;
        }
    }
    out->prefix = prefix;
    /* Host bits must be zero: "192.0.2.1/24" is refused, not silently
     * widened.  Compare the address with itself masked to the prefix. */
    unsigned char masked[16];
    memcpy(masked, out->addr, 16);
    for (unsigned bit = prefix; bit < max; bit++)
        masked[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
    if (memcmp(masked, out->addr, 16) != 0)
        return -1;
    return 0;
}
/* [cidr-parse] */

/* [cidr-match] */
int cidr_match(const struct cidr *block, const char *ip)
{
    unsigned char addr[16];
    int family;

    /* A client on an IPv6 socket may be an IPv4 client in disguise
     * (::ffff:192.0.2.7): compare it as the IPv4 address it is. */
    if (parse_addr(ip, 1, &family, addr) < 0)
        return 0;
    if (family != block->family) {
        /* ...unless the block itself is written as an IPv4-mapped one,
         * inside ::ffff:0:0/96 ("::/0" must not let IPv4 clients in). */
        unsigned char mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        if (family != AF_INET || block->family != AF_INET6 || block->prefix < 96 ||
            memcmp(block->addr, mapped, 12) != 0)
            return 0;
        memcpy(mapped + 12, addr, 4);
        return prefix_equal(block->addr, mapped, block->prefix);
    }
    return prefix_equal(block->addr, addr, block->prefix);
}
/* [cidr-match] */

int cidr_match_any(const struct cidr *blocks, size_t n, const char *ip)
{
    for (size_t i = 0; i < n; i++)
        if (cidr_match(&blocks[i], ip))
            return 1;
    return 0;
}

int cidr_is_loopback(const char *ip)
{
    struct cidr v4, v6;

    if (cidr_parse("127.0.0.0/8", &v4) < 0 || cidr_parse("::1", &v6) < 0)
        return 0;
    return cidr_match(&v4, ip) || cidr_match(&v6, ip);
}
