/**
 * @file imap_client.h
 * @brief The client side of IMAP: reading responses (with literals),
 *        tags, sending commands and literals, CAPABILITY, LOGIN and
 *        AUTHENTICATE PLAIN.
 *
 * @chapter{imap-client}
 * @rfc RFC 3501 §2.2 (commands and responses), §4.3 (literals), §6.1.1
 *      (CAPABILITY), §6.2.2 (AUTHENTICATE), §6.2.3 (LOGIN), §7 (server
 *      responses), §9 (formal syntax); RFC 7888 (LITERAL+, LITERAL-);
 *      RFC 4616 (PLAIN)
 *
 * Chapters 8 and 9 read IMAP from the server's side of the wire.  A
 * client sees the other half of RFC 3501 §2.2: after each command it
 * reads any number of *untagged* responses (`* ...`), perhaps a
 * *continuation request* (`+ ...`), and finally the *tagged* response
 * with its own tag, `OK`, `NO` or `BAD`.  Any response may carry
 * literals -- `{n}` CRLF and n octets -- wherever a string is allowed:
 * a whole message arrives that way in `* 1 FETCH (BODY[] {2345}`.
 *
 * A struct imap_client wraps one connection: chapter 2's line reader
 * (lr_read_line(), lr_read_exact() for the literals) and output buffer,
 * chapter 8's writer for the strings it sends (imap_string_form() decides
 * atom, quoted string or literal).  A response is read whole into a
 * struct imc_response -- its lines joined with CRLF and its literals
 * inline, the way chapter 8's server collects a command -- so chapter 8's
 * parser (imap_parse.h) can take it apart afterwards.
 *
 * Sending a command is imc_begin(), then pieces (imc_raw(), imc_astring(),
 * imc_literal()), then imc_finish(), which reads responses up to the
 * tagged one.  A literal the client sends is *synchronising*: after
 * `{n}` CRLF the client must wait for the server's `+` before the octets
 * (RFC 3501 §7.5) -- unless the server advertised LITERAL+ (RFC 7888),
 * when the client writes `{n+}` and the octets at once.
 */
#ifndef MM_IMAP_CLIENT_H
#define MM_IMAP_CLIENT_H

#include <stddef.h>

#include "imap_write.h"
#include "linereader.h"
#include "outbuf.h"

/** Longest response line accepted, CRLF included (RFC 2683 §3.2.1.5 asks
 *  servers to keep lines reasonable; a LIST of a big tree stays far below). */
#define IMC_LINE_MAX 65536
/** Largest literal accepted inside one response (a whole message may come
 *  in one; 64 MiB is more than any demo sends). */
#define IMC_LITERAL_MAX ((size_t)64 * 1024 * 1024)
/** Longest tag: the client's own are `A0001`; a server's may be longer. */
#define IMC_TAG_MAX 64

/** The three kinds of server responses (RFC 3501 §2.2.2). */
enum imc_kind {
    IMC_UNTAGGED = 0, /**< `* ...`: data or a status the client did not ask for */
    IMC_TAGGED,       /**< `A0001 OK ...`: the end of command A0001 */
    IMC_CONTINUE      /**< `+ ...`: the server is ready for more of the command */
};

/** The status word of a status response (RFC 3501 §7.1), if any. */
enum imc_status {
    IMC_ST_NONE = 0, /**< not a status response (`* 3 EXISTS`, `+ ...`) */
    IMC_ST_OK,       /**< OK */
    IMC_ST_NO,       /**< NO: the command failed */
    IMC_ST_BAD,      /**< BAD: the command was not understood */
    IMC_ST_PREAUTH,  /**< PREAUTH (greeting only): already logged in */
    IMC_ST_BYE       /**< BYE: the server is closing the connection */
};

/** What reading or sending found (the functions' return values). */
enum imc_result {
    IMC_DONE = 0,   /**< success */
    IMC_EOF,        /**< the server closed the connection */
    IMC_TIMEOUT,    /**< nothing arrived within the timeout */
    IMC_IOERR,      /**< read or write failed (errno set) */
    IMC_GARBAGE,    /**< the server sent something that is not a response */
    IMC_TOOBIG      /**< a line or literal beyond the limits above */
};

/**
 * @brief One whole response, literals included.
 * @c buf holds the response's lines joined by CRLF with each literal's
 * octets right after the CRLF of its `{n}` line (the final CRLF dropped),
 * NUL-terminated for convenience (a literal may contain NULs: use
 * @c len).  @c text is where the text after the tag (or `+ `) starts.
 */
struct imc_response {
    enum imc_kind kind;          /**< untagged, tagged or continuation */
    enum imc_status status;      /**< OK/NO/BAD/PREAUTH/BYE, or none */
    char tag[IMC_TAG_MAX + 1];   /**< the tag (tagged responses), else "" */
    char *buf;                   /**< the response (see above) */
    size_t len;                  /**< its length */
    size_t cap;                  /**< allocated (internal) */
    size_t text;                 /**< offset of the text after tag/`*`/`+` and its space */
    unsigned nliterals;          /**< how many literals it carried */
};

/**
 * @brief Called for each untagged response read while waiting for a
 *        tagged one (and for a continuation nobody waited for).
 * @param arg  imap_client.arg
 * @param r    the response (valid during the call)
 */
typedef void (*imc_handler)(void *arg, const struct imc_response *r);

/** One connection to an IMAP server.  Treat the members as read-only. */
struct imap_client {
    struct linereader lr;        /**< chapter 2's reader on the socket */
    struct outbuf ob;            /**< chapter 2's output buffer */
    struct imap_out w;           /**< chapter 8's writer on @c ob */
    unsigned next_tag;           /**< number of the next tag (A0001 = 1) */
    char tag[IMC_TAG_MAX + 1];   /**< the tag of the command being sent */
    int literal_plus;            /**< 1: the server offers LITERAL+ or LITERAL- */
    int failed;                  /**< a sending step already failed (enum imc_result) */
    int completed;               /**< the command ended early (a literal was refused) */
    char *caps;                  /**< last CAPABILITY list, upper case, space separated */
    imc_handler on_untagged;     /**< untagged responses go here, or nowhere */
    void *arg;                   /**< passed to @c on_untagged */
    struct imc_response done;    /**< the tagged response of the last command */
};

/**
 * @brief Set up an empty response.
 * @param r  the response
 */
void imc_response_init(struct imc_response *r);

/**
 * @brief Release a response's memory (it can be initialised again).
 * @param r  the response
 */
void imc_response_free(struct imc_response *r);

/**
 * @brief Set up a client on a connected descriptor.
 * @param c           the client
 * @param fd          the connection (not closed by the client)
 * @param timeout_ms  longest wait for the server; < 0 waits forever
 */
void imc_init(struct imap_client *c, int fd, int timeout_ms);

/**
 * @brief Release the client's memory (not the descriptor).
 * @param c  the client
 */
void imc_free(struct imap_client *c);

/**
 * @brief Set where untagged responses go while a command runs.
 * @param c    the client
 * @param fn   the handler, or NULL to drop them
 * @param arg  passed to @p fn
 */
void imc_set_handler(struct imap_client *c, imc_handler fn, void *arg);

/**
 * @brief Read one whole response, literals included.
 * @param c  the client
 * @param r  receives the response (its memory is reused)
 * @return #IMC_DONE or the reason there is no response
 */
enum imc_result imc_read_response(struct imap_client *c, struct imc_response *r);

/**
 * @brief Read the server's greeting (RFC 3501 §7.1: `* OK`, `* PREAUTH`
 *        or `* BYE`); a `[CAPABILITY ...]` code in it is remembered.
 * @param c  the client
 * @param r  receives the greeting
 * @return #IMC_DONE, or #IMC_GARBAGE when it is not an untagged status
 */
enum imc_result imc_greeting(struct imap_client *c, struct imc_response *r);

/**
 * @brief Start a command: make the next tag (`A0001`, `A0002`, ...) and
 *        write it and a space.
 * @param c  the client
 * @return the tag (valid until the next imc_begin())
 */
const char *imc_begin(struct imap_client *c);

/**
 * @brief Write text into the command as it is (a verb, spaces, atoms).
 * @param c     the client
 * @param text  the text (no CR or LF)
 * @return 0, or -1 after a failure (imc_finish() reports it)
 */
int imc_raw(struct imap_client *c, const char *text);

/**
 * @brief Write a string as an astring: an atom, a quoted string or a
 *        literal, whichever chapter 8's imap_string_form() says fits.
 * @param c     the client
 * @param data  the octets
 * @param len   how many
 * @return 0, or -1 after a failure or a refused literal
 */
int imc_astring(struct imap_client *c, const char *data, size_t len);

/**
 * @brief Write a literal: `{n+}` and the octets when the server has
 *        LITERAL+, else `{n}`, wait for the continuation, then the octets.
 * While waiting, untagged responses go to the handler; a tagged response
 * instead of `+` means the server refused the command (imc_finish() then
 * returns it without reading more).
 * @param c     the client
 * @param data  the octets (anything, CR LF and NUL included)
 * @param len   how many
 * @return 0, or -1 after a failure or a refusal
 */
int imc_literal(struct imap_client *c, const char *data, size_t len);

/**
 * @brief Write a literal in the form the caller chooses: `{n+}` and the
 *        octets at once (@p nonsync = 1, RFC 7888), or `{n}`, the wait for
 *        the continuation and then the octets (@p nonsync = 0, RFC 3501
 *        §7.5), whatever the server advertised.
 * imc_literal() picks the form from the capabilities and calls this; the
 * shell of minimail-imap calls it with the form its user typed, so that
 * both can be watched on the wire.  A `{n+}` to a server without LITERAL+
 * is a protocol error the server will answer (usually BAD).
 * @param c        the client
 * @param data     the octets
 * @param len      how many
 * @param nonsync  1 for `{n+}`, 0 for `{n}`
 * @return 0, or -1 after a failure or a refusal
 */
int imc_literal_as(struct imap_client *c, const char *data, size_t len, int nonsync);

/**
 * @brief End the command (CRLF), send it and read responses up to the
 *        tagged one, handing untagged responses to the handler.
 * @param c  the client
 * @param r  receives the tagged response, or NULL (it stays in c->done)
 * @return #IMC_DONE when the tagged response arrived (look at its status)
 */
enum imc_result imc_finish(struct imap_client *c, struct imc_response *r);

/**
 * @brief Send a command made only of @p text (no strings to quote) and
 *        wait for its tagged response.
 * @param c     the client
 * @param text  the command without tag, e.g. "NOOP" or "LIST \"\" *"
 * @param r     receives the tagged response, or NULL
 * @return as imc_finish()
 */
enum imc_result imc_simple(struct imap_client *c, const char *text, struct imc_response *r);

/**
 * @brief Ask for and remember the capabilities (RFC 3501 §6.1.1).
 * @param c  the client
 * @return as imc_finish(); c->caps holds the list after an OK
 */
enum imc_result imc_capability(struct imap_client *c);

/**
 * @brief Did the last capability list name @p name (case-insensitive)?
 * @param c     the client
 * @param name  e.g. "IMAP4rev1", "LITERAL+", "AUTH=PLAIN"
 * @return 1 or 0
 */
int imc_has_cap(const struct imap_client *c, const char *name);

/**
 * @brief Log in with LOGIN (RFC 3501 §6.2.3); the user name and password
 *        go as astrings (quoted or literals as needed).
 * @param c     the client
 * @param user  the user name
 * @param pass  the password
 * @param r     receives the tagged response, or NULL
 * @return as imc_finish()
 */
enum imc_result imc_login(struct imap_client *c, const char *user, const char *pass,
                          struct imc_response *r);

/**
 * @brief Log in with AUTHENTICATE PLAIN (RFC 3501 §6.2.2, RFC 4616):
 *        `\0user\0password` in base64 after the server's `+`.
 * @param c     the client
 * @param user  the user name
 * @param pass  the password
 * @param r     receives the tagged response, or NULL
 * @return as imc_finish()
 */
enum imc_result imc_authenticate_plain(struct imap_client *c, const char *user,
                                       const char *pass, struct imc_response *r);

/**
 * @brief The status word's name.
 * @param st  the status
 * @return "OK", "NO", ..., or "" for none
 */
const char *imc_status_str(enum imc_status st);

/**
 * @brief A short English name of a result, for messages.
 * @param res  the result
 * @return a static string such as "timed out"
 */
const char *imc_result_str(enum imc_result res);

#endif /* MM_IMAP_CLIENT_H */
