/**
 * @file minimail-imapd.c
 * @brief minimail's IMAP server: logs users in and serves their Maildirs
 *        -- folders, subscriptions, SELECT with persistent UIDs.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 (the session, chapter 8; the mailbox commands, §6.3-6.4),
 *      §5.4 (autologout); RFC 2342; RFC 3691; RFC 3348
 *
 * The installed program of the book's IMAP half.  Like chapter 8's stage
 * it is configuration only: chapter 3's forking server runs chapter 8's
 * session with two extensions, chapter 8's conversation and login
 * (imap_base_extension) and this chapter's mailboxes
 * (imap_mailboxes_extension); chapter 5's users file says who may log
 * in, and every user's INBOX is the Maildir minimail-smtpd delivers to.
 *
 *     minimail-imapd --maildir-root /tmp/mail --users users.txt --trace
 *
 * Chapters 10 and 11 (FETCH, STORE, APPEND ...) add their extensions
 * to the same list and take over the installed name.
 *
 * Exit status (sysexits.h): EX_OK after a clean shutdown (or a --stdio
 * session), EX_USAGE for a bad option, EX_CONFIG for a users file that
 * cannot be read or parsed, EX_CANTCREAT for a Maildir root that cannot
 * be created or written, EX_UNAVAILABLE when it cannot listen.
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

#include "imap_mailboxes.h"
#include "imap_session.h"
#include "log.h"
#include "server.h"
#include "server_options.h"
#include "signals.h"
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
        SERVER_OPTIONS_LONG,                  /* --listen ... --version */
        { "plaintext-auth", required_argument, NULL, 'P' },
        { NULL, 0, NULL, 0 }
    };
    /* [minimail-imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,       /* chapter 8: the conversation and login */
        &imap_mailboxes_extension,  /* chapter 9: folders, SELECT, UIDs */
        NULL
    };
    /* [minimail-imapd-extensions] */
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
    struct server_options so = {
        .name = "minimail-imapd", .usage = usage, .server = &sc,
        .idle_timeout_s = &cfg.idle_timeout_s,
    };
    char err[USERS_ERRLEN];
    int opt, rc;

    log_init("minimail-imapd");
    imap_config_init(&cfg);
    cfg.extensions = extensions;
    cfg.stop = &signals_stop;
    cfg.maildir_root = NULL;

    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = server_options_handle(&so, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        switch (opt) {
        case 'R': cfg.maildir_root = optarg; break;
        case 'u': users_file = optarg; break;
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
    if ((rc = server_options_check(&so)) != EX_OK)
        return rc;
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

    rc = server_options_run(&so);
    users_free(users);
    return rc;
}
