/**
 * @file smtp_compose.h
 * @brief Composing a small message: From, To, Subject, Date, Message-ID,
 *        MIME header fields, a text body.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5322 §3.3 (Date), §3.6 (the header fields a message needs),
 *      §3.6.4 (Message-ID), §2.1.1 (line lengths), §2.2.3 (folding);
 *      RFC 2045 (MIME-Version, Content-Type, Content-Transfer-Encoding);
 *      RFC 2047 (non-ASCII text in a Subject)
 *
 * SMTP moves a message without looking inside it, but the message has a
 * format of its own, RFC 5322: header fields, an empty line, the body.
 * Two fields are required (§3.6): `Date:` and `From:`; `Message-ID:`
 * SHOULD be there (§3.6.4) -- it is what threads replies and what
 * duplicate detectors compare.  The *envelope* (MAIL FROM, RCPT TO) and
 * the *header* (From:, To:) are different things: the envelope says where
 * the message goes, the header what the reader sees.  minimail-smtp fills
 * both from the same options when it composes a message.
 */
#ifndef MM_SMTP_COMPOSE_H
#define MM_SMTP_COMPOSE_H

#include <stddef.h>
#include <time.h>

/** Room for a Message-ID with its angle brackets and NUL. */
#define SMTP_MSGID_MAX 320

/** What to put into a composed message. */
struct smtp_compose {
    const char *from;          /**< From: mailbox ("alice@example.org"); required */
    const char *const *to;     /**< To: mailboxes */
    size_t nto;                /**< how many (at least 1) */
    const char *subject;       /**< Subject: text (NULL: no Subject field);
                                    non-ASCII text is RFC 2047-encoded */
    const char *body;          /**< the body text (NULL: empty); LF line ends
                                    are fine, they become CRLF */
    const char *msgid_domain;  /**< right-hand side of the Message-ID (NULL:
                                    the domain of from, else "localhost") */
    time_t date;               /**< the Date: (0: now) */
};

/**
 * @brief Make a Message-ID: `<YYYYMMDDhhmmss.PID.RANDOM@domain>`.
 *
 * RFC 5322 §3.6.4 asks for a world-unique identifier; a time stamp, the
 * process id and 64 random bits (from /dev/urandom) make one, and the
 * domain says whose it is.
 *
 * @param buf     receives the id, angle brackets included
 * @param bufsz   size of @p buf (#SMTP_MSGID_MAX is enough for a domain
 *                of up to 255 octets)
 * @param domain  the right-hand side (NULL or "": "localhost")
 * @param t       the time stamp
 * @return 0 on success, -1 if it does not fit
 */
int smtp_compose_message_id(char *buf, size_t bufsz, const char *domain, time_t t);

/**
 * @brief Write an unstructured header field, folded, with RFC 2047
 *        encoding when the text is not plain ASCII.
 *
 * ASCII text is folded at spaces so that no line is longer than 78
 * characters (RFC 5322 §2.1.1, §2.2.3); other text is written as
 * `=?UTF-8?B?...?=` encoded words (RFC 2047 §4.1), each line of at most
 * 76 characters.  Control characters are replaced by spaces, so the text
 * can never add a header field of its own.
 *
 * @param name   the field name, e.g. "Subject"
 * @param text   the field's text
 * @param len    receives the length of the result (may be NULL)
 * @return a malloc'ed field ending in CRLF (caller frees), or NULL when
 *         out of memory
 */
char *smtp_compose_field(const char *name, const char *text, size_t *len);

/**
 * @brief Compose a whole message, CRLF line ends.
 *
 * Header fields, in this order: Date, From, To (folded after each
 * address), Subject, Message-ID, MIME-Version, Content-Type (text/plain,
 * UTF-8) and Content-Transfer-Encoding (7bit, or 8bit when the body has
 * octets over 127); an empty line; the body with its line ends made CRLF
 * and a final CRLF added if it had none.
 *
 * @param m    what to put in
 * @param len  receives the message's length
 * @return a malloc'ed message (caller frees), or NULL when out of memory
 *         or a required part is missing (errno EINVAL)
 */
char *smtp_compose(const struct smtp_compose *m, size_t *len);

#endif /* MM_SMTP_COMPOSE_H */
