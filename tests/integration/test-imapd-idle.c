/*
 * test-imapd-idle.c -- chapter 11's minimail-imapd (chapter changing-mail)
 * on loopback: IDLE (RFC 2177) and several sessions on one mailbox.
 *
 * - IDLE: a delivery into the Maildir gives `* n EXISTS`, another
 *   session's STORE gives `* n FETCH`, its EXPUNGE gives `* n EXPUNGE`,
 *   each within one bounded wait; DONE (any case, or sent at once with the
 *   IDLE line) ends it with OK; anything else is BAD and the session goes
 *   on; IDLE without a mailbox just waits; the autologout timer and the
 *   server's shutdown still end an idling session with `* BYE`.
 * - CHECK and NOOP look at the disk and report what other sessions did.
 * - The stress test: two sessions pipeline STORE, FETCH, UID STORE
 *   \Deleted, EXPUNGE and UID FETCH on the same messages at once while
 *   mail keeps arriving and a third session idles; a model of each
 *   client's view checks every untagged response: no EXPUNGE during
 *   FETCH/STORE (RFC 3501 §7.4.1), no sequence number outside the view,
 *   every UID where the client knows it, no flag ever lost.
 *
 * Messages are put into the Maildir the way a delivery agent does
 * (imapd_drop(): tmp/, then new/), never with the modules under test.
 */
#include "imapd-util.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define IMAPD "chapters/11-changing-mail/minimail-imapd"

static struct imapd D;     /* the server and its Maildir root */

static void setup(void)
{
    imapd_prepare(&D, IMAPD);
}

static void teardown(void)
{
    imapd_down(&D);
}

#define HAS IMAP_HAS
#define OK IMAP_OK

/* Read one line (bounded by testlib's timeout) and return it. */
static const char *line_of(int fd)
{
    static char buf[2][4096];
    static int slot;
    slot ^= 1;
    ssize_t r = tl_read_line(fd, buf[slot], sizeof buf[slot]);
    ck_assert_msg(r > 0, "no line from the server (timeout or EOF)");
    return buf[slot];
}

/* Read lines until one contains @p part; fail on timeout.  Returns it. */
static const char *wait_for(int fd, const char *part)
{
    for (int i = 0; i < 1000; i++) {
        const char *l = line_of(fd);
        if (strstr(l, part) != NULL)
            return l;
    }
    ck_abort_msg("\"%s\" never came", part);
    return NULL;
}

/* Log in as alice and SELECT INBOX (unless @p select is 0). */
static int session(int select)
{
    int fd = imap_login(&D.p, "alice", "secret");
    if (select)
        OK(imap_cmd(fd, "S", "SELECT INBOX", NULL));
    return fd;
}

static void start_idle(int fd, const char *tag)
{
    char line[64];
    snprintf(line, sizeof line, "%s IDLE\r\n", tag);
    ck_assert_int_eq(tl_send(fd, line), 0);
    ck_assert(tl_expect_line(fd, "+ idling"));
}

/* ---- IDLE ----------------------------------------------------------------- */

START_TEST(idle_sees_delivery_store_expunge)
{
    const char *l;
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, 3);
    imapd_start(&D, NULL);
    int a = session(1), b = session(1);
    OK(imap_cmd(a, "c", "CAPABILITY", &l));
    HAS(l, " IDLE");
    start_idle(a, "i1");
    /* Mail arrives: EXISTS (and RECENT: it is this session's news). */
    imapd_drop(D.root, "alice", NULL, 1);
    wait_for(a, "* 4 EXISTS");
    /* Another session changes flags: FETCH with the new flags. */
    OK(imap_cmd(b, "b1", "STORE 2 +FLAGS (\\Flagged)", NULL));
    l = wait_for(a, "FETCH");
    ck_assert_msg(strncmp(l, "* 2 FETCH (FLAGS (", 18) == 0 && strstr(l, "\\Flagged"), "%s", l);
    /* Another session expunges: EXPUNGE is allowed during IDLE. */
    OK(imap_cmd(b, "b2", "STORE 1 +FLAGS.SILENT (\\Deleted)", NULL));
    OK(imap_cmd(b, "b3", "EXPUNGE", NULL));
    ck_assert_str_eq(wait_for(a, "EXPUNGE"), "* 1 EXPUNGE\r\n");
    /* DONE ends it; the numbers the client now knows are right. */
    ck_assert_int_eq(tl_send(a, "DONE\r\n"), 0);
    ck_assert_str_eq(wait_for(a, "i1 "), "i1 OK IDLE terminated\r\n");
    OK(imap_cmd(a, "f", "FETCH 1 (FLAGS)", &l));
    HAS(l, "* 1 FETCH (FLAGS (\\Flagged");
    OK(imap_cmd(a, "n", "NOOP", NULL));
    tl_close(a);
    tl_close(b);
}
END_TEST

START_TEST(idle_done_forms_and_bad)
{
    const char *l;
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, 2);
    imapd_start(&D, NULL);
    int a = session(1);
    /* DONE in any case. */
    start_idle(a, "i1");
    ck_assert_int_eq(tl_send(a, "done\r\n"), 0);
    ck_assert(tl_expect_line(a, "i1 OK IDLE terminated"));
    /* DONE sent at once with the IDLE line (the server still says +). */
    ck_assert_int_eq(tl_send(a, "i2 IDLE\r\nDONE\r\n"), 0);
    ck_assert(tl_expect_line(a, "+ idling"));
    ck_assert(tl_expect_line(a, "i2 OK IDLE terminated"));
    /* DONE in two pieces, the second after more than a poll interval:
     * the server must not cut the line at its poll timeout.  (The pause
     * is the input under test -- a slow client -- not a wait for the
     * server.) */
    start_idle(a, "i3");
    ck_assert_int_eq(tl_send(a, "DO"), 0);
    struct timespec pause = { 0, 700 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    ck_assert_int_eq(tl_send(a, "NE\r\n"), 0);
    ck_assert(tl_expect_line(a, "i3 OK IDLE terminated"));
    /* Anything but DONE: BAD, IDLE over, the session lives on. */
    start_idle(a, "i4");
    ck_assert_int_eq(tl_send(a, "i5 NOOP\r\n"), 0);
    ck_assert(tl_expect_prefix(a, "i4 BAD "));
    start_idle(a, "i6");
    ck_assert_int_eq(tl_send(a, "DONE\n"), 0);          /* bare LF */
    ck_assert(tl_expect_prefix(a, "i6 BAD "));
    start_idle(a, "i7");
    ck_assert_int_eq(tl_send(a, "DONE now\r\n"), 0);
    ck_assert(tl_expect_prefix(a, "i7 BAD "));
    /* IDLE takes no arguments; not before login. */
    l = imap_cmd(a, "i8", "IDLE now", NULL);
    ck_assert_msg(strncmp(l, "i8 BAD ", 7) == 0, "%s", l);
    OK(imap_cmd(a, "n", "NOOP", NULL));
    int c = tl_connect(D.p.host, D.p.port);
    ck_assert_int_ge(c, 0);
    ck_assert(tl_expect_prefix(c, "* OK "));
    l = imap_cmd(c, "i9", "IDLE", NULL);
    ck_assert_msg(strncmp(l, "i9 BAD ", 7) == 0, "%s", l);
    tl_close(c);
    tl_close(a);
}
END_TEST

START_TEST(idle_without_mailbox)
{
    const char *u;
    imapd_make_maildir(D.root, "alice");
    imapd_start(&D, NULL);
    int a = session(0);
    /* Authenticated state: allowed, nothing to watch, waits for DONE;
     * new mail is nobody's news until a mailbox is selected. */
    start_idle(a, "i1");
    imapd_drop(D.root, "alice", NULL, 1);
    ck_assert_int_eq(tl_send(a, "DONE\r\n"), 0);
    ck_assert(tl_expect_line(a, "i1 OK IDLE terminated"));
    OK(imap_cmd(a, "s", "SELECT INBOX", &u));
    HAS(u, "* 1 EXISTS");
    tl_close(a);
}
END_TEST

START_TEST(idle_autologout)
{
    static const char *const extra[] = { "--timeout", "1", NULL };
    imapd_make_maildir(D.root, "alice");
    imapd_start(&D, extra);
    int a = session(1);
    /* The autologout timer runs through IDLE's polls (RFC 2177 §3). */
    start_idle(a, "i1");
    ck_assert(tl_expect_line(a, "* BYE Autologout; idle for too long"));
    ck_assert(tl_expect_eof(a));
    tl_close(a);
}
END_TEST

START_TEST(idle_shutdown)
{
    imapd_make_maildir(D.root, "alice");
    imapd_start(&D, NULL);
    int a = session(1);
    start_idle(a, "i1");
    ck_assert_int_eq(kill(D.p.pid, SIGTERM), 0);
    ck_assert(tl_expect_line(a, "* BYE Server shutting down"));
    ck_assert(tl_expect_eof(a));
    tl_close(a);
}
END_TEST

START_TEST(idle_mailbox_deleted)
{
    imapd_make_maildir(D.root, "alice");
    imapd_start(&D, NULL);
    int a = session(0), b = session(0);
    OK(imap_cmd(b, "b1", "CREATE Work", NULL));
    OK(imap_cmd(a, "a1", "SELECT Work", NULL));
    start_idle(a, "a2");
    /* Without its mailbox the session has nothing to stand on. */
    OK(imap_cmd(b, "b2", "DELETE Work", NULL));
    ck_assert_str_eq(wait_for(a, "* BYE"), "* BYE Selected mailbox was deleted, have to disconnect\r\n");
    ck_assert(tl_expect_eof(a));
    tl_close(a);
    tl_close(b);
}
END_TEST

/* ---- CHECK and NOOP ---------------------------------------------------------- */

START_TEST(check_reports_other_sessions)
{
    const char *u;
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, 3);
    imapd_start(&D, NULL);
    int a = session(1), b = session(1);
    OK(imap_cmd(b, "b1", "STORE 3 +FLAGS (\\Deleted)", NULL));
    OK(imap_cmd(b, "b2", "EXPUNGE", NULL));
    OK(imap_cmd(b, "b3", "STORE 1 +FLAGS (\\Answered)", NULL));
    imapd_drop(D.root, "alice", NULL, 1);
    /* CHECK (RFC 3501 §6.4.1) is a checkpoint; here it also looks. */
    OK(imap_cmd(a, "a1", "CHECK", &u));
    HAS(u, "* 3 EXPUNGE");
    HAS(u, "* 1 FETCH (FLAGS (\\Answered");
    HAS(u, "* 3 EXISTS");
    OK(imap_cmd(b, "b4", "STORE 2 +FLAGS (\\Seen)", NULL));
    OK(imap_cmd(a, "a2", "NOOP", &u));
    HAS(u, "* 2 FETCH (FLAGS (\\Seen");
    /* .SILENT hides the client's own change, not another session's
     * (RFC 3501 §6.4.6): a hears b's \\Flagged with its own \\Answered. */
    OK(imap_cmd(b, "b5", "STORE 2 +FLAGS (\\Flagged)", NULL));
    OK(imap_cmd(a, "a3", "STORE 2 +FLAGS.SILENT (\\Answered)", &u));
    HAS(u, "* 2 FETCH (FLAGS (\\Answered \\Flagged \\Seen");
    ck_assert_int_eq(imap_occurrences(u, "FETCH"), 1);
    OK(imap_cmd(a, "a4", "STORE 1 +FLAGS.SILENT (\\Draft)", &u));
    ck_assert_int_eq(imap_occurrences(u, "FETCH"), 0);
    tl_close(a);
    tl_close(b);
}
END_TEST

START_TEST(fetch_after_other_sessions_store)
{
    const char *u, *t;
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, 3);
    imapd_start(&D, NULL);
    int a = session(1), b = session(1);
    /* b's STORE renames the file of message 2 (the flags are in its
     * name); a still knows the old name, and must find the file anyway:
     * the message was not expunged. */
    OK(imap_cmd(b, "b1", "STORE 2 +FLAGS (\\Flagged)", NULL));
    t = imap_cmd(a, "a1", "FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", &u);
    OK(t);
    HAS(u, "* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)]");
    OK(imap_cmd(b, "b2", "STORE 3 +FLAGS (\\Answered)", NULL));
    t = imap_cmd(a, "a2", "FETCH 3 (RFC822.SIZE)", &u);
    OK(t);
    HAS(u, "* 3 FETCH (RFC822.SIZE ");
    /* And a body fetch sets \\Seen without undoing b's \\Answered. */
    OK(imap_cmd(b, "b3", "STORE 1 +FLAGS (\\Answered)", NULL));
    OK(imap_cmd(a, "a3", "FETCH 1 (BODY[TEXT])", NULL));
    OK(imap_cmd(a, "a4", "NOOP", NULL));
    OK(imap_cmd(b, "b4", "FETCH 1 (FLAGS)", &u));
    HAS(u, "\\Answered");
    HAS(u, "\\Seen");
    tl_close(a);
    tl_close(b);
}
END_TEST

/* ---- the stress test: a model of what each client knows ---------------------- */

#define MAXMSG 512
#define MAXUID 4096
#define F_SEEN 1u
#define F_FLAGGED 2u
#define F_DELETED 4u

/* Flags that were on a UID when a round ended: nobody ever removes a flag
 * in this test, so no later response may show the UID without them. */
static unsigned committed[MAXUID];

struct view {
    const char *name;
    uint32_t uid[MAXMSG];    /* by sequence number - 1; 0: not known yet */
    size_t n;                /* messages the client knows */
    unsigned seen[MAXUID];   /* flags this client has seen on each UID */
    unsigned checks;         /* responses checked */
    int late;                /* its lines are read after the rounds (the idle
                                client): only its own history counts */
    char hist[16][160];      /* the last lines, shown when a check fails */
    unsigned nhist;
};

/* The last lines this client got, oldest first (for failure messages). */
static const char *history(const struct view *v)
{
    static char out[16 * 170];
    size_t len = 0;
    out[0] = '\0';
    for (unsigned i = v->nhist > 16 ? v->nhist - 16 : 0; i < v->nhist; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s", v->hist[i % 16]);
    return out;
}

static unsigned flag_bits(const char *s)
{
    const char *p = strstr(s, "FLAGS (");
    unsigned f = 0;
    if (p == NULL)
        return 0;
    const char *end = strchr(p, ')');
    size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    char list[256];
    snprintf(list, sizeof list, "%.*s", (int)len, p);
    if (strstr(list, "\\Seen"))
        f |= F_SEEN;
    if (strstr(list, "\\Flagged"))
        f |= F_FLAGGED;
    if (strstr(list, "\\Deleted"))
        f |= F_DELETED;
    return f;
}

/* Check one untagged line against the client's view and update it.
 * @no_expunge: the command in progress is FETCH, STORE or their UID forms. */
static void apply(struct view *v, const char *line, int no_expunge)
{
    unsigned long n;
    char word[16];
    snprintf(v->hist[v->nhist++ % 16], sizeof v->hist[0], "%s", line);
    if (sscanf(line, "* %lu %15s", &n, word) != 2)
        return;                                  /* * OK, * FLAGS ... */
    v->checks++;
    if (strcmp(word, "EXISTS") == 0) {
        ck_assert_msg(n >= v->n, "%s: EXISTS went down %zu -> %lu", v->name, v->n, n);
        ck_assert_msg(n < MAXMSG, "%s: too many", v->name);
        while (v->n < n)
            v->uid[v->n++] = 0;
    } else if (strcmp(word, "EXPUNGE") == 0) {
        ck_assert_msg(!no_expunge, "%s: EXPUNGE during FETCH/STORE: %s", v->name, line);
        ck_assert_msg(n >= 1 && n <= v->n, "%s: EXPUNGE %lu of %zu", v->name, n, v->n);
        memmove(&v->uid[n - 1], &v->uid[n], (v->n - n) * sizeof v->uid[0]);
        v->n--;
    } else if (strcmp(word, "FETCH") == 0) {
        ck_assert_msg(n >= 1 && n <= v->n, "%s: FETCH %lu of %zu: %s", v->name, n, v->n, line);
        const char *u = strstr(line, "UID ");
        uint32_t uid = v->uid[n - 1];
        if (u != NULL) {
            uint32_t said = (uint32_t)strtoul(u + 4, NULL, 10);
            ck_assert_msg(uid == 0 || uid == said, "%s: message %lu is UID %u, server says %u\n%s",
                          v->name, n, uid, said, history(v));
            ck_assert_msg(said > 0 && said < MAXUID, "%s: UID %u", v->name, said);
            uid = v->uid[n - 1] = said;
            /* UIDs ascend with sequence numbers (RFC 3501 §2.3.1.1). */
            for (size_t k = n - 1; k-- > 0;)
                if (v->uid[k] != 0) {
                    ck_assert_msg(v->uid[k] < uid, "%s: UID order", v->name);
                    break;
                }
        }
        if (uid != 0 && strstr(line, "FLAGS (") != NULL) {
            unsigned f = flag_bits(line);
            unsigned need = (v->late ? 0 : committed[uid]) | v->seen[uid];
            ck_assert_msg((f & need) == need, "%s: UID %u lost a flag (had %u, now %u): %s\n%s",
                          v->name, uid, need, f, line, history(v));
            v->seen[uid] |= f;
        }
    }
}

/* Read up to the tagged response of @p tag, checking every line. */
static const char *settle(int fd, struct view *v, const char *tag, int no_expunge)
{
    size_t tl = strlen(tag);
    for (;;) {
        const char *l = line_of(fd);
        if (strncmp(l, tag, tl) == 0 && l[tl] == ' ')
            return l;
        apply(v, l, no_expunge);
    }
}

struct step {
    const char *fmt;   /* the command; %s is a UID */
    int no_expunge;    /* RFC 3501 §7.4.1 */
};

/* One client's round: the commands, all sent at once, then the answers. */
static const struct step steps[] = {
    { "NOOP", 0 },
    { "STORE 1:* +FLAGS (%s)", 1 },
    { "FETCH 1:* (UID FLAGS)", 1 },
    { "UID STORE %s +FLAGS (\\Deleted)", 1 },
    { "EXPUNGE", 0 },
    { "UID FETCH 1:* (FLAGS)", 1 },
    { "CHECK", 0 },
};
#define NSTEPS (sizeof steps / sizeof steps[0])

static void send_round(int fd, const char *who, int round, const char *flag, uint32_t victim)
{
    char cmd[256], line[300], uid[16];
    snprintf(uid, sizeof uid, "%u", victim);
    for (size_t k = 0; k < NSTEPS; k++) {
        snprintf(cmd, sizeof cmd, steps[k].fmt, k == 1 ? flag : uid);
        snprintf(line, sizeof line, "%s%d_%zu %s\r\n", who, round, k, cmd);
        ck_assert_int_eq(tl_send(fd, line), 0);
    }
}

static void read_round(int fd, struct view *v, const char *who, int round)
{
    char tag[32];
    for (size_t k = 0; k < NSTEPS; k++) {
        snprintf(tag, sizeof tag, "%s%d_%zu", who, round, k);
        const char *t = settle(fd, v, tag, steps[k].no_expunge);
        /* A FETCH may meet a message the other session just expunged:
         * NO [EXPUNGEISSUED] is the allowed answer; all else is OK. */
        ck_assert_msg(strstr(t, " OK ") != NULL ||
                      (strstr(steps[k].fmt, "FETCH") != NULL && strstr(t, " NO [EXPUNGEISSUED]")),
                      "%s: %s", v->name, t);
    }
}

/* The lowest UID this view knows: both sessions delete the same message. */
static uint32_t lowest(const struct view *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->uid[i] != 0)
            return v->uid[i];
    return 1;
}

START_TEST(two_sessions_stress)
{
    static struct view va, vb, vc;
    const char *t;
    enum { START = 40, ROUNDS = 25 };

    memset(committed, 0, sizeof committed);
    memset(&va, 0, sizeof va);
    memset(&vb, 0, sizeof vb);
    memset(&vc, 0, sizeof vc);
    va.name = "A";
    vb.name = "B";
    vc.name = "C (idle)";
    vc.late = 1;
    imapd_make_maildir(D.root, "alice");
    imapd_drop(D.root, "alice", NULL, START);
    imapd_start(&D, NULL);
    int a = session(0), b = session(0), c = session(0);
    ck_assert_int_eq(tl_send(a, "s SELECT INBOX\r\n"), 0);
    OK(settle(a, &va, "s", 0));
    ck_assert_int_eq(tl_send(b, "s SELECT INBOX\r\n"), 0);
    OK(settle(b, &vb, "s", 0));
    ck_assert_int_eq(tl_send(c, "s SELECT INBOX\r\nf FETCH 1:* (UID)\r\n"), 0);
    OK(settle(c, &vc, "s", 0));
    OK(settle(c, &vc, "f", 1));
    start_idle(c, "ci");

    for (int r = 0; r < ROUNDS; r++) {
        uint32_t victim = lowest(&va);
        send_round(a, "a", r, "\\Seen", victim);
        send_round(b, "b", r, "\\Flagged", victim);
        imapd_drop(D.root, "alice", NULL, 2);
        read_round(a, &va, "a", r);
        read_round(b, &vb, "b", r);
        /* Both rounds are over: what either client saw is now settled. */
        for (uint32_t u = 0; u < MAXUID; u++)
            committed[u] |= va.seen[u] | vb.seen[u];
    }
    /* The idle client ends; its view went through every change. */
    ck_assert_int_eq(tl_send(c, "DONE\r\n"), 0);
    t = settle(c, &vc, "ci", 0);
    OK(t);
    ck_assert_int_eq(tl_send(a, "z NOOP\r\n"), 0);
    OK(settle(a, &va, "z", 0));
    ck_assert_int_eq(tl_send(b, "z NOOP\r\n"), 0);
    OK(settle(b, &vb, "z", 0));
    ck_assert_int_eq(tl_send(c, "z FETCH 1:* (UID FLAGS)\r\n"), 0);
    OK(settle(c, &vc, "z", 1));
    ck_assert_int_eq(tl_send(a, "y FETCH 1:* (UID FLAGS)\r\n"), 0);
    OK(settle(a, &va, "y", 1));
    /* Everyone agrees on the mailbox: same messages, same UIDs. */
    ck_assert_uint_eq(va.n, vb.n);
    ck_assert_uint_eq(va.n, vc.n);
    /* Each round expunged exactly one message, the lowest: A's own
     * EXPUNGE must remove it even when B renamed its file meanwhile. */
    ck_assert_msg(va.n == START + 2 * ROUNDS - ROUNDS && va.uid[0] == ROUNDS + 1,
                  "%zu messages, the first UID %u (want %d and %d)", va.n, va.uid[0],
                  START + ROUNDS, ROUNDS + 1);
    for (size_t i = 0; i < va.n; i++) {
        ck_assert_uint_eq(va.uid[i], vc.uid[i]);
        ck_assert_msg(vb.uid[i] == 0 || vb.uid[i] == va.uid[i], "B's UID %zu", i);
    }
    ck_assert_uint_gt(vc.checks, 100);
    tl_close(a);
    tl_close(b);
    tl_close(c);
    /* The server lived through it: a new session works. */
    int d = session(1);
    OK(imap_cmd(d, "l", "LOGOUT", NULL));
    tl_close(d);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imapd-idle");
    TCase *tc = tl_tcase("idle");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, idle_sees_delivery_store_expunge);
    tcase_add_test(tc, idle_done_forms_and_bad);
    tcase_add_test(tc, idle_without_mailbox);
    tcase_add_test(tc, idle_autologout);
    tcase_add_test(tc, idle_shutdown);
    tcase_add_test(tc, idle_mailbox_deleted);
    tcase_add_test(tc, check_reports_other_sessions);
    tcase_add_test(tc, fetch_after_other_sessions_store);
    suite_add_tcase(s, tc);
    TCase *st = tl_tcase("several-sessions");
    tcase_add_checked_fixture(st, setup, teardown);
    tcase_add_test(st, two_sessions_stress);
    suite_add_tcase(s, st);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
