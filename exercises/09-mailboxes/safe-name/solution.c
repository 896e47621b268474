/*
 * solution.c -- a reference solution of exercise "safe-name".
 *
 * One pass over the octets; a '.' is checked against its neighbours, so
 * leading, trailing and doubled delimiters fall out of the same test.
 */
#include "exercise.h"

int ex_safe_name(const char *name, size_t len)
{
    if (len == 0 || len > EX_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c >= 0x7f || c == '/')
            return 0;
        if (c == '.' && (i == 0 || i == len - 1 || name[i - 1] == '.'))
            return 0;
    }
    return name[0] != '~';
}
