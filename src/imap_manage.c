/**
 * @file imap_manage.c
 * @brief CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE: changing the set
 *        of mailboxes and the subscription list.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.3-6.3.7; RFC 5530 (ALREADYEXISTS, NONEXISTENT,
 *      CANNOT, SERVERBUG)
 *
 * The handlers translate: arguments in, folders.h or subscriptions.h
 * called, an enum folder_result turned into the right tagged response:
 *
 * | result               | response                                   |
 * |----------------------|--------------------------------------------|
 * | #FOLDER_OK           | `OK`                                       |
 * | #FOLDER_EXISTS       | `NO [ALREADYEXISTS]`                       |
 * | #FOLDER_NONEXISTENT  | `NO [NONEXISTENT]`                         |
 * | #FOLDER_NOSELECT     | `NO [CANNOT]` (DELETE of a \\Noselect name) |
 * | #FOLDER_INBOX        | `NO [CANNOT]` (DELETE INBOX)               |
 * | #FOLDER_ERROR        | `NO [SERVERBUG]`, the details in the log   |
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_mailboxes.h"

#include <stdio.h>
#include <string.h>

#include "folders.h"
#include "log.h"
#include "mailbox_name.h"
#include "subscriptions.h"

static int done(int r)
{
    return r < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* The tagged response for a folder operation's result. */
static int answer(struct imap_session *s, const char *verb, enum folder_result fr,
                  const char *name, const char *err)
{
    switch (fr) {
    case FOLDER_OK:
        return done(imap_ok(s, NULL, "%s completed", verb));
    case FOLDER_EXISTS:
        return done(imap_no(s, "ALREADYEXISTS", "Mailbox already exists: %s", name));
    case FOLDER_NONEXISTENT:
        return done(imap_no(s, "NONEXISTENT", "Mailbox doesn't exist: %s", name));
    case FOLDER_NOSELECT:
        return done(imap_no(s, "CANNOT", "%s has inferior hierarchical names and is "
                                         "\\Noselect: nothing to delete", name));
    case FOLDER_INBOX:
        return done(imap_no(s, "CANNOT", "INBOX cannot be deleted"));
    case FOLDER_ERROR:
        break;
    }
    log_msg("%s: %s %s: %s", s->peer, verb, name, err);
    return done(imap_no(s, "SERVERBUG", "%s failed, see the server log", verb));
}

/* Parse `SP mailbox` or `SP mailbox SP mailbox` completely (so that a
 * syntax error is BAD before any name is judged), then check the names. */
static int names(struct imap_session *s, struct imap_parser *args, int count,
                 char *a, char *b, int *result)
{
    struct imap_value v[2];
    for (int i = 0; i < count; i++) {
        if (imap_p_sp(args) < 0 || imap_p_astring(args, &v[i]) < 0) {
            *result = imap_bad_syntax(s, args);
            return -1;
        }
    }
    if (imap_p_end(args) < 0) {
        *result = imap_bad_syntax(s, args);
        return -1;
    }
    for (int i = 0; i < count; i++)
        if (imap_mailbox_value(s, &v[i], i == 0 ? a : b, MBNAME_BUFSZ, result) < 0)
            return -1;
    return 0;
}

/* [imap-create] */
int imap_cmd_create(struct imap_session *s, struct imap_parser *args)
{
    char name[MBNAME_BUFSZ], err[FOLDERS_ERRLEN] = "";
    struct imap_value v;
    enum mbname_error e;

    if (imap_p_sp(args) < 0 || imap_p_astring(args, &v) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* RFC 3501 §6.3.3: a trailing delimiter declares that the client
     * "intends to create mailbox names under this name"; in Maildir++
     * that needs nothing more than the folder itself. */
    size_t len = v.len;
    if (len > 1 && v.data[len - 1] == MBNAME_DELIM)
        len--;
    e = mbname_check(v.data, len, name, sizeof name);
    if (e != MBNAME_OK)
        return done(imap_no(s, "CANNOT", "%s", mbname_strerror(e)));
    return answer(s, "CREATE", folder_create(s->maildir, name, err, sizeof err), name, err);
}
/* [imap-create] */

int imap_cmd_delete(struct imap_session *s, struct imap_parser *args)
{
    char name[MBNAME_BUFSZ], err[FOLDERS_ERRLEN] = "";
    int r;
    if (names(s, args, 1, name, NULL, &r) < 0)
        return r;
    /* Deleting the selected mailbox is allowed; the next untagged update
     * finds it gone and ends the session with BYE (as Dovecot does). */
    return answer(s, "DELETE", folder_delete(s->maildir, name, err, sizeof err), name, err);
}

/* [imap-rename] */
int imap_cmd_rename(struct imap_session *s, struct imap_parser *args)
{
    char from[MBNAME_BUFSZ], to[MBNAME_BUFSZ], err[FOLDERS_ERRLEN] = "";
    int r;
    if (names(s, args, 2, from, to, &r) < 0)
        return r;
    enum folder_result fr = folder_rename(s->maildir, from, to, err, sizeof err);
    if (fr == FOLDER_OK) {
        /* The selected mailbox (or one of its superiors) moved: follow it,
         * so the session keeps its view.  (RENAME INBOX moves messages,
         * not INBOX: the view then sees them expunged.) */
        struct mailbox *mb = imap_selected_mailbox(s);
        size_t flen = strlen(from);
        if (mb != NULL && strcmp(from, "INBOX") != 0 && strncmp(mb->name, from, flen) == 0 &&
            (mb->name[flen] == '\0' || mb->name[flen] == MBNAME_DELIM)) {
            char moved[MBNAME_BUFSZ + 1];
            int n = snprintf(moved, sizeof moved, "%s%s", to, mb->name + flen);
            if (n > 0 && n <= MBNAME_MAX &&
                mbname_to_dir(s->maildir, moved, mb->dir, sizeof mb->dir) == 0)
                memcpy(mb->name, moved, (size_t)n + 1);
        }
    }
    return answer(s, "RENAME", fr, fr == FOLDER_EXISTS ? to : from, err);
}
/* [imap-rename] */

static int subscribe(struct imap_session *s, struct imap_parser *args, int on)
{
    char name[MBNAME_BUFSZ], err[SUBS_ERRLEN];
    int r;
    if (names(s, args, 1, name, NULL, &r) < 0)
        return r;
    /* RFC 3501 §6.3.6 lets a server check that the mailbox exists; we do,
     * like Dovecot.  UNSUBSCRIBE takes any name: a subscription may
     * outlive its mailbox. */
    if (on && folder_status(s->maildir, name) != FOLDER_OK)
        return done(imap_no(s, "NONEXISTENT", "Mailbox doesn't exist: %s", name));
    if (subs_set(s->maildir, name, on, err, sizeof err) < 0) {
        log_msg("%s: %sSUBSCRIBE %s: %s", s->peer, on ? "" : "UN", name, err);
        return done(imap_no(s, "SERVERBUG", "Cannot update the subscriptions, see the server log"));
    }
    return done(imap_ok(s, NULL, "%s completed", on ? "SUBSCRIBE" : "UNSUBSCRIBE"));
}

int imap_cmd_subscribe(struct imap_session *s, struct imap_parser *args)
{
    return subscribe(s, args, 1);
}

int imap_cmd_unsubscribe(struct imap_session *s, struct imap_parser *args)
{
    return subscribe(s, args, 0);
}
