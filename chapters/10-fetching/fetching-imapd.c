/**
 * @file fetching-imapd.c
 * @brief The stage of chapter 10: chapter 9's IMAP server plus FETCH.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §6.4.5, §6.4.8 (FETCH, UID FETCH)
 *
 * Configuration only, like every stage: chapter 3's server runs chapter
 * 8's session with three extensions -- chapter 8's conversation and
 * login, this chapter's FETCH (imap_fetching_extension), chapter 9's
 * mailboxes.  The options are minimail-imapd's (chapter 9):
 *
 *     imapd --maildir-root /tmp/mail --users users.txt --trace
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

#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_session.h"
#include "log.h"
#include "server.h"
#include "signals.h"
#include "trace.h"
#include "users.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: imapd --maildir-root DIR [OPTION]...\n"
        "minimail's IMAP server as of chapter 10 (fetching): folders, SELECT, FETCH.\n"
        "\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U (required)\n"
        "  --users FILE          the users file (user:{PLAIN}pw or user:$6$...)\n"
        "  --listen HOST:PORT    address to listen on (default 127.0.0.1:1143)\n"
        "  --stdio               serve one session on standard input/output and exit\n"
        "  --plaintext-auth WHEN loopback (default), always or never\n"
        "  --trace               show the conversation on standard error (C:/S:)\n"
        "  --timeout SECONDS     autologout after this long idle (default 1800)\n"
        "  --max-sessions N      sessions at once (default 20)\n"
        "  --help, --version\n");
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
    /* [fetching-imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,       /* chapter 8: the conversation and login */
        &imap_fetching_extension,   /* chapter 10: FETCH, UID FETCH */
        &imap_mailboxes_extension,  /* chapter 9: folders, SELECT, UIDs */
        NULL
    };
    /* [fetching-imapd-extensions] */
    struct users *users = NULL;
    struct imap_config cfg;
    struct server_config sc = {
        .listen = "127.0.0.1:1143",
        .max_sessions = SERVER_DEFAULT_MAX_SESSIONS,
        .busy_reply = "* BYE Too many connections, try again later",
        .session = imap_server_session,
        .arg = &cfg,
    };
    char err[USERS_ERRLEN], *end;
    int use_stdio = 0, opt, rc;
    long n;
    struct stat st;

    log_init("imapd");
    imap_config_init(&cfg);
    cfg.extensions = extensions;
    cfg.stop = &signals_stop;
    cfg.maildir_root = NULL;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'R': cfg.maildir_root = optarg; break;
        case 'u':
            if ((users = users_load(optarg, err, sizeof err)) == NULL) {
                log_msg("cannot use --users: %s", err);
                return EX_CONFIG;
            }
            cfg.users = users;
            break;
        case 'l': sc.listen = optarg; break;
        case 's': use_stdio = 1; break;
        case 'P':
            if (strcmp(optarg, "loopback") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_LOOPBACK;
            else if (strcmp(optarg, "always") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                cfg.plaintext = IMAP_PLAINTEXT_NEVER;
            else
                return usage(stderr), EX_USAGE;
            break;
        case 't': trace_enable(STDERR_FILENO); break;
        case 'T':
        case 'm':
            errno = 0;
            n = strtol(optarg, &end, 10);
            if (errno || *end || n < 1 || n > 100000 || optarg[0] < '0' || optarg[0] > '9')
                return usage(stderr), EX_USAGE;
            if (opt == 'T')
                cfg.idle_timeout_s = (int)n;
            else
                sc.max_sessions = (unsigned)n;
            break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("imapd (minimail, chapter fetching) %s\n", PACKAGE_VERSION); return EX_OK;
        default:  usage(stderr); return EX_USAGE;
        }
    }
    if (optind != argc || cfg.maildir_root == NULL || cfg.maildir_root[0] == '\0') {
        usage(stderr);
        users_free(users);
        return EX_USAGE;
    }
    if (stat(cfg.maildir_root, &st) < 0 && (errno != ENOENT || mkdir(cfg.maildir_root, 0700) < 0)) {
        log_msg("--maildir-root '%s': %s", cfg.maildir_root, strerror(errno));
        users_free(users);
        return EX_CANTCREAT;
    }
    if (use_stdio)
        rc = server_run_stdio(&sc) == 0 ? EX_OK : EX_IOERR;
    else if (server_run(&sc, err, sizeof err) < 0) {
        log_msg("%s", err);
        rc = EX_UNAVAILABLE;
    } else
        rc = EX_OK;
    users_free(users);
    return rc;
}
