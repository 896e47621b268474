/**
 * @file exercise.h
 * @brief Exercise "seq-contains" (chapter 10, fetching): is a number in
 *        an IMAP sequence set?
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §9 (sequence-set)
 */
#ifndef MM_EX_SEQ_CONTAINS_H
#define MM_EX_SEQ_CONTAINS_H

/**
 * @brief Whether @p num is in the sequence set @p set.
 * @param set  the set, e.g. `1:4,7,9:*` (NUL-terminated)
 * @param num  the number asked about
 * @param star the value of `*`
 * @return 1 (in the set), 0 (not in it), -1 (@p set is malformed)
 */
int ex_seq_contains(const char *set, unsigned long num, unsigned long star);

#endif /* MM_EX_SEQ_CONTAINS_H */
