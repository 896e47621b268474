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

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "log.h"
#include "server_options.h"
#include "smtp_session.h"
#include "smtp_store.h"
#include "smtpd_options.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-smtpd --maildir-root DIR [OPTION]...\n"
        "The SMTP server of minimail: receives mail for local users and stores it,\n"
        "durably, in their Maildirs (DIR/USER/{tmp,new,cur}).  It never relays:\n"
        "a recipient outside the local domains is refused (550 5.7.1).\n"
        "\n"
        SMTPD_OPTIONS_HELP
        "\n"
        "Local delivery of user@domain, in order: a user named 'user@domain' or\n"
        "'user' in the users file; else the --catch-all user; else 'postmaster'\n"
        "(always accepted) into DIR/postmaster; else 550 5.1.1.\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        SMTPD_OPTIONS_LONG,   /* --maildir-root --domain ... --listen ... --version */
        { NULL, 0, NULL, 0 }
    };
    static const struct smtp_command *const tables[] = { smtp_base_commands, NULL };
    static struct smtpd_options o;       /* large: keep it off the stack */
    struct smtp_store store;
    struct smtp_config cfg;
    struct server_config sc;
    int opt, rc;

    smtpd_options_init(&o, "minimail-smtpd", usage, &cfg, &sc, &store);
    cfg.tables = tables;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = smtpd_options_handle(&o, opt, optarg);
        if (rc == SERVER_OPTION_NOT_MINE)
            return smtpd_options_bad(&o);
        if (rc != SERVER_OPTION_TAKEN)
            return rc;                  /* --help, --version, a bad value */
    }
    /* [smtpd-config] */
    /* Local domains, users file, Maildir root (smtpd_options.c) ... */
    if ((rc = smtpd_options_finish(&o, argc, argv)) != EX_OK)
        return rc;
    /* ... then the hooks of local delivery, and SIZE, 8BITMIME,
     * PIPELINING, ENHANCEDSTATUSCODES in the EHLO reply. */
    smtp_store_setup(&store, &cfg, o.max_size);
    /* [smtpd-config] */

    log_msg("storing mail under %s for %s%s%s (%zu user%s%s%s)", store.maildir_root,
            o.domains[0], o.ndomains > 1 ? " and " : "",
            o.ndomains > 1 ? "more domains" : "",
            o.users ? o.users->count : 0,
            o.users && o.users->count == 1 ? "" : "s",
            store.recipients.catch_all ? ", catch-all " : "",
            store.recipients.catch_all ? store.recipients.catch_all : "");

    rc = server_options_run(&o.common);
    smtpd_options_free(&o);
    return rc;
}
