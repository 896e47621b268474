/*
 * starter.c -- exercise "data-end": your version of ex_data_extract().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

long ex_data_extract(const char *in, size_t inlen, char *out, size_t *outlen)
{
    (void)in;
    (void)inlen;
    (void)out;
    *outlen = (size_t)-1;
    /* TODO: walk through @p in line by line -- a line ends at CRLF, and
     * only there.  A line that is exactly "." ends the message; a line
     * that starts with "." loses that dot; everything else is copied,
     * with its CRLF.  Until then: a sentinel, so every test fails. */
    return -2;
}
