/*
 * starter.c -- exercise "crlf-size": your ex_crlf_size().  Read TASK.md
 * first.  Copy this file to student.c (make start-exercises) and work there.
 */
#include "exercise.h"

long ex_crlf_size(const char *data, size_t len)
{
    (void)data;
    (void)len;
    /* TODO: count the octets, and one more for each LF without a CR
     * before it.  Until then: a sentinel. */
    return -1;
}
