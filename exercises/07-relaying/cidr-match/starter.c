/*
 * starter.c -- exercise "cidr-match": your version of ex_cidr_match().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <arpa/inet.h>
#include <string.h>

int ex_cidr_match(const char *block, const char *ip)
{
    (void)block;
    (void)ip;
    /* TODO: split block at '/', inet_pton() both addresses (try AF_INET,
     * then AF_INET6), check the prefix and the host bits, then compare
     * whole octets and the leading bits of one more.
     * Until then: an answer no test expects, so every test fails. */
    return -2;
}
