/*
 * starter.c -- exercise "expunge-numbers": your version of
 * ex_expunge_numbers().  Read TASK.md first.  Copy this file to student.c
 * (make start-exercises) and work there.
 */
#include "exercise.h"

size_t ex_expunge_numbers(const uint32_t *gone, size_t n, uint32_t *out)
{
    (void)gone;
    (void)n;
    (void)out;
    /* TODO: every EXPUNGE already sent moved the later messages down by one. */
    return EX_NOT_DONE;
}
