/*
 * solution.c -- exercise "store-item": the reference ex_store().
 */
#include "exercise.h"

#include <strings.h>

int ex_store(const char *item, unsigned old, unsigned flags, unsigned *out, int *silent)
{
    char sign = 0;

    if (item[0] == '+' || item[0] == '-')
        sign = *item++;
    if (strcasecmp(item, "FLAGS.SILENT") == 0)
        *silent = 1;
    else if (strcasecmp(item, "FLAGS") == 0)
        *silent = 0;
    else
        return -1;
    *out = sign == '+' ? (old | flags) : sign == '-' ? (old & ~flags) : flags;
    return 0;
}
