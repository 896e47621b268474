/**
 * @file exercise.h
 * @brief Exercise "unique-name" (chapter 5, storing-mail): build a Maildir
 *        file name that no other delivery can ever use.
 *
 * @chapter{storing-mail}
 * @rfc qmail maildir(5); the unique-name rules of cr.yp.to/proto/maildir.html
 */
#ifndef MM_EX_UNIQUE_NAME_H
#define MM_EX_UNIQUE_NAME_H

#include <stddef.h>

/**
 * @brief Write a Maildir unique name: `SECS.M<usec>P<pid>Q<counter>.HOST`.
 *
 * The numbers are written in decimal without leading zeros (or padding).
 * In @p host every `/` is written as the four characters `\057` and every
 * `:` as `\072` (a `/` would split the path, a `:` starts the flags part of
 * a name in cur/); every other character is copied.  An empty @p host is
 * written as `localhost`.  If the name and its NUL do not fit in
 * @p bufsz bytes, nothing useful is written and the result is -1.
 *
 * Example: secs 1795786238, usec 440262, pid 13667, counter 2, host
 * "mx.example" give `1795786238.M440262P13667Q2.mx.example`.
 *
 * @param buf      receives the name, NUL-terminated
 * @param bufsz    size of @p buf in bytes
 * @param secs     seconds since 1970 (the clock)
 * @param usec     microseconds within that second (0..999999)
 * @param pid      the delivering process's id
 * @param counter  how many deliveries this process has made, this one included
 * @param host     the host name, as gethostname(2) gives it
 * @return 0 on success, -1 if it does not fit
 */
int ex_unique_name(char *buf, size_t bufsz, long long secs, long usec, long pid,
                   unsigned long counter, const char *host);

#endif /* MM_EX_UNIQUE_NAME_H */
