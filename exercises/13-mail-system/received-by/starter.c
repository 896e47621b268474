/*
 * starter.c -- exercise "received-by": your version of ex_received_by().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

int ex_received_by(const char *value, char *by, size_t bysz)
{
    (void)value;
    if (bysz > 0)
        by[0] = '\0';
    /* TODO: walk the words, skipping white space and comments, until the
     * word "by"; copy the word after it.  Until then: no clause found. */
    return -1;
}
