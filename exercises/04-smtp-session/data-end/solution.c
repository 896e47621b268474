/*
 * solution.c -- exercise "data-end": a reference ex_data_extract().
 *
 * One pass over the input, one line at a time.  A line is the text up to
 * the next CR LF pair; a CR or LF on its own is just another octet of the
 * line.  That single decision is what makes `LF . LF` harmless here.
 */
#include "exercise.h"

#include <string.h>

long ex_data_extract(const char *in, size_t inlen, char *out, size_t *outlen)
{
    size_t pos = 0;

    *outlen = 0;
    while (pos < inlen) {
        size_t end = pos; /* index of the CR of this line's CRLF */

        while (end + 1 < inlen && !(in[end] == '\r' && in[end + 1] == '\n'))
            end++;
        if (end + 1 >= inlen)
            return -1; /* no CRLF: the line (and the message) is not complete */

        /* §4.5.2: a lone "." ends the data; a leading "." is dropped. */
        if (end - pos == 1 && in[pos] == '.')
            return (long)(end + 2);
        if (in[pos] == '.')
            pos++;
        memcpy(out + *outlen, in + pos, end + 2 - pos); /* the line and its CRLF */
        *outlen += end + 2 - pos;
        pos = end + 2;
    }
    return -1;
}
