/**
 * @file smtp_commands.c
 * @brief Chapter 4's command table: EHLO HELO MAIL RCPT DATA RSET NOOP
 *        QUIT VRFY EXPN HELP, and their handlers.
 *
 * @chapter{smtp-session}
 * @rfc RFC 5321 §4.1.1 (commands), §4.1.4 (order), §4.3.2 (replies per
 *      command), §4.5.1 (postmaster), §4.5.3.1.8 and §4.5.3.1.10
 *      (recipient limit, 452), §4.1.1.11 (555); RFC 3463 (enhanced codes)
 *
 * Each handler does three things: check the *syntax* of its arguments
 * (501 when wrong -- §4.1.4: "the SMTP server MUST stay in the same
 * state"), ask the server's hook whether it *wants* what the client
 * asks for, and change the session's state.  Whether the command is
 * allowed in the current state was already checked by the session, from
 * the `states` column of the table at the end of this file.
 */
#include "smtp_commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp_data.h"

/** The hook @p name of the session's server, or NULL (a NULL hook accepts). */
#define HOOK(s, name) ((s)->cfg->hooks != NULL ? (s)->cfg->hooks->name : NULL)

/* Send the hook's reply, or the default when it set none. */
static int reply_or(struct smtp_session *s, const struct smtp_reply *r, int code,
                    const char *enh, const char *text)
{
    if (r->code != 0)
        return smtp_reply_send(s, r);
    return smtp_reply(s, code, enh, "%s", text);
}

static int done(int write_result)
{
    return write_result < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
}

/* [smtp-cmd-ehlo] */
/* EHLO and HELO: §4.1.1.1.  Both take the client's name; EHLO answers
 * with the list of extensions (one keyword per line of a multi-line 250),
 * HELO with one line.  Either resets the session as RSET would (§4.1.4).
 * The EHLO reply carries no enhanced codes (RFC 2034 §3). */
static int smtp_greeting_cmd(struct smtp_session *s, char *args, int esmtp)
{
    enum smtp_verdict (*hook)(struct smtp_session *, const char *, int,
                              struct smtp_reply *) = HOOK(s, helo);
    struct smtp_reply r = { 0, "", "" };
    const char *lines[64];
    char first[SMTP_REPLY_TEXT_MAX];
    size_t n = 0;

    if (args[0] == '\0')
        return done(smtp_reply(s, 501, "5.5.4", "Syntax: %s hostname",
                               esmtp ? "EHLO" : "HELO"));
    if (!smtp_valid_domain_or_literal(args))
        return done(smtp_reply(s, 501, "5.5.4", "Invalid domain name"));
    if (hook != NULL && hook(s, args, esmtp, &r) == SMTP_REJECT)
        return done(reply_or(s, &r, 550, "5.7.1", "Access denied"));

    s->state = SMTP_STATE_READY;
    smtp_session_reset(s);
    snprintf(s->helo, sizeof s->helo, "%s", args);
    s->esmtp = esmtp;

    /* ehlo-ok-rsp (§4.1.1.1): "250-" Domain [ SP ehlo-greet ], then one
     * keyword per line, the last with "250 ". */
    if (r.code != 0)
        snprintf(first, sizeof first, "%s", r.text);
    else
        snprintf(first, sizeof first, "%s Hello %s", s->cfg->hostname, args);
    lines[n++] = first;
    if (esmtp && s->ehlo_keywords != NULL)
        for (size_t i = 0; s->ehlo_keywords[i] != NULL && n < 64; i++)
            lines[n++] = s->ehlo_keywords[i];
    return done(smtp_reply_lines(s, 250, NULL, lines, n));
}
/* [smtp-cmd-ehlo] */

int smtp_cmd_ehlo(struct smtp_session *s, char *args)
{
    return smtp_greeting_cmd(s, args, 1);
}

int smtp_cmd_helo(struct smtp_session *s, char *args)
{
    return smtp_greeting_cmd(s, args, 0);
}

/* Which enhanced code fits a parse error: a bad address is X.1.7 (bad
 * sender address syntax) or X.1.3 (bad destination address syntax),
 * anything else in the arguments X.5.4 (invalid command arguments). */
static const char *parse_error_enh(enum smtp_parse_error err, int sender)
{
    switch (err) {
    case SMTP_PARSE_NO_KEYWORD:
    case SMTP_PARSE_TRAILING:
    case SMTP_PARSE_BAD_PARAM:
    case SMTP_PARSE_DUP_PARAM:
    case SMTP_PARSE_TOO_MANY_PARAMS:
        return "5.5.4";
    default:
        return sender ? "5.1.7" : "5.1.3";
    }
}

/* [smtp-params] */
/* Hand each ESMTP parameter to the server's hook (§4.1.1.11).  A server
 * without the hook knows no parameters: 555 for the first one.  Returns
 * 1 if all were accepted, 0 if a reply (555, or the hook's) was sent,
 * -1 on a write error. */
static int smtp_check_params(struct smtp_session *s, const struct smtp_params *ps,
                             enum smtp_verdict (*hook)(struct smtp_session *, const char *,
                                                       const char *, struct smtp_reply *))
{
    for (size_t i = 0; i < ps->n; i++) {
        struct smtp_reply r = { 0, "", "" };
        enum smtp_verdict v = hook ? hook(s, ps->p[i].key, ps->p[i].value, &r)
                                   : SMTP_UNKNOWN;
        if (v == SMTP_UNKNOWN)
            return smtp_reply(s, 555, "5.5.4", "Parameter %s not supported",
                              ps->p[i].key) < 0 ? -1 : 0;
        if (v == SMTP_REJECT)
            return reply_or(s, &r, 501, "5.5.4", "Parameter refused") < 0 ? -1 : 0;
    }
    return 1;
}
/* [smtp-params] */

/* [smtp-cmd-mail] */
int smtp_cmd_mail(struct smtp_session *s, char *args)
{
    struct smtp_path from;
    struct smtp_params ps;
    struct smtp_reply r = { 0, "", "" };
    enum smtp_verdict (*hook)(struct smtp_session *, const struct smtp_path *,
                              struct smtp_reply *) = HOOK(s, mail_from);
    enum smtp_parse_error err;
    int ok;
    size_t o = 0;

    err = smtp_parse_mail_rcpt(args, "FROM:", SMTP_PATH_REVERSE, &from, &ps);
    if (err != SMTP_PARSE_OK)
        return done(smtp_reply(s, 501, parse_error_enh(err, 1), "Syntax: MAIL FROM:<address>"
                               " (%s)", smtp_parse_strerror(err)));
    ok = smtp_check_params(s, &ps, HOOK(s, mail_param));
    if (ok <= 0)
        return ok < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    if (hook != NULL && hook(s, &from, &r) == SMTP_REJECT)
        return done(reply_or(s, &r, 550, "5.7.1", "Sender refused"));

    /* The transaction begins (§3.3): remember the sender and the
     * parameters (as text, for logs and for the printing stage). */
    s->env.from = from;
    s->env.mail_params[0] = '\0';
    for (size_t i = 0; i < ps.n; i++) {
        int w = snprintf(s->env.mail_params + o, sizeof s->env.mail_params - o,
                         "%s%s%s%s", i ? " " : "", ps.p[i].key,
                         ps.p[i].value ? "=" : "", ps.p[i].value ? ps.p[i].value : "");
        if (w < 0 || (size_t)w >= sizeof s->env.mail_params - o)
            break;
        o += (size_t)w;
    }
    s->state = SMTP_STATE_MAIL;
    return done(reply_or(s, &r, 250, "2.1.0", "Sender OK"));
}
/* [smtp-cmd-mail] */

/* Add an accepted recipient to the envelope, growing the array. */
static int smtp_add_rcpt(struct smtp_envelope *env, const struct smtp_path *to)
{
    if (env->nrcpt == env->rcpt_alloc) {
        size_t n = env->rcpt_alloc ? env->rcpt_alloc * 2 : 8;
        struct smtp_path *p = realloc(env->rcpt, n * sizeof *p);
        if (p == NULL)
            return -1;
        env->rcpt = p;
        env->rcpt_alloc = n;
    }
    env->rcpt[env->nrcpt++] = *to;
    return 0;
}

/* [smtp-cmd-rcpt] */
int smtp_cmd_rcpt(struct smtp_session *s, char *args)
{
    struct smtp_path to;
    struct smtp_params ps;
    struct smtp_reply r = { 0, "", "" };
    enum smtp_verdict (*hook)(struct smtp_session *, const struct smtp_path *,
                              struct smtp_reply *) = HOOK(s, rcpt_to);
    enum smtp_parse_error err;
    int ok;

    err = smtp_parse_mail_rcpt(args, "TO:", SMTP_PATH_FORWARD, &to, &ps);
    if (err != SMTP_PARSE_OK)
        return done(smtp_reply(s, 501, parse_error_enh(err, 0), "Syntax: RCPT TO:<address>"
                               " (%s)", smtp_parse_strerror(err)));
    /* §4.5.3.1.10: over the limit, "452 Too many recipients"; the client
     * delivers to the ones accepted and sends the rest later. */
    if (s->env.nrcpt >= s->cfg->max_rcpt)
        return done(smtp_reply(s, 452, "4.5.3", "Too many recipients (at most %zu)",
                               s->cfg->max_rcpt));
    ok = smtp_check_params(s, &ps, HOOK(s, rcpt_param));
    if (ok <= 0)
        return ok < 0 ? SMTP_CMD_ERROR : SMTP_CMD_OK;
    /* <Postmaster> has no domain and must be accepted (§4.5.1); the hook
     * is still asked, so that a server can route it to a real mailbox. */
    if (hook != NULL && hook(s, &to, &r) == SMTP_REJECT) {
        s->env.rcpt_refused++;
        return done(reply_or(s, &r, 550, "5.1.1", "Recipient refused"));
    }
    if (smtp_add_rcpt(&s->env, &to) < 0)
        return done(smtp_reply(s, 452, "4.3.1", "Out of memory, try again later"));
    s->state = SMTP_STATE_RCPT;
    return done(reply_or(s, &r, 250, "2.1.5", "Recipient OK"));
}
/* [smtp-cmd-rcpt] */

int smtp_cmd_data(struct smtp_session *s, char *args)
{
    if (args[0] != '\0')
        return done(smtp_reply(s, 501, "5.5.4", "Syntax: DATA (no arguments)"));
    if (s->env.nrcpt == 0) {
        /* §3.3: "If there was no MAIL, or no RCPT, command, or all such
         * commands were rejected, the server MAY return a 'command out of
         * sequence' (503) or 'no valid recipients' (554) reply". */
        if (s->env.rcpt_refused > 0)
            return done(smtp_reply(s, 554, "5.5.1", "No valid recipients"));
        return done(smtp_reply(s, 503, "5.5.1", "Send RCPT first"));
    }
    return smtp_data_receive(s);
}

int smtp_cmd_rset(struct smtp_session *s, char *args)
{
    if (args[0] != '\0')
        return done(smtp_reply(s, 501, "5.5.4", "Syntax: RSET (no arguments)"));
    smtp_session_reset(s);
    return done(smtp_reply(s, 250, "2.0.0", "OK"));
}

int smtp_cmd_noop(struct smtp_session *s, char *args)
{
    (void)args; /* noop = "NOOP" [ SP String ]: the string means nothing */
    return done(smtp_reply(s, 250, "2.0.0", "OK"));
}

int smtp_cmd_quit(struct smtp_session *s, char *args)
{
    if (args[0] != '\0')
        return done(smtp_reply(s, 501, "5.5.4", "Syntax: QUIT (no arguments)"));
    /* §4.1.1.10: "221 OK", then close.  §3.8 / §4.2: the 221 text starts
     * with our domain. */
    if (smtp_reply(s, 221, "2.0.0", "%s closing connection", s->cfg->hostname) < 0)
        return SMTP_CMD_ERROR;
    return SMTP_CMD_CLOSE;
}

/* [smtp-cmd-vrfy] */
int smtp_cmd_vrfy(struct smtp_session *s, char *args)
{
    enum smtp_verdict (*hook)(struct smtp_session *, const char *,
                              struct smtp_reply *) = HOOK(s, vrfy);
    struct smtp_reply r = { 0, "", "" };

    if (args[0] == '\0')
        return done(smtp_reply(s, 501, "5.5.4", "Syntax: VRFY user"));
    /* §3.5.3: a server that will not tell (or cannot) answers 252 --
     * "Cannot VRFY user, but will accept message and attempt delivery" --
     * which says nothing about whether the user exists.  That keeps
     * VRFY (a MUST of §4.5.1) from being a free user-name oracle. */
    if (hook != NULL)
        hook(s, args, &r);
    return done(reply_or(s, &r, 252, "2.0.0",
                         "Cannot VRFY user, but will accept message and attempt delivery"));
}
/* [smtp-cmd-vrfy] */

int smtp_cmd_expn(struct smtp_session *s, char *args)
{
    (void)args;
    /* §3.5.2: EXPN is a SHOULD, often disabled for privacy; 502 is
     * "Command not implemented". */
    return done(smtp_reply(s, 502, "5.5.1", "EXPN not supported"));
}

/* Is this row the one the session would run for its verb?  (A later
 * table may shadow a row; HELP must not list the shadowed one.) */
static int row_is_active(const struct smtp_session *s, const struct smtp_command *c)
{
    return smtp_find_command(s->cfg, c->verb) == c;
}

/* [smtp-cmd-help] */
int smtp_cmd_help(struct smtp_session *s, char *args)
{
    static const struct smtp_command *const base_only[] = { smtp_base_commands, NULL };
    const struct smtp_command *const *tables = s->cfg->tables ? s->cfg->tables : base_only;
    const char *lines[64];
    size_t n = 0;

    if (args[0] != '\0') {
        /* HELP VERB: the usage line of that one command. */
        const struct smtp_command *c;
        char *rest;
        smtp_split_command(args, &rest); /* upper-case the verb */
        c = smtp_find_command(s->cfg, args);
        if (c == NULL || c->usage == NULL)
            return done(smtp_reply(s, 504, "5.5.4", "No help for %s", args));
        return done(smtp_reply(s, 214, "2.0.0", "%s", c->usage));
    }
    /* Every active command of every table, in table order (§4.1.1.8). */
    lines[n++] = "Commands:";
    for (size_t t = 0; tables[t] != NULL; t++)
        for (const struct smtp_command *c = tables[t]; c->verb != NULL && n < 63; c++)
            if (c->usage != NULL && row_is_active(s, c))
                lines[n++] = c->usage;
    lines[n++] = "End of HELP";
    return done(smtp_reply_lines(s, 214, "2.0.0", lines, n));
}
/* [smtp-cmd-help] */

/* [smtp-base-table] */
/* Chapter 4's commands.  The `states` column is the state machine of
 * RFC 5321 §4.1.4: NOOP, HELP, VRFY, EXPN, RSET "can be used at any
 * time"; EHLO/HELO too (they restart the session); MAIL only between
 * transactions; RCPT and DATA only inside one.  A later chapter adds a
 * table of its own (AUTH, STARTTLS...) in front of or after this one. */
const struct smtp_command smtp_base_commands[] = {
    { "EHLO", SMTP_STATES_ANY, smtp_cmd_ehlo, "EHLO hostname", NULL },
    { "HELO", SMTP_STATES_ANY, smtp_cmd_helo, "HELO hostname", NULL },
    { "MAIL", SMTP_STATE_READY, smtp_cmd_mail, "MAIL FROM:<address> [parameters]",
      "Sender already given (send RSET to start over)" },
    { "RCPT", SMTP_STATES_TRANSACTION, smtp_cmd_rcpt, "RCPT TO:<address> [parameters]",
      "Send MAIL first" },
    { "DATA", SMTP_STATES_TRANSACTION, smtp_cmd_data, "DATA", "Send MAIL first" },
    { "RSET", SMTP_STATES_ANY, smtp_cmd_rset, "RSET", NULL },
    { "NOOP", SMTP_STATES_ANY, smtp_cmd_noop, "NOOP", NULL },
    { "QUIT", SMTP_STATES_ANY, smtp_cmd_quit, "QUIT", NULL },
    { "VRFY", SMTP_STATES_ANY, smtp_cmd_vrfy, "VRFY user", NULL },
    { "EXPN", SMTP_STATES_ANY, smtp_cmd_expn, "EXPN list", NULL },
    { "HELP", SMTP_STATES_ANY, smtp_cmd_help, "HELP [command]", NULL },
    { NULL, 0, NULL, NULL, NULL }
};
/* [smtp-base-table] */
