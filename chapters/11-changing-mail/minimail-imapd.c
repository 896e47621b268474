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

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "imap_changing.h"
#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_session.h"
#include "imapd_options.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-imapd --maildir-root DIR [OPTION]...\n"
        "The IMAP4rev1 server of minimail: logs users in and serves their Maildirs\n"
        "(INBOX is DIR/USER, folders are Maildir++ DIR/USER/.NAME, as in Dovecot).\n"
        "\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"
        "                        (created when missing; required)\n"
        IMAPD_OPTIONS_HELP);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        IMAPD_OPTIONS_LONG,   /* --users --maildir-root --listen ... --version */
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
    struct imap_config cfg;
    struct server_config sc;
    struct imapd_options o;
    int opt, rc;

    imapd_options_init(&o, "minimail-imapd", usage, &cfg, &sc);
    cfg.extensions = extensions;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = imapd_options_handle(&o, opt, optarg);
        if (rc == SERVER_OPTION_NOT_MINE)
            return imapd_options_bad(&o);
        if (rc != SERVER_OPTION_TAKEN)
            return rc;                  /* --help, --version, a bad value */
    }
    if ((rc = imapd_options_finish(&o, argc, argv)) != EX_OK)
        return rc;
    return imapd_options_run(&o);
}
