/**
 * @file mailbox_look.h
 * @brief The quick look: is the mailbox on disk still the session's view,
 *        give or take some flags?
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §2.3.1.1 (UIDs stay bound to their messages), §7.4.1
 *      (FETCH responses for changed flags); maildir.txt
 *
 * mailbox_refresh() must look at the directories whenever their times
 * changed or are too young to be trusted (the settled rule, mailbox.c).
 * Most of those looks find the same messages, some with new flags: the
 * SELECT that has just moved `new/` to `cur/`, another session's STORE,
 * a mail reader marking a message read.  For those, the full scan
 * (uidmap_scan(): read both directories, read and sort the UID map, match
 * them by name) redoes work whose answer the view already holds: every
 * message in it has its UID.  The quick look reads the directories and
 * matches each name against the view; only when a name is unknown, a
 * message of the view is missing, or the map has been rewritten does the
 * caller fall back to the full scan.
 */
#ifndef MM_MAILBOX_LOOK_H
#define MM_MAILBOX_LOOK_H

#include "mailbox.h"

/**
 * @brief Match `new/` and `cur/` against the view; take new names and flags.
 *
 * Under the UID map's lock (so no minimail session renames a file while
 * the directories are read): the map must have the stamp the view noted
 * at its last full scan (mailbox.map_stamp), and every file in `new/`
 * and `cur/` must be a message of the view (matched by base name, once),
 * and every message of the view that is not marked expunged must be
 * there.  Then the view takes each file's current name, and each
 * message whose flags differ is marked mailbox_msg.flags_changed and
 * counted in @p ch.  Otherwise the caller must scan in full; names and
 * flags the look already took are current, so that scan simply finds
 * them.
 *
 * @param mb   the view
 * @param ch   receives the flag changes (added and expunged stay 0)
 * @return 1 when the view is up to date; 0 when a full scan is needed
 *         (also when the look itself failed: the scan reports why)
 */
int mailbox_quick_look(struct mailbox *mb, struct mailbox_changes *ch);

#endif /* MM_MAILBOX_LOOK_H */
