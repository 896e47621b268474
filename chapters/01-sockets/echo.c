/**
 * @file echo.c
 * @brief Chapter 1 stage program: the echo client.
 *
 * @chapter{sockets}
 * @rfc RFC 862 (Echo Protocol); RFC 9293 §3.6 (closing one direction of a TCP connection)
 *
 * Connects to --server HOST:PORT (default 127.0.0.1:7007), sends all of its
 * standard input, half-closes the connection with shutdown(SHUT_WR) -- "I
 * have nothing more to say, but I am still listening" -- and copies
 * everything the server sends to standard output until the server closes.
 *
 * Sending and receiving happen at the same time, in two processes.  One
 * process doing "send everything, then read everything" deadlocks on a big
 * input: the server blocks writing the echo because nobody reads it, so it
 * stops reading, so our write blocks too.  Chapter 1 has no event loop yet,
 * so the simplest correct answer is the old one: fork(), and let each
 * process do one blocking copy.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "net.h"

/** How long the connection attempt may take, in milliseconds. */
#define CONNECT_TIMEOUT_MS 10000

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: echo [OPTION]...\n"
        "Send standard input to an echo server, print what comes back\n"
        "(minimail, chapter 1).\n"
        "\n"
        "  --server HOST:PORT  the server (default 127.0.0.1:7007; [::1]:PORT for IPv6)\n"
        "  --help              show this help and exit\n"
        "  --version           show the version and exit\n");
}

/* [sockets-echo-writer] */
/* The writer process: stdin to the socket, then the half-close.  shutdown()
 * acts on the connection itself, not on this process's descriptor, so the
 * server sees end-of-file although the reader still holds the socket open
 * (a close() here would not do that). */
static int send_all_input(int fd)
{
    if (io_copy(STDIN_FILENO, fd) < 0) {
        log_msg("sending: %s", strerror(errno));
        return EX_IOERR;
    }
    if (shutdown(fd, SHUT_WR) < 0) {
        log_msg("shutdown: %s", strerror(errno));
        return EX_IOERR;
    }
    return EX_OK;
}
/* [sockets-echo-writer] */

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "server",  required_argument, NULL, 's' },
        { "help",    no_argument,       NULL, 'h' },
        { "version", no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const char *server = "127.0.0.1:7007";
    char host[NET_ADDRSTRLEN], port[8], err[NET_ERRLEN];
    int opt, fd, status, rc = EX_OK;
    long long got;
    pid_t pid, done;

    log_init(argv[0]);
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 's': server = optarg; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("echo (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if (net_split_hostport(server, host, sizeof host, port, sizeof port) < 0) {
        log_msg("bad --server '%s': expected HOST:PORT or [V6ADDR]:PORT", server);
        return EX_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);       /* a vanished server: EPIPE, not death */

    fd = net_connect(host, port, CONNECT_TIMEOUT_MS, err, sizeof err);
    if (fd < 0) {
        log_msg("%s", err);
        return EX_UNAVAILABLE;
    }

    /* [sockets-echo-fork] */
    pid = fork();
    if (pid < 0) {
        log_msg("fork: %s", strerror(errno));
        close(fd);
        return EX_OSERR;
    }
    if (pid == 0)
        _exit(send_all_input(fd));  /* child: the writer */

    got = io_copy(fd, STDOUT_FILENO); /* parent: the reader, until EOF */
    if (got < 0) {
        log_msg("receiving: %s", strerror(errno));
        rc = EX_IOERR;
    }
    close(fd);
    /* The server closed first (or failed): a writer still blocked reading
     * our stdin has nobody to send to any more. */
    done = waitpid(pid, &status, WNOHANG);
    if (done == 0) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    } else if (done < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != EX_OK) {
        rc = EX_IOERR;
    }
    /* [sockets-echo-fork] */
    return rc;
}
