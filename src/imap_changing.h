/**
 * @file imap_changing.h
 * @brief Chapter 11's IMAP commands -- STORE, EXPUNGE, CLOSE (with its
 *        expunge), SEARCH, IDLE and the UID forms -- as an extension listed
 *        in front of chapters 9 and 10.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.2 (CLOSE), §6.4.3 (EXPUNGE), §6.4.4 (SEARCH),
 *      §6.4.6 (STORE), §6.4.8 (UID), §7.2.5 (SEARCH response), §7.4.1
 *      (EXPUNGE response), §7.4.2 (FETCH response); RFC 4315 §2.1 (UID
 *      EXPUNGE); RFC 2177 (IDLE)
 *
 * | command      | states   | RFC            |
 * |--------------|----------|----------------|
 * | STORE        | selected | 3501 §6.4.6    |
 * | EXPUNGE      | selected | 3501 §6.4.3    |
 * | CLOSE        | selected | 3501 §6.4.2    |
 * | UID STORE    | selected | 3501 §6.4.8    |
 * | UID EXPUNGE  | selected | 4315 §2.1      |
 * | APPEND       | auth, selected | 3501 §6.3.11, 4315 §3 |
 * | COPY, UID COPY | selected | 3501 §6.4.7, 4315 §3 |
 * | MOVE, UID MOVE | selected | 6851 §3      |
 * | SEARCH       | selected | 3501 §6.4.4    |
 * | UID SEARCH   | selected | 3501 §6.4.8    |
 * | IDLE         | authenticated | 2177      |
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

/** Default of the APPEND row's literal limit: 50 MiB, larger than what
 *  common mail systems accept for one message (the server's option
 *  `--max-append-size` changes it). */
#define IMAP_APPEND_DEFAULT_MAX (50UL * 1024 * 1024)

/**
 * @brief Set the most octets an APPEND may carry (the APPEND row's
 *        imap_command.max_literal); call before serving.
 *
 * The limit is checked by chapter 8's reader *before* a literal is read:
 * a `{n}` over it gets `NO [TOOBIG]` instead of the `+`.
 *
 * @param octets  the limit (0: #IMAP_APPEND_DEFAULT_MAX)
 */
void imap_changing_set_max_append(size_t octets);

/**
 * @brief APPEND mailbox [flag-list] [date-time] literal (RFC 3501
 *        §6.3.11), answering `OK [APPENDUID v u]` (RFC 4315 §3).
 * @param s     the session
 * @param args  `SP mailbox [SP flag-list] [SP date-time] SP literal`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_append(struct imap_session *s, struct imap_parser *args);

/**
 * @brief COPY sequence-set mailbox (RFC 3501 §6.4.7), answering
 *        `OK [COPYUID v src dst]` (RFC 4315 §3).
 * @param s     the session
 * @param args  `SP sequence-set SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_copy(struct imap_session *s, struct imap_parser *args);

/**
 * @brief MOVE sequence-set mailbox (RFC 6851 §3.1): COPY, then expunge
 *        the originals (`* OK [COPYUID ...]`, `* n EXPUNGE`..., tagged OK).
 * @param s     the session
 * @param args  `SP sequence-set SP mailbox`
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_move(struct imap_session *s, struct imap_parser *args);

/**
 * @brief COPY or MOVE, by sequence numbers or by UIDs (UID COPY, UID
 *        MOVE: RFC 3501 §6.4.8, RFC 6851 §3.2); for the UID handler.
 * @param s     the session
 * @param args  `SP set SP mailbox`
 * @param uid   1: the set holds UIDs
 * @param move  1: MOVE, 0: COPY
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_copy(struct imap_session *s, struct imap_parser *args, int uid, int move);

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

/**
 * @brief IDLE: `+ idling`, then untagged EXISTS / FETCH / EXPUNGE as the
 *        mailbox changes, until the client sends `DONE` (RFC 2177;
 *        src/imap_idle.c).
 * @param s     the session
 * @param args  nothing
 * @return #IMAP_CMD_OK, #IMAP_CMD_CLOSE (autologout, shutdown, EOF:
 *         BYE sent when due) or #IMAP_CMD_ERROR
 */
int imap_cmd_idle(struct imap_session *s, struct imap_parser *args);

#endif /* MM_IMAP_CHANGING_H */
