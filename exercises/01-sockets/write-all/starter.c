/*
 * starter.c -- exercise "write-all": your version of ex_write_all().
 * Read TASK.md first.  Copy this file to student.c (make start-exercises)
 * and work there.
 */
#include "exercise.h"

#include <errno.h>
#include <unistd.h>

int ex_write_all(int fd, const void *buf, size_t len)
{
    (void)fd;
    (void)buf;
    (void)len;
    /* TODO: call write() until all len bytes are out.  After a short
     * write, continue with the rest; after EINTR, simply try again; any
     * other error: return -1.  Until then: failure, so every test fails. */
    return -1;
}
