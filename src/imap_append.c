/**
 * @file imap_append.c
 * @brief APPEND: a whole message from the client into a mailbox, with its
 *        flags and internal date, answered with its UID (UIDPLUS).
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.3.11 (APPEND), §7.5 (the `+` continuation), §9
 *      (append, date-time, flag-list); RFC 4315 §3 (APPENDUID); RFC 7888
 *      §4 (non-synchronising literals over the limit); RFC 9051 §7.1
 *      (TOOBIG)
 *
 * By the time imap_cmd_append() runs, the hard part is over: chapter 8's
 * reader has read the whole command, literal and all.  It did so in two
 * steps, and the limit sits between them:
 *
 *     C: a1 APPEND Drafts (\Draft) {310}
 *     S: + Ready for literal data        <- only if 310 <= the APPEND row's
 *     C: <310 octets>                        max_literal; else NO [TOOBIG]
 *     S: a1 OK [APPENDUID 1732712345 4] APPEND completed
 *
 * The reader asks imap_session.c's literal_limit(), which finds the
 * command's row -- this chapter's APPEND row, whose max_literal is the
 * server's `--max-append-size` -- *before* it sends `+`, so a message
 * over the limit is refused without reading one octet of it.  With
 * LITERAL+ (`{310+}`, RFC 7888) the client sends at once; a refused one
 * is read and dropped, or the connection closed (imap_read.h).
 *
 * What is left here: parse the arguments, check the mailbox, hand the
 * octets to mailbox_add.h, answer.  A mailbox that does not exist gets
 * `NO [TRYCREATE]` (§6.3.11: the client may CREATE it and try again);
 * an empty message, a bad date or a bad flag is `BAD`.
 */
#include "imap_append.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "folders.h"
#include "imap_changing.h"
#include "imap_date.h"
#include "imap_mailboxes.h"
#include "log.h"
#include "mailbox.h"
#include "mailbox_add.h"
#include "mailbox_name.h"
#include "storeflags.h"

/* A handler's return value from a response function's. */
static int done(int rc)
{
    return rc < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK;
}

/* @p n digits at text[*i] as a number, moving *i; -1 if they are not. */
static int number(const char *text, size_t len, size_t *i, size_t n)
{
    int v = 0;

    if (*i + n > len)
        return -1;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)text[*i + k];
        if (!isdigit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    *i += n;
    return v;
}

/* Is text[*i] the octet @p c?  Moves past it when it is. */
static int sep(const char *text, size_t len, size_t *i, char c)
{
    if (*i >= len || text[*i] != c)
        return 0;
    (*i)++;
    return 1;
}

/* [append-date-time] */
int imap_date_time_parse(const char *text, size_t len, time_t *out)
{
    size_t i = 0;
    int day, mon, year, hh, mm, ss, zone, sign;

    /* date-day-fixed: " 7" or "07" -- and "7", which some clients send. */
    sep(text, len, &i, ' ');
    if ((day = number(text, len, &i, 1)) < 0)
        return -1;
    if (i < len && isdigit((unsigned char)text[i]))
        day = day * 10 + number(text, len, &i, 1);
    if (!sep(text, len, &i, '-') || i + 3 > len ||
        (mon = imap_month_number(text + i, 3)) == 0)
        return -1;
    i += 3;
    if (!sep(text, len, &i, '-') || (year = number(text, len, &i, 4)) < 0 ||
        !sep(text, len, &i, ' ') || (hh = number(text, len, &i, 2)) < 0 ||
        !sep(text, len, &i, ':') || (mm = number(text, len, &i, 2)) < 0 ||
        !sep(text, len, &i, ':') || (ss = number(text, len, &i, 2)) < 0 ||
        !sep(text, len, &i, ' ') || i >= len || (text[i] != '+' && text[i] != '-'))
        return -1;
    sign = text[i++] == '-' ? -1 : 1;
    if ((zone = number(text, len, &i, 4)) < 0 || i != len)
        return -1;
    /* Ranges: a real day of that month (29 February in leap years only),
     * a real time (second 60 is a leap second), a zone within a day. */
    if (year < 1900 || day < 1 || day > imap_days_in_month(year, mon) ||
        hh > 23 || mm > 59 || ss > 60 || zone / 100 > 23 || zone % 100 > 59)
        return -1;
    /* Local time minus the zone's offset is UTC. */
    long long t = imap_day_number(year, mon, day) * 86400LL + hh * 3600LL + mm * 60LL + ss
                  - sign * ((zone / 100) * 3600LL + (zone % 100) * 60LL);
    if ((long long)(time_t)t != t)
        return -1;                          /* a 32-bit time_t after 2038 */
    *out = (time_t)t;
    return 0;
}
/* [append-date-time] */

/* [append-flags] */
int imap_append_flags(struct imap_parser *p, unsigned *flags)
{
    struct imap_value v;
    unsigned bit;

    *flags = 0;
    if (imap_p_char(p, '(') < 0)
        return -1;
    /* flag-list = "(" [flag *(SP flag)] ")": each flag an atom, maybe
     * after one backslash (an atom that may hold `\`, then checked by
     * STORE's rules, so the two commands accept exactly the same flags). */
    if (imap_p_peek(p) != ')') {
        for (;;) {
            if (imap_p_atom_ex(p, "\\", &v) < 0 ||
                store_parse_flag(v.data, v.len, &bit) < 0) {
                p->error = "Invalid flag";
                return -1;
            }
            *flags |= bit;
            if (imap_p_peek(p) != ' ')
                break;
            imap_p_sp(p);
        }
    }
    return imap_p_char(p, ')');
}
/* [append-flags] */

/* NO for a mailbox that cannot take the message: [TRYCREATE] when it
 * does not exist -- RFC 3501 §6.3.11: the client may create it and
 * append again -- else plain NO. */
static int no_target(struct imap_session *s, enum folder_result fr, const char *name)
{
    if (fr == FOLDER_NONEXISTENT)
        return done(imap_no(s, "TRYCREATE", "Mailbox does not exist: %s", name));
    return done(imap_no(s, NULL, "Mailbox cannot hold messages: %s", name));
}

/* [append-handler] */
int imap_cmd_append(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value mbox, date, msg;
    char name[MBNAME_BUFSZ], dir[PATH_MAX], err[MAILBOX_ADD_ERRLEN];
    struct mailbox_add add;
    struct mailbox *sel;
    time_t when = MAILBOX_ADD_NOW;
    unsigned flags = 0;
    enum folder_result fr;
    int r;

    /* append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal
     * -- all of it parsed first, so a syntax error is BAD whatever the
     * mailbox is. */
    if (imap_p_sp(args) < 0 || imap_p_astring(args, &mbox) < 0 || imap_p_sp(args) < 0)
        return imap_bad_syntax(s, args);
    if (imap_p_peek(args) == '(' &&
        (imap_append_flags(args, &flags) < 0 || imap_p_sp(args) < 0))
        return imap_bad_syntax(s, args);
    if (imap_p_peek(args) == '"') {
        if (imap_p_quoted(args, &date) < 0 || imap_p_sp(args) < 0)
            return imap_bad_syntax(s, args);
        if (imap_date_time_parse(date.data, date.len, &when) < 0)
            return done(imap_bad(s, NULL, "Invalid date-time (expected \"dd-Mon-yyyy hh:mm:ss +zzzz\")"));
    }
    if (imap_p_literal(args, &msg) < 0 || imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    if (msg.len == 0)
        return done(imap_bad(s, NULL, "Empty message"));
    if (imap_mailbox_value(s, &mbox, name, sizeof name, &r) < 0)
        return r;
    if ((fr = folder_status(s->maildir, name)) != FOLDER_OK)
        return no_target(s, fr, name);
    if (mbname_to_dir(s->maildir, name, dir, sizeof dir) < 0 ||
        mailbox_add_begin(&add, s->maildir, dir) < 0)
        return done(imap_no(s, "CANNOT", "Mailbox path too long"));
    if (mailbox_add_data(&add, msg.data, msg.len, flags, when, err, sizeof err) < 0) {
        log_msg("%s: APPEND to %s: %s", s->peer, name, err);
        mailbox_add_free(&add);
        return done(imap_no(s, "SERVERBUG", "Message not stored, see the server log"));
    }
    /* Stored and durable; now its UID (a scan under the UID map lock). */
    if (mailbox_add_commit(&add, err, sizeof err) < 0)
        log_msg("%s: APPEND to %s: no UID yet: %s", s->peer, name, err);
    /* §6.3.11: if the mailbox is the selected one, "the server SHOULD
     * notify the client immediately via an untagged EXISTS response". */
    if ((sel = imap_selected_mailbox(s)) != NULL && strcmp(sel->name, name) == 0 &&
        imap_mailbox_announce(s, 1) < 0) {
        mailbox_add_free(&add);
        return IMAP_CMD_ERROR;
    }
    /* RFC 4315 §3: resp-code-apnd = "APPENDUID" SP nz-number SP append-uid */
    char code[48] = "";
    if (add.msgs[0].uid != 0)               /* no UID (scan failed): no code, still OK */
        snprintf(code, sizeof code, "APPENDUID %lu %lu", (unsigned long)add.uidvalidity,
                 (unsigned long)add.msgs[0].uid);
    mailbox_add_free(&add);
    return done(imap_ok(s, code[0] ? code : NULL, "APPEND completed"));
}
/* [append-handler] */
