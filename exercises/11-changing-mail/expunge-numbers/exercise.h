/**
 * @file exercise.h
 * @brief Exercise "expunge-numbers" (chapter 11, changing-mail): the
 *        numbers `* n EXPUNGE` must carry, since each one renumbers the
 *        messages after it.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §7.4.1 (EXPUNGE response)
 */
#ifndef MM_EX_EXPUNGE_NUMBERS_H
#define MM_EX_EXPUNGE_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

/** What the starter returns: more numbers than any test gives. */
#define EX_NOT_DONE ((size_t)-1)

/**
 * @brief The EXPUNGE responses, in the order sent, for removing messages
 *        reported from the lowest number up.
 *
 * @param gone  the sequence numbers of the messages removed, as they are
 *              *before* the first EXPUNGE response, strictly ascending
 * @param n     how many
 * @param out   receives, for each message in the same order, the number
 *              its `* n EXPUNGE` response must carry (room for @p n)
 * @return @p n
 */
size_t ex_expunge_numbers(const uint32_t *gone, size_t n, uint32_t *out);

#endif /* MM_EX_EXPUNGE_NUMBERS_H */
