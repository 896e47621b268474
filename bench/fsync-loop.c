/*
 * bench/fsync-loop.c -- the disk's own limit for durable Maildir deliveries.
 *
 * Not part of the book: a tool for bench/smtp-bench (see docs/PERFORMANCE.md).
 * A durable delivery into a Maildir (chapter storing-mail) is, on the disk:
 *
 *     open tmp/NAME (O_CREAT|O_EXCL), write the message, fsync, close,
 *     move it into new/ (rename, as minimail does; --link: link + unlink),
 *     fsync the new/ directory.
 *
 * This program does exactly that in a loop, with nothing else around it
 * (no network, no parsing), in --writers processes at once that all write
 * into one Maildir, for --duration seconds -- or, with --threads, in as
 * many threads of one process: on a machine where a switch between
 * processes is dear (docs/PERFORMANCE.md) the threads reach a higher rate
 * with many writers, and the higher of the two is the disk's limit.  No SMTP server can deliver
 * durably faster than this on the same file system: the figure is the
 * ceiling that the benchmark compares minimail with.
 *
 * Output, one line on standard output:
 *     writers=N ops=TOTAL seconds=ELAPSED rate=OPS_PER_SECOND
 * and the program checks that new/ holds exactly TOTAL files.  Exit 0 on
 * success, 1 on an I/O error or a wrong count, 64 for bad options.
 *
 * --tmpfile measures a different sequence, which minimail does NOT use:
 * the file is opened with Linux's O_TMPFILE in tmp/ -- a file with no
 * name at all -- written, fsynced, and given its name in new/ with
 * linkat(2), then new/ is fsynced.  No name in tmp/ is created or removed,
 * so the file's fsync has no directory entry to write (on ext4 without a
 * journal it writes the new file's parent directory too).  maildir(5)
 * says "creates tmp/time.pid.host"; this skips that name.  The mode is
 * here to measure what that would save (docs/PERFORMANCE.md, "An eighth
 * run"), not as the disk's limit.
 */
#define _GNU_SOURCE             /* O_TMPFILE (Linux), for --tmpfile only */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>

#define EXIT_USAGE 64

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write all of buf; 0 or -1. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/*
 * One writer: deliveries until the deadline (or count), the number done
 * written to fd out as text.  Returns the exit status for the child.
 */
enum move { MOVE_RENAME, MOVE_LINK, MOVE_TMPFILE };

/* --tmpfile: an unnamed file in tmpdir, written and fsynced, then linked
 * into new/ as npath through its /proc/self/fd name (linkat with
 * AT_EMPTY_PATH would need a privilege).  0 or -1. */
static int deliver_tmpfile(const char *tmpdir, const char *npath,
                           const char *msg, size_t size)
{
#ifdef O_TMPFILE
    char proc[64];
    int fd = open(tmpdir, O_TMPFILE | O_WRONLY, 0600);

    if (fd < 0)
        return -1;
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (write_all(fd, msg, size) < 0 || fsync(fd) < 0 ||
        linkat(AT_FDCWD, proc, AT_FDCWD, npath, AT_SYMLINK_FOLLOW) < 0) {
        close(fd);
        return -1;
    }
    return close(fd);
#else
    (void)tmpdir; (void)npath; (void)msg; (void)size;
    errno = ENOTSUP;
    return -1;
#endif
}

static int writer(int id, const char *root, size_t size, double deadline, long count,
                  enum move move, int out)
{
    char tmpdir[4096], newdir[4096], tpath[4200], npath[4200];
    long done = 0;

    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", root);
    snprintf(newdir, sizeof newdir, "%s/new", root);
    char *msg = malloc(size);
    if (msg == NULL)
        return 1;
    for (size_t i = 0; i < size; i++)
        msg[i] = (i % 73 == 72) ? '\n' : (char)('a' + (i % 26));

    while ((count > 0) ? done < count : now() < deadline) {
        snprintf(tpath, sizeof tpath, "%s/w%d.%ld.%ld", tmpdir, id, (long)getpid(), done);
        snprintf(npath, sizeof npath, "%s/w%d.%ld.%ld", newdir, id, (long)getpid(), done);
        if (move == MOVE_TMPFILE) {
            if (deliver_tmpfile(tmpdir, npath, msg, size) < 0) {
                perror(npath);
                return 1;
            }
            goto sync_new;
        }
        int fd = open(tpath, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            perror(tpath);
            return 1;
        }
        if (write_all(fd, msg, size) < 0 || fsync(fd) < 0) {
            perror(tpath);
            close(fd);
            return 1;
        }
        if (close(fd) < 0) {
            perror(tpath);
            return 1;
        }
        if (move == MOVE_LINK) {
            if (link(tpath, npath) < 0 || unlink(tpath) < 0) {
                perror(npath);
                return 1;
            }
        } else if (rename(tpath, npath) < 0) {
            perror(npath);
            return 1;
        }
    sync_new:
        if (fsync_dir(newdir) < 0) {
            perror(newdir);
            return 1;
        }
        done++;
    }
    free(msg);
    char line[64];
    int n = snprintf(line, sizeof line, "%ld\n", done);
    return write_all(out, line, (size_t)n) < 0 ? 1 : 0;
}

static long count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* --threads: what one writer thread needs. */
struct writer_arg {
    int id, start_fd, out;
    const char *root;
    size_t size;
    double duration;
    long count;
    enum move move;
};

/* A writer thread: waits for the start (the start pipe closes), then
 * writes; its exit status is its return value. */
static void *writer_thread(void *p)
{
    const struct writer_arg *a = p;
    char ch;

    while (read(a->start_fd, &ch, 1) < 0 && errno == EINTR)
        ;
    return (void *)(intptr_t)writer(a->id, a->root, a->size, now() + a->duration,
                                    a->count, a->move, a->out);
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: fsync-loop --dir MAILDIR [OPTION]...\n"
        "Durable Maildir deliveries with nothing around them: write, fsync, move\n"
        "into new/, fsync new/ -- the disk's limit (see docs/PERFORMANCE.md).\n"
        "\n"
        "  --dir MAILDIR       a Maildir (tmp/ and new/ are created; new/ should be empty)\n"
        "  --writers N         processes writing at once (default 1)\n"
        "  --duration SECONDS  how long (default 3)\n"
        "  --count N           deliveries per writer instead of a duration\n"
        "  --size OCTETS       size of each file (default 6144)\n"
        "  --link              link + unlink, not rename\n"
        "  --tmpfile           an unnamed O_TMPFILE file, linked into new/ (not what\n"
        "                      minimail does: measures what skipping tmp/'s name saves)\n"
        "  --threads           writers are threads of one process, not processes\n"
        "  --help              show this help\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "writers", required_argument, NULL, 'w' },
        { "duration", required_argument, NULL, 't' },
        { "count", required_argument, NULL, 'n' },
        { "size", required_argument, NULL, 's' },
        { "link", no_argument, NULL, 'l' },
        { "tmpfile", no_argument, NULL, 'F' },
        { "threads", no_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *root = NULL;
    long writers = 1, count = 0, size = 6144;
    double duration = 3;
    enum move move = MOVE_RENAME;
    int use_threads = 0, c;
    char *end;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': root = optarg; break;
        case 'w':
            writers = strtol(optarg, &end, 10);
            if (*end != '\0' || writers < 1 || writers > 1000)
                goto bad;
            break;
        case 't':
            duration = strtod(optarg, &end);
            if (*end != '\0' || !(duration > 0))
                goto bad;
            break;
        case 'n':
            count = strtol(optarg, &end, 10);
            if (*end != '\0' || count < 1)
                goto bad;
            break;
        case 's':
            size = strtol(optarg, &end, 10);
            if (*end != '\0' || size < 1 || size > 64L * 1024 * 1024)
                goto bad;
            break;
        case 'l': move = MOVE_LINK; break;
        case 'F': move = MOVE_TMPFILE; break;
        case 'T': use_threads = 1; break;
        case 'h': usage(stdout); return 0;
        default: goto bad;
        }
    }
    if (optind != argc || root == NULL)
        goto bad;

    char sub[4096];
    if (mkdir(root, 0700) < 0 && errno != EEXIST) {
        perror(root);
        return 1;
    }
    static const char *const subs[] = { "tmp", "new", "cur" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(sub, sizeof sub, "%s/%s", root, subs[i]);
        if (mkdir(sub, 0700) < 0 && errno != EEXIST) {
            perror(sub);
            return 1;
        }
    }
    snprintf(sub, sizeof sub, "%s/new", root);
    long before = count_files(sub);

    /* Children start together: each waits until the start pipe closes. */
    int startp[2], resp[2];
    if (pipe(startp) < 0 || pipe(resp) < 0) {
        perror("pipe");
        return 1;
    }
    int failed = 0;
    double t0;
    if (use_threads) {
        pthread_t *tids = calloc((size_t)writers, sizeof *tids);
        struct writer_arg *wa = calloc((size_t)writers, sizeof *wa);
        if (tids == NULL || wa == NULL)
            return 1;
        for (long i = 0; i < writers; i++) {
            wa[i] = (struct writer_arg){ .id = (int)i, .start_fd = startp[0], .out = resp[1],
                                         .root = root, .size = (size_t)size,
                                         .duration = duration, .count = count,
                                         .move = move };
            int err = pthread_create(&tids[i], NULL, writer_thread, &wa[i]);
            if (err != 0) {
                fprintf(stderr, "pthread_create: %s\n", strerror(err));
                return 1;           /* the process ends, and its threads */
            }
        }
        t0 = now();
        close(startp[1]);           /* go */
        for (long i = 0; i < writers; i++) {
            void *rc;
            pthread_join(tids[i], &rc);
            if (rc != NULL)
                failed = 1;
        }
        close(startp[0]);
        close(resp[1]);
        free(tids);
        free(wa);
    } else {
        pid_t *pids = calloc((size_t)writers, sizeof *pids);
        if (pids == NULL)
            return 1;
        for (long i = 0; i < writers; i++) {
            pid_t pid = fork();
            if (pid < 0) {
                perror("fork");
                for (long j = 0; j < i; j++)
                    kill(pids[j], SIGKILL);
                return 1;
            }
            if (pid == 0) {
                close(startp[1]);
                close(resp[0]);
                char ch;
                while (read(startp[0], &ch, 1) < 0 && errno == EINTR)
                    ;
                double deadline = now() + duration;
                _exit(writer((int)i, root, (size_t)size, deadline, count, move, resp[1]));
            }
            pids[i] = pid;
        }
        close(startp[0]);
        close(resp[1]);
        t0 = now();
        close(startp[1]);               /* go */

        for (long i = 0; i < writers; i++) {
            int status;
            while (waitpid(pids[i], &status, 0) < 0) {
                if (errno != EINTR) {
                    perror("waitpid");
                    return 1;
                }
            }
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                failed = 1;
        }
        free(pids);
    }
    double elapsed = now() - t0;

    long total = 0;
    FILE *in = fdopen(resp[0], "r");
    long v;
    while (in != NULL && fscanf(in, "%ld", &v) == 1)
        total += v;
    if (in != NULL)
        fclose(in);

    long after = count_files(sub);
    printf("writers=%ld ops=%ld seconds=%.3f rate=%.1f\n",
           writers, total, elapsed, elapsed > 0 ? (double)total / elapsed : 0.0);
    if (failed) {
        fprintf(stderr, "fsync-loop: a writer failed\n");
        return 1;
    }
    if (after - before != total) {
        fprintf(stderr, "fsync-loop: new/ gained %ld files, %ld deliveries were counted\n",
                after - before, total);
        return 1;
    }
    return 0;

bad:
    usage(stderr);
    return EXIT_USAGE;
}
