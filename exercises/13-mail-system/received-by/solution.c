/*
 * solution.c -- exercise "received-by": a reference ex_received_by().
 */
#include "exercise.h"

#include <string.h>
#include <strings.h>

/* Skip white space and (nested) comments from @p p. */
static const char *skip(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        } else if (*p == '(') {
            int depth = 0;
            for (; *p != '\0'; p++) {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                else if (*p == '(')
                    depth++;
                else if (*p == ')' && --depth == 0) {
                    p++;
                    break;
                }
            }
        } else {
            return p;
        }
    }
}

/* The end of the word at @p p. */
static const char *word_end(const char *p)
{
    while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' &&
           *p != '(' && *p != ';')
        p++;
    return p;
}

int ex_received_by(const char *value, char *by, size_t bysz)
{
    const char *p = value;

    if (bysz > 0)
        by[0] = '\0';
    for (;;) {
        const char *w = skip(p), *e;
        if (*w == '\0' || *w == ';')
            return -1;               /* the date, or the end: no BY */
        e = word_end(w);
        if (e == w) {                /* a stray ')' */
            p = w + 1;
            continue;
        }
        if (e - w == 2 && strncasecmp(w, "by", 2) == 0) {
            const char *d = skip(e), *de = word_end(d);
            size_t n = (size_t)(de - d);
            if (n == 0 || n >= bysz)
                return -1;
            memcpy(by, d, n);
            by[n] = '\0';
            return 0;
        }
        p = e;
    }
}
