/**
 * @file smtpd_options.h
 * @brief The command-line options of minimail's SMTP servers (where the
 *        Maildirs are, which domains and users are local, the limits),
 *        parsed and checked in one place on top of chapter 3's common ones.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §4.5.3.1.8 (--max-rcpt), §3.8 (the 421 of a busy server);
 *      RFC 1870 (--max-size, announced as SIZE)
 *
 * Chapter 5's server and chapter 7's relaying server take the same options
 * for local delivery; chapter 7 adds its own (--trust, --route, --spool
 * ...).  Both mains run this module's steps:
 *
 *     smtpd_options_init(&o, "minimail-smtpd", usage, &cfg, &sc, &store);
 *     while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
 *         rc = smtpd_options_handle(&o, opt, optarg);
 *         if (rc == SERVER_OPTION_NOT_MINE)
 *             ... the program's own options, else smtpd_options_bad() ...
 *     }
 *     smtpd_options_finish(&o, argc, argv);   // checks, users file, root
 *     smtp_store_setup(&store, &cfg, o.max_size);
 *     rc = server_options_run(&o.common);
 *     smtpd_options_free(&o);
 */
#ifndef MM_SMTPD_OPTIONS_H
#define MM_SMTPD_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "server.h"
#include "server_options.h"
#include "smtp_session.h"
#include "smtp_store.h"
#include "users.h"

/** Most --domain options. */
#define SMTPD_MAX_DOMAINS 64

/** getopt_long() codes of the SMTP options: after chapter 3's common
 *  ones, so they never collide. */
enum smtpd_option_code {
    SMTPD_OPT_MAILDIR_ROOT = 0x1200, /**< --maildir-root DIR */
    SMTPD_OPT_DOMAIN,                /**< --domain NAME (repeatable) */
    SMTPD_OPT_USERS,                 /**< --users FILE */
    SMTPD_OPT_CATCH_ALL,             /**< --catch-all USER */
    SMTPD_OPT_HOSTNAME,              /**< --hostname NAME */
    SMTPD_OPT_MAX_RCPT,              /**< --max-rcpt N */
    SMTPD_OPT_MAX_SIZE               /**< --max-size OCTETS */
};

/**
 * @brief The entries of a `struct option` table for every SMTP server:
 *        chapter 3's common options and the SMTP ones.  Put it in the
 *        program's table before the terminating `{ NULL, 0, NULL, 0 }`.
 */
#define SMTPD_OPTIONS_LONG                                                  \
    SERVER_OPTIONS_LONG,                                                    \
    { "maildir-root", required_argument, NULL, SMTPD_OPT_MAILDIR_ROOT },    \
    { "domain",       required_argument, NULL, SMTPD_OPT_DOMAIN },          \
    { "users",        required_argument, NULL, SMTPD_OPT_USERS },           \
    { "catch-all",    required_argument, NULL, SMTPD_OPT_CATCH_ALL },       \
    { "hostname",     required_argument, NULL, SMTPD_OPT_HOSTNAME },        \
    { "max-rcpt",     required_argument, NULL, SMTPD_OPT_MAX_RCPT },        \
    { "max-size",     required_argument, NULL, SMTPD_OPT_MAX_SIZE }

/**
 * @brief The help lines of the shared options, for a program's usage().
 */
#define SMTPD_OPTIONS_HELP                                                              \
    "  --maildir-root DIR    where the Maildirs are: user U's INBOX is DIR/U\n"         \
    "                        (created when missing; required)\n"                        \
    "  --domain NAME         a local domain (repeatable; default: localhost);\n"        \
    "                        '*' makes every domain local\n"                            \
    "  --users FILE          the users file (Dovecot passwd-file form: user:{PLAIN}pw,\n" \
    "                        user:$6$... or user:); without it nobody is a user\n"      \
    "  --catch-all USER      store mail for every unknown address of a local domain\n"  \
    "                        in USER's Maildir (with --domain '*': all mail)\n"         \
    "  --listen HOST:PORT    address to listen on (default 127.0.0.1:2525;\n"          \
    "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"         \
    "  --stdio               serve one session on standard input/output and exit\n"    \
    "  --hostname NAME       our name in the greeting and Received: (default:\n"        \
    "                        this host's name)\n"                                       \
    "  --trace               show the conversation on standard error (C:/S:)\n"        \
    "  --timeout SECONDS     close a session idle this long (default 300)\n"            \
    "  --max-sessions N      sessions at once; more are refused (default 20)\n"        \
    "  --threads             a thread per session instead of a process (faster\n"       \
    "                        where processes are dear; see chapter 3)\n"                \
    "  --max-rcpt N          recipients per message; more get 452 (default 100)\n"     \
    "  --max-size OCTETS     largest message, announced as SIZE; bigger ones get\n"     \
    "                        552 (default 10485760)\n"                                  \
    "  --help                show this help and exit\n"                                 \
    "  --version             show the version and exit\n"

/**
 * @brief An SMTP server's options and what they configure.
 */
struct smtpd_options {
    struct server_options common;  /**< chapter 3's options (--listen ...) */
    struct smtp_config *smtp;      /**< the session configuration */
    struct smtp_store *store;      /**< local delivery: root, recipients */
    const char *domains[SMTPD_MAX_DOMAINS]; /**< --domain values */
    size_t ndomains;               /**< how many */
    const char *users_file;        /**< --users, or NULL */
    struct users *users;           /**< the loaded users file (smtpd_options_finish()) */
    size_t max_size;               /**< --max-size (0: the session's default) */
    char busy[320];                /**< the 421 for one session too many */
};

/**
 * @brief Set up the options with the SMTP defaults: listen on
 *        127.0.0.1:2525, at most #SERVER_DEFAULT_MAX_SESSIONS sessions,
 *        sessions run by smtp_server_session() with @p cfg, our host name
 *        from gethostname() when it is a valid domain (else "localhost"),
 *        shutdown on signals_stop.
 * @param o      the options
 * @param name   the program's name, for --version and the log
 * @param usage  prints the program's help
 * @param cfg    the session configuration (smtp_config_init() is called)
 * @param sc     the server configuration (filled in)
 * @param store  local delivery (zeroed; filled in by the options)
 */
void smtpd_options_init(struct smtpd_options *o, const char *name, void (*usage)(FILE *f),
                        struct smtp_config *cfg, struct server_config *sc,
                        struct smtp_store *store);

/**
 * @brief Offer one getopt_long() result to the shared options.
 * @param o    the options
 * @param opt  what getopt_long() returned
 * @param arg  its optarg
 * @return #SERVER_OPTION_TAKEN, #SERVER_OPTION_NOT_MINE (the program's
 *         own option, or an unknown one), or an exit code for main() to
 *         return at once (EX_OK after --help/--version, EX_USAGE after a
 *         bad value, with the message logged)
 */
int smtpd_options_handle(struct smtpd_options *o, int opt, const char *arg);

/**
 * @brief An option nobody knows: print the help on standard error.
 * @param o  the options
 * @return EX_USAGE
 */
int smtpd_options_bad(const struct smtpd_options *o);

/**
 * @brief Check and apply the options once parsing is over: no surplus
 *        arguments, --maildir-root given and usable (created one level
 *        deep when missing), a good --listen, the local domains
 *        (default: localhost), the users file loaded, and the 421 reply
 *        of a busy server, which begins with our host name (RFC 5321 §3.8).
 * @param o     the options
 * @param argc  main()'s argc
 * @param argv  main()'s argv (optind says where the surplus starts)
 * @return EX_OK, or the exit code (message logged): EX_USAGE, EX_CONFIG
 *         (users file), EX_CANTCREAT (Maildir root)
 */
int smtpd_options_finish(struct smtpd_options *o, int argc, char **argv);

/**
 * @brief Free what smtpd_options_finish() loaded.
 * @param o  the options
 */
void smtpd_options_free(struct smtpd_options *o);

#endif /* MM_SMTPD_OPTIONS_H */
