/*
 * smtp-client-util.c -- helpers for the integration tests of
 * minimail-smtp.  See smtp-client-util.h.
 */
#include "smtp-client-util.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void client_run(struct client_run *r, const char *input, size_t inlen,
                const char *const *args)
{
    char *argv[64];
    struct tl_proc p;
    size_t cap = 4096, n = 0;
    long long start = now_ms(), deadline;
    int i = 0, st;

    argv[i++] = (char *)tl_build_path(SMTP_CLIENT_PROG);
    while (args != NULL && *args != NULL && i < 63)
        argv[i++] = (char *)*args++;
    argv[i] = NULL;
    memset(r, 0, sizeof *r);
    ck_assert_int_eq(tl_spawn_pipe(&p, argv), 0);
    if (input != NULL && inlen > 0)
        ck_assert_int_eq(tl_send_bytes(p.stdin_fd, input, inlen), 0);
    close(p.stdin_fd);
    p.stdin_fd = -1;

    /* standard output, to EOF, bounded */
    r->out = malloc(cap);
    deadline = now_ms() + tl_timeout_ms();
    for (;;) {
        struct pollfd pf = { .fd = p.stdout_fd, .events = POLLIN };
        long long left = deadline - now_ms();
        ssize_t k;

        if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
            break;
        if (n + 1 >= cap)
            r->out = realloc(r->out, cap *= 2);
        k = read(p.stdout_fd, r->out + n, cap - n - 1);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    r->out[n] = '\0';
    st = tl_stop(&p, 0);
    r->ms = (long)(now_ms() - start);
    r->err = tl_stderr(&p);
    tl_cleanup(&p);
    ck_assert_msg(st != -1, "minimail-smtp did not exit in time; stderr:\n%s", r->err);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void client_run_free(struct client_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* The child's side: accept, follow the script, read to EOF. */
static void play(int lfd, const struct fake_step *steps)
{
    char line[4096];
    size_t i;
    int fd = accept(lfd, NULL, NULL);

    if (fd < 0)
        _exit(3);
    close(lfd);
    for (i = 0; steps[i].expect != NULL || steps[i].send != NULL; i++) {
        if (steps[i].expect != NULL) {
            ssize_t n = tl_read_line(fd, line, sizeof line);
            size_t el = strlen(steps[i].expect);

            if (n <= 0)
                _exit(2);
            if ((size_t)n != el + 2 || memcmp(line, steps[i].expect, el) != 0
                || memcmp(line + el, "\r\n", 2) != 0) {
                fprintf(stderr, "fake server, step %zu: expected \"%s\", got \"%s\"\n",
                        i, steps[i].expect, line);
                _exit(10 + (int)i);
            }
        }
        if (steps[i].send != NULL && steps[i].send[0] == '\0')
            _exit(0);
        if (steps[i].send != NULL)
            tl_send(fd, steps[i].send);
    }
    while (tl_read_line(fd, line, sizeof line) > 0)
        ;
    _exit(0);
}

pid_t fake_server(const struct fake_step *steps, char *port, size_t portsz, int *listen_fd)
{
    struct sockaddr_in sin;
    socklen_t sl = sizeof sin;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    pid_t pid;

    ck_assert_int_ge(lfd, 0);
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
    ck_assert_int_eq(listen(lfd, 4), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &sl), 0);
    snprintf(port, portsz, "%d", ntohs(sin.sin_port));
    if (listen_fd != NULL)
        *listen_fd = -1;
    if (steps == NULL) {            /* nobody accepts: the kernel still completes
                                       the handshake, and then nothing is said */
        if (listen_fd != NULL)
            *listen_fd = lfd;
        return 0;
    }
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        play(lfd, steps);
    close(lfd);
    return pid;
}

int fake_server_wait(pid_t pid)
{
    struct tl_proc p;
    int st;

    memset(&p, 0, sizeof p);
    p.pid = pid;
    p.stdin_fd = p.stdout_fd = -1;
    st = tl_stop(&p, 0);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
