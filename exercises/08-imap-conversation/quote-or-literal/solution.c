/*
 * solution.c -- a reference solution of exercise "quote-or-literal".
 *
 * Decide first (one pass), write second: the decision is the whole
 * exercise, and keeping it apart keeps the writing simple.
 */
#include "exercise.h"

#include <stdio.h>
#include <string.h>

enum form { ATOM, QUOTED, LITERAL };

static int atom_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("(){%*\"\\]", c) == NULL;
}

static enum form choose(const char *data, size_t len)
{
    int atom = len > 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0 || c >= 0x80 || c == '\r' || c == '\n')
            return LITERAL;
        if (!atom_char(c))
            atom = 0;
    }
    if (atom && len == 3 && (data[0] | 0x20) == 'n' && (data[1] | 0x20) == 'i'
        && (data[2] | 0x20) == 'l')
        atom = 0;
    return atom ? ATOM : QUOTED;
}

size_t ex_imap_astring(const char *data, size_t len, char *out, size_t outsz)
{
    size_t n = 0;

    switch (choose(data, len)) {
    case ATOM:
        if (len > outsz)
            return (size_t)-1;
        memcpy(out, data, len);
        return len;
    case QUOTED:
        if (outsz < 2)
            return (size_t)-1;
        out[n++] = '"';
        for (size_t i = 0; i < len; i++) {
            if (data[i] == '"' || data[i] == '\\') {
                if (n + 1 >= outsz)
                    return (size_t)-1;
                out[n++] = '\\';
            }
            if (n + 1 >= outsz)
                return (size_t)-1;
            out[n++] = data[i];
        }
        out[n++] = '"';
        return n;
    default: {
        char head[32];
        int h = snprintf(head, sizeof head, "{%zu}\r\n", len);
        if ((size_t)h > outsz || len > outsz - (size_t)h)
            return (size_t)-1;
        memcpy(out, head, (size_t)h);
        memcpy(out + h, data, len);
        return (size_t)h + len;
    }
    }
}
