/**
 * @file exercise.h
 * @brief Exercise "wildcard-match" (chapter 9, mailboxes): match a mailbox
 *        name against a LIST pattern with `*` and `%`.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.8 (LIST: the wildcards `*` and `%`)
 */
#ifndef MM_EX_WILDCARD_MATCH_H
#define MM_EX_WILDCARD_MATCH_H

/**
 * @brief Does @p pattern match the whole of @p name?
 *
 * - `*` matches zero or more characters of any kind;
 * - `%` matches zero or more characters other than @p delim;
 * - any other character matches itself (case-sensitively).
 *
 * The time taken must not grow exponentially with the number of
 * wildcards: `*%*%*%*%x` against a long name without `x` must answer at
 * once.
 *
 * @param pattern  the LIST pattern (reference and pattern already joined)
 * @param name     a mailbox name
 * @param delim    the hierarchy delimiter, e.g. '.'
 * @return 1 on a match, 0 otherwise; -1 only in the starter (not done)
 */
int ex_list_match(const char *pattern, const char *name, char delim);

#endif /* MM_EX_WILDCARD_MATCH_H */
