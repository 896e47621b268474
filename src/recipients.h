/**
 * @file recipients.h
 * @brief Whose mail is it?  Local domains, users, postmaster and the
 *        catch-all mailbox.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §2.3.5 (domains), §3.6.1 and §7.1 (relaying, open relays),
 *      §4.1.1.3 and §4.5.1 (postmaster), §2.4 (case of local parts)
 *
 * A server that takes mail for `example.test` must answer one question
 * for every RCPT TO: *is this address ours, and if so, which mailbox?*
 * Getting it wrong in one direction bounces good mail; in the other it
 * makes an *open relay*, a server that accepts mail for anyone and passes
 * it on -- spammers find those within hours.  This server never passes
 * mail on (that is chapter 7), so every recipient it accepts is stored in
 * a local Maildir; an address it would have to relay is refused with
 * `550 5.7.1`.
 *
 * The rules, in order:
 *
 * 1. The domain must be one of the local domains (`--domain`, compared
 *    without regard to case; `*` makes every domain local, for a test
 *    sink).  Otherwise: not ours (RECIPIENTS_NOT_LOCAL).  The local part
 *    is never interpreted: `bob%other.example@example.test` and
 *    `"bob@other.example"@example.test` are local parts like any other,
 *    not routes -- the old "percent hack" is how open relays used to be
 *    abused.
 * 2. A user named `local@domain` in the users file, or else `local`,
 *    gets the mail (users_find(): case does not matter).
 * 3. Otherwise, with a catch-all user set (`--catch-all USER`), that user
 *    gets it: every address of a local domain that is nobody else's.
 * 4. Otherwise `postmaster` (any case, with a local domain or none) goes
 *    to the Maildir named `postmaster`: RFC 5321 §4.5.1 requires every
 *    server to accept it.
 * 5. Otherwise: no such user (RECIPIENTS_NO_SUCH_USER, `550 5.1.1`).
 */
#ifndef MM_RECIPIENTS_H
#define MM_RECIPIENTS_H

#include <stddef.h>

#include "users.h"

/** Room for a mailbox (Maildir) name, with its NUL. */
#define RECIPIENTS_MAILBOX_MAX 256

/** Which addresses are ours. */
struct recipients_config {
    const char *const *domains;  /**< the local domains ("*" = every domain) */
    size_t ndomains;             /**< how many */
    const struct users *users;   /**< the users file (NULL: no users) */
    const char *catch_all;       /**< mailbox for unknown local addresses, or NULL */
};

/** The answer for one address. */
enum recipients_result {
    RECIPIENTS_LOCAL = 0,        /**< ours: the mailbox is filled in */
    RECIPIENTS_NO_SUCH_USER,     /**< a local domain, but nobody by that name */
    RECIPIENTS_NOT_LOCAL         /**< not a local domain: we would have to relay */
};

/**
 * @brief Is @p domain one of the local domains?
 *
 * Case does not matter (RFC 5321 §2.4), nor one trailing dot
 * (`example.test.` is the same absolute name as `example.test`).
 *
 * @param c       the configuration
 * @param domain  a domain or address literal ("[192.0.2.1]")
 * @return 1 if local, 0 if not
 */
int recipients_is_local_domain(const struct recipients_config *c, const char *domain);

/**
 * @brief Find the mailbox of an address (the rules in the file comment).
 *
 * @param c        the configuration
 * @param local    the local part, unquoted (as smtp_path.local)
 * @param domain   the domain ("" for a bare `<Postmaster>`)
 * @param mailbox  receives the mailbox name when the result is RECIPIENTS_LOCAL
 * @param mbsz     size of @p mailbox (RECIPIENTS_MAILBOX_MAX is enough)
 * @return what the address is
 */
enum recipients_result recipients_resolve(const struct recipients_config *c,
                                          const char *local, const char *domain,
                                          char *mailbox, size_t mbsz);

#endif /* MM_RECIPIENTS_H */
