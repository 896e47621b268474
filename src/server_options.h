/**
 * @file server_options.h
 * @brief The command-line options every minimail server shares, parsed
 *        and checked in one place, and the run step that ends main().
 *
 * @chapter{serving-many}
 * @rfc none (POSIX getopt, BSD sysexits.h)
 *
 * From chapter 3 on, every server program takes the same handful of
 * options: `--listen HOST:PORT`, `--stdio`, `--trace`, `--timeout
 * SECONDS`, `--max-sessions N`, `--threads`, `--help` and `--version`.  Rather than
 * have each main() repeat them, a program puts #SERVER_OPTIONS_LONG into
 * its getopt_long() table, tells a struct server_options *where* the
 * values go (its struct server_config, its idle timeout), and offers
 * every option to server_options_handle() before its own switch.  At the
 * end, server_options_run() serves on standard input/output or listens,
 * and returns the exit code.  A program's main() keeps only its own
 * options and the glue between the modules it uses.
 */
#ifndef MM_SERVER_OPTIONS_H
#define MM_SERVER_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "server.h"

/** getopt_long() codes of the common options: above every `char`, so
 *  they never collide with a program's own codes. */
enum server_option_code {
    SERVER_OPT_LISTEN = 0x1000, /**< --listen HOST:PORT */
    SERVER_OPT_STDIO,           /**< --stdio */
    SERVER_OPT_TRACE,           /**< --trace */
    SERVER_OPT_TIMEOUT,         /**< --timeout SECONDS */
    SERVER_OPT_MAX_SESSIONS,    /**< --max-sessions N */
    SERVER_OPT_THREADS,         /**< --threads */
    SERVER_OPT_HELP,            /**< --help */
    SERVER_OPT_VERSION          /**< --version */
};

/**
 * @brief The common entries of a `struct option` table, for
 *        getopt_long(): put it in the program's table, before the
 *        terminating `{ NULL, 0, NULL, 0 }`.
 */
#define SERVER_OPTIONS_LONG                                            \
    { "listen",       required_argument, NULL, SERVER_OPT_LISTEN },    \
    { "stdio",        no_argument,       NULL, SERVER_OPT_STDIO },     \
    { "trace",        no_argument,       NULL, SERVER_OPT_TRACE },     \
    { "timeout",      required_argument, NULL, SERVER_OPT_TIMEOUT },   \
    { "max-sessions", required_argument, NULL, SERVER_OPT_MAX_SESSIONS }, \
    { "threads",      no_argument,       NULL, SERVER_OPT_THREADS },   \
    { "help",         no_argument,       NULL, SERVER_OPT_HELP },      \
    { "version",      no_argument,       NULL, SERVER_OPT_VERSION }

/** server_options_handle(): the option was one of the common ones and
 *  was taken; go on parsing. */
#define SERVER_OPTION_TAKEN (-1)

/** server_options_handle(): not a common option; the program's own
 *  switch decides. */
#define SERVER_OPTION_NOT_MINE (-2)

/**
 * @brief What the common options need to know, and what they found.
 *
 * The program fills in the first five members (designated initializers);
 * the defaults stay where they always were, in the program's struct
 * server_config and protocol configuration, and an option overwrites them.
 */
struct server_options {
    const char *name;             /**< program name for --version */
    void (*usage)(FILE *f);       /**< prints the program's help to @p f */
    struct server_config *server; /**< --listen and --max-sessions go here */
    int *idle_timeout_s;          /**< --timeout goes here (seconds) */
    int max_timeout_s;            /**< largest --timeout; 0 = INT_MAX / 1000
                                       (what fits in milliseconds in an int) */
    int stdio;                    /**< set by --stdio: serve fd 0/1 once */
    int trace;                    /**< set by --trace (trace already enabled) */
};

/**
 * @brief Parse a whole decimal number in [@p min, @p max].
 *
 * Only digits are accepted: no sign, no spaces, no suffix, no overflow.
 *
 * @param s   the text
 * @param min smallest value accepted (>= 0)
 * @param max largest value accepted
 * @return the number, or -1 when @p s is not one in range
 */
long long server_parse_number(const char *s, long long min, long long max);

/**
 * @brief Parse a whole decimal number in [@p min, @p max] given to
 *        option `--`@p opt, with a clear message when it is not one.
 *
 * As server_parse_number(); on error it logs `bad --OPT 'ARG': expected EXPECT` (log.h) and returns -1.
 *
 * @param opt    the option's name without the dashes, for the message
 * @param arg    the option's argument
 * @param min    smallest value accepted (>= 0)
 * @param max    largest value accepted
 * @param expect what a good value looks like, e.g. "1 to 100000"
 * @param[out] val the number, when 0 is returned
 * @return 0, or -1 with the message logged
 */
int server_options_number(const char *opt, const char *arg, long long min,
                          long long max, const char *expect, long long *val);

/**
 * @brief Offer one getopt_long() result to the common options.
 *
 * --listen and --max-sessions are stored in `o->server`, --timeout in
 * `*o->idle_timeout_s`, --stdio and --trace in @p o (--trace also turns
 * the wire trace on, on standard error); --help prints `o->usage` to
 * standard output, --version `NAME (minimail) VERSION`.
 *
 * @param o   the program's options
 * @param opt what getopt_long() returned
 * @param arg its optarg
 * @return #SERVER_OPTION_TAKEN (go on), #SERVER_OPTION_NOT_MINE (the
 *         program's own option), or an exit code for main() to return
 *         at once: EX_OK after --help or --version, EX_USAGE after a bad
 *         value (the message is logged)
 */
int server_options_handle(struct server_options *o, int opt, const char *arg);

/**
 * @brief Check the common options once parsing is over: that --listen
 *        is of the form HOST:PORT or [V6ADDR]:PORT.
 *
 * @param o the program's options
 * @return EX_OK, or EX_USAGE with the message logged
 */
int server_options_check(const struct server_options *o);

/**
 * @brief Run the configured server: one session on standard
 *        input/output with --stdio (server_run_stdio()), else listen and
 *        serve until SIGTERM or SIGINT (server_run()).
 *
 * Unless the program set server_config.send_timeout_s itself, a client
 * gets as long to take what a session writes as it gets to send its next
 * command: the idle timeout (--timeout).
 *
 * @param o the program's options (`o->server` is what runs)
 * @return EX_OK; EX_IOERR when the --stdio session failed; EX_UNAVAILABLE
 *         (message logged) when the server could not listen
 */
int server_options_run(const struct server_options *o);

#endif /* MM_SERVER_OPTIONS_H */
