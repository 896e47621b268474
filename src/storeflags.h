/**
 * @file storeflags.h
 * @brief The arguments of STORE after the sequence set: `+FLAGS.SILENT
 *        (\Seen \Deleted)` parsed into an operation and flag bits.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.6 (STORE), §2.3.2 (flags), §9 (store-att-flags,
 *      flag, flag-list)
 *
 * STORE changes flags in one of three ways (RFC 3501 §6.4.6):
 *
 * | item          | new flags                       |
 * |---------------|---------------------------------|
 * | `FLAGS`       | exactly the flags given         |
 * | `+FLAGS`      | the old flags and those given   |
 * | `-FLAGS`      | the old flags without those given |
 *
 * and each has a `.SILENT` form, after which the server does not send
 * the resulting `* n FETCH (FLAGS (...))`.  The flags come as a
 * parenthesised list or, as RFC 3501's grammar also allows, as bare
 * flags separated by spaces:
 *
 *     store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP
 *                       (flag-list / (flag *(SP flag)))
 *     flag            = "\Answered" / "\Flagged" / "\Deleted" /
 *                       "\Seen" / "\Draft" / flag-keyword / flag-extension
 *
 * What is stored follows chapter 9's PERMANENTFLAGS (mailflags.h): the
 * five system flags, which a Maildir keeps as letters in the file name.
 * A keyword (`$Forwarded`, `NonJunk`) is a valid flag but cannot be kept
 * -- PERMANENTFLAGS has no `\*` -- so it is accepted and dropped: the
 * FETCH response then shows the client what was really stored, which is
 * what RFC 3501 §7.1 (PERMANENTFLAGS) tells clients to expect.  `\Recent`
 * belongs to the server (§2.3.2: "cannot be altered by the client") and
 * is ignored in the same way.  Anything that is not a flag at all -- a
 * quote, a brace, a backslash inside a word, an unknown `\System` flag --
 * is a syntax error: `BAD`.
 */
#ifndef MM_STOREFLAGS_H
#define MM_STOREFLAGS_H

#include <stddef.h>

#include "imap_parse.h"

/** How STORE combines the flags given with those a message has. */
enum store_op {
    STORE_REPLACE = 0, /**< `FLAGS`: set exactly these */
    STORE_ADD,         /**< `+FLAGS`: add these */
    STORE_REMOVE       /**< `-FLAGS`: remove these */
};

/** A parsed STORE request (what follows the sequence set). */
struct store_request {
    enum store_op op;   /**< how to combine */
    int silent;         /**< 1 for `.SILENT`: no FETCH responses */
    unsigned flags;     /**< the MAILFLAG_* bits named */
    size_t ignored;     /**< how many keywords and `\Recent` were dropped */
};

/**
 * @brief Parse a data item name: `FLAGS`, `+FLAGS`, `-FLAGS`, each
 *        optionally with `.SILENT` (any case).
 * @param item    the item as the client wrote it
 * @param len     its length
 * @param op      receives the operation
 * @param silent  receives 1 for `.SILENT`, else 0
 * @return 0, or -1 when it is no STORE item
 */
int store_parse_item(const char *item, size_t len, enum store_op *op, int *silent);

/**
 * @brief Classify one flag as written by a client.
 * @param name  the flag (`\Seen`, `$Label1` ...)
 * @param len   its length
 * @param bit   receives its MAILFLAG_* bit, or 0 for a flag that is
 *              dropped (keywords, `\Recent`)
 * @return 0 for a valid flag, -1 for an unknown system flag (`\Foo`) or
 *         a name with characters a flag cannot have
 */
int store_parse_flag(const char *name, size_t len, unsigned *bit);

/**
 * @brief Parse `SP store-att-flags` (see the file comment), to the end
 *        of the command.
 * @param p    the parser, at the SP after the sequence set
 * @param req  receives the request
 * @return 0, or -1 with @c p->error set (the caller answers `BAD`)
 */
int store_parse_request(struct imap_parser *p, struct store_request *req);

/**
 * @brief The flags a message has after a STORE.
 * @param op     the operation
 * @param old    the message's MAILFLAG_* bits now
 * @param flags  the bits the request names
 * @return the new bits
 */
unsigned store_apply(enum store_op op, unsigned old, unsigned flags);

#endif /* MM_STOREFLAGS_H */
