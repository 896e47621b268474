/*
 * solution.c -- exercise "q-word": a reference ex_decode_q().  The
 * server's own decoder, which also does the B encoding, adjacent words
 * and charsets, is rfc2047_decode() in src/rfc2047.c.
 */
#include "exercise.h"

/* The value of a hex digit, or -1. */
static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

long ex_decode_q(const char *word, size_t len, char *out, size_t outsz)
{
    size_t i = 2, o = 0, end;

    if (len < 8 || word[0] != '=' || word[1] != '?' || word[len - 2] != '?'
        || word[len - 1] != '=')
        return -1;
    end = len - 2;                                  /* where "?=" starts */
    while (i < end && word[i] != '?')               /* the charset */
        i++;
    if (i == 2 || i + 3 > end || (word[i + 1] != 'Q' && word[i + 1] != 'q')
        || word[i + 2] != '?')
        return -1;
    for (i += 3; i < end; i++) {
        char c = word[i];
        int v;
        if (o == outsz)
            return -1;
        if (c == '_') {
            out[o++] = ' ';
        } else if (c == '=') {
            if (i + 2 >= end || hex(word[i + 1]) < 0 || hex(word[i + 2]) < 0)
                return -1;
            v = hex(word[i + 1]) << 4 | hex(word[i + 2]);
            out[o++] = (char)v;
            i += 2;
        } else if (c > ' ' && c < 0x7f && c != '?') {
            out[o++] = c;
        } else {
            return -1;
        }
    }
    return (long)o;
}
