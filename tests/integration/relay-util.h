/*
 * relay-util.h -- helpers for the integration tests of chapter 7's
 * minimail-smtpd (relaying): start it with chosen options, wait (bounded)
 * for Maildirs and the spool, speak AUTH.  Builds on smtpd-util.h
 * (struct smtpd, replies, commands, Maildir counts).
 *
 * Test infrastructure, not part of the book: testlib and POSIX only.
 */
#ifndef MM_RELAY_UTIL_H
#define MM_RELAY_UTIL_H

#include <stddef.h>

#include "smtpd-util.h"

/** The program under test, relative to the build directory. */
#define RELAYD_PROG "chapters/07-relaying/minimail-smtpd"

/* The users of every relay test: alice and bob, PLAIN passwords. */
#define RELAY_USERS "alice:{PLAIN}secret\nbob:{PLAIN}hunter2\n"

/* Start RELAYD_PROG --listen LISTEN (NULL: 127.0.0.1:0) --maildir-root ROOT
 * --hostname HOST --domain HOST [--users FILE] EXTRA... (NULL-terminated),
 * after smtpd_prepare(); fails the test when it does not start. */
void relay_start(struct smtpd *d, const char *host, const char *listen,
                 const char *const *extra);

/* Wait (bounded, polling) until ROOT/MAILBOX/new holds @p want files;
 * returns the last count seen. */
int relay_wait_count(const struct smtpd *d, const char *mailbox, int want);

/* Entries in the spool ROOT/.spool/env. */
int relay_spool_count(const struct smtpd *d);

/* Wait (bounded) until the spool holds @p want entries; the last count. */
int relay_wait_spool(const struct smtpd *d, int want);

/* A port on 127.0.0.1 where nothing listens right now. */
void relay_free_port(char *port, size_t sz);

/* EHLO, then AUTH PLAIN with an initial response; expect 235. */
void relay_login(int fd, const char *user, const char *pass);

/* base64 of @p len octets (for the tests' own AUTH lines). */
void relay_b64(const void *in, size_t len, char *out, size_t outsz);

#endif /* MM_RELAY_UTIL_H */
