/**
 * @file cidr.h
 * @brief Address blocks in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`)
 *        and the question "is this client's address inside one of them?".
 *
 * @chapter{relaying}
 * @rfc RFC 4632 §3.1 (CIDR prefix notation), RFC 4291 §2.3 (IPv6 prefixes)
 *      and §2.5.5.2 (IPv4-mapped IPv6 addresses), RFC 5321 §7.1 (relaying)
 *
 * A relay must know whom it works for.  One answer is "the hosts of my
 * own network": `--trust 192.168.1.0/24` says that every client whose
 * address begins with those 24 bits may send mail anywhere through this
 * server, without logging in -- the way a small office's mail server
 * trusts the office's LAN.  The other answer, a user name and password,
 * is AUTH (smtp_auth.h).
 *
 * A block is an address and a *prefix length*: the number of leading
 * bits that must match.  `10.0.0.0/8` is every address that starts with
 * the octet 10; `::1/128` is exactly the IPv6 loopback address; `0.0.0.0/0`
 * is the whole IPv4 internet (and trusting it makes an open relay).
 *
 * One subtlety: a server listening on an IPv6 socket sees IPv4 clients as
 * *IPv4-mapped* addresses, `::%ffff:192.0.2.7` (RFC 4291 §2.5.5.2; the `%`
 * is for Doxygen, which would otherwise read the address as a link).
 * cidr_match() treats such an address as the IPv4 address it stands for,
 * so an IPv4 block matches it -- and an IPv6 block never matches an IPv4
 * client by accident.
 */
#ifndef MM_CIDR_H
#define MM_CIDR_H

#include <stddef.h>

/** An address block: family, address bits, prefix length. */
struct cidr {
    int family;                 /**< AF_INET or AF_INET6 */
    unsigned char addr[16];     /**< the address, network byte order (4 or 16 octets used) */
    unsigned prefix;            /**< leading bits that must match: 0..32 or 0..128 */
};

/**
 * @brief Parse `ADDRESS/PREFIX` or a bare `ADDRESS` (a block of one address).
 *
 * The address is an IPv4 dotted quad or an IPv6 address (inet_pton(3)
 * forms); the prefix 0..32 for IPv4, 0..128 for IPv6, in decimal without
 * a sign or leading zeros.  Bits of the address beyond the prefix must be
 * zero (`192.0.2.1/24` is refused: it usually means a typing mistake, and
 * the block it would name is not what the text says).
 *
 * @param text  the text, e.g. "192.0.2.0/24", "::1", "2001:db8::/32"
 * @param out   receives the block
 * @return 0 on success, -1 if @p text is not a valid block
 */
int cidr_parse(const char *text, struct cidr *out);

/**
 * @brief Is the address @p ip inside the block @p block?
 *
 * @p ip is a bare address ("192.0.2.7", "::1", or an IPv4-mapped one such as
 * `::%ffff:192.0.2.7`); an
 * IPv4-mapped IPv6 address is compared as IPv4.
 *
 * @param block  the block
 * @param ip     the address as text
 * @return 1 if it is inside, 0 if not (or if @p ip is not an address)
 */
int cidr_match(const struct cidr *block, const char *ip);

/**
 * @brief Is @p ip inside any of @p n blocks?
 * @param blocks  the blocks
 * @param n       how many
 * @param ip      the address as text
 * @return 1 if it is inside one of them, 0 if not
 */
int cidr_match_any(const struct cidr *blocks, size_t n, const char *ip);

/**
 * @brief Is @p ip a loopback address (127.0.0.0/8, ::1, or 127.x.y.z IPv4-mapped)?
 * @param ip  the address as text
 * @return 1 if it is, 0 if not
 */
int cidr_is_loopback(const char *ip);

#endif /* MM_CIDR_H */
