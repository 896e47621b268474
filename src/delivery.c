/**
 * @file delivery.c
 * @brief Final delivery of one message to its local recipients.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.4, §6.1; RFC 3463
 *
 * The two phases described in delivery.h, on top of maildir.h: phase 1
 * calls maildir_begin(), maildir_write(), maildir_sync() for every copy;
 * phase 2 calls maildir_commit(); any failure calls maildir_abort() on
 * every copy, which removes whatever was made.
 */
#include "delivery.h"
#include "maildir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void delivery_failure_from_errno(int err, struct delivery_failure *fail)
{
    if (err == ENOSPC) {
        fail->code = 452;
        fail->enh = "4.3.1";
        fail->text = "Insufficient system storage, try again later";
#ifdef EDQUOT
    } else if (err == EDQUOT) {
        fail->code = 452;
        fail->enh = "4.2.2";
        fail->text = "Mailbox full, try again later";
#endif
    } else {
        fail->code = 451;
        fail->enh = "4.3.0";
        fail->text = "Local error in processing, try again later";
    }
}

/* Is target i the same as an earlier one? */
static int repeated(const struct delivery_target *t, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(t[k].mailbox, t[i].mailbox) == 0 &&
            strcasecmp(t[k].rcpt, t[i].rcpt) == 0)
            return 1;
    return 0;
}

/* Phase 1 for one copy: trace fields, the message, fsync.  0 or -1. */
static int write_copy(struct maildir_delivery *d, const char *dir,
                      const char *reverse_path, const struct received_info *ri,
                      const char *data, size_t len, char *err, size_t errsz)
{
    char head[2048];
    int n1, n2;

    n1 = received_return_path(head, sizeof head, reverse_path);
    n2 = n1 < 0 ? -1 : received_format(head + n1, sizeof head - (size_t)n1, ri);
    if (n2 < 0) {
        errno = ENAMETOOLONG;
        snprintf(err, errsz, "trace fields too long");
        return -1;
    }
    /* The common case first: the Maildir is there.  Only when its tmp/
     * is missing (a user's first message) is it created, and the
     * delivery started again: no stat(2)s of tmp/, new/, cur/ each time. */
    int rc = maildir_begin(d, dir);
    if (rc < 0 && d->err_errno == ENOENT) {
        if (maildir_make(dir, err, errsz) < 0)
            return -1;
        rc = maildir_begin(d, dir);
    }
    if (rc < 0 ||
        maildir_write(d, head, (size_t)(n1 + n2)) < 0 ||
        maildir_write_crlf(d, data, len) < 0 ||
        maildir_sync(d) < 0) {
        snprintf(err, errsz, "%s", d->err);
        errno = d->err_errno;
        return -1;
    }
    return 0;
}

/* [delivery-deliver] */
int delivery_deliver(const char *root, const struct delivery_target *targets,
                     size_t ntargets, const char *reverse_path,
                     const struct received_info *ri, const char *data, size_t len,
                     struct delivery_failure *fail)
{
    struct delivery_failure dummy;
    struct maildir_delivery *d = calloc(ntargets, sizeof *d);
    struct received_info copy_ri = *ri;
    char dir[PATH_MAX];
    int copies = 0;
    size_t i;

    if (fail == NULL)
        fail = &dummy;
    fail->detail[0] = '\0';
    if (d == NULL) {
        snprintf(fail->detail, sizeof fail->detail, "out of memory");
        delivery_failure_from_errno(ENOMEM, fail);
        return -1;
    }
    for (i = 0; i < ntargets; i++)
        d[i].fd = -1;                   /* MAILDIR_IDLE: nothing to undo yet */

    /* Phase 1: every copy written and fsync'ed in tmp/. */
    for (i = 0; i < ntargets; i++) {
        if (repeated(targets, i))
            continue;
        int n = snprintf(dir, sizeof dir, "%s/%s", root, targets[i].mailbox);
        if (n < 0 || (size_t)n >= sizeof dir) {
            errno = ENAMETOOLONG;
            snprintf(fail->detail, sizeof fail->detail, "Maildir path too long");
            goto failed;
        }
        copy_ri.for_rcpt = targets[i].rcpt;
        if (write_copy(&d[i], dir, reverse_path, &copy_ri, data, len,
                       fail->detail, sizeof fail->detail) < 0)
            goto failed;
    }
    /* Phase 2: every copy moved into new/ (each move is durable). */
    for (i = 0; i < ntargets; i++) {
        if (d[i].state != MAILDIR_SYNCED)
            continue;                   /* a repeated target */
        if (maildir_commit(&d[i]) < 0) {
            snprintf(fail->detail, sizeof fail->detail, "%s", d[i].err);
            errno = d[i].err_errno;
            goto failed;
        }
        copies++;
    }
    free(d);
    return copies;

failed:;
    int saved = errno;
    for (i = 0; i < ntargets; i++)
        maildir_abort(&d[i]);           /* tmp files and committed copies */
    free(d);
    delivery_failure_from_errno(saved, fail);
    errno = saved;
    return -1;
}
/* [delivery-deliver] */
