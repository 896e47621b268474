/*
 * starter.c -- exercise "store-item": your version of ex_store().  Read
 * TASK.md first.  Copy this file to student.c (make start-exercises) and
 * work there.
 */
#include "exercise.h"

int ex_store(const char *item, unsigned old, unsigned flags, unsigned *out, int *silent)
{
    (void)item;
    (void)old;
    (void)flags;
    (void)out;
    (void)silent;
    /* TODO: look at an optional '+' or '-', then "FLAGS", then an
     * optional ".SILENT" (strcasecmp() ignores case); combine. */
    return EX_NOT_DONE;
}
