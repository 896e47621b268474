/**
 * @file smtp_auth.c
 * @brief The AUTH command (PLAIN, LOGIN) of the SMTP server.
 *
 * @chapter{relaying}
 * @rfc RFC 4954 §3-§6, RFC 4616 §2, RFC 4422 §3, RFC 3463, RFC 5248
 *
 * AUTH is the one SMTP command that is a *conversation*: the server may
 * answer `334 challenge`, the client sends a response line, and so on
 * until the server says 235 (in) or 535 (out).  Chapter 4's session lets
 * a handler read more lines itself (smtp_session_read_line()), so the
 * whole exchange lives in one handler, and the session goes on with the
 * next command once it returns.
 */
#include "smtp_auth.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cidr.h"
#include "log.h"
#include "received.h"
#include "signals.h"

/** The LOGIN mechanism's first prompt: base64 of "Username:". */
#define LOGIN_USERNAME "VXNlcm5hbWU6"
/** The LOGIN mechanism's second prompt: base64 of "Password:". */
#define LOGIN_PASSWORD "UGFzc3dvcmQ6"

struct smtp_auth_session *smtp_auth_of(struct smtp_session *s)
{
    /* The convention of smtp_auth.h: ext starts with our struct. */
    return (struct smtp_auth_session *)s->ext;
}

void smtp_auth_session_init(struct smtp_auth_session *a,
                            const struct smtp_auth_config *cfg, const char *peer)
{
    char ip[64];

    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    a->offered = cfg->plaintext_anywhere ||
                 (received_peer_ip(peer, ip, sizeof ip) == 0 && cidr_is_loopback(ip));
}

/* [smtp-auth-check] */
int smtp_auth_check(const struct smtp_auth_config *cfg, const char *authzid,
                    const char *user, const char *password, char *canon, size_t canonsz)
{
    const struct users_entry *e = users_find(cfg->users, user);

    if (e == NULL || users_check_password(e, password) != 1)
        return 0;
    /* RFC 4616 §2: an authorization identity other than the user's own
     * asks to act as someone else (a proxy login).  We allow none. */
    if (authzid != NULL && authzid[0] != '\0' && users_find(cfg->users, authzid) != e)
        return 0;
    snprintf(canon, canonsz, "%s", e->name);
    return 1;
}
/* [smtp-auth-check] */

/* Wait a moment before saying 535: a password guesser on one connection
 * gets one guess per delay instead of thousands per second. */
static void fail_delay(const struct smtp_auth_config *cfg)
{
    unsigned ms = cfg->fail_delay_ms ? cfg->fail_delay_ms : SMTP_AUTH_FAIL_DELAY_MS;
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

    /* A signal (SIGTERM) cuts the wait short; the 535 goes out anyway. */
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !signals_stop)
        ;
}

/** How one step of a SASL conversation ended. */
enum step {
    STEP_OK = 0,       /**< a decoded response is in the buffer */
    STEP_REPLIED,      /**< a reply was sent (500 for a bad line, 501 for "*"
                            or bad base64): the AUTH command is over */
    STEP_CLOSE,        /**< the session must end (EOF, timeout, shutdown) */
    STEP_ERROR         /**< I/O error */
};

/* [smtp-auth-step] */
/* Send "334 challenge" and read the client's response line.  "*" cancels
 * (RFC 4954 §4: 501); otherwise the line must be base64. */
static enum step challenge(struct smtp_session *s, const char *challenge_b64,
                           unsigned char *out, size_t outsz, size_t *outlen)
{
    char *line;

    /* The 334 carries no enhanced code: its text is the challenge. */
    if (smtp_reply(s, 334, NULL, "%s", challenge_b64) < 0)
        return STEP_ERROR;
    switch (smtp_session_read_line(s, &line, NULL)) {
    case SMTP_READ_LINE:
        break;
    case SMTP_READ_BAD:             /* the session already said 500 */
        return STEP_REPLIED;
    case SMTP_READ_END:
        return STEP_CLOSE;
    default:
        return STEP_ERROR;
    }
    if (strcmp(line, "*") == 0)
        return smtp_reply(s, 501, "5.0.0", "Authentication cancelled") < 0 ? STEP_ERROR
                                                                          : STEP_REPLIED;
    if (sasl_decode(line, 0, out, outsz, outlen) < 0)
        return smtp_reply(s, 501, "5.5.2", "Cannot decode response (not base64)") < 0
                   ? STEP_ERROR : STEP_REPLIED;
    return STEP_OK;
}
/* [smtp-auth-step] */

/* The result of a step as the handler's return value. */
static int step_result(enum step st)
{
    return st == STEP_CLOSE ? SMTP_CMD_CLOSE : st == STEP_ERROR ? SMTP_CMD_ERROR
                                                                : SMTP_CMD_OK;
}

/* The end of an exchange that produced credentials: check them, answer. */
static int finish(struct smtp_session *s, struct smtp_auth_session *a, const char *mech,
                  const char *authzid, const char *user, const char *password)
{
    if (smtp_auth_check(a->cfg, authzid, user, password, a->user, sizeof a->user)) {
        a->authenticated = 1;
        log_msg("%s: AUTH %s: authenticated as %s", s->peer, mech, a->user);
        return smtp_reply(s, 235, "2.7.0", "Authentication successful") < 0
                   ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    }
    a->failures++;
    a->user[0] = '\0';
    /* Log the name tried, never the password. */
    log_msg("%s: AUTH %s: authentication failed for '%.64s' (failure %u)", s->peer,
            mech, user, a->failures);
    fail_delay(a->cfg);
    return smtp_reply(s, 535, "5.7.8", "Authentication credentials invalid") < 0
               ? SMTP_CMD_ERROR : SMTP_CMD_OK;
}

/* [smtp-auth-plain] */
/* PLAIN (RFC 4616): one response, "authzid\0authcid\0passwd". */
static int auth_plain(struct smtp_session *s, struct smtp_auth_session *a,
                      const char *initial)
{
    unsigned char msg[SASL_MAX];
    struct sasl_plain p;
    size_t len;

    if (initial != NULL) {
        if (sasl_decode(initial, 1, msg, sizeof msg, &len) < 0)
            return smtp_reply(s, 501, "5.5.2", "Cannot decode response (not base64)") < 0
                       ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    } else {
        /* No initial response: an empty challenge, "334 " (RFC 4954 §4). */
        enum step st = challenge(s, "", msg, sizeof msg, &len);
        if (st != STEP_OK)
            return step_result(st);
    }
    if (sasl_plain_split(msg, len, &p) < 0)
        return smtp_reply(s, 501, "5.5.2", "Malformed PLAIN response") < 0
                   ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    int rc = finish(s, a, "PLAIN", p.authzid, p.authcid, p.passwd);
    memset(&p, 0, sizeof p);              /* do not leave the password lying about */
    memset(msg, 0, sizeof msg);
    return rc;
}
/* [smtp-auth-plain] */

/* A decoded LOGIN answer as text: no NUL inside, fits, NUL-terminated. */
static int login_text(const unsigned char *msg, size_t len, char *out, size_t outsz)
{
    if (len >= outsz || memchr(msg, '\0', len) != NULL)
        return -1;
    memcpy(out, msg, len);
    out[len] = '\0';
    return 0;
}

/* LOGIN: "Username:", "Password:", each answered in base64.  Clients may
 * send the user name as an initial response. */
static int auth_login(struct smtp_session *s, struct smtp_auth_session *a,
                      const char *initial)
{
    unsigned char msg[SASL_MAX];
    char user[SASL_FIELD_MAX], password[SASL_FIELD_MAX];
    size_t len;
    enum step st;

    if (initial != NULL) {
        if (sasl_decode(initial, 1, msg, sizeof msg, &len) < 0)
            return smtp_reply(s, 501, "5.5.2", "Cannot decode response (not base64)") < 0
                       ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    } else if ((st = challenge(s, LOGIN_USERNAME, msg, sizeof msg, &len)) != STEP_OK) {
        return step_result(st);
    }
    if (login_text(msg, len, user, sizeof user) < 0 || user[0] == '\0')
        return smtp_reply(s, 501, "5.5.2", "Malformed user name") < 0
                   ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    if ((st = challenge(s, LOGIN_PASSWORD, msg, sizeof msg, &len)) != STEP_OK)
        return step_result(st);
    if (login_text(msg, len, password, sizeof password) < 0)
        return smtp_reply(s, 501, "5.5.2", "Malformed password") < 0
                   ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    int rc = finish(s, a, "LOGIN", NULL, user, password);
    memset(password, 0, sizeof password);
    memset(msg, 0, sizeof msg);
    return rc;
}

/* [smtp-auth-cmd] */
/* AUTH mechanism [initial-response]  (RFC 4954 §4) */
static int smtp_cmd_auth(struct smtp_session *s, char *args)
{
    struct smtp_auth_session *a = smtp_auth_of(s);
    char mech[32], initial[SMTP_LINE_MAX];
    const char *sp;
    int has_initial = 0;

    if (a == NULL || a->cfg == NULL)      /* a server without AUTH state */
        return smtp_reply(s, 502, "5.5.1", "AUTH not available") < 0 ? SMTP_CMD_ERROR
                                                                     : SMTP_CMD_OK;
    /* The keyword was announced only in the EHLO reply, and only to
     * clients that may use it (see smtp_auth.h). */
    if (!s->esmtp)
        return smtp_reply(s, 503, "5.5.1", "Send EHLO first: AUTH is an ESMTP extension")
                   < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    if (!a->offered)
        return smtp_reply(s, 538, "5.7.11", "Encryption required for requested "
                          "authentication mechanism (plaintext AUTH is only offered "
                          "on loopback)") < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    if (a->authenticated)
        return smtp_reply(s, 503, "5.5.1", "Already authenticated") < 0 ? SMTP_CMD_ERROR
                                                                       : SMTP_CMD_OK;

    /* args = "MECHANISM" or "MECHANISM SP initial-response".  The
     * response is copied out: reading the next line reuses the buffer
     * that args points into. */
    sp = strchr(args, ' ');
    size_t mlen = sp != NULL ? (size_t)(sp - args) : strlen(args);
    if (mlen == 0 || mlen >= sizeof mech || (sp != NULL && (sp[1] == '\0' ||
                                                            strchr(sp + 1, ' ') != NULL)))
        return smtp_reply(s, 501, "5.5.4", "Syntax: AUTH mechanism [initial-response]") < 0
                   ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    memcpy(mech, args, mlen);
    mech[mlen] = '\0';
    if (sp != NULL) {
        snprintf(initial, sizeof initial, "%s", sp + 1);
        has_initial = 1;
    }
    /* Mechanism names are case-insensitive (RFC 4422 §3.1 names are upper
     * case; clients have been seen sending "auth plain"). */
    if (strcasecmp(mech, "PLAIN") == 0)
        return auth_plain(s, a, has_initial ? initial : NULL);
    if (strcasecmp(mech, "LOGIN") == 0)
        return auth_login(s, a, has_initial ? initial : NULL);
    return smtp_reply(s, 504, "5.5.4", "Unrecognized authentication type") < 0
               ? SMTP_CMD_ERROR : SMTP_CMD_OK;
}
/* [smtp-auth-cmd] */

/* [smtp-auth-table] */
const struct smtp_command smtp_auth_commands[] = {
    /* Allowed after EHLO and outside a transaction only: RFC 4954 §4,
     * "The AUTH command is not permitted during a mail transaction". */
    { "AUTH", SMTP_STATE_READY, smtp_cmd_auth, "AUTH mechanism [initial-response]",
      "AUTH is not permitted during a mail transaction" },
    { NULL, 0, NULL, NULL, NULL }
};
/* [smtp-auth-table] */

enum smtp_verdict smtp_auth_mail_param(struct smtp_session *s, const char *key,
                                       const char *value, struct smtp_reply *r)
{
    const struct smtp_auth_session *a = smtp_auth_of(s);

    if (strcmp(key, "AUTH") != 0 || a == NULL || !a->offered)
        return SMTP_UNKNOWN;
    if (value == NULL || value[0] == '\0') {
        smtp_reply_set(r, 501, "5.5.4", "Syntax: AUTH=<mailbox> or AUTH=<>");
        return SMTP_REJECT;
    }
    /* RFC 4954 §5: the server may ignore the claim; we do, and never
     * pass it on (the next hop would have to trust us on it). */
    return SMTP_ACCEPT;
}
