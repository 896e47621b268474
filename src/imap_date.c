/**
 * @file imap_date.c
 * @brief Month names, month lengths and day numbers; see imap_date.h.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §9 (date-text, date-time); RFC 5322 §3.3
 */
#include "imap_date.h"

#include <strings.h>

int imap_month_number(const char *name, size_t len)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (len != 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(name, months + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

/* [imap-day-number] */
long imap_day_number(int year, int month, int day)
{
    /* Count from 1 March of year 0, so that the leap day is the last day
     * of its "year" and the month lengths repeat in a 5-month pattern
     * (31 30 31 30 31): the day of the year of the 1st of month m
     * (March = 0) is then (153 m + 2) / 5.  400 Gregorian years are
     * exactly 146097 days, so the years split into whole 400-year eras
     * and a year-of-era that is never negative. */
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                  /* 0..399 */
    long mp = (month + 9) % 12;                                /* March = 0 */
    long doy = (153 * mp + 2) / 5 + day - 1;                   /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0..146096 */
    return era * 146097 + doe - 719468;   /* 719468: 0000-03-01 to 1970-01-01 */
}
/* [imap-day-number] */

int imap_days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}
