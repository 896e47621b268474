/*
 * solution.c -- exercise "users-line": a reference ex_users_line().
 * (src/users.c does the same in users_parse_line(), with more schemes.)
 */
#include "exercise.h"

#include <string.h>
#include <strings.h>

/* Copy n bytes and a NUL into out (size outsz); -1 if they do not fit. */
static int copy_out(char *out, size_t outsz, const char *s, size_t n)
{
    if (n + 1 > outsz)
        return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

int ex_users_line(const char *line, char *name, size_t namesz, enum ex_scheme *scheme,
                  char *secret, size_t secretsz)
{
    size_t i = strspn(line, " \t");
    if (line[i] == '\0' || line[i] == '#')
        return 0;

    const char *colon = strchr(line, ':');
    if (colon == NULL)
        return -1;
    size_t nlen = (size_t)(colon - line);
    if (nlen == 0 || line[0] == '.')
        return -1;
    for (size_t k = 0; k < nlen; k++) {
        unsigned char c = (unsigned char)line[k];
        if (c <= ' ' || c == 0x7f || c == '/')
            return -1;
    }

    const char *pw = colon + 1;
    size_t pwlen = strcspn(pw, ":");
    enum ex_scheme sch = pwlen == 0 ? EX_SCHEME_NONE : EX_SCHEME_CRYPT;
    if (pwlen > 0 && pw[0] == '{') {
        const char *close = memchr(pw, '}', pwlen);
        if (close == NULL)
            return -1;
        size_t slen = (size_t)(close - pw - 1);
        if (slen == 5 && strncasecmp(pw + 1, "PLAIN", 5) == 0)
            sch = EX_SCHEME_PLAIN;
        else if (slen == 5 && strncasecmp(pw + 1, "CRYPT", 5) == 0)
            sch = EX_SCHEME_CRYPT;
        else
            return -1;
        pwlen -= slen + 2;
        pw = close + 1;
        if (sch == EX_SCHEME_CRYPT && pwlen == 0)
            return -1;
    }
    if (copy_out(name, namesz, line, nlen) < 0 || copy_out(secret, secretsz, pw, pwlen) < 0)
        return -1;
    *scheme = sch;
    return 1;
}
