/*
 * starter.c -- exercise "q-word": your version of ex_decode_q().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

long ex_decode_q(const char *word, size_t len, char *out, size_t outsz)
{
    (void)word;
    (void)len;
    (void)out;
    (void)outsz;
    /* TODO: check "=?" at the start and "?=" at the end; find the charset
     * (up to the next '?'), then "Q?" or "q?"; decode the rest: '_' is a
     * space, "=XX" an octet, other printable characters themselves. */
    return EX_NOT_DONE;
}
