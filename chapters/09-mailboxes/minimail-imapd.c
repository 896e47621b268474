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

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "imap_mailboxes.h"
#include "imap_session.h"
#include "imapd_options.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: imapd --maildir-root DIR [OPTION]...\n"
        "minimail's IMAP server as of chapter 9 (mailboxes): logs users in and serves\n"
        "their Maildirs (INBOX is DIR/USER, folders are Maildir++ DIR/USER/.NAME, as\n"
        "in Dovecot): folders, subscriptions, SELECT with persistent UIDs.\n"
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
    /* [minimail-imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,       /* chapter 8: the conversation and login */
        &imap_mailboxes_extension,  /* chapter 9: folders, SELECT, UIDs */
        NULL
    };
    /* [minimail-imapd-extensions] */
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
