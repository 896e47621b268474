/**
 * @file imapd_options.h
 * @brief The command-line options every minimail IMAP server shares
 *        (--users, --maildir-root, --plaintext-auth on top of chapter 3's
 *        common server options), parsed and checked in one place.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §5.4 (autologout: --timeout), §6.2.3 and §11.1
 *      (LOGINDISABLED: --plaintext-auth)
 *
 * Every IMAP server of the book -- chapter 8's stage, chapter 9's,
 * chapter 10's, and the installed minimail-imapd of chapter 11 -- is
 * configuration only: a list of extensions and a few options.  The
 * options are the same each time, so they live here, and a chapter's
 * main() is its help text, its extension list and this:
 *
 *     struct imapd_options o;
 *     imapd_options_init(&o, "minimail-imapd", usage, &cfg, &sc);
 *     while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1)
 *         if ((rc = imapd_options_handle(&o, opt, optarg)) != SERVER_OPTION_TAKEN)
 *             return rc == SERVER_OPTION_NOT_MINE ? imapd_options_bad(&o) : rc;
 *     if ((rc = imapd_options_finish(&o, argc, argv)) != EX_OK)
 *         return rc;
 *     return imapd_options_run(&o);
 *
 * A program with options of its own handles them where
 * #SERVER_OPTION_NOT_MINE comes back, before giving up.
 */
#ifndef MM_IMAPD_OPTIONS_H
#define MM_IMAPD_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "imap_session.h"
#include "server.h"
#include "server_options.h"
#include "users.h"

/** getopt_long() codes of the IMAP options: after chapter 3's common
 *  ones, so they never collide. */
enum imapd_option_code {
    IMAPD_OPT_USERS = 0x1100,   /**< --users FILE */
    IMAPD_OPT_MAILDIR_ROOT,     /**< --maildir-root DIR */
    IMAPD_OPT_PLAINTEXT         /**< --plaintext-auth loopback|always|never */
};

/**
 * @brief The entries of a `struct option` table for every IMAP server:
 *        chapter 3's common options and the IMAP ones.  Put it in the
 *        program's table before the terminating `{ NULL, 0, NULL, 0 }`.
 */
#define IMAPD_OPTIONS_LONG                                                     \
    SERVER_OPTIONS_LONG,                                                       \
    { "users",          required_argument, NULL, IMAPD_OPT_USERS },            \
    { "maildir-root",   required_argument, NULL, IMAPD_OPT_MAILDIR_ROOT },     \
    { "plaintext-auth", required_argument, NULL, IMAPD_OPT_PLAINTEXT }

/**
 * @brief The help lines of the shared options, for a program's usage():
 *        print it after the program's own lines.
 */
#define IMAPD_OPTIONS_HELP                                                       \
    "  --users FILE          the users file (Dovecot passwd-file form:\n"         \
    "                        user:{PLAIN}pw or user:$6$...); without it nobody\n"  \
    "                        can log in\n"                                         \
    "  --listen HOST:PORT    address to listen on (default 127.0.0.1:1143;\n"     \
    "                        [::1]:PORT for IPv6; port 0 picks a free port)\n"    \
    "  --stdio               serve one session on standard input/output and exit\n" \
    "  --plaintext-auth WHEN allow LOGIN and AUTHENTICATE PLAIN: loopback (the\n"  \
    "                        default: loopback peers and --stdio), always, never\n" \
    "  --trace               show the conversation on standard error (C:/S:)\n"   \
    "  --timeout SECONDS     autologout after this long idle (default 1800,\n"    \
    "                        RFC 3501 5.4 asks for at least 30 minutes)\n"        \
    "  --max-sessions N      sessions at once; more are refused (default 20)\n"   \
    "  --help                show this help and exit\n"                           \
    "  --version             show the version and exit\n"

/**
 * @brief An IMAP server's options and what they configure.
 */
struct imapd_options {
    struct server_options common; /**< chapter 3's options (--listen ...) */
    struct imap_config *imap;     /**< the session configuration they fill in */
    const char *users_file;       /**< --users, or NULL */
    struct users *users;          /**< the loaded users file (imapd_options_finish()) */
    int require_root;             /**< 1: --maildir-root is required, and
                                       created when missing (chapter 9 on) */
};

/**
 * @brief Set up the options with the IMAP defaults: listen on
 *        127.0.0.1:1143, at most #SERVER_DEFAULT_MAX_SESSIONS sessions,
 *        a `* BYE` for the one too many (RFC 3501 §7.1.5), sessions run
 *        by imap_server_session() with @p cfg, shutdown on signals_stop.
 * @param o      the options (require_root is 1; chapter 8 sets it to 0)
 * @param name   the program's name, for --version and the log
 * @param usage  prints the program's help
 * @param cfg    the session configuration (imap_config_init() is called)
 * @param sc     the server configuration (filled in)
 */
void imapd_options_init(struct imapd_options *o, const char *name, void (*usage)(FILE *f),
                        struct imap_config *cfg, struct server_config *sc);

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
int imapd_options_handle(struct imapd_options *o, int opt, const char *arg);

/**
 * @brief An option nobody knows: print the help on standard error.
 * @param o  the options
 * @return EX_USAGE
 */
int imapd_options_bad(const struct imapd_options *o);

/**
 * @brief Check and apply the options once parsing is over: no surplus
 *        arguments, a good --listen, the Maildir root (required, and
 *        created one level deep when missing, if require_root), the users
 *        file loaded; then one log line says how the server is set up.
 * @param o     the options
 * @param argc  main()'s argc
 * @param argv  main()'s argv (optind says where the surplus starts)
 * @return EX_OK, or the exit code (message logged): EX_USAGE, EX_CONFIG
 *         (users file), EX_CANTCREAT (Maildir root)
 */
int imapd_options_finish(struct imapd_options *o, int argc, char **argv);

/**
 * @brief Parse the whole command line of a server that has no options of
 *        its own: getopt_long() with @p options, imapd_options_handle()
 *        for each, then imapd_options_finish().
 * @param o          the options (from imapd_options_init())
 * @param argc       main()'s argc
 * @param argv       main()'s argv
 * @param options    the getopt_long() table (#IMAPD_OPTIONS_LONG and the end row)
 * @param[out] done  1 when main() must return at once (after --help or
 *                   --version, or on an error), 0 when it should serve
 * @return the exit code for main() when @p *done is 1; EX_OK otherwise
 */
int imapd_options_parse(struct imapd_options *o, int argc, char **argv,
                        const struct option *options, int *done);

/**
 * @brief Serve (--stdio: one session; else listen until SIGTERM/SIGINT),
 *        then free what imapd_options_finish() loaded.
 * @param o  the options
 * @return main()'s exit code (see server_options_run())
 */
int imapd_options_run(struct imapd_options *o);

#endif /* MM_IMAPD_OPTIONS_H */
