/**
 * @file lines_session.c
 * @brief One session of the "lines" teaching protocol, on any pair of fds.
 *
 * @chapter{lines}
 * @rfc RFC 5321 §2.3.8, §4.1.1.4-5 (NOOP, QUIT), §4.2, §4.5.3.1.4,
 *      §4.5.3.2; RFC 2920 §3
 *
 * The session is the shape every server in the book keeps: read a line,
 * sort out what is wrong with it *as a line* (too long, bare LF, NUL),
 * find the verb in a table, call its handler, and let the line reader
 * flush the replies when it is about to wait.  Chapter 4's SMTP session
 * has the same loop with a bigger table and a state.
 */
#include "lines_session.h"

#include "linereader.h"
#include "log.h"
#include "outbuf.h"
#include "reply.h"
#include "trace.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/** What a command handler returns: go on, or end the session. */
enum { CMD_CONTINUE = 0, CMD_QUIT = 1 };

/** A command handler gets the output buffer and the argument: the text
 *  after "VERB " (NULL when the line was the verb alone); it returns
 *  CMD_CONTINUE or CMD_QUIT. */
typedef int (*cmd_fn)(struct outbuf *ob, const char *arg);

/* ECHO text: the whole point of the protocol -- text in, same text out.
 * The argument is everything after the first space, spaces included. */
static int cmd_echo(struct outbuf *ob, const char *arg)
{
    if (arg == NULL || *arg == '\0')
        reply(ob, 501, "Syntax: ECHO text");
    else
        reply(ob, 250, "%s", arg);
    return CMD_CONTINUE;
}

/* NOOP: do nothing, successfully (RFC 5321 §4.1.1.9). */
static int cmd_noop(struct outbuf *ob, const char *arg)
{
    if (arg != NULL)
        reply(ob, 501, "Syntax: NOOP");
    else
        reply(ob, 250, "OK");
    return CMD_CONTINUE;
}

/* [lines-help] */
/* HELP: a multi-line reply (RFC 5321 §4.2.1) -- "214-" on every line but
 * the last, "214 " on the last. */
static int cmd_help(struct outbuf *ob, const char *arg)
{
    static const char *const help[] = {
        "Commands of the lines protocol (end each line with CRLF):",
        "  ECHO text   replies 250 and the text",
        "  NOOP        replies 250 OK",
        "  HELP        this list",
        "  QUIT        replies 221 Bye and closes the connection",
        "End of HELP",
    };

    if (arg != NULL)
        reply(ob, 501, "Syntax: HELP");
    else
        reply_lines(ob, 214, help, sizeof help / sizeof help[0]);
    return CMD_CONTINUE;
}
/* [lines-help] */

/* QUIT: say goodbye; the caller closes (RFC 5321 §4.1.1.10). */
static int cmd_quit(struct outbuf *ob, const char *arg)
{
    if (arg != NULL) {
        reply(ob, 501, "Syntax: QUIT");
        return CMD_CONTINUE;
    }
    reply(ob, 221, "Bye");
    return CMD_QUIT;
}

/* [lines-table] */
/* The verb table.  Adding a command is adding a row; the loop below never
 * changes.  (Chapter 4 builds its SMTP session on the same idea.) */
static const struct {
    const char *verb;
    cmd_fn fn;
} commands[] = {
    { "ECHO", cmd_echo },
    { "NOOP", cmd_noop },
    { "HELP", cmd_help },
    { "QUIT", cmd_quit },
};
/* [lines-table] */

/* Split "VERB rest" at the first space, look the verb up (verbs are
 * case-insensitive, as in SMTP: RFC 5321 §2.4) and run its handler. */
static int dispatch(struct outbuf *ob, char *line)
{
    char *sp = strchr(line, ' ');
    const char *arg = NULL;

    if (sp != NULL) {
        *sp = '\0';
        arg = sp + 1;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcasecmp(line, commands[i].verb) == 0)
            return commands[i].fn(ob, arg);
    reply(ob, 500, "Unknown command");
    return CMD_CONTINUE;
}

/* [lines-session-loop] */
int lines_session(int in_fd, int out_fd, const struct lines_config *cfg)
{
    char why[LOG_ERRLEN];       /* strerror's text, ours alone */
    struct linereader lr;
    struct outbuf ob;
    char line[LINES_MAX_LINE];
    int result = 0;

    outbuf_init(&ob, out_fd, TRACE_SERVER);
    lr_init(&lr, in_fd, TRACE_CLIENT);
    if (cfg->idle_timeout_s <= 0)
        lr_set_timeout(&lr, -1);                /* wait forever */
    else if (cfg->idle_timeout_s > INT_MAX / 1000)
        lr_set_timeout(&lr, INT_MAX);           /* ~24 days: close enough */
    else
        lr_set_timeout(&lr, cfg->idle_timeout_s * 1000);
    lr_set_interrupt(&lr, cfg->stop);
    lr_set_flush(&lr, outbuf_flush_hook, &ob);  /* replies leave when we wait */

    reply(&ob, 220, "minimail lines server ready");
    for (;;) {
        size_t len;
        unsigned flags;
        enum lr_status st = lr_read_line(&lr, line, sizeof line, LR_LF_ENDS,
                                         &len, &flags);

        if (st == LR_OK && (flags & LR_F_BARE_CR))
            reply(&ob, 500, "Bare CR in line");
        else if (st == LR_OK) {
            if (dispatch(&ob, line) == CMD_QUIT)
                break;
        } else if (st == LR_TOO_LONG)
            reply(&ob, 500, "Line too long");
        else if (st == LR_BARE_LF)
            reply(&ob, 500, "Line must end with CRLF");
        else if (st == LR_NUL)
            reply(&ob, 500, "NUL byte in line");
        else if (st == LR_TIMEOUT) {
            log_msg("idle for %d seconds, closing", cfg->idle_timeout_s);
            reply(&ob, 421, "Idle timeout, closing connection");
            break;
        } else if (st == LR_INTERRUPTED) {
            reply(&ob, 421, "Server shutting down");
            break;
        } else if (st == LR_EOF) {
            break;                      /* the client closed: fine */
        } else if (st == LR_EOF_PARTIAL) {
            log_msg("client closed in the middle of a line (%zu octets)", len);
            break;
        } else {                        /* LR_ERROR: reading, or the flush */
            log_msg("I/O error: %s", log_strerror(errno, why, sizeof why));
            result = -1;
            break;
        }
        /* The replies go nowhere once a write failed (a client that sends
         * and never reads, cut off by SO_SNDTIMEO): stop reading too. */
        if (outbuf_failed(&ob)) {
            log_msg("write error: %s", log_strerror(outbuf_failed(&ob), why, sizeof why));
            result = -1;
            break;
        }
    }
    /* Whatever ended the session, send what is still buffered (221, 421). */
    if (outbuf_flush(&ob) < 0) {
        if (result == 0)
            log_msg("write error: %s", log_strerror(errno, why, sizeof why));
        result = -1;
    }
    return result;
}
/* [lines-session-loop] */
