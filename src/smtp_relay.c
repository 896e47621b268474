/**
 * @file smtp_relay.c
 * @brief The hooks of a relaying SMTP server: who may relay, and the
 *        spool-then-Maildir delivery at the final ".".
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §3.6.1, §7.1, §4.4, §6.1; RFC 4954 §5; RFC 3848
 *
 * Chapter 5's hooks still do every local decision: this file calls them
 * for whatever is local and adds only what relaying needs.  Because
 * struct smtp_relay begins with chapter 5's struct smtp_store, those
 * hooks find their configuration in smtp_config.app exactly as before.
 */
#include "smtp_relay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "maildir.h"
#include "received.h"
#include "recipients.h"

/* The relay's data, from the session (see smtp_relay.h). */
static struct smtp_relay *relay_of(struct smtp_session *s)
{
    return s->cfg->app;
}

static struct smtp_relay_session *session_of(struct smtp_session *s)
{
    return s->ext;
}

int smtp_relay_allowed(struct smtp_session *s)
{
    const struct smtp_relay_session *rs = session_of(s);
    return rs != NULL && (rs->auth.authenticated || rs->trusted);
}

/* [relay-connect] */
/* A new client: its AUTH state, whether it is trusted, and the EHLO
 * keywords it will see.  The session remembers which of the two lists
 * smtp_relay_setup() made is this client's: the server's data is shared
 * by every session (sessions may be threads of one process), so no
 * session writes into it. */
static enum smtp_verdict relay_connect(struct smtp_session *s, struct smtp_reply *r)
{
    struct smtp_relay *rl = relay_of(s);
    struct smtp_relay_session *rs = calloc(1, sizeof *rs);

    if (rs == NULL) {
        smtp_reply_set(r, 421, "4.3.0", "%s Out of memory, try again later",
                       s->cfg->hostname);
        return SMTP_REJECT;
    }
    s->ext = rs;
    smtp_auth_session_init(&rs->auth, &rl->auth, s->peer);
    if (received_peer_ip(s->peer, rs->ip, sizeof rs->ip) == 0)
        rs->trusted = cidr_match_any(rl->trust, rl->ntrust, rs->ip);

    /* RFC 4954 §3: AUTH is in the list of the clients it is offered to. */
    s->ehlo_keywords = rs->auth.offered ? rl->keywords : rl->store.ext.keywords;
    if (rs->trusted)
        log_msg("%s: client in a trusted network: may relay", s->peer);
    return SMTP_ACCEPT;
}
/* [relay-connect] */

static void relay_disconnect(struct smtp_session *s)
{
    free(s->ext);
    s->ext = NULL;
}

static enum smtp_verdict relay_mail_param(struct smtp_session *s, const char *key,
                                          const char *value, struct smtp_reply *r)
{
    /* AUTH= is this chapter's (RFC 4954 §5); SIZE= and BODY= chapter 5's. */
    enum smtp_verdict v = smtp_auth_mail_param(s, key, value, r);
    if (v != SMTP_UNKNOWN)
        return v;
    return smtp_store_hooks.mail_param(s, key, value, r);
}

/* [relay-rcpt] */
static enum smtp_verdict relay_rcpt_to(struct smtp_session *s, const struct smtp_path *to,
                                       struct smtp_reply *r)
{
    struct smtp_relay *rl = relay_of(s);
    const struct smtp_relay_session *rs = session_of(s);
    char mailbox[RECIPIENTS_MAILBOX_MAX];

    /* Ours?  Then chapter 5 decides (a user, the catch-all, postmaster,
     * or 550 5.1.1).  recipients_resolve() looks at the domain only. */
    if (recipients_resolve(&rl->store.recipients, to->local, to->domain, mailbox,
                           sizeof mailbox) != RECIPIENTS_NOT_LOCAL)
        return smtp_store_hooks.rcpt_to(s, to, r);

    /* Not ours: relaying.  Only for clients we work for (RFC 5321 §7.1:
     * an open relay is abused within hours). */
    if (!smtp_relay_allowed(s)) {
        log_msg("%s: refused RCPT <%s>: relay denied (not authenticated, not trusted)",
                s->peer, to->addr);
        smtp_reply_set(r, 550, "5.7.1", "<%s>: relay access denied", to->addr);
        return SMTP_REJECT;
    }
    /* And only where we know the way: refusing now is kinder than a
     * bounce later. */
    if (routes_lookup(rl->routes, to->domain) == NULL) {
        log_msg("%s: refused RCPT <%s>: no route to %s", s->peer, to->addr, to->domain);
        smtp_reply_set(r, 550, "5.4.4", "<%s>: no route to domain %s", to->addr,
                       to->domain);
        return SMTP_REJECT;
    }
    smtp_reply_set(r, 250, "2.1.5", "<%s> OK, will relay (%s%s)", to->addr,
                   rs->auth.authenticated ? "authenticated as " : "trusted network",
                   rs->auth.authenticated ? rs->auth.user : "");
    return SMTP_ACCEPT;
}
/* [relay-rcpt] */

/* Our Received: field for the relayed copy, with CRLF line ends (the
 * spool keeps the wire form).  Returns its length, or -1. */
static int relay_received(struct smtp_session *s, const char *id, const char *for_rcpt,
                          char *out, size_t outsz)
{
    const struct smtp_relay_session *rs = session_of(s);
    char lf[1024];
    int authed = rs != NULL && rs->auth.authenticated;
    struct received_info ri = {
        .helo = s->helo,
        .peer_ip = rs != NULL ? rs->ip : NULL,
        .by = s->cfg->hostname,
        /* RFC 3848: ESMTPA = ESMTP with AUTH. */
        .protocol = s->esmtp ? (authed ? "ESMTPA" : "ESMTP") : "SMTP",
        .id = id,
        .for_rcpt = for_rcpt,
        .when = time(NULL),
    };
    int n = received_format(lf, sizeof lf, &ri);
    size_t o = 0;

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (o + 2 >= outsz)
            return -1;
        if (lf[i] == '\n')
            out[o++] = '\r';
        out[o++] = lf[i];
    }
    out[o] = '\0';
    return (int)o;
}

/* [relay-deliver] */
static enum smtp_verdict relay_deliver(struct smtp_session *s, const struct smtp_envelope *env,
                                       const char *data, size_t len, struct smtp_reply *r)
{
    struct smtp_relay *rl = relay_of(s);
    char mailbox[RECIPIENTS_MAILBOX_MAX], head[2048], err[SPOOL_ERRLEN];
    char local_text[SMTP_REPLY_TEXT_MAX] = "";
    struct spool_entry e;
    size_t nlocal = 0, nremote = 0;
    const char *one_remote = NULL;

    for (size_t i = 0; i < env->nrcpt; i++) {
        if (recipients_resolve(&rl->store.recipients, env->rcpt[i].local,
                               env->rcpt[i].domain, mailbox, sizeof mailbox)
            == RECIPIENTS_NOT_LOCAL) {
            nremote++;
            one_remote = env->rcpt[i].addr;
        } else {
            nlocal++;
        }
    }
    if (nremote == 0)                    /* all local: chapter 5, unchanged */
        return smtp_store_hooks.deliver(s, env, data, len, r);

    /* 1. The relayed copy: message and envelope written and fsync'ed,
     *    the entry not yet visible to the queue runner. */
    memset(&e, 0, sizeof e);
    if ((e.rcpt = calloc(nremote, sizeof *e.rcpt)) == NULL) {
        smtp_reply_set(r, 451, "4.3.0", "Out of memory, try again later");
        return SMTP_REJECT;
    }
    for (size_t i = 0; i < env->nrcpt; i++) {
        if (recipients_resolve(&rl->store.recipients, env->rcpt[i].local,
                               env->rcpt[i].domain, mailbox, sizeof mailbox)
            != RECIPIENTS_NOT_LOCAL)
            continue;
        snprintf(e.rcpt[e.nrcpt].addr, sizeof e.rcpt[e.nrcpt].addr, "%s", env->rcpt[i].addr);
        e.rcpt[e.nrcpt++].state = SPOOL_PENDING;
    }
    snprintf(e.from, sizeof e.from, "%s", env->from.addr);
    e.arrival = e.next_try = time(NULL);
    int hlen = maildir_unique(e.id, sizeof e.id) < 0 ? -1
             : relay_received(s, e.id, nremote == 1 ? one_remote : NULL, head, sizeof head);
    if (hlen < 0 ||
        spool_prepare(rl->spool, &e, head, (size_t)hlen, data, len, err, sizeof err) < 0) {
        log_msg("%s: message from <%s> NOT queued: %s", s->peer, env->from.addr,
                hlen < 0 ? "trace field too long" : err);
        smtp_reply_set(r, 451, "4.3.0", "Local error in processing, try again later");
        free(e.rcpt);
        return SMTP_REJECT;
    }

    /* 2. The local copies (chapter 5: all of them or none). */
    if (nlocal > 0) {
        if (smtp_store_hooks.deliver(s, env, data, len, r) != SMTP_ACCEPT) {
            spool_discard(rl->spool, e.id);    /* the client will send it again */
            free(e.rcpt);
            return SMTP_REJECT;
        }
        snprintf(local_text, sizeof local_text, "%s, ", r->text + (strncmp(r->text, "OK: ", 4) == 0 ? 4 : 0));
    }

    /* 3. The entry appears in env/: from now on the queue owns the message. */
    if (spool_commit(rl->spool, &e, err, sizeof err) < 0) {
        spool_discard(rl->spool, e.id);
        log_msg("%s: message from <%s> NOT queued: %s%s", s->peer, env->from.addr, err,
                nlocal > 0 ? " (its local copies were stored: a retry duplicates them)" : "");
        smtp_reply_set(r, 451, "4.3.0", "Local error in processing, try again later");
        free(e.rcpt);
        return SMTP_REJECT;
    }
    log_msg("%s: message from <%s> queued as %s for %zu remote recipient%s", s->peer,
            env->from.addr, e.id, nremote, nremote == 1 ? "" : "s");
    smtp_reply_set(r, 250, "2.0.0", "OK: %squeued as %s", local_text, e.id);
    free(e.rcpt);
    return SMTP_ACCEPT;
}
/* [relay-deliver] */

const struct smtp_hooks smtp_relay_hooks = {
    .connect = relay_connect,
    .mail_param = relay_mail_param,
    .rcpt_to = relay_rcpt_to,
    .deliver = relay_deliver,
    .disconnect = relay_disconnect,
};

/* [relay-setup] */
void smtp_relay_setup(struct smtp_relay *relay, struct smtp_config *cfg, size_t max_size)
{
    /* AUTH first, so that it is found; chapter 4's table for the rest. */
    static const struct smtp_command *const tables[] = {
        smtp_auth_commands, smtp_base_commands, NULL
    };

    smtp_store_setup(&relay->store, cfg, max_size);   /* chapter 5 */
    /* Two EHLO lists, made once: chapter 5's (cfg->ehlo_keywords, for
     * clients AUTH is not offered to), and the same with AUTH. */
    size_t k = 0;
    for (size_t i = 0; relay->store.ext.keywords[i] != NULL && i < SMTP_EXT_MAX_KEYWORDS; i++)
        relay->keywords[k++] = relay->store.ext.keywords[i];
    relay->keywords[k++] = SMTP_AUTH_KEYWORD;
    relay->keywords[k] = NULL;
    cfg->hooks = &smtp_relay_hooks;
    cfg->app = relay;
    cfg->tables = tables;
}
/* [relay-setup] */
