/**
 * @file imap_fetch.h
 * @brief FETCH and UID FETCH: the chapter's IMAP extension, and ENVELOPE
 *        and BODYSTRUCTURE for other chapters to reuse.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §6.4.5 (FETCH), §6.4.8 (UID FETCH), §7.4.2 (FETCH
 *      response: ENVELOPE, BODYSTRUCTURE, BODY[section] and its origin), §9
 *      (fetch-att, section, envelope, body grammar)
 *
 * A server adds imap_fetching_extension to its extension list, in front
 * of chapter 9's imap_mailboxes_extension:
 *
 *     static const struct imap_extension *const exts[] = {
 *         &imap_base_extension, &imap_fetching_extension,
 *         &imap_mailboxes_extension, NULL };
 *
 * The extension's table has FETCH and UID (with only UID FETCH; chapter
 * 11 puts its own UID, with STORE, COPY ..., in front and calls
 * imap_fetch() for UID FETCH).  Both carry #IMAP_CMD_NO_EXPUNGE: a FETCH
 * must never be answered with an EXPUNGE (RFC 3501 §7.4.1).
 */
#ifndef MM_IMAP_FETCH_H
#define MM_IMAP_FETCH_H

#include "imap_session.h"
#include "imap_write.h"
#include "mime.h"

#include <stdint.h>

struct mailbox_msg;

/** The chapter's extension: FETCH and UID FETCH. */
extern const struct imap_extension imap_fetching_extension;

/**
 * @brief FETCH or UID FETCH: parse `SP sequence-set SP (att / "(" atts ")")`
 *        and answer, ending with the tagged response.
 * @param s      the session (a mailbox is selected)
 * @param args   the parser, just after the command name (`FETCH` or `UID FETCH`)
 * @param by_uid 1 for UID FETCH: the set holds UIDs and UID is always sent
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_fetch(struct imap_session *s, struct imap_parser *args, int by_uid);

/**
 * @brief The FETCH command (RFC 3501 §6.4.5).
 * @param s    the session
 * @param args the arguments
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_fetch(struct imap_session *s, struct imap_parser *args);

/**
 * @brief The UID command of this chapter: only `UID FETCH` (RFC 3501 §6.4.8).
 * @param s    the session
 * @param args the arguments
 * @return #IMAP_CMD_OK or #IMAP_CMD_ERROR
 */
int imap_cmd_uid_fetch(struct imap_session *s, struct imap_parser *args);

/**
 * @brief RFC822.SIZE from a Maildir file name: the number after `,W=` in
 *        its base name (before the `:2,` flags).
 *
 * `,W=` (Maildir++, as Dovecot writes it, and chapter 5's maildir_commit())
 * is the size of the message with CRLF line ends: the length of the form
 * msg_to_crlf() makes, which is what BODY[] sends and so what RFC822.SIZE
 * must be (RFC 3501 §7.4.2).  With it, FETCH and SEARCH learn a size
 * without opening the file.
 *
 * @param m     the message (its name and base length from chapter 9's view)
 * @param size  set to the size when the name has one
 * @return 0, or -1 when the name has no well-formed `,W=` (read the file)
 */
int imap_fetch_name_size(const struct mailbox_msg *m, uint64_t *size);

/**
 * @brief Write an ENVELOPE (RFC 3501 §7.4.2) of a message header.
 * @param w   the writer
 * @param msg the message (CRLF form)
 * @param hdr_off where its header starts
 * @param hdr_len the header's length
 * @return 0, or -1 on a write error or when out of memory
 */
int imap_write_envelope(struct imap_out *w, const char *msg, size_t hdr_off, size_t hdr_len);

/**
 * @brief Write a BODYSTRUCTURE (@p extended = 1) or BODY (0) of a part.
 * @param w        the writer
 * @param msg      the message (CRLF form)
 * @param part     the part (mime_parse())
 * @param extended 1 for BODYSTRUCTURE's extension data
 * @return 0, or -1 on a write error or when out of memory
 */
int imap_write_bodystructure(struct imap_out *w, const char *msg,
                             const struct mime_part *part, int extended);

#endif /* MM_IMAP_FETCH_H */
