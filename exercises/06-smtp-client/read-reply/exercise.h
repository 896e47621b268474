/**
 * @file exercise.h
 * @brief Exercise "read-reply" (chapter 6, smtp-client): read one whole
 *        SMTP reply, single- or multi-line, from a line reader.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 §4.2 (reply grammar), §4.2.1 (multi-line replies),
 *      §4.5.3.1.5 (512-octet reply lines), §4.5.3.2 (timeouts)
 */
#ifndef MM_EX_READ_REPLY_H
#define MM_EX_READ_REPLY_H

#include <stddef.h>

#include "linereader.h"

/** Room for the text of a whole reply, with its NUL. */
#define EX_REPLY_TEXT_MAX 256

/** Most lines one reply may have. */
#define EX_REPLY_LINES_MAX 20

/** One whole reply. */
struct ex_reply {
    int code;                       /**< the reply code, e.g. 250 */
    char text[EX_REPLY_TEXT_MAX];   /**< the lines' texts joined by LF, cut to fit */
    size_t nlines;                  /**< how many lines the reply had */
};

/**
 * @brief Read one reply: lines until the one with a space (or nothing)
 *        after its code.
 *
 * Lines are read with lr_read_line(lr, buf, 512, LR_LF_ENDS, ...).  A
 * reply line is three digits (first 2-5, second 0-5, third 0-9) followed
 * by "-" (more lines follow), " " (last line) or the end of the line
 * (last line, no text).  The text of a line is what follows the
 * separator.
 *
 * @param lr  the line reader on the connection (its timeout bounds each wait)
 * @param r   receives the reply
 * @return 0 for a whole, valid reply; -1 when a line is not a reply line
 *         (or contains a NUL), the code changes within the reply, the
 *         connection ends or fails, the reader times out, or the reply
 *         has more than #EX_REPLY_LINES_MAX lines
 */
int ex_read_reply(struct linereader *lr, struct ex_reply *r);

#endif /* MM_EX_READ_REPLY_H */
