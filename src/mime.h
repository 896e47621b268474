/**
 * @file mime.h
 * @brief MIME structure of a message: Content-Type and its parameters
 *        (RFC 2231 continuations), multipart bodies of any depth,
 *        message/rfc822 nesting, and each part's offsets, sizes and lines.
 *
 * @chapter{fetching}
 * @rfc RFC 2045 §5-6 (Content-Type, Content-Transfer-Encoding), RFC 2046
 *      §5.1 (multipart, boundaries), §5.2.1 (message/rfc822), RFC 2231 §3
 *      (parameter continuations), RFC 2183 (Content-Disposition),
 *      RFC 3501 §6.4.5 (part numbers)
 *
 * mime_parse() turns a message (in CRLF form, message_parse.h) into a tree
 * of struct mime_part.  Every part records where its header and body lie
 * in the message, so a FETCH of `BODY[2.1.TEXT]<0.512>` is a lookup and a
 * slice, and BODYSTRUCTURE is a walk over the tree.  Part numbers follow
 * RFC 3501 §6.4.5: the children of a multipart are 1, 2, ...; a
 * message/rfc822 part's own number names its encapsulated message's body
 * parts; a non-multipart message has the single part 1.
 */
#ifndef MM_MIME_H
#define MM_MIME_H

#include <stddef.h>

/** Deepest nesting of multiparts and messages parsed; deeper parts are
 *  treated as plain data (a hostile message cannot exhaust the stack). */
#define MIME_DEPTH_MAX 32

/** One `name=value` parameter. */
struct mime_param {
    char *name;  /**< the name, lower case (after RFC 2231 joining) */
    char *value; /**< the value, unquoted */
};

/** A parameter list. */
struct mime_params {
    struct mime_param *p; /**< the parameters, in order */
    size_t n;             /**< how many */
};

/** One part of a message (the message itself is the root). */
struct mime_part {
    char *type;                 /**< media type, lower case ("text" by default) */
    char *subtype;              /**< subtype, lower case ("plain" by default) */
    struct mime_params params;  /**< Content-Type parameters */
    char *id;                   /**< Content-ID, or NULL */
    char *description;          /**< Content-Description, or NULL */
    char *encoding;             /**< Content-Transfer-Encoding, or NULL (7bit) */
    char *md5;                  /**< Content-MD5, or NULL */
    char *disposition;          /**< Content-Disposition type, or NULL */
    struct mime_params disp_params; /**< its parameters */
    char *language;             /**< Content-Language, or NULL */
    char *location;             /**< Content-Location, or NULL */
    size_t header_off;          /**< where the part's header starts */
    size_t header_len;          /**< its length, the empty line included (0 when none) */
    size_t body_off;            /**< where the body starts */
    size_t body_len;            /**< its length */
    size_t body_lines;          /**< lines in the body */
    struct mime_part *children; /**< multipart: the parts (1, 2, ...) */
    size_t nchildren;           /**< how many */
    struct mime_part *message;  /**< message/rfc822: the encapsulated message, or NULL */
};

/**
 * @brief Parse the MIME structure of a message.
 * @param msg the message in CRLF form
 * @param len its length
 * @return the root part (free with mime_free()), NULL when out of memory
 */
struct mime_part *mime_parse(const char *msg, size_t len);

/**
 * @brief Free a tree returned by mime_parse().
 * @param root the root (may be NULL)
 */
void mime_free(struct mime_part *root);

/**
 * @brief Parse a Content-Type-like value: `type/subtype; a=1; b="x y"`.
 *
 * Also used for Content-Disposition (`attachment; filename=x`), where
 * there is no `/`: the whole token goes to @p type and @p subtype is NULL.
 * RFC 2231 continuations (`name*0=a; name*1=b`) are joined into one
 * parameter `name`; an extended value (`name*=utf-8''%E2%82%AC`, or
 * `name*0*=...`) is joined into `name*` and kept encoded, as written.
 * @param value the field value (unfolded)
 * @param type receives the type, lower case (malloc'd, NULL if none)
 * @param subtype receives the subtype, lower case (malloc'd, or NULL)
 * @param params receives the parameters; free with mime_params_free()
 * @return 0, or -1 when out of memory
 */
int mime_parse_content_type(const char *value, char **type, char **subtype,
                            struct mime_params *params);

/**
 * @brief Free a parameter list.
 * @param ps the list
 */
void mime_params_free(struct mime_params *ps);

/**
 * @brief A parameter's value by name (case-insensitive).
 * @param ps the list
 * @param name the name
 * @return the value, or NULL
 */
const char *mime_param(const struct mime_params *ps, const char *name);

/**
 * @brief Find a part by its RFC 3501 §6.4.5 part number (`2.1.3`).
 *
 * @p root is the message.  The part numbers of a message's body: if the
 * body is multipart, N is its N-th child; otherwise the only number is 1,
 * the body itself.  A message/rfc822 part's numbers continue into the
 * encapsulated message the same way.
 * @param root the message
 * @param nums the numbers
 * @param n how many (0 gives @p root)
 * @return the part, or NULL when there is none
 */
const struct mime_part *mime_find(const struct mime_part *root, const unsigned long *nums,
                                  size_t n);

#endif /* MM_MIME_H */
