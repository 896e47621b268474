/*
 * solution.c -- exercise "write-all": a reference ex_write_all().
 */
#include "exercise.h"

#include <errno.h>
#include <unistd.h>

int ex_write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);

        if (n > 0)
            done += (size_t)n;      /* maybe fewer than asked: loop */
        else if (n < 0 && errno != EINTR)
            return -1;              /* a real error: errno tells which */
        /* n < 0 with EINTR: nothing was written, try again */
    }
    return 0;
}
