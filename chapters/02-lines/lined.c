/**
 * @file lined.c
 * @brief Chapter 2 stage program: the iterative "lines" protocol server.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8, §4.2, §4.5.3.1.4, §4.5.3.2 (for the lines protocol)
 *
 * Chapter 1's accept loop with chapter 2's session in the middle: lined
 * listens on --listen HOST:PORT (default 127.0.0.1:2525), serves one
 * client at a time with lines_session(), and accepts the next.  `--stdio`
 * serves one session on standard input and output instead; `--trace`
 * shows every line on standard error; `--timeout` sets the idle timeout.
 *
 * SIGTERM and SIGINT set a flag: the session in progress answers
 * `421 Server shutting down`, and the server exits.  Between sessions the
 * signals stay blocked except inside pselect(2), as in chapter 1's echod,
 * so a signal cannot slip in between the look at the flag and the wait
 * for the next client.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sysexits.h>
#include <unistd.h>

#include "lines_session.h"
#include "log.h"
#include "net.h"
#include "trace.h"

/* Set by SIGTERM/SIGINT; the session's line reader watches it. */
static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
    (void)sig;
    stop = 1;
}

/* SIGPIPE ignored (a vanished client is an EPIPE, not our death);
 * SIGTERM/SIGINT without SA_RESTART, so a wait ends with EINTR. */
static int setup_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) < 0)
        return -1;
    sa.sa_handler = on_stop;
    if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0)
        return -1;
    return 0;
}

/* Block (how = SIG_BLOCK) or unblock (SIG_UNBLOCK) SIGTERM and SIGINT. */
static void stop_signals(int how)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(how, &set, NULL);
}

/* Wait for the next client with the stop signals blocked, except inside
 * pselect(2), which unblocks them atomically for the wait.
 * Returns 1 when a connection waits, 0 when asked to stop, -1 on error. */
static int wait_client(int lfd)
{
    sigset_t open;
    fd_set rd;

    sigprocmask(SIG_BLOCK, NULL, &open);
    sigdelset(&open, SIGTERM);
    sigdelset(&open, SIGINT);
    for (;;) {
        if (stop)
            return 0;
        FD_ZERO(&rd);
        FD_SET(lfd, &rd);
        if (pselect(lfd + 1, &rd, NULL, NULL, NULL, &open) > 0)
            return 1;
        if (errno != EINTR)
            return -1;
    }
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: lined [OPTION]...\n"
        "The \"lines\" protocol server (minimail, chapter 2): commands are CRLF-ended\n"
        "lines (ECHO text, NOOP, HELP, QUIT), replies are SMTP-style \"NNN text\".\n"
        "One client at a time.  Talk to it with: nc -C 127.0.0.1 2525\n"
        "\n"
        "  --listen HOST:PORT  address to listen on (default 127.0.0.1:2525;\n"
        "                      [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio             serve one session on standard input/output and exit\n"
        "  --trace             show every protocol line on standard error (C:/S:)\n"
        "  --timeout SECONDS   idle timeout of a session (default 300; 0 = none)\n"
        "  --help              show this help and exit\n"
        "  --version           show the version and exit\n");
}

/* Parse a non-negative number of seconds; -1 if it is not one. */
static int parse_seconds(const char *s)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 0 || v > INT_MAX / 1000)
        return -1;
    return (int)v;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "listen",  required_argument, NULL, 'l' },
        { "stdio",   no_argument,       NULL, 's' },
        { "trace",   no_argument,       NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "help",    no_argument,       NULL, 'h' },
        { "version", no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const char *listen_spec = "127.0.0.1:2525";
    struct lines_config cfg = { .idle_timeout_s = 300, .stop = &stop };
    int use_stdio = 0, opt, lfd;
    char err[NET_ERRLEN];

    log_init("lined");
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'l': listen_spec = optarg; break;
        case 's': use_stdio = 1; break;
        case 't': trace_enable(STDERR_FILENO); break;
        case 'T':
            cfg.idle_timeout_s = parse_seconds(optarg);
            if (cfg.idle_timeout_s < 0) {
                log_msg("bad --timeout '%s': expected seconds", optarg);
                return EX_USAGE;
            }
            break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("lined (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if (setup_signals() < 0) {
        log_msg("cannot set up signals: %s", strerror(errno));
        return EX_OSERR;
    }
    if (use_stdio)
        return lines_session(STDIN_FILENO, STDOUT_FILENO, &cfg) < 0 ? EX_IOERR : EX_OK;

    lfd = net_listen_spec(listen_spec, err, sizeof err);
    if (lfd < 0) {
        log_msg("%s", err);
        return EX_UNAVAILABLE;
    }

    /* [lines-lined-loop] */
    /* The iterative server of chapter 1, with a lines session in the
     * middle: accept, run the session, close, repeat. */
    stop_signals(SIG_BLOCK);
    for (;;) {
        char peer[NET_ADDRSTRLEN];
        int cfd, ready = wait_client(lfd);

        if (ready == 0)
            break;                      /* SIGTERM or SIGINT */
        if (ready < 0 || (cfd = net_accept(lfd, peer, sizeof peer)) < 0) {
            if (errno == EINTR)
                continue;
            log_msg("accept: %s", strerror(errno));
            close(lfd);
            return EX_OSERR;
        }
        log_msg("connection from %s", peer);
        stop_signals(SIG_UNBLOCK);      /* the session's reader watches `stop` */
        if (lines_session(cfd, cfd, &cfg) == 0)
            log_msg("connection from %s closed", peer);
        else
            log_msg("connection from %s ended by an error", peer);
        stop_signals(SIG_BLOCK);
        close(cfd);
    }
    /* [lines-lined-loop] */
    log_msg("shutting down");
    close(lfd);
    return EX_OK;
}
