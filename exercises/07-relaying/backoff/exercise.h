/**
 * @file exercise.h
 * @brief Exercise "backoff" (chapter 7, relaying): when should the queue
 *        try a deferred message again?
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §4.5.4.1 (retry strategy)
 */
#ifndef MM_EX_BACKOFF_H
#define MM_EX_BACKOFF_H

/** What ex_next_try() returns when the message has been queued too long. */
#define EX_GIVE_UP (-1LL)

/**
 * @brief The time of the next delivery attempt, after a failed one.
 *
 * Exponential backoff: the wait after the first failed attempt is
 * @p min seconds, and it doubles after each further failure -- min,
 * 2*min, 4*min, ... -- but it never exceeds @p max (when @p max is
 * smaller than @p min, every wait is @p max).  The result is @p now plus
 * that wait, with one more rule: the message must not wait past the end
 * of its lifetime, @p arrival + @p lifetime.  A next try that would fall
 * after that moment is made *at* that moment (one last chance); and when
 * @p now has already reached it, there is no next try: give up
 * (EX_GIVE_UP), the caller bounces the message.
 *
 * The computation must not overflow, whatever @p attempts is (a message
 * may fail four billion times in a test; real queues have seen stranger
 * things).
 *
 * Example: min 60, max 3600, attempts 3, now 1000, arrival 900, lifetime
 * 86400: the wait is 240 s, the result 1240.
 *
 * @param now       the current time (seconds)
 * @param attempts  failed attempts so far, this one included (>= 1)
 * @param min       the first wait in seconds (>= 1)
 * @param max       the longest wait in seconds (>= 1)
 * @param arrival   when the message was queued
 * @param lifetime  how long it may stay queued, in seconds
 * @return the time of the next attempt, or EX_GIVE_UP
 */
long long ex_next_try(long long now, unsigned attempts, unsigned min, unsigned max,
                      long long arrival, unsigned lifetime);

#endif /* MM_EX_BACKOFF_H */
