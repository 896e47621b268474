/**
 * @file server.c
 * @brief A protocol-independent forking TCP server: one process per
 *        connection, a connection limit, clean shutdown.
 *
 * @chapter{serving-many}
 * @rfc RFC 5321 §3.8 (421 before closing), §4.5.3.2 (timeouts)
 *
 * The iterative servers of the first two chapters serve one client while
 * every other client waits in the listen queue.  This file gives each
 * connection its own process: the parent only accepts and forks, the child
 * runs the session and exits.  That is how inetd, tcpserver (under qmail)
 * and Postfix's master/smtpd pair serve mail: simple blocking code in the
 * session, and a crash or a slow client harms one session, never the
 * server.
 *
 * The parent keeps a small table of its children (pid and peer address):
 * its pids are whom to signal at shutdown and whom to reap, and the
 * sessions in it that are still running are what the limit counts.  The
 * parent reaps only the pids in its table, so a later chapter may run
 * other children of its own.  A child says goodbye on a pipe, just before
 * it closes its connection, so that the parent knows a session is over
 * before its process has exited and been reaped (see count_goodbyes()).
 *
 * All waiting happens in one place, pselect(2), with SIGTERM, SIGINT and
 * SIGCHLD blocked everywhere else.  pselect() unblocks them atomically
 * for the duration of the wait, so a signal can never slip in between
 * "check the flags" and "go to sleep" (see signals.h).
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "signals.h"

/* One session process: the child serving it and whom it serves. */
struct slot {
    pid_t pid;                  /* 0: the slot is free */
    int over;                   /* the child said goodbye: its session is over */
    char peer[NET_ADDRSTRLEN];
};

/* The parent's table of session processes.  Sessions running at once are
 * live - over; the limit is on those.  Processes whose session is over
 * but which have not yet exited and been reaped still need their slots,
 * so the table grows when they fill it (make_room()). */
struct sessions {
    struct slot *slot;          /* cap entries */
    unsigned max;               /* the limit on running sessions */
    unsigned cap;               /* slots in the table */
    unsigned live;              /* slots in use: processes not yet reaped */
    unsigned over;              /* of those, the ones that said goodbye */
    int bye_rd, bye_wr;         /* the goodbye pipe: children write their pid */
};

/* Milliseconds on a clock that never jumps (unlike the time of day). */
long long server_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Turn O_NONBLOCK on or off.  Nothing to set when it already is as
 * wanted -- the usual case for an accepted connection on Linux, where
 * accept(2) does not pass O_NONBLOCK on: one system call a connection
 * fewer in the parent. */
int server_set_nonblocking(int fd, int on)
{
    int fl = fcntl(fd, F_GETFL), want;

    if (fl < 0)
        return -1;
    want = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
    return want == fl ? 0 : fcntl(fd, F_SETFL, want);
}

/* [serving-many-wait] */
/* Sleep until @p fd is readable (fd < 0: no fd), a signal arrives, or
 * @p timeout_ms passes (< 0: no timeout).  Returns 1 when fd is readable,
 * 0 on timeout, -1 with errno EINTR when a signal handler ran.
 * The signals the loop cares about are blocked while the program runs; the
 * last argument of pselect() is the mask to use *during* the wait -- the
 * original one, where they are unblocked.  Blocking, checking the flags
 * and then waiting with pselect() is the textbook cure for the race
 * between the check and the wait. */
int server_wait_for(int fd, long long timeout_ms, const sigset_t *waitmask)
{
    fd_set rfds;
    struct timespec ts, *tsp = NULL;
    int n;

    FD_ZERO(&rfds);
    if (fd >= 0)
        FD_SET(fd, &rfds);
    if (timeout_ms >= 0) {
        ts.tv_sec = (time_t)(timeout_ms / 1000);
        ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
        tsp = &ts;
    }
    n = pselect(fd + 1, &rfds, NULL, NULL, tsp, waitmask);
    if (n < 0)
        return -1;
    return n > 0 ? 1 : 0;
}
/* [serving-many-wait] */

/* "exit 0", "signal 9": how a child ended, for the log. */
static void describe_status(int status, char *buf, size_t bufsz)
{
    if (WIFEXITED(status))
        snprintf(buf, bufsz, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, bufsz, "signal %d", WTERMSIG(status));
    else
        snprintf(buf, bufsz, "status %d", status);
}

/* A child ended with @p status: log it and free its slot. */
static void slot_done(struct sessions *s, struct slot *sl, int status)
{
    char how[32];

    describe_status(status, how, sizeof how);
    s->live--;
    if (sl->over)
        s->over--;
    log_msg("end %s (pid %ld, %s, %u/%u sessions)", sl->peer, (long)sl->pid,
            how, s->live - s->over, s->max);
    sl->pid = 0;
    sl->over = 0;
}

/* A free slot in the table for one more process: the table doubles when
 * it is full -- it can be only when processes that said goodbye are
 * still exiting.  -1 if memory runs out (the connection is refused). */
static int make_room(struct sessions *s)
{
    struct slot *bigger;

    if (s->live < s->cap)
        return 0;
    if (s->cap > UINT_MAX / 2
        || (bigger = realloc(s->slot, 2 * (size_t)s->cap * sizeof *bigger)) == NULL)
        return -1;
    memset(bigger + s->cap, 0, s->cap * sizeof *bigger);
    s->slot = bigger;
    s->cap *= 2;
    return 0;
}

/* [serving-many-goodbye] */
/* In a session process whose session has returned: tell the parent, on
 * the goodbye pipe, by writing our pid.  If the write fails, the session
 * counts until its process is reaped, as if it had said nothing. */
static void say_goodbye(int bye_wr)
{
    pid_t me = getpid();

    if (write(bye_wr, &me, sizeof me) != (ssize_t)sizeof me)
        log_msg("could not tell the server this session is over: %s", strerror(errno));
}

/* Read the goodbyes that session processes wrote on the pipe -- each one
 * its pid, just before closing its connection -- and stop counting those
 * sessions against the limit.  A process takes a while to exit after
 * that, and the parent reaps it only after its SIGCHLD: a client that
 * reconnects the moment its connection closes would otherwise find its
 * old session still counted, and, at the limit, be refused although it
 * is alone (measured: 186 refusals in 200 such reconnects with
 * --max-sessions 1).  The pipe is non-blocking: an empty pipe ends the
 * loop.  A write of at most PIPE_BUF bytes to a pipe arrives whole
 * (POSIX write(2)), so the pipe holds whole pids only.  A child that
 * crashes says nothing and counts until it is reaped. */
static void count_goodbyes(struct sessions *s)
{
    pid_t pid[64];
    ssize_t n;

    while ((n = read(s->bye_rd, pid, sizeof pid)) > 0) {
        for (size_t k = 0; k < (size_t)n / sizeof pid[0]; k++)
            for (unsigned i = 0; i < s->cap; i++)
                if (s->slot[i].pid == pid[k] && !s->slot[i].over) {
                    s->slot[i].over = 1;
                    s->over++;
                }
    }
}
/* [serving-many-goodbye] */

/* [serving-many-reap] */
/* Collect every session child that has ended, without blocking.  Each
 * waitpid() removes one zombie from the process table.  We ask for our
 * own pids one by one rather than waitpid(-1, ...): a later chapter may
 * fork helpers of its own, and their exit status is not ours to take.
 * Then the goodbyes: a child writes its pid before it exits, so every
 * pid just reaped has its goodbye in the pipe by now, and reading the
 * pipe here leaves none there that could name a pid used again later. */
static void reap(struct sessions *s)
{
    unsigned i;
    int status;

    for (i = 0; i < s->cap && s->live > 0; i++) {
        struct slot *sl = &s->slot[i];
        pid_t r;

        if (sl->pid == 0)
            continue;
        r = waitpid(sl->pid, &status, WNOHANG);
        if (r == sl->pid)
            slot_done(s, sl, status);
        else if (r < 0 && errno == ECHILD)      /* cannot happen; never loop on it */
            slot_done(s, sl, 0);
    }
    count_goodbyes(s);
}
/* [serving-many-reap] */

/* Send @p sig to every live session. */
static void signal_all(struct sessions *s, int sig)
{
    unsigned i;

    for (i = 0; i < s->cap; i++)
        if (s->slot[i].pid > 0)
            kill(s->slot[i].pid, sig);
}

/* [serving-many-refuse] */
/* Say @p reply (if any) to a connection we will not serve, and close it.
 * The parent must never block on one client, so the socket is made
 * non-blocking and the line is written with a single write(): a fresh
 * socket has an empty send buffer, so a short line always fits, and if it
 * somehow did not, the client only misses a courtesy.  (A client that has
 * already sent commands may get a TCP reset instead of the line: close()
 * with unread input does that.  Clients wait for the greeting first.) */
void server_refuse(int fd, const char *peer, const char *reply,
                  const char *why)
{
    char line[512];
    int n;

    log_msg("refused %s: %s", peer, why);
    if (reply != NULL) {
        n = snprintf(line, sizeof line, "%s\r\n", reply);
        if (n > 0 && (size_t)n < sizeof line && server_set_nonblocking(fd, 1) == 0
            && write(fd, line, (size_t)n) != n)
            log_msg("could not tell %s: %s", peer, strerror(errno));
    }
    close(fd);
}
/* [serving-many-refuse] */

/* [serving-many-send-timeout] */
/* A client that sends a command and then never reads the reply would
 * leave its session blocked in write(2) for ever once the socket's send
 * buffer is full -- no idle timer runs while we write, and the session
 * keeps its slot of max_sessions.  SO_SNDTIMEO bounds each write: after
 * @p seconds without the client taking a single byte, write(2) returns
 * -1 with EAGAIN (or a short count), io.c's io_write_all() reports the
 * error, and the session ends.  Every byte the client takes restarts the
 * timer, so a slow reader is served; only one that stopped is cut off. */
void server_set_send_timeout(int fd, int seconds)
{
    struct timeval tv = { .tv_sec = seconds > 0 ? seconds : SERVER_DEFAULT_SEND_TIMEOUT_S };

    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
        log_msg("SO_SNDTIMEO: %s (writes to this client are not bounded)", strerror(errno));
}
/* [serving-many-send-timeout] */

/* [serving-many-accept] */
int server_accept(int listen_fd, char *peer, size_t peersz, const sigset_t *waitmask)
{
    /* The listener is non-blocking: a client that connected and left
     * again before accept() must not make the parent hang in it. */
    int fd = net_accept(listen_fd, peer, peersz);

    if (fd < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            /* EMFILE, ENOBUFS...: the pending connection would wake
             * us again at once; breathe for a moment instead. */
            log_msg("accept: %s", strerror(errno));
            server_wait_for(-1, 100, waitmask);
        }
        return -1;
    }
    /* On BSD systems the new socket inherits O_NONBLOCK; the session
     * code is written for blocking sockets. */
    server_set_nonblocking(fd, 0);
    return fd;
}
/* [serving-many-accept] */

/* [serving-many-fork] */
/* Fork a child that serves @p fd; remember it in a free slot. */
static void start_session(struct sessions *s, int listen_fd, int fd,
                          const char *peer, const struct server_config *cfg,
                          const sigset_t *origmask)
{
    unsigned i;
    pid_t pid = fork();

    if (pid < 0) {                      /* out of processes: say so, go on */
        server_refuse(fd, peer, cfg->busy_reply, strerror(errno));
        return;
    }
    if (pid == 0) {
        /* The child: it serves this one connection and never returns to
         * the accept loop.  The listening socket is the parent's business;
         * holding it open here would only keep the port busy after the
         * parent is gone. */
        int rc;

        close(listen_fd);
        close(s->bye_rd);
        if (signals_child_setup(origmask) < 0)
            _exit(1);
        server_set_send_timeout(fd, cfg->send_timeout_s);
        rc = cfg->session(fd, fd, peer, cfg->arg);
        /* Goodbye before the connection closes: a client that sees it
         * close and connects again is then judged without this session
         * (count_goodbyes()). */
        say_goodbye(s->bye_wr);
        close(fd);
        /* _exit, not exit: the stdio buffers and atexit handlers are
         * copies of the parent's, and must not be flushed or run twice. */
        _exit(rc == 0 ? 0 : 1);
    }
    /* The parent: the child has its own copy of the connection; ours
     * would keep the connection open after the child closes it. */
    close(fd);
    for (i = 0; i < s->cap && s->slot[i].pid != 0; i++)
        ;
    s->slot[i].pid = pid;               /* make_room() made sure: live < cap */
    snprintf(s->slot[i].peer, sizeof s->slot[i].peer, "%s", peer);
    s->live++;
    log_msg("connect from %s (pid %ld, %u/%u sessions)", peer, (long)pid,
            s->live - s->over, s->max);
}
/* [serving-many-fork] */

/* [serving-many-shutdown] */
/* Ask every session to finish, and wait for them -- but not forever.
 * A session notices SIGTERM when its read is interrupted, or when it next
 * looks at signals_stop.  If the signal lands just after the session
 * checked the flag and just before it went to sleep in poll(), the poll
 * sleeps on: so SIGTERM is repeated every SERVER_RESEND_MS while sessions
 * remain.  A session stuck elsewhere (writing to a client that never
 * reads) gets SIGKILL after the grace period. */
static void stop_sessions(struct sessions *s, int grace_s,
                          const sigset_t *origmask)
{
    long long deadline = server_now_ms() + 1000LL * grace_s;

    if (s->live == 0)
        return;
    log_msg("stopping %u session(s)", s->live);
    signal_all(s, SIGTERM);
    for (;;) {
        long long left;
        int r;

        signals_child = 0;
        reap(s);
        if (s->live == 0)
            return;
        left = deadline - server_now_ms();
        if (left <= 0)
            break;
        r = server_wait_for(-1, left < SERVER_RESEND_MS ? left : SERVER_RESEND_MS,
                     origmask);
        if (r == 0)
            signal_all(s, SIGTERM);     /* nobody ended meanwhile: repeat */
        else if (r < 0 && errno != EINTR)
            break;                      /* cannot wait: do not spin */
    }
    log_msg("%u session(s) still running after %d s: killing them",
            s->live, grace_s);
    signal_all(s, SIGKILL);
    for (unsigned i = 0; i < s->cap; i++) {
        int status = 0;

        if (s->slot[i].pid == 0)
            continue;
        /* SIGKILL cannot be caught or ignored: this wait is short. */
        while (waitpid(s->slot[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        slot_done(s, &s->slot[i], status);
    }
}
/* [serving-many-shutdown] */

/* The goodbye pipe (count_goodbyes()): both ends non-blocking -- the
 * parent must not wait on an empty pipe, nor a child on a full one. */
static int open_goodbyes(struct sessions *s)
{
    int fds[2];

    if (pipe(fds) < 0)
        return -1;
    s->bye_rd = fds[0];
    s->bye_wr = fds[1];
    return server_set_nonblocking(fds[0], 1) < 0 || server_set_nonblocking(fds[1], 1) < 0 ? -1 : 0;
}

static void close_goodbyes(struct sessions *s)
{
    if (s->bye_rd >= 0)
        close(s->bye_rd);
    if (s->bye_wr >= 0)
        close(s->bye_wr);
}

/* [serving-many-loop] */
int server_serve(int listen_fd, const struct server_config *cfg)
{
    struct sessions s = { .slot = NULL, .bye_rd = -1, .bye_wr = -1 };
    sigset_t origmask;
    long long next_tick = 0;
    int ticking = cfg->tick != NULL && cfg->tick_ms > 0, failed = 0;

    if (cfg->threads)
        return server_serve_threads(listen_fd, cfg);
    s.max = cfg->max_sessions > 0 ? cfg->max_sessions
                                  : SERVER_DEFAULT_MAX_SESSIONS;
    s.cap = s.max;
    s.slot = calloc(s.cap, sizeof *s.slot);
    if (s.slot == NULL || cfg->session == NULL || listen_fd >= FD_SETSIZE
        || open_goodbyes(&s) < 0
        || signals_install() < 0 || signals_watch_children() < 0
        || server_set_nonblocking(listen_fd, 1) < 0
        || signals_block(&origmask) < 0) {
        log_msg("cannot start the server: %s",
                cfg->session == NULL ? "no session function" : strerror(errno));
        free(s.slot);
        close_goodbyes(&s);
        close(listen_fd);
        return -1;
    }
    /* Work every session process would otherwise repeat, the parent does
     * once, before the first fork.  The C library reads the time zone
     * (/etc/localtime) the first time a process asks for local time --
     * the Received: field's date in chapter 5 -- and a forked child only
     * inherits what its parent had already read: without this line,
     * every connection's process opened and read the file again (7
     * system calls and 2-3 page faults each, seen with strace -f and
     * perf; small beside the 2 ms a process costs on the book's virtual
     * machine, see docs/PERFORMANCE.md, but pure waste). */
    tzset();

    /* Signals are blocked from here on, except inside server_wait_for(), so the
     * flags cannot change between the checks below and the wait. */
    while (!signals_stop) {
        char peer[NET_ADDRSTRLEN];
        long long timeout;
        int fd, r;

        if (signals_child) {
            signals_child = 0;
            reap(&s);
        }
        if (ticking && server_now_ms() >= next_tick) {
            cfg->tick(cfg->arg);
            next_tick = server_now_ms() + cfg->tick_ms;
        }
        timeout = -1;                   /* no tick: sleep until something happens */
        if (ticking && (timeout = next_tick - server_now_ms()) < 0)
            timeout = 0;
        r = server_wait_for(listen_fd, timeout, &origmask);
        if (r < 0 && errno != EINTR) {
            log_msg("pselect: %s", strerror(errno));    /* a bug: give up */
            failed = 1;
            break;
        }
        if (r <= 0)
            continue;                   /* a signal or the tick: look again */

        fd = server_accept(listen_fd, peer, sizeof peer, &origmask);
        if (fd < 0)
            continue;
        /* At the limit, look again before refusing: sessions may have
         * said goodbye since we last looked. */
        if (s.live - s.over >= s.max)
            count_goodbyes(&s);
        if (s.live - s.over >= s.max || make_room(&s) < 0)
            server_refuse(fd, peer, cfg->busy_reply, "too many sessions");
        else
            start_session(&s, listen_fd, fd, peer, cfg, &origmask);
    }

    if (!failed)
        log_msg("shutting down on signal %d", (int)signals_stop);
    close(listen_fd);           /* new clients now get "connection refused" */
    stop_sessions(&s, cfg->grace_s > 0 ? cfg->grace_s : SERVER_DEFAULT_GRACE_S,
                  &origmask);
    signals_restore(&origmask);
    close_goodbyes(&s);
    free(s.slot);
    return failed ? -1 : 0;
}
/* [serving-many-loop] */

int server_run(const struct server_config *cfg, char *err, size_t errsz)
{
    int fd;

    /* Handlers first: a test (or a script) may send SIGTERM the moment it
     * reads "listening on", and the default action would kill us without
     * a clean shutdown. */
    if (signals_install() < 0) {
        if (err != NULL && errsz > 0)
            snprintf(err, errsz, "sigaction: %s", strerror(errno));
        return -1;
    }
    fd = net_listen_spec(cfg->listen, err, errsz);
    if (fd < 0)
        return -1;
    if (server_serve(fd, cfg) < 0) {
        if (err != NULL && errsz > 0)
            snprintf(err, errsz, "the server failed (see the log above)");
        return -1;
    }
    return 0;
}

/* [serving-many-stdio] */
int server_run_stdio(const struct server_config *cfg)
{
    char peer[NET_ADDRSTRLEN] = "stdio";
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    if (signals_install() < 0)
        log_msg("sigaction: %s", strerror(errno));
    /* Under inetd or tcpserver, fd 0 is the client's socket: name it. */
    if (getpeername(STDIN_FILENO, (struct sockaddr *)&ss, &len) == 0
        && net_format_addr((struct sockaddr *)&ss, len, peer, sizeof peer) < 0)
        snprintf(peer, sizeof peer, "stdio");
    return cfg->session(STDIN_FILENO, STDOUT_FILENO, peer, cfg->arg);
}
/* [serving-many-stdio] */
