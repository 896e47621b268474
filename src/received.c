/**
 * @file received.c
 * @brief Trace header fields: `Return-Path:` and `Received:`.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.4, RFC 5322 §3.3 and §3.6.7, RFC 3848
 *
 * RFC 5321 §4.4 gives the grammar of a Received: field:
 *
 * ```
 * Time-stamp-line = "Received:" FWS Stamp <CRLF>
 * Stamp = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
 * From-domain = "FROM" FWS Extended-Domain
 * By-domain   = CFWS "BY" FWS Extended-Domain
 * Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" )
 *                   / ( address-literal FWS "(" TCP-info ")" )
 * Opt-info = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
 * ```
 *
 * We write `from HELO-NAME ([IP])`: the name the client claimed, and in
 * parentheses the address the connection really came from (as an address
 * literal; a server that looks up reverse DNS writes the found name before
 * it -- we do not, because a DNS lookup per message can stall for seconds).
 * The `for` clause names the recipient; we write it only when this copy is
 * for exactly one recipient, which is always the case here (one copy per
 * recipient), so no copy reveals the other recipients of the message.
 */
#include "received.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* [received-date] */
int received_date(char *buf, size_t bufsz, time_t t)
{
    /* RFC 5322 §3.3: day-name and month-name are these exact English
     * abbreviations, whatever language the machine speaks. */
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
                                          "May", "Jun", "Jul", "Aug",
                                          "Sep", "Oct", "Nov", "Dec" };
    struct tm tm;
    char zone[8];

    if (localtime_r(&t, &tm) == NULL || tm.tm_wday < 0 || tm.tm_wday > 6 ||
        tm.tm_mon < 0 || tm.tm_mon > 11)
        return -1;
    /* %z is "+hhmm" or "-hhmm", the zone's offset from UTC (C99, POSIX). */
    if (strftime(zone, sizeof zone, "%z", &tm) == 0)
        return -1;
    int n = snprintf(buf, bufsz, "%s, %d %s %04d %02d:%02d:%02d %s",
                     days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
    return (n < 0 || (size_t)n >= bufsz) ? -1 : 0;
}
/* [received-date] */

int received_return_path(char *buf, size_t bufsz, const char *reverse_path)
{
    int n = snprintf(buf, bufsz, "Return-Path: <%s>\n", reverse_path);
    return (n < 0 || (size_t)n >= bufsz) ? -1 : n;
}

/* Copy s into out (size outsz), replacing every character that may not
 * appear in a domain, an address literal or an address by '?'. */
static void clean(char *out, size_t outsz, const char *s, const char *extra)
{
    size_t o = 0;
    for (; s != NULL && *s != '\0' && o + 1 < outsz; s++) {
        unsigned char c = (unsigned char)*s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || strchr("-._[]:", c) != NULL ||
                 (extra != NULL && strchr(extra, c) != NULL);
        out[o++] = ok ? (char)c : '?';
    }
    out[o] = '\0';
}

/* [received-format] */
int received_format(char *buf, size_t bufsz, const struct received_info *ri)
{
    char helo[256], by[256], ip[64], rcpt[300], tcpinfo[80], date[RECEIVED_DATE_MAX];

    clean(helo, sizeof helo, ri->helo, NULL);
    clean(by, sizeof by, ri->by, NULL);
    clean(ip, sizeof ip, ri->peer_ip, NULL);
    /* An address may hold more (quoted local parts), but never a line end. */
    clean(rcpt, sizeof rcpt, ri->for_rcpt, "!#$%&'*+/=?^`{|}~@\"\\ ,;()<>");
    if (received_date(date, sizeof date, ri->when) < 0)
        snprintf(date, sizeof date, "Thu, 1 Jan 1970 00:00:00 +0000");

    /* TCP-info: the connection's own address, as an address literal
     * (RFC 5321 §4.1.3: "[192.0.2.7]" or "[IPv6:2001:db8::7]"). */
    if (ip[0] == '\0')
        tcpinfo[0] = '\0';
    else
        snprintf(tcpinfo, sizeof tcpinfo, " ([%s%s])",
                 strchr(ip, ':') != NULL ? "IPv6:" : "", ip);

    int n;
    if (ri->for_rcpt != NULL && ri->for_rcpt[0] != '\0')
        n = snprintf(buf, bufsz,
                     "Received: from %s%s\n"
                     "\tby %s (minimail) with %s id %s\n"
                     "\tfor <%s>; %s\n",
                     helo[0] != '\0' ? helo : "unknown", tcpinfo, by,
                     ri->protocol, ri->id, rcpt, date);
    else
        n = snprintf(buf, bufsz,
                     "Received: from %s%s\n"
                     "\tby %s (minimail) with %s id %s;\n"
                     "\t%s\n",
                     helo[0] != '\0' ? helo : "unknown", tcpinfo, by,
                     ri->protocol, ri->id, date);
    return (n < 0 || (size_t)n >= bufsz) ? -1 : n;
}
/* [received-format] */

int received_peer_ip(const char *peer, char *buf, size_t bufsz)
{
    const char *start, *end;

    if (bufsz > 0)
        buf[0] = '\0';
    if (peer == NULL || bufsz == 0)
        return -1;
    if (peer[0] == '[') {                   /* "[v6addr]:port" */
        start = peer + 1;
        end = strchr(start, ']');
    } else {                                /* "v4addr:port" */
        start = peer;
        end = strrchr(peer, ':');
    }
    if (end == NULL || end == start || (size_t)(end - start) >= bufsz)
        return -1;
    for (const char *p = start; p < end; p++)
        if (strchr("0123456789abcdefABCDEF.:", *p) == NULL)
            return -1;                      /* not an address, e.g. "stdio" */
    memcpy(buf, start, (size_t)(end - start));
    buf[end - start] = '\0';
    return 0;
}
