/*
 * solution.c -- exercise "append-date": the reference ex_date_time().
 *
 * A fixed layout, so the fields are read by position: "DD-Mon-YYYY
 * hh:mm:ss +zzzz" is 26 characters, the day's tens digit may be a space.
 */
#include "exercise.h"

#include <string.h>
#include <strings.h>

/* Two or four digits at @p s as a number, or -1. */
static long digits(const char *s, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ex_date_time(const char *text, time_t *out)
{
    static const char *const names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    static const int length[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    char day[3];
    long d, y, h, mi, s, z;
    int m;

    if (strlen(text) != 26 || text[2] != '-' || text[6] != '-' || text[11] != ' ' ||
        text[14] != ':' || text[17] != ':' || text[20] != ' ' ||
        (text[21] != '+' && text[21] != '-'))
        return -1;
    /* " 7" or "07" */
    day[0] = text[0] == ' ' ? '0' : text[0];
    day[1] = text[1];
    day[2] = '\0';
    for (m = 0; m < 12 && strncasecmp(text + 3, names[m], 3) != 0; m++)
        ;
    if (m == 12 || (d = digits(day, 2)) < 1 || (y = digits(text + 7, 4)) < 1970 ||
        (h = digits(text + 12, 2)) < 0 || h > 23 || (mi = digits(text + 15, 2)) < 0 || mi > 59 ||
        (s = digits(text + 18, 2)) < 0 || s > 60 || (z = digits(text + 22, 4)) < 0 ||
        z % 100 > 59 || d > length[m] + (m == 1 && is_leap(y)))
        return -1;
    /* Whole years, then whole months of this year, then days. */
    long long days = 0;
    for (long yy = 1970; yy < y; yy++)
        days += 365 + is_leap(yy);
    for (int mm = 0; mm < m; mm++)
        days += length[mm] + (mm == 1 && is_leap(y));
    days += d - 1;
    long long offset = (z / 100) * 3600 + (z % 100) * 60;
    *out = (time_t)(days * 86400 + h * 3600 + mi * 60 + s - (text[21] == '-' ? -offset : offset));
    return 0;
}
