/**
 * @file recipients.c
 * @brief Whose mail is it?  Local domains, users, postmaster, catch-all.
 *
 * @chapter{storing-mail}
 * @rfc RFC 5321 §2.3.5, §2.4, §3.6.1, §4.5.1, §7.1
 *
 * The function is short on purpose: every line of it is a relay-policy
 * decision, and tests/unit/test-recipients.c tries the classic tricks
 * against each one.
 */
#include "recipients.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int recipients_is_local_domain(const struct recipients_config *c, const char *domain)
{
    size_t len = strlen(domain);

    if (len > 0 && domain[len - 1] == '.')   /* "example.test." = "example.test" */
        len--;
    if (len == 0)
        return 0;
    for (size_t i = 0; i < c->ndomains; i++) {
        const char *d = c->domains[i];
        if (strcmp(d, "*") == 0)
            return 1;
        if (strlen(d) == len && strncasecmp(d, domain, len) == 0)
            return 1;
    }
    return 0;
}

/* Copy a mailbox name out; 0 on success, -1 if it does not fit. */
static int give(char *mailbox, size_t mbsz, const char *name)
{
    int n = snprintf(mailbox, mbsz, "%s", name);
    return (n < 0 || (size_t)n >= mbsz) ? -1 : 0;
}

/* [recipients-resolve] */
enum recipients_result recipients_resolve(const struct recipients_config *c,
                                          const char *local, const char *domain,
                                          char *mailbox, size_t mbsz)
{
    int postmaster = strcasecmp(local, "postmaster") == 0;

    /* Rule 1: only local domains.  A bare <Postmaster> (no domain) is
     * addressed to this very server, so it counts as local. */
    if (domain[0] == '\0' ? !postmaster : !recipients_is_local_domain(c, domain))
        return RECIPIENTS_NOT_LOCAL;

    /* Rule 2: a user, first by full address (Dovecot's virtual users are
     * often written "user@domain"), then by local part.  The local part is
     * only ever compared with names from the users file: text from the
     * network never becomes a path by itself. */
    if (domain[0] != '\0') {
        char full[512];
        int n = snprintf(full, sizeof full, "%s@%s", local, domain);
        const struct users_entry *e = n > 0 && (size_t)n < sizeof full
                                          ? users_find(c->users, full) : NULL;
        if (e != NULL)
            return give(mailbox, mbsz, e->name) < 0 ? RECIPIENTS_NO_SUCH_USER
                                                    : RECIPIENTS_LOCAL;
    }
    const struct users_entry *e = users_find(c->users, local);
    if (e != NULL)
        return give(mailbox, mbsz, e->name) < 0 ? RECIPIENTS_NO_SUCH_USER
                                                : RECIPIENTS_LOCAL;

    /* Rule 3: the catch-all mailbox takes everything else that is local. */
    if (c->catch_all != NULL && c->catch_all[0] != '\0')
        return give(mailbox, mbsz, c->catch_all) < 0 ? RECIPIENTS_NO_SUCH_USER
                                                     : RECIPIENTS_LOCAL;

    /* Rule 4: postmaster must always be accepted (RFC 5321 §4.5.1). */
    if (postmaster)
        return give(mailbox, mbsz, "postmaster") < 0 ? RECIPIENTS_NO_SUCH_USER
                                                     : RECIPIENTS_LOCAL;

    /* Rule 5. */
    return RECIPIENTS_NO_SUCH_USER;
}
/* [recipients-resolve] */
