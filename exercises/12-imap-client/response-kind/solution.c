/*
 * solution.c -- exercise "response-kind": the reference
 * ex_response_kind().
 */
#include "exercise.h"

#include <string.h>

/* RFC 3501 §9: tag = 1*<any ASTRING-CHAR except "+"> */
static int tag_char(char c)
{
    return c > 0x20 && c < 0x7f && strchr("(){%*\"\\+", c) == NULL;
}

int ex_response_kind(const char *line, size_t len, char *tag, size_t tagsz)
{
    size_t i = 0;

    if (len >= 2 && line[0] == '*' && line[1] == ' ')
        return EX_UNTAGGED;
    if (len >= 1 && line[0] == '+' && (len == 1 || line[1] == ' '))
        return EX_CONTINUE;
    while (i < len && tag_char(line[i]))
        i++;
    if (i == 0 || i >= len || line[i] != ' ' || i + 1 > tagsz)
        return EX_GARBAGE;
    memcpy(tag, line, i);
    tag[i] = '\0';
    return EX_TAGGED;
}
