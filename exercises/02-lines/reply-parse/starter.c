/*
 * starter.c -- exercise "reply-parse": your version of ex_reply_parse().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <stddef.h>

int ex_reply_parse(const char *line, struct ex_reply_line *out)
{
    (void)line;
    out->code = 0;
    out->more = 0;
    out->text = NULL;
    /* TODO: check the three digits and their ranges, then look at the
     * fourth character: end of line, ' ' or '-'.  Until then: failure,
     * so every test fails. */
    return -1;
}
