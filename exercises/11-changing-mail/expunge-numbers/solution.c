/*
 * solution.c -- exercise "expunge-numbers": the reference
 * ex_expunge_numbers().
 */
#include "exercise.h"

size_t ex_expunge_numbers(const uint32_t *gone, size_t n, uint32_t *out)
{
    /* The i-th message reported has i messages below it already gone:
     * it has moved down by i. */
    for (size_t i = 0; i < n; i++)
        out[i] = gone[i] - (uint32_t)i;
    return n;
}
