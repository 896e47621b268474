/**
 * @file manyd.c
 * @brief Chapter 3 stage program: the lines protocol, one process per client.
 *
 * @chapter{serving-many}
 * @rfc RFC 5321 §3.8 (421 replies), §4.5.3.2.7 (server timeout: 5 minutes)
 *
 * The same conversation as chapter 2's lined -- it calls the very same
 * lines_session() -- but served by server.c: every connection gets its
 * own process, so fifty clients are served at once instead of one after
 * another.  What this program adds is only configuration: which session
 * function to run, the refusal line for connection number
 * --max-sessions + 1, and the idle timeout the session enforces.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <sysexits.h>

#include "lines_session.h"
#include "log.h"
#include "server.h"
#include "server_options.h"
#include "signals.h"

/* [serving-many-manyd-session] */
/* The glue between the generic server and the lines protocol: server.c
 * knows nothing of lines, lines_session() knows nothing of fork.  The
 * peer is already in the parent's "connect from" log line. */
static int manyd_session(int in_fd, int out_fd, const char *peer, void *arg)
{
    const struct lines_config *lc = arg;

    (void)peer;
    return lines_session(in_fd, out_fd, lc);
}
/* [serving-many-manyd-session] */

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: manyd [OPTION]...\n"
        "The lines protocol server of minimail, chapter 3: one process per\n"
        "client, a connection limit, an idle timeout, clean shutdown on\n"
        "SIGTERM or SIGINT.\n"
        "\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:2525;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     close a session idle this long (default 300)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --threads             a thread per session instead of a process\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        SERVER_OPTIONS_LONG,                /* --listen ... --version */
        { NULL, 0, NULL, 0 }
    };
    /* [serving-many-manyd-config] */
    struct lines_config lc = {
        .idle_timeout_s = 300,          /* RFC 5321 §4.5.3.2.7: at least 5 minutes */
        .stop = &signals_stop,          /* set by SIGTERM/SIGINT (signals.c) */
    };
    struct server_config sc = {
        .listen = "127.0.0.1:2525",
        .max_sessions = 20,
        .busy_reply = "421 Too many connections, try again later",
        .session = manyd_session,
        .arg = &lc,
    };
    /* [serving-many-manyd-config] */
    struct server_options so = {
        .name = "manyd", .usage = usage, .server = &sc,
        .idle_timeout_s = &lc.idle_timeout_s,
        .max_timeout_s = INT_MAX,
    };
    int opt, rc;

    log_init(argv[0]);
    /* manyd has no options of its own: all of them are the common ones. */
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = server_options_handle(&so, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        usage(stderr);                  /* an unknown option */
        return EX_USAGE;
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if ((rc = server_options_check(&so)) != EX_OK)
        return rc;
    return server_options_run(&so);
}
