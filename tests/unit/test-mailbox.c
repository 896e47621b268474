/*
 * test-mailbox.c -- unit tests of src/folders.c, src/subscriptions.c and
 * src/mailbox.c (chapter mailboxes): the hierarchy as LIST sees it,
 * CREATE/DELETE/RENAME on disk (RENAME INBOX included), Dovecot's
 * subscriptions file, a selected mailbox's view (\Recent, refresh, purge,
 * flags), the quick look of src/mailbox_look.c (also against hostile
 * names renamed again and again: it must agree with a full scan), and
 * STATUS.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "folders.h"
#include "mailbox.h"
#include "mailbox_look.h"
#include "mailflags.h"
#include "maildir.h"
#include "subscriptions.h"
#include "uidmap.h"
#include "testlib.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;   /* the user's Maildir */

static void setup(void)
{
    char *t = tl_tmpdir();
    char err[MAILDIR_ERRLEN];
    ck_assert_ptr_nonnull(t);
    dir = malloc(strlen(t) + 8);
    sprintf(dir, "%s/alice", t);
    free(t);
    ck_assert_msg(maildir_make(dir, err, sizeof err) == 0, "%s", err);
}

static void teardown(void)
{
    *strrchr(dir, '/') = '\0';
    tl_rmtree(dir);
    free(dir);
}

static int exists(const char *rel)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &st) == 0;
}

static void deliver(const char *folder_dir, const char *text)
{
    char path[1024], err[MAILDIR_ERRLEN];
    if (folder_dir == NULL)
        snprintf(path, sizeof path, "%s", dir);
    else
        snprintf(path, sizeof path, "%s/%s", dir, folder_dir);
    ck_assert_msg(maildir_deliver(path, text, strlen(text), NULL, 0, err, sizeof err) == 0,
                  "%s", err);
}

static char *listing(void)
{
    static char buf[2048];
    struct folder_list l;
    char err[FOLDERS_ERRLEN];
    size_t n = 0;
    ck_assert_msg(folders_list(dir, &l, err, sizeof err) == 0, "%s", err);
    buf[0] = '\0';
    for (size_t i = 0; i < l.n; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s%s", n ? " " : "", l.f[i].name,
                              l.f[i].selectable ? "" : "/noselect",
                              l.f[i].children ? "/children" : "");
    folders_free(&l);
    return buf;
}

#define CREATE(name) ck_assert_int_eq(folder_create(dir, name, err, sizeof err), FOLDER_OK)

START_TEST(list_and_create)
{
    char err[FOLDERS_ERRLEN];
    ck_assert_str_eq(listing(), "INBOX");
    CREATE("Sent");
    CREATE("A.B.C");
    CREATE("Caf&AOk-");
    ck_assert(exists(".Sent/cur") && exists(".Sent/new") && exists(".Sent/tmp"));
    ck_assert(exists(".Sent/" FOLDERS_MARKER));
    ck_assert(!exists(".A"));                       /* superiors need no directory */
    ck_assert_str_eq(listing(), "INBOX A/noselect/children A.B/noselect/children A.B.C "
                                "Caf&AOk- Sent");
    ck_assert_int_eq(folder_create(dir, "Sent", err, sizeof err), FOLDER_EXISTS);
    ck_assert_int_eq(folder_create(dir, "INBOX", err, sizeof err), FOLDER_EXISTS);
    CREATE("A");                                    /* a \Noselect level can be created */
    CREATE("INBOX.Lists");
    ck_assert_str_eq(listing(), "INBOX/children A/children A.B/noselect/children A.B.C "
                                "Caf&AOk- INBOX.Lists Sent");
    ck_assert_int_eq(folder_status(dir, "A.B"), FOLDER_NOSELECT);
    ck_assert_int_eq(folder_status(dir, "A.B.C"), FOLDER_OK);
    ck_assert_int_eq(folder_status(dir, "INBOX"), FOLDER_OK);
    ck_assert_int_eq(folder_status(dir, "Nope"), FOLDER_NONEXISTENT);
    /* Things that are not folders. */
    ck_assert_int_eq(mkdir(strcat(strcpy(err, dir), "/.nocur"), 0700), 0);
    ck_assert_int_eq(mkdir(strcat(strcpy(err, dir), "/.x..y"), 0700), 0);
    ck_assert_int_eq(close(open(strcat(strcpy(err, dir), "/.file"), O_CREAT | O_WRONLY, 0600)), 0);
    ck_assert_str_eq(listing(), "INBOX/children A/children A.B/noselect/children A.B.C "
                                "Caf&AOk- INBOX.Lists Sent");
}
END_TEST

START_TEST(delete_folders)
{
    char err[FOLDERS_ERRLEN];
    CREATE("P");
    CREATE("P.Q");
    deliver(".P", "Subject: in P\n\nbody\n");
    ck_assert_int_eq(folder_delete(dir, "INBOX", err, sizeof err), FOLDER_INBOX);
    ck_assert_int_eq(folder_delete(dir, "Nope", err, sizeof err), FOLDER_NONEXISTENT);
    /* RFC 3501 §6.3.4: with inferiors, the name stays as \Noselect. */
    ck_assert_int_eq(folder_delete(dir, "P", err, sizeof err), FOLDER_OK);
    ck_assert(!exists(".P"));
    ck_assert_str_eq(listing(), "INBOX P/noselect/children P.Q");
    ck_assert_int_eq(folder_delete(dir, "P", err, sizeof err), FOLDER_NOSELECT);
    ck_assert_int_eq(folder_delete(dir, "P.Q", err, sizeof err), FOLDER_OK);
    ck_assert_str_eq(listing(), "INBOX");
}
END_TEST

START_TEST(rename_folders)
{
    char err[FOLDERS_ERRLEN];
    CREATE("A");
    CREATE("A.x");
    CREATE("A.x.y");
    CREATE("B");
    CREATE("Ab");                                   /* not an inferior of A */
    deliver(".A.x", "Subject: x\n\nbody\n");
    ck_assert_int_eq(folder_rename(dir, "A", "C", err, sizeof err), FOLDER_OK);
    ck_assert_str_eq(listing(), "INBOX Ab B C/children C.x/children C.x.y");
    ck_assert_int_eq(folder_rename(dir, "Nope", "D", err, sizeof err), FOLDER_NONEXISTENT);
    ck_assert_int_eq(folder_rename(dir, "C", "B", err, sizeof err), FOLDER_EXISTS);
    ck_assert_int_eq(folder_rename(dir, "C", "INBOX", err, sizeof err), FOLDER_EXISTS);
    /* A target of an inferior exists: nothing moves at all. */
    CREATE("D.x");
    ck_assert_int_eq(folder_rename(dir, "C", "D", err, sizeof err), FOLDER_EXISTS);
    ck_assert(exists(".C") && exists(".C.x") && exists(".C.x.y"));
    /* A \Noselect level: its inferiors move. */
    ck_assert_int_eq(folder_delete(dir, "C", err, sizeof err), FOLDER_OK);
    ck_assert_int_eq(folder_rename(dir, "C", "E.F", err, sizeof err), FOLDER_OK);
    ck_assert_str_eq(listing(), "INBOX Ab B D/noselect/children D.x E/noselect/children "
                                "E.F/noselect/children E.F.x/children E.F.x.y");
}
END_TEST

START_TEST(rename_inbox_moves_its_messages)
{
    char err[FOLDERS_ERRLEN], merr[MAILBOX_ERRLEN];
    struct mailbox_status st;
    CREATE("INBOX.keep");
    deliver(NULL, "Subject: one\n\n1\n");
    deliver(NULL, "Subject: two\n\n2\n");
    struct mailbox mb;
    ck_assert_int_eq(mailbox_open(&mb, dir, "INBOX", 0, merr, sizeof merr), 0);   /* one to cur/ */
    mailbox_close(&mb);
    deliver(NULL, "Subject: three\n\n3\n");                                      /* one in new/ */
    ck_assert_int_eq(folder_rename(dir, "INBOX", "Old", err, sizeof err), FOLDER_OK);
    ck_assert_int_eq(mailbox_status(dir, "INBOX", &st, merr, sizeof merr), 0);
    ck_assert_uint_eq(st.messages, 0);
    ck_assert_int_eq(mailbox_status(dir, "Old", &st, merr, sizeof merr), 0);
    ck_assert_uint_eq(st.messages, 3);
    ck_assert_uint_eq(st.recent, 1);
    ck_assert_str_eq(listing(), "INBOX/children INBOX.keep Old");
    ck_assert_int_eq(folder_rename(dir, "INBOX", "Old", err, sizeof err), FOLDER_EXISTS);
}
END_TEST

START_TEST(subscriptions_file)
{
    char err[SUBS_ERRLEN], path[1024];
    struct subs s;
    ck_assert_int_eq(subs_read(dir, &s, err, sizeof err), 0);
    ck_assert_uint_eq(s.n, 0);
    ck_assert_int_eq(subs_set(dir, "INBOX", 1, err, sizeof err), 0);
    ck_assert_int_eq(subs_set(dir, "A.B", 1, err, sizeof err), 0);
    ck_assert_int_eq(subs_set(dir, "A.B", 1, err, sizeof err), 0);   /* twice: once */
    ck_assert_int_eq(subs_set(dir, "Caf&AOk-", 1, err, sizeof err), 0);
    ck_assert_int_eq(subs_set(dir, "Nope", 0, err, sizeof err), 0);  /* not there: fine */
    /* Dovecot 2's form, byte for byte. */
    snprintf(path, sizeof path, "%s/%s", dir, SUBS_FILE);
    FILE *f = fopen(path, "r");
    char buf[256] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_str_eq(buf, "V\t2\n\nINBOX\nA\tB\nCaf&AOk-\n");
    ck_assert_int_eq(subs_set(dir, "A.B", 0, err, sizeof err), 0);
    ck_assert_int_eq(subs_read(dir, &s, err, sizeof err), 0);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_int_eq(subs_contains(&s, "INBOX"), 1);
    ck_assert_int_eq(subs_contains(&s, "A.B"), 0);
    subs_free(&s);
    subs_free(&s);
    /* The old form (no header, '.' separated); bad names are skipped. */
    f = fopen(path, "w");
    fputs("inbox\nX.Y\n../etc\n\nZ", f);
    fclose(f);
    ck_assert_int_eq(subs_read(dir, &s, err, sizeof err), 0);
    ck_assert_uint_eq(s.n, 3);
    ck_assert_str_eq(s.names[0], "INBOX");
    ck_assert_str_eq(s.names[1], "X.Y");
    ck_assert_str_eq(s.names[2], "Z");
    subs_free(&s);
}
END_TEST

START_TEST(select_takes_recent_examine_does_not)
{
    char err[MAILBOX_ERRLEN];
    struct mailbox a, b, c;
    deliver(NULL, "Subject: 1\n\n1\n");
    deliver(NULL, "Subject: 2\n\n2\n");
    /* EXAMINE: both \Recent, nothing moves. */
    ck_assert_int_eq(mailbox_open(&c, dir, "INBOX", 1, err, sizeof err), 0);
    ck_assert_uint_eq(c.count, 2);
    ck_assert_uint_eq(mailbox_recent_count(&c), 2);
    ck_assert_int_eq(c.msgs[0].in_new, 1);
    ck_assert_uint_eq(c.uidnext, 3);
    ck_assert_uint_eq(mailbox_first_unseen(&c), 1);
    /* The first SELECT takes them; the second sees them, not \Recent. */
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_uint_eq(mailbox_recent_count(&a), 2);
    ck_assert_int_eq(a.msgs[1].in_new, 0);
    ck_assert_uint_eq(a.msgs[0].uid, c.msgs[0].uid);
    ck_assert_uint_eq(a.uidvalidity, c.uidvalidity);
    ck_assert_int_eq(mailbox_open(&b, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_uint_eq(b.count, 2);
    ck_assert_uint_eq(mailbox_recent_count(&b), 0);
    /* New mail: the session that refreshes first gets \Recent. */
    deliver(NULL, "Subject: 3\n\n3\n");
    struct mailbox_changes ch;
    ck_assert_int_eq(mailbox_refresh(&b, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.added, 1);
    ck_assert_int_eq(ch.recent_changed, 1);
    ck_assert_uint_eq(b.count, 3);
    ck_assert_uint_eq(b.msgs[2].uid, 3);
    ck_assert_uint_eq(b.uidnext, 4);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.added, 1);
    ck_assert_int_eq(a.msgs[2].recent, 0);
    ck_assert_uint_eq(mailbox_recent_count(&a), 2);
    /* Nothing changed: nothing to report. */
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.added + ch.expunged + ch.flags_changed, 0);
    mailbox_close(&a);
    mailbox_close(&b);
    mailbox_close(&c);
    ck_assert_int_eq(mailbox_open(&a, dir, "Nope", 0, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static size_t reported[8], nreported;
static void note(void *arg, size_t seq)
{
    (void)arg;
    reported[nreported++] = seq;
}

START_TEST(flags_expunges_and_purge)
{
    char err[MAILBOX_ERRLEN], path[1024];
    struct mailbox a, b;
    struct mailbox_changes ch;
    for (int i = 0; i < 4; i++)
        deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_open(&b, dir, "INBOX", 0, err, sizeof err), 0);
    /* a sets flags: the file name changes, the UID does not. */
    ck_assert_int_eq(mailbox_set_flags(&a, 1, MAILFLAG_SEEN | MAILFLAG_FLAGGED, err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(a.msgs[1].name, ":2,FS"));
    ck_assert_uint_eq(mailbox_first_unseen(&a), 1);
    /* b learns about it on refresh. */
    ck_assert_int_eq(mailbox_refresh(&b, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_int_eq(b.msgs[1].flags_changed, 1);
    ck_assert_uint_eq(b.msgs[1].flags, MAILFLAG_SEEN | MAILFLAG_FLAGGED);
    /* b's name is stale after a renames again: set_flags finds the file. */
    ck_assert_int_eq(mailbox_set_flags(&a, 1, MAILFLAG_SEEN, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_set_flags(&b, 1, MAILFLAG_ANSWERED, err, sizeof err), 0);
    ck_assert_uint_eq(b.msgs[1].flags, MAILFLAG_ANSWERED);
    /* Two messages vanish: marked, numbered, then purged highest first. */
    ck_assert_int_eq(mailbox_msg_path(&a, 0, path, sizeof path), 0);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mailbox_msg_path(&a, 2, path, sizeof path), 0);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.expunged, 2);
    ck_assert_uint_eq(a.count, 4);
    ck_assert_int_eq(a.msgs[0].expunged, 1);
    ck_assert_int_eq(mailbox_set_flags(&a, 0, MAILFLAG_SEEN, err, sizeof err), -1);
    nreported = 0;
    ck_assert_uint_eq(mailbox_purge(&a, note, NULL), 2);
    ck_assert_uint_eq(nreported, 2);
    ck_assert_uint_eq(reported[0], 3);
    ck_assert_uint_eq(reported[1], 1);
    ck_assert_uint_eq(a.count, 2);
    ck_assert_uint_eq(a.msgs[0].uid, 2);
    ck_assert_uint_eq(a.msgs[1].uid, 4);
    mailbox_close(&a);
    /* A read-only view changes nothing. */
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 1, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_set_flags(&a, 0, MAILFLAG_SEEN, err, sizeof err), -1);
    ck_assert_int_eq(errno, EROFS);
    mailbox_close(&a);
    mailbox_close(&b);
}
END_TEST

START_TEST(change_flags_keeps_other_sessions_flags)
{
    char err[MAILBOX_ERRLEN], path[1024];
    struct mailbox a, b;
    for (int i = 0; i < 2; i++)
        deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_open(&b, dir, "INBOX", 0, err, sizeof err), 0);
    /* a adds \Seen; b's view is stale (no refresh) when it adds \Flagged:
     * the flags are read from the file's name under the lock, so \Seen stays. */
    ck_assert_int_eq(mailbox_change_flags(&a, 0, MAILFLAG_SEEN, 0, err, sizeof err), 0);
    ck_assert_uint_eq(b.msgs[0].flags, 0);
    ck_assert_int_eq(mailbox_change_flags(&b, 0, MAILFLAG_FLAGGED, 0, err, sizeof err), 0);
    ck_assert_uint_eq(b.msgs[0].flags, MAILFLAG_SEEN | MAILFLAG_FLAGGED);
    ck_assert_ptr_nonnull(strstr(b.msgs[0].name, ":2,FS"));
    /* Remove, and replace (add = the list, remove = the rest). */
    ck_assert_int_eq(mailbox_change_flags(&a, 0, 0, MAILFLAG_SEEN, err, sizeof err), 0);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_FLAGGED);
    ck_assert_int_eq(mailbox_change_flags(&b, 0, MAILFLAG_DRAFT, MAILFLAG_ALL & ~MAILFLAG_DRAFT,
                                          err, sizeof err), 0);
    ck_assert_uint_eq(b.msgs[0].flags, MAILFLAG_DRAFT);
    /* mailbox_set_flags() applies the change from the view: a's view says
     * \Flagged, a wants \Flagged \Answered: only \Answered is added to
     * what is on disk (\Draft, b's, stays; \Flagged, gone, is not revived). */
    ck_assert_int_eq(mailbox_set_flags(&a, 0, MAILFLAG_FLAGGED | MAILFLAG_ANSWERED, err,
                                       sizeof err), 0);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_DRAFT | MAILFLAG_ANSWERED);
    /* mailbox_msg_find(): b's name is stale, the file is found again. */
    ck_assert_int_eq(mailbox_msg_find(&b, 0), 0);
    ck_assert_str_eq(b.msgs[0].name, a.msgs[0].name);
    /* A file that is gone stays gone. */
    ck_assert_int_eq(mailbox_msg_path(&a, 1, path, sizeof path), 0);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mailbox_msg_find(&b, 1), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(mailbox_change_flags(&b, 1, MAILFLAG_SEEN, 0, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
    mailbox_close(&a);
    mailbox_close(&b);
}
END_TEST

/* Set DIR/SUB's modification time to @p t (as if its last change was then). */
static void set_mtime(const char *sub, struct timespec t)
{
    char path[1024];
    struct timespec times[2] = { t, t };
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* mailbox_refresh() without force trusts unchanged directory times once
 * they were read MAILBOX_SETTLE_S after they were made.  Times read
 * younger may hide a change made in their clock tick (simulated here by
 * putting the old time back): such a change is not looked for at every
 * command, but once, as soon as the times are old enough.  NOOP and CHECK
 * force the look and always see it. */
START_TEST(refresh_looks_again_once_times_settle)
{
    char err[MAILBOX_ERRLEN], from[1024], to[1024];
    struct mailbox a;
    struct mailbox_changes ch;
    struct timespec old, past;

    deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_set_flags(&a, 0, MAILFLAG_SEEN, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    /* Young times: another program flags the message in the same tick.
     * The times are unchanged and too young to be sure of: no look yet. */
    old = a.cur_mtime;
    snprintf(from, sizeof from, "%s/cur/%s", dir, a.msgs[0].name);
    snprintf(to, sizeof to, "%s/cur/%.*s:2,FS", dir, (int)a.msgs[0].base_len, a.msgs[0].name);
    ck_assert_int_eq(rename(from, to), 0);
    set_mtime("cur", old);
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 0);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_SEEN);
    /* Time passes: the same times, made 10 s ago and read when they were
     * young.  Now they are old enough, and one more look finds the change. */
    past = old;
    past.tv_sec -= 10;
    set_mtime("cur", past);
    set_mtime("new", past);
    a.cur_mtime = a.new_mtime = a.looked = past;
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_SEEN | MAILFLAG_FLAGGED);
    /* That look read them settled: unchanged now means unchanged, and a
     * change hidden in their tick stays hidden -- the price of the
     * shortcut. */
    snprintf(from, sizeof from, "%s", to);
    snprintf(to, sizeof to, "%s/cur/%.*s:2,S", dir, (int)a.msgs[0].base_len, a.msgs[0].name);
    ck_assert_int_eq(rename(from, to), 0);
    set_mtime("cur", past);
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 0);
    /* A forced refresh looks anyway. */
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_SEEN);
    /* A change in a later tick shows at once (the times differ). */
    snprintf(from, sizeof from, "%s", to);
    snprintf(to, sizeof to, "%s/cur/%.*s:2,DS", dir, (int)a.msgs[0].base_len, a.msgs[0].name);
    ck_assert_int_eq(rename(from, to), 0);
    set_mtime("cur", old);
    ck_assert_int_eq(mailbox_refresh(&a, 0, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(a.msgs[0].flags, MAILFLAG_SEEN | MAILFLAG_DRAFT);
    mailbox_close(&a);
}
END_TEST

START_TEST(status_and_deleted_mailbox)
{
    char err[MAILBOX_ERRLEN], ferr[FOLDERS_ERRLEN];
    struct mailbox_status st;
    struct mailbox mb;
    struct mailbox_changes ch;
    ck_assert_int_eq(folder_create(dir, "Box", ferr, sizeof ferr), FOLDER_OK);
    deliver(".Box", "Subject: 1\n\n1\n");
    deliver(".Box", "Subject: 2\n\n2\n");
    ck_assert_int_eq(mailbox_status(dir, "Box", &st, err, sizeof err), 0);
    ck_assert_uint_eq(st.messages, 2);
    ck_assert_uint_eq(st.recent, 2);
    ck_assert_uint_eq(st.unseen, 2);
    ck_assert_uint_eq(st.uidnext, 3);
    ck_assert_uint_ne(st.uidvalidity, 0);
    ck_assert_int_eq(mailbox_open(&mb, dir, "Box", 0, err, sizeof err), 0);
    ck_assert_uint_eq(mailbox_recent_count(&mb), 2);      /* STATUS took nothing */
    ck_assert_int_eq(mailbox_set_flags(&mb, 0, MAILFLAG_SEEN, err, sizeof err), 0);
    ck_assert_int_eq(mailbox_status(dir, "Box", &st, err, sizeof err), 0);
    ck_assert_uint_eq(st.recent, 0);
    ck_assert_uint_eq(st.unseen, 1);
    uint32_t v = st.uidvalidity;
    /* Deleted under the session's feet. */
    ck_assert_int_eq(folder_delete(dir, "Box", ferr, sizeof ferr), FOLDER_OK);
    ck_assert_int_eq(mailbox_refresh(&mb, 0, &ch, err, sizeof err), -1);
    ck_assert_int_eq(errno, ENOENT);
    mailbox_close(&mb);
    ck_assert_int_eq(mailbox_status(dir, "Box", &st, err, sizeof err), -1);
    /* Created again: a new UIDVALIDITY, even within the same second. */
    ck_assert_int_eq(folder_create(dir, "Box", ferr, sizeof ferr), FOLDER_OK);
    ck_assert_int_eq(mailbox_status(dir, "Box", &st, err, sizeof err), 0);
    ck_assert_uint_gt(st.uidvalidity, v);
    ck_assert_uint_eq(st.uidnext, 1);
}
END_TEST

/* The path of message @p i of @p mb's view, in its directory now. */
static void msg_path(const struct mailbox *mb, size_t i, char *path, size_t size)
{
    ck_assert_int_eq(mailbox_msg_path(mb, i, path, size), 0);
}

/* A mail reader renames a file in cur/ (new flags): the quick look takes
 * the new name and flags without the full scan, and reports the change. */
START_TEST(quick_look_takes_renamed_files)
{
    char err[MAILBOX_ERRLEN], from[1024], to[1024];
    struct mailbox a;
    struct mailbox_changes ch;
    struct stat st;

    for (int i = 0; i < 3; i++)
        deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    /* Nothing changed: the look matches every file. */
    memset(&ch, 0, sizeof ch);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    ck_assert_uint_eq(ch.flags_changed, 0);
    /* Message 2 marked read and flagged behind the session's back. */
    msg_path(&a, 1, from, sizeof from);
    snprintf(to, sizeof to, "%s/cur/%.*s:2,FS", dir, (int)a.msgs[1].base_len, a.msgs[1].name);
    ck_assert_int_eq(rename(from, to), 0);
    memset(&ch, 0, sizeof ch);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(ch.added, 0);
    ck_assert_uint_eq(ch.expunged, 0);
    ck_assert_int_eq(a.msgs[1].flags_changed, 1);
    ck_assert_uint_eq(a.msgs[1].flags, MAILFLAG_SEEN | MAILFLAG_FLAGGED);
    ck_assert_int_eq(a.msgs[0].flags_changed, 0);
    ck_assert_uint_eq(a.msgs[1].uid, 2);
    /* The view's name is the file's name now (FETCH opens it). */
    msg_path(&a, 1, from, sizeof from);
    ck_assert_str_eq(from, to);
    ck_assert_int_eq(stat(from, &st), 0);
    /* Through mailbox_refresh() the same. */
    snprintf(to, sizeof to, "%s/cur/%.*s:2,", dir, (int)a.msgs[1].base_len, a.msgs[1].name);
    ck_assert_int_eq(rename(from, to), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(a.msgs[1].flags, 0);
    mailbox_close(&a);
}
END_TEST

/* Anything that needs the UID map makes the look give up, and the full
 * scan that follows (mailbox_refresh()) finds it. */
START_TEST(quick_look_gives_up_on_news)
{
    char err[MAILBOX_ERRLEN], path[1024], dup[1024];
    struct mailbox a;
    struct mailbox_changes ch;

    deliver(NULL, "Subject: m\n\nm\n");
    deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    /* New mail: a name the view does not know. */
    deliver(NULL, "Subject: new\n\nnew\n");
    memset(&ch, 0, sizeof ch);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.added, 1);
    ck_assert_uint_eq(a.count, 3);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    /* A message gone: only the full scan may call it expunged. */
    msg_path(&a, 0, path, sizeof path);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.expunged, 1);
    ck_assert_int_eq(a.msgs[0].expunged, 1);
    /* Still marked expunged (not purged): its absence is no longer news. */
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    /* Purged, the messages move down one place; the look still finds
     * them by name (the view's index follows), flags and all. */
    ck_assert_uint_eq(mailbox_purge(&a, NULL, NULL), 1);
    ck_assert_uint_eq(a.count, 2);
    msg_path(&a, 1, path, sizeof path);
    snprintf(dup, sizeof dup, "%s/cur/%.*s:2,D", dir, (int)a.msgs[1].base_len, a.msgs[1].name);
    ck_assert_int_eq(rename(path, dup), 0);
    memset(&ch, 0, sizeof ch);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    ck_assert_uint_eq(ch.flags_changed, 1);
    ck_assert_uint_eq(a.msgs[1].flags, MAILFLAG_DRAFT);
    ck_assert_uint_eq(a.msgs[1].uid, 3);
    /* Purge one and add one: the same count, other places. */
    msg_path(&a, 0, path, sizeof path);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(mailbox_purge(&a, NULL, NULL), 1);
    deliver(NULL, "Subject: newer\n\nnewer\n");
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(a.count, 2);
    ck_assert_uint_eq(a.msgs[1].uid, 4);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 1);
    /* One message under two names (a copy half-way, a confused reader). */
    msg_path(&a, 1, path, sizeof path);
    snprintf(dup, sizeof dup, "%s/cur/%.*s:2,S", dir, (int)a.msgs[1].base_len, a.msgs[1].name);
    ck_assert_int_eq(link(path, dup), 0);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
    mailbox_close(&a);
}
END_TEST

/* The same files under a rewritten map: the view's UIDs may no longer be
 * the mailbox's, so the look gives up and the full scan decides. */
START_TEST(quick_look_gives_up_on_a_rewritten_map)
{
    char err[MAILBOX_ERRLEN], path[1024], aside[1024], map[1024];
    struct mailbox a, b;
    struct mailbox_changes ch;

    deliver(NULL, "Subject: m\n\nm\n");
    deliver(NULL, "Subject: m\n\nm\n");
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    /* Message 1 leaves while another session scans (its UID is dropped
     * from the map), then comes back: it is a new message now. */
    msg_path(&a, 0, path, sizeof path);
    snprintf(aside, sizeof aside, "%s/aside", dir);
    ck_assert_int_eq(rename(path, aside), 0);
    ck_assert_int_eq(mailbox_open(&b, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_uint_eq(b.count, 1);
    mailbox_close(&b);
    ck_assert_int_eq(rename(aside, path), 0);
    memset(&ch, 0, sizeof ch);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
    ck_assert_uint_eq(ch.expunged, 1);
    ck_assert_uint_eq(ch.added, 1);
    ck_assert_uint_eq(a.msgs[2].uid, 3);
    /* The map deleted: the full scan makes a new one with a new
     * UIDVALIDITY, and the session's UIDs no longer hold. */
    snprintf(map, sizeof map, "%s/%s", dir, UIDMAP_FILE);
    ck_assert_int_eq(unlink(map), 0);
    ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
    ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), -1);
    ck_assert_int_eq(errno, ESTALE);
    mailbox_close(&a);
}
END_TEST

/* Hostile names, renamed by a stranger again and again: a base name with
 * `:` twice, without `:`, with an info part that is not `2,`, of 1 and
 * of 255 octets.  After every rename the quick look, when it answers,
 * must leave the view exactly as a full scan of a fresh session sees the
 * mailbox (same names, same flags, UID by UID); a cur/ that vanishes
 * during the looks makes it give up, never crash. */
START_TEST(quick_look_hostile_names)
{
    static const char *const names[] = {
        "a:2,S:2,T", "b", "c:1,xyz", "d:", "e::2,S", "f:2,", "g:2,FRST", "h:2,\x7f\xff", "i",
    };
    static const char *const infos[] = { "", ":2,", ":2,S", ":2,S:2,F", ":", ":1,S", "::2,D",
                                         ":2,DFPRST" };
    char err[MAILBOX_ERRLEN], path[1024], to[1024], aside[1024], big[256];
    struct mailbox a, b;
    struct mailbox_changes ch;
    unsigned seed = 9;

    for (size_t i = 0; i <= sizeof names / sizeof names[0]; i++) {
        const char *n = names[i < sizeof names / sizeof names[0] ? i : 0];
        if (i == sizeof names / sizeof names[0]) {  /* 255 octets, NAME_MAX */
            memset(big, 'z', 251);
            memcpy(big + 251, ":2,S", 5);
            n = big;
        }
        snprintf(path, sizeof path, "%s/cur/%s", dir, n);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        ck_assert_msg(fd >= 0, "%s", path);
        ck_assert_int_eq(write(fd, "Subject: x\r\n\r\nx\r\n", 17), 17);
        close(fd);
    }
    ck_assert_int_eq(mailbox_open(&a, dir, "INBOX", 0, err, sizeof err), 0);
    ck_assert_uint_eq(a.count, sizeof names / sizeof names[0] + 1);
    for (int round = 0; round < 60; round++) {
        size_t k = (seed = seed * 1103515245u + 12345u) / 65536 % a.count;
        const char *info = infos[(seed = seed * 1103515245u + 12345u) / 65536 % 8];
        if (a.msgs[k].base_len + strlen(info) > 255)
            info = ":2,";                       /* NAME_MAX */
        msg_path(&a, k, path, sizeof path);
        snprintf(to, sizeof to, "%s/cur/%.*s%s", dir, (int)a.msgs[k].base_len, a.msgs[k].name,
                 info);
        ck_assert_msg(rename(path, to) == 0, "round %d: %s -> %s: %s", round, path, to,
                      strerror(errno));
        memset(&ch, 0, sizeof ch);
        if (!mailbox_quick_look(&a, &ch))
            ck_assert_int_eq(mailbox_refresh(&a, 1, &ch, err, sizeof err), 0);
        ck_assert_int_eq(mailbox_open(&b, dir, "INBOX", 1, err, sizeof err), 0);
        ck_assert_uint_eq(b.count, a.count);
        for (size_t i = 0; i < a.count; i++) {
            ck_assert_uint_eq(a.msgs[i].uid, b.msgs[i].uid);
            ck_assert_str_eq(a.msgs[i].name, b.msgs[i].name);
            ck_assert_uint_eq(a.msgs[i].base_len, b.msgs[i].base_len);
            ck_assert_uint_eq(a.msgs[i].flags, b.msgs[i].flags);
        }
        mailbox_close(&b);
        if (round % 20 == 19) {                 /* cur/ gone for a moment */
            snprintf(path, sizeof path, "%s/cur", dir);
            snprintf(aside, sizeof aside, "%s/cur-aside", dir);
            ck_assert_int_eq(rename(path, aside), 0);
            ck_assert_int_eq(mailbox_quick_look(&a, &ch), 0);
            ck_assert_int_eq(rename(aside, path), 0);
        }
    }
    mailbox_close(&a);
}
END_TEST

static Suite *mailbox_suite(void)
{
    Suite *s = suite_create("mailbox");
    TCase *tc = tl_tcase("folders");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, list_and_create);
    tcase_add_test(tc, delete_folders);
    tcase_add_test(tc, rename_folders);
    tcase_add_test(tc, rename_inbox_moves_its_messages);
    tcase_add_test(tc, subscriptions_file);
    suite_add_tcase(s, tc);
    tc = tl_tcase("view");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, select_takes_recent_examine_does_not);
    tcase_add_test(tc, flags_expunges_and_purge);
    tcase_add_test(tc, change_flags_keeps_other_sessions_flags);
    tcase_add_test(tc, refresh_looks_again_once_times_settle);
    tcase_add_test(tc, status_and_deleted_mailbox);
    suite_add_tcase(s, tc);
    tc = tl_tcase("quick look");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, quick_look_takes_renamed_files);
    tcase_add_test(tc, quick_look_gives_up_on_news);
    tcase_add_test(tc, quick_look_gives_up_on_a_rewritten_map);
    tcase_add_test(tc, quick_look_hostile_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(mailbox_suite());
}
