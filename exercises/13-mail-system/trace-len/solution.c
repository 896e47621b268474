/*
 * solution.c -- exercise "trace-len": a reference ex_trace_len().
 */
#include "exercise.h"

#include <string.h>
#include <strings.h>

/* The offset just after the line that starts at @p pos (its LF included). */
static size_t next_line(const char *msg, size_t len, size_t pos)
{
    const char *nl = memchr(msg + pos, '\n', len - pos);
    return nl != NULL ? (size_t)(nl - msg) + 1 : len;
}

/* Does the line at @p pos start with NAME ":" (any case)? */
static int is_field(const char *msg, size_t len, size_t pos, const char *name)
{
    size_t n = strlen(name);
    return len - pos > n && strncasecmp(msg + pos, name, n) == 0 && msg[pos + n] == ':';
}

size_t ex_trace_len(const char *msg, size_t len)
{
    size_t pos = 0;

    while (pos < len && (is_field(msg, len, pos, "Return-Path") ||
                         is_field(msg, len, pos, "Received"))) {
        pos = next_line(msg, len, pos);
        /* continuation lines belong to the same field */
        while (pos < len && (msg[pos] == ' ' || msg[pos] == '\t'))
            pos = next_line(msg, len, pos);
    }
    return pos;
}
