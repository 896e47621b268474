/**
 * @file seqset.h
 * @brief IMAP sequence sets and UID sets (`1:4,7,9:*`): parsing, matching,
 *        building and writing them.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §9 (sequence-set, seq-range, seq-number), §6.4.8 (UID sets,
 *      `*` in UID ranges); RFC 4315 §4 (uid-set in COPYUID/APPENDUID)
 *
 * Every command that names messages (FETCH, STORE, COPY, SEARCH and their
 * UID forms) names them by a *sequence set*: a comma-separated list of
 * numbers and ranges.  The grammar of RFC 3501 §9 is small:
 *
 *     sequence-set = (seq-number / seq-range) *("," (seq-number / seq-range))
 *     seq-range    = seq-number ":" seq-number
 *     seq-number   = nz-number / "*"
 *     nz-number    = digit-nz *DIGIT    ; 1 .. 4294967295
 *
 * Three details matter.  A range may be written in either order (`4:2` is
 * `2:4`).  `*` means "the largest number in use" -- the number of messages
 * for sequence numbers, the highest UID for UIDs -- so its value is known
 * only when the set is matched against a mailbox, not when it is parsed.
 * And a range may be huge (`1:4294967295` is legal): this module keeps
 * each range as two numbers, never one entry per number, so a hostile
 * `1:4294967295` costs eight bytes, not sixteen gigabytes.
 */
#ifndef MM_SEQSET_H
#define MM_SEQSET_H

#include <stddef.h>
#include <stdint.h>

/** The value stored for `*` in a range; replaced by the largest number in
 *  use when the set is matched (0 is not a valid nz-number). */
#define SEQSET_STAR 0u

/** One element of a set: a single number has lo == hi.  Either end may be
 *  #SEQSET_STAR, and lo may be greater than hi (a range written backwards). */
struct seqrange {
    uint32_t lo; /**< first number as written, or #SEQSET_STAR */
    uint32_t hi; /**< second number as written (== lo for a number) */
};

/** A parsed sequence set: its elements in the order written. */
struct seqset {
    struct seqrange *r; /**< the elements (malloc'd) */
    size_t n;           /**< how many */
    size_t cap;         /**< allocated elements */
};

/** Why seqset_parse() refused its input. */
enum seqset_error {
    SEQSET_OK = 0,        /**< parsed */
    SEQSET_EMPTY,         /**< no element (`""`, `1,,2`, `1,`) */
    SEQSET_ZERO,          /**< `0` or a number with a leading zero */
    SEQSET_TOO_BIG,       /**< a number over 4294967295 */
    SEQSET_SYNTAX,        /**< any other character, `1:`, `:2`, `1:2:3` */
    SEQSET_NOMEM          /**< out of memory */
};

/**
 * @brief Initialise an empty set (no allocation).
 * @param set the set
 */
void seqset_init(struct seqset *set);

/**
 * @brief Free the elements of a set and leave it empty.
 * @param set the set (may be empty)
 */
void seqset_free(struct seqset *set);

/**
 * @brief Parse a sequence set (RFC 3501 §9 `sequence-set`).
 *
 * The text is exactly the set: the caller has taken it as an atom from the
 * command line.  @p set is initialised here; on an error it is left empty.
 * @param text the text (not necessarily NUL-terminated)
 * @param len its length
 * @param set receives the set; free with seqset_free()
 * @return #SEQSET_OK, or why the text is not a sequence set
 */
enum seqset_error seqset_parse(const char *text, size_t len, struct seqset *set);

/**
 * @brief A short English description of a parse error (for BAD texts).
 * @param e the error
 * @return a static string
 */
const char *seqset_strerror(enum seqset_error e);

/**
 * @brief Whether @p num is in the set, with `*` standing for @p star.
 *
 * @p star is the largest number in use: the message count for sequence
 * numbers, the highest UID in the mailbox for UIDs.  As RFC 3501 §6.4.8
 * says for UIDs, `N:*` always includes @p star even when N is larger
 * (the range is simply `star:N`).
 * @param set the set
 * @param num the number asked about (0 is in no set)
 * @param star the value of `*`
 * @return 1 if @p num is in the set, else 0
 */
int seqset_contains(const struct seqset *set, uint32_t num, uint32_t star);

/**
 * @brief The largest number written in the set, `*` counting as @p star.
 *
 * A command given sequence numbers checks this against the message count:
 * naming a message that does not exist is an error (RFC 3501 §9, "a
 * number larger than the number of messages is invalid"), while UID sets
 * may name UIDs that do not exist.
 * @param set the set
 * @param star the value of `*`
 * @return the largest number, 0 for an empty set
 */
uint32_t seqset_max(const struct seqset *set, uint32_t star);

/**
 * @brief Append the range lo:hi (a number when lo == hi) to a set,
 *        joining it to the last element when they touch (`1:3` + `4` = `1:4`).
 *
 * For building sets to send (COPYUID's UID sets, RFC 4315); add numbers in
 * ascending order to get the shortest text.
 * @param set the set
 * @param lo first number (not #SEQSET_STAR)
 * @param hi last number, >= lo
 * @return 0, or -1 when out of memory
 */
int seqset_add(struct seqset *set, uint32_t lo, uint32_t hi);

/**
 * @brief Write a set as text (`1:4,7,9:*`) into @p buf.
 * @param set the set
 * @param buf the buffer
 * @param size its size
 * @return the length of the full text (as snprintf: if it is >= @p size
 *         the text was cut), or 0 for an empty set
 */
size_t seqset_format(const struct seqset *set, char *buf, size_t size);

#endif /* MM_SEQSET_H */
