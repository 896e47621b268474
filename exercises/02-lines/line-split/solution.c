/*
 * solution.c -- exercise "line-split": a reference ex_split_feed().
 *
 * The state between two pieces is all in struct ex_splitter: the octets
 * of the unfinished line, whether the last octet was a CR, whether the
 * line is already too long.  With that, a CRLF split across two pieces
 * is no special case at all.  (src/linereader.c has the same machine,
 * reading from a file descriptor.)
 */
#include "exercise.h"

#include <string.h>

void ex_split_init(struct ex_splitter *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->max = max;
}

/* Keep one octet of the current line, or note that it does not fit. */
static void keep(struct ex_splitter *s, char c)
{
    if (s->len < s->max - 2)
        s->line[s->len++] = c;
    else
        s->too_long = 1;
}

int ex_split_feed(struct ex_splitter *s, const char *data, size_t n,
                  ex_line_fn *fn, void *arg)
{
    int lines = 0;

    for (size_t i = 0; i < n; i++) {
        char c = data[i];

        if (s->cr && c == '\n') {           /* CR LF: the line is complete */
            fn(arg, s->line, s->len, s->too_long ? EX_LINE_TOO_LONG : EX_LINE_OK);
            lines++;
            s->len = 0;
            s->cr = 0;
            s->too_long = 0;
            continue;
        }
        if (s->cr)                          /* the CR before was just a CR */
            keep(s, '\r');
        s->cr = (c == '\r');
        if (!s->cr)
            keep(s, c);
    }
    return lines;
}
