/*
 * starter.c -- exercise "seq-contains": your ex_seq_contains().  Read
 * TASK.md first.  Copy this file to student.c (make start-exercises) and
 * work there.
 */
#include "exercise.h"

int ex_seq_contains(const char *set, unsigned long num, unsigned long star)
{
    (void)set;
    (void)num;
    (void)star;
    /* TODO: read one number or range at a time (a number is digits or
     * '*'), put each range in order, compare.  Until then: a sentinel. */
    return -2;
}
