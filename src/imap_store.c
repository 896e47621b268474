/**
 * @file imap_store.c
 * @brief STORE, EXPUNGE, CLOSE and UID STORE / UID EXPUNGE: changing the
 *        messages of the selected mailbox.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.2 (CLOSE), §6.4.3 (EXPUNGE), §6.4.6 (STORE), §6.4.8
 *      (UID), §7.4.1 (EXPUNGE response), §7.4.2 (FETCH response);
 *      RFC 4315 §2.1 (UID EXPUNGE)
 *
 * Chapter 9 did the hard parts: a message's flags are letters in its
 * file name and mailbox_change_flags() renames the file under the mailbox
 * lock; the session's *view* of the mailbox (mailbox.h) keeps sequence
 * numbers stable until imap_mailbox_announce() is allowed to report
 * `* n EXPUNGE`.  This file adds the commands on top:
 *
 * - **STORE** computes each message's new flags (storeflags.h), renames
 *   its file, and answers with `* n FETCH (FLAGS (...))` unless the
 *   client said `.SILENT`.
 * - **EXPUNGE** deletes the files of the messages marked `\Deleted` and
 *   only *marks* them expunged in the view.  The tagged OK then runs
 *   chapter 9's before_tagged hook, which purges the marked messages and
 *   sends one `* n EXPUNGE` each -- the same path that reports another
 *   session's expunges, so there is exactly one place where sequence
 *   numbers change.
 * - **CLOSE** deletes the `\Deleted` files too, but says nothing: the
 *   view is thrown away with the selected state (RFC 3501 §6.4.2: "No
 *   untagged EXPUNGE responses are sent").
 * - **UID STORE** and **UID EXPUNGE** (RFC 4315) are the same with a UID
 *   set: messages are chosen by UID, and UID STORE's FETCH responses
 *   carry the UID (RFC 3501 §6.4.8).
 *
 * Before it changes anything, a command re-reads the directory
 * (mailbox_refresh()), so it starts from the flags on disk, not from
 * what this session last saw: another session's `+FLAGS \Flagged` is not
 * undone by our `+FLAGS \Seen`.
 */
#include "imap_changing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imap_mailboxes.h"
#include "log.h"
#include "mailbox.h"
#include "mailflags.h"
#include "seqset.h"
#include "storeflags.h"
#include "uidmap.h"

/* A handler's return value from a response function's. */
static int done(int rc)
{
    return rc < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* The highest UID in the view: the value of `*` in a UID set. */
static uint32_t highest_uid(const struct mailbox *mb, size_t count)
{
    return count > 0 ? mb->msgs[count - 1].uid : 0;
}

/* [changing-set-arg] */
/* Read `SP sequence-set` into @set.  With sequence numbers every number
 * must name a message the client knows of -- the first @count -- (RFC
 * 3501 §9: a larger one "is invalid"), so `9` in a mailbox of 5 is BAD;
 * a UID set may name UIDs that do not exist (§6.4.8).  On failure the
 * command is answered and *result is the handler's return value. */
static int set_arg(struct imap_session *s, struct imap_parser *p, int uid, size_t count,
                   struct seqset *set, int *result)
{
    struct imap_value v;
    enum seqset_error e;

    seqset_init(set);
    if (imap_p_sp(p) < 0 || imap_p_atom_ex(p, "*", &v) < 0) {
        *result = imap_bad_syntax(s, p);
        return -1;
    }
    if ((e = seqset_parse(v.data, v.len, set)) != SEQSET_OK) {
        *result = done(imap_bad(s, NULL, "Invalid sequence set: %s", seqset_strerror(e)));
        return -1;
    }
    if (!uid && seqset_max(set, (uint32_t)count) > count) {
        seqset_free(set);
        *result = done(imap_bad(s, NULL, "No such message (there are %zu)", count));
        return -1;
    }
    return 0;
}
/* [changing-set-arg] */

/* Whether message @i of the first @count is in the set. */
static int in_set(const struct mailbox *mb, size_t count, size_t i, const struct seqset *set,
                  int uid)
{
    if (uid)
        return seqset_contains(set, mb->msgs[i].uid, highest_uid(mb, count));
    return seqset_contains(set, (uint32_t)(i + 1), (uint32_t)count);
}

/* Look at the disk before changing it.  Messages that arrived meanwhile
 * are appended at the end of the view (the before_tagged hook announces
 * them); the caller only touches the first `count` ones, which the
 * client knows.  Not forced: when the directory times are unchanged
 * (chapter 9's rule, which every command trusts), no file was
 * renamed or removed since the last scan, and a full scan of 100,000
 * names would only say so -- and under the lock each rename reads the
 * flags from the file's current name anyway.  That hook need not scan
 * again after our own renames (imap_mailbox_looked()): the view already
 * has the names and flags we gave the files, and the directory times it
 * keeps are from before them, so the next command looks anyway (the
 * quick look, which finds just our own renames). */
static void refresh(struct imap_session *s, struct mailbox *mb)
{
    struct mailbox_changes ch;
    char err[MAILBOX_ERRLEN];

    if (mailbox_refresh(mb, 0, &ch, err, sizeof err) < 0)
        log_msg("%s: %s", s->peer, err);
    else
        imap_mailbox_looked(s);
}

/* `* n FETCH (FLAGS (...))`, with `UID u` first for UID STORE. */
static int send_flags(struct imap_session *s, size_t i, const struct mailbox_msg *m, int uid)
{
    char flags[96], uidtext[24] = "";
    size_t n = mailflags_to_imap(m->flags, flags, sizeof flags);

    if (m->recent)
        snprintf(flags + n, sizeof flags - n, "%s\\Recent", n ? " " : "");
    if (uid)
        snprintf(uidtext, sizeof uidtext, "UID %lu ", (unsigned long)m->uid);
    return imap_untagged(s, "%zu FETCH (%sFLAGS (%s))", i + 1, uidtext, flags);
}

/** Most renames STORE makes under one mailbox lock (see do_store()). */
#define STORE_LOCK_BATCH 256

/** What do_store() does about one message after its batch. */
enum store_result {
    STORE_SKIP, /**< not in the set, gone, or failed: say nothing */
    STORE_TELL  /**< its flags are as asked: send them (unless .SILENT) */
};

/* [changing-store] */
static int do_store(struct imap_session *s, struct imap_parser *args, int uid)
{
    struct mailbox *mb = imap_selected_mailbox(s);
    struct store_request req;
    struct seqset set;
    char err[MAILBOX_ERRLEN];
    size_t count, failed = 0;
    unsigned char *result;              /* per message: STORE_SKIP or STORE_TELL */
    int r;

    if (mb == NULL)
        return done(imap_bad(s, NULL, "No mailbox selected"));
    count = mb->count;                  /* the messages the client knows */
    if (set_arg(s, args, uid, count, &set, &r) < 0)
        return r;
    if (store_parse_request(args, &req) < 0) {
        seqset_free(&set);
        return imap_bad_syntax(s, args);
    }
    if (mb->read_only) {
        seqset_free(&set);
        return done(imap_no(s, NULL, "Mailbox is read-only (EXAMINE): flags not changed"));
    }
    result = malloc(count ? count : 1);
    if (result == NULL) {
        seqset_free(&set);
        return done(imap_no(s, "SERVERBUG", "Out of memory"));
    }
    refresh(s, mb);
    /* [changing-store-batch] */
    /* The renames go in batches under one mailbox lock each, not one lock
     * per message: the lock (chapter 9) keeps other sessions' renames and
     * scans from seeing a half-renamed mailbox, and taking it is an
     * open(2), a lock and a close(2) -- three system calls per message
     * that a STORE 1:* on 100,000 messages paid 100,000 times.  But the
     * lock is never held while we write to our client, who may be slow
     * or not reading at all: that would stall every other session's
     * SELECT.  So: rename a batch under the lock, unlock, then tell the
     * client about that batch; a batch is at most #STORE_LOCK_BATCH
     * renames, which bounds how long others wait. */
    size_t next = 0;
    while (next < count) {
        size_t start = next, renames = 0;
        int lock = uidmap_lock(mb->dir, err, sizeof err);
        if (lock < 0) {
            log_msg("%s: STORE: %s", s->peer, err);
            failed += count - start;
            break;
        }
        for (; next < count && renames < STORE_LOCK_BATCH; next++) {
            struct mailbox_msg *m = &mb->msgs[next];
            result[next] = STORE_SKIP;
            if (m->expunged || !in_set(mb, count, next, &set, uid))
                continue;               /* gone: nothing to store, nothing to say */
            unsigned want = store_apply(req.op, m->flags & MAILFLAG_ALL, req.flags);
            /* The change, not the result, goes to chapter 9: it applies
             * it to the flags on disk under the lock, so a flag another
             * session set since the refresh above is kept (no lost
             * update).  When the view already shows the result, there is
             * nothing to do (a session that changed it meanwhile simply
             * came second). */
            unsigned add = req.op == STORE_REMOVE ? 0 : req.flags;
            unsigned remove = req.op == STORE_ADD ? 0
                              : req.op == STORE_REMOVE ? req.flags : MAILFLAG_ALL & ~req.flags;
            if (want != (m->flags & MAILFLAG_ALL)) {
                renames++;
                if (mailbox_change_flags_locked(mb, next, add, remove, err, sizeof err) < 0) {
                    if (errno != ENOENT) {
                        log_msg("%s: STORE: %s", s->peer, err);
                        failed++;
                    }
                    continue;
                }
            }
            result[next] = STORE_TELL;
        }
        uidmap_unlock(lock);
        /* The client hears the new flags now, and the hook need not
         * report these messages again.  With .SILENT it asked not to
         * hear its own change -- but a change by another session, which
         * the refresh or the rename found (flags_changed), is still news:
         * RFC 3501 §6.4.6 says the server SHOULD send it, and the hook
         * will. */
        for (size_t i = start; i < next && !req.silent; i++) {
            if (result[i] != STORE_TELL)
                continue;
            mb->msgs[i].flags_changed = 0;
            if (send_flags(s, i, &mb->msgs[i], uid) < 0) {
                seqset_free(&set);
                free(result);
                return IMAP_CMD_ERROR;
            }
        }
    }
    free(result);
    /* [changing-store-batch] */
    seqset_free(&set);
    if (failed > 0)
        return done(imap_no(s, "SERVERBUG", "Flags of %zu message%s not changed, see the server log",
                            failed, failed == 1 ? "" : "s"));
    return done(imap_ok(s, NULL, "%sSTORE completed", uid ? "UID " : ""));
}
/* [changing-store] */

/* [changing-expunge] */
/* Delete the files of the \Deleted messages among the first @count
 * (those in @uids too, when it is not NULL) and mark them expunged in the
 * view; nothing is said to the client here.  Sets *removed; returns the
 * number of files that could not be deleted. */
static size_t expunge_deleted(struct imap_session *s, struct mailbox *mb, size_t count,
                              const struct seqset *uids, size_t *removed)
{
    char path[PATH_MAX], err[UIDMAP_ERRLEN];
    size_t failed = 0;
    int lock;

    *removed = 0;
    refresh(s, mb);                     /* the flags on disk decide */
    /* Under the lock no other session renames a file (mailbox_change_flags())
     * between our look at its name and the unlink. */
    if ((lock = uidmap_lock(mb->dir, err, sizeof err)) < 0) {
        log_msg("%s: EXPUNGE: %s", s->peer, err);
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        struct mailbox_msg *m = &mb->msgs[i];
        if (m->expunged || !(m->flags & MAILFLAG_DELETED))
            continue;
        if (uids != NULL && !in_set(mb, count, i, uids, 1))
            continue;
        /* The file may have been renamed since the refresh (another
         * session's STORE): find it, and let its flags *now* decide. */
        if (mailbox_msg_find(mb, i) < 0) {
            m->expunged = 1;            /* another session expunged it first */
            continue;
        }
        if (m->in_new || !(mailflags_from_name(m->name) & MAILFLAG_DELETED))
            continue;                   /* \Deleted was taken off meanwhile */
        if (mailbox_msg_path(mb, i, path, sizeof path) < 0)
            continue;
        if (unlink(path) == 0) {
            m->expunged = 1;            /* purged, and reported, by the hook */
            (*removed)++;
        } else {
            log_msg("%s: cannot delete %s: %s", s->peer, path, strerror(errno));
            failed++;
        }
    }
    uidmap_unlock(lock);
    return failed;
}

static int do_expunge(struct imap_session *s, struct imap_parser *args, int uid)
{
    struct mailbox *mb = imap_selected_mailbox(s);
    struct seqset set;
    size_t count, removed, failed;
    int r;

    if (mb == NULL)
        return done(imap_bad(s, NULL, "No mailbox selected"));
    count = mb->count;
    if (uid && set_arg(s, args, 1, count, &set, &r) < 0)
        return r;
    if (imap_p_end(args) < 0) {
        if (uid)
            seqset_free(&set);
        return imap_bad_syntax(s, args);
    }
    if (mb->read_only) {
        if (uid)
            seqset_free(&set);
        return done(imap_no(s, NULL, "Mailbox is read-only (EXAMINE): nothing expunged"));
    }
    failed = expunge_deleted(s, mb, count, uid ? &set : NULL, &removed);
    if (uid)
        seqset_free(&set);
    /* The OK goes through chapter 9's before_tagged hook, which sends
     * `* n EXPUNGE` for every message marked above (this command allows
     * it: its row has no IMAP_CMD_NO_EXPUNGE). */
    if (failed > 0)
        return done(imap_no(s, "SERVERBUG", "%zu message%s could not be expunged, see the server log",
                            failed, failed == 1 ? "" : "s"));
    return done(imap_ok(s, NULL, "%sEXPUNGE completed (%zu removed)", uid ? "UID " : "",
                        removed));
}
/* [changing-expunge] */

int imap_cmd_store(struct imap_session *s, struct imap_parser *args)
{
    return do_store(s, args, 0);
}

int imap_cmd_expunge(struct imap_session *s, struct imap_parser *args)
{
    return do_expunge(s, args, 0);
}

/* [changing-close] */
int imap_cmd_close_expunge(struct imap_session *s, struct imap_parser *args)
{
    struct mailbox *mb = imap_selected_mailbox(s);
    size_t removed;

    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* RFC 3501 §6.4.2: expunge silently -- but not in a mailbox opened
     * with EXAMINE, which must not change. */
    if (mb != NULL && !mb->read_only && expunge_deleted(s, mb, mb->count, NULL, &removed) > 0)
        log_msg("%s: CLOSE: some \\Deleted messages stay, see above", s->peer);
    /* Then chapter 9's CLOSE leaves the selected state: the view with
     * its marked messages goes, and no EXPUNGE is ever sent for them. */
    return imap_cmd_close(s, args);
}
/* [changing-close] */

/* The rows the UID handler switches to, so that the rule of RFC 3501
 * §7.4.1 follows the real command: UID STORE must not see EXPUNGE
 * responses, UID EXPUNGE must send them. */
static const struct imap_command uid_store_row = {
    "UID", IMAP_STATE_SELECTED, imap_cmd_uid_changing, IMAP_CMD_NO_EXPUNGE, 0
};
static const struct imap_command uid_expunge_row = {
    "UID", IMAP_STATE_SELECTED, imap_cmd_uid_changing, 0, 0
};
/* UID COPY and UID MOVE (imap_copy.c): UID MOVE sends EXPUNGEs (RFC 6851
 * §4.3), and UID COPY may announce those of other sessions. */
static const struct imap_command uid_copy_row = {
    "UID", IMAP_STATE_SELECTED, imap_cmd_uid_changing, 0, 0
};
/* UID SEARCH, like SEARCH, must not see EXPUNGE responses (imap_search.c). */
static const struct imap_command uid_search_row = {
    "UID", IMAP_STATE_SELECTED, imap_cmd_uid_changing, IMAP_CMD_NO_EXPUNGE, 0
};

/* The UID row of the first extension after this one that has one
 * (chapter 10's UID FETCH), or NULL. */
static const struct imap_command *next_uid_row(const struct imap_session *s)
{
    const struct imap_extension *const *ext = s->cfg->extensions;
    int after = 0;

    for (size_t e = 0; ext != NULL && ext[e] != NULL; e++) {
        if (ext[e] == &imap_changing_extension) {
            after = 1;
            continue;
        }
        if (!after)
            continue;
        for (const struct imap_command *c = ext[e]->commands; c && c->verb; c++)
            if (strcmp(c->verb, "UID") == 0)
                return c;
    }
    return NULL;
}

/* [changing-uid] */
int imap_cmd_uid_changing(struct imap_session *s, struct imap_parser *args)
{
    size_t start = args->pos;
    const struct imap_command *next;
    struct imap_value sub;

    if (imap_p_sp(args) < 0 || imap_p_atom(args, &sub) < 0)
        return imap_bad_syntax(s, args);
    if (imap_value_is(&sub, "STORE")) {
        s->cmd = &uid_store_row;
        return do_store(s, args, 1);
    }
    if (imap_value_is(&sub, "EXPUNGE")) {
        s->cmd = &uid_expunge_row;
        return do_expunge(s, args, 1);
    }
    if (imap_value_is(&sub, "COPY") || imap_value_is(&sub, "MOVE")) {
        s->cmd = &uid_copy_row;
        return imap_copy(s, args, 1, imap_value_is(&sub, "MOVE"));
    }
    if (imap_value_is(&sub, "SEARCH")) {
        s->cmd = &uid_search_row;
        return imap_cmd_uid_search(s, args);
    }
    /* Not ours: hand the whole command, from its first argument, to the
     * next chapter that knows UID (its row's flags apply from now on). */
    if ((next = next_uid_row(s)) == NULL || !(next->states & (unsigned)s->state))
        return done(imap_bad(s, NULL, "Unknown UID command"));
    args->pos = start;
    s->cmd = next;
    return next->fn(s, args);
}
/* [changing-uid] */

/* [changing-table] */
/* Not const: the APPEND row's max_literal is the server's
 * --max-append-size (imap_changing_set_max_append()). */
static struct imap_command changing_commands[] = {
    { "STORE",   IMAP_STATE_SELECTED, imap_cmd_store,         IMAP_CMD_NO_EXPUNGE, 0 },
    { "EXPUNGE", IMAP_STATE_SELECTED, imap_cmd_expunge,       0, 0 },
    { "CLOSE",   IMAP_STATE_SELECTED, imap_cmd_close_expunge, 0, 0 },
    { "UID",     IMAP_STATE_SELECTED, imap_cmd_uid_changing,  IMAP_CMD_NO_EXPUNGE, 0 },
    { "APPEND",  IMAP_STATES_AUTHENTICATED, imap_cmd_append, 0, IMAP_APPEND_DEFAULT_MAX },
    { "COPY",    IMAP_STATE_SELECTED, imap_cmd_copy,          0, 0 },
    { "MOVE",    IMAP_STATE_SELECTED, imap_cmd_move,          0, 0 },
    { "SEARCH",  IMAP_STATE_SELECTED, imap_cmd_search,        IMAP_CMD_NO_EXPUNGE, 0 },
    /* IDLE may report EXPUNGE (no IMAP_CMD_NO_EXPUNGE), and works with
     * or without a selected mailbox (src/imap_idle.c). */
    { "IDLE",    IMAP_STATES_AUTHENTICATED, imap_cmd_idle,    0, 0 },
    { NULL, 0, NULL, 0, 0 }
};
/* [changing-table] */

/* [changing-capabilities] */
/* What this chapter adds to CAPABILITY (RFC 3501 §7.2.1). */
static const struct imap_capability changing_capabilities[] = {
    { "IDLE",    IMAP_STATES_ANY }, /* RFC 2177 */
    { "UIDPLUS", IMAP_STATES_ANY }, /* RFC 4315: UID EXPUNGE, APPENDUID, COPYUID */
    { "MOVE",    IMAP_STATES_ANY }, /* RFC 6851 */
    { NULL, 0 }
};
/* [changing-capabilities] */

void imap_changing_set_max_append(size_t octets)
{
    for (struct imap_command *c = changing_commands; c->verb != NULL; c++)
        if (strcmp(c->verb, "APPEND") == 0)
            c->max_literal = octets ? octets : IMAP_APPEND_DEFAULT_MAX;
}

const struct imap_extension imap_changing_extension = {
    .name = "changing-mail",
    .commands = changing_commands,
    .capabilities = changing_capabilities,
};
