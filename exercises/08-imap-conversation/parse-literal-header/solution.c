/*
 * solution.c -- a reference solution of exercise "parse-literal-header".
 *
 * Backwards from the end: "}", an optional "+", the digits, "{"; then the
 * digits forwards into a number, watching for overflow before it happens.
 */
#include "exercise.h"

int ex_literal_header(const char *line, size_t len, uint32_t *size, int *nonsync)
{
    size_t i, end;
    uint64_t n = 0;
    int plus = 0;

    if (len < 3 || line[len - 1] != '}')
        return 0;
    i = len - 1;
    if (line[i - 1] == '+') {
        plus = 1;
        i--;
    }
    end = i;
    while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
        i--;
    if (i == end || i == 0 || line[i - 1] != '{')
        return 0;
    for (size_t k = i; k < end; k++) {
        n = n * 10 + (uint64_t)(line[k] - '0');
        if (n > UINT32_MAX)
            return -1;
    }
    *size = (uint32_t)n;
    *nonsync = plus;
    return 1;
}
