/**
 * @file sasl.c
 * @brief Decoding SASL responses and the PLAIN message, for the server side.
 *
 * @chapter{relaying}
 * @rfc RFC 4616 §2 (PLAIN), RFC 4954 §4 (the `=` for an empty response)
 *
 * Two small functions: the strict base64 of chapter 6 plus RFC 4954's
 * one special case, and the PLAIN message taken apart at its NULs.  Both
 * are strict on purpose: the text comes from the network, and "be
 * liberal in what you accept" has a poor record where passwords are
 * concerned.
 */
#include "sasl.h"
#include "base64.h"

#include <string.h>

/* [sasl-decode] */
int sasl_decode(const char *text, int initial, unsigned char *out, size_t outsz,
                size_t *outlen)
{
    long n;

    /* RFC 4954 §4: on the AUTH line an empty response would be no
     * response at all, so it is written "=". */
    if (initial && strcmp(text, "=") == 0) {
        *outlen = 0;
        if (outsz > 0)
            out[0] = '\0';
        return 0;
    }
    if ((n = base64_decode(text, strlen(text), out, outsz)) < 0)
        return -1;
    *outlen = (size_t)n;
    return 0;
}
/* [sasl-decode] */

/* Copy field [p, p+n) into dst as a string; -1 if it does not fit. */
static int copy_field(char *dst, const unsigned char *p, size_t n)
{
    if (n >= SASL_FIELD_MAX)
        return -1;
    memcpy(dst, p, n);
    dst[n] = '\0';
    return 0;
}

/* [sasl-plain-split] */
int sasl_plain_split(const unsigned char *msg, size_t len, struct sasl_plain *out)
{
    /* RFC 4616 §2:  message = [authzid] UTF8NUL authcid UTF8NUL passwd */
    const unsigned char *nul1 = memchr(msg, '\0', len);
    const unsigned char *nul2, *end = msg + len;

    if (nul1 == NULL)
        return -1;
    nul2 = memchr(nul1 + 1, '\0', (size_t)(end - (nul1 + 1)));
    if (nul2 == NULL || memchr(nul2 + 1, '\0', (size_t)(end - (nul2 + 1))) != NULL)
        return -1;                        /* one NUL, or three: not PLAIN */
    if (nul2 == nul1 + 1 || nul2 + 1 == end)
        return -1;                        /* authcid and passwd are 1*SAFE */
    if (copy_field(out->authzid, msg, (size_t)(nul1 - msg)) < 0 ||
        copy_field(out->authcid, nul1 + 1, (size_t)(nul2 - (nul1 + 1))) < 0 ||
        copy_field(out->passwd, nul2 + 1, (size_t)(end - (nul2 + 1))) < 0)
        return -1;
    return 0;
}
/* [sasl-plain-split] */
