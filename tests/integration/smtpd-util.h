/*
 * smtpd-util.h -- helpers for the integration tests of minimail-smtpd
 * (chapter storing-mail): start the server on loopback with a fresh
 * Maildir root, speak SMTP to it with bounded waits, look at the Maildirs.
 *
 * Test infrastructure, not part of the book: it uses testlib and POSIX
 * only, never the modules under test.
 */
#ifndef MM_SMTPD_UTIL_H
#define MM_SMTPD_UTIL_H

#include <stddef.h>

#include "testlib.h"

/** Path of the program, relative to the build directory. */
#define SMTPD_PROG "chapters/05-storing-mail/smtpd"

/** A running minimail-smtpd and its Maildir root. */
struct smtpd {
    struct tl_proc p;     /* the server */
    char *dir;            /* a temporary directory for everything */
    char root[512];       /* DIR/mail: the Maildir root */
    char users[512];      /* DIR/users: the users file */
};

/* Make the temporary directory and write the users file (may be NULL:
 * no --users is passed then). */
void smtpd_prepare(struct smtpd *d, const char *users_text);

/* 1: smtpd_start() adds --threads (a thread per session, chapter 3's
 * server_threads.c); a test case's fixture sets it to run its tests
 * against that model too. */
extern int smtpd_threads;

/* Start minimail-smtpd --listen 127.0.0.1:0 --maildir-root ROOT
 * --hostname mx.example.test [--users FILE] [--threads] EXTRA...
 * (NULL-terminated); fails the test when it does not start. */
void smtpd_start(struct smtpd *d, const char *const *extra);

/* Both of the above, in one call. */
void smtpd_up(struct smtpd *d, const char *users_text, const char *const *extra);

/* Stop the server with SIGTERM (bounded) and remove the directory.
 * Returns the wait status. */
int smtpd_down(struct smtpd *d);

/* Connect and read the 220 greeting; returns the socket. */
int smtpd_connect(const struct smtpd *d);

/* Read one whole reply (all its lines); the last line, without CRLF, goes
 * to buf.  Returns the reply code, or -1 on timeout/EOF/garbage. */
int smtp_read_reply(int fd, char *buf, size_t bufsz);

/* Send one command line (CRLF added) and read its reply; fails the test
 * unless the reply's last line starts with @p want (e.g. "250 2.1.5"). */
void smtp_cmd(int fd, const char *line, const char *want);

/* EHLO, MAIL FROM, RCPT TO for each recipient (NULL-terminated, each must
 * get 250), DATA (354), the message (dot-stuffed here: a line starting
 * with '.' gets another '.'; each "\n" in @p text is sent as CRLF), ".".
 * The reply to "." must start with @p want.  Returns nothing; the
 * session stays open for more. */
void smtp_send_message(int fd, const char *from, const char *const *rcpts,
                       const char *text, const char *want);

/* Send QUIT, expect 221 and EOF, close. */
void smtp_quit(int fd);

/* Number of files in ROOT/MAILBOX/SUB (SUB = "new", "tmp", "cur");
 * -1 when the directory does not exist. */
int smtpd_count(const struct smtpd *d, const char *mailbox, const char *sub);

/* The content of the only file in ROOT/MAILBOX/new (malloc'ed,
 * NUL-terminated; the length in *len). Fails the test otherwise. */
char *smtpd_only_message(const struct smtpd *d, const char *mailbox, size_t *len);

/* The part of a stored message after its first two lines' trace fields:
 * skips "Return-Path:" and the folded "Received:" field. */
const char *smtpd_after_trace(const char *msg);

/* Wait (bounded) until the server's log contains @p what; 1 if it did. */
int smtpd_wait_log(const struct smtpd *d, const char *what);

#endif /* MM_SMTPD_UTIL_H */
