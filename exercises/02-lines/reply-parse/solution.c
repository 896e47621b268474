/*
 * solution.c -- exercise "reply-parse": a reference ex_reply_parse().
 *
 * Straight from the grammar of RFC 5321 §4.2: three characters with a
 * range each, then one of three endings.  Nothing is copied: the text is
 * a pointer into the line the caller owns.
 */
#include "exercise.h"

int ex_reply_parse(const char *line, struct ex_reply_line *out)
{
    /* Reply-code = %x32-35 %x30-35 %x30-39 */
    if (line[0] < '2' || line[0] > '5'
        || line[1] < '0' || line[1] > '5'
        || line[2] < '0' || line[2] > '9')
        return -1;      /* also stops at a NUL: '\0' is below every range */
    out->code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');

    switch (line[3]) {
    case '\0':          /* "250": a last line without text */
        out->more = 0;
        out->text = line + 3;
        return 0;
    case ' ':           /* "250 text": the last line */
        out->more = 0;
        out->text = line + 4;
        return 0;
    case '-':           /* "250-text": more lines follow */
        out->more = 1;
        out->text = line + 4;
        return 0;
    default:            /* "2500", "250\tx", "250x": not a reply line */
        return -1;
    }
}
