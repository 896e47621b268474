/**
 * @file exercise.h
 * @brief Exercise "received-by" (chapter 13, mail-system): the BY domain
 *        of a Received field.
 *
 * @chapter{mail-system}
 * @rfc RFC 5321 §4.4 (the Stamp: From-domain By-domain Opt-info);
 *      RFC 5322 §3.2.2 (comments and folding white space)
 */
#ifndef MM_EX_RECEIVED_BY_H
#define MM_EX_RECEIVED_BY_H

#include <stddef.h>

/**
 * @brief Copy the BY domain of a Received field's value into @p by.
 *
 * The value is what follows `Received:`, folded or not (it may contain
 * CRLF or LF followed by a space or tab).  It is a series of words --
 * clause names (`from`, `by`, `via`, `with`, `id`, `for`, in any case)
 * each followed by its value -- separated by white space and comments;
 * a comment is text in parentheses, and may contain parentheses itself
 * (`(a (b) c)` is one comment) and a backslash-escaped parenthesis.
 * Everything from the first `;` on is the date, never a clause.  The BY
 * domain is the word after the word `by`; a word ends at white space, at
 * `(` or at `;`.  A word that merely contains "by" (`bypass`, `nearby`)
 * is not the clause.
 *
 * @param value  the field's value, NUL-terminated
 * @param by     receives the domain, NUL-terminated
 * @param bysz   size of @p by
 * @return 0, or -1 when there is no BY clause with a domain, or the
 *         domain does not fit in @p bysz (then @p by holds "" if
 *         @p bysz > 0)
 */
int ex_received_by(const char *value, char *by, size_t bysz);

#endif /* MM_EX_RECEIVED_BY_H */
