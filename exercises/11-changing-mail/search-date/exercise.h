/**
 * @file exercise.h
 * @brief Exercise "search-date" (chapter 11, changing-mail): read the date
 *        argument of SEARCH's BEFORE, ON, SINCE and SENT* keys.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §9 (date, date-text, date-day, date-month, date-year),
 *      §6.4.4 (SEARCH)
 */
#ifndef MM_EX_SEARCH_DATE_H
#define MM_EX_SEARCH_DATE_H

#include <stddef.h>

/** What the starter returns: neither a date nor "not a date". */
#define EX_NOT_DONE (-2)

/** A calendar date. */
struct ex_date {
    int year;   /**< e.g. 2026 */
    int month;  /**< 1 (January) .. 12 */
    int day;    /**< 1 .. 31 */
};

/**
 * @brief Parse an IMAP date-text: `d-Mon-yyyy` or `dd-Mon-yyyy`
 *        (`1-Feb-1994`, `01-feb-1994`), the month name in any case.
 *
 * The day must exist in that month of the Gregorian calendar (`29-Feb`
 * only in leap years); nothing may come before or after the date.
 *
 * @param text  the argument (not NUL-terminated)
 * @param len   its length
 * @param out   receives the date on success
 * @return 0, or -1 (and @p out untouched) when @p text is not a date
 */
int ex_parse_date(const char *text, size_t len, struct ex_date *out);

#endif /* MM_EX_SEARCH_DATE_H */
