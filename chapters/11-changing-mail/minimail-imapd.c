/**
 * @file minimail-imapd.c
 * @brief minimail's IMAP server, the installed minimail-imapd: chapter 9's server
 *        plus STORE, EXPUNGE, CLOSE with its expunge, UID STORE and UID
 *        EXPUNGE; APPEND, COPY, MOVE and their UID forms (UIDPLUS).
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 (the session, chapter 8; mailboxes, chapter 9; §6.4.2,
 *      §6.4.3, §6.4.6, §6.4.8 here); RFC 4315 §2.1 (UID EXPUNGE)
 *      and §3 (APPENDUID, COPYUID); RFC 6851 (MOVE)
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
#include <string.h>
#include <sysexits.h>

#include "imap_changing.h"
#include "imap_fetch.h"
#include "imap_mailboxes.h"
#include "imap_session.h"
#include "imapd_options.h"
#include "log.h"

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: minimail-imapd --maildir-root DIR [OPTION]...\n"
        "The IMAP4rev1 server of minimail: logs users in and serves their Maildirs\n"
        "(INBOX is DIR/USER, folders are Maildir++ DIR/USER/.NAME, as in Dovecot).\n"
        "\n"
        "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"
        "                        (created when missing; required)\n"
        "  --max-append-size N   largest message APPEND accepts, in octets, or with\n"
        "                        a suffix K, M or G (default 50M); a larger literal\n"
        "                        is refused with NO [TOOBIG] before it is read\n"
        IMAPD_OPTIONS_HELP);
}

/** getopt_long() code of this program's own option (after the shared ones). */
#define OPT_MAX_APPEND 0x1200

/* [changing-max-append-size] */
/* A size for --max-append-size: octets, or K, M, G (powers of 1024);
 * at least 1 octet, at most 1 GiB (the message is held in memory while
 * it is stored).  -1 when it is not one. */
static long long parse_size(const char *s)
{
    size_t len = strlen(s);
    long long unit = 1, v;
    char digits[32];

    if (len > 0 && strchr("kKmMgG", s[len - 1]) != NULL) {
        unit = s[len - 1] == 'k' || s[len - 1] == 'K' ? 1024LL
             : s[len - 1] == 'm' || s[len - 1] == 'M' ? 1024LL * 1024 : 1024LL * 1024 * 1024;
        len--;
    }
    if (len == 0 || len >= sizeof digits)
        return -1;
    memcpy(digits, s, len);
    digits[len] = '\0';
    if ((v = server_parse_number(digits, 1, (1LL << 30) / unit)) < 0)
        return -1;
    return v * unit;
}
/* [changing-max-append-size] */

int main(int argc, char **argv)
{
    static const struct option options[] = {
        IMAPD_OPTIONS_LONG,   /* --users --maildir-root --listen ... --version */
        { "max-append-size", required_argument, NULL, OPT_MAX_APPEND },
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
    long long size;
    int opt, rc;

    imapd_options_init(&o, "minimail-imapd", usage, &cfg, &sc);
    cfg.extensions = extensions;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = imapd_options_handle(&o, opt, optarg);
        if (rc == SERVER_OPTION_NOT_MINE && opt == OPT_MAX_APPEND) {
            /* The APPEND row's max_literal (imap_store.c): checked by
             * chapter 8's reader before a literal is read. */
            if ((size = parse_size(optarg)) < 0) {
                log_msg("bad --max-append-size '%s': expected octets, e.g. 1048576 or 50M",
                        optarg);
                return EX_USAGE;
            }
            imap_changing_set_max_append((size_t)size);
            continue;
        }
        if (rc == SERVER_OPTION_NOT_MINE)
            return imapd_options_bad(&o);
        if (rc != SERVER_OPTION_TAKEN)
            return rc;                  /* --help, --version, a bad value */
    }
    if ((rc = imapd_options_finish(&o, argc, argv)) != EX_OK)
        return rc;
    return imapd_options_run(&o);
}
