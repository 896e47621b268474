/**
 * @file imapd_options.c
 * @brief The options every minimail IMAP server shares; see imapd_options.h.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §5.4, §6.2.3, §11.1
 *
 * Chapter 3's server_options takes the options of every server; this file
 * adds the three an IMAP server needs to know whom to serve and how:
 * where the Maildirs are, who may log in, and whether a password may be
 * sent in the clear (RFC 3501 §11.1: a server should refuse plaintext
 * login where the connection is not protected, which for a server
 * without TLS means: anywhere but loopback).
 */
#include "config.h"

#include "imapd_options.h"

#include <getopt.h>
#include <limits.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "maildir.h"
#include "signals.h"

void imapd_options_init(struct imapd_options *o, const char *name, void (*usage)(FILE *f),
                        struct imap_config *cfg, struct server_config *sc)
{
    memset(o, 0, sizeof *o);
    memset(sc, 0, sizeof *sc);
    imap_config_init(cfg);
    cfg->stop = &signals_stop;
    cfg->maildir_root = NULL;   /* unset: required from chapter 9 on; the
                                   session falls back to "." without it */
    sc->listen = "127.0.0.1:1143";
    sc->max_sessions = SERVER_DEFAULT_MAX_SESSIONS;
    /* RFC 3501 §7.1.5: a server that will not serve says BYE. */
    sc->busy_reply = "* BYE Too many connections, try again later";
    sc->session = imap_server_session;
    sc->arg = cfg;
    o->common.name = name;
    o->common.usage = usage;
    o->common.server = sc;
    o->common.idle_timeout_s = &cfg->idle_timeout_s;
    o->imap = cfg;
    o->require_root = 1;
    log_init(name);
}

/* --plaintext-auth WHEN: 0, or -1 with the message logged. */
static int plaintext_option(struct imap_config *cfg, const char *arg)
{
    if (strcmp(arg, "loopback") == 0)
        cfg->plaintext = IMAP_PLAINTEXT_LOOPBACK;
    else if (strcmp(arg, "always") == 0)
        cfg->plaintext = IMAP_PLAINTEXT_ALWAYS;
    else if (strcmp(arg, "never") == 0)
        cfg->plaintext = IMAP_PLAINTEXT_NEVER;
    else {
        log_msg("bad --plaintext-auth '%s': expected loopback, always or never", arg);
        return -1;
    }
    return 0;
}

int imapd_options_handle(struct imapd_options *o, int opt, const char *arg)
{
    int rc = server_options_handle(&o->common, opt, arg);

    if (rc != SERVER_OPTION_NOT_MINE)
        return rc;
    switch (opt) {
    case IMAPD_OPT_USERS:
        o->users_file = arg;
        return SERVER_OPTION_TAKEN;
    case IMAPD_OPT_MAILDIR_ROOT:
        o->imap->maildir_root = arg;
        return SERVER_OPTION_TAKEN;
    case IMAPD_OPT_PLAINTEXT:
        return plaintext_option(o->imap, arg) == 0 ? SERVER_OPTION_TAKEN : EX_USAGE;
    default:
        return SERVER_OPTION_NOT_MINE;
    }
}

int imapd_options_bad(const struct imapd_options *o)
{
    o->common.usage(stderr);
    return EX_USAGE;
}

/* The Maildir root: there (or created now) and writable; 0 or -1 (logged). */
static int check_root(const char *root)
{
    char err[PATH_MAX + 64];
    int rc = maildir_root_ready(root, err, sizeof err);

    if (rc < 0)
        log_msg("--maildir-root: %s", err);
    else if (rc == 1)
        log_msg("created the Maildir root %s", root);
    return rc < 0 ? -1 : 0;
}

int imapd_options_finish(struct imapd_options *o, int argc, char **argv)
{
    struct imap_config *cfg = o->imap;
    char err[USERS_ERRLEN];
    int rc;

    if (optind != argc) {
        log_msg("unexpected argument '%s'", argv[optind]);
        return imapd_options_bad(o);
    }
    if (o->require_root && (cfg->maildir_root == NULL || cfg->maildir_root[0] == '\0')) {
        log_msg("missing --maildir-root DIR: where are the Maildirs?");
        return imapd_options_bad(o);
    }
    if ((rc = server_options_check(&o->common)) != EX_OK)
        return rc;
    if (o->users_file != NULL) {
        if ((o->users = users_load(o->users_file, err, sizeof err)) == NULL) {
            log_msg("cannot use --users: %s", err);
            return EX_CONFIG;
        }
        cfg->users = o->users;
    }
    if (o->require_root && check_root(cfg->maildir_root) < 0) {
        users_free(o->users);
        o->users = NULL;
        return EX_CANTCREAT;
    }
    log_msg("%zu user%s, Maildirs under %s, plaintext login %s",
            o->users ? o->users->count : 0, o->users && o->users->count == 1 ? "" : "s",
            cfg->maildir_root ? cfg->maildir_root : ".",
            cfg->plaintext == IMAP_PLAINTEXT_ALWAYS ? "allowed"
            : cfg->plaintext == IMAP_PLAINTEXT_NEVER ? "disabled" : "on loopback only");
    return EX_OK;
}

int imapd_options_parse(struct imapd_options *o, int argc, char **argv,
                        const struct option *options, int *done)
{
    int opt, rc;

    *done = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        rc = imapd_options_handle(o, opt, optarg);
        if (rc == SERVER_OPTION_NOT_MINE)
            return imapd_options_bad(o);
        if (rc != SERVER_OPTION_TAKEN)
            return rc;                  /* --help, --version, a bad value */
    }
    if ((rc = imapd_options_finish(o, argc, argv)) != EX_OK)
        return rc;
    *done = 0;
    return EX_OK;
}

int imapd_options_run(struct imapd_options *o)
{
    int rc = server_options_run(&o->common);

    users_free(o->users);
    o->users = NULL;
    return rc;
}
