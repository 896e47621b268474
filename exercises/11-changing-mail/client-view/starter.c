/*
 * starter.c -- exercise "client-view": your version of ex_view_apply().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

int ex_view_apply(struct ex_view *v, const char *line)
{
    (void)v;
    (void)line;
    /* TODO: read "* n WORD", then EXISTS grows the view, EXPUNGE removes
     * message n and closes the gap, FETCH may teach message n's UID. */
    return -1;
}
