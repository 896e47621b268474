/**
 * @file imap_date.h
 * @brief The calendar arithmetic IMAP's dates need: month names, month
 *        lengths, and a date as a day number.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §9 (date-text, date-time: `7-Jul-2026`,
 *      `07-Jul-2026 10:52:37 +0200`); RFC 5322 §3.3 (the Date: field)
 *
 * Two commands of this chapter read dates: APPEND (the internal date it
 * gives the new message, imap_append.c) and SEARCH (BEFORE, SINCE,
 * SENTON ... compare days, search_parse.c and search_eval.c).  Both turn
 * a calendar date into one number -- days since 1970-01-01 -- so that
 * "before" is `<` and an internal date is `days * 86400 + seconds`.
 * The calendar is the proleptic Gregorian one, as RFC 3501 and RFC 5322
 * mean, with no time zone database: zones in IMAP are numeric offsets.
 */
#ifndef MM_IMAP_DATE_H
#define MM_IMAP_DATE_H

#include <stddef.h>

/**
 * @brief The number of an English month abbreviation, any case
 *        (`Jan` = 1 ... `Dec` = 12), as IMAP dates and RFC 5322 dates write them.
 * @param name  the three letters (not NUL-terminated)
 * @param len   their count (anything but 3 is no month)
 * @return 1..12, or 0
 */
int imap_month_number(const char *name, size_t len);

/**
 * @brief Days in a month of the Gregorian calendar (29 for February of a
 *        leap year: divisible by 4, and not by 100 unless by 400).
 * @param year   e.g. 2026
 * @param month  1..12
 * @return 28..31
 */
int imap_days_in_month(int year, int month);

/**
 * @brief The day number of a calendar date: days since 1970-01-01
 *        (proleptic Gregorian; negative before 1970).
 * @param year   e.g. 2026
 * @param month  1..12
 * @param day    1..31
 * @return the day number
 */
long imap_day_number(int year, int month, int day);

#endif /* MM_IMAP_DATE_H */
