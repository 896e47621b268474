/**
 * @file smtp_store.c
 * @brief The hooks of an SMTP server that stores mail in local Maildirs.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §3.3, §4.4, §6.1, §7.1; RFC 3463
 *
 * Three hooks, each a few lines, because the work is done by the modules
 * below them: recipients.h decides whose mail an address is, delivery.h
 * stores a message durably, smtp_ext.h knows the ESMTP parameters.
 */
#include "smtp_store.h"
#include "delivery.h"
#include "log.h"
#include "maildir.h"
#include "received.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum smtp_verdict store_mail_param(struct smtp_session *s, const char *key,
                                          const char *value, struct smtp_reply *r)
{
    const struct smtp_store *st = s->cfg->app;
    return smtp_ext_mail_param(st->ext.max_size, key, value, r);
}

/* [store-rcpt] */
static enum smtp_verdict store_rcpt_to(struct smtp_session *s, const struct smtp_path *to,
                                       struct smtp_reply *r)
{
    const struct smtp_store *st = s->cfg->app;
    char mailbox[RECIPIENTS_MAILBOX_MAX];

    switch (recipients_resolve(&st->recipients, to->local, to->domain,
                               mailbox, sizeof mailbox)) {
    case RECIPIENTS_LOCAL:
        smtp_reply_set(r, 250, "2.1.5", "<%s> OK", to->addr);
        return SMTP_ACCEPT;
    case RECIPIENTS_NO_SUCH_USER:
        log_msg("%s: refused RCPT <%s>: no such user", s->peer, to->addr);
        smtp_reply_set(r, 550, "5.1.1", "<%s>: no such user here", to->addr);
        return SMTP_REJECT;
    case RECIPIENTS_NOT_LOCAL:
        break;
    }
    /* Not one of our domains.  Accepting it would make us a relay for
     * anyone (RFC 5321 §7.1); this server delivers locally only. */
    log_msg("%s: refused RCPT <%s>: relay denied", s->peer, to->addr);
    smtp_reply_set(r, 550, "5.7.1", "<%s>: relay access denied", to->addr);
    return SMTP_REJECT;
}
/* [store-rcpt] */

/* A transaction id for Received: and the log: a Maildir unique name without
 * its host part ("1795786238.M440262P13667Q2"). */
static void make_id(char *buf, size_t bufsz)
{
    if (maildir_unique(buf, bufsz) < 0) {
        snprintf(buf, bufsz, "unknown");
        return;
    }
    char *q = strchr(buf, 'Q');
    char *dot = q != NULL ? strchr(q, '.') : NULL;
    if (dot != NULL)
        *dot = '\0';
}

/* [store-deliver] */
static enum smtp_verdict store_deliver(struct smtp_session *s, const struct smtp_envelope *env,
                                       const char *data, size_t len, struct smtp_reply *r)
{
    const struct smtp_store *st = s->cfg->app;
    struct delivery_target *t = calloc(env->nrcpt ? env->nrcpt : 1, sizeof *t);
    char (*boxes)[RECIPIENTS_MAILBOX_MAX] = calloc(env->nrcpt ? env->nrcpt : 1,
                                                   sizeof *boxes);
    char id[MAILDIR_UNIQUE_MAX], ip[64];
    struct delivery_failure fail;
    size_t n = 0;

    if (t == NULL || boxes == NULL) {
        free(t);
        free(boxes);
        smtp_reply_set(r, 451, "4.3.0", "Out of memory, try again later");
        return SMTP_REJECT;
    }
    /* Every accepted recipient was resolved at RCPT time; resolve again
     * to learn its mailbox (the answer cannot have changed). */
    for (size_t i = 0; i < env->nrcpt; i++) {
        const struct smtp_path *p = &env->rcpt[i];
        if (recipients_resolve(&st->recipients, p->local, p->domain,
                               boxes[n], sizeof boxes[n]) != RECIPIENTS_LOCAL)
            continue;
        t[n].mailbox = boxes[n];
        t[n].rcpt = p->addr;
        n++;
    }

    make_id(id, sizeof id);
    received_peer_ip(s->peer, ip, sizeof ip);
    struct received_info ri = {
        .helo = s->helo,
        .peer_ip = ip,
        .by = s->cfg->hostname,
        .protocol = s->esmtp ? "ESMTP" : "SMTP",
        .id = id,
        .for_rcpt = NULL,
        .when = time(NULL),
    };
    int copies = n == 0 ? -1
                        : delivery_deliver(st->maildir_root, t, n, env->from.addr,
                                           &ri, data, len, &fail);
    if (copies < 0) {
        if (n == 0) {
            delivery_failure_from_errno(0, &fail);
            snprintf(fail.detail, sizeof fail.detail, "no local recipient");
        }
        log_msg("%s: message %s from <%s> NOT delivered: %s", s->peer, id,
                env->from.addr, fail.detail);
        smtp_reply_set(r, fail.code, fail.enh, "%s", fail.text);
    } else {
        /* (The session logs every message with our reply, id included.) */
        smtp_reply_set(r, 250, "2.0.0", "OK: delivered as %s (%d cop%s)",
                       id, copies, copies == 1 ? "y" : "ies");
    }
    free(t);
    free(boxes);
    return copies < 0 ? SMTP_REJECT : SMTP_ACCEPT;
}
/* [store-deliver] */

const struct smtp_hooks smtp_store_hooks = {
    .mail_param = store_mail_param,
    .rcpt_to = store_rcpt_to,
    .deliver = store_deliver,
};

void smtp_store_setup(struct smtp_store *store, struct smtp_config *cfg,
                      size_t max_size)
{
    smtp_ext_setup(&store->ext, cfg, max_size);
    cfg->hooks = &smtp_store_hooks;
    cfg->app = store;
}
