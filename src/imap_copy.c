/**
 * @file imap_copy.c
 * @brief COPY, MOVE, UID COPY and UID MOVE: messages of the selected
 *        mailbox into another one, all or nothing, with COPYUID.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.7 (COPY), §6.4.8 (UID COPY), §7.4.1 (EXPUNGE
 *      response); RFC 4315 §3 (COPYUID), RFC 6851 §3 (MOVE, UID MOVE),
 *      §4.3 (the untagged OK with COPYUID, then EXPUNGEs); RFC 2180
 *      §4.4 (COPY of a message another session expunged); RFC 5530
 *      (EXPUNGEISSUED)
 *
 * COPY has one hard rule (RFC 3501 §6.4.7): "If the COPY command is
 * unsuccessful for any reason, server implementations MUST restore the
 * destination mailbox to its state before the COPY attempt."  So the
 * messages go in one batch (mailbox_add.h) and one failure undoes the
 * batch (mailbox_add_abort()).  What a copy keeps (§6.4.7: "The flags
 * and internal date of the message(s) SHOULD be preserved, and the
 * Recent flag SHOULD be set"): the flags go into the new file name, the
 * date comes with the hard link, and \\Recent with `new/` -- for copies
 * without flags; a copy with flags lives in `cur/` (mailbox_add.h says
 * why).
 *
 * MOVE (RFC 6851) is COPY followed by an expunge of the originals, as
 * one command, so a client never has to STORE \\Deleted on messages and
 * then EXPUNGE -- which would also remove *other* \\Deleted messages.
 * Its responses come in a fixed order (§3.3, §4.3): the COPYUID goes in an
 * untagged OK, because the tagged OK comes after the EXPUNGEs:
 *
 *     C: a1 MOVE 2:3 Archive
 *     S: * OK [COPYUID 1732712345 7:8 41:42] Moved
 *     S: * 3 EXPUNGE
 *     S: * 2 EXPUNGE
 *     S: a1 OK MOVE completed
 *
 * The EXPUNGEs are sent by chapter 9's before_tagged hook, like
 * EXPUNGE's own (imap_store.c): MOVE only marks the originals expunged.
 */
#include "imap_changing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folders.h"
#include "imap_mailboxes.h"
#include "log.h"
#include "mailbox.h"
#include "mailbox_add.h"
#include "mailbox_name.h"
#include "mailflags.h"
#include "seqset.h"
#include "uidmap.h"

/* A handler's return value from a response function's. */
static int done(int rc)
{
    return rc < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* What one COPY or MOVE works on. */
struct copy_job {
    struct imap_session *s;
    struct mailbox *mb;     /* the selected mailbox (the source) */
    size_t known;           /* the messages the client knows: the first `known` */
    struct seqset set;      /* the set as the client wrote it */
    int uid;                /* the set holds UIDs */
    size_t *idx;            /* the messages chosen, as indexes into mb->msgs */
    size_t n;               /* how many */
    size_t gone;            /* chosen ones another session has expunged */
};

/* Re-read the source, then choose the messages of the set among the
 * first `known` ones.  -1 when out of memory. */
static int choose(struct copy_job *j)
{
    struct mailbox_changes ch;
    char err[MAILBOX_ERRLEN];
    const struct mailbox *mb = j->mb;
    uint32_t star = j->known ? mb->msgs[j->known - 1].uid : 0;

    if (mailbox_refresh(j->mb, 1, &ch, err, sizeof err) < 0)
        log_msg("%s: %s", j->s->peer, err);
    free(j->idx);
    j->n = j->gone = 0;
    if ((j->idx = malloc((j->known ? j->known : 1) * sizeof *j->idx)) == NULL)
        return -1;
    for (size_t i = 0; i < j->known; i++) {
        int in = j->uid ? seqset_contains(&j->set, mb->msgs[i].uid, star)
                        : seqset_contains(&j->set, (uint32_t)(i + 1), (uint32_t)j->known);
        if (!in)
            continue;
        if (mb->msgs[i].expunged)
            j->gone++;
        else
            j->idx[j->n++] = i;
    }
    return 0;
}

/* [copy-batch] */
/* Add the chosen messages to the target as one batch.  0 when all are
 * there; -1 when nothing is (errno ENOENT: a source file was renamed or
 * removed by someone else meanwhile -- worth one more try). */
static int copy_batch(struct copy_job *j, const char *root, const char *dir,
                      struct mailbox_add *add)
{
    char path[PATH_MAX], err[MAILBOX_ADD_ERRLEN];

    if (mailbox_add_begin(add, root, dir) < 0)
        return -1;
    for (size_t k = 0; k < j->n; k++) {
        const struct mailbox_msg *m = &j->mb->msgs[j->idx[k]];
        if (mailbox_msg_path(j->mb, j->idx[k], path, sizeof path) < 0 ||
            mailbox_add_file(add, path, m->flags & MAILFLAG_ALL, err, sizeof err) < 0) {
            int saved = errno;
            if (saved != ENOENT)
                log_msg("%s: COPY: %s", j->s->peer, err);
            mailbox_add_abort(add);         /* all or nothing (§6.4.7) */
            errno = saved;
            return -1;
        }
    }
    return 0;
}
/* [copy-batch] */

/* `COPYUID uidvalidity source-uids dest-uids` (RFC 4315 §3), or NULL
 * when a destination UID is unknown (then no code is sent at all). */
static char *copyuid(const struct copy_job *j, const struct mailbox_add *add)
{
    uint32_t *src = malloc(j->n * sizeof *src), *dst = malloc(j->n * sizeof *dst);
    char *a = NULL, *b = NULL, *code = NULL;

    if (src == NULL || dst == NULL)
        goto out;
    for (size_t k = 0; k < j->n; k++) {
        src[k] = j->mb->msgs[j->idx[k]].uid;
        if ((dst[k] = add->msgs[k].uid) == 0)
            goto out;
    }
    if ((a = mailbox_uid_set(src, j->n)) != NULL && (b = mailbox_uid_set(dst, j->n)) != NULL &&
        (code = malloc(strlen(a) + strlen(b) + 32)) != NULL)
        sprintf(code, "COPYUID %lu %s %s", (unsigned long)add->uidvalidity, a, b);
out:
    free(src);
    free(dst);
    free(a);
    free(b);
    return code;
}

/* [move-expunge] */
/* MOVE's second half: delete the originals and mark them expunged (the
 * before_tagged hook purges them and sends `* n EXPUNGE`).  Under the
 * source's UID map lock, like EXPUNGE: no other session renames a file
 * between our look at its name and the unlink.  A file renamed just
 * before (another session's STORE) is missed; one refresh, and a second
 * round finds it under its new name.  Returns how many stay. */
static size_t expunge_originals(struct copy_job *j)
{
    char path[PATH_MAX], err[UIDMAP_ERRLEN];
    struct mailbox_changes ch;
    size_t left = j->n;

    for (int round = 0; round < 2 && left > 0; round++) {
        int lock = uidmap_lock(j->mb->dir, err, sizeof err);
        if (lock < 0) {
            log_msg("%s: MOVE: %s", j->s->peer, err);
            break;
        }
        left = 0;
        for (size_t k = 0; k < j->n; k++) {
            struct mailbox_msg *m = &j->mb->msgs[j->idx[k]];
            if (m->expunged)
                continue;
            if (mailbox_msg_path(j->mb, j->idx[k], path, sizeof path) == 0 && unlink(path) == 0)
                m->expunged = 1;
            else
                left++;
        }
        uidmap_unlock(lock);
        if (left > 0)                       /* outside the lock: a scan takes it */
            mailbox_refresh(j->mb, 1, &ch, NULL, 0);
    }
    return left;
}
/* [move-expunge] */

/* [copy-handler] */
int imap_copy(struct imap_session *s, struct imap_parser *args, int uid, int move)
{
    const char *verb = move ? "MOVE" : "COPY", *pre = uid ? "UID " : "";
    struct copy_job j = { .s = s, .mb = imap_selected_mailbox(s), .uid = uid };
    char name[MBNAME_BUFSZ], dir[PATH_MAX], err[MAILBOX_ADD_ERRLEN];
    struct imap_value setv, mbox;
    struct mailbox_add add;
    enum seqset_error e;
    enum folder_result fr;
    char *code = NULL;
    int r, rc;

    if (j.mb == NULL)
        return done(imap_bad(s, NULL, "No mailbox selected"));
    j.known = j.mb->count;
    /* copy = "COPY" SP sequence-set SP mailbox (and the same for MOVE). */
    if (imap_p_sp(args) < 0 || imap_p_atom_ex(args, "*", &setv) < 0 || imap_p_sp(args) < 0 ||
        imap_p_astring(args, &mbox) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    seqset_init(&j.set);
    if ((e = seqset_parse(setv.data, setv.len, &j.set)) != SEQSET_OK)
        return done(imap_bad(s, NULL, "Invalid sequence set: %s", seqset_strerror(e)));
    /* Sequence numbers must name messages the client knows (RFC 3501
     * §9); a UID set may name UIDs that are long gone (§6.4.8). */
    if (!uid && seqset_max(&j.set, (uint32_t)j.known) > j.known) {
        seqset_free(&j.set);
        return done(imap_bad(s, NULL, "No such message (there are %zu)", j.known));
    }
    if (imap_mailbox_value(s, &mbox, name, sizeof name, &r) < 0) {
        seqset_free(&j.set);
        return r;
    }
    if ((fr = folder_status(s->maildir, name)) != FOLDER_OK) {
        seqset_free(&j.set);
        if (fr == FOLDER_NONEXISTENT)     /* §6.4.7: the client may CREATE and retry */
            return done(imap_no(s, "TRYCREATE", "Mailbox does not exist: %s", name));
        return done(imap_no(s, NULL, "Mailbox cannot hold messages: %s", name));
    }
    if (move && j.mb->read_only) {
        seqset_free(&j.set);
        return done(imap_no(s, NULL, "Mailbox is read-only (EXAMINE): nothing moved"));
    }
    if (mbname_to_dir(s->maildir, name, dir, sizeof dir) < 0) {
        seqset_free(&j.set);
        return done(imap_no(s, "CANNOT", "Mailbox path too long"));
    }

    /* Choose, copy; if a source file moved under us, choose again once. */
    rc = -1;
    int changing = 0;                       /* a source file moved under us, twice */
    for (int attempt = 0; attempt < 2 && rc < 0; attempt++) {
        if (choose(&j) < 0 || j.gone > 0)
            break;
        if ((rc = copy_batch(&j, s->maildir, dir, &add)) < 0 && !(changing = errno == ENOENT))
            break;
    }
    seqset_free(&j.set);
    if (rc < 0) {
        free(j.idx);
        if (j.gone > 0)                     /* RFC 2180 §4.4: NO, the EXPUNGEs follow */
            return done(imap_no(s, "EXPUNGEISSUED", "Some of the messages have been expunged"));
        if (changing)
            return done(imap_no(s, NULL, "Messages changed while being %s: nothing %s, try again",
                                move ? "moved" : "copied", move ? "moved" : "copied"));
        return done(imap_no(s, "SERVERBUG", "Nothing %s, see the server log",
                            move ? "moved" : "copied"));
    }
    if (mailbox_add_commit(&add, err, sizeof err) < 0)
        log_msg("%s: %s to %s: no UIDs: %s", s->peer, verb, name, err);
    if (j.n > 0)
        code = copyuid(&j, &add);
    mailbox_add_free(&add);

    /* Into the selected mailbox itself: announce the new messages now
     * (RFC 3501 §7.3.1), whatever the directory times say. */
    int into_selected = strcmp(j.mb->name, name) == 0;
    if (!move) {
        rc = into_selected ? imap_mailbox_announce(s, 1) : 0;
        if (rc == 0)
            rc = imap_ok(s, code, "%sCOPY completed%s", pre, j.n ? "" : " (no messages)");
    } else {
        size_t left = expunge_originals(&j);
        if (left > 0)
            log_msg("%s: MOVE: %zu original%s could not be removed", s->peer, left,
                    left == 1 ? "" : "s");
        /* RFC 6851 §4.3: COPYUID in an untagged OK, before the EXPUNGEs
         * the hook sends with the tagged OK. */
        rc = code != NULL ? imap_untagged(s, "OK [%s] Moved", code) : 0;
        if (rc == 0 && into_selected)
            rc = imap_mailbox_announce(s, 1);
        if (rc == 0)
            rc = imap_ok(s, NULL, "%sMOVE completed%s", pre, j.n ? "" : " (no messages)");
    }
    free(code);
    free(j.idx);
    return done(rc);
}
/* [copy-handler] */

int imap_cmd_copy(struct imap_session *s, struct imap_parser *args)
{
    return imap_copy(s, args, 0, 0);
}

int imap_cmd_move(struct imap_session *s, struct imap_parser *args)
{
    return imap_copy(s, args, 0, 1);
}
