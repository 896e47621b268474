/**
 * @file exercise.h
 * @brief Exercise "cidr-match" (chapter 7, relaying): is a client's
 *        address inside a trusted network?
 *
 * @chapter{relaying}
 * @rfc RFC 4632 §3.1 (CIDR notation), RFC 4291 §2.3 (IPv6 prefixes)
 */
#ifndef MM_EX_CIDR_MATCH_H
#define MM_EX_CIDR_MATCH_H

/**
 * @brief Is the address @p ip inside the block @p block?
 *
 * @p block is `ADDRESS/PREFIX` or a bare `ADDRESS`: an IPv4 dotted quad
 * with a prefix of 0 to 32, or an IPv6 address (any form inet_pton(3)
 * accepts) with a prefix of 0 to 128; a bare address means /32 or /128.
 * The prefix is decimal digits only.  The block is malformed -- and the
 * result -1 -- when the address does not parse, the prefix is empty, not
 * a number or too large, or bits of the address beyond the prefix are
 * not zero (`192.0.2.1/24`).
 *
 * @p ip is a bare address.  It is inside when it has the block's family
 * and its first PREFIX bits equal the block's.  An address of the other
 * family, or text that is not an address, is simply outside (0).
 *
 * Examples: ("192.0.2.0/24", "192.0.2.7") is 1; ("192.0.2.0/24",
 * "192.0.3.7") is 0; ("10.0.0.0/8", "::1") is 0; ("2001:db8::/32",
 * "2001:db8:ffff::1") is 1; ("192.0.2.1/24", anything) is -1.
 *
 * @param block  the network, e.g. "10.0.0.0/8"
 * @param ip     the client's address, e.g. "10.1.2.3"
 * @return 1 inside, 0 outside, -1 if @p block is malformed
 */
int ex_cidr_match(const char *block, const char *ip);

#endif /* MM_EX_CIDR_MATCH_H */
