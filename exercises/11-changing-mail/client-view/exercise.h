/**
 * @file exercise.h
 * @brief Exercise "client-view" (chapter 11, changing-mail): keep a
 *        client's picture of the selected mailbox right while untagged
 *        EXISTS, EXPUNGE and FETCH responses arrive (during IDLE, say).
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §2.3.1 (UIDs and sequence numbers), §7.3.1 (EXISTS),
 *      §7.4.1 (EXPUNGE), §7.4.2 (FETCH); RFC 2177 (IDLE)
 */
#ifndef MM_EX_CLIENT_VIEW_H
#define MM_EX_CLIENT_VIEW_H

#include <stddef.h>
#include <stdint.h>

/** Most messages an exercise view holds. */
#define EX_VIEW_MAX 64

/** What a client knows of the selected mailbox. */
struct ex_view {
    uint32_t uid[EX_VIEW_MAX]; /**< UID of message n at uid[n - 1]; 0: not known yet */
    size_t count;              /**< how many messages the client knows of */
};

/**
 * @brief Apply one untagged response to a client's view.
 *
 * - `* n EXISTS`: the mailbox has n messages; the new ones (count + 1 to
 *   n) get UID 0 (unknown).  Fewer than count is impossible (only
 *   EXPUNGE removes messages), and so is more than #EX_VIEW_MAX.
 * - `* n EXPUNGE`: message n is gone and every message after it moves
 *   down by one.  n must name a message of the view (1 to count).
 * - `* n FETCH (...)`: n must name a message of the view; when the
 *   parenthesised list holds `UID u`, u becomes message n's UID -- unless
 *   the view already knows another UID for n, which is impossible.
 * - Any other line (`* OK ...`, `* 3 RECENT`, `* FLAGS (...)`, a tagged
 *   response) changes nothing and is fine.
 *
 * An impossible response leaves the view as it was.
 *
 * @param v     the view
 * @param line  the response, without its CRLF, NUL-terminated
 * @return 0, or -1 when the response is impossible for this view
 */
int ex_view_apply(struct ex_view *v, const char *line);

#endif /* MM_EX_CLIENT_VIEW_H */
