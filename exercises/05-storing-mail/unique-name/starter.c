/*
 * starter.c -- exercise "unique-name": your version of ex_unique_name().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <stdio.h>
#include <string.h>

int ex_unique_name(char *buf, size_t bufsz, long long secs, long usec, long pid,
                   unsigned long counter, const char *host)
{
    (void)buf;
    (void)bufsz;
    (void)secs;
    (void)usec;
    (void)pid;
    (void)counter;
    (void)host;
    /* TODO: write "SECS.M<usec>P<pid>Q<counter>." with snprintf, then the
     * host with '/' and ':' escaped; check the room at every step.
     * Until then: failure, so every test fails. */
    return -1;
}
