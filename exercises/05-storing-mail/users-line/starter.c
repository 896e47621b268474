/*
 * starter.c -- exercise "users-line": your version of ex_users_line().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <string.h>
#include <strings.h>

int ex_users_line(const char *line, char *name, size_t namesz, enum ex_scheme *scheme,
                  char *secret, size_t secretsz)
{
    (void)line;
    (void)name;
    (void)namesz;
    (void)scheme;
    (void)secret;
    (void)secretsz;
    /* TODO: skip blank and comment lines; split at the first ':', check
     * the name; cut the password field at the next ':'; look for a
     * {SCHEME} prefix.  Until then: a result no test accepts. */
    return -2;
}
