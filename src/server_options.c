/**
 * @file server_options.c
 * @brief The common options of the servers: parsing, checking, running.
 *
 * @chapter{serving-many}
 * @rfc none (POSIX getopt, BSD sysexits.h)
 *
 * Every server of minimail, from chapter 3's manyd to chapter 9's
 * minimail-imapd, starts the same way: parse `--listen`, `--stdio`,
 * `--trace`, `--timeout`, `--max-sessions`, `--help` and `--version`,
 * refuse bad values with exit code EX_USAGE and a message naming the
 * option, and end by serving on standard input/output or by listening.
 * This file is that common part, so each program's main() holds only
 * what is its own.  It writes the values straight into the structures
 * the program already has (struct server_config, the protocol's idle
 * timeout): the defaults stay visible where the program sets them up.
 */
#include "config.h"

#include "server_options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "trace.h"

long long server_parse_number(const char *s, long long min, long long max)
{
    char *end;
    long long v;

    /* strtoll() alone would take " 12", "+12" and "-0": demand a digit. */
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    return v;
}

int server_options_number(const char *opt, const char *arg, long long min,
                          long long max, const char *expect, long long *val)
{
    long long v = server_parse_number(arg, min, max);

    if (v < 0) {
        log_msg("bad --%s '%s': expected %s", opt, arg, expect);
        return -1;
    }
    *val = v;
    return 0;
}

int server_options_handle(struct server_options *o, int opt, const char *arg)
{
    long long n;

    switch (opt) {
    case SERVER_OPT_LISTEN:
        o->server->listen = arg;     /* checked by server_options_check() */
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_STDIO:
        o->stdio = 1;
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_TRACE:
        o->trace = 1;
        trace_enable(STDERR_FILENO);
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_TIMEOUT:
        /* Sessions wait in milliseconds held in an int: by default the
         * limit is what fits there. */
        if (server_options_number("timeout", arg, 1,
                                  o->max_timeout_s > 0 ? o->max_timeout_s
                                                       : INT_MAX / 1000,
                                  "seconds (1 or more)", &n) < 0)
            return EX_USAGE;
        *o->idle_timeout_s = (int)n;
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_MAX_SESSIONS:
        if (server_options_number("max-sessions", arg, 1, 100000,
                                  "1 to 100000", &n) < 0)
            return EX_USAGE;
        o->server->max_sessions = (unsigned)n;
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_THREADS:
        o->server->threads = 1;     /* server_threads.c instead of fork */
        return SERVER_OPTION_TAKEN;
    case SERVER_OPT_HELP:
        o->usage(stdout);
        return EX_OK;
    case SERVER_OPT_VERSION:
        printf("%s (minimail) %s\n", o->name, PACKAGE_VERSION);
        return EX_OK;
    default:
        return SERVER_OPTION_NOT_MINE;
    }
}

int server_options_check(const struct server_options *o)
{
    char host[NET_ADDRSTRLEN], port[8];

    /* Fail now, with the option's name, rather than at bind time. */
    if (net_split_hostport(o->server->listen, host, sizeof host, port,
                           sizeof port) < 0) {
        log_msg("bad --listen '%s': expected HOST:PORT or [V6ADDR]:PORT",
                o->server->listen);
        return EX_USAGE;
    }
    return EX_OK;
}

int server_options_run(const struct server_options *o)
{
    char err[NET_ERRLEN];

    /* A client that stops reading is given as long as one that stops
     * talking (server.h, SERVER_DEFAULT_SEND_TIMEOUT_S). */
    if (o->server->send_timeout_s == 0 && o->idle_timeout_s != NULL && *o->idle_timeout_s > 0)
        o->server->send_timeout_s = *o->idle_timeout_s;

    if (o->stdio)
        return server_run_stdio(o->server) == 0 ? EX_OK : EX_IOERR;
    if (server_run(o->server, err, sizeof err) < 0) {
        log_msg("%s", err);
        return EX_UNAVAILABLE;
    }
    return EX_OK;
}
