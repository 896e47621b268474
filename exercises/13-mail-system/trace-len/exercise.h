/**
 * @file exercise.h
 * @brief Exercise "trace-len" (chapter 13, mail-system): where does the
 *        trace block at the top of a delivered message end?
 *
 * @chapter{mail-system}
 * @rfc RFC 5321 §4.4 (trace information); RFC 5322 §2.2.3 (folding),
 *      §3.6.7 (trace fields)
 */
#ifndef MM_EX_TRACE_LEN_H
#define MM_EX_TRACE_LEN_H

#include <stddef.h>

/**
 * @brief The length of the trace block: the `Return-Path:` and
 *        `Received:` fields at the very top of a message.
 *
 * The block is made of whole fields, each one line plus its continuation
 * lines (lines that start with a space or a tab).  It ends at the first
 * field with another name, at the empty line that ends the header, or at
 * the end of @p msg.  Field names compare case-insensitively
 * (`RECEIVED:` counts); a line counts as a field of that name only when
 * the name is followed directly by `:`.  Lines end with LF or CRLF.
 *
 * @param msg  the message (not NUL-terminated: use @p len)
 * @param len  its length
 * @return the offset of the first octet after the block: 0 when the
 *         message does not start with a trace field, @p len when the
 *         whole message is trace fields
 */
size_t ex_trace_len(const char *msg, size_t len);

#endif /* MM_EX_TRACE_LEN_H */
