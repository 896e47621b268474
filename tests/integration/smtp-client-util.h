/*
 * smtp-client-util.h -- helpers for the integration tests of minimail-smtp
 * (chapter smtp-client): run the program with bounded waits and collect
 * its exit status, standard output and standard error; play a scripted
 * fake SMTP server on a loopback port.  Test infrastructure, not part of
 * the book: testlib and POSIX only, never the modules under test.
 */
#ifndef MM_SMTP_CLIENT_UTIL_H
#define MM_SMTP_CLIENT_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "testlib.h"

/** Path of the program, relative to the build directory. */
#define SMTP_CLIENT_PROG "chapters/06-smtp-client/minimail-smtp"

/** What one run of minimail-smtp did. */
struct client_run {
    int status;      /* exit status (0-255), or -1 if it did not exit normally */
    char *out;       /* its standard output (malloc'ed) */
    char *err;       /* its standard error (malloc'ed) */
    long ms;         /* how long it ran, in milliseconds */
};

/* Run minimail-smtp with args (NULL-terminated, without argv[0]), feeding
 * it input (may be NULL: standard input is closed at once).  Fails the
 * test if it does not exit within the test timeout. */
void client_run(struct client_run *r, const char *input, size_t inlen,
                const char *const *args);

/* Free what client_run() collected. */
void client_run_free(struct client_run *r);

/* One step of a fake server's script: expect this exact line from the
 * client (no CRLF; NULL: read nothing), then send these bytes (NULL:
 * nothing; "": hang up at once). */
struct fake_step {
    const char *expect;
    const char *send;
};

/* Listen on 127.0.0.1 port 0 and fork a child that accepts ONE
 * connection and plays the script (then reads to EOF).  The child exits
 * 0 when every step matched, 10+i when step i got another line, 2 when a
 * line was expected and none came.  With steps == NULL, nobody ever
 * accepts (a server that stalls before its greeting).  The port goes to
 * port; returns the child (its pid is 0 for steps == NULL: the listening
 * socket is then kept open in *listen_fd). */
pid_t fake_server(const struct fake_step *steps, char *port, size_t portsz, int *listen_fd);

/* Wait (bounded) for the fake server and return its exit status (-1 if
 * it did not exit by itself). */
int fake_server_wait(pid_t pid);

#endif /* MM_SMTP_CLIENT_UTIL_H */
