/**
 * @file imap_parse.h
 * @brief The data forms of IMAP commands: atoms, numbers, quoted strings,
 *        literals, NIL and parenthesised lists, read by a cursor.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4 (data formats), §4.1-4.5, §9 (formal syntax:
 *      atom, astring, nstring, quoted, literal, tag); RFC 7888 §3
 *      (non-synchronising literals `{n+}`)
 *
 * An SMTP command is a verb and some text; an IMAP command is a small
 * expression: a tag, a command name and *typed* arguments, which may nest:
 *
 *     a1 LOGIN alice "pass word"
 *     a2 ID ("name" "mutt" "version" NIL)
 *     a3 LOGIN {5}
 *     alice {6+}
 *     secret
 *
 * RFC 3501 §4 names the forms an argument can take: an **atom** (one or
 * more characters that are not special), a **number**, a **string** --
 * written either *quoted* (`"..."`, where only `\"` and `\\` are escapes)
 * or as a *literal* (`{5}` CRLF followed by exactly five octets of
 * anything) --, **NIL**, and a **parenthesised list** of any of these.
 *
 * This module parses those forms from memory.  The session (imap_read.h)
 * first collects the whole command as it came over the wire -- its lines
 * and the octets of its literals, in order, with the CRLF that follows a
 * literal's `{n}` kept and the final CRLF dropped -- and then hands the
 * bytes to a struct imap_parser.  So the parser never does I/O, and a
 * unit test can feed it the bytes `a LOGIN {5}`, CR, LF, `alice x`
 * directly, from a string.
 *
 * The parser is a **cursor**: each imap_p_*() function reads one form at
 * the current position and moves past it, or leaves the position where it
 * was and returns -1 with a reason in imap_parser.error (which the session
 * sends in its `BAD` reply).  A command handler parses its own arguments
 * with these functions, so a later chapter with a new argument syntax
 * (FETCH's `BODY[HEADER.FIELDS (From)]<0.100>`) writes its own small
 * functions on top of imap_p_peek(), imap_p_char() and imap_p_atom_ex().
 *
 * What the parser returns for strings, struct imap_value, points either
 * into the command (atoms, literals: no copy) or into memory the parser
 * owns (quoted strings, whose escapes have been undone).  Either way it is
 * valid until imap_parser_free(), which the session calls after each
 * command; imap_value_cstr() makes a NUL-terminated copy for handlers
 * that want a C string.
 */
#ifndef MM_IMAP_PARSE_H
#define MM_IMAP_PARSE_H

#include <stddef.h>
#include <stdint.h>

/** Longest tag accepted, in octets (RFC 3501 sets none; 64 is plenty). */
#define IMAP_TAG_MAX 64
/** Deepest nesting of parenthesised lists accepted (an attacker's
 *  "((((((...." must not exhaust the stack). */
#define IMAP_LIST_DEPTH_MAX 16

/** The kinds of values a command argument can be (RFC 3501 §4). */
enum imap_vtype {
    IMAP_V_ATOM = 0, /**< an atom (numbers are atoms of digits: imap_value_number()) */
    IMAP_V_QUOTED,   /**< a quoted string; @c data holds it with the escapes undone */
    IMAP_V_LITERAL,  /**< a literal `{n}` or `{n+}`; @c data holds its n octets */
    IMAP_V_NIL,      /**< the atom NIL where NIL is allowed (nstring, lists) */
    IMAP_V_LIST      /**< a parenthesised list; see @c items and @c count */
};

/**
 * @brief One parsed argument: an atom, a string, NIL or a list.
 *
 * For atoms and strings, @c data/@c len are the octets (not
 * NUL-terminated for atoms and literals; they may contain NUL in a
 * literal).  For lists, @c items is an array of @c count values.
 */
struct imap_value {
    enum imap_vtype type;      /**< which form */
    const char *data;          /**< the octets (atoms, strings); NULL for NIL and lists */
    size_t len;                /**< how many octets */
    int nonsync;               /**< literals: 1 when written `{n+}` (RFC 7888) */
    struct imap_value *items;  /**< lists: the elements */
    size_t count;              /**< lists: how many elements */
};

/** A block of memory owned by a parser (internal). */
struct imap_parser_block;

/**
 * @brief A cursor over one whole command, as it came over the wire.
 *
 * Treat the members as read-only; @c error is the message of the last
 * failure, for the `BAD` reply.
 */
struct imap_parser {
    const char *buf;                  /**< the command (lines and literals, final CRLF dropped) */
    size_t len;                       /**< its length */
    size_t pos;                       /**< where the next form starts */
    const char *error;                /**< why the last imap_p_*() failed (static text) */
    int depth;                        /**< current list nesting (internal) */
    struct imap_parser_block *blocks; /**< memory for unescaped strings and lists (internal) */
};

/**
 * @brief Start parsing @p len bytes at @p buf (which must stay valid).
 * @param p    the parser
 * @param buf  the command
 * @param len  its length
 */
void imap_parser_init(struct imap_parser *p, const char *buf, size_t len);

/**
 * @brief Free what the parser allocated; every value it returned dies too.
 * @param p  the parser (may be used again after imap_parser_init())
 */
void imap_parser_free(struct imap_parser *p);

/**
 * @brief Allocate memory that lives as long as the parser's values.
 * @param p  the parser
 * @param n  bytes (0 is allowed)
 * @return zeroed memory, or NULL when out of memory
 */
void *imap_p_alloc(struct imap_parser *p, size_t n);

/**
 * @brief The next octet, without moving.
 * @param p  the parser
 * @return the octet (0..255), or -1 at the end of the command
 */
int imap_p_peek(const struct imap_parser *p);

/**
 * @brief Is the whole command consumed?
 * @param p  the parser
 * @return 1 at the end, 0 otherwise
 */
int imap_p_at_end(const struct imap_parser *p);

/**
 * @brief Consume one given octet (case-sensitive).
 * @param p  the parser
 * @param c  the octet expected, e.g. '(' or ' '
 * @return 0 when it was there, -1 otherwise ("Expected ...")
 */
int imap_p_char(struct imap_parser *p, int c);

/**
 * @brief Consume exactly one SP, the only separator IMAP allows (RFC 3501 §9).
 * @param p  the parser
 * @return 0, or -1 ("Expected a space")
 */
int imap_p_sp(struct imap_parser *p);

/**
 * @brief Succeed only at the end of the command.
 * @param p  the parser
 * @return 0 at the end, -1 otherwise ("Unexpected characters after the arguments")
 */
int imap_p_end(struct imap_parser *p);

/**
 * @brief Is @p c an ATOM-CHAR (RFC 3501 §9)?
 *
 * Any CHAR (0x01-0x7f) except the atom-specials: `(` `)` `{` SP, the
 * controls 0x00-0x1f and 0x7f, `%` `*` (list-wildcards), `"` `\`
 * (quoted-specials) and `]` (resp-specials).
 *
 * @param c  an octet
 * @return 1 or 0
 */
int imap_is_atom_char(int c);

/**
 * @brief Is @p c an ASTRING-CHAR: an ATOM-CHAR or `]` (RFC 3501 §9)?
 * @param c  an octet
 * @return 1 or 0
 */
int imap_is_astring_char(int c);

/**
 * @brief Read an atom: 1*ATOM-CHAR.
 * @param p    the parser
 * @param out  receives an #IMAP_V_ATOM
 * @return 0, or -1 ("Expected an atom")
 */
int imap_p_atom(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read an atom that may also contain the octets of @p extra.
 *
 * For grammars built from atoms plus a few specials: a LIST pattern
 * (extra `%*]`), a flag (extra: the backslash), a tag (imap_p_tag()),
 * FETCH's section specifiers (a later chapter).
 *
 * @param p      the parser
 * @param extra  further octets allowed (NULL or "" for none)
 * @param out    receives an #IMAP_V_ATOM
 * @return 0, or -1 ("Expected an atom")
 */
int imap_p_atom_ex(struct imap_parser *p, const char *extra, struct imap_value *out);

/**
 * @brief Read a tag: 1*<any ASTRING-CHAR except "+"> (RFC 3501 §9).
 * @param p    the parser
 * @param out  receives the tag as an #IMAP_V_ATOM (at most #IMAP_TAG_MAX octets)
 * @return 0, or -1 ("Missing or invalid tag", "Tag too long")
 */
int imap_p_tag(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read a number: 1*DIGIT that fits in 32 bits (RFC 3501 §9: "number").
 * @param p    the parser
 * @param out  receives the value
 * @return 0, or -1 ("Expected a number", "Number too large")
 */
int imap_p_number(struct imap_parser *p, uint32_t *out);

/**
 * @brief Read a quoted string: `"` *QUOTED-CHAR `"`, undoing `\"` and `\\`.
 *
 * Any other backslash escape is an error (RFC 3501 §4.3 allows only
 * these two), and so are CR, LF, NUL and octets above 0x7f inside the
 * quotes (TEXT-CHAR is 7-bit).
 *
 * @param p    the parser
 * @param out  receives an #IMAP_V_QUOTED (data owned by the parser, NUL-terminated)
 * @return 0, or -1 ("Expected a quoted string", "Bad escape ...", ...)
 */
int imap_p_quoted(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read a literal: `{n}` or `{n+}`, CRLF, then exactly n octets.
 *
 * The octets may be anything but NUL (RFC 3501 §4.3: CHAR8 is 0x01-0xff).
 *
 * @param p    the parser
 * @param out  receives an #IMAP_V_LITERAL (data points into the command)
 * @return 0, or -1 ("Expected a literal", "Literal shorter than its count", ...)
 */
int imap_p_literal(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read a string: quoted or literal.
 * @param p    the parser
 * @param out  receives an #IMAP_V_QUOTED or #IMAP_V_LITERAL
 * @return 0, or -1
 */
int imap_p_string(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read an astring: 1*ASTRING-CHAR, or a string (user names,
 *        passwords, mailbox names).
 * @param p    the parser
 * @param out  receives an #IMAP_V_ATOM, #IMAP_V_QUOTED or #IMAP_V_LITERAL
 * @return 0, or -1
 */
int imap_p_astring(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read an nstring: a string or NIL (any case).
 * @param p    the parser
 * @param out  receives an #IMAP_V_QUOTED, #IMAP_V_LITERAL or #IMAP_V_NIL
 * @return 0, or -1
 */
int imap_p_nstring(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read a parenthesised list: `(` [value *(SP value)] `)`.
 *
 * Elements are read with imap_p_value(), so lists nest (at most
 * #IMAP_LIST_DEPTH_MAX deep).  Elements that are atoms may contain `\`
 * and `]`, as flags (`\Seen`) and section specifiers do.
 *
 * @param p    the parser
 * @param out  receives an #IMAP_V_LIST
 * @return 0, or -1
 */
int imap_p_list(struct imap_parser *p, struct imap_value *out);

/**
 * @brief Read any value: a list, a quoted string, a literal, NIL or an atom.
 * @param p    the parser
 * @param out  receives it
 * @return 0, or -1
 */
int imap_p_value(struct imap_parser *p, struct imap_value *out);

/**
 * @brief A NUL-terminated copy of a string value, for handlers.
 * @param p  the parser that returned @p v (owns the copy)
 * @param v  an atom or string value
 * @return the copy, or NULL when @p v contains a NUL octet, is NIL or a
 *         list, or memory ran out
 */
char *imap_value_cstr(struct imap_parser *p, const struct imap_value *v);

/**
 * @brief Is this atom, ignoring ASCII case, equal to @p word?
 * @param v     a value
 * @param word  e.g. "NIL", "PLAIN"
 * @return 1 if @p v is an atom spelling @p word, else 0
 */
int imap_value_is(const struct imap_value *v, const char *word);

/**
 * @brief The value of an atom made of digits, as a 32-bit number.
 * @param v    a value
 * @param out  receives the number
 * @return 0, or -1 when @p v is not a number that fits
 */
int imap_value_number(const struct imap_value *v, uint32_t *out);

#endif /* MM_IMAP_PARSE_H */
