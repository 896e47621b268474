/*
 * starter.c -- exercise "quote-or-literal": your version of ex_imap_astring().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

size_t ex_imap_astring(const char *data, size_t len, char *out, size_t outsz)
{
    (void)data;
    (void)len;
    (void)out;
    (void)outsz;
    /* TODO: one pass over the octets decides the form (atom? quoted? a
     * literal?), a second writes it -- checking the room left before
     * every write.  Until then: the "does not fit" sentinel, so every
     * test fails. */
    return (size_t)-1;
}
