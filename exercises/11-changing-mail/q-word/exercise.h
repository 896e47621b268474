/**
 * @file exercise.h
 * @brief Exercise "q-word" (chapter 11, changing-mail): decode one RFC
 *        2047 encoded word in the Q encoding.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2047 §2 (encoded-word), §4.2 (the Q encoding), §6.3
 *      (malformed words)
 */
#ifndef MM_EX_Q_WORD_H
#define MM_EX_Q_WORD_H

#include <stddef.h>

/** What the starter returns: neither octets nor "malformed". */
#define EX_NOT_DONE (-2)

/**
 * @brief Decode `=?charset?Q?encoded-text?=` into its octets.
 *
 * The whole of @p word must be one encoded word: `=?`, a charset of at
 * least one character (no `?`), `?`, the letter `Q` or `q`, `?`, the
 * encoded text, `?=`.  In the text `_` stands for a space (0x20) and
 * `=XX` (two hex digits, either case) for the octet 0xXX; any other
 * printable ASCII character but `?` and the blank stands for itself.
 * The charset is not converted: the octets are returned as they are.
 *
 * @param word   the word (not NUL-terminated)
 * @param len    its length
 * @param out    receives the octets
 * @param outsz  the size of @p out
 * @return the number of octets, or -1 when @p word is not a well-formed
 *         Q word or the octets do not fit in @p outsz
 */
long ex_decode_q(const char *word, size_t len, char *out, size_t outsz);

#endif /* MM_EX_Q_WORD_H */
