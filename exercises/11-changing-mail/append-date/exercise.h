/**
 * @file exercise.h
 * @brief Exercise "append-date" (chapter 11, changing-mail): APPEND's
 *        date-time as seconds since the epoch.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §2.3.3 (internal date), §6.3.11 (APPEND), §9 (date-time)
 */
#ifndef MM_EX_APPEND_DATE_H
#define MM_EX_APPEND_DATE_H

#include <time.h>

/** What the starter returns: neither success (0) nor refusal (-1). */
#define EX_NOT_DONE (-2)

/**
 * @brief Parse the contents of an IMAP date-time (no quotes).
 *
 * @param text  e.g. `27-Nov-2026 17:08:20 +0100` (NUL-terminated)
 * @param out   receives the time in seconds since 1970-01-01 00:00:00 UTC
 * @return 0, or -1 when @p text is not a valid date-time (then @p out is
 *         not changed)
 */
int ex_date_time(const char *text, time_t *out);

#endif /* MM_EX_APPEND_DATE_H */
