/**
 * @file search_scan.c
 * @brief Finding a search string in a text in one pass: the case fold,
 *        the needle's border table, the scan (Knuth-Morris-Pratt).
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (strings match as substrings, case-insensitive);
 *      RFC 3629 §3 (how UTF-8 writes the Latin-1 letters)
 *
 * SEARCH asks one question of every text it reads: is the client's
 * string in it?  The simple answer -- try every start, compare up to the
 * whole string at each -- costs the text's length *times* the string's
 * in the worst case, and the client chooses both: a literal of 64 KiB
 * (`aaa...ab`) against a message of 256 MiB of `a` is 2^44 steps.  This
 * file reads each octet of the text once (Knuth, Morris and Pratt,
 * 1977), so a search costs the text plus the string, whatever they hold.
 * The string is made ready once per SEARCH command (search_parse.c keeps
 * it in its struct search_key), not once per message.
 */
#include "search_scan.h"

#include <stdint.h>
#include <stdlib.h>

/* [search-fold] */
/* Octet c with its case folded (RFC 3501 §6.4.4: strings match
 * "case-insensitive"), prev the octet before it as written (0 at the
 * start of a text): ASCII A-Z, and the Latin-1 capitals À..Þ, which UTF-8
 * writes C3 80..C3 9E, to their small letters C3 A0..C3 BE -- the second
 * octet gains 0x20, as in ASCII.  (× at C3 97 is no letter.)  The octet
 * before tells a continuation octet of À from the same octet in another
 * character. */
static unsigned char fold(unsigned char prev, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c - 'A' + 'a');
    if (prev == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 0x20);
    return c;
}
/* [search-fold] */

/* [search-needle] */
int search_needle_init(struct search_needle *n, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    n->len = len;
    n->folded = malloc(len + 1);
    n->border = len < SIZE_MAX / sizeof *n->border ? malloc((len + 1) * sizeof *n->border) : NULL;
    if (n->folded == NULL || n->border == NULL) {
        search_needle_free(n);
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        n->folded[i] = fold(i > 0 ? u[i - 1] : 0, u[i]);
    /* border[i]: the longest proper prefix of folded[0..i] that also ends
     * it.  Built as the scan below runs, with the needle as its text. */
    if (len > 0)
        n->border[0] = 0;
    for (size_t i = 1, k = 0; i < len; i++) {
        while (k > 0 && n->folded[i] != n->folded[k])
            k = n->border[k - 1];
        if (n->folded[i] == n->folded[k])
            k++;
        n->border[i] = k;
    }
    return 0;
}

void search_needle_free(struct search_needle *n)
{
    free(n->folded);
    free(n->border);
    n->folded = NULL;
    n->border = NULL;
}
/* [search-needle] */

/* [search-scan] */
/* Knuth-Morris-Pratt: sc->matched octets of the needle end the text read
 * so far.  When the next octet does not continue them, the scan does not
 * go back in the text to try the next start: the needle's own border
 * table says how much of those octets is still a start of the needle.
 * Every octet of text is read once, and `matched` falls at most as often
 * as it rose: at most 2 * len steps, whatever the needle.  (Trying every
 * start, as search_contains() once did, is up to len * n->len steps: a
 * needle of 64 KiB in a message of 256 MiB was hours of work.) */
int search_scan(const struct search_needle *n, struct search_scan *sc, const char *text,
                size_t len)
{
    const unsigned char *t = (const unsigned char *)text;

    if (n->len == 0 || sc->found)
        return sc->found = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = fold(sc->prev, t[i]);
        sc->prev = t[i];
        while (sc->matched > 0 && n->folded[sc->matched] != c)
            sc->matched = n->border[sc->matched - 1];
        if (n->folded[sc->matched] == c && ++sc->matched == n->len)
            return sc->found = 1;
    }
    return 0;
}
/* [search-scan] */

int search_contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    struct search_needle n;
    struct search_scan sc = { 0, 0, 0 };

    if (search_needle_init(&n, needle, nlen) < 0)
        return -1;
    int found = search_scan(&n, &sc, hay, hlen);
    search_needle_free(&n);
    return found;
}

