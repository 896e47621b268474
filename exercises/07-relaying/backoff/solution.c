/*
 * solution.c -- exercise "backoff": the reference ex_next_try().
 * (src/queue.c does the same in queue_backoff() and queue_deliver_entry().)
 */
#include "exercise.h"

long long ex_next_try(long long now, unsigned attempts, unsigned min, unsigned max,
                      long long arrival, unsigned lifetime)
{
    long long deadline = arrival + (long long)lifetime;
    unsigned wait = min < max ? min : max;

    if (now >= deadline)
        return EX_GIVE_UP;
    /* Double (attempts - 1) times, but stop at the cap: a loop of at most
     * 32 rounds, and no multiplication that could overflow. */
    for (unsigned i = 1; i < attempts && wait < max; i++)
        wait = wait > max / 2 ? max : wait * 2;
    long long next = now + (long long)wait;
    return next < deadline ? next : deadline;
}
