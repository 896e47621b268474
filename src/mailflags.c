/**
 * @file mailflags.c
 * @brief Message flags in Maildir file names and their IMAP names.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.2; maildir.txt ("info" semantics)
 *
 * Two small translations, both table-driven: letters <-> bits for file
 * names, names <-> bits for the protocol.  The one subtlety is that a
 * rewrite must keep letters it does not understand (see mailflags.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mailflags.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The letters this module manages, and the IMAP flags they stand for, in
 * the order IMAP lists flags. */
static const struct {
    unsigned bit;
    char letter;
    const char *imap;
} flag_table[] = {
    { MAILFLAG_ANSWERED, 'R', "\\Answered" },
    { MAILFLAG_FLAGGED,  'F', "\\Flagged" },
    { MAILFLAG_DELETED,  'T', "\\Deleted" },
    { MAILFLAG_SEEN,     'S', "\\Seen" },
    { MAILFLAG_DRAFT,    'D', "\\Draft" },
};
/** How many flags flag_table has. */
#define NFLAGS (sizeof flag_table / sizeof flag_table[0])

static unsigned letter_bit(char c)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (flag_table[i].letter == c)
            return flag_table[i].bit;
    return 0;
}

size_t mailflags_base_len(const char *filename)
{
    const char *colon = strchr(filename, MAILFLAGS_INFO_SEP);
    return colon != NULL ? (size_t)(colon - filename) : strlen(filename);
}

/* The letters of a ":2," info part, or NULL when the name has none. */
static const char *info_letters(const char *filename)
{
    const char *colon = strchr(filename, MAILFLAGS_INFO_SEP);
    if (colon == NULL || colon[1] != '2' || colon[2] != ',')
        return NULL;
    return colon + 3;
}

/* [mailflags-from-name] */
unsigned mailflags_from_name(const char *filename)
{
    const char *letters = info_letters(filename);
    unsigned flags = 0;
    if (letters != NULL)
        for (; *letters != '\0'; letters++)
            flags |= letter_bit(*letters);
    return flags;
}
/* [mailflags-from-name] */

/* [mailflags-rename] */
int mailflags_rename(const char *filename, unsigned flags, char *out, size_t outsz)
{
    const char *old = info_letters(filename);
    unsigned char present[256] = { 0 };
    size_t base = mailflags_base_len(filename), n;

    /* Which letters the new name gets: ours from @p flags, and every
     * other printable letter of the old info part (P, keywords a-z ...). */
    for (size_t i = 0; i < NFLAGS; i++)
        if (flags & flag_table[i].bit)
            present[(unsigned char)flag_table[i].letter] = 1;
    if (old != NULL)
        for (; *old != '\0'; old++)
            if (letter_bit(*old) == 0 && *old > ' ' && *old < 0x7f && *old != ',')
                present[(unsigned char)*old] = 1;

    if (base + 4 > outsz)
        return -1;
    memcpy(out, filename, base);
    n = base;
    out[n++] = MAILFLAGS_INFO_SEP;
    out[n++] = '2';
    out[n++] = ',';
    /* Walking the table in byte order gives ASCII order for free. */
    for (int c = 0; c < 256; c++) {
        if (!present[c])
            continue;
        if (n + 2 > outsz)
            return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return 0;
}
/* [mailflags-rename] */

unsigned mailflags_parse_imap(const char *name, size_t len)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (strlen(flag_table[i].imap) == len && strncasecmp(flag_table[i].imap, name, len) == 0)
            return flag_table[i].bit;
    return 0;
}

size_t mailflags_to_imap(unsigned flags, char *out, size_t outsz)
{
    size_t n = 0;
    if (outsz == 0)
        return 0;
    out[0] = '\0';
    for (size_t i = 0; i < NFLAGS; i++) {
        if (!(flags & flag_table[i].bit))
            continue;
        int w = snprintf(out + n, outsz - n, "%s%s", n ? " " : "", flag_table[i].imap);
        if (w < 0 || (size_t)w >= outsz - n) {
            out[n] = '\0';
            break;
        }
        n += (size_t)w;
    }
    return n;
}
