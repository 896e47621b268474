/*
 * solution.c -- exercise "seq-contains": the reference ex_seq_contains().
 */
#include "exercise.h"

/* One seq-number at *p: digits without a leading zero, or '*'. */
static int number(const char **p, unsigned long star, unsigned long *out)
{
    if (**p == '*') {
        (*p)++;
        *out = star;
        return 0;
    }
    if (**p < '1' || **p > '9')
        return -1;
    unsigned long v = 0;
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (unsigned long)(**p - '0');
        if (v > 4294967295UL)
            return -1;
        (*p)++;
    }
    *out = v;
    return 0;
}

int ex_seq_contains(const char *set, unsigned long num, unsigned long star)
{
    const char *p = set;
    int found = 0;
    for (;;) {
        unsigned long lo, hi;
        if (number(&p, star, &lo) < 0)
            return -1;
        hi = lo;
        if (*p == ':') {
            p++;
            if (number(&p, star, &hi) < 0)
                return -1;
        }
        if (lo > hi) {
            unsigned long t = lo;
            lo = hi;
            hi = t;
        }
        if (num >= lo && num <= hi)
            found = 1;           /* keep going: the rest must be valid too */
        if (*p == '\0')
            return found;
        if (*p != ',')
            return -1;
        p++;
    }
}
