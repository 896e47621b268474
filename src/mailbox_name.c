/**
 * @file mailbox_name.c
 * @brief IMAP mailbox names and Maildir++ folders: the checks, the mapping
 *        to directories, modified UTF-7, and LIST's wildcard matcher.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §5.1, §5.1.1, §5.1.3 (modified UTF-7), §6.3.8 (wildcards);
 *      RFC 2152 (UTF-7, whose BASE64 modified UTF-7 adapts); Courier
 *      Maildir++ ("Folders")
 *
 * Every function here is pure string work: nothing touches the disk.
 * That keeps the security argument short.  A mailbox name becomes the
 * path `MAILDIR/.NAME`; for that to stay inside MAILDIR, NAME must not
 * contain `/` (which would start another path component) -- and that is
 * all, since `.NAME` can never be `.` or `..` when NAME is not empty and
 * has no empty components.  The other refusals (control octets, 8-bit,
 * `~`, wildcards, bad modified UTF-7) keep names that are legal on disk
 * but would confuse a client, a shell or LIST.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailbox_name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Length of the INBOX component at the start of @p name (5), or 0 when
 * the first component is not INBOX in some case.  Works on canonical and
 * raw names alike. */
static size_t inbox_prefix(const char *name, size_t len)
{
    if (len >= 5 && strncasecmp(name, "INBOX", 5) == 0 &&
        (len == 5 || name[5] == MBNAME_DELIM))
        return 5;
    return 0;
}

int mbname_is_inbox(const char *name)
{
    return strcasecmp(name, "INBOX") == 0;
}

/* The value of a modified BASE64 digit (RFC 3501 §5.1.3: like RFC 2045's
 * BASE64, but ',' instead of '/', so no name ever contains a '/'), or -1. */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == ',')
        return 63;
    return -1;
}

/* [mbname-mutf7] */
int mbname_valid_mutf7(const char *s, size_t len)
{
    size_t i = 0;
    size_t shift_end = (size_t)-1;   /* index just after the last shift's '-' */

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e)
            return 0;                /* only printable US-ASCII on the wire */
        if (c != '&') {
            i++;
            continue;
        }
        if (i + 1 < len && s[i + 1] == '-') {
            i += 2;                  /* "&-" is a plain '&' */
            continue;
        }
        /* A shift: "&" BASE64 "-".  Two shifts in a row should have been
         * one ("&AOk-&AOk-" is "&AOkA6Q-"), so RFC 3501 forbids it. */
        if (i == shift_end)
            return 0;
        unsigned long bits = 0;      /* bits not yet used, at the bottom */
        int nbits = 0;
        unsigned high = 0;           /* a high surrogate waiting for its low half */
        size_t digits = 0;
        for (i++; i < len && s[i] != '-'; i++, digits++) {
            int v = b64_value((unsigned char)s[i]);
            if (v < 0)
                return 0;
            bits = (bits << 6) | (unsigned long)v;
            nbits += 6;
            if (nbits < 16)
                continue;
            nbits -= 16;
            unsigned u = (unsigned)(bits >> nbits) & 0xffffu;
            bits &= (1ul << nbits) - 1;
            if (high != 0) {         /* the second half of a pair */
                if (u < 0xdc00 || u > 0xdfff)
                    return 0;
                high = 0;
            } else if (u >= 0xd800 && u <= 0xdbff) {
                high = u;
            } else if (u >= 0xdc00 && u <= 0xdfff) {
                return 0;            /* a low half without its high half */
            } else if (u < 0x80) {
                return 0;            /* US-ASCII must be written as itself */
            }
        }
        if (i == len || digits == 0)
            return 0;                /* no closing '-', or "&" + "-" handled above */
        if (high != 0 || nbits >= 6 || bits != 0)
            return 0;                /* half a pair, a stray digit, padding not zero */
        i++;                         /* the '-' */
        shift_end = i;
    }
    return 1;
}
/* [mbname-mutf7] */

/* [mbname-check] */
enum mbname_error mbname_check(const char *name, size_t len, char *canon, size_t canonsz)
{
    if (len == 0)
        return MBNAME_EMPTY;
    if (len > MBNAME_MAX)
        return MBNAME_TOO_LONG;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f)
            return MBNAME_CONTROL;   /* NUL (from a literal), CR, LF, TAB, ESC ... */
        if (c > 0x7f)
            return MBNAME_8BIT;
        if (c == '/')
            return MBNAME_SLASH;     /* MAILDIR/.a/../../etc: the one real escape */
        if (c == '*' || c == '%')
            return MBNAME_WILDCARD;
        if (c == MBNAME_DELIM && (i == 0 || i == len - 1 || name[i - 1] == MBNAME_DELIM))
            return MBNAME_EMPTY_COMPONENT;
    }
    if (name[0] == '~')
        return MBNAME_TILDE;
    if (!mbname_valid_mutf7(name, len))
        return MBNAME_BAD_MUTF7;
    if (canon != NULL) {
        if (len + 1 > canonsz)
            return MBNAME_TOO_LONG;
        memcpy(canon, name, len);
        canon[len] = '\0';
        if (inbox_prefix(name, len))
            memcpy(canon, "INBOX", 5);
    }
    return MBNAME_OK;
}
/* [mbname-check] */

const char *mbname_strerror(enum mbname_error err)
{
    switch (err) {
    case MBNAME_OK:              return "Valid name";
    case MBNAME_EMPTY:           return "Empty mailbox name";
    case MBNAME_TOO_LONG:        return "Mailbox name too long";
    case MBNAME_CONTROL:         return "Mailbox name contains a control character";
    case MBNAME_8BIT:            return "Mailbox name contains 8-bit octets (use modified UTF-7)";
    case MBNAME_SLASH:           return "Mailbox name must not contain '/'";
    case MBNAME_EMPTY_COMPONENT: return "Mailbox name has an empty component "
                                        "(leading, trailing or doubled '.')";
    case MBNAME_TILDE:           return "Mailbox name must not begin with '~'";
    case MBNAME_WILDCARD:        return "Mailbox name must not contain '*' or '%'";
    case MBNAME_BAD_MUTF7:       return "Mailbox name is not valid modified UTF-7";
    }
    return "Invalid mailbox name";
}

/* [mbname-to-dir] */
int mbname_to_dir(const char *maildir, const char *canon, char *out, size_t outsz)
{
    int n;
    if (strcmp(canon, "INBOX") == 0)
        n = snprintf(out, outsz, "%s", maildir);        /* INBOX is the Maildir */
    else
        n = snprintf(out, outsz, "%s/.%s", maildir, canon);
    return (n < 0 || (size_t)n >= outsz) ? -1 : 0;
}
/* [mbname-to-dir] */

int mbname_from_dirent(const char *entry, char *out, size_t outsz)
{
    char canon[MBNAME_BUFSZ];
    size_t len;

    if (entry[0] != MBNAME_DELIM)
        return -1;                   /* cur, new, tmp, dovecot-uidlist, ... */
    entry++;
    len = strlen(entry);
    if (mbname_check(entry, len, canon, sizeof canon) != MBNAME_OK)
        return -1;                   /* ".", "..", ".a..b", ".x~" ... */
    if (strcmp(canon, entry) != 0 || strcmp(canon, "INBOX") == 0)
        return -1;                   /* ".inbox.x", ".INBOX": unreachable names */
    if (len + 1 > outsz)
        return -1;
    memcpy(out, canon, len + 1);
    return 0;
}

/* [mbname-match] */
int mbname_match(const char *pattern, const char *name, char delim)
{
    size_t n = strlen(name);
    size_t inbox = inbox_prefix(name, n);
    unsigned char small[MBNAME_BUFSZ + 1];
    unsigned char *dp = n < sizeof small ? small : malloc(n + 1);
    int result;

    if (dp == NULL)
        return 0;
    /* dp[j] == 1: the pattern read so far matches the first j octets of
     * the name.  Before any pattern octet, only the empty prefix does. */
    memset(dp, 0, n + 1);
    dp[0] = 1;
    for (const char *p = pattern; *p != '\0'; p++) {
        int any = 0;
        if (*p == '*') {
            /* '*' eats any run: j matches if some k <= j did. */
            for (size_t j = 1; j <= n; j++)
                dp[j] = dp[j] || dp[j - 1];
        } else if (*p == '%') {
            /* '%' eats any run without the delimiter. */
            for (size_t j = 1; j <= n; j++)
                dp[j] = dp[j] || (dp[j - 1] && name[j - 1] != delim);
        } else {
            /* An ordinary octet matches one octet of the name: shift
             * right by one, keeping the matches where it is equal.
             * Right to left, so dp[j - 1] is still the old value. */
            for (size_t j = n; j >= 1; j--) {
                char a = *p, b = name[j - 1];
                int eq = (j - 1 < inbox)
                    ? (a >= 'a' && a <= 'z' ? a - 'a' + 'A' : a) == b
                    : a == b;
                dp[j] = dp[j - 1] && eq;
            }
            dp[0] = 0;
        }
        for (size_t j = 0; j <= n && !any; j++)
            any = dp[j];
        if (!any)
            break;                   /* nothing can match any more */
    }
    result = dp[n];
    if (dp != small)
        free(dp);
    return result;
}
/* [mbname-match] */
