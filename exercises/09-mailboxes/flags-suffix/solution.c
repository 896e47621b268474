/*
 * solution.c -- a reference solution of exercise "flags-suffix".
 */
#include "exercise.h"

#include <string.h>

static const struct {
    char letter;
    unsigned bit;
} letters[] = {
    { 'D', EX_DRAFT }, { 'F', EX_FLAGGED }, { 'R', EX_ANSWERED },
    { 'S', EX_SEEN },  { 'T', EX_DELETED },
};

static unsigned bit_of(char c)
{
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (letters[i].letter == c)
            return letters[i].bit;
    return 0;
}

/* The letters after ":2,", or NULL. */
static const char *info(const char *filename)
{
    const char *colon = strchr(filename, ':');
    return colon != NULL && strncmp(colon, ":2,", 3) == 0 ? colon + 3 : NULL;
}

unsigned ex_flags_from_name(const char *filename)
{
    const char *p = info(filename);
    unsigned flags = 0;
    for (; p != NULL && *p != '\0'; p++)
        flags |= bit_of(*p);
    return flags;
}

int ex_name_with_flags(const char *filename, unsigned flags, char *out, size_t outsz)
{
    unsigned char present[128] = { 0 };
    const char *colon = strchr(filename, ':');
    size_t base = colon != NULL ? (size_t)(colon - filename) : strlen(filename), n;

    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (flags & letters[i].bit)
            present[(unsigned char)letters[i].letter] = 1;
    for (const char *p = info(filename); p != NULL && *p != '\0'; p++)
        if ((unsigned char)*p < 128 && bit_of(*p) == 0)
            present[(unsigned char)*p] = 1;
    if (base + 4 > outsz)
        return -1;
    memcpy(out, filename, base);
    memcpy(out + base, ":2,", 3);
    n = base + 3;
    for (int c = 0; c < 128; c++) {
        if (!present[c])
            continue;
        if (n + 2 > outsz)
            return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return 0;
}
