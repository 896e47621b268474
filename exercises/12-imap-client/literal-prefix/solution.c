/*
 * solution.c -- exercise "literal-prefix": the reference
 * ex_literal_prefix().
 */
#include "exercise.h"

#include <stdio.h>

int ex_literal_prefix(char *out, size_t outsz, size_t len, int server)
{
    int nonsync = server == EX_SERVER_LITERAL_PLUS ||
                  (server == EX_SERVER_LITERAL_MINUS && len <= 4096);
    int n = snprintf(out, outsz, nonsync ? "{%zu+}" : "{%zu}", len);

    if (n < 0 || (size_t)n >= outsz) {
        if (outsz > 0)
            out[0] = '\0';
        return -1;
    }
    return nonsync;
}
