/**
 * @file minimail-smtpd.c
 * @brief minimail's SMTP server: receives mail and stores it, durably, in
 *        the Maildirs of local users.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 (the whole session, through chapter 4), §4.4 (trace
 *      fields), §6.1 (reliable delivery), §7.1 (no open relay); RFC 1870,
 *      RFC 6152, RFC 2920, RFC 2034 (extensions)
 *
 * The installed program of the book's first half.  Like the chapter 4
 * stage, it is nothing but configuration: chapter 4's session and command
 * table, chapter 3's forking server, and this chapter's hooks
 * (smtp_store.h), which resolve recipients (recipients.h), announce the
 * ESMTP extensions (smtp_ext.h) and store each message in Maildirs
 * (delivery.h, maildir.h) before the 250.
 *
 * A typical start, as a local test mail server that keeps everything:
 *
 *     minimail-smtpd --maildir-root /tmp/mail --domain '*' --catch-all dev
 *
 * and as the mail server of a small domain, with the users of the IMAP
 * server:
 *
 *     minimail-smtpd --maildir-root /var/mail --domain example.test \
 *                    --users /etc/minimail/users
 *
 * Exit status (sysexits.h): EX_OK after a clean shutdown (or a --stdio
 * session), EX_USAGE for a bad option, EX_CONFIG for a users file that
 * cannot be read or parsed, EX_CANTCREAT for a Maildir root that cannot be
 * created or written, EX_UNAVAILABLE when it cannot listen.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "recipients.h"
#include "server.h"
#include "server_options.h"
#include "signals.h"
#include "smtp_session.h"
#include "smtp_store.h"
#include "users.h"

/** Most --domain options. */
#define MAX_DOMAINS 64

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-smtpd --maildir-root DIR [OPTION]...\n"
        "The SMTP server of minimail: receives mail for local users and stores it,\n"
        "durably, in their Maildirs (DIR/USER/{tmp,new,cur}).  It never relays:\n"
        "a recipient outside the local domains is refused (550 5.7.1).\n"
        "\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"
        "                        (created when missing; required)\n"
        "  --domain NAME         a local domain (repeatable; default: localhost);\n"
        "                        '*' makes every domain local\n"
        "  --users FILE          the users file (Dovecot passwd-file form: user:{PLAIN}pw,\n"
        "                        user:$6$... or user:); without it nobody is a user\n"
        "  --catch-all USER      store mail for every unknown address of a local domain\n"
        "                        in USER's Maildir (with --domain '*': all mail)\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:2525;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --hostname NAME       our name in the greeting and Received: (default:\n"
        "                        this host's name)\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     close a session idle this long (default 300)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --max-rcpt N          recipients per message; more get 452 (default 100)\n"
        "  --max-size OCTETS     largest message, announced as SIZE; bigger ones get\n"
        "                        552 (default 10485760)\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n"
        "\n"
        "Local delivery of user@domain, in order: a user named 'user@domain' or\n"
        "'user' in the users file; else the --catch-all user; else 'postmaster'\n"
        "(always accepted) into DIR/postmaster; else 550 5.1.1.\n");
}

/* The Maildir root must be a directory we can write; create it (one
 * level) when it is missing.  0 on success, -1 with a log message. */
static int check_root(const char *root)
{
    struct stat st;
    if (stat(root, &st) < 0) {
        if (errno != ENOENT || mkdir(root, 0700) < 0) {
            log_msg("--maildir-root '%s': %s", root, strerror(errno));
            return -1;
        }
        log_msg("created the Maildir root %s", root);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        log_msg("--maildir-root '%s': not a directory", root);
        return -1;
    }
    if (access(root, W_OK | X_OK) < 0) {
        log_msg("--maildir-root '%s': %s", root, strerror(errno));
        return -1;
    }
    return 0;
}

/* Our host name for the greeting and Received:, if it is a valid domain. */
static const char *default_hostname(void)
{
    static char name[256];
    if (gethostname(name, sizeof name) == 0) {
        name[sizeof name - 1] = '\0';
        if (smtp_valid_domain_or_literal(name))
            return name;
    }
    return "localhost";
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "maildir-root", required_argument, NULL, 'R' },
        { "domain",       required_argument, NULL, 'd' },
        { "users",        required_argument, NULL, 'u' },
        { "catch-all",    required_argument, NULL, 'c' },
        SERVER_OPTIONS_LONG,                  /* --listen ... --version */
        { "hostname",     required_argument, NULL, 'H' },
        { "max-rcpt",     required_argument, NULL, 'r' },
        { "max-size",     required_argument, NULL, 'S' },
        { NULL, 0, NULL, 0 }
    };
    static const struct smtp_command *const tables[] = { smtp_base_commands, NULL };
    static const char *domains[MAX_DOMAINS];
    size_t ndomains = 0, max_size = 0;
    const char *users_file = NULL;
    struct smtp_store store;
    struct smtp_config cfg;
    struct server_config sc = {
        .listen = "127.0.0.1:2525",
        .max_sessions = SERVER_DEFAULT_MAX_SESSIONS,
        .session = smtp_server_session,
        .arg = &cfg,
    };
    struct server_options so = {
        .name = "minimail-smtpd", .usage = usage, .server = &sc,
        .idle_timeout_s = &cfg.idle_timeout_s,
    };
    char busy[320], err[USERS_ERRLEN];
    int opt, rc;
    long long n;

    log_init("minimail-smtpd");
    memset(&store, 0, sizeof store);
    smtp_config_init(&cfg);
    cfg.hostname = default_hostname();
    cfg.tables = tables;
    cfg.stop = &signals_stop;

    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = server_options_handle(&so, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        switch (opt) {
        case 'R': store.maildir_root = optarg; break;
        case 'd':
            if (strcmp(optarg, "*") != 0 && !smtp_valid_domain_or_literal(optarg)) {
                log_msg("bad --domain '%s': expected a domain name or '*'", optarg);
                return EX_USAGE;
            }
            if (ndomains == MAX_DOMAINS) {
                log_msg("too many --domain options (at most %d)", MAX_DOMAINS);
                return EX_USAGE;
            }
            domains[ndomains++] = optarg;
            break;
        case 'u': users_file = optarg; break;
        case 'c':
            if (!users_valid_name(optarg)) {
                log_msg("bad --catch-all '%s': not a valid user name", optarg);
                return EX_USAGE;
            }
            store.recipients.catch_all = optarg;
            break;
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
            /* Held in memory during DATA (chapter 4), so keep it sane: 1 GiB. */
            if (server_options_number("max-size", optarg, 1, 1LL << 30,
                                      "octets (1 to 1073741824)", &n) < 0)
                return EX_USAGE;
            max_size = (size_t)n;
            break;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        log_msg("unexpected argument '%s'", argv[optind]);
        usage(stderr);
        return EX_USAGE;
    }
    if (store.maildir_root == NULL || store.maildir_root[0] == '\0') {
        log_msg("missing --maildir-root DIR: where should the mail go?");
        usage(stderr);
        return EX_USAGE;
    }
    if ((rc = server_options_check(&so)) != EX_OK)
        return rc;

    /* [smtpd-config] */
    if (ndomains == 0)
        domains[ndomains++] = "localhost";
    store.recipients.domains = domains;
    store.recipients.ndomains = ndomains;
    if (users_file != NULL) {
        struct users *u = users_load(users_file, err, sizeof err);
        if (u == NULL) {
            log_msg("cannot use --users: %s", err);
            return EX_CONFIG;
        }
        store.recipients.users = u;
    }
    if (check_root(store.maildir_root) < 0)
        return EX_CANTCREAT;
    /* The hooks of local delivery, and SIZE, 8BITMIME, PIPELINING,
     * ENHANCEDSTATUSCODES in the EHLO reply. */
    smtp_store_setup(&store, &cfg, max_size);
    /* [smtpd-config] */

    log_msg("storing mail under %s for %s%s%s (%zu user%s%s%s)", store.maildir_root,
            domains[0], ndomains > 1 ? " and " : "",
            ndomains > 1 ? "more domains" : "",
            store.recipients.users ? store.recipients.users->count : 0,
            store.recipients.users && store.recipients.users->count == 1 ? "" : "s",
            store.recipients.catch_all ? ", catch-all " : "",
            store.recipients.catch_all ? store.recipients.catch_all : "");

    /* RFC 5321 §3.8: a 421 reply begins with our domain. */
    snprintf(busy, sizeof busy, "421 %s Too many connections, try again later",
             cfg.hostname);
    sc.busy_reply = busy;

    rc = server_options_run(&so);
    users_free((struct users *)store.recipients.users);
    return rc;
}
