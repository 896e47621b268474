/*
 * testlib.c -- the helpers every minimail test uses (see testlib.h).
 *
 * Test infrastructure, not part of the book.  Only POSIX here and never a
 * module from src/: a bug in the code under test must not be able to hide
 * itself by also breaking the code that tests it.
 *
 * Two rules shape everything below:
 *   - every wait is bounded (poll(2) with a deadline computed from
 *     tl_timeout_ms()), so a server that hangs fails a test instead of
 *     hanging `make check`;
 *   - nothing sleeps for a fixed time to "let the server start": we read
 *     the server's "listening on HOST:PORT" line instead.
 *
 * Descriptors the library hands out are close-on-exec, so a second program
 * started by the same test never inherits the pipes of the first one (it
 * would keep them open, and the first program would never see EOF).
 */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- time ------------------------------------------------------------ */

int tl_timeout_ms(void)
{
    const char *env = getenv("MM_TEST_TIMEOUT_MS");
    if (env != NULL && *env != '\0') {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v > 0 && v < 3600L * 1000)
            return (int)v;
    }
    return TL_TIMEOUT_MS;
}

/* Milliseconds on a clock that never jumps. */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until @deadline (never negative). */
static int left_ms(long long deadline)
{
    long long left = deadline - now_ms();
    if (left < 0)
        return 0;
    return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

/* ---- paths ----------------------------------------------------------- */

/* A few rotating buffers, so that tl_build_path() can appear twice in one
 * argv initialiser without the second call overwriting the first. */
#define PATH_SLOTS 8
#define PATH_LEN 4096

static const char *join_path(const char *envname, const char *rel)
{
    static char bufs[PATH_SLOTS][PATH_LEN];
    static unsigned next;
    char *buf = bufs[next++ % PATH_SLOTS];
    const char *base = getenv(envname);

    if (base == NULL || *base == '\0')
        base = ".";
    if (rel == NULL || *rel == '\0')
        snprintf(buf, PATH_LEN, "%s", base);
    else
        snprintf(buf, PATH_LEN, "%s/%s", base, rel);
    return buf;
}

const char *tl_build_path(const char *rel)
{
    return join_path("MM_BUILDDIR", rel);
}

const char *tl_src_path(const char *rel)
{
    return join_path("MM_SRCDIR", rel);
}

/* ---- temporary stderr files ------------------------------------------- */

static void set_cloexec(int fd);

/* Every stderr file is made with mkstemp(), opened a second time for
 * reading, and unlinked at once: nothing is left in $TMPDIR even when Check
 * kills a test that ran out of time.  Its name (p->errfile) stays the key
 * under which tl_stderr() finds the open descriptor. */
struct errfile_rec {
    char path[256];     /* "" = free slot */
    int rfd;
};
static struct errfile_rec *errfiles;
static size_t n_errfiles;

static struct errfile_rec *errfile_find(const char *path)
{
    if (path == NULL || path[0] == '\0')
        return NULL;
    for (size_t i = n_errfiles; i-- > 0; )
        if (strcmp(errfiles[i].path, path) == 0)
            return &errfiles[i];
    return NULL;
}

static void errfile_forget(struct errfile_rec *r)
{
    if (r != NULL) {
        close(r->rfd);
        r->path[0] = '\0';
        r->rfd = -1;
    }
}

static const char *tmp_base(void)
{
    const char *t = getenv("TMPDIR");
    return (t != NULL && *t != '\0') ? t : "/tmp";
}

/* Create an (already unlinked) temporary file for a child's stderr; its
 * name goes to @path.  Returns an fd open for writing, or -1. */
static int make_errfile(char *path, size_t pathsz)
{
    struct errfile_rec *slot = NULL;
    int wfd, rfd;

    if ((size_t)snprintf(path, pathsz, "%s/mm-test-stderr-XXXXXX", tmp_base()) >= pathsz) {
        path[0] = '\0';
        return -1;
    }
    wfd = mkstemp(path);
    if (wfd < 0) {
        path[0] = '\0';
        return -1;
    }
    rfd = open(path, O_RDONLY);
    unlink(path);
    if (rfd < 0) {
        close(wfd);
        path[0] = '\0';
        return -1;
    }
    set_cloexec(rfd);
    errfile_forget(errfile_find(path));     /* a name used before, now reused */
    for (size_t i = 0; i < n_errfiles && slot == NULL; i++)
        if (errfiles[i].path[0] == '\0')
            slot = &errfiles[i];
    if (slot == NULL) {
        struct errfile_rec *n = realloc(errfiles, (n_errfiles + 1) * sizeof *n);
        if (n == NULL) {
            close(rfd);
            close(wfd);
            path[0] = '\0';
            return -1;
        }
        errfiles = n;
        slot = &errfiles[n_errfiles++];
    }
    snprintf(slot->path, sizeof slot->path, "%s", path);
    slot->rfd = rfd;
    return wfd;
}

/* ---- starting programs ------------------------------------------------ */

static void set_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFD);
    if (fl >= 0)
        fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

/* The test process itself must survive writing to a program that has
 * exited: it gets EPIPE and the test fails with a message. */
static void ignore_sigpipe(void)
{
    static int done;
    if (!done) {
        signal(SIGPIPE, SIG_IGN);
        done = 1;
    }
}

static void proc_init(struct tl_proc *p)
{
    memset(p, 0, sizeof *p);
    p->pid = 0;
    p->stdin_fd = -1;
    p->stdout_fd = -1;
}

/*
 * fork + exec argv with: stdout on a pipe (always), stdin on a pipe when
 * @want_stdin (else /dev/null), stderr appended to a temporary file.
 */
static int spawn(struct tl_proc *p, char *const argv[], int want_stdin)
{
    int in[2] = { -1, -1 }, out[2] = { -1, -1 };
    int errfd;
    pid_t pid;

    proc_init(p);
    ignore_sigpipe();
    if (argv == NULL || argv[0] == NULL)
        return -1;
    errfd = make_errfile(p->errfile, sizeof p->errfile);
    if (errfd < 0) {
        fprintf(stderr, "testlib: cannot create a stderr file: %s\n", strerror(errno));
        return -1;
    }
    if ((want_stdin && pipe(in) < 0) || pipe(out) < 0) {
        fprintf(stderr, "testlib: pipe: %s\n", strerror(errno));
        goto fail;
    }
    fflush(NULL);   /* or buffered test output would be written twice */
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "testlib: fork: %s\n", strerror(errno));
        goto fail;
    }
    if (pid == 0) {
        /* The child: plumbing, default signal dispositions, exec. */
        sigset_t none;
        int nullfd = -1;

        if (want_stdin) {
            dup2(in[0], STDIN_FILENO);
        } else {
            nullfd = open("/dev/null", O_RDONLY);
            if (nullfd >= 0)
                dup2(nullfd, STDIN_FILENO);
        }
        dup2(out[1], STDOUT_FILENO);
        dup2(errfd, STDERR_FILENO);
        if (in[0] > STDERR_FILENO) close(in[0]);
        if (in[1] > STDERR_FILENO) close(in[1]);
        if (out[0] > STDERR_FILENO) close(out[0]);
        if (out[1] > STDERR_FILENO) close(out[1]);
        if (errfd > STDERR_FILENO) close(errfd);
        if (nullfd > STDERR_FILENO) close(nullfd);
        signal(SIGPIPE, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execv(argv[0], argv);
        fprintf(stderr, "testlib: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    /* The parent keeps one end of each pipe. */
    close(errfd);
    close(out[1]);
    set_cloexec(out[0]);
    p->stdout_fd = out[0];
    if (want_stdin) {
        close(in[0]);
        set_cloexec(in[1]);
        p->stdin_fd = in[1];
    }
    p->pid = pid;
    return 0;

fail:
    close(errfd);
    if (in[0] >= 0) close(in[0]);
    if (in[1] >= 0) close(in[1]);
    if (out[0] >= 0) close(out[0]);
    if (out[1] >= 0) close(out[1]);
    return -1;
}

int tl_spawn_pipe(struct tl_proc *p, char *const argv[])
{
    return spawn(p, argv, 1);
}

/* Split "HOST:PORT" or "[V6]:PORT" (line ending already removed). */
static int parse_listen(const char *s, char *host, size_t hostsz, char *port, size_t portsz)
{
    const char *colon, *h = s;
    size_t hlen;

    if (*s == '[') {
        const char *close_br = strchr(s, ']');
        if (close_br == NULL || close_br[1] != ':')
            return -1;
        h = s + 1;
        hlen = (size_t)(close_br - h);
        colon = close_br + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL)
            return -1;
        hlen = (size_t)(colon - s);
    }
    const char *pt = colon + 1;
    size_t plen = strlen(pt);
    if (hlen == 0 || hlen >= hostsz || plen == 0 || plen >= portsz)
        return -1;
    for (size_t i = 0; i < plen; i++)
        if (pt[i] < '0' || pt[i] > '9')
            return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    memcpy(port, pt, plen + 1);
    return 0;
}

/* Print what a program that failed to start said, to help the reader. */
static void report_stderr(const struct tl_proc *p, const char *why)
{
    char *err = tl_stderr(p);
    fprintf(stderr, "testlib: %s\n", why);
    if (err != NULL && *err != '\0')
        fprintf(stderr, "---- its stderr ----\n%s%s-------------------\n", err,
                err[strlen(err) - 1] == '\n' ? "" : "\n");
    free(err);
}

int tl_spawn_server(struct tl_proc *p, char *const argv[])
{
    static const char marker[] = "listening on ";
    char line[512];
    long long deadline;

    if (spawn(p, argv, 0) < 0)
        return -1;
    deadline = now_ms() + tl_timeout_ms();
    for (;;) {
        /* tl_read_line has its own bound; re-check ours each line, so that
         * a chatty program cannot keep us waiting forever either. */
        if (left_ms(deadline) == 0) {
            report_stderr(p, "timed out waiting for \"listening on HOST:PORT\"");
            break;
        }
        ssize_t n = tl_read_line(p->stdout_fd, line, sizeof line);
        if (n < 0) {
            report_stderr(p, "timed out waiting for \"listening on HOST:PORT\"");
            break;
        }
        if (n == 0) {
            report_stderr(p, "the server closed its stdout before \"listening on HOST:PORT\"");
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *at = strstr(line, marker);
        if (at == NULL)
            continue;   /* some other output first: keep looking */
        if (parse_listen(at + sizeof marker - 1, p->host, sizeof p->host,
                         p->port, sizeof p->port) == 0)
            return 0;
        fprintf(stderr, "testlib: cannot parse \"%s\"\n", line);
        break;
    }
    tl_stop(p, SIGKILL);
    tl_close(p->stdout_fd);
    p->stdout_fd = -1;
    return -1;
}

int tl_stop(struct tl_proc *p, int sig)
{
    int status;
    long long deadline;
    int nap_us = 1000;

    if (p == NULL || p->pid <= 0)
        return -1;
    if (sig != 0)
        kill(p->pid, sig);
    deadline = now_ms() + tl_timeout_ms();
    /* waitpid() has no timeout, so poll it with short, growing naps; this
     * is a bounded wait, not a guess at how long the program needs. */
    for (;;) {
        pid_t r = waitpid(p->pid, &status, WNOHANG);
        if (r == p->pid) {
            p->pid = 0;
            return status;
        }
        if (r < 0 && errno != EINTR) {
            p->pid = 0;
            return -1;
        }
        if (left_ms(deadline) == 0)
            break;
        struct timespec ts = { 0, (long)nap_us * 1000 };
        nanosleep(&ts, NULL);
        if (nap_us < 20000)
            nap_us *= 2;
    }
    fprintf(stderr, "testlib: pid %ld did not exit within %d ms; killing it\n",
            (long)p->pid, tl_timeout_ms());
    kill(p->pid, SIGKILL);
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
        ;
    p->pid = 0;
    return -1;
}

void tl_cleanup(struct tl_proc *p)
{
    if (p == NULL)
        return;
    if (p->pid > 0)
        tl_stop(p, SIGKILL);
    tl_close(p->stdin_fd);
    tl_close(p->stdout_fd);
    p->stdin_fd = p->stdout_fd = -1;
    errfile_forget(errfile_find(p->errfile));
    p->errfile[0] = '\0';
}

char *tl_stderr(const struct tl_proc *p)
{
    struct errfile_rec *r = errfile_find(p != NULL ? p->errfile : NULL);
    size_t len = 0, cap = 8192;
    char *buf = malloc(cap);

    if (buf == NULL)
        abort();
    if (r != NULL) {
        for (;;) {
            if (cap - len < 4096) {
                char *nb = realloc(buf, cap * 2);
                if (nb == NULL)
                    break;
                buf = nb;
                cap *= 2;
            }
            /* pread: from the start each time, whoever read before */
            ssize_t n = pread(r->rfd, buf + len, cap - len - 1, (off_t)len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            len += (size_t)n;
        }
    }
    buf[len] = '\0';
    return buf;
}

int tl_stderr_count(const struct tl_proc *p, const char *what)
{
    char *log = tl_stderr(p), *at = log;
    int n = 0;

    if (what == NULL || *what == '\0') {
        free(log);
        return 0;
    }
    while ((at = strstr(at, what)) != NULL) {
        n++;
        at += strlen(what);
    }
    free(log);
    return n;
}

int tl_wait_stderr(const struct tl_proc *p, const char *what, int n)
{
    long long deadline = now_ms() + tl_timeout_ms();
    int nap_ms = 1;

    /* Bounded polling: the log is a file, there is nothing to poll(2) on. */
    while (tl_stderr_count(p, what) < n) {
        if (left_ms(deadline) == 0)
            return 0;
        struct timespec ts = { 0, nap_ms * 1000000L };
        nanosleep(&ts, NULL);
        if (nap_ms < 50)
            nap_ms *= 2;
    }
    return 1;
}

char *tl_stderr_line(const struct tl_proc *p, const char *what)
{
    char *log, *at, *start, *end, *line;

    if (!tl_wait_stderr(p, what, 1))
        return NULL;
    log = tl_stderr(p);
    at = strstr(log, what);
    if (at == NULL) {           /* cannot happen: the file only grows */
        free(log);
        return NULL;
    }
    for (start = at; start > log && start[-1] != '\n'; start--)
        ;
    end = strchr(at, '\n');
    if (end != NULL)
        *end = '\0';
    line = strdup(start);
    free(log);
    return line;
}

/* ---- network ---------------------------------------------------------- */

int tl_connect(const char *host, const char *port)
{
    return tl_connect_rcvbuf(host, port, 0);
}

int tl_connect_rcvbuf(const char *host, const char *port, int rcvbuf)
{
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1;

    ignore_sigpipe();
    if (host == NULL || *host == '\0')
        host = "127.0.0.1";
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return -1;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        set_cloexec(fd);
        /* Before connect(): the window scale is agreed in the handshake. */
        if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0) {
            close(fd);
            fd = -1;
            continue;
        }
        /* A non-blocking connect lets poll() bound the wait. */
        int fl = fcntl(fd, F_GETFL);
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
        int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (r < 0 && errno == EINPROGRESS) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int err = 0;
            socklen_t elen = sizeof err;
            r = -1;
            if (poll(&pfd, 1, tl_timeout_ms()) == 1
                && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)
                r = 0;
        }
        if (r == 0) {
            fcntl(fd, F_SETFL, fl);
            struct timeval tv = { tl_timeout_ms() / 1000, (tl_timeout_ms() % 1000) * 1000 };
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int tl_send_bytes(int fd, const void *buf, size_t len)
{
    const char *b = buf;
    long long deadline = now_ms() + tl_timeout_ms();

    ignore_sigpipe();
    while (len > 0) {
        /* A full pipe or socket buffer means the program is not reading:
         * bounded too, or a stuck program would hang the test. */
        struct pollfd pfd = { .fd = fd, .events = POLLOUT };
        int r = poll(&pfd, 1, left_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = ETIMEDOUT;
            return -1;
        }
        ssize_t n = write(fd, b, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

int tl_send(int fd, const char *s)
{
    return tl_send_bytes(fd, s, strlen(s));
}

int tl_sockname(int fd, char *buf, size_t bufsz)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[64], port[16];

    if (bufsz == 0)
        return -1;
    buf[0] = '\0';
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0
        || getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port, sizeof port,
                       NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        snprintf(buf, bufsz, "[%s]:%s", host, port);
    else
        snprintf(buf, bufsz, "%s:%s", host, port);
    return 0;
}

enum tl_flood_result tl_flood(int fd, const char *cmd, size_t max_bytes, size_t *sent)
{
    /* Many copies of the command in one buffer: one write(2) moves a lot,
     * and a short write just continues from where it stopped. */
    static char chunk[64 * 1024];
    size_t clen = strlen(cmd), copies, size, off = 0, total = 0;
    long long deadline = now_ms() + 3LL * tl_timeout_ms();
    enum tl_flood_result result = TL_FLOOD_ENDLESS;

    ignore_sigpipe();
    if (clen == 0 || clen > sizeof chunk)
        return TL_FLOOD_STUCK;
    copies = sizeof chunk / clen;
    for (size_t i = 0; i < copies; i++)
        memcpy(chunk + i * clen, cmd, clen);
    size = copies * clen;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    while (total < max_bytes && left_ms(deadline) > 0) {
        ssize_t n = write(fd, chunk + off, size - off);
        if (n > 0) {
            total += (size_t)n;
            off = (off + (size_t)n) % size;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            result = TL_FLOOD_CUT_OFF;  /* EPIPE, ECONNRESET: it hung up */
            break;
        }
        /* Our send buffer is full: the server is not reading now.  Wait
         * for room, or for its close (POLLERR/POLLHUP, then write fails). */
        struct pollfd pfd = { .fd = fd, .events = POLLOUT };
        int r = poll(&pfd, 1, left_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            result = TL_FLOOD_STUCK;
            break;
        }
    }
    if (sent != NULL)
        *sent = total;
    return result;
}

/* ---- line reading, buffered per descriptor ---------------------------- */

/* What was read from a descriptor but not yet returned as a line.  A small
 * table keyed by fd; tl_close() forgets the entry. */
struct linebuf {
    int fd;             /* -1: free slot */
    dev_t dev;          /* identity of what fd was when the entry was made: */
    ino_t ino;          /* an fd closed with close() and reused is noticed */
    char *data;
    size_t len, cap;
    int eof;            /* saw end of file (or a reset) */
};
static struct linebuf *lbufs;
static size_t n_lbufs;

/* Largest line kept in memory; a longer "line" is returned in pieces. */
#define LINE_MAX_BUFFERED (1024 * 1024)

static void lbuf_drop(struct linebuf *lb);

static struct linebuf *lbuf_get(int fd, int create)
{
    struct linebuf *free_slot = NULL;
    struct stat st;
    int known = fstat(fd, &st) == 0;

    for (size_t i = 0; i < n_lbufs; i++) {
        if (lbufs[i].fd == fd) {
            if (!known || (lbufs[i].dev == st.st_dev && lbufs[i].ino == st.st_ino))
                return &lbufs[i];
            /* closed without tl_close() and the number reused: the old
             * bytes (and end of file) belong to something else */
            lbuf_drop(&lbufs[i]);
            free_slot = &lbufs[i];
            break;
        }
        if (lbufs[i].fd < 0 && free_slot == NULL)
            free_slot = &lbufs[i];
    }
    if (!create)
        return NULL;
    if (free_slot == NULL) {
        struct linebuf *n = realloc(lbufs, (n_lbufs + 1) * sizeof *n);
        if (n == NULL)
            return NULL;
        lbufs = n;
        free_slot = &lbufs[n_lbufs++];
    }
    memset(free_slot, 0, sizeof *free_slot);
    free_slot->fd = fd;
    if (known) {
        free_slot->dev = st.st_dev;
        free_slot->ino = st.st_ino;
    }
    return free_slot;
}

static void lbuf_drop(struct linebuf *lb)
{
    free(lb->data);
    memset(lb, 0, sizeof *lb);
    lb->fd = -1;
}

/* Read once (after poll) into @lb.  1: got bytes, 0: EOF, -1: timeout/error. */
static int lbuf_fill(struct linebuf *lb, long long deadline)
{
    if (lb->len == lb->cap) {
        size_t ncap = lb->cap == 0 ? 4096 : lb->cap * 2;
        char *n = realloc(lb->data, ncap);
        if (n == NULL)
            return -1;
        lb->data = n;
        lb->cap = ncap;
    }
    for (;;) {
        struct pollfd pfd = { .fd = lb->fd, .events = POLLIN };
        int r = poll(&pfd, 1, left_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        ssize_t n = read(lb->fd, lb->data + lb->len, lb->cap - lb->len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0 && errno == ECONNRESET) {
            lb->eof = 1;   /* the peer closed with data unread: still a close */
            return 0;
        }
        if (n < 0)
            return -1;
        if (n == 0) {
            lb->eof = 1;
            return 0;
        }
        lb->len += (size_t)n;
        return 1;
    }
}

/* Move the first @n buffered bytes out (at most bufsz-1 of them to buf). */
static ssize_t lbuf_take(struct linebuf *lb, size_t n, char *buf, size_t bufsz)
{
    if (bufsz == 0)
        return -1;
    if (n > bufsz - 1)
        n = bufsz - 1;      /* like fgets: the rest comes next call */
    memcpy(buf, lb->data, n);
    buf[n] = '\0';
    memmove(lb->data, lb->data + n, lb->len - n);
    lb->len -= n;
    return (ssize_t)n;
}

ssize_t tl_read_line(int fd, char *buf, size_t bufsz)
{
    struct linebuf *lb;
    long long deadline = now_ms() + tl_timeout_ms();
    size_t scanned = 0;

    if (buf == NULL || bufsz == 0)
        return -1;
    buf[0] = '\0';
    if (fd < 0 || (lb = lbuf_get(fd, 1)) == NULL)
        return -1;
    for (;;) {
        char *lf = lb->len > scanned ? memchr(lb->data + scanned, '\n', lb->len - scanned) : NULL;
        if (lf != NULL)
            return lbuf_take(lb, (size_t)(lf - lb->data) + 1, buf, bufsz);
        scanned = lb->len;
        if (lb->len >= bufsz - 1 || lb->len >= LINE_MAX_BUFFERED)
            return lbuf_take(lb, lb->len, buf, bufsz);
        if (lb->eof)
            return lb->len > 0 ? lbuf_take(lb, lb->len, buf, bufsz) : 0;
        int r = lbuf_fill(lb, deadline);
        if (r < 0)
            return -1;
    }
}

/* Print @s with control characters escaped, for failure messages. */
static void print_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\r') fputs("\\r", f);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c == '\\') fputs("\\\\", f);
        else if (c < 0x20 || c == 0x7f) fprintf(f, "\\x%02x", c);
        else fputc(c, f);
    }
}

int tl_expect_line(int fd, const char *expected)
{
    char line[8192];
    ssize_t n = tl_read_line(fd, line, sizeof line);
    size_t elen = strlen(expected);

    if (n > 0 && (size_t)n == elen + 2 && memcmp(line, expected, elen) == 0
        && line[elen] == '\r' && line[elen + 1] == '\n')
        return 1;
    fputs("tl_expect_line: expected \"", stderr);
    print_escaped(stderr, expected);
    fputs("\\r\\n\", ", stderr);
    if (n < 0)
        fputs("got nothing (timeout or error)\n", stderr);
    else if (n == 0)
        fputs("got end of file\n", stderr);
    else {
        fputs("got \"", stderr);
        print_escaped(stderr, line);
        fputs("\"\n", stderr);
    }
    return 0;
}

int tl_expect_prefix(int fd, const char *prefix)
{
    char line[8192];
    ssize_t n = tl_read_line(fd, line, sizeof line);

    if (n > 0 && strncmp(line, prefix, strlen(prefix)) == 0)
        return 1;
    fputs("tl_expect_prefix: expected a line starting with \"", stderr);
    print_escaped(stderr, prefix);
    fputs("\", ", stderr);
    if (n < 0)
        fputs("got nothing (timeout or error)\n", stderr);
    else if (n == 0)
        fputs("got end of file\n", stderr);
    else {
        fputs("got \"", stderr);
        print_escaped(stderr, line);
        fputs("\"\n", stderr);
    }
    return 0;
}

int tl_expect_eof(int fd)
{
    struct linebuf *lb;
    long long deadline = now_ms() + tl_timeout_ms();

    if (fd < 0 || (lb = lbuf_get(fd, 1)) == NULL)
        return 0;
    for (;;) {
        lb->len = 0;            /* discard whatever came */
        if (lb->eof)
            return 1;
        if (lbuf_fill(lb, deadline) < 0)
            return 0;
    }
}

void tl_close(int fd)
{
    struct linebuf *lb;

    if (fd < 0)
        return;
    lb = lbuf_get(fd, 0);
    if (lb != NULL)
        lbuf_drop(lb);
    close(fd);
}

/* ---- temporary directories -------------------------------------------- */

/* Directories made by tl_tmpdir() in this process, removed at exit if a
 * test did not (a failed assertion ends a test before its clean-up).  The
 * pid is kept because Check forks a child per test: a child must not
 * remove what its parent made. */
struct tmpdir_rec {
    char *path;
    pid_t owner;
};
static struct tmpdir_rec *tmpdirs;
static size_t n_tmpdirs;

static void remove_tmpdirs(void)
{
    for (size_t i = 0; i < n_tmpdirs; i++)
        if (tmpdirs[i].owner == getpid() && access(tmpdirs[i].path, F_OK) == 0)
            tl_rmtree(tmpdirs[i].path);
}

static void remember_tmpdir(const char *path)
{
    static int registered;
    struct tmpdir_rec *n = realloc(tmpdirs, (n_tmpdirs + 1) * sizeof *n);
    char *copy = strdup(path);

    if (n == NULL || copy == NULL) {
        free(copy);
        if (n != NULL)
            tmpdirs = n;
        return;
    }
    tmpdirs = n;
    tmpdirs[n_tmpdirs].path = copy;
    tmpdirs[n_tmpdirs].owner = getpid();
    n_tmpdirs++;
    if (!registered) {
        atexit(remove_tmpdirs);
        registered = 1;
    }
}

char *tl_tmpdir(void)
{
    const char *base = tmp_base();
    size_t sz = strlen(base) + sizeof "/mm-test-XXXXXX";
    char *path = malloc(sz);

    if (path == NULL)
        return NULL;
    snprintf(path, sz, "%s/mm-test-XXXXXX", base);
    if (mkdtemp(path) == NULL) {
        free(path);
        return NULL;
    }
    remember_tmpdir(path);
    return path;
}

int tl_file_pipe(int fds[2])
{
    char *dir = tl_tmpdir(), path[4096];
    int saved;

    snprintf(path, sizeof path, "%s/pipe", dir);
    fds[1] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    fds[0] = fds[1] < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    saved = errno;
    /* Unlinked: the file lives as long as the two descriptors. */
    unlink(path);
    tl_rmtree(dir);
    free(dir);
    if (fds[0] < 0) {
        if (fds[1] >= 0)
            close(fds[1]);
        errno = saved;
        return -1;
    }
    return 0;
}

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (type == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void tl_rmtree(const char *path)
{
    if (path == NULL || *path == '\0')
        return;
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- running a suite --------------------------------------------------- */

TCase *tl_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    /* Check's own default is 4 s per test: shorter than one bounded wait
     * here, which would turn a clear "expected X, got nothing" into a bare
     * "timeout expired".  This limit is only a backstop (every wait in a
     * test is bounded already), so it is generous: a test may run a dozen
     * programs one after the other, and under ASan on a loaded machine
     * each start and exit can take seconds -- four waits' worth (25 s)
     * was once too little for manyd's seven option checks.
     * (tcase_set_timeout applies $CK_TIMEOUT_MULTIPLIER itself.) */
    tcase_set_timeout(tc, 12.0 * tl_timeout_ms() / 1000.0 + 5.0);
    return tc;
}

int tl_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    /* CK_ENV: verbosity from $CK_VERBOSITY, CK_NORMAL when unset (failures
     * are listed with file:line and message; passes are not). */
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void tl_buf_put(struct tl_buf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tl_buf_puts(struct tl_buf *b, const char *s)
{
    tl_buf_put(b, s, strlen(s));
}
