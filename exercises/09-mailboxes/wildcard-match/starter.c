/*
 * starter.c -- exercise "wildcard-match": your version of ex_list_match().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

int ex_list_match(const char *pattern, const char *name, char delim)
{
    (void)pattern;
    (void)name;
    (void)delim;
    /* TODO: walk pattern and name together.  Hint: keep, for every
     * prefix of the name, whether the pattern read so far matches it
     * (a row of booleans), and update the row once per pattern
     * character.  Until then: -1, which no test accepts. */
    return -1;
}
