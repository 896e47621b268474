/*
 * starter.c -- exercise "hostport": your version of ex_split_hostport().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <string.h>

int ex_split_hostport(const char *spec, char *host, size_t hostsz,
                      char *port, size_t portsz)
{
    (void)spec;
    (void)host;
    (void)hostsz;
    (void)port;
    (void)portsz;
    /* TODO: find where the host ends (a ']' for "[v6]:port", else the
     * only ':'), check both parts, copy them out.  Until then: failure,
     * so every test fails. */
    return -1;
}
