/**
 * @file smtp_store.h
 * @brief The hooks of an SMTP server that stores mail in local Maildirs.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §3.3 (mail transactions), §4.4 (trace fields), §6.1
 *      (reliable delivery), §7.1 (no open relay); RFC 3463 (status codes)
 *
 * Chapter 4's session asks its hooks (struct smtp_hooks) every question
 * of policy.  This module answers them for a server that delivers
 * locally:
 *
 * | hook         | answer                                                       |
 * |--------------|--------------------------------------------------------------|
 * | `mail_param` | SIZE= and BODY= (smtp_ext_mail_param()); anything else: 555  |
 * | `rcpt_to`    | recipients_resolve(): local user -> 250 2.1.5; unknown user -> `550 5.1.1`; other domain -> `550 5.7.1` (relay denied); Postmaster always accepted |
 * | `deliver`    | delivery_deliver() to every recipient's Maildir, durably, then `250 2.0.0`; on failure `451`/`452` and nothing stored |
 *
 * A server sets it up in three lines (see minimail-smtpd.c):
 *
 * ```
 * smtp_config_init(&cfg);
 * store.maildir_root = "/var/mail";            // and store.recipients
 * smtp_store_setup(&store, &cfg, max_size);    // hooks, keywords, enhanced codes
 * ```
 */
#ifndef MM_SMTP_STORE_H
#define MM_SMTP_STORE_H

#include <stddef.h>

#include "recipients.h"
#include "smtp_ext.h"
#include "smtp_session.h"

/** The configuration of local delivery (lives as long as the server). */
struct smtp_store {
    /** The Maildir root: user U's INBOX is the Maildir ROOT/U. */
    const char *maildir_root;
    /** Which addresses are local, and whose they are. */
    struct recipients_config recipients;
    /** The ESMTP extensions (filled in by smtp_store_setup()). */
    struct smtp_ext ext;
};

/** The hooks (mail_param, rcpt_to, deliver) of local delivery. */
extern const struct smtp_hooks smtp_store_hooks;

/**
 * @brief Make @p cfg a local-delivery server.
 *
 * Sets cfg->hooks = &smtp_store_hooks, cfg->app = @p store, and announces
 * the extensions (smtp_ext_setup(): SIZE, 8BITMIME, PIPELINING,
 * ENHANCEDSTATUSCODES, with enhanced codes on).
 *
 * @param store     the delivery configuration (maildir_root and recipients
 *                  filled in)
 * @param cfg       a configuration from smtp_config_init()
 * @param max_size  the message size limit in octets (0: the session default)
 */
void smtp_store_setup(struct smtp_store *store, struct smtp_config *cfg,
                      size_t max_size);

#endif /* MM_SMTP_STORE_H */
