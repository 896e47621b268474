/*
 * solution.c -- exercise "client-view": a reference ex_view_apply().
 */
#include "exercise.h"

#include <stdlib.h>
#include <string.h>

/* "* n WORD": n and where WORD starts, or NULL for any other line. */
static const char *numbered(const char *line, unsigned long *n)
{
    char *end;
    if (strncmp(line, "* ", 2) != 0 || line[2] < '0' || line[2] > '9')
        return NULL;
    *n = strtoul(line + 2, &end, 10);
    return *end == ' ' ? end + 1 : NULL;
}

int ex_view_apply(struct ex_view *v, const char *line)
{
    unsigned long n;
    const char *word = numbered(line, &n);

    if (word == NULL)
        return 0;
    if (strcmp(word, "EXISTS") == 0) {
        /* Only EXPUNGE makes a mailbox smaller. */
        if (n < v->count || n > EX_VIEW_MAX)
            return -1;
        while (v->count < n)
            v->uid[v->count++] = 0;
        return 0;
    }
    if (strcmp(word, "EXPUNGE") == 0) {
        if (n < 1 || n > v->count)
            return -1;
        /* Everything after n moves down by one (RFC 3501 §7.4.1). */
        memmove(&v->uid[n - 1], &v->uid[n], (v->count - n) * sizeof v->uid[0]);
        v->count--;
        return 0;
    }
    if (strncmp(word, "FETCH (", 7) == 0) {
        if (n < 1 || n > v->count)
            return -1;
        const char *u = strstr(word, "(UID ");
        if (u == NULL)
            u = strstr(word, " UID ");
        if (u == NULL)
            return 0;
        uint32_t uid = (uint32_t)strtoul(u + 5, NULL, 10);
        if (v->uid[n - 1] != 0 && v->uid[n - 1] != uid)
            return -1;          /* the client and the server disagree */
        v->uid[n - 1] = uid;
        return 0;
    }
    return 0;                   /* RECENT and the like */
}
