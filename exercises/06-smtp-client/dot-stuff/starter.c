/*
 * starter.c -- exercise "dot-stuff": your version of ex_dotstuff().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <string.h>

size_t ex_dotstuff(const char *msg, size_t len, char *out, size_t outsz)
{
    (void)msg;
    (void)len;
    (void)out;
    (void)outsz;
    /* TODO: walk the message line by line (a line ends at CRLF, LF or
     * CR); for each, write an extra '.' if it starts with '.', the line,
     * and CRLF; then ".\r\n".  Check the room before every write.
     * Until then: 0, a length no message encodes to. */
    return 0;
}
