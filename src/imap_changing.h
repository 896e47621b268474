/**
 * @file imap_changing.h
 * @brief Chapter 11's IMAP commands -- STORE, EXPUNGE, CLOSE (with its
 *        expunge) and the UID forms UID STORE and UID EXPUNGE -- as an
 *        extension listed in front of chapters 9 and 10.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.2 (CLOSE), §6.4.3 (EXPUNGE), §6.4.4 (SEARCH),
 *      §6.4.6 (STORE), §6.4.8 (UID), §7.2.5 (SEARCH response), §7.4.1
 *      (EXPUNGE response), §7.4.2 (FETCH response); RFC 4315 §2.1 (UID EXPUNGE)
 *
 * | command      | states   | RFC            |
 * |--------------|----------|----------------|
 * | STORE        | selected | 3501 §6.4.6    |
 * | EXPUNGE      | selected | 3501 §6.4.3    |
 * | CLOSE        | selected | 3501 §6.4.2    |
 * | UID STORE    | selected | 3501 §6.4.8    |
 * | UID EXPUNGE  | selected | 4315 §2.1      |
 * | SEARCH       | selected | 3501 §6.4.4    |
 * | UID SEARCH   | selected | 3501 §6.4.8    |
 *
 * A server lists this extension *first*:
 *
 *     static const struct imap_extension *const exts[] = {
 *         &imap_changing_extension, &imap_base_extension,
 *         &imap_mailboxes_extension, ..., NULL };
 *
 * so that its CLOSE row replaces chapter 9's (the first table that
 * names a verb wins, imap_find_command()).  `UID` is one verb with
 * sub-commands; this chapter's UID handler takes STORE and EXPUNGE and
 * hands every other sub-command (UID FETCH, chapter 10) to the next
 * table that has a UID row, so the chapters need not know each other.
 */
#ifndef MM_IMAP_CHANGING_H
#define MM_IMAP_CHANGING_H

#include "imap_session.h"

/** Chapter 11's commands. */
extern const struct imap_extension imap_changing_extension;

/**
 * @brief STORE sequence-set [+-]FLAGS[.SILENT] flags (RFC 3501 §6.4.6).
 * @param s     the session
 * @param args  `SP sequence-set SP store-att-flags`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_store(struct imap_session *s, struct imap_parser *args);

/**
 * @brief EXPUNGE: remove the messages marked \\Deleted, reporting each
 *        with `* n EXPUNGE` (RFC 3501 §6.4.3).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_expunge(struct imap_session *s, struct imap_parser *args);

/**
 * @brief CLOSE: remove the \\Deleted messages silently (unless the
 *        mailbox was EXAMINEd) and leave the selected state (RFC 3501 §6.4.2).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_close_expunge(struct imap_session *s, struct imap_parser *args);

/**
 * @brief UID: STORE, EXPUNGE and SEARCH with UIDs; other sub-commands go to the
 *        next extension's UID handler (RFC 3501 §6.4.8, RFC 4315 §2.1).
 * @param s     the session
 * @param args  `SP ("STORE" / "EXPUNGE" / ...) SP arguments`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_uid_changing(struct imap_session *s, struct imap_parser *args);

/**
 * @brief SEARCH [CHARSET charset] key...: answer `* SEARCH` with the
 *        sequence numbers of the matching messages (RFC 3501 §6.4.4, §7.2.5).
 *
 * The keys are parsed by search_parse() and decided by search_match();
 * message files are read only when a key needs them (imap_search.c).
 *
 * @param s     the session
 * @param args  `SP ["CHARSET" SP astring SP] search-key *(SP search-key)`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_search(struct imap_session *s, struct imap_parser *args);

/**
 * @brief UID SEARCH: as SEARCH, answering UIDs (RFC 3501 §6.4.8).
 * @param s     the session
 * @param args  the arguments after `UID SEARCH`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_uid_search(struct imap_session *s, struct imap_parser *args);

#endif /* MM_IMAP_CHANGING_H */
