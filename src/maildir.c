/**
 * @file maildir.c
 * @brief Durable delivery of one message into a Maildir: tmp/, fsync, new/.
 *
 * @chapter{storing-mail}
 * @rfc qmail maildir(5), Courier Maildir++ (,S=size), RFC 5321 §6.1
 *
 * The whole of reliable local delivery fits in four system calls per
 * message: open(2) a new file in tmp/, write(2) it, fsync(2) it, rename(2)
 * it into new/ -- plus one fsync(2) of the new/ directory, because on most
 * Unix file systems a directory entry is only durable once the directory
 * itself has been synced (see the fsync(2) manual: "Calling fsync() does
 * not necessarily ensure that the entry in the directory containing the
 * file has also reached disk").  Skipping that last step is the classic
 * Maildir bug: after a power cut, the file is on disk but has no name.
 *
 * Every failure path removes what it created, so an error leaves neither a
 * half-written file in tmp/ nor anything in new/.  The caller turns the -1
 * into a temporary SMTP error (451/452), and the client tries again later:
 * nothing acknowledged is ever lost, nothing unacknowledged is kept.
 */
#include "maildir.h"
#include "io.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Format a message "what PATH: strerror" into err (if any); keeps errno. */
static void set_err(char *err, size_t errsz, const char *what, const char *path)
{
    int saved = errno;
    char why[LOG_ERRLEN];
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s %s: %s", what, path, log_strerror(saved, why, sizeof why));
    errno = saved;
}

/* Record a failure in the delivery itself. */
static void fail(struct maildir_delivery *d, const char *what, const char *path)
{
    d->err_errno = errno;
    set_err(d->err, sizeof d->err, what, path);
}

/* fsync(2) a directory, so that the entries created in it are durable.
 * POSIX lets open(2) open a directory read-only; O_DIRECTORY makes sure
 * it really is one.  A few file systems refuse fsync on a directory with
 * EINVAL: there is nothing more we can do, and it is not an error. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    if (rc < 0 && saved == EINVAL)
        rc = 0;
    errno = saved;
    return rc;
}

/* The directory part of path (everything before the last '/'), into buf. */
static void parent_of(const char *path, char *buf, size_t bufsz)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(buf, bufsz, ".");
    } else if (slash == path) {
        snprintf(buf, bufsz, "/");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= bufsz)
            n = bufsz - 1;
        memcpy(buf, path, n);
        buf[n] = '\0';
    }
}

/* mkdir(2) one directory (mode 0700) unless it exists.  When it is new,
 * sync its parent so the new name is on disk.  Returns 0 or -1. */
static int make_one_dir(const char *path, char *err, size_t errsz)
{
    struct stat st;
    if (mkdir(path, 0700) == 0) {
        char parent[PATH_MAX];
        parent_of(path, parent, sizeof parent);
        if (fsync_dir(parent) < 0) {
            set_err(err, errsz, "cannot sync directory", parent);
            return -1;
        }
        return 0;
    }
    if (errno != EEXIST) {
        set_err(err, errsz, "cannot create directory", path);
        return -1;
    }
    /* Something exists under that name: it must be a directory (stat
     * follows symbolic links, so a link to a directory is fine too). */
    if (stat(path, &st) < 0) {
        set_err(err, errsz, "cannot stat", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        set_err(err, errsz, "not a directory:", path);
        return -1;
    }
    return 0;
}

/* [maildir-make] */
int maildir_make(const char *dir, char *err, size_t errsz)
{
    /* tmp/ last: a delivery starts by creating its file in tmp/ and calls
     * maildir_make() only when that fails (delivery.c), so once tmp/
     * exists, new/ and cur/ must already be there -- also for a session
     * that delivers while another one is still creating the Maildir. */
    static const char *const subdirs[] = { "new", "cur", "tmp" };
    char path[PATH_MAX];
    size_t len = strlen(dir);

    if (len == 0 || len + sizeof "/tmp" > sizeof path) {
        errno = ENAMETOOLONG;
        set_err(err, errsz, "bad Maildir path", dir);
        return -1;
    }
    /* The common case, every delivery but a user's first: it is there. */
    size_t found = 0;
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, subdirs[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            found++;
    }
    if (found == sizeof subdirs / sizeof subdirs[0])
        return 0;
    /* Like `mkdir -p`: create each missing directory along the path. */
    memcpy(path, dir, len + 1);
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = make_one_dir(path, err, errsz);
        *p = '/';
        if (rc < 0)
            return -1;
    }
    if (make_one_dir(path, err, errsz) < 0)
        return -1;
    /* Then the three subdirectories that make it a Maildir. */
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, subdirs[i]);
        if (make_one_dir(path, err, errsz) < 0)
            return -1;
    }
    return 0;
}
/* [maildir-make] */

/* The host name for unique names, with '/' and ':' written as octal
 * escapes (maildir(5)).  Computed once per process, by pthread_once():
 * sessions that run as threads (chapter 3's --threads) may all ask for it
 * at the same moment, and none may see it half written. */
static char unique_host_name[128];
static pthread_once_t unique_host_once = PTHREAD_ONCE_INIT;

static void unique_host_init(void)
{
    char *host = unique_host_name;
    char raw[64];
    if (gethostname(raw, sizeof raw) < 0 || raw[0] == '\0')
        snprintf(raw, sizeof raw, "localhost");
    raw[sizeof raw - 1] = '\0';
    size_t o = 0;
    for (const char *p = raw; *p != '\0' && o + 5 < sizeof unique_host_name; p++) {
        if (*p == '/') {
            memcpy(host + o, "\\057", 4);
            o += 4;
        } else if (*p == ':') {
            memcpy(host + o, "\\072", 4);
            o += 4;
        } else {
            host[o++] = *p;
        }
    }
    host[o] = '\0';
}

static const char *unique_host(void)
{
    pthread_once(&unique_host_once, unique_host_init);
    return unique_host_name;
}

/* [maildir-unique] */
/* Deliveries begun by this process so far.  maildir(5) builds a unique
 * name from the time, something unique to the delivering *process* (its
 * pid) and the host, and assumes one delivery at a time per process.  A
 * forked session starts with its parent's count but has a pid of its
 * own; sessions that are threads share the pid, and may deliver in the
 * same microsecond -- so the count is what tells them apart, and it is
 * atomic: two threads that add one at once get two different numbers
 * (a plain counter++ could give both the same). */
static atomic_ulong unique_count;

int maildir_unique(char *buf, size_t bufsz)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    unsigned long q = atomic_fetch_add(&unique_count, 1) + 1;
    int n = snprintf(buf, bufsz, "%lld.M%ldP%ldQ%lu.%s",
                     (long long)now.tv_sec, (long)(now.tv_nsec / 1000),
                     (long)getpid(), q, unique_host());
    return (n < 0 || (size_t)n >= bufsz) ? -1 : 0;
}
/* [maildir-unique] */

/* [maildir-begin] */
int maildir_begin(struct maildir_delivery *d, const char *dir)
{
    memset(d, 0, sizeof *d);
    d->fd = -1;
    d->state = MAILDIR_IDLE;

    if (strlen(dir) >= sizeof d->dir) {
        errno = ENAMETOOLONG;
        fail(d, "Maildir path too long:", dir);
        return -1;
    }
    snprintf(d->dir, sizeof d->dir, "%s", dir);
    if (maildir_unique(d->unique, sizeof d->unique) < 0) {
        errno = ENAMETOOLONG;
        fail(d, "unique name too long in", dir);
        return -1;
    }
    int n = snprintf(d->tmp_path, sizeof d->tmp_path, "%s/tmp/%s", dir, d->unique);
    if (n < 0 || (size_t)n >= sizeof d->tmp_path) {
        errno = ENAMETOOLONG;
        fail(d, "path too long in", dir);
        return -1;
    }
    /* O_EXCL: if the name exists after all, fail rather than overwrite
     * (maildir(5) stat()s and sleeps; a clash of our names would mean a
     * clock running backwards and a recycled pid in the same microsecond). */
    d->fd = open(d->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (d->fd < 0) {
        fail(d, "cannot create", d->tmp_path);
        return -1;
    }
    d->state = MAILDIR_WRITING;
    return 0;
}
/* [maildir-begin] */

/* Write bytes, counting them (and their bare LFs) for the S= and W= sizes.
 * W= must be the length of the CRLF form an IMAP server sends (chapter
 * 10's msg_to_crlf()): a LF already after a CR stays as it is there, so it
 * adds nothing.  Such a CRLF reaches the file when a message holds a bare
 * CR just before its line end ("\r\r\n" on the wire), or through
 * maildir_write(), which stores the bytes unchanged. */
static int put(struct maildir_delivery *d, const char *buf, size_t len)
{
    if (len == 0)
        return 0;
    if (io_write_all(d->fd, buf, len) < 0) {
        fail(d, "cannot write", d->tmp_path);
        int saved = errno;
        maildir_abort(d);
        errno = saved;
        return -1;
    }
    d->size += len;
    /* memchr(3) hops from LF to LF instead of testing every byte. */
    for (const char *lf = memchr(buf, '\n', len); lf != NULL;
         lf = memchr(lf + 1, '\n', len - (size_t)(lf + 1 - buf)))
        if (!(lf > buf ? lf[-1] == '\r' : d->last_cr))
            d->lfs++;
    d->last_cr = buf[len - 1] == '\r';
    return 0;
}

int maildir_write(struct maildir_delivery *d, const void *buf, size_t len)
{
    if (d->state != MAILDIR_WRITING) {
        errno = EINVAL;
        return -1;
    }
    return put(d, buf, len);
}

/* [maildir-crlf] */
enum { OUTBUF = 8192 };     /* octets written to the file at a time */

/* Append n octets to the output buffer out (o of OUTBUF used), writing
 * it to the file each time it fills.  0 or -1. */
static int out_add(struct maildir_delivery *d, char *out, size_t *o,
                   const char *src, size_t n)
{
    while (n > 0) {
        size_t take = OUTBUF - *o < n ? OUTBUF - *o : n;

        memcpy(out + *o, src, take);
        *o += take;
        src += take;
        n -= take;
        if (*o == OUTBUF) {
            if (put(d, out, *o) < 0)
                return -1;
            *o = 0;
        }
    }
    return 0;
}

int maildir_write_crlf(struct maildir_delivery *d, const void *buf, size_t len)
{
    const char *in = buf, *end = in + len;
    char out[OUTBUF];
    size_t o = 0;

    if (d->state != MAILDIR_WRITING) {
        errno = EINVAL;
        return -1;
    }
    while (in < end) {
        if (d->pending_cr) {                /* a CR ended the last step */
            d->pending_cr = 0;
            if (*in == '\n') {              /* CRLF -> LF */
                if (out_add(d, out, &o, "\n", 1) < 0)
                    return -1;
                in++;
                continue;
            }
            if (out_add(d, out, &o, "\r", 1) < 0)  /* a bare CR stays */
                return -1;
        }
        /* Everything up to the next CR is copied as it is (memchr(3) finds
         * it faster than a test of each byte); the CR itself is decided
         * when we see the byte after it, which may be in the next chunk. */
        const char *cr = memchr(in, '\r', (size_t)(end - in));
        const char *stop = cr != NULL ? cr : end;

        if (out_add(d, out, &o, in, (size_t)(stop - in)) < 0)
            return -1;
        in = stop;
        if (cr != NULL) {
            d->pending_cr = 1;
            in++;
        }
    }
    return put(d, out, o);
}
/* [maildir-crlf] */

/* [maildir-sync] */
int maildir_sync(struct maildir_delivery *d)
{
    if (d->state != MAILDIR_WRITING) {
        errno = EINVAL;
        return -1;
    }
    if (d->pending_cr) {                    /* the message ended in a bare CR */
        d->pending_cr = 0;
        if (put(d, "\r", 1) < 0)
            return -1;
    }
    /* fsync(2) returns only when the data is on the disk; then close(2),
     * whose result matters too (NFS reports write errors there). */
    if (fsync(d->fd) < 0) {
        fail(d, "cannot fsync", d->tmp_path);
        goto failed;
    }
    int fd = d->fd;
    d->fd = -1;
    if (close(fd) < 0) {
        fail(d, "cannot close", d->tmp_path);
        goto failed;
    }
    d->state = MAILDIR_SYNCED;
    return 0;

failed:;
    int saved = errno;
    maildir_abort(d);
    errno = saved;
    return -1;
}
/* [maildir-sync] */

/* [maildir-commit] */
int maildir_commit(struct maildir_delivery *d)
{
    char newdir[sizeof d->dir + 8];

    if (d->state != MAILDIR_SYNCED) {
        errno = EINVAL;
        return -1;
    }
    snprintf(newdir, sizeof newdir, "%s/new", d->dir);
    /* W= counts every bare LF as the CRLF an IMAP client will receive. */
    int n = snprintf(d->new_path, sizeof d->new_path, "%s/%s,S=%llu,W=%llu",
                     newdir, d->unique, d->size, d->size + d->lfs);
    if (n < 0 || (size_t)n >= sizeof d->new_path) {
        errno = ENAMETOOLONG;
        fail(d, "path too long in", newdir);
        goto failed;
    }
    /* rename(2): one atomic step -- the name in tmp/ goes, the name in
     * new/ appears, and a reader never sees the message half there.
     * maildir(5) says link(2) and then unlink(2), because link never
     * replaces an existing file; our unique names (pid, counter and
     * microseconds) never clash, so rename's replacing cannot happen;
     * Courier's Maildir++ text says "moved/renamed", and Dovecot
     * renames.  One directory operation instead of two. */
    if (rename(d->tmp_path, d->new_path) < 0) {
        fail(d, "cannot rename into", newdir);
        goto failed;
    }
    d->state = MAILDIR_COMMITTED;
    /* The new name exists; make it durable.  If that fails the message
     * may vanish in a crash, so it must not be acknowledged: undo. */
    if (fsync_dir(newdir) < 0) {
        fail(d, "cannot fsync", newdir);
        goto failed;
    }
    return 0;

failed:;
    int saved = errno;
    maildir_abort(d);
    errno = saved;
    return -1;
}
/* [maildir-commit] */

void maildir_abort(struct maildir_delivery *d)
{
    int saved = errno;
    if (d->fd >= 0) {
        close(d->fd);
        d->fd = -1;
    }
    switch (d->state) {
    case MAILDIR_WRITING:
    case MAILDIR_SYNCED:
        unlink(d->tmp_path);
        break;
    case MAILDIR_COMMITTED: {
        char newdir[sizeof d->dir + 8];
        unlink(d->new_path);
        snprintf(newdir, sizeof newdir, "%s/new", d->dir);
        fsync_dir(newdir);
        break;
    }
    case MAILDIR_IDLE:
        break;
    }
    d->state = MAILDIR_IDLE;
    d->pending_cr = 0;
    errno = saved;
}

int maildir_deliver(const char *dir, const void *msg, size_t len,
                    char *path_out, size_t pathsz, char *err, size_t errsz)
{
    struct maildir_delivery d;

    if (maildir_make(dir, err, errsz) < 0)
        return -1;
    if (maildir_begin(&d, dir) < 0 || maildir_write(&d, msg, len) < 0 ||
        maildir_sync(&d) < 0 || maildir_commit(&d) < 0) {
        if (err != NULL && errsz > 0)
            snprintf(err, errsz, "%s", d.err);
        maildir_abort(&d);
        errno = d.err_errno;
        return -1;
    }
    if (path_out != NULL && pathsz > 0)
        snprintf(path_out, pathsz, "%s", d.new_path);
    return 0;
}

int maildir_root_ready(const char *root, char *err, size_t errsz)
{
    struct stat st;

    if (stat(root, &st) < 0) {
        if (errno != ENOENT || mkdir(root, 0700) < 0) {
            set_err(err, errsz, "cannot create directory", root);
            return -1;
        }
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        set_err(err, errsz, "cannot use", root);
        return -1;
    }
    if (access(root, W_OK | X_OK) < 0) {
        set_err(err, errsz, "cannot write into", root);
        return -1;
    }
    return 0;
}
