/**
 * @file echod.c
 * @brief Chapter 1 stage program: an iterative TCP echo server.
 *
 * @chapter{sockets}
 * @rfc RFC 862 (the Echo Protocol: "send back any data it receives")
 *
 * The smallest server that is still a real one: it listens on
 * --listen HOST:PORT (default 127.0.0.1:7007), accepts one connection at a
 * time, sends every byte back until the client half-closes, then closes and
 * accepts the next.  `--stdio` serves one session on standard input and
 * output instead, the way inetd or tcpserver would run it.
 *
 * Beyond the socket calls of net.c, it shows two things every later server
 * needs: ignoring SIGPIPE (so writing to a vanished client is an error
 * code, not sudden death) and a shutdown on SIGTERM/SIGINT without the
 * classic race, using pselect(2).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sysexits.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "net.h"

/* Set by the SIGTERM/SIGINT handler: which signal asked us to stop. */
static volatile sig_atomic_t stop_signal;

/* A signal handler may only touch a volatile sig_atomic_t (C11 7.14.1.1). */
static void on_stop(int sig)
{
    stop_signal = sig;
}

/* [sockets-echod-signals] */
/* Install the handlers with SIGTERM and SIGINT blocked.  They stay blocked
 * all the time except inside pselect(), which unblocks them atomically
 * while it waits.  With a plain flag test before a blocking call, a signal
 * arriving between the test and the call would be noticed only after the
 * next client came; here it can only arrive while we wait, and then the
 * wait ends with EINTR. */
static int setup_signals(sigset_t *waitmask)
{
    struct sigaction sa;
    sigset_t block;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;            /* EPIPE from write(), not death */
    if (sigaction(SIGPIPE, &sa, NULL) < 0)
        return -1;
    sa.sa_handler = on_stop;            /* no SA_RESTART: waits end in EINTR */
    if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0)
        return -1;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    return sigprocmask(SIG_BLOCK, &block, waitmask); /* old mask: for waiting */
}

/* Wait until fd is readable, with the stop signals open.
 * Returns 1 when readable, 0 when a stop signal came, -1 on error. */
static int wait_input(int fd, const sigset_t *waitmask)
{
    fd_set rd;

    for (;;) {
        if (stop_signal)
            return 0;
        FD_ZERO(&rd);
        FD_SET(fd, &rd);
        if (pselect(fd + 1, &rd, NULL, NULL, NULL, waitmask) > 0)
            return 1;
        if (errno != EINTR)
            return -1;
    }
}
/* [sockets-echod-signals] */

/* [sockets-echod-session] */
/* Echo one session: read what is there, write it all back, until EOF.
 * Returns the number of bytes echoed, or -1 on an error or a stop signal. */
static long long echo_session(int in, int out, const sigset_t *waitmask)
{
    char buf[16384];
    long long total = 0;

    for (;;) {
        int ready = wait_input(in, waitmask);
        ssize_t n;

        if (ready <= 0)
            return -1;
        n = io_read(in, buf, sizeof buf);
        if (n == 0)
            return total;               /* the client half-closed: done */
        if (n < 0 || io_write_all(out, buf, (size_t)n) < 0) {
            log_msg("%s: %s", n < 0 ? "read" : "write", strerror(errno));
            return -1;
        }
        total += n;
    }
}
/* [sockets-echod-session] */

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: echod [OPTION]...\n"
        "An iterative TCP echo server (minimail, chapter 1): every byte a client\n"
        "sends comes back, one client at a time.\n"
        "\n"
        "  --listen HOST:PORT  address to listen on (default 127.0.0.1:7007;\n"
        "                      [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio             serve one session on standard input/output and exit\n"
        "  --help              show this help and exit\n"
        "  --version           show the version and exit\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "listen",  required_argument, NULL, 'l' },
        { "stdio",   no_argument,       NULL, 's' },
        { "help",    no_argument,       NULL, 'h' },
        { "version", no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const char *listen_spec = "127.0.0.1:7007";
    int use_stdio = 0, opt, lfd;
    char err[NET_ERRLEN], host[NET_ADDRSTRLEN], port[8];
    sigset_t waitmask;

    log_init(argv[0]);
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'l': listen_spec = optarg; break;
        case 's': use_stdio = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("echod (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if (net_split_hostport(listen_spec, host, sizeof host, port, sizeof port) < 0) {
        log_msg("bad --listen '%s': expected HOST:PORT or [V6ADDR]:PORT", listen_spec);
        return EX_USAGE;
    }
    if (setup_signals(&waitmask) < 0) {
        log_msg("cannot set up signals: %s", strerror(errno));
        return EX_OSERR;
    }
    if (use_stdio) {
        /* One session on fd 0/1; an I/O error is EX_IOERR, a stop is fine. */
        if (echo_session(STDIN_FILENO, STDOUT_FILENO, &waitmask) < 0 && !stop_signal)
            return EX_IOERR;
        return EX_OK;
    }

    lfd = net_listen_spec(listen_spec, err, sizeof err);
    if (lfd < 0) {
        log_msg("%s", err);
        return EX_UNAVAILABLE;
    }

    /* [sockets-echod-loop] */
    /* The iterative server: accept, serve, close, repeat.  While one client
     * is served, the next waits in the kernel's listen queue. */
    for (;;) {
        char peer[NET_ADDRSTRLEN];
        long long n;
        int cfd, ready = wait_input(lfd, &waitmask);

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
        n = echo_session(cfd, cfd, &waitmask);
        if (n >= 0)
            log_msg("connection from %s closed, %lld bytes echoed", peer, n);
        else
            log_msg("connection from %s ended early", peer);
        close(cfd);
    }
    /* [sockets-echod-loop] */
    log_msg("shutting down (signal %d)", (int)stop_signal);
    close(lfd);
    return EX_OK;
}
