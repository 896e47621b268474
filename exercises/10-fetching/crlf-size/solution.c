/*
 * solution.c -- exercise "crlf-size": the reference ex_crlf_size().
 */
#include "exercise.h"

long ex_crlf_size(const char *data, size_t len)
{
    long size = (long)len;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            size++;                  /* a bare LF goes out as CRLF */
    return size;
}
