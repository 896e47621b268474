/**
 * @file smtp_ext.h
 * @brief The ESMTP extensions of a receiving server: SIZE, 8BITMIME,
 *        PIPELINING, ENHANCEDSTATUSCODES.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §2.2 (the extension model), RFC 1870 (SIZE), RFC 6152
 *      (8BITMIME), RFC 2920 (PIPELINING), RFC 2034 and RFC 3463
 *      (ENHANCEDSTATUSCODES)
 *
 * An ESMTP extension is announced by a keyword line in the reply to EHLO,
 * and may add parameters to MAIL and RCPT.  Chapter 4's session already
 * does the mechanics (it lists smtp_config.ehlo_keywords, splits
 * parameters and hands each to the mail_param hook, shows enhanced codes
 * when smtp_config.enhanced is set, and answers pipelined commands in
 * order without losing buffered input); this module adds the meaning:
 *
 * | keyword               | MAIL parameter            | what the server promises |
 * |-----------------------|---------------------------|--------------------------|
 * | `SIZE 10485760`       | `SIZE=<octets>`           | a message over the limit is refused: at MAIL when declared (552 5.3.4), after "." otherwise (552 5.3.4) |
 * | `8BITMIME`            | `BODY=7BIT` / `BODY=8BITMIME` | octets over 127 in the body are stored unchanged |
 * | `PIPELINING`          | (none)                    | commands may be sent in batches; replies come back in order |
 * | `ENHANCEDSTATUSCODES` | (none)                    | every reply carries a `class.subject.detail` code |
 *
 * Other chapters' servers (the relay of chapter 7) use the same functions
 * with their own hooks.
 */
#ifndef MM_SMTP_EXT_H
#define MM_SMTP_EXT_H

#include <stddef.h>

#include "smtp_session.h"

/** How many EHLO keyword lines smtp_ext_keywords() may produce, with the NULL. */
#define SMTP_EXT_MAX_KEYWORDS 8

/** The extensions' settings and the EHLO lines built from them. */
struct smtp_ext {
    /** Largest message in octets (0: no limit announced). */
    size_t max_size;
    /** Storage for the "SIZE n" keyword line. */
    char size_line[40];
    /** The EHLO keyword lines, NULL-terminated (for smtp_config.ehlo_keywords). */
    const char *keywords[SMTP_EXT_MAX_KEYWORDS];
};

/**
 * @brief Announce SIZE, 8BITMIME, PIPELINING and ENHANCEDSTATUSCODES.
 *
 * Fills @p ext->keywords and sets in @p cfg: ehlo_keywords, enhanced = 1,
 * and max_message_size = @p max_size (when non-zero; else the session's
 * default is kept and announced).
 *
 * @param ext       receives the settings (must live as long as @p cfg)
 * @param cfg       the session configuration to extend
 * @param max_size  the message size limit in octets (0: keep cfg's)
 */
void smtp_ext_setup(struct smtp_ext *ext, struct smtp_config *cfg, size_t max_size);

/**
 * @brief Parse the value of SIZE=: 1 to 20 digits (RFC 1870 §3).
 *
 * @param value  the text after '=' (NULL is an error)
 * @param size   receives the number (values beyond the range saturate)
 * @return 0 if the value is valid, -1 if not
 */
int smtp_ext_parse_size(const char *value, unsigned long long *size);

/**
 * @brief Judge one MAIL FROM parameter of these extensions.
 *
 * - `SIZE=n`: over @p max_size -> 552 5.3.4 (RFC 1870 §6.1); a bad
 *   number -> 501 5.5.4; n = 0 means "unknown" and is fine.
 * - `BODY=7BIT` or `BODY=8BITMIME` (any case): accepted; any other value
 *   -> 501 5.5.4 (RFC 6152 §2).
 * - anything else: SMTP_UNKNOWN (the session says 555 5.5.4).
 *
 * @param max_size  the limit (0: none)
 * @param key       the keyword, upper case
 * @param value     its value, or NULL for a bare keyword
 * @param r         receives the refusal
 * @return SMTP_ACCEPT, SMTP_REJECT or SMTP_UNKNOWN
 */
enum smtp_verdict smtp_ext_mail_param(size_t max_size, const char *key,
                                      const char *value, struct smtp_reply *r);

#endif /* MM_SMTP_EXT_H */
