/**
 * @file exercise.h
 * @brief Exercise "line-split" (chapter 2, lines): find CRLF lines in a
 *        stream that arrives in arbitrary pieces.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8 (CRLF), §4.5.3.1.6 (text lines of 1000 octets)
 */
#ifndef MM_EX_LINE_SPLIT_H
#define MM_EX_LINE_SPLIT_H

#include <stddef.h>

/** The largest line limit a splitter accepts (RFC 5321's text-line limit). */
#define EX_SPLIT_MAX 1000

/** How a line handed to the callback ended. */
enum ex_line_status {
    EX_LINE_OK = 0,     /**< a complete line of at most max octets with its CRLF */
    EX_LINE_TOO_LONG    /**< longer than max: the first max-2 octets are given,
                             the rest up to its CRLF was thrown away */
};

/**
 * @brief Called once for every complete line.
 * @param arg     the @p arg given to ex_split_feed()
 * @param line    the line without its CRLF (not NUL-terminated)
 * @param len     its length
 * @param status  EX_LINE_OK or EX_LINE_TOO_LONG
 */
typedef void ex_line_fn(void *arg, const char *line, size_t len,
                        enum ex_line_status status);

/** A splitter: what it has seen of the current line.  Use these members
 *  as you like; ex_split_init() sets them up. */
struct ex_splitter {
    size_t max;                 /**< longest line, CRLF included (2..EX_SPLIT_MAX) */
    char line[EX_SPLIT_MAX];    /**< the current line so far */
    size_t len;                 /**< octets in line */
    int cr;                     /**< the last octet seen was a CR */
    int too_long;               /**< the current line is over max */
};

/**
 * @brief Start a splitter.
 * @param s    the splitter
 * @param max  the longest line accepted, CRLF included (2..EX_SPLIT_MAX)
 */
void ex_split_init(struct ex_splitter *s, size_t max);

/**
 * @brief Feed the next piece of the stream; report every line it completes.
 *
 * Only CR LF ends a line.  A CR or an LF on its own is an ordinary octet
 * of the line (so "a\nb\r\n" is one line of three octets); in particular
 * a piece may end between the CR and the LF of a line end.  A line whose
 * octets plus CRLF exceed max is reported once, as EX_LINE_TOO_LONG, when
 * its CRLF arrives.  Octets after the last CRLF are kept for the next call.
 *
 * @param s     the splitter
 * @param data  the piece (may be empty)
 * @param n     its length
 * @param fn    called for each complete line, in order
 * @param arg   passed to @p fn
 * @return how many lines this call completed (>= 0)
 */
int ex_split_feed(struct ex_splitter *s, const char *data, size_t n,
                  ex_line_fn *fn, void *arg);

#endif /* MM_EX_LINE_SPLIT_H */
