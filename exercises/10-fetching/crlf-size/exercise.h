/**
 * @file exercise.h
 * @brief Exercise "crlf-size" (chapter 10, fetching): RFC822.SIZE of a
 *        message stored with LF line ends.
 *
 * @chapter{fetching}
 * @rfc RFC 3501 §2.3.4, §6.4.5 (RFC822.SIZE)
 */
#ifndef MM_EX_CRLF_SIZE_H
#define MM_EX_CRLF_SIZE_H

#include <stddef.h>

/**
 * @brief The size of @p data with every bare LF written as CRLF.
 * @param data the message as stored
 * @param len  its length
 * @return the size in CRLF terms
 */
long ex_crlf_size(const char *data, size_t len);

#endif /* MM_EX_CRLF_SIZE_H */
