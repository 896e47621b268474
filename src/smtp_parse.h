/**
 * @file smtp_parse.h
 * @brief The grammar of SMTP command lines: verbs, paths, ESMTP parameters.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1 (command syntax), §4.1.2 (paths, mailboxes,
 *      domains, address literals), §4.1.3 (address literals),
 *      §4.5.3.1 (size limits); RFC 1869 / RFC 5321 §2.2 (ESMTP parameters)
 *
 * An SMTP command line is a verb, optionally a space and arguments, and
 * CRLF.  Two commands carry the interesting arguments:
 *
 *     MAIL FROM:<reverse-path> [SP esmtp-param *(SP esmtp-param)]
 *     RCPT TO:<forward-path>   [SP esmtp-param *(SP esmtp-param)]
 *
 * This module turns such text into C structures -- and, just as
 * importantly, refuses text that is not SMTP, with a reason the server can
 * put into its 501 reply.  It knows nothing about sockets, states or
 * replies, so it is easy to test on its own (tests/unit/test-smtp-parse.c
 * feeds it every odd address the RFC allows or forbids).
 *
 * What it accepts, in the RFC's ABNF (§4.1.2):
 *
 *     Reverse-path = Path / "<>"
 *     Forward-path = Path              ; plus "<Postmaster>" (§4.1.1.3)
 *     Path         = "<" [ A-d-l ":" ] Mailbox ">"
 *     A-d-l        = At-domain *( "," At-domain )   ; source route: ignored
 *     Mailbox      = Local-part "@" ( Domain / address-literal )
 *     Local-part   = Dot-string / Quoted-string
 *     esmtp-param  = esmtp-keyword ["=" esmtp-value]
 *
 * Internationalised addresses (SMTPUTF8, RFC 6531) are not supported: an
 * octet above 127 in a path is a syntax error here.
 */
#ifndef MM_SMTP_PARSE_H
#define MM_SMTP_PARSE_H

#include <stddef.h>

/** Longest local part, in octets (RFC 5321 §4.5.3.1.1). */
#define SMTP_LOCAL_MAX 64
/** Longest domain, in octets (RFC 5321 §4.5.3.1.2). */
#define SMTP_DOMAIN_MAX 255
/** Longest reverse- or forward-path, brackets included (RFC 5321 §4.5.3.1.3). */
#define SMTP_PATH_MAX 256
/** Most ESMTP parameters accepted on one MAIL or RCPT command. */
#define SMTP_PARAMS_MAX 16

/** A reverse-path or forward-path, taken apart. */
struct smtp_path {
    /** The mailbox as it was written, without the angle brackets and
     *  without a source route: `user@example.org`, `"a b"@example.org`,
     *  `Postmaster`; the empty string for the null path `<>`. */
    char addr[SMTP_PATH_MAX + 1];
    /** The local part with the quoting undone (`"a b"` becomes `a b`,
     *  `"a\"b"` becomes `a"b`); a Dot-string is copied unchanged. */
    char local[SMTP_LOCAL_MAX + 1];
    /** The domain (`example.org`) or the address literal with its
     *  brackets (`[192.0.2.1]`, `[IPv6:2001:db8::1]`); empty for `<>`
     *  and for `<Postmaster>`. */
    char domain[SMTP_DOMAIN_MAX + 1];
    /** 1 for the null reverse-path `<>` (bounces, RFC 5321 §4.5.5). */
    int is_null;
    /** 1 for `<Postmaster>` without a domain (any case), which every
     *  server MUST accept as a recipient (RFC 5321 §4.5.1). */
    int is_postmaster;
    /** 1 if the path carried a source route (`<@a,@b:user@c>`); RFC 5321
     *  §4.1.1.3 says to accept it and ignore the route, which we do. */
    int had_route;
    /** 1 if the local part was a Quoted-string. */
    int quoted_local;
};

/** One ESMTP parameter, `KEY` or `KEY=VALUE`. */
struct smtp_param {
    /** The keyword, converted to upper case (`size` becomes `SIZE`:
     *  keywords are case-insensitive, RFC 5321 §2.4). */
    char *key;
    /** The value exactly as sent, or NULL when there was no `=`. */
    char *value;
};

/** The parameters of one MAIL or RCPT command, in the order sent. */
struct smtp_params {
    size_t n;                                 /**< how many */
    struct smtp_param p[SMTP_PARAMS_MAX];     /**< the parameters */
};

/** What smtp_parse_path() and friends accept. */
enum smtp_path_kind {
    SMTP_PATH_REVERSE = 1, /**< MAIL FROM: the null path `<>` is allowed */
    SMTP_PATH_FORWARD = 2  /**< RCPT TO: `<Postmaster>` without a domain is allowed */
};

/** Why a command line did not parse (0 means it did). */
enum smtp_parse_error {
    SMTP_PARSE_OK = 0,          /**< no error */
    SMTP_PARSE_NO_KEYWORD,      /**< missing `FROM:` / `TO:` */
    SMTP_PARSE_NO_BRACKET,      /**< the path does not start with `<` or lacks `>` */
    SMTP_PARSE_EMPTY_PATH,      /**< `<>` where it is not allowed (RCPT) */
    SMTP_PARSE_BAD_ROUTE,       /**< a malformed source route */
    SMTP_PARSE_BAD_LOCAL,       /**< a malformed local part */
    SMTP_PARSE_LOCAL_TOO_LONG,  /**< local part over SMTP_LOCAL_MAX octets */
    SMTP_PARSE_NO_AT,           /**< a mailbox without `@domain` */
    SMTP_PARSE_BAD_DOMAIN,      /**< a malformed domain */
    SMTP_PARSE_DOMAIN_TOO_LONG, /**< domain over SMTP_DOMAIN_MAX octets, or a label over 63 */
    SMTP_PARSE_BAD_LITERAL,     /**< a malformed address literal */
    SMTP_PARSE_PATH_TOO_LONG,   /**< path over SMTP_PATH_MAX octets */
    SMTP_PARSE_TRAILING,        /**< junk after the path (not ` KEY=VALUE`) */
    SMTP_PARSE_BAD_PARAM,       /**< a malformed ESMTP parameter */
    SMTP_PARSE_DUP_PARAM,       /**< the same parameter twice */
    SMTP_PARSE_TOO_MANY_PARAMS  /**< more than SMTP_PARAMS_MAX parameters */
};

/**
 * @brief Split a command line into its verb and its arguments, in place.
 *
 * The verb ends at the first space (or the end of the line); the
 * arguments are everything after that one space, unchanged.  The verb is
 * converted to upper case, because verbs are case-insensitive (RFC 5321
 * §2.4): `mail FROM:<a@b>` and `MAIL FROM:<a@b>` are the same command.
 *
 * @param line  the command line without its CRLF; modified (a NUL
 *              replaces the space after the verb)
 * @param args  receives a pointer to the arguments inside @p line
 *              ("" when there are none)
 * @return the verb (a pointer to the start of @p line)
 */
char *smtp_split_command(char *line, char **args);

/**
 * @brief Parse one path: `<...>` at the start of @p text.
 *
 * @param text  where the path starts (must be `<`)
 * @param kind  SMTP_PATH_REVERSE or SMTP_PATH_FORWARD
 * @param path  receives the path
 * @param end   receives the number of octets consumed (up to and including `>`)
 * @return SMTP_PARSE_OK or the reason it is not a valid path
 */
enum smtp_parse_error smtp_parse_path(const char *text, enum smtp_path_kind kind,
                                      struct smtp_path *path, size_t *end);

/**
 * @brief Parse ESMTP parameters in place: `KEY[=VALUE] *(SP KEY[=VALUE])`.
 *
 * Keywords are converted to upper case; a keyword given twice is an
 * error (SMTP_PARSE_DUP_PARAM), whatever its case.  An empty @p text
 * gives zero parameters.
 *
 * @param text    the parameter text; modified (NULs are written into it,
 *                and the parameters point into it)
 * @param params  receives the parameters
 * @return SMTP_PARSE_OK or the reason the text is not valid
 */
enum smtp_parse_error smtp_parse_params(char *text, struct smtp_params *params);

/**
 * @brief Parse the arguments of MAIL or RCPT: `FROM:<path> params` / `TO:<path> params`.
 *
 * The keyword (`FROM:` or `TO:`) is case-insensitive.  As a documented
 * leniency, spaces between the colon and the `<` are skipped (RFC 5321
 * does not allow them, but some old clients send `MAIL FROM: <a@b>`);
 * a path without angle brackets is refused.
 *
 * @param args     the text after the verb and its space; modified
 * @param keyword  "FROM:" or "TO:"
 * @param kind     SMTP_PATH_REVERSE (MAIL) or SMTP_PATH_FORWARD (RCPT)
 * @param path     receives the path
 * @param params   receives the parameters (pointing into @p args)
 * @return SMTP_PARSE_OK or the reason the arguments are not valid
 */
enum smtp_parse_error smtp_parse_mail_rcpt(char *args, const char *keyword,
                                           enum smtp_path_kind kind,
                                           struct smtp_path *path,
                                           struct smtp_params *params);

/**
 * @brief Is @p text a Domain or an address literal (the argument of EHLO/HELO)?
 *
 * @param text  NUL-terminated text
 * @return 1 if it is valid, 0 if not
 */
int smtp_valid_domain_or_literal(const char *text);

/**
 * @brief A short English explanation of a parse error, for a 501 reply.
 * @param err  the error
 * @return a static string, e.g. "Syntax error in domain"
 */
const char *smtp_parse_strerror(enum smtp_parse_error err);

/**
 * @brief Look up a parameter by its (upper-case) keyword.
 * @param params  parsed parameters
 * @param key     keyword in upper case, e.g. "SIZE"
 * @return the parameter, or NULL if it was not given
 */
const struct smtp_param *smtp_param_find(const struct smtp_params *params,
                                         const char *key);

#endif /* MM_SMTP_PARSE_H */
