/*
 * bench/smtp-load.c -- the SMTP load generator of minimail's benchmark.
 *
 * Not part of the book: a tool for bench/smtp-bench (see docs/PERFORMANCE.md).
 * It opens --sessions SMTP sessions to one server at once and, in each,
 * sends messages one after the other as a plain (non-pipelining) client
 * does:
 *
 *     EHLO once, then per message [RSET] MAIL FROM, RCPT TO, DATA, the
 *     message, "." -- waiting for every reply before the next command.
 *
 * With --per-connection every message gets a connection of its own
 * (connect, 220, EHLO, MAIL, RCPT, DATA, ".", QUIT).  A session stops
 * starting messages after --messages of them or once --duration seconds
 * have passed, finishes the one in flight, and says QUIT.
 *
 * One process, one thread, non-blocking sockets and poll(2): the load
 * generator must cost little CPU, because the machine it runs on also
 * runs the server under test.  Messages are 4-8 KiB of plain text by
 * default (--size MIN-MAX), with the headers a mail program writes and
 * one dot-stuffed line.
 *
 * "Acknowledged" means a 250 to the final ".".  With --wait-dir DIR the
 * program then counts the files in DIR (a Maildir's new/) until there are
 * as many as were acknowledged (or --wait-timeout passes): for a server
 * that queues first (Postfix), that is when the last message really was
 * in the Maildir.
 *
 * The result is one line of key=value pairs on standard output:
 *   sessions= messages= acked= refused= errors= accept_seconds= accept_rate=
 *   delivered= deliver_seconds= deliver_rate= lat_p50_ms= lat_p99_ms=
 * Exit status 0 when no session failed, no message was refused and (with
 * --wait-dir) every acknowledged message was found; 1 otherwise; 64
 * (EX_USAGE) for bad options.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 64

/* What a session waits for. */
enum state {
    S_CONNECTING,   /* non-blocking connect(2) in progress */
    S_GREETING,     /* 220 */
    S_EHLO,         /* 250 (multi-line) */
    S_RSET,         /* 250 */
    S_MAIL,         /* 250 */
    S_RCPT,         /* 250 or 251 */
    S_DATA,         /* 354 */
    S_BODY,         /* 250 after the final "." */
    S_QUIT,         /* 221, then EOF */
    S_DONE          /* finished (or failed) */
};

/* A growable byte buffer. */
struct buf {
    char *p;
    size_t len, cap, off;   /* off: how much of p has been sent/consumed */
};

struct session {
    int id;
    int fd;
    enum state st;
    struct buf out;         /* bytes still to send */
    struct buf in;          /* bytes received, not yet parsed */
    long sent;              /* messages started */
    long acked;             /* messages that got 250 after "." */
    long refused;           /* messages refused (4xx/5xx anywhere) */
    int failed;             /* the session broke (I/O error, timeout, bad reply) */
    double msg_start;       /* when this message's MAIL was sent */
    double last_progress;   /* for the reply timeout */
};

/* Options. */
static const char *opt_host = "127.0.0.1";
static const char *opt_port;
static int opt_sessions = 1;
static long opt_messages = 0;           /* per session; 0 = until --duration */
static double opt_duration = 0;         /* seconds; 0 = until --messages */
static int opt_per_connection = 0;
static int opt_rset = 0;
static const char *opt_from = "bench@client.example";
static const char *opt_rcpt = "bench@example.test";
static const char *opt_helo = "client.example";
static size_t opt_size_min = 4096, opt_size_max = 8192;
static double opt_timeout = 60;
static const char *opt_wait_dir;
static double opt_wait_timeout = 120;
static int opt_verbose = 0;

static struct addrinfo *server_addr;
static double t0;                       /* when the first connection started */
static double t_last_ack;               /* when the last 250 to "." came */

/* Latencies of all acknowledged messages, in seconds. */
static double *lat;
static size_t lat_len, lat_cap;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("smtp-load: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL)
        die("out of memory");
    return q;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        die("line too long");
    buf_add(b, tmp, (size_t)n);
}

/* Drop what has been consumed, keep the rest at the start. */
static void buf_compact(struct buf *b)
{
    if (b->off == 0)
        return;
    memmove(b->p, b->p + b->off, b->len - b->off);
    b->len -= b->off;
    b->off = 0;
}

/*
 * The body text: lines of words, at most 72 characters, like a person's
 * mail.  Built once; each message takes a prefix of it of the length it
 * needs, cut at a line end.
 */
static struct buf body_text;

static void make_body_text(size_t need)
{
    static const char *const words[] = {
        "the", "mail", "server", "stores", "every", "message", "in", "a",
        "Maildir", "before", "it", "answers", "with", "two", "hundred",
        "and", "fifty", "so", "that", "nothing", "acknowledged", "is",
        "ever", "lost", "when", "machine", "crashes", "disk", "fsync",
        "rename", "directory", "entry", "queue", "delivery", "benchmark",
    };
    const size_t nwords = sizeof words / sizeof words[0];
    unsigned long seed = 12345;
    size_t line = 0;

    while (body_text.len < need + 200) {
        seed = seed * 1103515245UL + 12345UL;
        const char *w = words[(seed >> 16) % nwords];
        size_t wl = strlen(w);
        if (line + wl + 1 > 72) {
            buf_add(&body_text, "\r\n", 2);
            line = 0;
        }
        if (line > 0) {
            buf_add(&body_text, " ", 1);
            line++;
        }
        buf_add(&body_text, w, wl);
        line += wl;
    }
    buf_add(&body_text, "\r\n", 2);
}

/* Queue one message (headers, body, final ".") on the session's output. */
static void queue_message(struct session *s)
{
    /* A size between min and max that varies from message to message. */
    unsigned long h = (unsigned long)s->id * 2654435761UL + (unsigned long)s->sent * 40503UL;
    size_t span = opt_size_max - opt_size_min;
    size_t size = opt_size_min + (span ? (h % (span + 1)) : 0);
    size_t start = s->out.len;

    buf_printf(&s->out, "From: Bench Sender <%s>\r\n", opt_from);
    buf_printf(&s->out, "To: <%s>\r\n", opt_rcpt);
    buf_printf(&s->out, "Subject: benchmark message %d.%ld\r\n", s->id, s->sent);
    buf_printf(&s->out, "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n");
    buf_printf(&s->out, "Message-ID: <bench.%ld.%d.%ld@client.example>\r\n",
               (long)getpid(), s->id, s->sent);
    buf_printf(&s->out, "MIME-Version: 1.0\r\n");
    buf_printf(&s->out, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    /* One line that starts with a dot: the client stuffs it (RFC 5321 §4.5.2). */
    buf_printf(&s->out, "..a line that starts with a dot\r\n");

    size_t have = s->out.len - start;
    size_t want = size > have + 5 ? size - have - 5 : 0;
    if (want > body_text.len)
        want = body_text.len;
    /* Cut at the end of a line. */
    while (want > 0 && !(want >= 2 && body_text.p[want - 2] == '\r' && body_text.p[want - 1] == '\n'))
        want--;
    buf_add(&s->out, body_text.p, want);
    buf_add(&s->out, ".\r\n", 3);
}

static void fail(struct session *s, const char *what)
{
    if (opt_verbose || !s->failed)
        fprintf(stderr, "smtp-load: session %d: %s\n", s->id, what);
    s->failed = 1;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    s->st = S_DONE;
}

static int start_connection(struct session *s)
{
    int fd = socket(server_addr->ai_family, SOCK_STREAM, 0);
    if (fd < 0) {
        fail(s, "socket failed");
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        close(fd);
        fail(s, "fcntl failed");
        return -1;
    }
    s->fd = fd;
    s->in.len = s->in.off = 0;
    s->out.len = s->out.off = 0;
    s->last_progress = now();
    if (connect(fd, server_addr->ai_addr, server_addr->ai_addrlen) == 0) {
        s->st = S_GREETING;
    } else if (errno == EINPROGRESS) {
        s->st = S_CONNECTING;
    } else {
        char msg[128];
        snprintf(msg, sizeof msg, "connect: %s", strerror(errno));
        fail(s, msg);
        return -1;
    }
    return 0;
}

/* Should this session begin another message? */
static int want_more(const struct session *s)
{
    if (opt_messages > 0 && s->sent >= opt_messages)
        return 0;
    if (opt_duration > 0 && now() - t0 >= opt_duration)
        return 0;
    return 1;
}

static void send_mail(struct session *s)
{
    s->msg_start = now();
    s->sent++;
    buf_printf(&s->out, "MAIL FROM:<%s>\r\n", opt_from);
    s->st = S_MAIL;
}

/* After the EHLO (or a finished message): the next message, or QUIT. */
static void next_message(struct session *s, int first_on_connection)
{
    if (!want_more(s)) {
        buf_printf(&s->out, "QUIT\r\n");
        s->st = S_QUIT;
        return;
    }
    if (opt_rset && !first_on_connection) {
        buf_printf(&s->out, "RSET\r\n");
        s->st = S_RSET;
        return;
    }
    send_mail(s);
}

static void record_latency(double l)
{
    if (lat_len == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 1024;
        lat = xrealloc(lat, lat_cap * sizeof *lat);
    }
    lat[lat_len++] = l;
}

/* One complete reply (its code) arrived in state s->st. */
static void on_reply(struct session *s, int code, const char *text)
{
    char msg[600];

    switch (s->st) {
    case S_GREETING:
        if (code != 220)
            goto bad;
        buf_printf(&s->out, "EHLO %s\r\n", opt_helo);
        s->st = S_EHLO;
        return;
    case S_EHLO:
        if (code != 250)
            goto bad;
        next_message(s, 1);
        return;
    case S_RSET:
        if (code != 250)
            goto bad;
        send_mail(s);
        return;
    case S_MAIL:
        if (code != 250)
            goto refused;
        buf_printf(&s->out, "RCPT TO:<%s>\r\n", opt_rcpt);
        s->st = S_RCPT;
        return;
    case S_RCPT:
        if (code != 250 && code != 251)
            goto refused;
        buf_printf(&s->out, "DATA\r\n");
        s->st = S_DATA;
        return;
    case S_DATA:
        if (code != 354)
            goto refused;
        queue_message(s);
        s->st = S_BODY;
        return;
    case S_BODY:
        if (code != 250)
            goto refused;
        s->acked++;
        t_last_ack = now();
        record_latency(t_last_ack - s->msg_start);
        if (opt_per_connection) {
            buf_printf(&s->out, "QUIT\r\n");
            s->st = S_QUIT;
        } else {
            next_message(s, 0);
        }
        return;
    case S_QUIT:
        if (code != 221)
            goto bad;
        close(s->fd);
        s->fd = -1;
        if (opt_per_connection && want_more(s))
            start_connection(s);
        else
            s->st = S_DONE;
        return;
    default:
        goto bad;
    }
refused:
    /* A refused message: count it, and abandon the transaction cleanly. */
    s->refused++;
    if (opt_verbose || s->refused == 1) {
        snprintf(msg, sizeof msg, "refused: %d %s", code, text);
        fprintf(stderr, "smtp-load: session %d: %s\n", s->id, msg);
    }
    if (want_more(s)) {
        buf_printf(&s->out, "RSET\r\n");    /* its 250 starts the next message */
        s->st = S_RSET;
    } else {
        buf_printf(&s->out, "QUIT\r\n");
        s->st = S_QUIT;
    }
    return;
bad:
    snprintf(msg, sizeof msg, "unexpected reply in state %d: %d %s", (int)s->st, code, text);
    fail(s, msg);
}

/*
 * Parse complete reply lines in s->in.  A reply ends with a line whose
 * fourth character is a space (RFC 5321 §4.2.1: "250-" continues).
 */
static void parse_replies(struct session *s)
{
    for (;;) {
        char *start = s->in.p + s->in.off;
        size_t avail = s->in.len - s->in.off;
        char *nl = memchr(start, '\n', avail);
        if (nl == NULL)
            break;
        size_t linelen = (size_t)(nl - start) + 1;
        s->in.off += linelen;
        if (linelen < 5 || start[0] < '2' || start[0] > '5') {
            fail(s, "malformed reply line");
            return;
        }
        if (start[3] == '-')
            continue;               /* a continuation line */
        char text[512];
        size_t tl = linelen - 1;
        if (tl > 0 && start[tl - 1] == '\r')
            tl--;
        if (tl > sizeof text - 1)
            tl = sizeof text - 1;
        memcpy(text, start, tl);
        text[tl] = '\0';
        on_reply(s, atoi(text), text);
        if (s->st == S_DONE || s->fd < 0 || s->st == S_CONNECTING)
            return;
    }
    buf_compact(&s->in);
}

static void do_read(struct session *s)
{
    char tmp[4096];
    ssize_t n = read(s->fd, tmp, sizeof tmp);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        char msg[128];
        snprintf(msg, sizeof msg, "read: %s", strerror(errno));
        fail(s, msg);
        return;
    }
    if (n == 0) {
        if (s->st == S_QUIT) {          /* closed after QUIT without 221: fine */
            on_reply(s, 221, "(EOF)");
            return;
        }
        fail(s, "server closed the connection");
        return;
    }
    s->last_progress = now();
    buf_add(&s->in, tmp, (size_t)n);
    parse_replies(s);
}

static void do_write(struct session *s)
{
    while (s->out.off < s->out.len) {
        ssize_t n = write(s->fd, s->out.p + s->out.off, s->out.len - s->out.off);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return;
            char msg[128];
            snprintf(msg, sizeof msg, "write: %s", strerror(errno));
            fail(s, msg);
            return;
        }
        s->out.off += (size_t)n;
        s->last_progress = now();
    }
    s->out.len = s->out.off = 0;
}

/* Files (not dot files) in dir; 0 when it does not exist yet. */
static long count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double p)
{
    if (lat_len == 0)
        return 0;
    size_t i = (size_t)(p * (double)(lat_len - 1) + 0.5);
    return lat[i];
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: smtp-load --connect HOST:PORT [OPTION]...\n"
        "SMTP load generator of minimail's benchmark (see docs/PERFORMANCE.md).\n"
        "\n"
        "  --connect HOST:PORT   the server (required)\n"
        "  --sessions N          concurrent sessions (default 1)\n"
        "  --messages N          messages per session (default: until --duration)\n"
        "  --duration SECONDS    start no message after this long (default: until --messages)\n"
        "  --per-connection      one connection per message (default: all of a\n"
        "                        session's messages over one connection)\n"
        "  --rset                send RSET before every message but the first of a connection\n"
        "  --from ADDR           envelope sender (default bench@client.example)\n"
        "  --rcpt ADDR           the recipient (default bench@example.test)\n"
        "  --helo NAME           EHLO name (default client.example)\n"
        "  --size MIN-MAX        message sizes in octets (default 4096-8192)\n"
        "  --timeout SECONDS     longest wait for one reply (default 60)\n"
        "  --wait-dir DIR        then wait until DIR holds as many files as were acknowledged\n"
        "  --wait-timeout SECONDS  longest wait for that (default 120)\n"
        "  --verbose             report every refusal and failure\n"
        "  --help                show this help\n");
}

static double parse_positive(const char *s, const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || *end != '\0' || !(v > 0)) {
        fprintf(stderr, "smtp-load: bad %s '%s'\n", what, s);
        exit(EXIT_USAGE);
    }
    return v;
}

static void parse_connect(char *arg)
{
    char *colon = strrchr(arg, ':');
    if (colon == NULL || colon[1] == '\0') {
        fprintf(stderr, "smtp-load: --connect wants HOST:PORT\n");
        exit(EXIT_USAGE);
    }
    *colon = '\0';
    opt_port = colon + 1;
    opt_host = arg;
    size_t hl = strlen(opt_host);
    if (hl >= 2 && opt_host[0] == '[' && opt_host[hl - 1] == ']') {
        arg[hl - 1] = '\0';
        opt_host = arg + 1;
    }
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "sessions", required_argument, NULL, 's' },
        { "messages", required_argument, NULL, 'n' },
        { "duration", required_argument, NULL, 'd' },
        { "per-connection", no_argument, NULL, 'P' },
        { "rset", no_argument, NULL, 'R' },
        { "from", required_argument, NULL, 'f' },
        { "rcpt", required_argument, NULL, 'r' },
        { "helo", required_argument, NULL, 'H' },
        { "size", required_argument, NULL, 'z' },
        { "timeout", required_argument, NULL, 't' },
        { "wait-dir", required_argument, NULL, 'w' },
        { "wait-timeout", required_argument, NULL, 'W' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c, have_connect = 0;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': parse_connect(optarg); have_connect = 1; break;
        case 's': opt_sessions = (int)parse_positive(optarg, "--sessions"); break;
        case 'n': opt_messages = (long)parse_positive(optarg, "--messages"); break;
        case 'd': opt_duration = parse_positive(optarg, "--duration"); break;
        case 'P': opt_per_connection = 1; break;
        case 'R': opt_rset = 1; break;
        case 'f': opt_from = optarg; break;
        case 'r': opt_rcpt = optarg; break;
        case 'H': opt_helo = optarg; break;
        case 'z': {
            char *end;
            unsigned long a = strtoul(optarg, &end, 10), b = a;
            if (*end == '-')
                b = strtoul(end + 1, &end, 10);
            if (*end != '\0' || a < 512 || b < a || b > 100UL * 1024 * 1024) {
                fprintf(stderr, "smtp-load: bad --size '%s' (MIN-MAX, 512 or more)\n", optarg);
                return EXIT_USAGE;
            }
            opt_size_min = a;
            opt_size_max = b;
            break;
        }
        case 't': opt_timeout = parse_positive(optarg, "--timeout"); break;
        case 'w': opt_wait_dir = optarg; break;
        case 'W': opt_wait_timeout = parse_positive(optarg, "--wait-timeout"); break;
        case 'v': opt_verbose = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc || !have_connect || opt_sessions < 1 || opt_sessions > 10000) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (opt_messages == 0 && opt_duration == 0)
        opt_messages = 1;

    signal(SIGPIPE, SIG_IGN);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
    int rc = getaddrinfo(opt_host, opt_port, &hints, &server_addr);
    if (rc != 0) {
        fprintf(stderr, "smtp-load: %s:%s: %s (numeric addresses only)\n",
                opt_host, opt_port, gai_strerror(rc));
        return EXIT_USAGE;
    }
    make_body_text(opt_size_max);

    struct session *ss = calloc((size_t)opt_sessions, sizeof *ss);
    struct pollfd *pfd = calloc((size_t)opt_sessions, sizeof *pfd);
    if (ss == NULL || pfd == NULL)
        die("out of memory");

    t0 = now();
    t_last_ack = t0;
    for (int i = 0; i < opt_sessions; i++) {
        ss[i].id = i;
        ss[i].fd = -1;
        start_connection(&ss[i]);
    }

    /* The event loop: until every session is done. */
    for (;;) {
        int active = 0;
        double tnow = now();
        for (int i = 0; i < opt_sessions; i++) {
            struct session *s = &ss[i];
            pfd[i].fd = -1;
            pfd[i].events = 0;
            if (s->st == S_DONE || s->fd < 0)
                continue;
            if (tnow - s->last_progress > opt_timeout) {
                fail(s, "timed out waiting for the server");
                continue;
            }
            active++;
            pfd[i].fd = s->fd;
            if (s->st == S_CONNECTING || s->out.off < s->out.len)
                pfd[i].events = POLLOUT;
            else
                pfd[i].events = POLLIN;
        }
        if (active == 0)
            break;
        int n = poll(pfd, (nfds_t)opt_sessions, 1000);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("poll: %s", strerror(errno));
        }
        for (int i = 0; i < opt_sessions && n > 0; i++) {
            struct session *s = &ss[i];
            if (pfd[i].fd < 0 || pfd[i].revents == 0)
                continue;
            if (s->st == S_CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "connect: %s", strerror(err));
                    fail(s, msg);
                    continue;
                }
                s->st = S_GREETING;
                s->last_progress = now();
                continue;
            }
            if (pfd[i].revents & POLLOUT)
                do_write(s);
            else if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                do_read(s);
            /* A reply may have queued the next command: try to send it now. */
            if (s->fd >= 0 && s->st != S_DONE && s->st != S_CONNECTING && s->out.off < s->out.len)
                do_write(s);
        }
    }

    long sent = 0, acked = 0, refused = 0, errors = 0;
    for (int i = 0; i < opt_sessions; i++) {
        sent += ss[i].sent;
        acked += ss[i].acked;
        refused += ss[i].refused;
        errors += ss[i].failed;
    }
    double accept_s = t_last_ack - t0;

    /* For a queueing server: wait until the Maildir holds every message. */
    long delivered = -1;
    double deliver_s = accept_s;
    if (opt_wait_dir != NULL) {
        double deadline = now() + opt_wait_timeout;
        for (;;) {
            delivered = count_files(opt_wait_dir);
            double t = now();
            if (delivered >= acked) {
                if (t - t0 > deliver_s)
                    deliver_s = t - t0;
                break;
            }
            if (t > deadline) {
                fprintf(stderr, "smtp-load: %s holds %ld files, %ld were acknowledged, "
                        "after waiting %.0f s\n", opt_wait_dir, delivered, acked, opt_wait_timeout);
                deliver_s = t - t0;
                break;
            }
            struct timespec ts = { 0, 10 * 1000 * 1000 };  /* poll the directory every 10 ms */
            nanosleep(&ts, NULL);
        }
    }

    qsort(lat, lat_len, sizeof *lat, cmp_double);
    printf("sessions=%d messages=%ld acked=%ld refused=%ld errors=%ld "
           "accept_seconds=%.3f accept_rate=%.1f "
           "delivered=%ld deliver_seconds=%.3f deliver_rate=%.1f "
           "lat_p50_ms=%.2f lat_p99_ms=%.2f\n",
           opt_sessions, sent, acked, refused, errors,
           accept_s, accept_s > 0 ? (double)acked / accept_s : 0.0,
           delivered, deliver_s, deliver_s > 0 ? (double)acked / deliver_s : 0.0,
           percentile(0.5) * 1000, percentile(0.99) * 1000);
    fflush(stdout);

    freeaddrinfo(server_addr);
    for (int i = 0; i < opt_sessions; i++) {
        free(ss[i].in.p);
        free(ss[i].out.p);
        if (ss[i].fd >= 0)
            close(ss[i].fd);
    }
    free(ss);
    free(pfd);
    free(lat);
    free(body_text.p);

    if (errors > 0 || refused > 0 || (opt_wait_dir != NULL && delivered != acked))
        return 1;
    return 0;
}
