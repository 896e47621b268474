/**
 * @file imapd.c
 * @brief Chapter 8's stage: an IMAP server that greets, tells its
 *        capabilities and logs users in -- and nothing more yet.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §2.2, §3, §5.4, §6.1-6.2, §7.1; RFC 2971; RFC 5161;
 *      RFC 7888; RFC 4959
 *
 * The program is configuration only: chapter 3's forking server
 * (server.h) runs chapter 8's session (imap_session.h) with chapter 8's
 * one extension, imap_base_extension, and chapter 5's users file.  After
 * LOGIN a session is in the authenticated state, where this stage knows
 * nothing to do but CAPABILITY, NOOP, ID, ENABLE and LOGOUT: the
 * mailboxes come in chapter 9, whose minimail-imapd lists one more
 * extension in the same place.
 *
 *     imapd --users users.txt --maildir-root /tmp/mail --trace
 *
 * Exit status (sysexits.h): EX_OK after a clean shutdown (or a --stdio
 * session), EX_USAGE for a bad option, EX_CONFIG for a users file that
 * cannot be read or parsed, EX_UNAVAILABLE when it cannot listen.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "imap_session.h"
#include "log.h"
#include "server.h"
#include "server_options.h"
#include "signals.h"
#include "users.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: imapd [OPTION]...\n"
        "Chapter 8 of minimail: an IMAP4rev1 server that greets, answers CAPABILITY,\n"
        "NOOP, ID, ENABLE and LOGOUT, and logs users in (LOGIN, AUTHENTICATE PLAIN).\n"
        "\n"
        "  --users FILE          the users file (Dovecot passwd-file form:\n"
        "                        user:{PLAIN}pw or user:$6$...); without it nobody\n"
        "                        can log in\n"
        "  --maildir-root DIR    where the users' Maildirs are (DIR/USER; default .)\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:1143;\n"
        "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --plaintext-auth WHEN allow LOGIN and AUTHENTICATE PLAIN: loopback (the\n"
        "                        default: loopback peers and --stdio), always, never\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     autologout after this long idle (default 1800)\n"
        "  --max-sessions N      sessions at once; more are refused (default 20)\n"
        "  --help                show this help and exit\n"
        "  --version             show the version and exit\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "users",          required_argument, NULL, 'u' },
        { "maildir-root",   required_argument, NULL, 'R' },
        SERVER_OPTIONS_LONG,                  /* --listen ... --version */
        { "plaintext-auth", required_argument, NULL, 'P' },
        { NULL, 0, NULL, 0 }
    };
    /* [imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,  /* chapter 8: the conversation and login */
        NULL
    };
    /* [imapd-extensions] */
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
        .name = "imapd", .usage = usage, .server = &sc,
        .idle_timeout_s = &cfg.idle_timeout_s,
    };
    char err[USERS_ERRLEN];
    int opt, rc;

    log_init("imapd");
    imap_config_init(&cfg);
    cfg.extensions = extensions;
    cfg.stop = &signals_stop;

    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = server_options_handle(&so, opt, optarg);
        if (rc == SERVER_OPTION_TAKEN)
            continue;
        if (rc != SERVER_OPTION_NOT_MINE)
            return rc;                  /* --help, --version, a bad value */
        switch (opt) {
        case 'u': users_file = optarg; break;
        case 'R': cfg.maildir_root = optarg; break;
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
    log_msg("%zu user%s, Maildirs under %s, plaintext login %s",
            users ? users->count : 0, users && users->count == 1 ? "" : "s",
            cfg.maildir_root,
            cfg.plaintext == IMAP_PLAINTEXT_ALWAYS ? "allowed"
            : cfg.plaintext == IMAP_PLAINTEXT_NEVER ? "disabled" : "on loopback only");

    rc = server_options_run(&so);
    users_free(users);
    return rc;
}
