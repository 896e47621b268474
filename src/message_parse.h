/**
 * @file message_parse.h
 * @brief RFC 5322 messages: line ends in CRLF, the header section, header
 *        fields (folding and unfolding, lookup by name), address lists.
 *
 * @chapter{fetching}
 * @rfc RFC 5322 §2.1-2.2 (lines, header fields, folding), §3.4 (address
 *      lists, groups, display names), §3.2.4 (quoted strings);
 *      RFC 3501 §2.3.4 (message sizes count CRLF)
 *
 * A message is a header section, an empty line, and a body.  Chapter 5
 * stores messages with LF line ends (the Unix convention every Maildir
 * reader expects), but IMAP talks in CRLF: RFC822.SIZE and every offset a
 * client can ask for (`BODY[]<0.100>`) count two octets per line end.  So
 * the first thing FETCH does is msg_to_crlf(): the message in memory as
 * the client will see it.  After that every offset is simply an offset.
 *
 * Header fields are `Name: value` lines; a value continues on following
 * lines that begin with a space or tab (*folding*, RFC 5322 §2.2.3).
 * *Unfolding* removes the CRLF before such whitespace.  Address fields
 * (From, To, Cc ...) hold lists of `Name <user@host>` or `user@host`,
 * with groups (`Team: a@x, b@y;`), quoted display names and comments.
 * Encoded words (`=?utf-8?q?...?=`, RFC 2047) are passed through as
 * written: IMAP's ENVELOPE sends them undecoded, the client decodes.
 */
#ifndef MM_MESSAGE_PARSE_H
#define MM_MESSAGE_PARSE_H

#include <stddef.h>

/**
 * @brief A copy of a message with every line end as CRLF.
 *
 * A bare LF becomes CRLF, a CRLF stays, a bare CR stays as it is.
 * @param data the message as stored
 * @param len its length
 * @param out_len receives the length of the copy
 * @return the copy (malloc'd, NUL-terminated), NULL when out of memory
 */
char *msg_to_crlf(const char *data, size_t len, size_t *out_len);

/**
 * @brief The length of the header section, the empty line included.
 *
 * For a message without an empty line the whole message is header; for
 * one that starts with an empty line the header is just that CRLF.
 * @param msg the message, in CRLF form
 * @param len its length
 * @return the offset of the body
 */
size_t msg_header_len(const char *msg, size_t len);

/** One header field, pointing into the header text. */
struct msg_field {
    const char *name;   /**< the field name */
    size_t name_len;    /**< its length */
    const char *value;  /**< the value after the colon, folded, without the final CRLF */
    size_t value_len;   /**< its length */
    const char *raw;    /**< the whole field, name to final CRLF included */
    size_t raw_len;     /**< its length */
};

/**
 * @brief The next header field at @p *pos, and advance past it.
 *
 * Lines without a colon are skipped (a broken header must not stop a
 * reader).  The iteration ends at the empty line or the end.
 * @param hdr the header section (CRLF form)
 * @param len its length
 * @param pos the position (start with 0)
 * @param f receives the field
 * @return 1 when a field was found, 0 at the end
 */
int msg_next_field(const char *hdr, size_t len, size_t *pos, struct msg_field *f);

/**
 * @brief Whether a field has this name (case-insensitive, RFC 5322 §1.2.2).
 * @param f the field
 * @param name the name, NUL-terminated
 * @return 1 or 0
 */
int msg_field_is(const struct msg_field *f, const char *name);

/**
 * @brief Unfold a value: drop each CRLF that comes before a space or tab,
 *        and the whitespace at both ends.
 * @param value the folded value
 * @param len its length
 * @return the unfolded value (malloc'd), NULL when out of memory
 */
char *msg_unfold(const char *value, size_t len);

/**
 * @brief The unfolded value of the first field named @p name.
 * @param hdr the header section (CRLF form)
 * @param len its length
 * @param name the field name (any case)
 * @return the value (malloc'd), or NULL when there is no such field
 */
char *msg_header_get(const char *hdr, size_t len, const char *name);

/**
 * @brief One entry of an address list in the shape of RFC 3501's ENVELOPE.
 *
 * A mailbox has @c mailbox and @c host.  A group is written as two extra
 * entries around its members (RFC 3501 §7.4.2): the start has the group
 * name in @c mailbox and a NULL @c host; the end has both NULL.
 */
struct msg_address {
    char *name;    /**< the display name (quotes removed, escapes resolved), or NULL */
    char *adl;     /**< the source route (`@a,@b`), or NULL */
    char *mailbox; /**< the local part, the group name at a group start, or NULL */
    char *host;    /**< the domain, or NULL at a group start and end */
};

/** A parsed address list. */
struct msg_addrlist {
    struct msg_address *a; /**< the entries */
    size_t n;              /**< how many */
};

/**
 * @brief Parse an address list (RFC 5322 §3.4 `address-list`, obsolete
 *        forms tolerated): mailboxes, `Name <addr>`, groups, comments.
 *
 * Unparsable pieces are skipped up to the next comma, never an error:
 * ENVELOPE must describe whatever arrived.
 * @param value the field value (folded or not)
 * @param len its length
 * @param out receives the list; free with msg_addrlist_free()
 * @return 0, or -1 when out of memory
 */
int msg_parse_addresses(const char *value, size_t len, struct msg_addrlist *out);

/**
 * @brief Free an address list.
 * @param l the list
 */
void msg_addrlist_free(struct msg_addrlist *l);

#endif /* MM_MESSAGE_PARSE_H */
