/**
 * @file smtp_relay.h
 * @brief The hooks of an SMTP server that relays: local mail into
 *        Maildirs (chapter 5), other mail into the spool -- but only for
 *        authenticated users and trusted networks.
 *
 * @chapter{relaying}
 * @rfc RFC 5321 §3.6.1 and §7.1 (relaying, open relays), §4.4 (the relay
 *      adds Received:), §6.1 (the spool before the 250); RFC 4954 §5
 *      (AUTH=), RFC 3848 (ESMTPA)
 *
 * Chapter 5's server refused every recipient outside its domains.  This
 * one may accept them -- that is what a relay is for -- but *only* from
 * clients it works for.  The decision for RCPT TO, in order:
 *
 * | recipient                       | client                               | reply |
 * |---------------------------------|--------------------------------------|-------|
 * | local domain (chapter 5's rules) | anyone                               | chapter 5's: 250 / 550 5.1.1 |
 * | other domain                    | authenticated (AUTH) or in a `--trust` network | 250 2.1.5, queued at "." |
 * | other domain, no route and no smarthost | (same)                       | `550 5.4.4` no route |
 * | other domain                    | anyone else                          | `550 5.7.1` relay access denied |
 *
 * The "other domain" test is chapter 5's recipients_resolve(), which looks
 * only at the domain after the last `@` of the parsed path: the local part
 * is never read as a route, so `"bob@evil.example"@alice.test`,
 * `bob%evil.example@alice.test` and `evil.example!bob@alice.test` are
 * local parts of `alice.test` (550 5.1.1 unless such a user exists), and
 * a source route `<@alice.test:bob@evil.example>` is for `evil.example`.
 *
 * At the final ".", the message goes to both places in one all-or-nothing
 * step (see smtp_relay.c): the relayed copy into the spool, written but
 * not yet visible; the local copies into their Maildirs; then the spool
 * entry is committed -- and only then does the client hear 250.
 *
 * Data layout, so that chapter 5's hooks and this chapter's AUTH row can
 * be reused unchanged:
 * - smtp_config.app points to a struct smtp_relay whose *first* member is
 *   chapter 5's struct smtp_store (chapter 5's hooks read `app` as that);
 * - smtp_session.ext points to a struct smtp_relay_session whose first
 *   member is a struct smtp_auth_session (as smtp_auth.h asks).
 */
#ifndef MM_SMTP_RELAY_H
#define MM_SMTP_RELAY_H

#include <stddef.h>

#include "cidr.h"
#include "routes.h"
#include "smtp_auth.h"
#include "smtp_session.h"
#include "smtp_store.h"
#include "spool.h"

/** Most --trust options. */
#define SMTP_RELAY_MAX_TRUST 64

/** The configuration of a relaying server (lives as long as the server). */
struct smtp_relay {
    /** Local delivery (chapter 5).  Must stay the first member. */
    struct smtp_store store;
    /** AUTH settings (users file, where plaintext AUTH is offered). */
    struct smtp_auth_config auth;
    /** Networks whose clients may relay without AUTH (--trust). */
    struct cidr trust[SMTP_RELAY_MAX_TRUST];
    /** How many entries of @c trust are used. */
    size_t ntrust;
    /** The next hops (--route, --smarthost). */
    const struct routes *routes;
    /** The queue for relayed mail. */
    struct spool *spool;
    /** The EHLO keywords of clients AUTH is offered to: chapter 5's
     *  (store.ext.keywords), then AUTH; made by smtp_relay_setup(), read
     *  only after that (the connect hook picks one of the two lists). */
    const char *keywords[SMTP_EXT_MAX_KEYWORDS + 2];
};

/** What one session of the relay remembers. */
struct smtp_relay_session {
    /** AUTH state.  Must stay the first member (see smtp_auth.h). */
    struct smtp_auth_session auth;
    /** 1 if the client's address is in a trusted network. */
    int trusted;
    /** The client's address without the port ("" for --stdio). */
    char ip[64];
};

/** The hooks: connect, mail_param, rcpt_to, deliver, disconnect. */
extern const struct smtp_hooks smtp_relay_hooks;

/**
 * @brief Make @p cfg a relaying server.
 *
 * Does what smtp_store_setup() does (chapter 5's extensions and enhanced
 * codes), then replaces the hooks with smtp_relay_hooks, points cfg->app
 * at @p relay, puts the AUTH row in front of chapter 4's table, and
 * makes the EHLO list with AUTH (relay->keywords).  After that the
 * sessions only read @p relay and @p cfg, so they may run as threads.
 *
 * @param relay     the configuration: store (maildir_root, recipients),
 *                  auth, trust, routes and spool filled in
 * @param cfg       a configuration from smtp_config_init()
 * @param max_size  the message size limit in octets (0: the default)
 */
void smtp_relay_setup(struct smtp_relay *relay, struct smtp_config *cfg, size_t max_size);

/**
 * @brief May this session's client relay?  (Authenticated, or trusted.)
 * @param s  a session of a server set up with smtp_relay_setup()
 * @return 1 if it may, 0 if not
 */
int smtp_relay_allowed(struct smtp_session *s);

#endif /* MM_SMTP_RELAY_H */
