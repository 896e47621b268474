/**
 * @file queue.h
 * @brief The queue runner: sends queued mail to its next hop with the
 *        chapter 6 client, retries with exponential backoff, bounces.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §4.5.4.1 (retry strategy), §6.1 (reliable delivery,
 *      notification of failure), §4.5.5 (the null reverse-path), §3.6.1
 *      (relaying); RFC 3464 (bounces, see bounce.h)
 *
 * The session put the message into the spool (spool.h) and said 250; the
 * runner does the rest.  One *pass* (queue_run()) looks at every entry
 * whose next-try time has come:
 *
 * 1. it groups the entry's pending recipients by next hop (routes.h) and
 *    sends the message to each hop with chapter 6's client: connect, EHLO,
 *    MAIL, RCPT..., DATA, QUIT;
 * 2. each recipient's fate is the reply that decided it
 *    (smtp_client_rcpt_result()): **2xx** delivered; **5xx** failed for
 *    good; **4xx**, or no reply at all (connection refused, timeout,
 *    dropped), tried again later;
 * 3. the envelope is rewritten (spool_save()) right after each hop's
 *    transaction, so what the next hop has accepted is never sent again;
 * 4. recipients that failed get a bounce to the sender (bounce.h): stored
 *    in the sender's Maildir when the sender is local, else queued with
 *    the null sender -- and never for a message that had the null sender;
 * 5. an entry with no pending recipient left is removed; otherwise its
 *    next try is scheduled after queue_backoff() seconds, unless it has
 *    been in the queue longer than the lifetime: then its pending
 *    recipients fail with `4.4.7` (delivery time expired) and bounce.
 *
 * **At least once, not exactly once.**  Between the next hop's 250 and
 * the rewritten envelope on our disk lies a short window: if the runner
 * dies in it (power cut, SIGKILL), the next pass sends the message again
 * and the recipient gets it twice.  SMTP cannot close that window -- RFC
 * 5321 §6.1 chooses duplicates over losses, and so does minimail.  The
 * window is kept small: the envelope is rewritten at once after each
 * transaction, before anything else happens.
 *
 * **Who runs the queue.**  The server's parent process calls
 * queue_runner_tick() from chapter 3's server_config.tick.  That function
 * never blocks: when something is due and no runner is at work, it forks
 * one child that makes one pass and exits.  So a slow next hop never
 * delays accept(), a runner that crashes is simply forked again next time,
 * and the spool's lock (spool_lock()) guarantees that only one runner --
 * even one left over from a killed server -- works on the queue at once.
 */
#ifndef MM_QUEUE_H
#define MM_QUEUE_H

#include <sys/types.h>
#include <time.h>

#include "recipients.h"
#include "routes.h"
#include "spool.h"

/** Default first retry delay in seconds (RFC 5321 §4.5.4.1: "at least 30 minutes"). */
#define QUEUE_DEFAULT_RETRY_MIN 1800
/** Default longest retry delay in seconds (4 hours). */
#define QUEUE_DEFAULT_RETRY_MAX 14400
/** Default queue lifetime in seconds (RFC 5321 §4.5.4.1: "at least 4-5 days"). */
#define QUEUE_DEFAULT_LIFETIME (5 * 24 * 3600)
/** Default seconds the client waits for any one reply of the next hop. */
#define QUEUE_DEFAULT_TIMEOUT 300

/** How the runner works. */
struct queue_config {
    struct spool *spool;               /**< the queue */
    const struct routes *routes;       /**< where mail goes next */
    const char *hostname;              /**< our name: EHLO, Reporting-MTA */
    unsigned retry_min;                /**< seconds before the first retry */
    unsigned retry_max;                /**< the longest wait between two tries */
    unsigned lifetime;                 /**< seconds after which the queue gives up */
    unsigned timeout;                  /**< seconds the client waits for a reply */
    const char *maildir_root;          /**< for bounces to local senders */
    const struct recipients_config *recipients; /**< which senders are local */
};

/**
 * @brief The wait before the next attempt, after @p attempts failed ones.
 *
 * Exponential backoff: @p min after the first failure, doubled after each
 * further one, never more than @p max: min, 2 min, 4 min, ... max, max.
 * A next hop that is down is asked less and less often, but never less
 * than once per @p max.
 *
 * @param attempts  attempts made so far (>= 1)
 * @param min       the first delay in seconds
 * @param max       the largest delay in seconds
 * @return the delay in seconds
 */
unsigned queue_backoff(unsigned attempts, unsigned min, unsigned max);

/**
 * @brief Make one delivery attempt for one queued entry (steps 1-5 above),
 *        whether or not it is due.
 * @param qc   the configuration
 * @param id   the queue id
 * @param now  the current time
 * @return 1 when the entry is finished (removed), 0 when it stays queued,
 *         -1 when it could not be read
 */
int queue_deliver_entry(const struct queue_config *qc, const char *id, time_t now);

/**
 * @brief One pass over the queue: every entry whose next-try time has come.
 *
 * Takes the spool's lock first; returns at once when another runner has
 * it.  Stops early (after the current entry) when signals_stop is set.
 *
 * @param qc   the configuration
 * @param now  the current time
 * @return the number of entries attempted, or -1 when the lock was busy
 */
int queue_run(const struct queue_config *qc, time_t now);

/**
 * @brief The earliest next-try time in the queue.
 * @param qc    the configuration
 * @param when  receives the time (only when the queue is not empty)
 * @return 1 when the queue has an entry, 0 when it is empty
 */
int queue_next_due(const struct queue_config *qc, time_t *when);

/** The runner child, as seen from the server's parent process. */
struct queue_runner {
    const struct queue_config *qc;  /**< what the runner does */
    pid_t pid;                      /**< the running child, or 0 */
};

/**
 * @brief Periodic work for the server's parent (server_config.tick):
 *        reap a finished runner; fork a new one when something is due.
 *
 * Never blocks.
 *
 * @param r  the runner state
 */
void queue_runner_tick(struct queue_runner *r);

/**
 * @brief At shutdown: ask a running runner to stop (SIGTERM), wait for
 *        it for at most @p grace_s seconds, then SIGKILL it.
 * @param r        the runner state
 * @param grace_s  seconds to wait
 */
void queue_runner_stop(struct queue_runner *r, int grace_s);

#endif /* MM_QUEUE_H */
