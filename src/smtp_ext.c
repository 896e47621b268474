/**
 * @file smtp_ext.c
 * @brief The ESMTP extensions of a receiving server: SIZE, 8BITMIME,
 *        PIPELINING, ENHANCEDSTATUSCODES.
 *
 * @chapter{storing-mail}
 * @rfc RFC 1870 §3-§6, RFC 6152 §2-§3, RFC 2920 §3, RFC 2034 §3-§5, RFC 3463
 *
 * Little code, because chapter 4 built the seams for it: the keywords are
 * data, the parameters arrive one by one through a hook, and PIPELINING
 * needs nothing here at all -- the reader of chapter 2 keeps unread input
 * in its buffer, and the writer flushes replies only when the session is
 * about to wait for more input (RFC 2920 §3.2), so a batch of commands
 * gets a batch of replies, in order.
 */
#include "smtp_ext.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* [ext-setup] */
void smtp_ext_setup(struct smtp_ext *ext, struct smtp_config *cfg, size_t max_size)
{
    size_t k = 0;

    if (max_size > 0)
        cfg->max_message_size = max_size;
    ext->max_size = cfg->max_message_size;
    /* RFC 1870 §4: "SIZE" followed by the fixed limit in octets. */
    snprintf(ext->size_line, sizeof ext->size_line, "SIZE %zu", ext->max_size);
    ext->keywords[k++] = ext->size_line;
    ext->keywords[k++] = "8BITMIME";             /* RFC 6152 */
    ext->keywords[k++] = "PIPELINING";           /* RFC 2920 */
    ext->keywords[k++] = "ENHANCEDSTATUSCODES";  /* RFC 2034 */
    ext->keywords[k] = NULL;
    cfg->ehlo_keywords = ext->keywords;
    /* RFC 2034 §3: once the keyword is announced, every reply (after the
     * greeting) carries an enhanced status code. */
    cfg->enhanced = 1;
}
/* [ext-setup] */

int smtp_ext_parse_size(const char *value, unsigned long long *size)
{
    unsigned long long n = 0;
    size_t len;

    if (value == NULL)
        return -1;
    len = strlen(value);
    if (len == 0 || len > 20)               /* size-value ::= 1*20DIGIT */
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)value[i]))
            return -1;
        unsigned d = (unsigned)(value[i] - '0');
        n = n > (~0ULL - d) / 10 ? ~0ULL : n * 10 + d;   /* saturate */
    }
    *size = n;
    return 0;
}

/* [ext-mail-param] */
enum smtp_verdict smtp_ext_mail_param(size_t max_size, const char *key,
                                      const char *value, struct smtp_reply *r)
{
    if (strcmp(key, "SIZE") == 0) {
        unsigned long long size;
        if (smtp_ext_parse_size(value, &size) < 0) {
            smtp_reply_set(r, 501, "5.5.4", "Syntax: SIZE=<octets>");
            return SMTP_REJECT;
        }
        /* RFC 1870 §6.1: a declared size over the fixed limit is refused
         * at once, before the client sends a single octet of the message.
         * (SIZE=0 means the client does not know; §6.2.) */
        if (max_size > 0 && size > max_size) {
            smtp_reply_set(r, 552, "5.3.4",
                           "Message size exceeds fixed maximum message size (%zu)",
                           max_size);
            return SMTP_REJECT;
        }
        return SMTP_ACCEPT;
    }
    if (strcmp(key, "BODY") == 0) {
        /* RFC 6152 §2: BODY=7BIT or BODY=8BITMIME.  We store octets as they
         * come either way, so the value needs no further action; a client
         * that sends 8-bit text after BODY=7BIT (or without BODY=) is not
         * punished for it: we keep the octets as they are. */
        if (value != NULL && (strcasecmp(value, "7BIT") == 0 ||
                              strcasecmp(value, "8BITMIME") == 0))
            return SMTP_ACCEPT;
        smtp_reply_set(r, 501, "5.5.4", "Syntax: BODY=7BIT or BODY=8BITMIME");
        return SMTP_REJECT;
    }
    return SMTP_UNKNOWN;
}
/* [ext-mail-param] */
