/**
 * @file imap_write.h
 * @brief Writing IMAP responses: text, atoms, quoted strings, literals,
 *        NIL -- and the choice between them.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §4.3 (strings: quoted or literal), §4.5 (NIL), §7
 *      (responses), §9 (formal syntax: astring, nstring, quoted, literal)
 *
 * A server's response is a line, but not always *one* line: a string
 * that holds a CR, an LF or an 8-bit octet cannot be quoted, and goes out
 * as a literal -- `{n}` CRLF, then the n octets -- after which the same
 * response goes on:
 *
 *     * LIST (\HasNoChildren) "." "Sent Items"
 *     * 1 FETCH (BODY[] {342}
 *     Received: ...   (342 octets of message)
 *     )
 *
 * The rule every value written here follows (RFC 3501 §4.3, §9):
 *
 * | the string                                   | written as              |
 * |----------------------------------------------|-------------------------|
 * | 1+ ATOM-CHARs, and not `NIL` (astring only)  | an atom: `INBOX`        |
 * | 7-bit, no CR, LF or NUL                      | quoted: `"a \"b\" \\c"` |
 * | anything else (8-bit, CR, LF)                | a literal: `{3}` CRLF `a` LF `b` |
 * | no string at all (nstring)                   | `NIL`                   |
 *
 * The server never sends `{n+}` (RFC 7888 §3: non-synchronising literals
 * go from client to server only), and never waits for a continuation
 * before the octets of its own literal.
 *
 * A struct imap_out writes through chapter 2's output buffer (so the
 * responses to pipelined commands leave together) and keeps the current
 * line for the wire trace: each line is traced once when it ends, a
 * literal's octets with trace_block().
 */
#ifndef MM_IMAP_WRITE_H
#define MM_IMAP_WRITE_H

#include <stdarg.h>
#include <stddef.h>

#include "outbuf.h"

/** How much of one response line the trace shows (the wire gets it all). */
#define IMAP_TRACE_LINE_MAX 1024

/** How a string can be written (imap_string_form()). */
enum imap_form {
    IMAP_FORM_ATOM = 0, /**< as an atom: the octets themselves */
    IMAP_FORM_QUOTED,   /**< between double quotes, `"` and `\` escaped */
    IMAP_FORM_LITERAL   /**< as a literal `{n}` CRLF octets */
};

/**
 * @brief A response writer on an output buffer.  Treat the members as private.
 */
struct imap_out {
    struct outbuf *ob;                   /**< where the bytes go */
    char trace[IMAP_TRACE_LINE_MAX];     /**< the current line, for the trace */
    size_t tlen;                         /**< how much of it is in @c trace */
    int truncated;                       /**< the line was longer than @c trace */
};

/**
 * @brief Set up a writer on @p ob.
 * @param w   the writer
 * @param ob  the output buffer (chapter 2)
 */
void imap_out_init(struct imap_out *w, struct outbuf *ob);

/**
 * @brief The simplest form a string can take.
 *
 * @param data      the octets
 * @param len       how many
 * @param atom_ok   1 if an atom is acceptable here (an astring); 0 for a
 *                  string, which must be quoted or a literal
 * @return #IMAP_FORM_ATOM only when @p atom_ok, the string is 1+
 *         ATOM-CHARs and it is not `NIL` in any case (which a reader of
 *         an nstring would take for NIL); else #IMAP_FORM_QUOTED when
 *         every octet is 0x01-0x7f except CR and LF; else #IMAP_FORM_LITERAL
 */
enum imap_form imap_string_form(const char *data, size_t len, int atom_ok);

/**
 * @brief Write protocol text as is (keywords, numbers, parentheses, SP).
 *
 * CR and LF cannot be part of a line: each is sent as `?` (as
 * outbuf_line() does).  Use the string functions for data.
 *
 * @param w     the writer
 * @param data  the text
 * @param len   its length
 * @return 0, or -1 on a write error (sticky, see outbuf.h)
 */
int imap_w_raw(struct imap_out *w, const char *data, size_t len);

/**
 * @brief imap_w_raw() of a C string.
 * @param w  the writer
 * @param s  the text
 * @return 0, or -1 on a write error
 */
int imap_w_str(struct imap_out *w, const char *s);

/**
 * @brief Write printf-formatted protocol text (CR/LF become `?`).
 * @param w    the writer
 * @param fmt  format
 * @return 0, or -1 on a write error
 */
int imap_w_fmt(struct imap_out *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * @brief imap_w_fmt() with a va_list.
 * @param w    the writer
 * @param fmt  format
 * @param ap   arguments
 * @return 0, or -1 on a write error
 */
int imap_w_vfmt(struct imap_out *w, const char *fmt, va_list ap);

/**
 * @brief Write a quoted string, escaping `"` and `\`.
 *
 * Only for strings imap_string_form() does not call #IMAP_FORM_LITERAL;
 * others are written as a literal instead (so the output is always valid).
 *
 * @param w     the writer
 * @param data  the octets
 * @param len   how many
 * @return 0, or -1 on a write error
 */
int imap_w_quoted(struct imap_out *w, const char *data, size_t len);

/**
 * @brief Write a literal: `{len}` CRLF and the octets (which may be anything).
 * @param w     the writer
 * @param data  the octets
 * @param len   how many
 * @return 0, or -1 on a write error
 */
int imap_w_literal(struct imap_out *w, const char *data, size_t len);

/**
 * @brief Write a string: quoted when it can be, else a literal.
 * @param w     the writer
 * @param data  the octets
 * @param len   how many
 * @return 0, or -1 on a write error
 */
int imap_w_string(struct imap_out *w, const char *data, size_t len);

/**
 * @brief Write an astring: an atom when it can be, else a string.
 * @param w     the writer
 * @param data  the octets
 * @param len   how many
 * @return 0, or -1 on a write error
 */
int imap_w_astring(struct imap_out *w, const char *data, size_t len);

/**
 * @brief Write an nstring: `NIL` for @p data == NULL, else a string.
 * @param w     the writer
 * @param data  the octets, or NULL
 * @param len   how many
 * @return 0, or -1 on a write error
 */
int imap_w_nstring(struct imap_out *w, const char *data, size_t len);

/**
 * @brief End the response line: CRLF, and trace it.
 * @param w  the writer
 * @return 0, or -1 on a write error
 */
int imap_w_end(struct imap_out *w);

#endif /* MM_IMAP_WRITE_H */
