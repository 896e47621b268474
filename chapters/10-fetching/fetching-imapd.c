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

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_session.h"
#include "imapd_options.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: imapd --maildir-root DIR [OPTION]...\n"
        "minimail's IMAP server as of chapter 10 (fetching): folders, SELECT, FETCH.\n"
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
    /* [fetching-imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,       /* chapter 8: the conversation and login */
        &imap_fetching_extension,   /* chapter 10: FETCH, UID FETCH */
        &imap_mailboxes_extension,  /* chapter 9: folders, SELECT, UIDs */
        NULL
    };
    /* [fetching-imapd-extensions] */
    struct imap_config cfg;
    struct server_config sc;
    struct imapd_options o;
    int done, rc;

    imapd_options_init(&o, "imapd", usage, &cfg, &sc);
    cfg.extensions = extensions;
    rc = imapd_options_parse(&o, argc, argv, options, &done);
    if (done)
        return rc;                      /* --help, --version, a bad option */
    return imapd_options_run(&o);
}
