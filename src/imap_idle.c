/**
 * @file imap_idle.c
 * @brief IDLE: the client waits, the server tells it about new mail,
 *        flag changes and expunges as they happen.
 *
 * @chapter{changing-mail}
 * @rfc RFC 2177 (IDLE); RFC 3501 §5.2 (mailbox size and message status
 *      updates), §5.4 (autologout), §7.3.1 (EXISTS), §7.4.1 (EXPUNGE),
 *      §7.4.2 (FETCH), §7.5 (continuation request)
 *
 * Without IDLE, a client that wants to know about new mail has to ask:
 * `NOOP` every few minutes, and the server answers with whatever changed
 * (chapter 9's before_tagged hook).  RFC 2177 turns this round: the
 * client says `IDLE`, the server answers `+ idling` and from then on
 * sends untagged updates whenever something changes, until the client
 * says `DONE` on a line of its own; the server then ends the command
 * with its tagged OK:
 *
 *     C: a1 IDLE
 *     S: + idling
 *     S: * 4 EXISTS          (mail arrived)
 *     S: * 2 EXPUNGE         (another session expunged message 2)
 *     C: DONE
 *     S: a1 OK IDLE terminated
 *
 * EXPUNGE is allowed while idling: IDLE is a command in progress that
 * names no messages, like NOOP (RFC 3501 §7.4.1 only forbids EXPUNGE
 * during FETCH, STORE and SEARCH, whose answers carry sequence numbers).
 *
 * ## How the server notices changes: polling, not notification
 *
 * The session is one process blocked on one socket (chapter 3).  While
 * idling it must watch two things at once: the socket, for `DONE`, and
 * the Maildir, for changes.  It does so the simplest way that is
 * portable: it waits for the socket with a short timeout
 * (#IMAP_IDLE_POLL_MS, chapter 8's imap_wait_input()), and each time the
 * wait ends without input it looks at the mailbox with chapter 9's
 * imap_mailbox_announce(), which costs two stat(2) calls when nothing
 * changed (the directories' modification times).  A change is therefore
 * reported at most #IMAP_IDLE_POLL_MS after it happened.
 *
 * The alternative is to ask the kernel to wake us up: inotify(7) on
 * Linux, kqueue(2) on the BSDs and macOS.  Reports become immediate and
 * an idle session costs nothing at all -- Dovecot does this, with a
 * timed check as a fallback.  But the two interfaces are not POSIX and
 * not alike, each needs its own code and its own tests, and a learner
 * on a Mac could not run the Linux one.  Half a second of latency is
 * invisible to a person reading mail, so the book polls, and leaves the
 * kernel interfaces as an exercise for the curious.
 *
 * One trap comes with modification times: the kernel stamps them from a
 * clock that ticks every few milliseconds, so two changes within one
 * tick leave the same time, and a look between them would hide the
 * second one for good (nothing would change the time again).  Chapter
 * 9's mailbox_refresh() closes it for every command: times read young
 * are looked behind once more when they have settled (mailbox.c,
 * look_again()), at most #MAILBOX_SETTLE_S seconds later.
 *
 * The autologout timer and the server's shutdown flag keep working while
 * idling (imap_wait_input() watches both and says `* BYE`); RFC 2177 §3
 * allows the server to log out a client that idles too long, which is
 * why clients re-issue IDLE every 29 minutes.  A client that sends
 * anything but `DONE` gets `BAD` and the IDLE ends.  IDLE without a
 * selected mailbox (authenticated state) is allowed and simply waits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imap_changing.h"

#include <strings.h>

#include "imap_mailboxes.h"

/** How long IDLE waits for the client before it looks at the mailbox
 *  again (milliseconds): the longest delay of an update while idling. */
#define IMAP_IDLE_POLL_MS 500

static int done(int rc)
{
    return rc < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}


/* [idle-loop] */
int imap_cmd_idle(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* RFC 2177 §3: "the server sends a continuation command response";
     * its text is free, Dovecot's "idling" is what people know. */
    if (imap_continue(s, "idling") < 0)
        return IMAP_CMD_ERROR;
    for (;;) {
        char *line;
        size_t len;

        /* 1. Tell the client what changed: * n EXPUNGE, * n FETCH (FLAGS
         *    ...), * n EXISTS, * n RECENT -- chapter 9 knows what it was
         *    told already.  EXPUNGE is allowed: IDLE's row does not carry
         *    IMAP_CMD_NO_EXPUNGE.  With no mailbox selected it does nothing. */
        if (imap_mailbox_announce(s, 0) < 0)
            return IMAP_CMD_ERROR;
        if (s->state == IMAP_STATE_LOGOUT)
            return IMAP_CMD_CLOSE;      /* the mailbox was deleted: BYE sent */

        /* 2. Wait a little for the client (flushing what was just said). */
        switch (imap_wait_input(s, IMAP_IDLE_POLL_MS)) {
        case IMAP_LINE_TIMEOUT:
            continue;                   /* nothing said: look at the mailbox again */
        case IMAP_LINE_END:
            return IMAP_CMD_CLOSE;      /* autologout or shutdown: BYE sent */
        case IMAP_LINE_ERROR:
            return IMAP_CMD_ERROR;
        default:
            break;                      /* the client spoke */
        }

        /* 3. It spoke: read the whole line (a line that comes in pieces
         *    is waited for with the autologout timer, never cut). */
        switch (imap_read_line(s, -1, &line, &len)) {
        case IMAP_LINE_OK:
            /* idle = "IDLE" CRLF "DONE" (RFC 2177 §4; any case, as
             * every ABNF string). */
            if (len == 4 && strncasecmp(line, "DONE", 4) == 0)
                return done(imap_ok(s, NULL, "IDLE terminated"));
            return done(imap_bad(s, NULL, "Expected DONE to end IDLE"));
        case IMAP_LINE_BAD:
            return done(imap_bad(s, NULL, "Expected DONE to end IDLE (bad line)"));
        case IMAP_LINE_END:
            return IMAP_CMD_CLOSE;      /* EOF, autologout or shutdown */
        default:
            return IMAP_CMD_ERROR;
        }
    }
}
/* [idle-loop] */
