/*
 * solution.c -- exercise "search-date": a reference ex_parse_date().
 * The server's own version is search_parse_date() in src/search_parse.c.
 */
#include "exercise.h"

#include <strings.h>

/* 1..12 for "Jan".."Dec" in any case, else 0. */
static int month_of(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s, names + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int ex_parse_date(const char *text, size_t len, struct ex_date *out)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    size_t i = 0;
    int d = 0, m, y = 0;

    while (i < len && i < 2 && is_digit(text[i]))          /* date-day: 1*2DIGIT */
        d = d * 10 + (text[i++] - '0');
    if (i == 0 || len - i != 9 || text[i] != '-' || text[i + 4] != '-')
        return -1;                                          /* -Mon-yyyy is 9 more */
    if ((m = month_of(text + i + 1)) == 0)
        return -1;
    for (i += 5; i < len; i++) {                            /* date-year: 4DIGIT */
        if (!is_digit(text[i]))
            return -1;
        y = y * 10 + (text[i] - '0');
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int last = m == 2 && leap ? 29 : days[m - 1];
    if (d < 1 || d > last)
        return -1;
    out->year = y;
    out->month = m;
    out->day = d;
    return 0;
}
