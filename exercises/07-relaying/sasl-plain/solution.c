/*
 * solution.c -- exercise "sasl-plain": the reference ex_sasl_plain().
 * (src/sasl.c and src/smtp_auth.c do the same, in sasl_decode(),
 * sasl_plain_split() and smtp_auth_check().)
 */
#include "exercise.h"

#include <string.h>

#include "base64.h"

/* Copy [p, p+n) into dst as a string; -1 if it does not fit. */
static int copy(char *dst, size_t dstsz, const unsigned char *p, size_t n)
{
    if (n >= dstsz)
        return -1;
    memcpy(dst, p, n);
    dst[n] = '\0';
    return 0;
}

int ex_sasl_plain(const char *b64, char *user, size_t usersz, char *pass, size_t passsz)
{
    unsigned char msg[1024];
    long n;

    if (strcmp(b64, "=") == 0)                    /* the empty response */
        return EX_PLAIN_MALFORMED;
    if ((n = base64_decode(b64, strlen(b64), msg, sizeof msg)) < 0)
        return EX_PLAIN_MALFORMED;
    const unsigned char *end = msg + n;
    const unsigned char *nul1 = memchr(msg, '\0', (size_t)n);
    if (nul1 == NULL)
        return EX_PLAIN_MALFORMED;
    const unsigned char *nul2 = memchr(nul1 + 1, '\0', (size_t)(end - nul1 - 1));
    if (nul2 == NULL || memchr(nul2 + 1, '\0', (size_t)(end - nul2 - 1)) != NULL)
        return EX_PLAIN_MALFORMED;
    size_t zlen = (size_t)(nul1 - msg), clen = (size_t)(nul2 - nul1 - 1);
    if (clen == 0 || nul2 + 1 == end)
        return EX_PLAIN_MALFORMED;
    if (copy(user, usersz, nul1 + 1, clen) < 0 ||
        copy(pass, passsz, nul2 + 1, (size_t)(end - nul2 - 1)) < 0)
        return EX_PLAIN_MALFORMED;
    if (zlen != 0 && (zlen != clen || memcmp(msg, nul1 + 1, zlen) != 0))
        return EX_PLAIN_PROXY;
    return 0;
}
