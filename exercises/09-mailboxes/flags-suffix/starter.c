/*
 * starter.c -- exercise "flags-suffix": your versions of
 * ex_flags_from_name() and ex_name_with_flags().  Read TASK.md first.
 * Copy this file to student.c (make start-exercises) and work there.
 */
#include "exercise.h"

unsigned ex_flags_from_name(const char *filename)
{
    (void)filename;
    /* TODO: find ":2," and add up the letters after it. */
    return EX_NOT_DONE;
}

int ex_name_with_flags(const char *filename, unsigned flags, char *out, size_t outsz)
{
    (void)filename;
    (void)flags;
    (void)out;
    (void)outsz;
    /* TODO: copy the base name, then ":2,", then the letters in ASCII
     * order (a table of 128 "is this letter present?" makes the order
     * free).  Until then: "does not fit". */
    return -1;
}
