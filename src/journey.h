/**
 * @file journey.h
 * @brief The journey a message records: its trace fields (Return-Path,
 *        Received) read back, hop by hop.
 *
 * @chapter{mail-system}
 * @rfc RFC 5321 §4.4 (trace information), RFC 5322 §3.6.7 (trace fields)
 *
 * Every SMTP server that takes a message on puts a `Received:` field on
 * top of it (RFC 5321 §4.4: "When an SMTP server receives a message for
 * delivery or further processing, it MUST insert trace ... information at
 * the beginning of the message content"), and the server that delivers it
 * adds `Return-Path:` above them all.  Read from the bottom up, the
 * Received fields are the message's journey: who handed it to whom, with
 * which protocol, when.  Chapter 5 wrote these fields (received.c); this
 * module reads them back, for chapter 13's tour of the whole system.
 */
#ifndef MM_JOURNEY_H
#define MM_JOURNEY_H

#include <stddef.h>

/** Room for a domain or address literal in a hop (RFC 5321 §4.5.3.1.2: 255). */
#define JOURNEY_NAME_MAX 256

/** One hop: what one Received field says (RFC 5321 §4.4, the Stamp). */
struct journey_hop {
    char from[JOURNEY_NAME_MAX]; /**< the FROM domain: the client, as its EHLO named it ("" if absent) */
    char by[JOURNEY_NAME_MAX];   /**< the BY domain: the server that wrote the field */
    char with[32];               /**< the WITH protocol: SMTP, ESMTP, ESMTPA ... ("" if absent) */
    char id[128];                /**< the ID clause: the server's name for the message ("" if absent) */
    char date[80];               /**< the date-time after the `;` ("" if absent) */
};

/**
 * @brief The length of the trace block at the top of a message: the
 *        Return-Path and Received fields before any other field.
 *
 * What follows is the message as its sender submitted it (a server adds
 * trace fields on top and changes nothing below them).
 * @param msg  the message, with CRLF or LF line ends
 * @param len  its length
 * @return the offset of the first field that is not a trace field (0 when
 *         the message starts with another field)
 */
size_t journey_trace_len(const char *msg, size_t len);

/**
 * @brief Parse the value of one Received field (folded or not).
 *
 * Comments in parentheses are skipped (`from x ([127.0.0.1])`); clause
 * names are case-insensitive; the date is what follows the last `;`.
 * @param value  the value after `Received:`
 * @param len    its length
 * @param hop    receives the clauses (each cut to its buffer)
 * @return 0, or -1 when the field has no BY clause (not a Stamp)
 */
int journey_parse_received(const char *value, size_t len, struct journey_hop *hop);

/**
 * @brief The hops of a message, in the order it travelled: the bottom
 *        Received field first.
 * @param msg   the message, with CRLF or LF line ends
 * @param len   its length
 * @param hops  receives up to @p max hops
 * @param max   room in @p hops
 * @return how many hops were stored (the Received fields that parse; the
 *         @p max oldest when there are more)
 */
int journey_hops(const char *msg, size_t len, struct journey_hop *hops, int max);

#endif /* MM_JOURNEY_H */
