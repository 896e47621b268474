/**
 * @file imap_mailboxes.c
 * @brief The mailboxes extension: its table and hooks, the selected
 *        mailbox (SELECT, EXAMINE, UNSELECT, CLOSE, CHECK), STATUS, and
 *        the untagged updates of a selected mailbox.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.1 (SELECT), §6.3.2 (EXAMINE), §6.3.10 (STATUS),
 *      §6.4.1 (CHECK), §6.4.2 (CLOSE), §7.1 (response codes UNSEEN,
 *      PERMANENTFLAGS, UIDVALIDITY, UIDNEXT, READ-ONLY, READ-WRITE),
 *      §7.3, §7.4.1; RFC 3691 (UNSELECT); RFC 5530
 *
 * A session's per-extension data (chapter 8's slot) is one struct
 * mbx_session: the selected mailbox's view, and what the client has been
 * told about it so far (how many messages, how many \\Recent), so that
 * imap_mailbox_announce() sends only what is new to the client.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_mailboxes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folders.h"
#include "log.h"
#include "mailbox_name.h"
#include "mailflags.h"
#include "maildir.h"

/* What the extension keeps per session. */
struct mbx_session {
    int selected;           /* 1: @c mb is open */
    struct mailbox mb;      /* the selected mailbox */
    size_t told_exists;     /* the last EXISTS the client heard */
    size_t told_recent;     /* the last RECENT the client heard */
    int looked;             /* the command in progress scanned the view
                               (imap_mailbox_looked()) */
};

static struct mbx_session *state(struct imap_session *s)
{
    void **slot = imap_ext_slot(s, &imap_mailboxes_extension);
    return slot != NULL ? *slot : NULL;
}

struct mailbox *imap_selected_mailbox(struct imap_session *s)
{
    struct mbx_session *m = state(s);
    return m != NULL && m->selected ? &m->mb : NULL;
}

/* Back to the authenticated state, the view closed. */
static void deselect(struct imap_session *s, struct mbx_session *m)
{
    if (m->selected)
        mailbox_close(&m->mb);
    m->selected = 0;
    m->looked = 0;
    if (s->state == IMAP_STATE_SELECTED)
        imap_set_state(s, IMAP_STATE_AUTH);
}

/* [imap-mailbox-arg] */
int imap_mailbox_value(struct imap_session *s, const struct imap_value *v, char *canon,
                       size_t canonsz, int *result)
{
    /* The name is checked with its length: a literal may hold a NUL. */
    enum mbname_error e = mbname_check(v->data, v->len, canon, canonsz);
    if (e != MBNAME_OK) {
        *result = imap_no(s, "CANNOT", "%s", mbname_strerror(e)) < 0 ? IMAP_CMD_ERROR
                                                                      : IMAP_CMD_OK;
        return -1;
    }
    return 0;
}

int imap_mailbox_arg(struct imap_session *s, struct imap_parser *p, char *canon,
                     size_t canonsz, int *result)
{
    struct imap_value v;
    if (imap_p_astring(p, &v) < 0) {
        *result = imap_bad_syntax(s, p);
        return -1;
    }
    return imap_mailbox_value(s, &v, canon, canonsz, result);
}
/* [imap-mailbox-arg] */

/* `SP mailbox` and the end of the command.  The whole syntax is read
 * before the name is judged: a syntax error is BAD even if the name is
 * bad too. */
static int one_mailbox(struct imap_session *s, struct imap_parser *p, char *canon,
                       int *result)
{
    struct imap_value v;
    if (imap_p_sp(p) < 0 || imap_p_astring(p, &v) < 0 || imap_p_end(p) < 0) {
        *result = imap_bad_syntax(s, p);
        return -1;
    }
    return imap_mailbox_value(s, &v, canon, MBNAME_BUFSZ, result);
}

static int done(int r)
{
    return r < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* NO for a mailbox that is not there, or not selectable. */
static int no_mailbox(struct imap_session *s, enum folder_result fr, const char *name)
{
    if (fr == FOLDER_NOSELECT)
        return done(imap_no(s, "CANNOT", "Mailbox is not selectable (\\Noselect): %s", name));
    return done(imap_no(s, "NONEXISTENT", "Mailbox doesn't exist: %s", name));
}

/* ---- untagged updates ----------------------------------------------------- */

struct expunge_report {
    struct imap_session *s;
    int rc;
};

static void report_expunge(void *arg, size_t seq)
{
    struct expunge_report *r = arg;
    if (imap_untagged(r->s, "%zu EXPUNGE", seq) < 0)
        r->rc = -1;
}

/* `* n FETCH (FLAGS (\Seen \Recent))` for one message. */
static int send_flags(struct imap_session *s, size_t seq, const struct mailbox_msg *m)
{
    char flags[96];
    size_t n = mailflags_to_imap(m->flags, flags, sizeof flags);
    if (m->recent)
        snprintf(flags + n, sizeof flags - n, "%s\\Recent", n ? " " : "");
    return imap_untagged(s, "%zu FETCH (FLAGS (%s))", seq, flags);
}

/* [imap-announce] */
int imap_mailbox_announce(struct imap_session *s, int force)
{
    struct mbx_session *m = state(s);
    struct mailbox_changes ch;
    char err[MAILBOX_ERRLEN];

    if (m == NULL || !m->selected)
        return 0;
    /* A command that has just scanned (imap_mailbox_looked()) is not
     * scanned again before its tagged response: what that scan found is
     * still to be announced below, what changes after it the next
     * command finds. */
    int skip = m->looked && !force;
    m->looked = 0;
    memset(&ch, 0, sizeof ch);
    if (!skip && mailbox_refresh(&m->mb, force, &ch, err, sizeof err) < 0) {
        int gone = errno == ENOENT, stale = errno == ESTALE;
        if (!gone && !stale) {
            log_msg("%s: %s", s->peer, err);
            return 0;               /* try again with the next command */
        }
        log_msg("%s: %s: %s", s->peer, m->mb.name, err);
        deselect(s, m);
        /* Without its mailbox (or with UIDs that no longer hold) the
         * session has nothing left to stand on. */
        return imap_bye(s, gone ? "Selected mailbox was deleted, have to disconnect"
                                : "UIDVALIDITY changed, have to disconnect");
    }
    /* EXPUNGE renumbers: never while a FETCH, STORE or SEARCH completes
     * (RFC 3501 §7.4.1) -- the marked messages wait for the next command. */
    if (s->cmd == NULL || !(s->cmd->flags & IMAP_CMD_NO_EXPUNGE)) {
        struct expunge_report r = { s, 0 };
        size_t purged = mailbox_purge(&m->mb, report_expunge, &r);
        if (r.rc < 0)
            return -1;
        m->told_exists -= purged < m->told_exists ? purged : m->told_exists;
    }
    for (size_t i = 0; i < m->mb.count; i++) {
        struct mailbox_msg *msg = &m->mb.msgs[i];
        if (msg->flags_changed && !msg->expunged && i < m->told_exists) {
            if (send_flags(s, i + 1, msg) < 0)
                return -1;
        }
        msg->flags_changed = 0;
    }
    if (m->mb.count != m->told_exists) {
        if (imap_untagged(s, "%zu EXISTS", m->mb.count) < 0)
            return -1;
        m->told_exists = m->mb.count;
    }
    size_t recent = mailbox_recent_count(&m->mb);
    if (recent != m->told_recent) {
        if (imap_untagged(s, "%zu RECENT", recent) < 0)
            return -1;
        m->told_recent = recent;
    }
    return 0;
}
/* [imap-announce] */

void imap_mailbox_looked(struct imap_session *s)
{
    struct mbx_session *m = state(s);
    if (m != NULL && m->selected)
        m->looked = 1;
}

/* ---- SELECT and EXAMINE ---------------------------------------------------- */

/* [imap-select] */
static int select_or_examine(struct imap_session *s, struct imap_parser *args, int read_only)
{
    struct mbx_session *m = state(s);
    char name[MBNAME_BUFSZ], err[MAILBOX_ERRLEN];
    int r;

    if (one_mailbox(s, args, name, &r) < 0)
        return r;
    /* RFC 3501 §6.3.1: "If the client is in selected state and SELECT
     * fails, the server returns to authenticated state" -- so the old
     * mailbox goes first, whatever happens next. */
    deselect(s, m);
    enum folder_result fr = folder_status(s->maildir, name);
    if (fr != FOLDER_OK)
        return no_mailbox(s, fr, name);
    if (mailbox_open(&m->mb, s->maildir, name, read_only, err, sizeof err) < 0) {
        if (errno == ENOENT)
            return no_mailbox(s, FOLDER_NONEXISTENT, name);
        log_msg("%s: cannot open %s: %s", s->peer, name, err);
        return done(imap_no(s, "SERVERBUG", "Cannot open the mailbox, see the server log"));
    }
    m->selected = 1;
    m->told_exists = m->mb.count;
    m->told_recent = mailbox_recent_count(&m->mb);
    m->looked = 1;              /* the view is this command's own scan */

    /* The responses of RFC 3501 §6.3.1, in the order of its example. */
    size_t unseen = mailbox_first_unseen(&m->mb);
    if (imap_untagged(s, "%zu EXISTS", m->told_exists) < 0 ||
        imap_untagged(s, "%zu RECENT", m->told_recent) < 0 ||
        (unseen > 0 && imap_untagged(s, "OK [UNSEEN %zu] Message %zu is first unseen",
                                     unseen, unseen) < 0) ||
        imap_untagged(s, "OK [UIDVALIDITY %lu] UIDs valid",
                      (unsigned long)m->mb.uidvalidity) < 0 ||
        /* UIDNEXT must be exact: clients such as mbsync fetch "UIDNEXT:*"
         * next time, and a number too high would skip mail. */
        imap_untagged(s, "OK [UIDNEXT %lu] Predicted next UID",
                      (unsigned long)m->mb.uidnext) < 0 ||
        imap_untagged(s, "FLAGS (%s)", MAILFLAGS_PERMANENT) < 0 ||
        imap_untagged(s, "OK [PERMANENTFLAGS (%s)] %s",
                      read_only ? "" : MAILFLAGS_PERMANENT,
                      read_only ? "Read-only mailbox" : "Flags permitted") < 0)
        return IMAP_CMD_ERROR;
    imap_set_state(s, IMAP_STATE_SELECTED);
    return read_only ? done(imap_ok(s, "READ-ONLY", "EXAMINE completed"))
                     : done(imap_ok(s, "READ-WRITE", "SELECT completed"));
}
/* [imap-select] */

int imap_cmd_select(struct imap_session *s, struct imap_parser *args)
{
    return select_or_examine(s, args, 0);
}

int imap_cmd_examine(struct imap_session *s, struct imap_parser *args)
{
    return select_or_examine(s, args, 1);
}

int imap_cmd_unselect(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    deselect(s, state(s));
    return done(imap_ok(s, NULL, "UNSELECT completed"));
}

int imap_cmd_close(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* Chapter 11 adds the silent expunge of \Deleted messages. */
    deselect(s, state(s));
    return done(imap_ok(s, NULL, "CLOSE completed"));
}

int imap_cmd_check(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* Every Maildir change is durable when it is made (fsync, rename):
     * there is nothing to flush.  The before_tagged hook looks for news. */
    return done(imap_ok(s, NULL, "CHECK completed"));
}

/* ---- STATUS ----------------------------------------------------------------- */

/* [imap-status] */
int imap_cmd_status(struct imap_session *s, struct imap_parser *args)
{
    static const char *const items[] = { "MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY",
                                          "UNSEEN" };
    char name[MBNAME_BUFSZ], err[MAILBOX_ERRLEN];
    struct imap_value mbox, list;
    struct mailbox_status st;
    int r;

    /* Syntax first: SP mailbox SP "(" status-att *(SP status-att) ")". */
    if (imap_p_sp(args) < 0 || imap_p_astring(args, &mbox) < 0 || imap_p_sp(args) < 0 ||
        imap_p_list(args, &list) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    if (list.count == 0)
        return done(imap_bad(s, NULL, "Empty status list"));
    for (size_t i = 0; i < list.count; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof items / sizeof items[0]; k++)
            known |= imap_value_is(&list.items[i], items[k]);
        if (!known)
            return done(imap_bad(s, NULL, "Invalid status item"));
    }
    if (imap_mailbox_value(s, &mbox, name, sizeof name, &r) < 0)
        return r;
    enum folder_result fr = folder_status(s->maildir, name);
    if (fr != FOLDER_OK)
        return no_mailbox(s, fr, name);
    if (mailbox_status(s->maildir, name, &st, err, sizeof err) < 0) {
        if (errno == ENOENT)
            return no_mailbox(s, FOLDER_NONEXISTENT, name);
        log_msg("%s: STATUS %s: %s", s->peer, name, err);
        return done(imap_no(s, "SERVERBUG", "Cannot read the mailbox, see the server log"));
    }
    /* * STATUS name (ITEM n ...), the items in the order asked. */
    struct imap_out *w = imap_out(s);
    imap_w_str(w, "* STATUS ");
    imap_w_astring(w, name, strlen(name));
    imap_w_str(w, " (");
    for (size_t i = 0; i < list.count; i++) {
        const struct imap_value *it = &list.items[i];
        unsigned long v = imap_value_is(it, "MESSAGES") ? st.messages
                        : imap_value_is(it, "RECENT") ? st.recent
                        : imap_value_is(it, "UIDNEXT") ? st.uidnext
                        : imap_value_is(it, "UIDVALIDITY") ? st.uidvalidity
                        : st.unseen;
        const char *word = imap_value_is(it, "MESSAGES") ? "MESSAGES"
                         : imap_value_is(it, "RECENT") ? "RECENT"
                         : imap_value_is(it, "UIDNEXT") ? "UIDNEXT"
                         : imap_value_is(it, "UIDVALIDITY") ? "UIDVALIDITY" : "UNSEEN";
        imap_w_fmt(w, "%s%s %lu", i ? " " : "", word, v);
    }
    imap_w_str(w, ")");
    if (imap_w_end(w) < 0)
        return IMAP_CMD_ERROR;
    return done(imap_ok(s, NULL, "STATUS completed"));
}
/* [imap-status] */

/* ---- the extension ----------------------------------------------------------- */

static int mbx_start(struct imap_session *s, void **slot)
{
    (void)s;
    *slot = calloc(1, sizeof(struct mbx_session));
    return *slot != NULL ? 0 : -1;
}

/* [imap-mailboxes-login] */
/* A user who has never received mail has no Maildir yet: make it at
 * login, so INBOX always exists (chapter 5's maildir_make()). */
static int mbx_authenticated(struct imap_session *s, void **slot)
{
    char err[MAILDIR_ERRLEN];
    (void)slot;
    if (maildir_make(s->maildir, err, sizeof err) < 0) {
        log_msg("%s: cannot make the Maildir of %s: %s", s->peer, s->user, err);
        return -1;
    }
    return 0;
}
/* [imap-mailboxes-login] */

static int mbx_before_tagged(struct imap_session *s, void **slot)
{
    (void)slot;
    if (s->state != IMAP_STATE_SELECTED)
        return 0;
    /* NOOP and CHECK are the client's way of asking "anything new?":
     * look even if the directories seem unchanged. */
    int force = s->cmd != NULL && (strcmp(s->cmd->verb, "NOOP") == 0 ||
                                   strcmp(s->cmd->verb, "CHECK") == 0);
    return imap_mailbox_announce(s, force);
}

static void mbx_end(struct imap_session *s, void **slot)
{
    struct mbx_session *m = *slot;
    (void)s;
    if (m != NULL && m->selected)
        mailbox_close(&m->mb);
    free(m);
    *slot = NULL;
}

/* [imap-mailboxes-table] */
static const struct imap_command mbx_commands[] = {
    { "LIST",        IMAP_STATES_AUTHENTICATED, imap_cmd_list,        0, 0 },
    { "LSUB",        IMAP_STATES_AUTHENTICATED, imap_cmd_lsub,        0, 0 },
    { "NAMESPACE",   IMAP_STATES_AUTHENTICATED, imap_cmd_namespace,   0, 0 },
    { "CREATE",      IMAP_STATES_AUTHENTICATED, imap_cmd_create,      0, 0 },
    { "DELETE",      IMAP_STATES_AUTHENTICATED, imap_cmd_delete,      0, 0 },
    { "RENAME",      IMAP_STATES_AUTHENTICATED, imap_cmd_rename,      0, 0 },
    { "SUBSCRIBE",   IMAP_STATES_AUTHENTICATED, imap_cmd_subscribe,   0, 0 },
    { "UNSUBSCRIBE", IMAP_STATES_AUTHENTICATED, imap_cmd_unsubscribe, 0, 0 },
    { "STATUS",      IMAP_STATES_AUTHENTICATED, imap_cmd_status,      0, 0 },
    { "SELECT",      IMAP_STATES_AUTHENTICATED, imap_cmd_select,      0, 0 },
    { "EXAMINE",     IMAP_STATES_AUTHENTICATED, imap_cmd_examine,     0, 0 },
    { "UNSELECT",    IMAP_STATE_SELECTED,       imap_cmd_unselect,    0, 0 },
    { "CLOSE",       IMAP_STATE_SELECTED,       imap_cmd_close,       0, 0 },
    { "CHECK",       IMAP_STATE_SELECTED,       imap_cmd_check,       0, 0 },
    { NULL, 0, NULL, 0, 0 }
};

static const struct imap_capability mbx_capabilities[] = {
    { "NAMESPACE", IMAP_STATES_ANY },   /* RFC 2342 */
    { "UNSELECT",  IMAP_STATES_ANY },   /* RFC 3691 */
    { "CHILDREN",  IMAP_STATES_ANY },   /* RFC 3348: \HasChildren, \HasNoChildren */
    { NULL, 0 }
};

const struct imap_extension imap_mailboxes_extension = {
    .name = "mailboxes",
    .commands = mbx_commands,
    .capabilities = mbx_capabilities,
    .session_start = mbx_start,
    .authenticated = mbx_authenticated,
    .before_tagged = mbx_before_tagged,
    .session_end = mbx_end,
};
/* [imap-mailboxes-table] */
