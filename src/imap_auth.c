/**
 * @file imap_auth.c
 * @brief Logging in: LOGIN, and AUTHENTICATE PLAIN with and without an
 *        initial response.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §6.2.2 (AUTHENTICATE), §6.2.3 (LOGIN, LOGINDISABLED),
 *      §11.2 (plaintext passwords); RFC 4616 (PLAIN); RFC 4959 (SASL-IR);
 *      RFC 5530 (AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, UNAVAILABLE,
 *      PRIVACYREQUIRED)
 *
 * Both commands end in the same place: a user name and a password, which
 * imap_check_login() checks against the users file the SMTP server uses
 * (chapter 5), and imap_session_login() makes the session authenticated
 * with that user's Maildir.  They differ in how the password travels:
 *
 *     C: a1 LOGIN alice secret                  (astrings: atom, "quoted" or {literal})
 *
 *     C: a2 AUTHENTICATE PLAIN                  (SASL, RFC 4422: the server asks ...
 *     S: +
 *     C: AGFsaWNlAHNlY3JldA==                   ... the client answers in base64)
 *
 *     C: a3 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==   (SASL-IR, RFC 4959: no round trip)
 *
 * `AGFsaWNlAHNlY3JldA==` is base64 for `\0alice\0secret`: PLAIN's
 * authorisation identity (empty: "the same as the user"), user and
 * password, separated by NULs (RFC 4616 §2).  The decoding is chapter 7's
 * (sasl.h, on chapter 6's base64.h): SMTP's AUTH PLAIN is the same
 * mechanism.
 *
 * Either way the password crosses the connection readable by anyone who
 * can see the traffic, so both are refused unless plaintext login is
 * allowed for this connection (imap_session.plaintext_ok: by default only
 * on loopback); the server then advertises LOGINDISABLED and no AUTH=.
 */
#include "imap_commands.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "sasl.h"

/** Turn a write's result (0 or -1) into a handler's result: a write
 *  that failed ends the session (#IMAP_CMD_ERROR). */
#define CHECK(expr) ((expr) < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK)

/* [imap-finish-login] */
/* Check the credentials and answer: the common end of LOGIN and
 * AUTHENTICATE.  The reply to a wrong user and to a wrong password is the
 * same, so the server does not tell an attacker which user names exist. */
static int finish_login(struct imap_session *s, const char *user, const char *password)
{
    struct imap_login login;
    char code[512];

    switch (imap_check_login(s, user, password, &login)) {
    case IMAP_AUTH_OK:
        break;
    case IMAP_AUTH_UNAVAILABLE:
        return CHECK(imap_no(s, "UNAVAILABLE", "Authentication is not possible now"));
    default: {
        char shown[64];
        size_t i;
        /* The name is the client's: only printable ASCII reaches the log. */
        for (i = 0; user[i] != '\0' && i < sizeof shown - 1; i++)
            shown[i] = user[i] >= 0x20 && user[i] < 0x7f ? user[i] : '?';
        shown[i] = '\0';
        s->auth_failures++;
        log_msg("%s: %s failed for '%s'", s->peer, s->cmd->verb, shown);
        return CHECK(imap_no(s, "AUTHENTICATIONFAILED", "Authentication failed"));
    }
    }
    if (imap_session_login(s, &login) < 0)
        return CHECK(imap_no(s, "UNAVAILABLE", "Cannot open the mailbox of %s now", login.user));
    log_msg("%s: %s as %s", s->peer, s->cmd->verb, s->user);
    /* RFC 3501 §6.2.2/§6.2.3: the OK may carry the (new) capabilities, so
     * the client need not ask again; they change after login (no more
     * AUTH=, more commands). */
    memcpy(code, "CAPABILITY ", 11);
    imap_capabilities(s, code + 11, sizeof code - 11);
    return CHECK(imap_ok(s, code, "Logged in"));
}
/* [imap-finish-login] */

/* Plaintext login is not allowed on this connection: RFC 3501 §6.2.3
 * (LOGINDISABLED) and RFC 5530's PRIVACYREQUIRED code. */
static int refuse_plaintext(struct imap_session *s)
{
    return CHECK(imap_no(s, "PRIVACYREQUIRED",
                         "Plaintext authentication is disabled on this connection"));
}

/* [imap-cmd-login] */
int imap_cmd_login(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value uv, pv;
    const char *user, *password;

    /* login = "LOGIN" SP userid SP password; both are astrings, so a
     * password with a space is "quoted" and one with a quote or 8-bit
     * octets is a {literal}. */
    if (imap_p_sp(args) < 0 || imap_p_astring(args, &uv) < 0 || imap_p_sp(args) < 0
        || imap_p_astring(args, &pv) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    if (!s->plaintext_ok)
        return refuse_plaintext(s);
    user = imap_value_cstr(args, &uv);
    password = imap_value_cstr(args, &pv);
    if (user == NULL || password == NULL)  /* a NUL in a literal */
        return CHECK(imap_no(s, "AUTHENTICATIONFAILED", "Authentication failed"));
    return finish_login(s, user, password);
}
/* [imap-cmd-login] */

/* Is every octet a base64 character (or the "=" of RFC 4959)?  Chapter 7's
 * decoder checks the details; this keeps junk out of the parser's way. */
static const char base64_extra[] = "+/=";

/* [imap-cmd-authenticate] */
int imap_cmd_authenticate(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value mech, ir;
    unsigned char msg[SASL_MAX];
    struct sasl_plain plain;
    size_t n;
    int have_ir = 0;
    char *line;

    /* authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]
     *                *(CRLF base64)                      (RFC 4959 §7) */
    if (imap_p_sp(args) < 0 || imap_p_atom(args, &mech) < 0)
        return imap_bad_syntax(s, args);
    if (!imap_p_at_end(args)) {
        if (imap_p_sp(args) < 0 || imap_p_atom_ex(args, base64_extra, &ir) < 0)
            return imap_bad_syntax(s, args);
        have_ir = 1;
    }
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* §6.2.2: an unsupported mechanism SHOULD get NO. */
    if (!imap_value_is(&mech, "PLAIN"))
        return CHECK(imap_no(s, NULL, "Unsupported authentication mechanism"));
    if (!s->plaintext_ok)
        return refuse_plaintext(s);

    if (have_ir) {
        line = imap_value_cstr(args, &ir);
        if (line == NULL)
            return IMAP_CMD_ERROR;
    } else {
        /* PLAIN has no challenge: an empty continuation request says
         * "send your response" (RFC 4422 §5, RFC 3501 §7.5). */
        if (imap_continue(s, "") < 0)
            return IMAP_CMD_ERROR;
        switch (imap_read_line(s, -1, &line, NULL)) {
        case IMAP_LINE_OK:
            break;
        case IMAP_LINE_BAD:
            return CHECK(imap_bad(s, NULL, "AUTHENTICATE: bad response line"));
        case IMAP_LINE_END:
            return IMAP_CMD_CLOSE;
        default:
            return IMAP_CMD_ERROR;
        }
        /* §6.2.2: "*" cancels, and the server "MUST reject the
         * AUTHENTICATE command by sending a tagged BAD response". */
        if (strcmp(line, "*") == 0)
            return CHECK(imap_bad(s, NULL, "AUTHENTICATE cancelled"));
    }
    /* "=" is an empty initial response (RFC 4959 §3); an empty line is an
     * empty response later on.  Malformed base64 is a protocol error. */
    if (sasl_decode(line, have_ir, msg, sizeof msg, &n) < 0)
        return CHECK(imap_bad(s, NULL, "AUTHENTICATE: invalid base64"));
    if (sasl_plain_split(msg, n, &plain) < 0) {
        s->auth_failures++;
        return CHECK(imap_no(s, "AUTHENTICATIONFAILED", "Malformed PLAIN response"));
    }
    /* Acting as someone else (a non-empty, different authzid) would need
     * an administrator's right to do so; minimail has no such thing. */
    if (plain.authzid[0] != '\0' && strcmp(plain.authzid, plain.authcid) != 0)
        return CHECK(imap_no(s, "AUTHORIZATIONFAILED", "Cannot act as another user"));
    return finish_login(s, plain.authcid, plain.passwd);
}
/* [imap-cmd-authenticate] */
