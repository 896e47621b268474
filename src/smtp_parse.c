/**
 * @file smtp_parse.c
 * @brief The grammar of SMTP command lines: verbs, paths, ESMTP parameters.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.2 (command argument syntax), §4.1.3 (address
 *      literals), §4.5.3.1 (size limits), §2.4 (case)
 *
 * A small recursive-descent parser, written straight from the ABNF of
 * RFC 5321 §4.1.2: one static function per grammar rule, each taking the
 * text and a position and returning the new position (or an error).  No
 * regular expressions: the rules are simple enough, and this way every
 * rule has a name you can look up in the RFC.
 *
 * The parser is strict where strictness protects the server (angle
 * brackets are required, a path may not contain spaces or 8-bit octets,
 * lengths are limited) and lenient in two places where real clients are
 * known to stray, each marked "leniency" below.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "smtp_parse.h"

/* Character classes of RFC 5321 §4.1.2 and RFC 5322 §3.2.3, in the
 * C locale.  We test bytes, never rely on the locale: ctype's isalpha()
 * could call an 8-bit octet a letter in some locales. */

/* ALPHA / DIGIT */
static int is_alnum(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* atext (RFC 5322 §3.2.3): the characters of an Atom. */
static int is_atext(int c)
{
    return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* qtextSMTP = %d32-33 / %d35-91 / %d93-126: anything printable but " and \ */
static int is_qtext(int c)
{
    return c == 32 || c == 33 || (c >= 35 && c <= 91) || (c >= 93 && c <= 126);
}

/* dcontent = %d33-90 / %d94-126: printable, but not [ \ ] */
static int is_dcontent(int c)
{
    return (c >= 33 && c <= 90) || (c >= 94 && c <= 126);
}

/* [split-command] */
char *smtp_split_command(char *line, char **args)
{
    char *sp = strchr(line, ' ');

    if (sp != NULL) {
        *sp = '\0';
        *args = sp + 1;
    } else {
        *args = line + strlen(line);
    }
    /* Verbs are case-insensitive (RFC 5321 §2.4); the command tables
     * hold them in upper case, so fold once here. */
    for (char *p = line; *p != '\0'; p++)
        *p = (char)toupper((unsigned char)*p);
    return line;
}
/* [split-command] */

/*
 * sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
 * So a label starts and ends with a letter or digit and has hyphens only
 * inside.  Returns the position after the label, or 0 if none starts at i.
 * allow_underscore is the EHLO leniency (see smtp_valid_domain_or_literal).
 */
static size_t parse_subdomain(const char *t, size_t i, int allow_underscore)
{
    size_t start = i;

    if (!is_alnum((unsigned char)t[i]))
        return 0;
    while (is_alnum((unsigned char)t[i]) || t[i] == '-' ||
           (allow_underscore && t[i] == '_'))
        i++;
    if (t[i - 1] == '-')
        return 0;
    if (i - start > 63) /* RFC 1035 §2.3.4: labels are at most 63 octets */
        return 0;
    return i;
}

/* [parse-domain] */
/*
 * Domain = sub-domain *("." sub-domain)
 * Parses a domain at t[i]; *err says why it failed.  Returns the end.
 */
static size_t parse_domain(const char *t, size_t i, int allow_underscore,
                           enum smtp_parse_error *err)
{
    size_t start = i;

    for (;;) {
        size_t label_start = i;
        size_t next = parse_subdomain(t, i, allow_underscore);

        if (next == 0) {
            /* Tell "label over 63 octets" apart from plain bad syntax. */
            size_t j = label_start;
            while (is_alnum((unsigned char)t[j]) || t[j] == '-')
                j++;
            *err = (j - label_start > 63) ? SMTP_PARSE_DOMAIN_TOO_LONG
                                          : SMTP_PARSE_BAD_DOMAIN;
            return 0;
        }
        i = next;
        if (t[i] != '.')
            break;
        i++; /* a dot must be followed by another label: no trailing dot */
    }
    if (i - start > SMTP_DOMAIN_MAX) {
        *err = SMTP_PARSE_DOMAIN_TOO_LONG;
        return 0;
    }
    return i;
}
/* [parse-domain] */

/* Snum = 1*3DIGIT, representing a decimal integer value in 0..255. */
static size_t parse_snum(const char *t, size_t i)
{
    size_t start = i;
    unsigned v = 0;

    while (t[i] >= '0' && t[i] <= '9' && i - start < 3)
        v = v * 10 + (unsigned)(t[i++] - '0');
    if (i == start || v > 255 || (t[i] >= '0' && t[i] <= '9'))
        return 0;
    return i;
}

/*
 * address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
 *                         General-address-literal ) "]"      (§4.1.3)
 * t[i] is '['.  Returns the position after ']', or 0.
 */
static size_t parse_address_literal(const char *t, size_t i)
{
    size_t close = ++i;

    while (t[close] != '\0' && t[close] != ']')
        close++;
    if (t[close] != ']' || close == i)
        return 0;

    /* IPv4-address-literal = Snum 3("." Snum) */
    if (t[i] >= '0' && t[i] <= '9') {
        size_t j = i;
        for (int k = 0; k < 4; k++) {
            if (k > 0) {
                if (t[j] != '.')
                    return 0;
                j++;
            }
            j = parse_snum(t, j);
            if (j == 0)
                return 0;
        }
        return j == close ? close + 1 : 0;
    }

    /* IPv6-address-literal = "IPv6:" IPv6-addr.  The IPv6-addr grammar of
     * §4.1.3 is the textual form of RFC 4291 §2.2, which is exactly what
     * inet_pton(3) reads -- so we let it do the checking. */
    if (strncasecmp(t + i, "IPv6:", 5) == 0) {
        char buf[64];
        unsigned char bin[16];
        size_t n = close - (i + 5);

        if (n == 0 || n >= sizeof buf)
            return 0;
        memcpy(buf, t + i + 5, n);
        buf[n] = '\0';
        return inet_pton(AF_INET6, buf, bin) == 1 ? close + 1 : 0;
    }

    /* General-address-literal = Standardized-tag ":" 1*dcontent, where
     * Standardized-tag = Ldh-str.  No other tag is registered, so we only
     * check the syntax. */
    {
        size_t j = i;
        while (is_alnum((unsigned char)t[j]) || t[j] == '-')
            j++;
        if (j == i || t[j - 1] == '-' || t[j] != ':' || j + 1 == close)
            return 0;
        for (j++; j < close; j++)
            if (!is_dcontent((unsigned char)t[j]))
                return 0;
    }
    return close + 1;
}

/*
 * Local-part = Dot-string / Quoted-string
 * Dot-string = Atom *("." Atom);  Quoted-string = DQUOTE *QcontentSMTP DQUOTE
 * Writes the unquoted local part to out (room SMTP_LOCAL_MAX + 1).
 * Returns the position after the local part, or 0 with *err set.
 */
static size_t parse_local_part(const char *t, size_t i, struct smtp_path *p,
                               enum smtp_parse_error *err)
{
    size_t start = i, o = 0;

    *err = SMTP_PARSE_BAD_LOCAL;
    if (t[i] == '"') {
        p->quoted_local = 1;
        for (i++; t[i] != '"'; i++) {
            int c = (unsigned char)t[i];
            if (c == '\\') {
                /* quoted-pairSMTP = %d92 %d32-126: a backslash quotes
                 * any printable character, including " and \ */
                c = (unsigned char)t[++i];
                if (c < 32 || c > 126)
                    return 0;
            } else if (!is_qtext(c)) {
                return 0; /* end of text, control character, 8-bit octet */
            }
            if (o < SMTP_LOCAL_MAX)
                p->local[o++] = (char)c;
        }
        i++; /* the closing quote */
    } else {
        for (;;) {
            size_t atom = i;
            while (is_atext((unsigned char)t[i]))
                i++;
            if (i == atom)
                return 0; /* empty atom: leading, trailing or double dot */
            if (t[i] != '.')
                break;
            i++;
        }
        for (size_t k = start; k < i && o < SMTP_LOCAL_MAX; k++)
            p->local[o++] = t[k];
    }
    /* §4.5.3.1.1: "The maximum total length of a user name or other
     * local-part is 64 octets" -- counted as written, quotes included. */
    if (i - start > SMTP_LOCAL_MAX) {
        *err = SMTP_PARSE_LOCAL_TOO_LONG;
        return 0;
    }
    p->local[o] = '\0';
    return i;
}

/* [parse-path] */
enum smtp_parse_error smtp_parse_path(const char *t, enum smtp_path_kind kind,
                                      struct smtp_path *p, size_t *end)
{
    enum smtp_parse_error err = SMTP_PARSE_OK;
    size_t i = 1, mailbox, at;

    memset(p, 0, sizeof *p);
    if (t[0] != '<')
        return SMTP_PARSE_NO_BRACKET;

    /* "<>": the null reverse-path, used by bounces (§4.5.5); never a
     * valid recipient. */
    if (t[1] == '>') {
        if (kind != SMTP_PATH_REVERSE)
            return SMTP_PARSE_EMPTY_PATH;
        p->is_null = 1;
        *end = 2;
        return SMTP_PARSE_OK;
    }

    /* A-d-l = At-domain *( "," At-domain ) ":" -- a source route, from
     * the days of explicit relaying.  §4.1.1.3: servers MUST accept it
     * and SHOULD ignore it; we check its syntax and throw it away. */
    if (t[i] == '@') {
        for (;;) {
            i = parse_domain(t, i + 1, 0, &err);
            if (i == 0)
                return SMTP_PARSE_BAD_ROUTE;
            if (t[i] == ',' && t[i + 1] == '@') {
                i++;
                continue;
            }
            if (t[i] != ':')
                return SMTP_PARSE_BAD_ROUTE;
            i++;
            break;
        }
        p->had_route = 1;
    }

    /* Mailbox = Local-part "@" ( Domain / address-literal ) */
    mailbox = i;
    i = parse_local_part(t, i, p, &err);
    if (i == 0)
        return err;
    if (t[i] == '>' && kind == SMTP_PATH_FORWARD && !p->quoted_local &&
        !p->had_route && strcasecmp(p->local, "postmaster") == 0) {
        /* "RCPT TO:<Postmaster>" with no domain: §4.1.1.3 names it as a
         * form of its own, and §4.5.1 says every server MUST take it. */
        p->is_postmaster = 1;
    } else if (t[i] == '>' || t[i] == '\0') {
        return SMTP_PARSE_NO_AT;
    } else if (t[i] != '@') {
        return SMTP_PARSE_BAD_LOCAL; /* e.g. a space, or an 8-bit octet */
    } else {
        at = ++i;
        if (t[i] == '[') {
            i = parse_address_literal(t, i);
            if (i == 0)
                return SMTP_PARSE_BAD_LITERAL;
        } else {
            i = parse_domain(t, i, 0, &err);
            if (i == 0)
                return err;
        }
        if (i - at > SMTP_DOMAIN_MAX)
            return SMTP_PARSE_DOMAIN_TOO_LONG;
        memcpy(p->domain, t + at, i - at);
        p->domain[i - at] = '\0';
    }
    if (t[i] != '>')
        return t[i] == '\0' ? SMTP_PARSE_NO_BRACKET : SMTP_PARSE_BAD_DOMAIN;

    /* §4.5.3.1.3: "The maximum total length of a reverse-path or
     * forward-path is 256 octets (including the punctuation and element
     * separators)." */
    if (i + 1 > SMTP_PATH_MAX)
        return SMTP_PARSE_PATH_TOO_LONG;
    memcpy(p->addr, t + mailbox, i - mailbox);
    p->addr[i - mailbox] = '\0';
    *end = i + 1;
    return SMTP_PARSE_OK;
}
/* [parse-path] */

/* [parse-params] */
enum smtp_parse_error smtp_parse_params(char *t, struct smtp_params *ps)
{
    ps->n = 0;
    for (;;) {
        /* Leniency: we skip any number of spaces between parameters and
         * after the last one, where the ABNF has exactly one SP. */
        while (*t == ' ')
            t++;
        if (*t == '\0')
            return SMTP_PARSE_OK;
        if (ps->n == SMTP_PARAMS_MAX)
            return SMTP_PARSE_TOO_MANY_PARAMS;

        /* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
        struct smtp_param *pp = &ps->p[ps->n];
        pp->key = t;
        pp->value = NULL;
        if (!is_alnum((unsigned char)*t))
            return SMTP_PARSE_BAD_PARAM;
        while (is_alnum((unsigned char)*t) || *t == '-') {
            *t = (char)toupper((unsigned char)*t);
            t++;
        }
        if (*t == '=') {
            /* esmtp-value = 1*(%d33-60 / %d62-126): printable, no "=" */
            *t++ = '\0';
            pp->value = t;
            while ((unsigned char)*t >= 33 && (unsigned char)*t <= 126 && *t != '=')
                t++;
            if (t == pp->value)
                return SMTP_PARSE_BAD_PARAM;
        }
        if (*t != ' ' && *t != '\0')
            return SMTP_PARSE_BAD_PARAM;
        if (*t == ' ')
            *t++ = '\0';

        /* The same keyword twice makes no sense (SIZE=1 SIZE=2): refuse
         * rather than guess which one the client meant. */
        for (size_t k = 0; k < ps->n; k++)
            if (strcmp(ps->p[k].key, pp->key) == 0)
                return SMTP_PARSE_DUP_PARAM;
        ps->n++;
    }
}
/* [parse-params] */

enum smtp_parse_error smtp_parse_mail_rcpt(char *args, const char *keyword,
                                           enum smtp_path_kind kind,
                                           struct smtp_path *path,
                                           struct smtp_params *params)
{
    size_t klen = strlen(keyword), used = 0;
    enum smtp_parse_error err;
    char *t = args;

    params->n = 0;
    /* "FROM:" / "TO:" are part of the command and case-insensitive. */
    if (strncasecmp(t, keyword, klen) != 0)
        return SMTP_PARSE_NO_KEYWORD;
    t += klen;
    /* Leniency: "MAIL FROM: <a@b>" is not RFC 5321, but some old clients
     * send it and most servers take it; we skip the spaces. */
    while (*t == ' ')
        t++;
    err = smtp_parse_path(t, kind, path, &used);
    if (err != SMTP_PARSE_OK)
        return err;
    t += used;
    if (*t == '\0')
        return SMTP_PARSE_OK;
    if (*t != ' ')
        return SMTP_PARSE_TRAILING;
    return smtp_parse_params(t + 1, params);
}

int smtp_valid_domain_or_literal(const char *t)
{
    enum smtp_parse_error err;
    size_t end;

    if (t[0] == '[')
        end = parse_address_literal(t, 0);
    else
        /* Leniency: underscores are not allowed in a Domain, but Windows
         * machines are often named "MY_PC" and say so in EHLO.  Refusing
         * them would gain nothing (§4.1.4 forbids refusing mail because
         * the EHLO name looks wrong anyway), so we accept "_" here, in
         * EHLO/HELO only -- never in a path. */
        end = parse_domain(t, 0, 1, &err);
    return end != 0 && t[end] == '\0';
}

const char *smtp_parse_strerror(enum smtp_parse_error err)
{
    switch (err) {
    case SMTP_PARSE_OK: return "OK";
    case SMTP_PARSE_NO_KEYWORD: return "Syntax error, expected FROM:<address> or TO:<address>";
    case SMTP_PARSE_NO_BRACKET: return "Address must be enclosed in <>";
    case SMTP_PARSE_EMPTY_PATH: return "Empty address not allowed here";
    case SMTP_PARSE_BAD_ROUTE: return "Syntax error in source route";
    case SMTP_PARSE_BAD_LOCAL: return "Syntax error in local part";
    case SMTP_PARSE_LOCAL_TOO_LONG: return "Local part too long (at most 64 octets)";
    case SMTP_PARSE_NO_AT: return "Address must have a domain (user@domain)";
    case SMTP_PARSE_BAD_DOMAIN: return "Syntax error in domain";
    case SMTP_PARSE_DOMAIN_TOO_LONG: return "Domain too long";
    case SMTP_PARSE_BAD_LITERAL: return "Syntax error in address literal";
    case SMTP_PARSE_PATH_TOO_LONG: return "Address too long (at most 256 octets)";
    case SMTP_PARSE_TRAILING: return "Unexpected text after address";
    case SMTP_PARSE_BAD_PARAM: return "Syntax error in parameters";
    case SMTP_PARSE_DUP_PARAM: return "Duplicate parameter";
    case SMTP_PARSE_TOO_MANY_PARAMS: return "Too many parameters";
    }
    return "Syntax error";
}

const struct smtp_param *smtp_param_find(const struct smtp_params *ps, const char *key)
{
    for (size_t k = 0; k < ps->n; k++)
        if (strcmp(ps->p[k].key, key) == 0)
            return &ps->p[k];
    return NULL;
}
