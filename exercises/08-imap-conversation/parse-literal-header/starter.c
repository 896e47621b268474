/*
 * starter.c -- exercise "parse-literal-header": your version of
 * ex_literal_header().  Read TASK.md first.  Copy this file to student.c
 * (make start-exercises) and work there.
 */
#include "exercise.h"

int ex_literal_header(const char *line, size_t len, uint32_t *size, int *nonsync)
{
    (void)line;
    (void)len;
    (void)size;
    (void)nonsync;
    /* TODO: look at the end of the line, backwards: "}", maybe "+",
     * digits, "{".  Until then: a sentinel that is none of the answers,
     * so every test fails. */
    return -2;
}
