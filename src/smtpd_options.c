/**
 * @file smtpd_options.c
 * @brief The options of minimail's SMTP servers; see smtpd_options.h.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §3.8, §4.5.3.1.8; RFC 1870
 *
 * Every value is checked when it is read, with a message that names the
 * option and says what was expected, and the server does not start on a
 * bad one (EX_USAGE): a mail server that starts with half its
 * configuration is worse than one that does not start.
 */
#include "config.h"

#include "smtpd_options.h"

#include <getopt.h>
#include <limits.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "maildir.h"
#include "signals.h"
#include "smtp_parse.h"

/* Our host name for the greeting and Received:, if it is a valid domain. */
static const char *default_hostname(void)
{
    static char name[256];

    if (gethostname(name, sizeof name) == 0) {
        name[sizeof name - 1] = '\0';
        if (smtp_valid_domain_or_literal(name))
            return name;
    }
    return "localhost";
}

void smtpd_options_init(struct smtpd_options *o, const char *name, void (*usage)(FILE *f),
                        struct smtp_config *cfg, struct server_config *sc,
                        struct smtp_store *store)
{
    memset(o, 0, sizeof *o);
    memset(sc, 0, sizeof *sc);
    memset(store, 0, sizeof *store);
    smtp_config_init(cfg);
    cfg->hostname = default_hostname();
    cfg->stop = &signals_stop;
    sc->listen = "127.0.0.1:2525";
    sc->max_sessions = SERVER_DEFAULT_MAX_SESSIONS;
    sc->session = smtp_server_session;
    sc->arg = cfg;
    o->common.name = name;
    o->common.usage = usage;
    o->common.server = sc;
    o->common.idle_timeout_s = &cfg->idle_timeout_s;
    o->smtp = cfg;
    o->store = store;
    log_init(name);
}

/* --domain NAME: a domain, an address literal, or '*'.  0 or -1 (logged). */
static int domain_option(struct smtpd_options *o, const char *arg)
{
    if (strcmp(arg, "*") != 0 && !smtp_valid_domain_or_literal(arg)) {
        log_msg("bad --domain '%s': expected a domain name or '*'", arg);
        return -1;
    }
    if (o->ndomains == SMTPD_MAX_DOMAINS) {
        log_msg("too many --domain options (at most %d)", SMTPD_MAX_DOMAINS);
        return -1;
    }
    o->domains[o->ndomains++] = arg;
    return 0;
}

/* One of the options with a value to check; 0 or -1 (logged). */
static int checked_option(struct smtpd_options *o, int opt, const char *arg)
{
    long long n;

    switch (opt) {
    case SMTPD_OPT_DOMAIN:
        return domain_option(o, arg);
    case SMTPD_OPT_CATCH_ALL:
        if (!users_valid_name(arg)) {
            log_msg("bad --catch-all '%s': not a valid user name", arg);
            return -1;
        }
        o->store->recipients.catch_all = arg;
        return 0;
    case SMTPD_OPT_HOSTNAME:
        if (!smtp_valid_domain_or_literal(arg)) {
            log_msg("bad --hostname '%s': expected a domain name", arg);
            return -1;
        }
        o->smtp->hostname = arg;
        return 0;
    case SMTPD_OPT_MAX_RCPT:
        if (server_options_number("max-rcpt", arg, 1, 100000, "1 to 100000", &n) < 0)
            return -1;
        o->smtp->max_rcpt = (size_t)n;
        return 0;
    default: /* SMTPD_OPT_MAX_SIZE */
        /* Held in memory during DATA (chapter 4), so keep it sane: 1 GiB. */
        if (server_options_number("max-size", arg, 1, 1LL << 30,
                                  "octets (1 to 1073741824)", &n) < 0)
            return -1;
        o->max_size = (size_t)n;
        return 0;
    }
}

int smtpd_options_handle(struct smtpd_options *o, int opt, const char *arg)
{
    int rc = server_options_handle(&o->common, opt, arg);

    if (rc != SERVER_OPTION_NOT_MINE)
        return rc;
    switch (opt) {
    case SMTPD_OPT_MAILDIR_ROOT:
        o->store->maildir_root = arg;
        return SERVER_OPTION_TAKEN;
    case SMTPD_OPT_USERS:
        o->users_file = arg;
        return SERVER_OPTION_TAKEN;
    case SMTPD_OPT_DOMAIN:
    case SMTPD_OPT_CATCH_ALL:
    case SMTPD_OPT_HOSTNAME:
    case SMTPD_OPT_MAX_RCPT:
    case SMTPD_OPT_MAX_SIZE:
        return checked_option(o, opt, arg) == 0 ? SERVER_OPTION_TAKEN : EX_USAGE;
    default:
        return SERVER_OPTION_NOT_MINE;
    }
}

int smtpd_options_bad(const struct smtpd_options *o)
{
    o->common.usage(stderr);
    return EX_USAGE;
}

/* The users file, the Maildir root: EX_OK or an exit code (logged). */
static int load_and_check(struct smtpd_options *o)
{
    char err[PATH_MAX + USERS_ERRLEN];
    int rc;

    if (o->users_file != NULL) {
        if ((o->users = users_load(o->users_file, err, sizeof err)) == NULL) {
            log_msg("cannot use --users: %s", err);
            return EX_CONFIG;
        }
        o->store->recipients.users = o->users;
    }
    if ((rc = maildir_root_ready(o->store->maildir_root, err, sizeof err)) < 0) {
        log_msg("--maildir-root: %s", err);
        return EX_CANTCREAT;
    }
    if (rc == 1)
        log_msg("created the Maildir root %s", o->store->maildir_root);
    return EX_OK;
}

int smtpd_options_finish(struct smtpd_options *o, int argc, char **argv)
{
    int rc;

    if (optind != argc) {
        log_msg("unexpected argument '%s'", argv[optind]);
        return smtpd_options_bad(o);
    }
    if (o->store->maildir_root == NULL || o->store->maildir_root[0] == '\0') {
        log_msg("missing --maildir-root DIR: where should the mail go?");
        return smtpd_options_bad(o);
    }
    if ((rc = server_options_check(&o->common)) != EX_OK)
        return rc;
    if (o->ndomains == 0)
        o->domains[o->ndomains++] = "localhost";
    o->store->recipients.domains = o->domains;
    o->store->recipients.ndomains = o->ndomains;
    if ((rc = load_and_check(o)) != EX_OK) {
        smtpd_options_free(o);
        return rc;
    }
    /* RFC 5321 §3.8: a 421 reply begins with our domain. */
    snprintf(o->busy, sizeof o->busy, "421 %s Too many connections, try again later",
             o->smtp->hostname);
    o->common.server->busy_reply = o->busy;
    return EX_OK;
}

void smtpd_options_free(struct smtpd_options *o)
{
    users_free(o->users);
    o->users = NULL;
    o->store->recipients.users = NULL;
}
