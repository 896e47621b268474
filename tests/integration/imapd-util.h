/*
 * imapd-util.h -- helpers for the integration tests of the IMAP servers
 * (chapters imap-conversation to changing-mail): start a server on
 * loopback over a fresh Maildir root, speak IMAP to it with bounded waits,
 * put messages into the Maildir the way a delivery agent does, and run a
 * server to completion to check its exit status and messages.
 *
 * Test infrastructure, not part of the book: it uses testlib and POSIX
 * only, never the modules under test.  Every wait is bounded by testlib's
 * timeout, so a broken server fails the test instead of hanging it.
 */
#ifndef MM_IMAPD_UTIL_H
#define MM_IMAPD_UTIL_H

#include <stddef.h>

#include "testlib.h"

/* A test's temporary directory and its Maildir root, and a server. */
struct imapd {
    struct tl_proc p;     /* the server (after imapd_start()) */
    int running;          /* imapd_start() succeeded */
    const char *prog;     /* the program, relative to the build directory */
    char *dir;            /* a temporary directory for everything */
    char root[512];       /* DIR/mail: the Maildir root (--maildir-root) */
};

/* Make the temporary directory for @p prog (e.g.
 * "chapters/11-changing-mail/minimail-imapd"); nothing is started. */
void imapd_prepare(struct imapd *d, const char *prog);

/* Make ROOT/USER with tmp/, new/ and cur/ (ROOT too). */
void imapd_make_maildir(const char *root, const char *user);

/* Start PROG --listen 127.0.0.1:0 --users tests/dialogs/imap-conversation/users
 * --maildir-root ROOT EXTRA... (NULL-terminated, may be NULL) as @p p;
 * fails the test when it does not start.  The users file has alice with
 * password "secret" (and others, see that file). */
void imapd_spawn(struct tl_proc *p, const char *prog, const char *root,
                 const char *const *extra);

/* The users file of the IMAP tests and dialogs (in the source tree). */
const char *imapd_users_file(void);

/* imapd_spawn() of d->prog over d->root into d->p. */
void imapd_start(struct imapd *d, const char *const *extra);

/* Stop the server (SIGTERM, bounded) if it runs, remove the directory.
 * Returns the server's wait status, or 0 when none ran. */
int imapd_down(struct imapd *d);

/* Connect, read the greeting (it must start `* OK [CAPABILITY IMAP4rev1 `),
 * LOGIN as @p user with @p password and expect OK; returns the socket. */
int imap_login(const struct tl_proc *p, const char *user, const char *password);

/* Send "TAG COMMAND" (CRLF added) and read up to the tagged response.
 * The untagged lines before it (CRLF kept, concatenated) go to *untagged
 * when it is not NULL.  Returns the tagged line (CRLF kept).  Both are
 * static buffers, two generations deep: the results of the previous call
 * stay valid through the next one.  Fails the test on timeout or EOF. */
const char *imap_cmd(int fd, const char *tag, const char *command, const char **untagged);

/* imap_login() as @p user, then SELECT INBOX (which must say OK); the socket. */
int imap_select_inbox(const struct tl_proc *p, const char *user, const char *password);

/* Send "Q COMMAND" (a SEARCH or UID SEARCH): it must answer OK with exactly
 * the untagged line @p want among its untagged responses ("* SEARCH 1 3"). */
void imap_expect_search(int fd, const char *command, const char *want);

/* Deliver @p n small messages into USER's INBOX (@p folder NULL) or into
 * folder .FOLDER (Maildir++), as a delivery agent does: write in tmp/,
 * rename into new/.  Each has "Subject: K" and body "body K" with K a
 * counter that runs over the whole test program. */
void imapd_drop(const char *root, const char *user, const char *folder, int n);

/* Like imapd_drop() for one message with the given content (written as is). */
void imapd_drop_text(const char *root, const char *user, const char *folder,
                     const char *text);

/* How many times @p part occurs in @p text. */
int imap_occurrences(const char *text, const char *part);

/* The number after @p key in @p text ("UIDVALIDITY 123" -> 123), or -1. */
long imap_num_after(const char *text, const char *key);

/* Run PROG with @p args (NULL-terminated), stdin closed, to its end; its
 * exit code; its stdout and stderr (malloc'ed) when asked for. */
int imapd_run(const char *prog, const char *const *args, char **out, char **err);

/* imapd_run() must end with exit code @p code, and its stderr contain
 * @p what when that is not NULL. */
void imapd_expect_exit(const char *prog, const char *const *args, int code, const char *what);

/* @p text contains @p part. */
#define IMAP_HAS(text, part) \
    ck_assert_msg(strstr(text, part) != NULL, "\"%s\" lacks \"%s\"", text, part)
/* A tagged line says OK. */
#define IMAP_OK(t) ck_assert_msg(strstr(t, " OK ") != NULL, "not OK: %s", t)

#endif /* MM_IMAPD_UTIL_H */
