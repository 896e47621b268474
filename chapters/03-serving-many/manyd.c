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
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "lines_session.h"
#include "log.h"
#include "net.h"
#include "server.h"
#include "signals.h"
#include "trace.h"

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
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

/* A whole decimal number in [min, max], or -1. */
static long parse_number(const char *s, long min, long max)
{
    char *end;
    long v;

    if (*s < '0' || *s > '9')
        return -1;
    v = strtol(s, &end, 10);
    if (*end != '\0' || v < min || v > max)
        return -1;
    return v;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "listen",       required_argument, NULL, 'l' },
        { "stdio",        no_argument,       NULL, 's' },
        { "trace",        no_argument,       NULL, 't' },
        { "timeout",      required_argument, NULL, 'T' },
        { "max-sessions", required_argument, NULL, 'm' },
        { "help",         no_argument,       NULL, 'h' },
        { "version",      no_argument,       NULL, 'V' },
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
    int use_stdio = 0, opt;
    long n;
    char err[NET_ERRLEN], host[NET_ADDRSTRLEN], port[8];

    log_init(argv[0]);
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'l': sc.listen = optarg; break;
        case 's': use_stdio = 1; break;
        case 't': trace_enable(STDERR_FILENO); break;
        case 'T':
            if ((n = parse_number(optarg, 1, INT_MAX)) < 0) {
                log_msg("bad --timeout '%s': expected seconds (1 or more)", optarg);
                return EX_USAGE;
            }
            lc.idle_timeout_s = (int)n;
            break;
        case 'm':
            if ((n = parse_number(optarg, 1, 100000)) < 0) {
                log_msg("bad --max-sessions '%s': expected 1 to 100000", optarg);
                return EX_USAGE;
            }
            sc.max_sessions = (unsigned)n;
            break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("manyd (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if (net_split_hostport(sc.listen, host, sizeof host, port, sizeof port) < 0) {
        log_msg("bad --listen '%s': expected HOST:PORT or [V6ADDR]:PORT", sc.listen);
        return EX_USAGE;
    }

    if (use_stdio)
        return server_run_stdio(&sc) == 0 ? EX_OK : EX_IOERR;
    if (server_run(&sc, err, sizeof err) < 0) {
        log_msg("%s", err);
        return EX_UNAVAILABLE;
    }
    return EX_OK;
}
