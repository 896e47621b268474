/**
 * @file search_parse.h
 * @brief SEARCH criteria: the small tree a SEARCH command's keys become,
 *        and the parser that builds it.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (SEARCH and its keys), §9 (search, search-key,
 *      date, header-fld-name), §7.1 (BADCHARSET)
 *
 * A SEARCH command is a list of *search keys*, all of which a message
 * must satisfy (an implicit AND):
 *
 *     a1 SEARCH CHARSET UTF-8 UNSEEN FROM "alice" OR SUBJECT x (BODY y SINCE 1-Feb-2026)
 *
 * Some keys stand alone (`UNSEEN`), some take an argument (`FROM
 * "alice"`, `SINCE 1-Feb-2026`), and three combine other keys: `NOT k`,
 * `OR k1 k2` and the parenthesised list `(k1 k2 ...)` (an AND).  So the
 * keys form a tree, and the parser here builds it: one struct search_key
 * per node, in the order written, combinators pointing at their
 * operands.  The evaluator (search_eval.h) then walks the tree once per
 * message.
 *
 * The parser also *simplifies*: RFC 3501 has 38 key names but many are
 * another key in disguise, so the tree has fewer kinds of node than the
 * RFC has names:
 *
 * | written                     | becomes                                  |
 * |-----------------------------|------------------------------------------|
 * | `ANSWERED` ... `SEEN`       | #SEARCH_FLAG with the flag, set           |
 * | `UNANSWERED` ... `UNSEEN`   | #SEARCH_FLAG with the flag, not set       |
 * | `NEW`                       | AND(#SEARCH_RECENT, UNSEEN)               |
 * | `OLD`                       | NOT(#SEARCH_RECENT)                       |
 * | `UNKEYWORD k`               | NOT(#SEARCH_KEYWORD k)                    |
 * | `FROM` `TO` `CC` `BCC` `SUBJECT` s | #SEARCH_HEADER with that field name |
 *
 * Each node also gets a **cost**: what the evaluator must read to decide
 * it -- nothing but the session's view (flags, UIDs), the file's metadata
 * (its date), its header, or the whole file.  An AND's operands are kept
 * sorted cheapest first and an OR's cheaper operand goes first, so
 * `SEARCH UNSEEN BODY x` reads no file at all for a message that is
 * already seen.
 *
 * Nesting is limited: every NOT, OR and parenthesis is one level, and a
 * key deeper than #SEARCH_DEPTH_MAX is refused with BAD, before the
 * recursion could use up the stack.
 */
#ifndef MM_SEARCH_PARSE_H
#define MM_SEARCH_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "imap_parse.h"
#include "search_scan.h"
#include "seqset.h"

/**
 * Deepest nesting of NOT, OR and parentheses accepted.  Clients write an
 * OR of n keys as n-1 nested ORs (`OR OR a b c`), so this also bounds
 * such chains: 256 allows an OR of 257 addresses, far more than any
 * client's filter, while the recursion stays a few tens of kilobytes of
 * stack.
 */
#define SEARCH_DEPTH_MAX 256

/** The kinds of node in a search tree. */
enum search_kind {
    SEARCH_ALL = 0,    /**< `ALL`: every message */
    SEARCH_SEQSET,     /**< a sequence set: `1:3,7` (numbers are sequence numbers) */
    SEARCH_UIDSET,     /**< `UID set` */
    SEARCH_FLAG,       /**< a system flag set or not set (`SEEN`, `UNSEEN` ...) */
    SEARCH_RECENT,     /**< `RECENT`: \\Recent in this session */
    SEARCH_KEYWORD,    /**< `KEYWORD k` (no keywords are stored: never true) */
    SEARCH_HEADER,     /**< `HEADER f s`, `FROM s` ...: a header field contains s */
    SEARCH_BODY,       /**< `BODY s`: the body contains s */
    SEARCH_TEXT,       /**< `TEXT s`: header or body contains s */
    SEARCH_BEFORE,     /**< `BEFORE d`: INTERNALDATE earlier than d */
    SEARCH_ON,         /**< `ON d`: INTERNALDATE on d */
    SEARCH_SINCE,      /**< `SINCE d`: INTERNALDATE on or after d */
    SEARCH_SENTBEFORE, /**< `SENTBEFORE d`: the Date: header earlier than d */
    SEARCH_SENTON,     /**< `SENTON d`: the Date: header on d */
    SEARCH_SENTSINCE,  /**< `SENTSINCE d`: the Date: header on or after d */
    SEARCH_LARGER,     /**< `LARGER n`: RFC822.SIZE greater than n */
    SEARCH_SMALLER,    /**< `SMALLER n`: RFC822.SIZE less than n */
    SEARCH_NOT,        /**< `NOT k` (also OLD, UNKEYWORD) */
    SEARCH_OR,         /**< `OR k1 k2` */
    SEARCH_AND         /**< `(k1 k2 ...)`, the top-level list, NEW */
};

/** What deciding a key costs, cheapest first (see the file comment). */
enum search_cost {
    SEARCH_COST_VIEW = 0,   /**< the session's view: flags, UID, number */
    SEARCH_COST_META = 1,   /**< the file's name or metadata: size, INTERNALDATE */
    SEARCH_COST_HEADER = 2, /**< the message's header section */
    SEARCH_COST_FULL = 3    /**< the whole message */
};

/**
 * @brief One node of a search tree.
 *
 * Which members mean something depends on @c kind; the others are zero.
 * Strings point into memory the parser owns (imap_p_alloc()).
 */
struct search_key {
    enum search_kind kind;    /**< what the node tests */
    enum search_cost cost;    /**< what deciding it reads (the most of its operands) */
    unsigned flag;            /**< #SEARCH_FLAG: one MAILFLAG_* bit */
    int flag_set;             /**< #SEARCH_FLAG: 1 = must be set, 0 = must not */
    struct seqset set;        /**< #SEARCH_SEQSET, #SEARCH_UIDSET: the set */
    const char *field;        /**< #SEARCH_HEADER: the field name, NUL-terminated */
    const char *str;          /**< string keys, #SEARCH_KEYWORD: what to find */
    size_t str_len;           /**< its length (it may be 0) */
    struct search_needle needle; /**< string keys: @c str made ready for search_scan(),
                                      once per command (search_free() frees it) */
    long day;                 /**< date keys: days since 1970-01-01 */
    uint32_t size;            /**< #SEARCH_LARGER, #SEARCH_SMALLER: the number */
    struct search_key *a;     /**< NOT, OR: the (first) operand; AND: the first of its list */
    struct search_key *b;     /**< OR: the second operand */
    struct search_key *next;  /**< the next operand of the AND this node belongs to */
    struct search_key *chain; /**< every node of a query, for search_free() (internal) */
};

/** A parsed SEARCH: the tree and what the client said about it. */
struct search_query {
    struct search_key *root;  /**< an #SEARCH_AND of the top-level keys */
    int utf8;                 /**< the client said `CHARSET UTF-8` */
    struct search_key *nodes; /**< every node, chained for search_free() (internal) */
};

/** What search_parse() found. */
enum search_parse_result {
    SEARCH_PARSE_OK = 0,         /**< the query is ready */
    SEARCH_PARSE_BAD = -1,       /**< a syntax error: answer BAD with the message */
    SEARCH_PARSE_BADCHARSET = -2 /**< an unknown CHARSET: answer `NO [BADCHARSET (US-ASCII UTF-8)]` */
};

/** The charsets SEARCH accepts, as the BADCHARSET response code lists them. */
#define SEARCH_CHARSETS "US-ASCII UTF-8"

/**
 * @brief Parse SEARCH's arguments: `SP ["CHARSET" SP astring SP] key *(SP key)`,
 *        up to the end of the command.
 *
 * String arguments may be atoms, quoted strings or literals (the session
 * has already read a literal's octets, with the `+` continuation
 * request, before the handler runs: imap_read.h).  Key names are
 * case-insensitive.  Nodes and strings live in @p p's memory; the sets
 * need search_free().
 *
 * @param p      the parser, just after the command name
 * @param q      receives the query; call search_free() whatever the result
 * @param err    receives the reason on #SEARCH_PARSE_BAD (for the BAD text)
 * @param errsz  its size
 * @return an enum search_parse_result
 */
enum search_parse_result search_parse(struct imap_parser *p, struct search_query *q,
                                      char *err, size_t errsz);

/**
 * @brief Free what a query holds outside the parser's memory (its sets).
 * @param q  the query (may be zeroed or half-built)
 */
void search_free(struct search_query *q);

/**
 * @brief Parse an IMAP date-text: `d-Mon-yyyy` or `dd-Mon-yyyy` (RFC 3501
 *        §9 `date-text`; the month name in any case).
 * @param text  the text (not NUL-terminated)
 * @param len   its length
 * @param day   receives the day number (imap_day_number())
 * @return 0, or -1 when it is not a valid date (`31-Feb-2026` is not)
 */
int search_parse_date(const char *text, size_t len, long *day);

#endif /* MM_SEARCH_PARSE_H */
