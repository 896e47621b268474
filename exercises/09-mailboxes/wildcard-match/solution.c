/*
 * solution.c -- a reference solution of exercise "wildcard-match".
 *
 * A dynamic programme: row[j] says whether the pattern read so far
 * matches the first j characters of the name.  Each pattern character
 * updates the row once, so the time is O(|pattern| x |name|) whatever the
 * wildcards.
 */
#include "exercise.h"

#include <stdlib.h>
#include <string.h>

int ex_list_match(const char *pattern, const char *name, char delim)
{
    size_t n = strlen(name);
    unsigned char *row = calloc(n + 1, 1);
    int result;

    if (row == NULL)
        return 0;
    row[0] = 1;                     /* the empty pattern matches the empty prefix */
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p == '*') {
            for (size_t j = 1; j <= n; j++)
                row[j] = row[j] || row[j - 1];
        } else if (*p == '%') {
            for (size_t j = 1; j <= n; j++)
                row[j] = row[j] || (row[j - 1] && name[j - 1] != delim);
        } else {
            for (size_t j = n; j >= 1; j--)
                row[j] = row[j - 1] && name[j - 1] == *p;
            row[0] = 0;
        }
    }
    result = row[n];
    free(row);
    return result;
}
