/*
 * bench/smtp-floor.c -- the cheapest durable SMTP responder: the floor
 * under any durable SMTP server with the same process model.
 *
 * Not part of the book: a tool for bench/smtp-bench (see docs/PERFORMANCE.md,
 * "The conversation's limit: smtp-floor").
 *
 * Why.  bench/fsync-loop measures the disk's limit: Maildir deliveries with
 * nothing around them.  A real server cannot reach it, and the loop does
 * not say how far away "reachable" is, because an SMTP server also pays for
 * things no server can leave out:
 *
 *   - the process model: accept(2) and a new process (fork, chapter 3) or
 *     a new thread per connection, and the scheduler switching between
 *     the sessions -- between address spaces, with processes;
 *   - the conversation: the client (bench/smtp-load) waits for a reply to
 *     each command, so every message costs the same round trips -- 220,
 *     EHLO, MAIL, RCPT, DATA/354, the message, "."/250 -- each a read(2),
 *     a write(2) and a wake-up of the other side over loopback;
 *   - the delivery itself, exactly as fsync-loop does it:
 *         open tmp/NAME (O_CREAT|O_EXCL), write the octets, fsync, close,
 *         rename into new/, open new/ and fsync it.
 *
 * This program does those and nothing else: it answers 220 to a new
 * connection, 354 to DATA, 221 to QUIT (and closes), and 250 to every
 * other line, without looking at it; after DATA it reads up to the
 * CRLF "." CRLF and stores the octets as they came (dot-stuffing and all)
 * before the 250.  No parsing, no checks, no limits but its buffer, no
 * logs, no Received: or Return-Path: fields, no timeouts.  Every server
 * that stores each message durably before its 250 and serves connections
 * the same way (a process each, or a thread each) does at least this work
 * per message, so on the same machine it can be no faster than this
 * program and spends no less CPU: the floor's rate is the ceiling for such
 * a server, and "minimail / floor" is how much of what is reachable
 * minimail reaches.  (Servers that work differently -- one event loop for
 * every session, or one fsync for the messages of several sessions at
 * once -- are not bounded by it.)
 *
 * Usage: smtp-floor --maildir DIR [--threads]
 *   Listens on 127.0.0.1 on a free port and prints one line on standard
 *   output, "listening on 127.0.0.1:PORT".  Every message goes into the
 *   one Maildir DIR (tmp/, new/ and cur/ are created).  Default: a process
 *   per connection (fork); --threads: a detached thread per connection.
 *   SIGTERM (or SIGINT) ends the server and its sessions.  A command line
 *   or a message larger than the session's buffer (64 KiB) ends that
 *   session, as does an I/O error.
 * Exit status: 0 after SIGTERM, 1 on a setup error, 64 for bad options.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define EXIT_USAGE 64
#define BUFSIZE (64 * 1024)     /* a session's input buffer: a line or a message */

static char tmpdir[4096], newdir[4096];
static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

/* Reap every finished session: their CPU time then counts in ours. */
static void on_child(int sig)
{
    int saved = errno;
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved;
}

/* Write all of buf; 0 or -1. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int reply(int fd, const char *text)
{
    return write_all(fd, text, strlen(text));
}

/* fsync-loop's delivery of msg under the name NAME; 0 or -1. */
static int deliver(const char *name, const char *msg, size_t len)
{
    char tpath[4200], npath[4200];
    snprintf(tpath, sizeof tpath, "%s/%s", tmpdir, name);
    snprintf(npath, sizeof npath, "%s/%s", newdir, name);
    int fd = open(tpath, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return -1;
    if (write_all(fd, msg, len) < 0 || fsync(fd) < 0) {
        close(fd);
        return -1;
    }
    if (close(fd) < 0 || rename(tpath, npath) < 0)
        return -1;
    int dfd = open(newdir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0)
        return -1;
    int rc = fsync(dfd);
    close(dfd);
    return rc;
}

/*
 * Where the message that starts at buf ends: the offset of the "." of its
 * CRLF "." CRLF (or of a "." CRLF at its very start: an empty message), or
 * -1 when it has not all arrived.  from: where the search may start (what
 * was searched before, less the 4 octets a terminator could straddle).
 */
static long find_end(const char *buf, size_t len, size_t from)
{
    if (len >= 3 && memcmp(buf, ".\r\n", 3) == 0)
        return 0;
    for (size_t i = from; i + 5 <= len; i++)
        if (buf[i] == '\r' && memcmp(buf + i, "\r\n.\r\n", 5) == 0)
            return (long)i + 2;
    return -1;
}

/* One SMTP session on fd, then close it.  id: unique for this server. */
static void session(int fd, unsigned long id)
{
    char *buf = malloc(BUFSIZE);
    size_t len = 0, scanned = 0;
    int in_data = 0;
    unsigned long msgs = 0;

    if (buf == NULL || reply(fd, "220 smtp-floor\r\n") < 0)
        goto out;
    for (;;) {
        if (!in_data) {
            char *eol = memchr(buf, '\n', len);
            if (eol != NULL) {
                size_t used = (size_t)(eol - buf) + 1;
                int quit = 0, rc;
                if (used >= 4 && strncasecmp(buf, "DATA", 4) == 0) {
                    rc = reply(fd, "354 go on\r\n");
                    in_data = 1;
                    scanned = 0;
                } else if (used >= 4 && strncasecmp(buf, "QUIT", 4) == 0) {
                    rc = reply(fd, "221 bye\r\n");
                    quit = 1;
                } else {
                    rc = reply(fd, "250 ok\r\n");
                }
                memmove(buf, buf + used, len - used);
                len -= used;
                if (rc < 0 || quit)
                    goto out;
                continue;
            }
        } else {
            long end = find_end(buf, len, scanned);
            if (end >= 0) {
                char name[128];
                snprintf(name, sizeof name, "%ld.P%ldS%luM%lu.floor", (long)time(NULL),
                         (long)getpid(), id, msgs++);
                int ok = deliver(name, buf, (size_t)end) == 0;
                size_t used = (size_t)end + 3;
                memmove(buf, buf + used, len - used);
                len -= used;
                in_data = 0;
                if (reply(fd, ok ? "250 stored\r\n" : "451 not stored\r\n") < 0 || !ok)
                    goto out;
                continue;
            }
            scanned = len >= 4 ? len - 4 : 0;
        }
        if (len == BUFSIZE)
            goto out;                   /* a line or a message too long */
        ssize_t n = read(fd, buf + len, BUFSIZE - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto out;
        len += (size_t)n;
    }
out:
    free(buf);
    close(fd);
}

struct thread_arg {
    int fd;
    unsigned long id;
};

static void *session_thread(void *p)
{
    struct thread_arg a = *(struct thread_arg *)p;
    free(p);
    session(a.fd, a.id);
    return NULL;
}

/* Start the session of connection fd in a process or a thread; 0 or -1. */
static int start_session(int lfd, int fd, unsigned long id, int threads)
{
    if (threads) {
        struct thread_arg *a = malloc(sizeof *a);
        if (a == NULL)
            return -1;
        a->fd = fd;
        a->id = id;
        pthread_attr_t attr;
        pthread_t t;
        /* The thread inherits the main thread's mask, SIGTERM, SIGINT and
         * SIGCHLD blocked: they stay the main thread's, for its pselect(2). */
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&t, &attr, session_thread, a);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            free(a);
            close(fd);
            return -1;
        }
        return 0;
    }
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        sigset_t none;
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
#ifdef __linux__
        /* The session ends when the server does. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() == 1)
            _exit(0);
#endif
        close(lfd);
        session(fd, id);
        _exit(0);
    }
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: smtp-floor --maildir DIR [--threads]\n"
        "The cheapest durable SMTP responder: 220, 250 to every command, 354 to\n"
        "DATA, 221 to QUIT; each message written, fsynced and renamed into DIR/new/,\n"
        "and new/ fsynced, before its 250 (see docs/PERFORMANCE.md).  Listens on\n"
        "127.0.0.1 on a free port and prints \"listening on 127.0.0.1:PORT\".\n"
        "\n"
        "  --maildir DIR   the Maildir every message goes into (tmp/, new/, cur/ made)\n"
        "  --threads       a thread per connection (default: a process per connection)\n"
        "  --help          show this help\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "maildir", required_argument, NULL, 'm' },
        { "threads", no_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *root = NULL;
    int threads = 0, c;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': root = optarg; break;
        case 't': threads = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc || root == NULL || strlen(root) > 4000) {
        usage(stderr);
        return EXIT_USAGE;
    }

    static const char *const subs[] = { "", "/tmp", "/new", "/cur" };
    for (size_t i = 0; i < 4; i++) {
        char d[4100];
        snprintf(d, sizeof d, "%s%s", root, subs[i]);
        if (mkdir(d, 0700) < 0 && errno != EEXIST) {
            perror(d);
            return 1;
        }
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", root);
    snprintf(newdir, sizeof newdir, "%s/new", root);

    /* SIGTERM, SIGINT (stop) and SIGCHLD (reap) are blocked but while the
     * server waits for a connection in pselect(2), which unblocks them
     * atomically: a SIGTERM can never slip in between the test of
     * `stopping` and the wait (as in src/server.c). */
    struct sigaction sa;
    sigset_t block, waitmask;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_child;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &waitmask);

    int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in sin;
    socklen_t slen = sizeof sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = 0;
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(lfd, SOMAXCONN) < 0
        || getsockname(lfd, (struct sockaddr *)&sin, &slen) < 0) {
        perror("smtp-floor: listen on 127.0.0.1");
        return 1;
    }
    fcntl(lfd, F_SETFL, O_NONBLOCK);
    printf("listening on 127.0.0.1:%d\n", ntohs(sin.sin_port));
    fflush(stdout);

    unsigned long next_id = 0;
    while (!stopping) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(lfd, &rd);
        if (pselect(lfd + 1, &rd, NULL, NULL, NULL, &waitmask) < 0)
            continue;                   /* EINTR: a signal was handled */
        int fd = accept(lfd, NULL, NULL);   /* lfd is non-blocking; fd is not */
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS) {
                struct timespec ts = { 0, 10 * 1000 * 1000 };
                nanosleep(&ts, NULL);   /* out of room: wait for sessions to end */
            }
            continue;                   /* EAGAIN: the client left; ECONNABORTED... */
        }
        if (start_session(lfd, fd, next_id++, threads) < 0)
            perror("smtp-floor: a session could not start");
        if (!threads)
            close(fd);
    }
    close(lfd);
    return 0;                           /* exit(3) ends the threads too */
}
