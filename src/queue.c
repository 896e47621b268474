/**
 * @file queue.c
 * @brief The queue runner: one pass over the spool, each entry sent to its
 *        next hop with the chapter 6 client; retries, expiry, bounces.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §4.5.4.1, §6.1, §4.5.5, §3.6.1; RFC 3464; RFC 3463
 *
 * Read queue_deliver_entry() first: it is the whole life of one attempt,
 * and everything else in this file is a helper of it or schedules it.
 */
#include "config.h"

#include "queue.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_CLOSE_RANGE
/* close_range(2) is not POSIX, so the headers declare it only outside
 * strict POSIX mode (glibc: _GNU_SOURCE), and minimail compiles as POSIX
 * (configure's MM_CPPFLAGS).  configure found it in the C library; this is
 * its declaration there. */
int close_range(unsigned int first, unsigned int last, int flags);
#endif

#include "bounce.h"
#include "delivery.h"
#include "log.h"
#include "received.h"
#include "signals.h"
#include "smtp_client.h"
#include "smtp_parse.h"

/* [queue-backoff] */
unsigned queue_backoff(unsigned attempts, unsigned min, unsigned max)
{
    unsigned delay = min;

    /* min * 2^(attempts-1), computed by doubling so it cannot overflow:
     * stop as soon as the cap is reached. */
    for (unsigned i = 1; i < attempts && delay < max; i++)
        delay = delay > max / 2 ? max : delay * 2;
    return delay < max ? delay : max;
}
/* [queue-backoff] */

/* The domain of an address: after its last '@' ("" if none). */
static const char *domain_of(const char *addr)
{
    const char *at = strrchr(addr, '@');
    return at != NULL ? at + 1 : "";
}

/* What one attempt learnt about each recipient, beyond the envelope. */
struct outcome {
    int fresh;                 /* 1: failed in this attempt (needs a bounce) */
    char status[12];           /* its RFC 3463 status, for the bounce */
    const struct route_hop *hop;  /* the next hop tried, or NULL */
};

/* printf into a diagnostic buffer; a long text is cut, which is fine for
 * a diagnostic (vsnprintf: the compiler does not warn about the cut). */
static void diagf(char *out, size_t outsz, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void diagf(char *out, size_t outsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, outsz, fmt, ap);
    va_end(ap);
}

/* A reply as a diagnostic line: "550 5.1.1 <x>: no such user". */
static void reply_diag(char *out, size_t outsz, const struct smtp_client_reply *r)
{
    diagf(out, outsz, "%d%s%s %s", r->code, r->enh[0] ? " " : "", r->enh, r->text);
}

/* Every recipient of the group stays pending, with this diagnostic. */
static void group_deferred(struct spool_entry *e, const size_t *idx, size_t n,
                           const char *diag)
{
    for (size_t k = 0; k < n; k++)
        snprintf(e->rcpt[idx[k]].diag, sizeof e->rcpt[idx[k]].diag, "%s", diag);
}

/* [queue-attempt] */
/* One SMTP transaction with one next hop for the recipients idx[0..n). */
static void attempt_hop(const struct queue_config *qc, struct spool_entry *e,
                        const char *msg, size_t len, const struct route_hop *hop,
                        const size_t *idx, size_t n, struct outcome *out)
{
    struct smtp_client c;
    struct smtp_client_txn t;
    struct smtp_client_rcpt *rc = calloc(n, sizeof *rc);
    char diag[SPOOL_DIAG_MAX];
    int code;

    if (rc == NULL) {
        group_deferred(e, idx, n, "local error: out of memory");
        return;
    }
    smtp_client_init(&c);
    smtp_client_set_timeout(&c, (int)qc->timeout * 1000);
    code = smtp_client_connect(&c, hop->host, hop->port);
    if (code != 220) {
        /* No connection, or a server that will not talk (421, 554):
         * nothing was said about any recipient -- try again later. */
        if (code < 0)
            diagf(diag, sizeof diag, "no connection to %s:%s: %s", hop->host,
                     hop->port, c.err);
        else
            reply_diag(diag, sizeof diag, &c.reply);
        group_deferred(e, idx, n, diag);
        smtp_client_quit(&c);
        free(rc);
        return;
    }
    if ((code = smtp_client_hello(&c, qc->hostname)) != 250) {
        if (code < 0)
            diagf(diag, sizeof diag, "EHLO to %s:%s failed: %s", hop->host,
                     hop->port, c.err);
        else
            reply_diag(diag, sizeof diag, &c.reply);
        group_deferred(e, idx, n, diag);
        smtp_client_quit(&c);
        free(rc);
        return;
    }

    memset(&t, 0, sizeof t);
    t.from = e->from;                    /* "" for a bounce: MAIL FROM:<> */
    t.rcpts = rc;
    t.nrcpts = n;
    t.msg = msg;
    t.len = len;
    for (size_t k = 0; k < n; k++)
        rc[k].addr = e->rcpt[idx[k]].addr;
    code = smtp_client_send(&c, &t);

    /* Each recipient's fate is the reply that decided it. */
    for (size_t k = 0; k < n; k++) {
        const struct smtp_client_reply *r = smtp_client_rcpt_result(&t, k);
        struct spool_rcpt *sr = &e->rcpt[idx[k]];
        struct outcome *o = &out[idx[k]];

        o->hop = hop;
        if (r->code != 0)
            reply_diag(sr->diag, sizeof sr->diag, r);
        else
            diagf(sr->diag, sizeof sr->diag, "no reply from %s:%s: %s", hop->host,
                     hop->port, c.err[0] ? c.err : "connection lost");
        switch (smtp_reply_class(r->code)) {
        case SMTP_CLASS_POSITIVE:
            sr->state = SPOOL_DELIVERED;
            log_msg("queue %s: <%s> delivered to %s:%s: %s", e->id, sr->addr, hop->host,
                    hop->port, sr->diag);
            break;
        case SMTP_CLASS_PERMANENT:
            sr->state = SPOOL_FAILED;
            o->fresh = 1;
            bounce_status(r->code, r->enh, o->status, sizeof o->status);
            log_msg("queue %s: <%s> refused by %s:%s: %s", e->id, sr->addr, hop->host,
                    hop->port, sr->diag);
            break;
        default:    /* 4xx, or no reply: it may have arrived or not; try again */
            log_msg("queue %s: <%s> deferred: %s", e->id, sr->addr, sr->diag);
            break;
        }
    }
    if (code < 0)
        smtp_client_close(&c);
    else
        smtp_client_quit(&c);
    free(rc);
}
/* [queue-attempt] */

/* Store a bounce in a local sender's Maildir, or queue it for a remote
 * one.  Returns 0 when it is safe (or not deliverable at all), -1 when it
 * should be tried again. */
static int send_bounce(const struct queue_config *qc, const struct spool_entry *e,
                       const char *bounce, size_t blen, time_t now)
{
    char path[SMTP_PATH_MAX + 3], mailbox[RECIPIENTS_MAILBOX_MAX], err[SPOOL_ERRLEN];
    struct smtp_path p;
    size_t end;

    snprintf(path, sizeof path, "<%s>", e->from);
    if (smtp_parse_path(path, SMTP_PATH_REVERSE, &p, &end) != SMTP_PARSE_OK) {
        log_msg("queue %s: no bounce: bad sender <%s>", e->id, e->from);
        return 0;
    }
    enum recipients_result rr = qc->recipients != NULL
        ? recipients_resolve(qc->recipients, p.local, p.domain, mailbox, sizeof mailbox)
        : RECIPIENTS_NOT_LOCAL;
    if (rr == RECIPIENTS_LOCAL) {
        /* A local sender: final delivery, with Return-Path: <> (RFC 5321 §4.4). */
        struct delivery_target t = { mailbox, e->from };
        struct delivery_failure fail;
        struct received_info ri = {
            .helo = qc->hostname, .peer_ip = NULL, .by = qc->hostname,
            .protocol = "local", .id = e->id, .for_rcpt = NULL, .when = now,
        };
        if (delivery_deliver(qc->maildir_root, &t, 1, "", &ri, bounce, blen, &fail) < 0) {
            log_msg("queue %s: bounce to <%s> not stored: %s", e->id, e->from, fail.detail);
            return -1;
        }
        log_msg("queue %s: bounce stored for local sender <%s>", e->id, e->from);
        return 0;
    }
    if (rr == RECIPIENTS_NO_SUCH_USER) {
        log_msg("queue %s: no bounce: local sender <%s> does not exist", e->id, e->from);
        return 0;
    }
    /* A remote sender: the bounce joins the queue, with the null sender. */
    struct spool_rcpt r;
    struct spool_entry b;
    memset(&r, 0, sizeof r);
    memset(&b, 0, sizeof b);
    snprintf(r.addr, sizeof r.addr, "%s", e->from);
    r.state = SPOOL_PENDING;
    b.rcpt = &r;
    b.nrcpt = 1;
    b.arrival = b.next_try = now;
    if (spool_enqueue(qc->spool, &b, bounce, blen, err, sizeof err) < 0) {
        log_msg("queue %s: bounce to <%s> not queued: %s", e->id, e->from, err);
        return -1;
    }
    log_msg("queue %s: bounce to <%s> queued as %s", e->id, e->from, b.id);
    return 0;
}

/* [queue-bounce] */
/* Tell the sender about the recipients that failed in this attempt. */
static int bounce_failures(const struct queue_config *qc, const struct spool_entry *e,
                           const struct outcome *out, const char *msg, size_t len,
                           time_t now)
{
    struct bounce_rcpt *br;
    size_t n = 0;
    int rc = 0;

    for (size_t i = 0; i < e->nrcpt; i++)
        n += out[i].fresh;
    if (n == 0)
        return 0;
    if (e->from[0] == '\0') {
        /* RFC 5321 §6.1: a message with the null reverse-path is itself a
         * notification; bouncing it could start a loop.  Drop it, loudly. */
        log_msg("queue %s: %zu recipient%s failed; no bounce for a message from <>",
                e->id, n, n == 1 ? "" : "s");
        return 0;
    }
    if ((br = calloc(n, sizeof *br)) == NULL)
        return -1;
    n = 0;
    for (size_t i = 0; i < e->nrcpt; i++) {
        if (!out[i].fresh)
            continue;
        const char *d = e->rcpt[i].diag;
        int is_reply = d[0] >= '2' && d[0] <= '5' && strlen(d) >= 3;
        br[n].addr = e->rcpt[i].addr;
        br[n].status = out[i].status;
        br[n].diag = is_reply ? d : NULL;
        br[n].remote_mta = out[i].hop != NULL && is_reply ? out[i].hop->host : NULL;
        br[n].explain = strcmp(out[i].status, "4.4.7") == 0
            ? "the message could not be delivered within the queue lifetime"
            : is_reply ? "the next hop refused the recipient" : d;
        n++;
    }
    struct bounce_info bi = {
        .reporting_mta = qc->hostname, .sender = e->from, .queue_id = e->id,
        .arrival = e->arrival, .now = now, .rcpts = br, .nrcpts = n,
    };
    size_t blen;
    char *bounce = bounce_compose(&bi, msg, len, &blen);
    if (bounce == NULL)
        rc = -1;
    else
        rc = send_bounce(qc, e, bounce, blen, now);
    free(bounce);
    free(br);
    return rc;
}
/* [queue-bounce] */

/* [queue-deliver-entry] */
int queue_deliver_entry(const struct queue_config *qc, const char *id, time_t now)
{
    struct spool_entry e;
    struct outcome *out;
    size_t *idx, len = 0;
    char err[SPOOL_ERRLEN];
    char *msg;

    if (spool_load(qc->spool, id, &e, err, sizeof err) < 0) {
        log_msg("queue %s: %s", id, err);
        return -1;
    }
    msg = spool_read_message(qc->spool, id, &len);
    out = calloc(e.nrcpt, sizeof *out);
    idx = calloc(e.nrcpt, sizeof *idx);
    if (out == NULL || idx == NULL) {
        free(msg), free(out), free(idx);
        spool_entry_free(&e);
        return -1;
    }
    e.attempts++;

    /* 1-3: each next hop once, with all its pending recipients. */
    for (size_t i = 0; i < e.nrcpt && !signals_stop; i++) {
        struct spool_rcpt *r = &e.rcpt[i];
        if (r->state != SPOOL_PENDING || out[i].hop != NULL || out[i].fresh)
            continue;                               /* done, or done this pass */
        if (msg == NULL) {                          /* should never happen */
            r->state = SPOOL_FAILED;
            out[i].fresh = 1;
            snprintf(out[i].status, sizeof out[i].status, "4.3.0");
            snprintf(r->diag, sizeof r->diag, "the queued message file is missing");
            continue;
        }
        const struct route_hop *hop = routes_lookup(qc->routes, domain_of(r->addr));
        if (hop == NULL) {                          /* the routes changed since */
            r->state = SPOOL_FAILED;
            out[i].fresh = 1;
            snprintf(out[i].status, sizeof out[i].status, "5.4.4");
            snprintf(r->diag, sizeof r->diag, "no route to domain %s", domain_of(r->addr));
            continue;
        }
        size_t n = 0;
        for (size_t j = i; j < e.nrcpt; j++) {
            const struct route_hop *h;
            if (e.rcpt[j].state == SPOOL_PENDING && out[j].hop == NULL && !out[j].fresh &&
                (h = routes_lookup(qc->routes, domain_of(e.rcpt[j].addr))) != NULL &&
                strcmp(h->host, hop->host) == 0 && strcmp(h->port, hop->port) == 0)
                idx[n++] = j;
        }
        attempt_hop(qc, &e, msg, len, hop, idx, n, out);
        for (size_t k = 0; k < n; k++)
            out[idx[k]].hop = hop;                  /* tried in this pass */
        /* What the hop accepted must never be sent again: write it down
         * now, before talking to anyone else (the at-least-once window). */
        if (spool_count(&e, SPOOL_DELIVERED) > 0 && spool_save(qc->spool, &e, err, sizeof err) < 0)
            log_msg("queue %s: %s", id, err);
    }

    /* 5a: too old?  The pending recipients fail with 4.4.7. */
    int expired = spool_count(&e, SPOOL_PENDING) > 0 &&
                  now - e.arrival >= (time_t)qc->lifetime;
    if (expired) {
        for (size_t i = 0; i < e.nrcpt; i++) {
            if (e.rcpt[i].state != SPOOL_PENDING)
                continue;
            e.rcpt[i].state = SPOOL_FAILED;
            out[i].fresh = 1;
            snprintf(out[i].status, sizeof out[i].status, "4.4.7");
        }
        log_msg("queue %s: expired after %u attempts", id, e.attempts);
    }

    /* 4: bounces for what failed in this attempt, safely stored before the
     * envelope says "failed" (a crash in between: a second bounce). */
    if (bounce_failures(qc, &e, out, msg != NULL ? msg : "", msg != NULL ? len : 0, now) < 0) {
        /* Could not store the bounce: keep those recipients pending (their
         * failure will be found again next time). */
        for (size_t i = 0; i < e.nrcpt; i++)
            if (out[i].fresh)
                e.rcpt[i].state = SPOOL_PENDING;
    }

    /* 5b: done, or scheduled again. */
    int finished = spool_count(&e, SPOOL_PENDING) == 0;
    if (finished) {
        if (spool_remove(qc->spool, id) < 0)
            log_msg("queue %s: cannot remove: %s", id, strerror(errno));
        else
            log_msg("queue %s: done (%zu delivered, %zu failed)", id,
                    spool_count(&e, SPOOL_DELIVERED), spool_count(&e, SPOOL_FAILED));
    } else {
        time_t next = now + (time_t)queue_backoff(e.attempts, qc->retry_min, qc->retry_max);
        time_t deadline = e.arrival + (time_t)qc->lifetime;
        /* Never wait past the lifetime: the last try is made when it ends. */
        e.next_try = next < deadline ? next : (deadline > now ? deadline : now + 1);
        if (spool_save(qc->spool, &e, err, sizeof err) < 0)
            log_msg("queue %s: %s", id, err);
        else
            log_msg("queue %s: %zu recipient%s deferred, attempt %u, next try in %lld s",
                    id, spool_count(&e, SPOOL_PENDING),
                    spool_count(&e, SPOOL_PENDING) == 1 ? "" : "s", e.attempts,
                    (long long)(e.next_try - now));
    }
    free(msg);
    free(out);
    free(idx);
    spool_entry_free(&e);
    return finished;
}
/* [queue-deliver-entry] */

/* [queue-run] */
int queue_run(const struct queue_config *qc, time_t now)
{
    char **ids;
    size_t n;
    int lock = spool_lock(qc->spool), done = 0;

    if (lock < 0)
        return -1;                       /* another runner is at work */
    if (spool_list(qc->spool, &ids, &n) < 0) {
        close(lock);
        return 0;
    }
    for (size_t i = 0; i < n && !signals_stop; i++) {
        struct spool_entry e;
        if (spool_load(qc->spool, ids[i], &e, NULL, 0) < 0)
            continue;
        time_t due = e.next_try;
        spool_entry_free(&e);
        if (due > now)
            continue;
        queue_deliver_entry(qc, ids[i], now);
        done++;
    }
    spool_free_ids(ids, n);
    close(lock);                         /* releases the lock */
    return done;
}
/* [queue-run] */

int queue_next_due(const struct queue_config *qc, time_t *when)
{
    char **ids;
    size_t n;
    int found = 0;

    if (spool_list(qc->spool, &ids, &n) < 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        struct spool_entry e;
        if (spool_load(qc->spool, ids[i], &e, NULL, 0) < 0)
            continue;
        if (!found || e.next_try < *when)
            *when = e.next_try;
        found = 1;
        spool_entry_free(&e);
    }
    spool_free_ids(ids, n);
    return found;
}

/* In the runner child: close every descriptor but the standard three.
 * fork(2) copied all of the server's, and when sessions are threads of
 * the server (chapter 3's --threads) those are their clients' connections
 * and the files they are writing.  The runner uses none of them (it opens
 * what it needs by name), and a copy left open would keep a connection
 * alive after its session closed it: the client, waiting for the end of
 * the connection after QUIT, would wait for the runner. */
static void close_inherited(void)
{
#ifdef HAVE_CLOSE_RANGE
    /* One system call for the whole range (Linux 5.9, FreeBSD 12.2; glibc
     * 2.34 declares it).  An older kernel answers ENOSYS: then the loop. */
    if (close_range(3, ~0U, 0) == 0)
        return;
#endif
    /* The portable way: try every number below the descriptor limit --
     * 20,000 close(2)s where the limit is 20,000: 21-22 ms on the
     * machine this was written on, against 0.003 ms for close_range(). */
    struct rlimit rl;
    int max = 1 << 16;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        max = rl.rlim_cur < (rlim_t)(1 << 20) ? (int)rl.rlim_cur : 1 << 20;
    for (int fd = 3; fd < max; fd++)
        close(fd);
}

/* [queue-runner-tick] */
void queue_runner_tick(struct queue_runner *r)
{
    time_t due;

    if (r->pid > 0) {
        int status;
        pid_t w = waitpid(r->pid, &status, WNOHANG);
        if (w == 0)
            return;                      /* still at work: one runner at a time */
        if (w == r->pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            log_msg("queue runner (pid %ld) ended abnormally (status %d)", (long)r->pid,
                    status);
        r->pid = 0;
    }
    if (!queue_next_due(r->qc, &due) || due > time(NULL))
        return;                          /* nothing to do yet */

    pid_t pid = fork();
    if (pid < 0) {
        log_msg("cannot fork the queue runner: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        /* The runner child.  The parent's loop keeps SIGTERM, SIGINT and
         * SIGCHLD blocked outside pselect(2) (chapter 3); a child must get
         * them delivered again, and has no children of its own to reap. */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGCHLD);
        signal(SIGCHLD, SIG_DFL);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        close_inherited();
        /* -1 (another runner holds the lock) is no error: it will do it. */
        (void)queue_run(r->qc, time(NULL));
        _exit(0);
    }
    r->pid = pid;
}
/* [queue-runner-tick] */

void queue_runner_stop(struct queue_runner *r, int grace_s)
{
    if (r->pid <= 0)
        return;
    kill(r->pid, SIGTERM);
    for (int i = 0; i < grace_s * 20; i++) {
        if (waitpid(r->pid, NULL, WNOHANG) == r->pid) {
            r->pid = 0;
            return;
        }
        struct timespec ts = { 0, 50 * 1000000L };
        nanosleep(&ts, NULL);
    }
    kill(r->pid, SIGKILL);
    waitpid(r->pid, NULL, 0);
    r->pid = 0;
}
