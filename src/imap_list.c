/**
 * @file imap_list.c
 * @brief LIST, LSUB and NAMESPACE: showing the hierarchy of mailboxes.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.8 (LIST), §6.3.9 (LSUB), §7.2.2-7.2.3 (their
 *      responses); RFC 3348 (\\HasChildren, \\HasNoChildren); RFC 2342
 *      (NAMESPACE)
 *
 * LIST takes two arguments, a *reference* and a *pattern*; the server
 * joins them (here, in a flat namespace without `#news.`-style roots,
 * simply reference + pattern) and answers with every name that matches,
 * each with its attributes and the hierarchy delimiter:
 *
 *     C: a1 LIST "" *
 *     S: * LIST (\HasNoChildren) "." INBOX
 *     S: * LIST (\Noselect \HasChildren) "." Archive
 *     S: * LIST (\HasNoChildren) "." Archive.2024
 *     S: a1 OK LIST completed
 *
 * An empty pattern is a question about the hierarchy itself: the answer
 * is one `\Noselect` line with the delimiter and the reference's root
 * (RFC 3501 §6.3.8) -- that is how clients learn the delimiter is ".".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_mailboxes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folders.h"
#include "log.h"
#include "mailbox_name.h"
#include "subscriptions.h"

/** The delimiter as the responses write it: a quoted string. */
#define DELIM_QUOTED "\".\""

static int done(int r)
{
    return r < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* Read `SP mailbox SP list-mailbox` into two NUL-terminated strings
 * (owned by the parser).  list-mailbox = 1*list-char / string, where a
 * list-char is an ATOM-CHAR, a wildcard or ']'. */
static int list_args(struct imap_parser *p, char **ref, char **pattern)
{
    struct imap_value r, m;
    int c;
    if (imap_p_sp(p) < 0 || imap_p_astring(p, &r) < 0 || imap_p_sp(p) < 0)
        return -1;
    c = imap_p_peek(p);
    if (c == '"' || c == '{') {
        if (imap_p_string(p, &m) < 0)
            return -1;
    } else if (imap_p_atom_ex(p, "%*]", &m) < 0) {
        return -1;
    }
    if (imap_p_end(p) < 0)
        return -1;
    *ref = imap_value_cstr(p, &r);
    *pattern = imap_value_cstr(p, &m);
    /* A NUL inside a literal: it can match no name; treat it as such. */
    if (*ref == NULL)
        *ref = "\x01";
    if (*pattern == NULL)
        *pattern = "\x01";
    return 0;
}

/* `* VERB (attrs) "." name` */
static int list_line(struct imap_session *s, const char *verb, const char *attrs,
                     const char *name)
{
    struct imap_out *w = imap_out(s);
    imap_w_fmt(w, "* %s (%s) " DELIM_QUOTED " ", verb, attrs);
    imap_w_astring(w, name, strlen(name));
    return imap_w_end(w);
}

/* The joined pattern: reference + pattern (RFC 3501 §6.3.8 leaves the
 * joining to the server; with one flat namespace, concatenation is what
 * every client expects -- `LIST "Archive." "%"` lists Archive's children). */
static char *join(struct imap_parser *p, const char *ref, const char *pattern)
{
    size_t a = strlen(ref), b = strlen(pattern);
    char *j = imap_p_alloc(p, a + b + 1);
    if (j != NULL) {
        memcpy(j, ref, a);
        memcpy(j + a, pattern, b + 1);
    }
    return j;
}

/* [imap-list] */
int imap_cmd_list(struct imap_session *s, struct imap_parser *args)
{
    char *ref, *pattern, *full, err[FOLDERS_ERRLEN];
    struct folder_list l;

    if (list_args(args, &ref, &pattern) < 0)
        return imap_bad_syntax(s, args);
    if (pattern[0] == '\0') {
        /* The delimiter and the root of the reference: "" for "" or
         * "Archive", "Archive." for "Archive.2024". */
        char root[MBNAME_BUFSZ + 1] = "";
        const char *dot = strchr(ref, MBNAME_DELIM);
        if (dot != NULL && (size_t)(dot - ref) < MBNAME_MAX)
            snprintf(root, sizeof root, "%.*s", (int)(dot - ref + 1), ref);
        if (list_line(s, "LIST", "\\Noselect", root) < 0)
            return IMAP_CMD_ERROR;
        return done(imap_ok(s, NULL, "LIST completed"));
    }
    if ((full = join(args, ref, pattern)) == NULL)
        return done(imap_no(s, "SERVERBUG", "Out of memory"));
    if (folders_list(s->maildir, &l, err, sizeof err) < 0) {
        log_msg("%s: LIST: %s", s->peer, err);
        return done(imap_no(s, "SERVERBUG", "Cannot list the mailboxes, see the server log"));
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct folder *f = &l.f[i];
        if (!mbname_match(full, f->name, MBNAME_DELIM))
            continue;
        const char *attrs = f->selectable
            ? (f->children ? "\\HasChildren" : "\\HasNoChildren")
            : (f->children ? "\\Noselect \\HasChildren" : "\\Noselect \\HasNoChildren");
        if (list_line(s, "LIST", attrs, f->name) < 0) {
            folders_free(&l);
            return IMAP_CMD_ERROR;
        }
    }
    folders_free(&l);
    return done(imap_ok(s, NULL, "LIST completed"));
}
/* [imap-list] */

/* Have we already sent @p name in this LSUB? */
static int sent_before(char **sent, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sent[i], name) == 0)
            return 1;
    return 0;
}

/* [imap-lsub] */
int imap_cmd_lsub(struct imap_session *s, struct imap_parser *args)
{
    char *ref, *pattern, *full, err[SUBS_ERRLEN];
    struct subs subs;
    char **sent;
    size_t nsent = 0;
    int rc = 0;

    if (list_args(args, &ref, &pattern) < 0)
        return imap_bad_syntax(s, args);
    if (pattern[0] == '\0') {
        /* LSUB "" "" is not defined to give the delimiter; nothing matches. */
        return done(imap_ok(s, NULL, "LSUB completed"));
    }
    if ((full = join(args, ref, pattern)) == NULL)
        return done(imap_no(s, "SERVERBUG", "Out of memory"));
    if (subs_read(s->maildir, &subs, err, sizeof err) < 0) {
        log_msg("%s: LSUB: %s", s->peer, err);
        return done(imap_no(s, "SERVERBUG", "Cannot read the subscriptions, see the server log"));
    }
    sent = imap_p_alloc(args, (subs.n * (MBNAME_MAX / 2 + 1) + 1) * sizeof *sent);
    for (size_t i = 0; i < subs.n && rc == 0 && sent != NULL; i++) {
        const char *name = subs.names[i];
        if (mbname_match(full, name, MBNAME_DELIM)) {
            if (!sent_before(sent, nsent, name)) {
                rc = list_line(s, "LSUB", "", name);
                sent[nsent++] = (char *)name;
            }
            continue;
        }
        /* RFC 3501 §6.3.9: with "foo.bar" subscribed but not "foo", the
         * pattern "%" must return foo, flagged \Noselect. */
        char level[MBNAME_BUFSZ];
        for (const char *dot = strchr(name, MBNAME_DELIM); dot != NULL && rc == 0;
             dot = strchr(dot + 1, MBNAME_DELIM)) {
            snprintf(level, sizeof level, "%.*s", (int)(dot - name), name);
            if (!mbname_match(full, level, MBNAME_DELIM) || subs_contains(&subs, level))
                continue;
            char *copy = imap_p_alloc(args, strlen(level) + 1);
            if (copy == NULL || sent_before(sent, nsent, level))
                continue;
            strcpy(copy, level);
            rc = list_line(s, "LSUB", "\\Noselect", copy);
            sent[nsent++] = copy;
        }
    }
    subs_free(&subs);
    if (rc < 0)
        return IMAP_CMD_ERROR;
    if (sent == NULL)
        return done(imap_no(s, "SERVERBUG", "Out of memory"));
    return done(imap_ok(s, NULL, "LSUB completed"));
}
/* [imap-lsub] */

/* [imap-namespace] */
int imap_cmd_namespace(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* RFC 2342 §5: personal, other users', shared namespaces.  One
     * personal namespace, prefix "" and delimiter "."; no others. */
    if (imap_untagged(s, "NAMESPACE ((\"\" \".\")) NIL NIL") < 0)
        return IMAP_CMD_ERROR;
    return done(imap_ok(s, NULL, "NAMESPACE completed"));
}
/* [imap-namespace] */
