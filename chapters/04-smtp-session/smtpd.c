/**
 * @file smtpd.c
 * @brief Chapter 4 stage program: a complete SMTP session that prints
 *        every message it accepts instead of storing it.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §3.3 (mail transactions), §4.5.3.1.8 (recipient limit),
 *      §4.5.3.2.7 (server timeout)
 *
 * Everything SMTP about this program is in src/smtp_*.c; what is here is
 * the *policy* of the chapter 4 stage, in the form every later stage uses:
 * a struct smtp_hooks with the decisions (here: accept every syntactically
 * valid sender and recipient, and print each message), a struct
 * smtp_config with the limits, and chapter 3's server to run it.
 *
 * The printed form of an accepted message (one block, written with a
 * single write(2), so blocks of concurrent sessions do not mix in a file):
 *
 *     === message 1 (HELO client.example)
 *     MAIL FROM:<alice@example.org> BODY=8BITMIME
 *     RCPT TO:<bob@example.org>
 *     DATA 24 octets
 *     Subject: hi\r\n
 *     \r\n
 *     Hello.\r\n
 *     === end of message 1
 *
 * The DATA bytes are printed exactly as stored (dot-unstuffed, CRLF line
 * ends; shown above with visible \\r\\n), followed by a newline before the
 * end marker.  The numbers count messages within one session.  Where it
 * goes: `--print-to FILE` (appended), else standard output when
 * listening, else -- in `--stdio` mode, where standard output carries
 * the SMTP replies -- standard error.
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "server.h"
#include "server_options.h"
#include "signals.h"
#include "smtp_session.h"

/* The stage's own data, reached through smtp_config.app. */
struct smtpd {
    int print_fd; /* where accepted messages are printed */
};

/* [smtp-session-smtpd-deliver] */
/* The deliver hook of this stage: build the printed block in memory,
 * then write it in one go.  Returning SMTP_ACCEPT makes the session
 * answer "250 2.0.0 OK, message accepted"; had the write failed, the
 * client is told to try again later (451) -- never "250" for a message
 * that went nowhere. */
static enum smtp_verdict smtpd_deliver(struct smtp_session *s,
                                       const struct smtp_envelope *env,
                                       const char *data, size_t len,
                                       struct smtp_reply *r)
{
    const struct smtpd *d = s->cfg->app;
    size_t cap = len + 2048 + env->nrcpt * (SMTP_PATH_MAX + 16), n = 0;
    char *out = malloc(cap);
    int ok;

    if (out == NULL) {
        smtp_reply_set(r, 451, "4.3.0", "Out of memory, try again later");
        return SMTP_REJECT;
    }
    n += (size_t)snprintf(out + n, cap - n, "=== message %lu (%s %s)\n",
                          s->messages + 1, s->esmtp ? "EHLO" : "HELO", s->helo);
    n += (size_t)snprintf(out + n, cap - n, "MAIL FROM:<%s>%s%s\n", env->from.addr,
                          env->mail_params[0] ? " " : "", env->mail_params);
    for (size_t i = 0; i < env->nrcpt; i++)
        n += (size_t)snprintf(out + n, cap - n, "RCPT TO:<%s>\n", env->rcpt[i].addr);
    n += (size_t)snprintf(out + n, cap - n, "DATA %zu octets\n", len);
    memcpy(out + n, data, len);
    n += len;
    n += (size_t)snprintf(out + n, cap - n, "\n=== end of message %lu\n",
                          s->messages + 1);
    ok = io_write_all(d->print_fd, out, n) == 0;
    free(out);
    if (!ok) {
        smtp_reply_set(r, 451, "4.3.0", "Could not print the message, try again later");
        return SMTP_REJECT;
    }
    return SMTP_ACCEPT;
}
/* [smtp-session-smtpd-deliver] */

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: smtpd [OPTION]...\n"
        "The SMTP server of minimail, chapter 4: a complete SMTP session that\n"
        "accepts every syntactically valid recipient and prints each message\n"
        "(envelope and data) instead of storing it.\n"
        "\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:2525;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --print-to FILE       append accepted messages to FILE (default: standard\n"
        "                        output, or standard error with --stdio)\n"
        "  --hostname NAME       our name in the greeting (default localhost)\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     close a session idle this long (default 300)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --threads             a thread per session instead of a process (faster\n"
        "                        where processes are dear; see chapter 3)\n"
        "  --max-rcpt N          recipients per message; more get 452 (default 100)\n"
        "  --max-size OCTETS     largest message; bigger ones get 552 (default 10485760)\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        SERVER_OPTIONS_LONG,                /* --listen ... --version */
        { "print-to",     required_argument, NULL, 'p' },
        { "hostname",     required_argument, NULL, 'H' },
        { "max-rcpt",     required_argument, NULL, 'r' },
        { "max-size",     required_argument, NULL, 'S' },
        { NULL, 0, NULL, 0 }
    };
    /* [smtp-session-smtpd-config] */
    static const char *const keywords[] = { "HELP", NULL };
    static const struct smtp_command *const tables[] = { smtp_base_commands, NULL };
    static const struct smtp_hooks hooks = { .deliver = smtpd_deliver };
    struct smtpd d = { -1 };
    struct smtp_config cfg;
    struct server_config sc = {
        .listen = "127.0.0.1:2525",
        .max_sessions = SERVER_DEFAULT_MAX_SESSIONS,
        .session = smtp_server_session,   /* the session, run in each child */
        .arg = &cfg,
    };

    smtp_config_init(&cfg);                /* RFC defaults: 300 s, 100 rcpt ... */
    cfg.ehlo_keywords = keywords;
    cfg.tables = tables;
    cfg.hooks = &hooks;
    cfg.stop = &signals_stop;              /* SIGTERM -> 421 */
    cfg.app = &d;
    /* [smtp-session-smtpd-config] */
    struct server_options so = {
        .name = "smtpd", .usage = usage, .server = &sc,
        .idle_timeout_s = &cfg.idle_timeout_s,
    };
    const char *print_to = NULL;
    char busy[128];
    int opt, rc;
    long long n;

    log_init("smtpd");
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = server_options_handle(&so, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        switch (opt) {
        case 'p': print_to = optarg; break;
        case 'H':
            if (!smtp_valid_domain_or_literal(optarg)) {
                log_msg("bad --hostname '%s': expected a domain name", optarg);
                return EX_USAGE;
            }
            cfg.hostname = optarg;
            break;
        case 'r':
            if (server_options_number("max-rcpt", optarg, 1, 100000,
                                      "1 to 100000", &n) < 0)
                return EX_USAGE;
            cfg.max_rcpt = (size_t)n;
            break;
        case 'S':
            if (server_options_number("max-size", optarg, 1, LONG_MAX,
                                      "octets (1 or more)", &n) < 0)
                return EX_USAGE;
            cfg.max_message_size = (size_t)n;
            break;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EX_USAGE;
    }
    if ((rc = server_options_check(&so)) != EX_OK)
        return rc;
    if (print_to != NULL) {
        d.print_fd = open(print_to, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (d.print_fd < 0) {
            log_msg("cannot open --print-to '%s'", print_to);
            return EX_CANTCREAT;
        }
    } else {
        /* In --stdio mode fd 1 carries the protocol: print to stderr. */
        d.print_fd = so.stdio ? STDERR_FILENO : STDOUT_FILENO;
    }
    /* §3.8: a 421 reply begins with our domain. */
    snprintf(busy, sizeof busy, "421 %s Too many connections, try again later",
             cfg.hostname);
    sc.busy_reply = busy;

    return server_options_run(&so);
}
