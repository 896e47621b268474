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
#include <sysexits.h>

#include "imap_session.h"
#include "imapd_options.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: imapd [OPTION]...\n"
        "Chapter 8 of minimail: an IMAP4rev1 server that greets, answers CAPABILITY,\n"
        "NOOP, ID, ENABLE and LOGOUT, and logs users in (LOGIN, AUTHENTICATE PLAIN).\n"
        "\n"
        "  --maildir-root DIR    where the users' Maildirs are (DIR/USER; default .)\n"
        IMAPD_OPTIONS_HELP);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        IMAPD_OPTIONS_LONG,   /* --users --maildir-root --listen ... --version */
        { NULL, 0, NULL, 0 }
    };
    /* [imapd-extensions] */
    static const struct imap_extension *const extensions[] = {
        &imap_base_extension,  /* chapter 8: the conversation and login */
        NULL
    };
    /* [imapd-extensions] */
    struct imap_config cfg;
    struct server_config sc;
    struct imapd_options o;
    int done, rc;

    imapd_options_init(&o, "imapd", usage, &cfg, &sc);
    o.require_root = 0;             /* chapter 8: no mailboxes yet */
    cfg.extensions = extensions;
    rc = imapd_options_parse(&o, argc, argv, options, &done);
    if (done)
        return rc;                      /* --help, --version, a bad option */
    return imapd_options_run(&o);
}
