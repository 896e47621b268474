/*
 * starter.c -- exercise "response-kind": your version of
 * ex_response_kind().  Read TASK.md first.  Copy this file to student.c
 * (make start-exercises) and work there.
 */
#include "exercise.h"

int ex_response_kind(const char *line, size_t len, char *tag, size_t tagsz)
{
    (void)line;
    (void)len;
    (void)tag;
    (void)tagsz;
    /* TODO: look at the first character, then at what follows it.
     * Until then: a sentinel that is none of the answers. */
    return -2;
}
