/*
 * solution.c -- exercise "received-header": a reference ex_received().
 * (src/received.c does the same in received_format() and received_date().)
 */
#include "exercise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ex_received(char *buf, size_t bufsz, const struct ex_trace *t)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char helo[256], tcpinfo[96] = "", date[48];
    size_t o = 0;

    for (const char *p = t->helo; *p != '\0' && o + 1 < sizeof helo; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || strchr("-._[]:", c) != NULL;
        helo[o++] = ok ? c : '?';
    }
    helo[o] = '\0';
    if (t->ip != NULL)
        snprintf(tcpinfo, sizeof tcpinfo, " ([%s%s])",
                 strchr(t->ip, ':') != NULL ? "IPv6:" : "", t->ip);
    int off = abs(t->utc_offset_min);
    snprintf(date, sizeof date, "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
             days[t->tm.tm_wday % 7], t->tm.tm_mday, months[t->tm.tm_mon % 12],
             t->tm.tm_year + 1900, t->tm.tm_hour, t->tm.tm_min, t->tm.tm_sec,
             t->utc_offset_min < 0 ? '-' : '+', off / 60, off % 60);
    int n;
    if (t->rcpt != NULL)
        n = snprintf(buf, bufsz, "Received: from %s%s\n\tby %s (minimail) with %s id %s\n"
                                 "\tfor <%s>; %s\n",
                     helo, tcpinfo, t->by, t->protocol, t->id, t->rcpt, date);
    else
        n = snprintf(buf, bufsz, "Received: from %s%s\n\tby %s (minimail) with %s id %s;\n"
                                 "\t%s\n",
                     helo, tcpinfo, t->by, t->protocol, t->id, date);
    return (n < 0 || (size_t)n >= bufsz) ? -1 : n;
}
