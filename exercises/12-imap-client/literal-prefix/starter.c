/*
 * starter.c -- exercise "literal-prefix": your version of
 * ex_literal_prefix().  Read TASK.md first.  Copy this file to student.c
 * (make start-exercises) and work there.
 */
#include "exercise.h"

int ex_literal_prefix(char *out, size_t outsz, size_t len, int server)
{
    (void)out;
    (void)outsz;
    (void)len;
    (void)server;
    /* TODO: decide {n} or {n+}, then write it (snprintf).  Until then:
     * a sentinel that is none of the answers. */
    return -2;
}
