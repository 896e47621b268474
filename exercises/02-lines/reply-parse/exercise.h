/**
 * @file exercise.h
 * @brief Exercise "reply-parse" (chapter 2, lines): take an SMTP reply line apart.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §4.2 (reply grammar), §4.2.1 (multi-line replies)
 */
#ifndef MM_EX_REPLY_PARSE_H
#define MM_EX_REPLY_PARSE_H

/** One reply line, taken apart by ex_reply_parse(). */
struct ex_reply_line {
    int code;           /**< the three-digit code, e.g. 250 */
    int more;           /**< 1 for "NNN-text" (more lines follow), 0 for the last line */
    const char *text;   /**< the text after the separator, inside the given line
                             ("" when there is none) */
};

/**
 * @brief Parse one reply line (without its CRLF) as a client must.
 *
 * RFC 5321 §4.2:
 *
 *     Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *                     Reply-code [ SP textstring ] CRLF
 *     Reply-code = %x32-35 %x30-35 %x30-39
 *
 * So: exactly three digits, the first 2 to 5, the second 0 to 5; then
 * either nothing (a last line without text), a space (last line), or a
 * hyphen (more lines follow); the text is the rest of the line.
 *
 * @param line  the line, NUL-terminated, without CRLF
 * @param out   receives code, more, text (on failure: anything)
 * @return 0 when the line is a valid reply line, -1 otherwise
 */
int ex_reply_parse(const char *line, struct ex_reply_line *out);

#endif /* MM_EX_REPLY_PARSE_H */
