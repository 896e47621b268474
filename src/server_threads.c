/**
 * @file server_threads.c
 * @brief The server of server.c with a thread per connection instead of
 *        a process: the same loop, limit, tick and shutdown.
 *
 * @chapter{serving-many}
 * @rfc RFC 5321 §3.8 (421 before closing), §4.5.3.2 (timeouts)
 *
 * server.c gives each connection a process.  This file gives it a POSIX
 * thread of the server's own process instead, and runs the very same
 * session function in it.  Why a second way?  Because a process is dear
 * on some machines: on the book's virtual machine a switch between two
 * processes -- two address spaces -- goes through the hypervisor, and a
 * durable delivery makes about a dozen of them (waiting for the client's
 * next command, waiting for the disk).  Threads share one address space,
 * so a switch between two sessions changes no page tables, and starting
 * a session copies none.  Measured with the cheapest SMTP responder that
 * keeps chapter 5's promise: at 50 sessions the thread version spent half
 * the CPU a message and delivered 1.6 times as much; with one connection
 * per message, five times as much (docs/PERFORMANCE.md).
 *
 * What the threads give up is what chapter 3 chose processes for: a
 * session that crashes takes the whole server with it, and every byte of
 * memory is shared, so the session code must be written for it -- no
 * static buffers, no counters without a lock or an atomic, everything
 * freed at the end of the session (nothing is handed back by an exit).
 * minimail's SMTP session is written that way; `--threads` chooses this
 * file, the default remains a process per connection.
 *
 * The differences from server.c, in order:
 *  - the table of sessions is shared by the accept loop and the session
 *    threads, so one mutex guards it;
 *  - a session ends by taking itself out of the table, just before it
 *    closes its connection: the goodbye pipe of server.c is not needed,
 *    and there is nothing to reap;
 *  - signals: the loop's three stay blocked in every session thread (they
 *    inherit the mask of the thread that created them), so SIGTERM is
 *    always taken by the loop, inside pselect(), as in server.c;
 *  - stopping: a thread cannot be sent SIGTERM for itself alone in a
 *    useful way (its handler would set the same flag) nor killed.  The
 *    loop shuts each session's socket down for reading instead
 *    (shutdown(2) with SHUT_RD): a session waiting for its client wakes
 *    at once, sees signals_stop and says its 421; one that was busy sees
 *    it at its next wait.  There is no race to repeat a signal for: the
 *    shut-down state stays.  After the grace period the sockets are shut
 *    down both ways (a session blocked writing to a client that never
 *    reads gets an error), and what still runs ends with the process.
 */
#include "server.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "signals.h"

/* [serving-many-pool] */
/* What the accept loop and the session threads share.  Every field but
 * max is read and written under @c lock only. */
struct pool {
    pthread_mutex_t lock;
    pthread_cond_t ended;       /* signalled when a session ends */
    int *fd;                    /* max entries: each running session's
                                   socket, -1 for a free entry */
    unsigned max;               /* the limit on running sessions */
    unsigned running;           /* entries in use */
    unsigned long started;      /* sessions so far: numbers the log lines */
};

/* All one session thread needs; the thread frees it. */
struct session_start {
    struct pool *pool;
    const struct server_config *cfg;
    unsigned entry;             /* its place in pool->fd */
    unsigned long number;
    int fd;
    char peer[NET_ADDRSTRLEN];
};
/* [serving-many-pool] */

/* [serving-many-thread] */
/* The body of a session thread: the session, then out of the table --
 * before the connection closes, so that a client who sees it close and
 * connects again is judged without this session -- then close.  The log
 * line is written while the thread still counts: at shutdown the loop
 * returns, and the process exits, as soon as none counts, and a line
 * written after that moment would be lost. */
static void *session_thread(void *arg)
{
    struct session_start *st = arg;
    struct pool *p = st->pool;
    int rc = st->cfg->session(st->fd, st->fd, st->peer, st->cfg->arg);

    pthread_mutex_lock(&p->lock);
    p->fd[st->entry] = -1;
    p->running--;
    /* "exit 0"/"exit 1": the words of server.c's log, where they are
     * the status of the session's process. */
    log_msg("end %s (session %lu, exit %d, %u/%u sessions)", st->peer, st->number,
            rc == 0 ? 0 : 1, p->running, p->max);
    pthread_cond_broadcast(&p->ended);
    pthread_mutex_unlock(&p->lock);
    close(st->fd);
    free(st);
    return NULL;
}
/* [serving-many-thread] */

/* [serving-many-start-thread] */
/* Serve @p fd in a new thread, or refuse it at the limit. */
static void start_thread(struct pool *p, int fd, const char *peer,
                         const struct server_config *cfg,
                         const pthread_attr_t *attr)
{
    struct session_start *st = NULL;
    unsigned entry = 0, running = 0;
    pthread_t tid;
    int full, err;

    pthread_mutex_lock(&p->lock);
    full = p->running >= p->max;
    if (!full && (st = malloc(sizeof *st)) != NULL) {
        while (p->fd[entry] >= 0)       /* running < max: a free entry exists */
            entry++;
        p->fd[entry] = fd;
        running = ++p->running;
        *st = (struct session_start){ .pool = p, .cfg = cfg, .entry = entry,
                                      .number = ++p->started, .fd = fd };
    }
    pthread_mutex_unlock(&p->lock);
    if (st == NULL) {
        server_refuse(fd, peer, cfg->busy_reply,
                      full ? "too many sessions" : "out of memory");
        return;
    }
    snprintf(st->peer, sizeof st->peer, "%s", peer);
    server_set_send_timeout(fd, cfg->send_timeout_s);
    log_msg("connect from %s (session %lu, %u/%u sessions)", peer, st->number,
            running, p->max);
    /* Detached: nobody joins a session thread; it cleans up after itself. */
    err = pthread_create(&tid, attr, session_thread, st);
    if (err != 0) {
        pthread_mutex_lock(&p->lock);
        p->fd[entry] = -1;
        p->running--;
        pthread_mutex_unlock(&p->lock);
        free(st);
        server_refuse(fd, peer, cfg->busy_reply, strerror(err));
    }
}
/* [serving-many-start-thread] */

/* shutdown(2) every running session's socket; called with the lock held. */
static void shut_all(struct pool *p, int how)
{
    for (unsigned i = 0; i < p->max; i++)
        if (p->fd[i] >= 0)
            shutdown(p->fd[i], how);
}

/* Wait, with the lock held, until no session runs or @p deadline (on
 * CLOCK_MONOTONIC) passes. */
static void wait_until_none(struct pool *p, const struct timespec *deadline)
{
    while (p->running > 0)
        if (pthread_cond_timedwait(&p->ended, &p->lock, deadline) == ETIMEDOUT)
            break;
}

/* [serving-many-stop-threads] */
/* Ask every session to finish and wait for them, but not forever.
 * Returns how many still run (their threads still use the pool). */
static unsigned stop_threads(struct pool *p, int grace_s)
{
    struct timespec deadline;
    unsigned left;

    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += grace_s;
    pthread_mutex_lock(&p->lock);
    if (p->running > 0)
        log_msg("stopping %u session(s)", p->running);
    shut_all(p, SHUT_RD);               /* wakes whoever waits for a client */
    wait_until_none(p, &deadline);
    if (p->running > 0) {
        log_msg("%u session(s) still running after %d s: closing their connections",
                p->running, grace_s);
        shut_all(p, SHUT_RDWR);         /* a blocked write fails now */
        deadline.tv_sec += 1;
        wait_until_none(p, &deadline);
    }
    left = p->running;
    pthread_mutex_unlock(&p->lock);
    if (left > 0)
        log_msg("%u session(s) left to end with the process", left);
    return left;
}
/* [serving-many-stop-threads] */

/* The pool, or NULL (errno set).  The condition variable's clock is the
 * monotonic one, like every timeout of the book. */
static struct pool *pool_new(unsigned max)
{
    struct pool *p = calloc(1, sizeof *p);
    pthread_condattr_t ca;

    if (p == NULL || (p->fd = malloc(max * sizeof *p->fd)) == NULL) {
        free(p);
        errno = ENOMEM;
        return NULL;
    }
    for (unsigned i = 0; i < max; i++)
        p->fd[i] = -1;
    p->max = max;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->ended, &ca);
    pthread_condattr_destroy(&ca);
    return p;
}

static void pool_free(struct pool *p)
{
    pthread_cond_destroy(&p->ended);
    pthread_mutex_destroy(&p->lock);
    free(p->fd);
    free(p);
}

/* [serving-many-thread-loop] */
int server_serve_threads(int listen_fd, const struct server_config *cfg)
{
    unsigned max = cfg->max_sessions > 0 ? cfg->max_sessions
                                         : SERVER_DEFAULT_MAX_SESSIONS;
    struct pool *p = pool_new(max);
    pthread_attr_t attr;
    sigset_t origmask;
    long long next_tick = 0;
    int ticking = cfg->tick != NULL && cfg->tick_ms > 0, failed = 0;

    if (p == NULL || cfg->session == NULL
        || signals_install() < 0 || signals_watch_children() < 0
        || server_set_nonblocking(listen_fd, 1) < 0
        || signals_block(&origmask) < 0) {
        log_msg("cannot start the server: %s",
                cfg->session == NULL ? "no session function" : strerror(errno));
        if (p != NULL)
            pool_free(p);
        close(listen_fd);
        return -1;
    }
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    tzset();                            /* once, before any session asks */

    while (!signals_stop) {
        char peer[NET_ADDRSTRLEN];
        long long timeout = -1;
        int fd, r;

        /* No session is a child process here; a tick's own children
         * (chapter 7's queue runner) are the tick's to reap. */
        signals_child = 0;
        if (ticking && server_now_ms() >= next_tick) {
            cfg->tick(cfg->arg);
            next_tick = server_now_ms() + cfg->tick_ms;
        }
        if (ticking && (timeout = next_tick - server_now_ms()) < 0)
            timeout = 0;
        r = server_wait_for(listen_fd, timeout, &origmask);
        if (r < 0 && errno != EINTR) {
            log_msg("pselect: %s", strerror(errno));
            failed = 1;
            break;
        }
        if (r <= 0)
            continue;
        fd = server_accept(listen_fd, peer, sizeof peer, &origmask);
        if (fd >= 0)
            start_thread(p, fd, peer, cfg, &attr);
    }

    if (!failed)
        log_msg("shutting down on signal %d", (int)signals_stop);
    close(listen_fd);
    if (stop_threads(p, cfg->grace_s > 0 ? cfg->grace_s : SERVER_DEFAULT_GRACE_S) == 0)
        pool_free(p);                   /* else the last threads still use it */
    pthread_attr_destroy(&attr);
    signals_restore(&origmask);
    return failed ? -1 : 0;
}
/* [serving-many-thread-loop] */
