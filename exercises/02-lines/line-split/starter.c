/*
 * starter.c -- exercise "line-split": your ex_split_init() and
 * ex_split_feed().  Read TASK.md first.  Copy this file to student.c
 * (make start-exercises) and work there.
 */
#include "exercise.h"

#include <string.h>

void ex_split_init(struct ex_splitter *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->max = max;
}

int ex_split_feed(struct ex_splitter *s, const char *data, size_t n,
                  ex_line_fn *fn, void *arg)
{
    (void)s;
    (void)data;
    (void)n;
    (void)fn;
    (void)arg;
    /* TODO: look at one octet at a time.  Remember a CR (it may be the
     * start of a line end -- or not, and the LF may come in the next
     * piece); keep octets in s->line while they fit; report the line
     * when CR LF is complete.  Until then: -1, so every test fails. */
    return -1;
}
