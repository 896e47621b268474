/**
 * @file minimail-imapd.c
 * @brief minimail's IMAP server, the installed minimail-imapd: chapter 9's server
 *        plus STORE, EXPUNGE, CLOSE with its expunge, UID STORE and UID
 *        EXPUNGE.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 (the session, chapter 8; mailboxes, chapter 9; §6.4.2,
 *      §6.4.3, §6.4.6, §6.4.8 here); RFC 4315 §2.1 (UID EXPUNGE)
 *
 * Configuration only, like chapter 9's server: chapter 3's forking
 * server runs chapter 8's session with the extensions of chapters 8, 9,
 * 10 and 11.  This chapter's extension comes *first* in the list, so its
 * CLOSE (which expunges) replaces chapter 9's (which only deselects):
 * the first table that names a verb wins.
 *
 *     minimail-imapd --maildir-root /tmp/mail --users users.txt --trace
 *
 * Exit status (sysexits.h): EX_OK after a clean shutdown (or a --stdio
 * session), EX_USAGE for a bad option, EX_CONFIG for a users file that
 * cannot be read or parsed, EX_CANTCREAT for a Maildir root that cannot
 * be created or written, EX_UNAVAILABLE when it cannot listen.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "imap_changing.h"
#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_session.h"
#include "log.h"
#include "net.h"
#include "server.h"
#include "signals.h"
#include "trace.h"
#include "users.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-imapd --maildir-root DIR [OPTION]...\n"
        "The IMAP4rev1 server of minimail: logs users in and serves their Maildirs\n"
        "(INBOX is DIR/USER, folders are Maildir++ DIR/USER/.NAME, as in Dovecot).\n"
        "\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"
        "                        (created when missing; required)\n"
        "  --users FILE          the users file (Dovecot passwd-file form:\n"
        "                        user:{PLAIN}pw or user:$6$...); without it nobody\n"
        "                        can log in\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:1143;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --plaintext-auth WHEN allow LOGIN and AUTHENTICATE PLAIN: loopback (the\n"
        "                        default: loopback peers and --stdio), always, never\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     autologout after this long idle (default 1800,\n"
        "                        RFC 3501 5.4 asks for at least 30 minutes)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

/* A whole decimal number in [min, max], or -1. */
static long long parse_number(const char *s, long long min, long long max)
{
    char *end;
    long long v;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    return v;
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

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "maildir-root",   required_argument, NULL, 'R' },
        { "users",          required_argument, NULL, 'u' },
        { "listen",         required_argument, NULL, 'l' },
        { "stdio",          no_argument,       NULL, 's' },
        { "plaintext-auth", required_argument, NULL, 'P' },
        { "trace",          no_argument,       NULL, 't' },
        { "timeout",        required_argument, NULL, 'T' },
        { "max-sessions",   required_argument, NULL, 'm' },
        { "help",           no_argument,       NULL, 'h' },
        { "version",        no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    /* [changing-imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_changing_extension,   /* chapter 11: STORE, EXPUNGE, CLOSE, UID (first!) */
        &imap_base_extension,       /* chapter 8: the conversation and login */
        &imap_mailboxes_extension,  /* chapter 9: folders, SELECT, UIDs */
        &imap_fetching_extension,   /* chapter 10: FETCH, UID FETCH */
        NULL
    };
    /* [changing-imapd-extensions] */
    const char *users_file = NULL;
    struct users *users = NULL;
    struct imap_config cfg;
    struct server_config sc = {
        .listen = "127.0.0.1:1143",
        .max_sessions = SERVER_DEFAULT_MAX_SESSIONS,
        /* RFC 3501 §7.1.5: a server that will not serve says BYE. */
        .busy_reply = "* BYE Too many connections, try again later",
        .session = imap_server_session,
        .arg = &cfg,
    };
    char err[USERS_ERRLEN], host[NET_ADDRSTRLEN], port[8];
    int use_stdio = 0, opt, rc;
    long long n;

    log_init("minimail-imapd");
    imap_config_init(&cfg);
    cfg.extensions = extensions;
    cfg.stop = &signals_stop;
    cfg.maildir_root = NULL;

    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'R': cfg.maildir_root = optarg; break;
        case 'u': users_file = optarg; break;
        case 'l': sc.listen = optarg; break;
        case 's': use_stdio = 1; break;
        case 'P':
            if (strcmp(optarg, "loopback") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_LOOPBACK;
            else if (strcmp(optarg, "always") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_NEVER;
            else {
                log_msg("bad --plaintext-auth '%s': expected loopback, always or never",
                        optarg);
                return EX_USAGE;
            }
            break;
        case 't': trace_enable(STDERR_FILENO); break;
        case 'T':
            if ((n = parse_number(optarg, 1, INT_MAX / 1000)) < 0) {
                log_msg("bad --timeout '%s': expected seconds (1 or more)", optarg);
                return EX_USAGE;
            }
            cfg.idle_timeout_s = (int)n;
            break;
        case 'm':
            if ((n = parse_number(optarg, 1, 100000)) < 0) {
                log_msg("bad --max-sessions '%s': expected 1 to 100000", optarg);
                return EX_USAGE;
            }
            sc.max_sessions = (unsigned)n;
            break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("minimail-imapd (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc) {
        log_msg("unexpected argument '%s'", argv[optind]);
        usage(stderr);
        return EX_USAGE;
    }
    if (cfg.maildir_root == NULL || cfg.maildir_root[0] == '\0') {
        log_msg("missing --maildir-root DIR: where are the Maildirs?");
        usage(stderr);
        return EX_USAGE;
    }
    if (net_split_hostport(sc.listen, host, sizeof host, port, sizeof port) < 0) {
        log_msg("bad --listen '%s': expected HOST:PORT or [V6ADDR]:PORT", sc.listen);
        return EX_USAGE;
    }
    if (users_file != NULL) {
        users = users_load(users_file, err, sizeof err);
        if (users == NULL) {
            log_msg("cannot use --users: %s", err);
            return EX_CONFIG;
        }
        cfg.users = users;
    }
    if (check_root(cfg.maildir_root) < 0) {
        users_free(users);
        return EX_CANTCREAT;
    }
    log_msg("%zu user%s, Maildirs under %s, plaintext login %s",
            users ? users->count : 0, users && users->count == 1 ? "" : "s",
            cfg.maildir_root,
            cfg.plaintext == IMAP_PLAINTEXT_ALWAYS ? "allowed"
            : cfg.plaintext == IMAP_PLAINTEXT_NEVER ? "disabled" : "on loopback only");

    if (use_stdio) {
        rc = server_run_stdio(&sc) == 0 ? EX_OK : EX_IOERR;
    } else if (server_run(&sc, err, sizeof err) < 0) {
        log_msg("%s", err);
        rc = EX_UNAVAILABLE;
    } else {
        rc = EX_OK;
    }
    users_free(users);
    return rc;
}
