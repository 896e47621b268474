/**
 * @file search_scan.h
 * @brief Finding a search string in a text, case-insensitively, in one
 *        pass over the text, which may come in pieces.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.4 (strings match as substrings, case-insensitive)
 *
 * Three steps: search_needle_init() folds the client's string and builds
 * its border table, once per SEARCH command; search_scan() reads a text,
 * piece by piece if it comes in pieces (a message's decoded chunks), and
 * says when the string has been seen; search_needle_free() lets it go.
 * search_contains() does all three for one text in memory.
 *
 * The matching rules (which letters fold) are search_eval.h's.
 */
#ifndef MM_SEARCH_SCAN_H
#define MM_SEARCH_SCAN_H

#include <stddef.h>

/**
 * @brief A search string made ready for search_scan(): folded once, with
 *        the table that lets a scan read the text only once
 *        (Knuth-Morris-Pratt).
 */
struct search_needle {
    unsigned char *folded; /**< the string, case folded as search_contains() folds */
    size_t *border;        /**< border[i]: the length of the longest proper prefix of
                                folded[0..i] that also ends it */
    size_t len;            /**< its length */
};

/**
 * @brief Where a scan is between two pieces of one text.  All zero
 *        (`{ 0, 0, 0 }`) is the start of a text.
 */
struct search_scan {
    size_t matched;        /**< octets of the needle that end the text read so far */
    unsigned char prev;    /**< the last octet read, as written (the fold looks at it) */
    int found;             /**< the needle has been found */
};

/**
 * @brief Prepare @p s for search_scan(): fold it, build its border table.
 *
 * Costs O(@p len) time and `len * (1 + sizeof(size_t))` octets: once per
 * search string (search_parse() does it), not once per text.
 * @param n    the needle to fill (free it with search_needle_free())
 * @param s    the search string
 * @param len  its length (0: found in every text)
 * @return 0, or -1 when out of memory
 */
int search_needle_init(struct search_needle *n, const char *s, size_t len);

/**
 * @brief Free what search_needle_init() allocated.
 * @param n  the needle
 */
void search_needle_free(struct search_needle *n);

/**
 * @brief Read one more piece of a text; has the needle now been seen?
 *
 * A text may come in pieces of any size -- chunks of a decoded part --
 * and a needle cut by a border between two pieces is still found: @p sc
 * carries what the next piece needs.  Each octet is read once: the work
 * is at most `2 * len` steps, whatever the needle (see search_eval.c).
 * @param n     the needle
 * @param sc    the scan, zero at the start of a text
 * @param text  the next piece
 * @param len   its length
 * @return 1 when the needle has been found (in this piece or before), else 0
 */
int search_scan(const struct search_needle *n, struct search_scan *sc, const char *text,
                size_t len);

/**
 * @brief Is @p needle in @p hay, ASCII letters and the Latin-1 letters
 *        of UTF-8 compared case-insensitively?
 *
 * `A`-`Z` fold to `a`-`z`; in UTF-8, `À`..`Þ` (C3 80..C3 9E, but not `×`
 * C3 97) fold to `à`..`þ` (C3 A0..C3 BE).  Every other octet matches
 * only itself (search_eval.h, "Matching rules").  Both strings are folded
 * the same way, each octet with the octet before it in its own string,
 * and the folded needle must be a substring of the folded text.  A
 * search_needle_init() and one search_scan(): linear time.
 * @param hay      the text searched
 * @param hlen     its length
 * @param needle   what to find
 * @param nlen     its length (an empty needle is found everywhere)
 * @return 1 or 0; -1 when out of memory
 */
int search_contains(const char *hay, size_t hlen, const char *needle, size_t nlen);

#endif /* MM_SEARCH_SCAN_H */
