/**
 * @file exercise.h
 * @brief Exercise "users-line" (chapter 5, storing-mail): parse one line of
 *        a users file in Dovecot's passwd-file form.
 *
 * @chapter{storing-mail}
 * @rfc none (Dovecot passwd-file; POSIX crypt(3) hashes)
 */
#ifndef MM_EX_USERS_LINE_H
#define MM_EX_USERS_LINE_H

#include <stddef.h>

/** How the password of a user line is stored. */
enum ex_scheme {
    EX_SCHEME_NONE = 0,  /**< empty password field (`dave:`): no login */
    EX_SCHEME_PLAIN,     /**< `{PLAIN}secret` (scheme name in any case) */
    EX_SCHEME_CRYPT      /**< `{CRYPT}hash`, or a field without `{...}`: a crypt(3) hash */
};

/**
 * @brief Parse one line of a users file.
 *
 * - A blank line (only spaces and tabs) or a comment (first non-blank
 *   character `#`) is skipped: result 0.
 * - A user line is `NAME:PASSWORD`, optionally followed by `:` and more
 *   fields, which are ignored.  NAME is not empty, does not start with
 *   `.`, and has no `/`, space, tab or other control character.
 *   PASSWORD is empty (EX_SCHEME_NONE), `{PLAIN}...` (EX_SCHEME_PLAIN),
 *   `{CRYPT}...` (EX_SCHEME_CRYPT; the hash may not be empty), or text
 *   without a `{` prefix (EX_SCHEME_CRYPT).  Scheme names are
 *   case-insensitive; any other scheme is an error.  @p secret receives
 *   the password field without the `{SCHEME}` prefix.  Result 1.
 * - Anything else (no `:`, a bad name, an unknown or unclosed scheme, a
 *   name or secret that does not fit its buffer) is malformed: result -1.
 *
 * @param line      the line, without its LF
 * @param name      receives the user name
 * @param namesz    size of @p name
 * @param scheme    receives the scheme
 * @param secret    receives the password or hash
 * @param secretsz  size of @p secret
 * @return 1 for a user line, 0 for a blank or comment line, -1 if malformed
 */
int ex_users_line(const char *line, char *name, size_t namesz, enum ex_scheme *scheme,
                  char *secret, size_t secretsz);

#endif /* MM_EX_USERS_LINE_H */
