/**
 * @file imap_append.h
 * @brief APPEND's arguments: the date-time of RFC 3501 §9 and the flag list.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.3.11 (APPEND), §9 (date-time, flag-list)
 *
 * APPEND is the only command that hands the server a whole message, and
 * it may say two things about it besides the mailbox:
 *
 *     a1 APPEND Sent (\Seen) "27-Nov-2026 16:08:20 +0100" {310}
 *
 * its flags, and its *internal date* -- "a date and time which reflects
 * when the message was received" (§2.3.3), which a client that moves mail from
 * another server wants to keep.  The grammar (§9):
 *
 *     date-time      = DQUOTE date-day-fixed "-" date-month "-" date-year
 *                      SP time SP zone DQUOTE
 *     date-day-fixed = (SP DIGIT) / 2DIGIT
 *     time           = 2DIGIT ":" 2DIGIT ":" 2DIGIT
 *     zone           = ("+" / "-") 4DIGIT
 *
 * The zone is the offset of the local time from UTC: `16:08:20 +0100` is
 * 15:08:20 UTC.  The handler itself is imap_cmd_append() (imap_changing.h).
 */
#ifndef MM_IMAP_APPEND_H
#define MM_IMAP_APPEND_H

#include <stddef.h>
#include <time.h>

#include "imap_parse.h"

/**
 * @brief Parse the contents of a date-time (without its quotes) into
 *        seconds since the epoch, UTC.
 *
 * The day may be written `7`, ` 7` or `07` (clients disagree); the
 * month in any case; every field is range-checked (`31-Feb` is refused).
 *
 * @param text  e.g. `27-Nov-2026 16:08:20 +0100`
 * @param len   its length
 * @param out   receives the time
 * @return 0, or -1 when it is not a valid date-time
 */
int imap_date_time_parse(const char *text, size_t len, time_t *out);

/**
 * @brief Parse a flag-list `(\Seen \Flagged $Label)` into MAILFLAG_* bits.
 *
 * Keywords and `\Recent` are valid and dropped, as STORE drops them
 * (storeflags.h); an unknown `\System` flag or a malformed list fails.
 *
 * @param p      the parser, at the `(`
 * @param flags  receives the bits
 * @return 0, or -1 with @c p->error set
 */
int imap_append_flags(struct imap_parser *p, unsigned *flags);

#endif /* MM_IMAP_APPEND_H */
