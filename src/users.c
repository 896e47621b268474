/**
 * @file users.c
 * @brief The users file (Dovecot passwd-file form): parsing, lookup,
 *        password check.
 *
 * @chapter{storing-mail}
 * @rfc none (Dovecot passwd-file; POSIX crypt(3))
 *
 * The file is small and read once at start-up, so a plain array and a
 * linear search are all it needs.  Two details matter more than speed:
 * a malformed line must be reported with its line number, and a password
 * check must not leak, through its timing, how much of a guess was right.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "users.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#ifdef HAVE_CRYPT_H
#include <crypt.h>      /* libxcrypt (Linux) declares crypt(3) here */
#endif

/* Dovecot's scheme names we understand, and how each is checked. */
static const struct {
    const char *name;
    enum users_scheme scheme;
} schemes[] = {
    { "PLAIN", USERS_PLAIN },        { "CLEAR", USERS_PLAIN },
    { "CLEARTEXT", USERS_PLAIN },    { "CRYPT", USERS_CRYPT },
    { "SHA512-CRYPT", USERS_CRYPT }, { "SHA256-CRYPT", USERS_CRYPT },
    { "MD5-CRYPT", USERS_CRYPT },    { "BLF-CRYPT", USERS_CRYPT },
};

static void set_err(char *err, size_t errsz, const char *msg)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s", msg);
}

/* A user name becomes a directory name: refuse what could escape the
 * Maildir root or confuse a reader. */
static int valid_name(const char *s, size_t len)
{
    if (len == 0 || s[0] == '.')
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7f || c == '/')
            return 0;
    }
    return 1;
}

int users_valid_name(const char *name)
{
    return valid_name(name, strlen(name));
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* [users-parse-line] */
int users_parse_line(const char *line, struct users_entry *entry,
                     char *err, size_t errsz)
{
    size_t len = strlen(line);

    entry->name = entry->secret = NULL;
    entry->scheme = USERS_NONE;
    if (len > 0 && line[len - 1] == '\r')       /* a file written on Windows */
        len--;
    /* Blank lines and comments ('#' as the first non-blank) are skipped. */
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len || line[i] == '#')
        return 0;

    /* USER ':' PASSWORD [ ':' ignored fields ... ] */
    const char *colon = memchr(line, ':', len);
    if (colon == NULL) {
        set_err(err, errsz, "missing ':' after the user name");
        return -1;
    }
    size_t nlen = (size_t)(colon - line);
    if (!valid_name(line, nlen)) {
        set_err(err, errsz, "bad user name (empty, starts with '.', or has '/', "
                            "blanks or control characters)");
        return -1;
    }
    const char *pw = colon + 1;
    const char *end = memchr(pw, ':', len - nlen - 1);
    size_t pwlen = end != NULL ? (size_t)(end - pw) : len - nlen - 1;

    /* An optional {SCHEME} prefix; without one, the field is a crypt(3)
     * hash (Dovecot's default scheme for passwd-file is CRYPT). */
    enum users_scheme scheme = pwlen == 0 ? USERS_NONE : USERS_CRYPT;
    if (pwlen > 0 && pw[0] == '{') {
        const char *close = memchr(pw, '}', pwlen);
        if (close == NULL) {
            set_err(err, errsz, "'{' without '}' in the password field");
            return -1;
        }
        size_t slen = (size_t)(close - pw - 1);
        size_t k;
        for (k = 0; k < sizeof schemes / sizeof schemes[0]; k++)
            if (strlen(schemes[k].name) == slen &&
                strncasecmp(schemes[k].name, pw + 1, slen) == 0)
                break;
        if (k == sizeof schemes / sizeof schemes[0]) {
            set_err(err, errsz, "unknown password scheme (known: PLAIN, CRYPT, "
                                "SHA512-CRYPT, SHA256-CRYPT, MD5-CRYPT, BLF-CRYPT)");
            return -1;
        }
        scheme = schemes[k].scheme;
        pwlen -= slen + 2;
        pw = close + 1;
        if (scheme == USERS_CRYPT && pwlen == 0) {
            set_err(err, errsz, "empty hash after the scheme");
            return -1;
        }
    }
    entry->name = dup_n(line, nlen);
    entry->secret = dup_n(pw, pwlen);
    entry->scheme = scheme;
    if (entry->name == NULL || entry->secret == NULL) {
        users_entry_free(entry);
        set_err(err, errsz, "out of memory");
        return -1;
    }
    return 1;
}
/* [users-parse-line] */

void users_entry_free(struct users_entry *entry)
{
    free(entry->name);
    if (entry->secret != NULL) {
        /* Do not leave passwords lying around in freed memory. */
        volatile char *p = entry->secret;
        while (*p != '\0')
            *p++ = '\0';
        free(entry->secret);
    }
    entry->name = entry->secret = NULL;
}

struct users *users_load(const char *path, char *err, size_t errsz)
{
    char msg[USERS_ERRLEN];
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (err != NULL && errsz > 0)
            snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct users *u = calloc(1, sizeof *u);
    size_t cap = 0, lineno = 0;
    char *line = NULL;
    size_t linecap = 0;
    ssize_t n;

    if (u == NULL)
        goto nomem;
    while ((n = getline(&line, &linecap, f)) >= 0) {
        lineno++;
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (memchr(line, '\0', (size_t)n) != NULL) {
            snprintf(msg, sizeof msg, "NUL byte in the line");
            goto bad_line;
        }
        struct users_entry e;
        int rc = users_parse_line(line, &e, msg, sizeof msg);
        if (rc < 0)
            goto bad_line;
        if (rc == 0)
            continue;
        for (size_t k = 0; k < u->count; k++) {
            if (strcmp(u->entries[k].name, e.name) == 0) {
                snprintf(msg, sizeof msg, "user '%s' named twice", e.name);
                users_entry_free(&e);
                goto bad_line;
            }
        }
        if (u->count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct users_entry *ne = realloc(u->entries, ncap * sizeof *ne);
            if (ne == NULL) {
                users_entry_free(&e);
                goto nomem;
            }
            u->entries = ne;
            cap = ncap;
        }
        u->entries[u->count++] = e;
    }
    if (ferror(f)) {
        if (err != NULL && errsz > 0)
            snprintf(err, errsz, "%s: read error: %s", path, strerror(errno));
        goto fail;
    }
    free(line);
    fclose(f);
    return u;

bad_line:
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s:%zu: %s", path, lineno, msg);
    goto fail;
nomem:
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s: out of memory", path);
fail:
    free(line);
    fclose(f);
    users_free(u);
    return NULL;
}

void users_free(struct users *u)
{
    if (u == NULL)
        return;
    for (size_t k = 0; k < u->count; k++)
        users_entry_free(&u->entries[k]);
    free(u->entries);
    free(u);
}

const struct users_entry *users_find(const struct users *u, const char *name)
{
    if (u == NULL)
        return NULL;
    for (size_t k = 0; k < u->count; k++)
        if (strcmp(u->entries[k].name, name) == 0)
            return &u->entries[k];
    for (size_t k = 0; k < u->count; k++)
        if (strcasecmp(u->entries[k].name, name) == 0)
            return &u->entries[k];
    return NULL;
}

/* [users-equal-ct] */
int users_equal_ct(const char *a, size_t alen, const char *b, size_t blen)
{
    /* Look at every byte of the longer string whatever the contents, and
     * collect differences with OR: no early exit, no branch on the data.
     * (volatile keeps the compiler from "optimising" the loop into one
     * that stops at the first difference.) */
    volatile unsigned char diff = (unsigned char)(alen != blen);
    size_t n = alen > blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        unsigned char ca = i < alen ? (unsigned char)a[i] : 0;
        unsigned char cb = i < blen ? (unsigned char)b[i] : 0;
        diff |= (unsigned char)(ca ^ cb);
    }
    return diff == 0;
}
/* [users-equal-ct] */

int users_check_password(const struct users_entry *e, const char *password)
{
    switch (e->scheme) {
    case USERS_NONE:
        return 0;
    case USERS_PLAIN:
        return users_equal_ct(e->secret, strlen(e->secret),
                              password, strlen(password));
    case USERS_CRYPT: {
        /* crypt(3) reads the method and salt from the front of the stored
         * hash ("$6$salt$..."), hashes the password the same way, and we
         * compare the results.  Failures come back as NULL or as a string
         * starting with '*' (libxcrypt), which never equals a real hash.
         * crypt() returns a buffer of its own that the next call
         * overwrites, and POSIX does not make it thread-safe: sessions
         * that are threads take turns, holding the lock until the
         * comparison is done (crypt_r() would avoid the lock, but it is
         * not POSIX and macOS lacks it). */
        static pthread_mutex_t crypt_lock = PTHREAD_MUTEX_INITIALIZER;
        int rc;
        pthread_mutex_lock(&crypt_lock);
        const char *h = crypt(password, e->secret);
        if (h == NULL || h[0] == '*')
            rc = -1;
        else
            rc = users_equal_ct(h, strlen(h), e->secret, strlen(e->secret));
        pthread_mutex_unlock(&crypt_lock);
        return rc;
    }
    }
    return 0;
}
