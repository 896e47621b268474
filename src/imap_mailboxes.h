/**
 * @file imap_mailboxes.h
 * @brief Chapter 9's IMAP commands -- LIST LSUB NAMESPACE CREATE DELETE
 *        RENAME SUBSCRIBE UNSUBSCRIBE STATUS SELECT EXAMINE UNSELECT CLOSE
 *        CHECK -- as an extension of chapter 8's session.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3 (authenticated state), §6.4.1-6.4.2 (CHECK, CLOSE),
 *      §7.2.2-7.2.4 (LIST, LSUB, STATUS responses), §7.3 (EXISTS,
 *      RECENT), §7.4.1 (EXPUNGE); RFC 2342 (NAMESPACE); RFC 3691
 *      (UNSELECT); RFC 3348 (CHILDREN); RFC 5530 (response codes)
 *
 * Everything here is a thin layer: a handler parses its arguments with
 * chapter 8's parser, calls this chapter's modules (mailbox_name.h,
 * folders.h, subscriptions.h, mailbox.h) and writes the responses.  The
 * commands come as one struct imap_extension, added to a server's list
 * after chapter 8's:
 *
 *     static const struct imap_extension *const exts[] = {
 *         &imap_base_extension, &imap_mailboxes_extension, NULL };
 *
 * | command      | states        | file             | RFC               |
 * |--------------|---------------|------------------|-------------------|
 * | LIST, LSUB   | authenticated | imap_list.c      | 3501 §6.3.8-6.3.9 |
 * | NAMESPACE    | authenticated | imap_list.c      | 2342 §5           |
 * | CREATE, DELETE, RENAME | authenticated | imap_manage.c | 3501 §6.3.3-6.3.5 |
 * | SUBSCRIBE, UNSUBSCRIBE | authenticated | imap_manage.c | 3501 §6.3.6-6.3.7 |
 * | STATUS       | authenticated | imap_mailboxes.c | 3501 §6.3.10      |
 * | SELECT, EXAMINE | authenticated | imap_mailboxes.c | 3501 §6.3.1-6.3.2 |
 * | UNSELECT     | selected      | imap_mailboxes.c | 3691 §2           |
 * | CLOSE, CHECK | selected      | imap_mailboxes.c | 3501 §6.4.1-6.4.2 |
 *
 * ("authenticated" means both the authenticated and the selected state.)
 * The extension also advertises `NAMESPACE UNSELECT CHILDREN`, makes
 * sure a user's Maildir exists when they log in, and -- its
 * `before_tagged` hook -- tells a client with a mailbox selected about
 * new mail, vanished messages and changed flags before every tagged
 * response (imap_mailbox_announce()).
 *
 * CLOSE here only leaves the selected state: expunging the \\Deleted
 * messages, which RFC 3501 §6.4.2 also asks of it, arrives with EXPUNGE
 * in chapter 11, whose table then comes first and replaces this row.
 */
#ifndef MM_IMAP_MAILBOXES_H
#define MM_IMAP_MAILBOXES_H

#include <stddef.h>

#include "imap_session.h"
#include "mailbox.h"

/** Chapter 9's commands, capabilities and hooks. */
extern const struct imap_extension imap_mailboxes_extension;

/**
 * @brief The mailbox the session has selected.
 * @param s  the session
 * @return the view (mailbox.h), or NULL when no mailbox is selected
 */
struct mailbox *imap_selected_mailbox(struct imap_session *s);

/**
 * @brief Read a mailbox name argument: an astring, checked and made canonical.
 *
 * On failure the command is already answered: `BAD` for a syntax error,
 * `NO [CANNOT]` for a name mbname_check() refuses.
 *
 * @param s        the session
 * @param p        the parser, at the name
 * @param canon    receives the canonical name
 * @param canonsz  its size (#MBNAME_BUFSZ)
 * @param result   on failure: the handler's return value (#IMAP_CMD_OK,
 *                 or #IMAP_CMD_ERROR when the answer could not be sent)
 * @return 0 when @p canon holds a valid name, -1 when the command is over
 */
int imap_mailbox_arg(struct imap_session *s, struct imap_parser *p, char *canon,
                     size_t canonsz, int *result);

/**
 * @brief Check a mailbox name already parsed (an astring value) and make
 *        it canonical; on a refused name answer `NO [CANNOT]`.
 *
 * For handlers that parse all their arguments first (so that a syntax
 * error later in the command is `BAD` whatever the names are).
 *
 * @param s        the session
 * @param v        the value (atom, quoted string or literal)
 * @param canon    receives the canonical name
 * @param canonsz  its size (#MBNAME_BUFSZ)
 * @param result   on failure: the handler's return value
 * @return 0 when @p canon holds a valid name, -1 when the command is over
 */
int imap_mailbox_value(struct imap_session *s, const struct imap_value *v, char *canon,
                       size_t canonsz, int *result);

/**
 * @brief Tell the client what changed in the selected mailbox.
 *
 * Refreshes the view (mailbox_refresh()) and sends, in this order:
 * `* n EXPUNGE` for vanished messages (only when the command in progress
 * allows it, RFC 3501 §7.4.1), `* n FETCH (FLAGS (...))` for flags
 * changed by someone else, `* n EXISTS` when the number of messages
 * changed, `* n RECENT` when the number of \\Recent ones did.  When the
 * mailbox was deleted (or its UIDVALIDITY changed), says `* BYE`: the
 * session cannot go on (RFC 3501 §2.3.1.1).  Does nothing when no
 * mailbox is selected.
 *
 * @param s      the session
 * @param force  1: look even if the directories seem unchanged (NOOP, CHECK)
 * @return 0, or -1 on a write error
 */
int imap_mailbox_announce(struct imap_session *s, int force);

/**
 * @brief Say that the command in progress has just brought the view up
 *        to date, so that its tagged response need not look again.
 *
 * SELECT and EXAMINE have just made the view, SEARCH and STORE have just
 * refreshed it (they must see other sessions' flags before they start).
 * The `before_tagged` hook would scan the directories a second time
 * within the same command -- in a mailbox whose directories changed in
 * the last seconds (mailbox_refresh()'s settled rule) a full scan, 10 ms
 * for 10,000 messages.  After this call the hook of the command in
 * progress announces what that scan found and does not scan again;
 * whatever changes after it is found by the next command's look, since
 * the view keeps the directory times read *before* its scan.  Call it
 * only once the command can no longer end in `BAD` (a BAD runs no hooks,
 * and the mark would wrongly carry over to the next command).
 *
 * @param s  the session (nothing happens when no mailbox is selected)
 */
void imap_mailbox_looked(struct imap_session *s);

/**
 * @brief LIST reference pattern (RFC 3501 §6.3.8).
 * @param s     the session
 * @param args  `SP mailbox SP list-mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_list(struct imap_session *s, struct imap_parser *args);

/**
 * @brief LSUB reference pattern (RFC 3501 §6.3.9).
 * @param s     the session
 * @param args  `SP mailbox SP list-mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_lsub(struct imap_session *s, struct imap_parser *args);

/**
 * @brief NAMESPACE: one personal namespace, "" with delimiter "." (RFC 2342).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_namespace(struct imap_session *s, struct imap_parser *args);

/**
 * @brief CREATE mailbox (RFC 3501 §6.3.3).
 * @param s     the session
 * @param args  `SP mailbox` (a trailing "." is allowed and ignored)
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_create(struct imap_session *s, struct imap_parser *args);

/**
 * @brief DELETE mailbox (RFC 3501 §6.3.4).
 * @param s     the session
 * @param args  `SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_delete(struct imap_session *s, struct imap_parser *args);

/**
 * @brief RENAME existing new (RFC 3501 §6.3.5).
 * @param s     the session
 * @param args  `SP mailbox SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_rename(struct imap_session *s, struct imap_parser *args);

/**
 * @brief SUBSCRIBE mailbox (RFC 3501 §6.3.6).
 * @param s     the session
 * @param args  `SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_subscribe(struct imap_session *s, struct imap_parser *args);

/**
 * @brief UNSUBSCRIBE mailbox (RFC 3501 §6.3.7).
 * @param s     the session
 * @param args  `SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_unsubscribe(struct imap_session *s, struct imap_parser *args);

/**
 * @brief STATUS mailbox (items) (RFC 3501 §6.3.10).
 * @param s     the session
 * @param args  `SP mailbox SP "(" status-att *(SP status-att) ")"`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_status(struct imap_session *s, struct imap_parser *args);

/**
 * @brief SELECT mailbox (RFC 3501 §6.3.1).
 * @param s     the session
 * @param args  `SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_select(struct imap_session *s, struct imap_parser *args);

/**
 * @brief EXAMINE mailbox: SELECT, read-only (RFC 3501 §6.3.2).
 * @param s     the session
 * @param args  `SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_examine(struct imap_session *s, struct imap_parser *args);

/**
 * @brief UNSELECT: leave the selected state without expunging (RFC 3691).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_unselect(struct imap_session *s, struct imap_parser *args);

/**
 * @brief CLOSE: leave the selected state (RFC 3501 §6.4.2; this chapter
 *        does not expunge yet, see the file comment).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_close(struct imap_session *s, struct imap_parser *args);

/**
 * @brief CHECK: a checkpoint (RFC 3501 §6.4.1).  Maildir writes are
 *        durable when done, so it only looks for changes, like NOOP.
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_check(struct imap_session *s, struct imap_parser *args);

#endif /* MM_IMAP_MAILBOXES_H */
