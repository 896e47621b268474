/**
 * @file base64.c
 * @brief Base64 encoding and strict decoding.
 *
 * @chapter{smtp-client}
 * @rfc RFC 4648 §4 and §3.5
 *
 * Three octets are 24 bits; base64 cuts them into four groups of six bits
 * and writes each group as one letter of a 64-character alphabet:
 *
 *     octets   'M'      'a'      'n'
 *     bits     01001101 01100001 01101110
 *     groups   010011 010110 000101 101110
 *     letters  T      W      F      u        -> "TWFu"
 *
 * When the input is not a multiple of three, the last group is filled
 * with zero bits and "=" stands for each missing letter, so that every
 * encoding is a multiple of four characters long (RFC 4648 §4).
 */
#include "base64.h"

#include <string.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_len(size_t n) { return (n + 2) / 3 * 4; }

/* [base64-encode] */
size_t base64_encode(const void *in, size_t n, char *out, size_t outsz)
{
    const unsigned char *p = in;
    size_t need = base64_encoded_len(n), o = 0, i;

    if (outsz < need + 1) {
        if (outsz > 0)
            out[0] = '\0';
        return (size_t)-1;
    }
    for (i = 0; i + 2 < n; i += 3) {        /* whole groups of three */
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];

        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63];
        out[o++] = alphabet[v & 63];
    }
    if (n - i == 1) {                       /* one octet left: 2 letters, "==" */
        unsigned long v = (unsigned long)p[i] << 16;

        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {                /* two left: 3 letters, "=" */
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;

        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}
/* [base64-encode] */

/* The value of one alphabet letter, or -1. */
static int letter_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

long base64_decode(const char *in, size_t len, void *out, size_t outsz)
{
    unsigned char *o = out;
    size_t n = 0, i;

    if (len % 4 != 0)
        return -1;
    for (i = 0; i < len; i += 4) {
        int v[4], k, pad = 0;
        unsigned long bits;

        for (k = 0; k < 4; k++) {
            unsigned char c = (unsigned char)in[i + k];

            if (c == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            if (pad > 0)            /* a letter after "=": "ab=c" */
                return -1;
            v[k] = letter_value(c);
            if (v[k] < 0)
                return -1;
        }
        bits = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12
             | (unsigned long)v[2] << 6 | (unsigned long)v[3];
        /* RFC 4648 §3.5: the bits that padding stands for must be zero,
         * or two different texts would decode to the same octets. */
        if ((pad == 1 && (bits & 0xff) != 0) || (pad == 2 && (bits & 0xffff) != 0))
            return -1;
        if (n + (size_t)(3 - pad) > outsz)
            return -1;
        o[n++] = (unsigned char)(bits >> 16);
        if (pad < 2)
            o[n++] = (unsigned char)(bits >> 8 & 0xff);
        if (pad < 1)
            o[n++] = (unsigned char)(bits & 0xff);
    }
    if (n < outsz)
        o[n] = '\0';
    return (long)n;
}
