/**
 * @file minimail-smtp.c
 * @brief minimail's SMTP client: sends one message, shows the conversation.
 *
 * @chapter{smtp-client}
 * @rfc RFC 5321 (the client's side of the session), RFC 5322 §3.6 (the
 *      composed message), RFC 4954 (AUTH); sysexits(3) for the exit status
 *
 * The chapter's program: everything it does is the library's
 * (smtp_client.h, smtp_compose.h); this file reads options, the message
 * and the password, and turns the replies into an exit status.
 *
 *     minimail-smtp --from alice@example.org --to bob@example.test \
 *                   --subject 'Hello' --body 'Hi Bob!' --trace
 *     minimail-smtp --from alice@example.org --to bob@example.test < message.eml
 *
 * Exit status (sysexits.h) -- a script can tell "done", "try again later"
 * and "will never work" apart:
 *
 * | status            | when |
 * |-------------------|------|
 * | 0 (EX_OK)         | the message was accepted for every recipient |
 * | 75 (EX_TEMPFAIL)  | a 4yz reply (to MAIL, a RCPT, DATA or "."), or no usable reply at all: connection refused or lost, timeout, garbage; also a 421 greeting |
 * | 69 (EX_UNAVAILABLE) | a 5yz reply (a refused sender, recipient or message; a 554 greeting), or the server lacks something the message needs (AUTH, 8BITMIME, a big enough SIZE) |
 * | 77 (EX_NOPERM)    | authentication refused (535 and other 5yz replies to AUTH) |
 * | 64 (EX_USAGE)     | bad options; --auth without a password |
 * | 65 (EX_DATAERR)   | an address that is not a valid mailbox; a message with NUL octets |
 * | 66 (EX_NOINPUT)   | the message file cannot be opened |
 * | 74 (EX_IOERR)     | the message cannot be read |
 * | 71 (EX_OSERR)     | out of memory |
 *
 * When some recipients were refused for good and others only for now,
 * EX_UNAVAILABLE wins: someone has to act either way, and the permanent
 * problem will not go away by waiting.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "net.h"
#include "smtp_client.h"
#include "smtp_compose.h"
#include "smtp_dotstuff.h"
#include "smtp_parse.h"
#include "trace.h"

/** The environment variable that holds the password for --auth. */
#define PASSWORD_ENV "MINIMAIL_PASSWORD"

/** Most --to options. */
#define MAX_RCPTS 100

static const char *progname = "minimail-smtp";

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-smtp --from ADDR --to ADDR [--to ADDR]... [OPTION]... [FILE]\n"
        "Send one message by SMTP: the message in FILE (or standard input, or FILE '-'),\n"
        "or one composed from --subject and --body.\n"
        "\n"
        "  --server HOST:PORT    the SMTP server (default 127.0.0.1:2525; [::1]:PORT)\n"
        "  --from ADDR           envelope sender, MAIL FROM (\"\" for the null sender <>)\n"
        "  --to ADDR             envelope recipient, RCPT TO (repeatable)\n"
        "  --subject TEXT        compose a message with this Subject: (adds Date:,\n"
        "                        From:, To:, Message-ID:)\n"
        "  --body TEXT           compose a message with this body (with --subject\n"
        "                        or alone)\n"
        "  --helo NAME           our name in EHLO/HELO (default: this host's name)\n"
        "  --auth USER           authenticate (AUTH PLAIN, else LOGIN); the password\n"
        "                        comes from $" PASSWORD_ENV " or is asked on the terminal\n"
        "  --auth-mech MECH      PLAIN or LOGIN instead of the best offered\n"
        "  --timeout SECONDS     give up any wait for the server after this long\n"
        "                        (default: RFC 5321's, 2 to 10 minutes)\n"
        "  --no-pipelining       wait for each reply even if the server offers PIPELINING\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --verbose             say what happened to each recipient\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n"
        "\n"
        "Exit status: 0 sent; 75 temporary failure (4xx reply, no connection, timeout,\n"
        "garbage); 69 permanent failure (5xx reply); 77 authentication refused;\n"
        "64 usage; 65 bad address or message; 66 no such file; 74 read error.\n");
}

/* Remove one pair of angle brackets ("<a@b>" -> "a@b"), in place. */
static char *strip_brackets(char *s)
{
    size_t n = strlen(s);

    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}

/* Is addr a mailbox SMTP can carry?  Chapter 4's path parser decides, so
 * the client never sends what our own server would refuse as syntax. */
static int valid_address(const char *addr, enum smtp_path_kind kind)
{
    char path[SMTP_PATH_MAX + 3];
    struct smtp_path p;
    size_t end;
    int n = snprintf(path, sizeof path, "<%s>", addr);

    if (n < 0 || (size_t)n >= sizeof path)
        return 0;
    return smtp_parse_path(path, kind, &p, &end) == SMTP_PARSE_OK && end == (size_t)n;
}

/* Read a whole file (or standard input) into memory. */
static char *read_all(int fd, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);

    while (buf != NULL) {
        ssize_t r;

        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (buf != NULL)
        *len = n;
    return buf;
}

/* [smtp-client-password] */
/* The password for --auth: from the environment, else asked on the
 * terminal with echo off.  Never from the command line: every user of
 * the machine can read another's command line (ps -ef). */
static char *get_password(const char *user)
{
    const char *env = getenv(PASSWORD_ENV);
    struct termios old, quiet;
    char buf[512];
    ssize_t n;
    int fd, echo_off = 0;

    if (env != NULL)
        return strdup(env);
    fd = open("/dev/tty", O_RDWR | O_NOCTTY);
    if (fd < 0)
        return NULL;
    if (tcgetattr(fd, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    dprintf(fd, "Password for %s: ", user);
    n = read(fd, buf, sizeof buf - 1);
    if (echo_off)
        tcsetattr(fd, TCSAFLUSH, &old);
    dprintf(fd, "\n");
    close(fd);
    if (n < 0)
        return NULL;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    env = strdup(buf);
    memset(buf, 0, sizeof buf);
    return (char *)env;
}
/* [smtp-client-password] */

/* [smtp-client-exit-status] */
/* The exit status for one reply code: 0 for 2yz, EX_TEMPFAIL for 4yz and
 * for "no reply" (code 0 or -1), EX_UNAVAILABLE for 5yz. */
static int status_of(int code)
{
    switch (smtp_reply_class(code)) {
    case SMTP_CLASS_POSITIVE:  return EX_OK;
    case SMTP_CLASS_PERMANENT: return EX_UNAVAILABLE;
    default:                   return EX_TEMPFAIL;
    }
}

/* Combine two statuses: a permanent failure outweighs a temporary one. */
static int worse(int a, int b)
{
    if (a == EX_UNAVAILABLE || b == EX_UNAVAILABLE)
        return EX_UNAVAILABLE;
    return a != EX_OK ? a : b;
}
/* [smtp-client-exit-status] */

/* Say what the server answered, as one line on standard error. */
static void report(const char *what, const struct smtp_client_reply *r)
{
    char sum[SMTP_REPLY_LINE_MAX + 32];

    fprintf(stderr, "%s: %s: %s\n", progname, what, smtp_reply_summary(r, sum, sizeof sum));
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "server",        required_argument, NULL, 'S' },
        { "from",          required_argument, NULL, 'f' },
        { "to",            required_argument, NULL, 't' },
        { "subject",       required_argument, NULL, 's' },
        { "body",          required_argument, NULL, 'b' },
        { "helo",          required_argument, NULL, 'H' },
        { "auth",          required_argument, NULL, 'a' },
        { "auth-mech",     required_argument, NULL, 'm' },
        { "timeout",       required_argument, NULL, 'T' },
        { "no-pipelining", no_argument,       NULL, 'P' },
        { "trace",         no_argument,       NULL, 'x' },
        { "verbose",       no_argument,       NULL, 'v' },
        { "help",          no_argument,       NULL, 'h' },
        { "version",       no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const char *server = "127.0.0.1:2525", *subject = NULL, *body = NULL;
    const char *helo = NULL, *auth_user = NULL, *auth_mech = NULL;
    char *from = NULL, *to[MAX_RCPTS];
    struct smtp_client_rcpt *rcpts = NULL;
    struct smtp_client_txn *txn = NULL;
    struct smtp_client *c = NULL;
    struct smtp_msg_info info;
    char host[NET_ADDRSTRLEN], port[16], myname[256];
    char *msg = NULL, *password = NULL;
    size_t nto = 0, len = 0, i;
    long timeout = 0;
    int verbose = 0, trace = 0, nopipe = 0, opt, code, status = EX_OK;

    while ((opt = getopt_long(argc, argv, "hVv", opts, NULL)) != -1) {
        switch (opt) {
        case 'S': server = optarg; break;
        case 'f': from = strip_brackets(optarg); break;
        case 't':
            if (nto == MAX_RCPTS) {
                fprintf(stderr, "%s: at most %d --to options\n", progname, MAX_RCPTS);
                return EX_USAGE;
            }
            to[nto++] = strip_brackets(optarg);
            break;
        case 's': subject = optarg; break;
        case 'b': body = optarg; break;
        case 'H': helo = optarg; break;
        case 'a': auth_user = optarg; break;
        case 'm': auth_mech = optarg; break;
        case 'T': {
            char *end;
            errno = 0;
            timeout = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || timeout < 1 || timeout > 86400) {
                fprintf(stderr, "%s: --timeout: a number of seconds, 1-86400\n", progname);
                return EX_USAGE;
            }
            break;
        }
        case 'P': nopipe = 1; break;
        case 'x': trace = 1; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("minimail-smtp (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }

    /* Check everything before the first byte goes out. */
    if (from == NULL || nto == 0) {
        fprintf(stderr, "%s: --from and at least one --to are required\n", progname);
        usage(stderr);
        return EX_USAGE;
    }
    if (optind < argc - 1 || (optind < argc && (subject != NULL || body != NULL))) {
        fprintf(stderr, "%s: give one message: a FILE, or --subject/--body\n", progname);
        return EX_USAGE;
    }
    if (auth_mech != NULL && strcasecmp(auth_mech, "PLAIN") != 0
        && strcasecmp(auth_mech, "LOGIN") != 0) {
        fprintf(stderr, "%s: --auth-mech: PLAIN or LOGIN\n", progname);
        return EX_USAGE;
    }
    if (net_split_hostport(server, host, sizeof host, port, sizeof port) < 0) {
        fprintf(stderr, "%s: --server: expected HOST:PORT, got '%s'\n", progname, server);
        return EX_USAGE;
    }
    if (from[0] != '\0' && !valid_address(from, SMTP_PATH_REVERSE)) {
        fprintf(stderr, "%s: --from: not a valid mailbox: %s\n", progname, from);
        return EX_DATAERR;
    }
    for (i = 0; i < nto; i++)
        if (!valid_address(to[i], SMTP_PATH_FORWARD)) {
            fprintf(stderr, "%s: --to: not a valid mailbox: %s\n", progname, to[i]);
            return EX_DATAERR;
        }
    if (helo == NULL) {
        if (gethostname(myname, sizeof myname) < 0 || myname[0] == '\0'
            || !smtp_valid_domain_or_literal(myname))
            snprintf(myname, sizeof myname, "localhost");
        myname[sizeof myname - 1] = '\0';
        helo = myname;
    } else if (!smtp_valid_domain_or_literal(helo)) {
        fprintf(stderr, "%s: --helo: not a domain or address literal: %s\n", progname, helo);
        return EX_USAGE;
    }
    if (auth_user != NULL && (password = get_password(auth_user)) == NULL) {
        fprintf(stderr, "%s: --auth: no password: set %s or run on a terminal\n",
                progname, PASSWORD_ENV);
        return EX_USAGE;
    }

    /* The message: composed, or read from the file or standard input. */
    if (subject != NULL || body != NULL) {
        struct smtp_compose m = { 0 };
        char daemon[300];

        /* The null sender has no From: of its own: a bounce says MAILER-DAEMON. */
        snprintf(daemon, sizeof daemon, "MAILER-DAEMON@%s", helo);
        m.from = from[0] ? from : daemon;
        m.to = (const char *const *)to;
        m.nto = nto;
        m.subject = subject;
        m.body = body;
        msg = smtp_compose(&m, &len);
        if (msg == NULL) {
            fprintf(stderr, "%s: cannot compose the message: %s\n", progname, strerror(errno));
            return EX_OSERR;
        }
    } else {
        const char *file = optind < argc ? argv[optind] : "-";
        int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY);

        if (fd < 0) {
            fprintf(stderr, "%s: %s: %s\n", progname, file, strerror(errno));
            return EX_NOINPUT;
        }
        msg = read_all(fd, &len);
        if (msg == NULL) {
            fprintf(stderr, "%s: reading %s: %s\n", progname, file, strerror(errno));
            return errno == ENOMEM ? EX_OSERR : EX_IOERR;
        }
        if (fd != STDIN_FILENO)
            close(fd);
    }
    smtp_msg_scan(msg, len, &info);
    if (info.has_nul) {
        fprintf(stderr, "%s: the message contains a NUL octet, which SMTP cannot carry\n",
                progname);
        free(msg);
        return EX_DATAERR;
    }

    /* Big structures on the heap: a reply holds 2 KB of text. */
    c = malloc(sizeof *c);
    txn = calloc(1, sizeof *txn);
    rcpts = calloc(nto, sizeof *rcpts);
    if (c == NULL || txn == NULL || rcpts == NULL) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EX_OSERR;
    }

    /* A server that closes while we write must give EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    if (trace)
        trace_enable(STDERR_FILENO);

    /* [smtp-client-main-session] */
    smtp_client_init(c);
    if (timeout > 0)
        smtp_client_set_timeout(c, (int)(timeout * 1000));
    if (nopipe)
        c->flags |= SMTP_CLIENT_NO_PIPELINING;

    code = smtp_client_connect(c, host, port);
    if (code < 0) {
        fprintf(stderr, "%s: %s: %s\n", progname, server, c->err);
        status = EX_TEMPFAIL;
        goto out;
    }
    if (code != 220) {                          /* 554: no service here; 421: not now */
        report("greeting", &c->reply);
        status = status_of(code);
        goto quit;
    }
    code = smtp_client_hello(c, helo);
    if (code != 250) {
        if (code < 0)
            fprintf(stderr, "%s: %s\n", progname, c->err);
        else
            report("EHLO/HELO", &c->reply);
        status = status_of(code);
        goto quit;
    }
    if (auth_user != NULL) {
        code = smtp_client_auth(c, auth_user, password, auth_mech);
        if (code == 0) {
            fprintf(stderr, "%s: --auth: %s\n", progname, c->err);
            status = EX_UNAVAILABLE;
            goto quit;
        }
        if (code != 235) {
            if (code < 0)
                fprintf(stderr, "%s: %s\n", progname, c->err);
            else
                report("AUTH", &c->reply);
            status = smtp_reply_class(code) == SMTP_CLASS_PERMANENT ? EX_NOPERM : EX_TEMPFAIL;
            goto quit;
        }
    }

    txn->from = from;
    txn->rcpts = rcpts;
    txn->nrcpts = nto;
    for (i = 0; i < nto; i++)
        rcpts[i].addr = to[i];
    txn->msg = msg;
    txn->len = len;
    code = smtp_client_send(c, txn);
    /* [smtp-client-main-session] */

    /* One verdict per recipient; the worst one is the exit status. */
    for (i = 0; i < nto; i++) {
        const struct smtp_client_reply *r = smtp_client_rcpt_result(txn, i);
        int st = status_of(r->code);

        if (st != EX_OK || verbose) {
            char what[SMTP_PATH_MAX + 16];

            snprintf(what, sizeof what, "<%s>", to[i]);
            if (r->code == 0)
                fprintf(stderr, "%s: %s: no reply: %s\n", progname, what,
                        c->err[0] ? c->err : "connection lost");
            else
                report(what, r);
        }
        status = worse(status, st);
    }
    if (code < 0)
        goto out;

quit:
    if (smtp_client_quit(c) < 0 && verbose)
        fprintf(stderr, "%s: QUIT: %s\n", progname, c->err);
out:
    smtp_client_close(c);
    if (password != NULL) {
        memset(password, 0, strlen(password));
        free(password);
    }
    free(msg);
    free(rcpts);
    free(txn);
    free(c);
    return status;
}
