/*
 * starter.c -- exercise "search-date": your version of ex_parse_date().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

int ex_parse_date(const char *text, size_t len, struct ex_date *out)
{
    (void)text;
    (void)len;
    (void)out;
    /* TODO: one or two digits, '-', three letters naming a month
     * (strncasecmp() ignores case), '-', exactly four digits, the end.
     * Then check the day against the month's length (leap years!). */
    return EX_NOT_DONE;
}
