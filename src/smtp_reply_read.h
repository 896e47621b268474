/**
 * @file smtp_reply_read.h
 * @brief Reading SMTP replies on the client side: one line, or a whole
 *        multi-line reply, with its enhanced status code.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §4.2 (reply format), §4.2.1 (multi-line replies, reply
 *      classes), §4.5.3.1.5 (512-octet reply lines), §4.5.3.2 (client
 *      timeouts); RFC 2034 and RFC 3463 (enhanced status codes)
 *
 * Chapter 2's reply writer puts replies on the wire; this module is its
 * mirror image.  A client sends a command and then reads lines until one
 * of them says the reply is complete.  RFC 5321 §4.2 gives the grammar:
 *
 *     Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *                  Reply-code [ SP textstring ] CRLF
 *     Reply-code = %x32-35 %x30-35 %x30-39
 *
 * Every line starts with the same three digits; a hyphen after them means
 * "more lines follow", a space (or nothing at all) means "this is the
 * last one".  The first digit is all a program needs to decide what to do
 * (smtp_reply_class()): 2 done, 3 go on, 4 try again later, 5 give up.
 *
 * A server is a program written by someone else, so every rule above can
 * be broken: a line that starts with letters, a continuation line with a
 * different code, a reply that never ends, a server that says nothing at
 * all.  smtp_reply_read() turns each of these into an error value -- never
 * a crash, never a wait without end (the line reader's timeout bounds
 * every wait) -- and the client gives up on the connection.
 */
#ifndef MM_SMTP_REPLY_READ_H
#define MM_SMTP_REPLY_READ_H

#include <stddef.h>

#include "linereader.h"

/** Longest reply line the RFC allows, CRLF included (RFC 5321 §4.5.3.1.5).
 *  Longer lines are accepted but cut to this length (see
 *  smtp_client_reply.truncated). */
#define SMTP_REPLY_LINE_MAX 512

/** Room for the text of a whole reply (all lines, joined by LF). */
#define SMTP_CLIENT_TEXT_MAX 2048

/** Most lines one reply may have; a server that sends more is broken
 *  (or hostile: it could keep a client reading for ever). */
#define SMTP_REPLY_LINES_MAX 100

/** Room for an enhanced status code "c.sss.ddd" with its NUL (RFC 3463 §2). */
#define SMTP_ENH_MAX 12

/** The class of a reply: its first digit (RFC 5321 §4.2.1). */
enum smtp_class {
    SMTP_CLASS_NONE = 0,          /**< no reply at all (code 0): the
                                       connection failed; a caller treats
                                       it like a temporary failure */
    SMTP_CLASS_POSITIVE = 2,      /**< 2yz: the command was done */
    SMTP_CLASS_INTERMEDIATE = 3,  /**< 3yz: go on (354 after DATA, 334 in AUTH) */
    SMTP_CLASS_TRANSIENT = 4,     /**< 4yz: not now; the same command may
                                       work later */
    SMTP_CLASS_PERMANENT = 5      /**< 5yz: no, and it will not work later */
};

/** One reply as the client read it. */
struct smtp_client_reply {
    /** The reply code, 200..599; 0 when no reply was read. */
    int code;
    /** The enhanced status code of the first line ("2.1.0"), or "" when
     *  the reply has none (RFC 2034: only servers announcing
     *  ENHANCEDSTATUSCODES send one). */
    char enh[SMTP_ENH_MAX];
    /** The text of every line, without the code and without the enhanced
     *  code, lines joined by one LF: for an EHLO reply the first line is
     *  the greeting and each further line an extension keyword. */
    char text[SMTP_CLIENT_TEXT_MAX];
    /** How many lines the reply had. */
    size_t nlines;
    /** 1 when a line was longer than #SMTP_REPLY_LINE_MAX or the text did
     *  not fit in smtp_client_reply::text: what is kept is a prefix. */
    int truncated;
};

/** Why smtp_reply_read() found no reply. */
enum smtp_reply_error {
    SMTP_RE_NONE = 0,     /**< a whole, well-formed reply was read */
    SMTP_RE_EOF,          /**< the server closed the connection */
    SMTP_RE_TIMEOUT,      /**< nothing (or not enough) arrived in time */
    SMTP_RE_SYNTAX,       /**< a line that is not "NNN", "NNN text" or "NNN-text" */
    SMTP_RE_MIXED,        /**< the lines of one reply carry different codes */
    SMTP_RE_TOO_MANY,     /**< more than #SMTP_REPLY_LINES_MAX lines */
    SMTP_RE_INTERRUPTED,  /**< the reader's interrupt flag was set */
    SMTP_RE_IO            /**< read(2) or poll(2) failed (errno set) */
};

/**
 * @brief Take one reply line apart.
 *
 * Accepts exactly what §4.2 allows: three digits (first 2-5, second 0-5,
 * third 0-9), then end of line, a space or a hyphen.  No trimming: a line
 * with a leading space, a letter in the code, or a fourth digit is
 * rejected.
 *
 * @param line  the line, without its line end (need not be NUL-terminated)
 * @param len   its length
 * @param code  receives the code
 * @param last  receives 1 for the last line of a reply (space or nothing
 *              after the code), 0 for a continuation line (hyphen)
 * @param text  receives a pointer to the text after the separator (inside
 *              @p line; may be empty)
 * @return 0 on success, -1 if the line is not a reply line
 */
int smtp_reply_parse_line(const char *line, size_t len, int *code, int *last,
                          const char **text);

/**
 * @brief Find an enhanced status code at the start of a reply text.
 *
 * RFC 3463 §2: `class "." subject "." detail`, class 2, 4 or 5, subject
 * 1-3 digits, detail 1-3 digits, followed by a space or the end of the
 * text.  The class must equal the first digit of the reply code (RFC 2034
 * §4), or the text is not taken for an enhanced code.
 *
 * @param text  the reply text (after "NNN ")
 * @param len   its length
 * @param code  the reply code the text belongs to
 * @param enh   receives the enhanced code, NUL-terminated (#SMTP_ENH_MAX bytes)
 * @return the length of the code and the space after it (what to skip),
 *         or 0 when the text does not start with one
 */
size_t smtp_reply_parse_enh(const char *text, size_t len, int code, char *enh);

/**
 * @brief Read one whole reply (one or more lines) from the server.
 *
 * Reads lines until the last line of the reply, checking each one; lines
 * are read in #LR_LF_ENDS mode (a bare LF is accepted as a line end, as
 * RFC 5321 §4.5.5's "be liberal" suggests for a client) and traced by the
 * reader (give it TRACE_SERVER when you lr_init() it).  The reader's
 * timeout bounds each wait (RFC 5321 §4.5.3.2 says how long).
 *
 * On any error @p r->code is 0 and the connection should be given up:
 * after a broken reply nobody knows where the next one starts.
 *
 * @param lr  the reader on the connection
 * @param r   receives the reply
 * @return #SMTP_RE_NONE on success, else the reason
 */
enum smtp_reply_error smtp_reply_read(struct linereader *lr, struct smtp_client_reply *r);

/**
 * @brief A short English description of an error, for messages.
 * @param err  the error
 * @return a static string, e.g. "the server closed the connection"
 */
const char *smtp_reply_error_str(enum smtp_reply_error err);

/**
 * @brief The class of a reply code: its first digit.
 * @param code  the code (0 for "no reply")
 * @return #SMTP_CLASS_NONE for 0 or a code out of range, else the class
 */
enum smtp_class smtp_reply_class(int code);

/**
 * @brief One line that sums a reply up: "550 5.1.1 No such user".
 *
 * Code, enhanced code (if any) and the first line of the text, as a log
 * line, an error message or a bounce's Diagnostic-Code would show it.
 * Control characters in the text are written as '?'.
 *
 * @param r      the reply
 * @param buf    receives the line, NUL-terminated (cut if too small)
 * @param bufsz  size of @p buf
 * @return @p buf
 */
char *smtp_reply_summary(const struct smtp_client_reply *r, char *buf, size_t bufsz);

#endif /* MM_SMTP_REPLY_READ_H */
