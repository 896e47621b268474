/**
 * @file chapters/07-relaying/minimail-smtpd.c
 * @brief minimail's SMTP server: local delivery into Maildirs, and
 *        relaying -- with AUTH, trusted networks, a spool queue, retries
 *        and bounces.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 (the session, chapter 4), §3.6.1 and §7.1 (relaying),
 *      §4.5.4.1 (retries), §6.1 (reliable delivery, bounces); RFC 4954
 *      and RFC 4616 (AUTH PLAIN), RFC 3464 and RFC 6522 (bounces)
 *
 * The installed `minimail-smtpd`.  Chapter 5's program stored mail for
 * local users and refused everything else; this one also *relays*: mail
 * for other domains is accepted from authenticated users (AUTH PLAIN or
 * LOGIN, offered on loopback, or everywhere with --allow-plaintext-auth)
 * and from trusted networks (--trust), queued durably in a spool, and
 * sent on by a queue runner to the next hop named by --route or
 * --smarthost.  It is still nothing but configuration:
 *
 * | piece                          | from      |
 * |--------------------------------|-----------|
 * | forking server, tick           | chapter 3 (server.h) |
 * | session, command table         | chapter 4 (smtp_session.h) |
 * | Maildirs, users, extensions    | chapter 5 (smtp_store.h) |
 * | the client the runner uses     | chapter 6 (smtp_client.h) |
 * | AUTH row, relay hooks, spool, runner, bounces | this chapter |
 *
 * Two servers relaying to each other on one machine (the demo does this):
 *
 *     minimail-smtpd --listen 127.0.0.1:2525 --maildir-root /tmp/alice \
 *         --domain alice.test --users users --route bob.test=127.0.0.1:2526
 *     minimail-smtpd --listen 127.0.0.1:2526 --maildir-root /tmp/bob \
 *         --domain bob.test --users users --trust 127.0.0.1
 *
 * Exit status (sysexits.h): EX_OK after a clean shutdown (or a --stdio
 * session, or --run-queue), EX_USAGE for a bad option, EX_CONFIG for a
 * users file that cannot be read, EX_CANTCREAT for a Maildir root or spool
 * that cannot be created, EX_UNAVAILABLE when it cannot listen.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cidr.h"
#include "log.h"
#include "queue.h"
#include "recipients.h"
#include "routes.h"
#include "server.h"
#include "server_options.h"
#include "smtpd_options.h"
#include "signals.h"
#include "smtp_relay.h"
#include "smtp_session.h"
#include "spool.h"
#include "users.h"

/** How often (ms) the parent looks whether queued mail is due. */
#define QUEUE_TICK_MS 250

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-smtpd --maildir-root DIR [OPTION]...\n"
        "The SMTP server of minimail: stores mail for local users in their Maildirs\n"
        "(DIR/USER/{tmp,new,cur}) and relays mail for other domains -- but only\n"
        "for authenticated users (AUTH) and trusted networks (--trust).\n"
        "\n"
        "Local delivery (as in chapter 5):\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"
        "                        (created when missing; required)\n"
        "  --domain NAME         a local domain (repeatable; default: localhost);\n"
        "                        '*' makes every domain local\n"
        "  --users FILE          the users file (Dovecot passwd-file form: user:{PLAIN}pw,\n"
        "                        user:$6$... or user:); also the AUTH passwords\n"
        "  --catch-all USER      store mail for every unknown address of a local domain\n"
        "                        in USER's Maildir\n"
        "\n"
        "Relaying:\n"
        "  --trust CIDR          clients in this network may relay without AUTH\n"
        "                        (repeatable; 192.0.2.0/24, 2001:db8::/32, 127.0.0.1)\n"
        "  --allow-plaintext-auth  offer AUTH PLAIN/LOGIN to every client (default:\n"
        "                        only to clients on loopback: the password travels\n"
        "                        unencrypted)\n"
        "  --route DOMAIN=HOST:PORT  send mail for DOMAIN to that server (repeatable)\n"
        "  --smarthost HOST:PORT send mail for every other domain to that server\n"
        "  --spool DIR           the queue of mail to relay (default: DIR/.spool under\n"
        "                        the Maildir root)\n"
        "  --retry-min TIME      wait before the first retry (default 30m)\n"
        "  --retry-max TIME      longest wait between retries (default 4h)\n"
        "  --queue-lifetime TIME give up and bounce after this long (default 5d)\n"
        "  --relay-timeout TIME  how long to wait for the next hop's replies (default 5m)\n"
        "  --run-queue           make one delivery pass over the queue and exit\n"
        "                        TIME is seconds, or a number with s, m, h or d.\n"
        "\n"
        "Server:\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:2525;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "                        (queued mail waits for a server or --run-queue)\n"
        "  --hostname NAME       our name in the greeting, Received:, EHLO to the next\n"
        "                        hop and bounces (default: this host's name)\n"
        "  --trace               show every conversation on standard error (C:/S:),\n"
        "                        the queue runner's with the next hop too\n"
        "  --timeout SECONDS     close a session idle this long (default 300)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --threads             a thread per session instead of a process (faster\n"
        "                        where processes are dear; see chapter 3)\n"
        "  --max-rcpt N          recipients per message; more get 452 (default 100)\n"
        "  --max-size OCTETS     largest message, announced as SIZE (default 10485760)\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

/* A duration: "90", "90s", "30m", "4h", "5d" -> seconds (1 .. 1 year), or -1. */
static long long parse_duration(const char *s)
{
    char num[32];
    size_t len = strlen(s);
    long long mult = 1, v;

    if (len == 0 || len >= sizeof num)
        return -1;
    memcpy(num, s, len + 1);
    switch (num[len - 1]) {
    case 's': mult = 1; num[len - 1] = '\0'; break;
    case 'm': mult = 60; num[len - 1] = '\0'; break;
    case 'h': mult = 3600; num[len - 1] = '\0'; break;
    case 'd': mult = 86400; num[len - 1] = '\0'; break;
    default: break;
    }
    if ((v = server_parse_number(num, 1, 366LL * 86400)) < 0 || v * mult > 366LL * 86400)
        return -1;
    return v * mult;
}

/* The queue runner of this server, for the parent's tick. */
static struct queue_runner runner;

/* server_config.tick: the parent looks whether queued mail is due. */
static void tick(void *arg)
{
    (void)arg;
    queue_runner_tick(&runner);
}

int main(int argc, char **argv)
{
    enum {
        OPT_TRUST = 256, OPT_PLAIN_AUTH, OPT_ROUTE, OPT_SMARTHOST, OPT_SPOOL,
        OPT_RETRY_MIN, OPT_RETRY_MAX, OPT_LIFETIME, OPT_RELAY_TIMEOUT, OPT_RUN_QUEUE
    };
    static const struct option options[] = {
        SMTPD_OPTIONS_LONG,   /* chapter 5's: --maildir-root ... --max-size */
        { "trust",          required_argument, NULL, OPT_TRUST },
        { "allow-plaintext-auth", no_argument, NULL, OPT_PLAIN_AUTH },
        { "route",          required_argument, NULL, OPT_ROUTE },
        { "smarthost",      required_argument, NULL, OPT_SMARTHOST },
        { "spool",          required_argument, NULL, OPT_SPOOL },
        { "retry-min",      required_argument, NULL, OPT_RETRY_MIN },
        { "retry-max",      required_argument, NULL, OPT_RETRY_MAX },
        { "queue-lifetime", required_argument, NULL, OPT_LIFETIME },
        { "relay-timeout",  required_argument, NULL, OPT_RELAY_TIMEOUT },
        { "run-queue",      no_argument,       NULL, OPT_RUN_QUEUE },
        { NULL, 0, NULL, 0 }
    };
    static struct smtpd_options o;       /* large: keep these off the stack */
    static struct smtp_relay relay;
    static struct routes routes;
    static struct spool spool;
    const char *spool_dir = NULL;
    struct smtp_config cfg;
    struct queue_config qc = {
        .spool = &spool, .routes = &routes,
        .retry_min = QUEUE_DEFAULT_RETRY_MIN, .retry_max = QUEUE_DEFAULT_RETRY_MAX,
        .lifetime = QUEUE_DEFAULT_LIFETIME, .timeout = QUEUE_DEFAULT_TIMEOUT,
    };
    struct server_config sc;
    char err[USERS_ERRLEN];
    char default_spool[PATH_MAX];
    int run_queue = 0, opt, rc;
    long long n;

    smtpd_options_init(&o, "minimail-smtpd", usage, &cfg, &sc, &relay.store);
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = smtpd_options_handle(&o, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        switch (opt) {
        case OPT_TRUST:
            if (relay.ntrust == SMTP_RELAY_MAX_TRUST) {
                log_msg("too many --trust options (at most %d)", SMTP_RELAY_MAX_TRUST);
                return EX_USAGE;
            }
            if (cidr_parse(optarg, &relay.trust[relay.ntrust]) < 0) {
                log_msg("bad --trust '%s': expected ADDRESS/PREFIX (e.g. 192.0.2.0/24, "
                        "2001:db8::/32) or one address, with the host bits zero", optarg);
                return EX_USAGE;
            }
            relay.ntrust++;
            break;
        case OPT_PLAIN_AUTH: relay.auth.plaintext_anywhere = 1; break;
        case OPT_ROUTE:
            if (routes_add(&routes, optarg, err, sizeof err) < 0) {
                log_msg("%s", err);
                return EX_USAGE;
            }
            break;
        case OPT_SMARTHOST:
            if (routes_set_smarthost(&routes, optarg, err, sizeof err) < 0) {
                log_msg("%s", err);
                return EX_USAGE;
            }
            break;
        case OPT_SPOOL: spool_dir = optarg; break;
        case OPT_RETRY_MIN:
        case OPT_RETRY_MAX:
        case OPT_LIFETIME:
        case OPT_RELAY_TIMEOUT:
            if ((n = parse_duration(optarg)) < 0) {
                log_msg("bad --%s '%s': expected a time such as 90, 30s, 15m, 4h or 5d",
                        opt == OPT_RETRY_MIN ? "retry-min" : opt == OPT_RETRY_MAX
                        ? "retry-max" : opt == OPT_LIFETIME ? "queue-lifetime"
                        : "relay-timeout", optarg);
                return EX_USAGE;
            }
            if (opt == OPT_RETRY_MIN)
                qc.retry_min = (unsigned)n;
            else if (opt == OPT_RETRY_MAX)
                qc.retry_max = (unsigned)n;
            else if (opt == OPT_LIFETIME)
                qc.lifetime = (unsigned)n;
            else
                qc.timeout = (unsigned)n;
            break;
        case OPT_RUN_QUEUE: run_queue = 1; break;
        default:  return smtpd_options_bad(&o);
        }
    }
    if (qc.retry_max < qc.retry_min)
        qc.retry_max = qc.retry_min;

    /* [relayd-config] */
    /* Chapter 5's options: local domains, users file, Maildir root. */
    if ((rc = smtpd_options_finish(&o, argc, argv)) != EX_OK)
        return rc;
    relay.auth.users = o.users;          /* the same file holds the passwords */
    /* The spool: default ROOT/.spool -- no user can be called ".spool"
     * (users_valid_name() refuses names starting with a dot). */
    if (spool_dir == NULL) {
        snprintf(default_spool, sizeof default_spool, "%s/.spool", relay.store.maildir_root);
        spool_dir = default_spool;
    }
    if (spool_open(&spool, spool_dir, err, sizeof err) < 0) {
        log_msg("cannot use the spool: %s", err);
        smtpd_options_free(&o);
        return EX_CANTCREAT;
    }
    relay.routes = &routes;
    relay.spool = &spool;
    /* Chapter 5's hooks and extensions, then this chapter's: AUTH in
     * front of chapter 4's table, the relay hooks around chapter 5's. */
    smtp_relay_setup(&relay, &cfg, o.max_size);

    /* The queue runner, forked by the parent's tick when mail is due. */
    qc.hostname = cfg.hostname;
    qc.maildir_root = relay.store.maildir_root;
    qc.recipients = &relay.store.recipients;
    runner.qc = &qc;
    sc.tick = tick;
    sc.tick_ms = QUEUE_TICK_MS;
    /* [relayd-config] */

    /* Leftovers of writes interrupted by a crash (an hour old at least). */
    int cleaned = spool_clean(&spool, 3600);
    char **ids;
    size_t queued = 0;
    if (spool_list(&spool, &ids, &queued) == 0)
        spool_free_ids(ids, queued);
    log_msg("storing mail under %s for %s%s; spool %s: %zu queued%s, %d leftover%s removed;"
            " %zu route%s%s; %zu trusted network%s; AUTH %s",
            relay.store.maildir_root, o.domains[0], o.ndomains > 1 ? " and more" : "",
            spool_dir, queued, queued ? " (picked up again)" : "", cleaned,
            cleaned == 1 ? "" : "s", routes.n, routes.n == 1 ? "" : "s",
            routes.has_smarthost ? " and a smarthost" : "", relay.ntrust,
            relay.ntrust == 1 ? "" : "s",
            relay.auth.plaintext_anywhere ? "offered to every client" : "offered on loopback");

    if (run_queue) {
        int done = queue_run(&qc, time(NULL));
        if (done < 0)
            log_msg("--run-queue: another queue runner is at work");
        else
            log_msg("--run-queue: %d entr%s attempted", done, done == 1 ? "y" : "ies");
        rc = EX_OK;
    } else if (o.common.stdio) {
        rc = server_options_run(&o.common);
    } else {
        rc = server_options_run(&o.common);
        queue_runner_stop(&runner, SERVER_DEFAULT_GRACE_S);
    }
    smtpd_options_free(&o);
    return rc;
}
