/**
 * @file folders.c
 * @brief A user's Maildir++ hierarchy: LIST's view of it, and CREATE,
 *        DELETE, RENAME on disk.
 *
 * @chapter{mailboxes}
 * @rfc RFC 3501 §6.3.3-6.3.5, §6.3.8; RFC 3348; Courier Maildir++
 *
 * Every name that reaches this file has passed mbname_check(), so every
 * path built here is `MAILDIR/.NAME[/...]` with a NAME that has no `/`
 * and no empty component: the functions below cannot touch anything
 * outside the user's Maildir.  The one recursive removal (DELETE) does
 * not follow symbolic links.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "folders.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mailbox_name.h"
#include "maildir.h"
#include "uidmap.h"

static void set_err(char *err, size_t errsz, const char *what, const char *path, int e)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s %s%s%s", what, path, e ? ": " : "", e ? strerror(e) : "");
}

/* ---- listing ------------------------------------------------------------ */

struct names {
    struct folder *f;
    size_t n, cap;
};

static int add_name(struct names *l, const char *name, size_t len, int selectable)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct folder *f = realloc(l->f, cap * sizeof *f);
        if (f == NULL)
            return -1;
        l->f = f;
        l->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, name, len);
    copy[len] = '\0';
    l->f[l->n].name = copy;
    l->f[l->n].selectable = (unsigned char)selectable;
    l->f[l->n].children = 0;
    l->n++;
    return 0;
}

/* INBOX first, then byte order (which puts "A" right before "A.B"). */
static int cmp_folder(const void *a, const void *b)
{
    const struct folder *x = a, *y = b;
    int xi = strcmp(x->name, "INBOX") == 0, yi = strcmp(y->name, "INBOX") == 0;
    if (xi != yi)
        return yi - xi;
    return strcmp(x->name, y->name);
}

/* Is there a directory @p path with a cur/ in it? */
static int is_mailbox_dir(const char *path)
{
    char cur[PATH_MAX];
    struct stat st;
    if (snprintf(cur, sizeof cur, "%s/cur", path) >= (int)sizeof cur)
        return 0;
    return stat(cur, &st) == 0 && S_ISDIR(st.st_mode);
}

/* [folders-list] */
int folders_list(const char *maildir, struct folder_list *out, char *err, size_t errsz)
{
    struct names l = { 0 };
    char name[MBNAME_BUFSZ], path[PATH_MAX];
    DIR *d;
    struct dirent *de;

    memset(out, 0, sizeof *out);
    if ((d = opendir(maildir)) == NULL) {
        set_err(err, errsz, "cannot read", maildir, errno);
        return -1;
    }
    if (add_name(&l, "INBOX", 5, 1) < 0)
        goto nomem;
    /* 1. Every directory .NAME with a valid NAME is a mailbox. */
    while ((de = readdir(d)) != NULL) {
        if (mbname_from_dirent(de->d_name, name, sizeof name) < 0)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", maildir, de->d_name) >= (int)sizeof path)
            continue;
        if (!is_mailbox_dir(path))
            continue;               /* a file, or a directory without cur/ */
        if (add_name(&l, name, strlen(name), 1) < 0)
            goto nomem;
    }
    closedir(d);
    d = NULL;
    /* 2. Every superior level of those names, if it is not a mailbox
     * itself, is a \Noselect name.  Sorting first lets us find a name
     * with bsearch; new levels are appended and sorted in at the end. */
    qsort(l.f, l.n, sizeof *l.f, cmp_folder);
    size_t real = l.n;
    for (size_t i = 0; i < real; i++) {
        const char *full = l.f[i].name;
        for (const char *dot = strchr(full, MBNAME_DELIM); dot != NULL;
             dot = strchr(dot + 1, MBNAME_DELIM)) {
            size_t len = (size_t)(dot - full);
            memcpy(name, full, len);
            name[len] = '\0';
            struct folder key = { .name = name };
            int known = bsearch(&key, l.f, real, sizeof *l.f, cmp_folder) != NULL;
            for (size_t k = real; k < l.n && !known; k++)
                known = strcmp(l.f[k].name, name) == 0;
            if (!known && add_name(&l, name, len, 0) < 0)
                goto nomem;
        }
    }
    qsort(l.f, l.n, sizeof *l.f, cmp_folder);
    /* 3. Children: does some name start with this one and a '.'?  A
     * plain O(n^2) search: a user has tens of folders, not millions. */
    for (size_t i = 0; i < l.n; i++) {
        size_t len = strlen(l.f[i].name);
        for (size_t k = 0; k < l.n; k++) {
            if (k != i && strncmp(l.f[k].name, l.f[i].name, len) == 0 &&
                l.f[k].name[len] == MBNAME_DELIM) {
                l.f[i].children = 1;
                break;
            }
        }
    }
    out->f = l.f;
    out->n = l.n;
    return 0;
nomem:
    if (d != NULL)
        closedir(d);
    out->f = l.f;
    out->n = l.n;
    folders_free(out);
    set_err(err, errsz, "out of memory listing", maildir, 0);
    return -1;
}
/* [folders-list] */

const struct folder *folders_find(const struct folder_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->f[i].name, name) == 0)
            return &l->f[i];
    return NULL;
}

void folders_free(struct folder_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->f[i].name);
    free(l->f);
    l->f = NULL;
    l->n = 0;
}

/* Has @p name inferiors on disk (a directory .NAME.something)? */
static int has_children(const char *maildir, const char *name)
{
    char prefix[MBNAME_BUFSZ + 2];
    size_t plen = (size_t)snprintf(prefix, sizeof prefix, ".%s.", name);
    DIR *d = opendir(maildir);
    struct dirent *de;
    int found = 0;
    if (d == NULL)
        return 0;
    while (!found && (de = readdir(d)) != NULL) {
        char n[MBNAME_BUFSZ];
        found = strncmp(de->d_name, prefix, plen) == 0 &&
                mbname_from_dirent(de->d_name, n, sizeof n) == 0;
    }
    closedir(d);
    return found;
}

enum folder_result folder_status(const char *maildir, const char *name)
{
    char path[PATH_MAX];
    if (strcmp(name, "INBOX") == 0)
        return FOLDER_OK;
    if (mbname_to_dir(maildir, name, path, sizeof path) < 0)
        return FOLDER_NONEXISTENT;
    if (is_mailbox_dir(path))
        return FOLDER_OK;
    return has_children(maildir, name) ? FOLDER_NOSELECT : FOLDER_NONEXISTENT;
}

/* ---- CREATE ------------------------------------------------------------ */

/* [folder-create] */
enum folder_result folder_create(const char *maildir, const char *name,
                                 char *err, size_t errsz)
{
    char path[PATH_MAX], marker[PATH_MAX];
    char merr[MAILDIR_ERRLEN];
    int fd;

    if (strcmp(name, "INBOX") == 0)
        return FOLDER_EXISTS;
    if (mbname_to_dir(maildir, name, path, sizeof path) < 0 ||
        snprintf(marker, sizeof marker, "%s/%s", path, FOLDERS_MARKER) >= (int)sizeof marker) {
        set_err(err, errsz, "path too long for", name, 0);
        return FOLDER_ERROR;
    }
    /* mkdir(2) checks and creates in one step: of two sessions creating
     * the same folder at once, exactly one succeeds. */
    if (mkdir(path, 0700) < 0) {
        if (errno == EEXIST)
            return FOLDER_EXISTS;
        set_err(err, errsz, "cannot create", path, errno);
        return FOLDER_ERROR;
    }
    /* tmp/ new/ cur/ (chapter 5's maildir_make() also syncs the parents). */
    if (maildir_make(path, merr, sizeof merr) < 0) {
        set_err(err, errsz, merr, "", 0);
        return FOLDER_ERROR;
    }
    /* Maildir++: "Within each subdirectory there's an empty file,
     * maildirfolder": it tells a delivery agent this is a folder. */
    fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        set_err(err, errsz, "cannot create", marker, errno);
        return FOLDER_ERROR;
    }
    close(fd);
    return FOLDER_OK;
}
/* [folder-create] */

/* ---- DELETE ------------------------------------------------------------ */

/* Remove the tree under the open directory @p dfd (not following
 * symbolic links), then nothing else.  @p depth bounds the recursion: a
 * Maildir folder is two levels deep (.NAME/cur/FILE). */
static int rm_tree_at(int dfd, int depth)
{
    DIR *d = fdopendir(dfd);
    struct dirent *de;
    int rc = 0;

    if (d == NULL) {
        close(dfd);
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        struct stat st;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
            continue;
        if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            rc = -1;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int sub = depth > 0 ? openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                                : -1;
            if (sub < 0 || rm_tree_at(sub, depth - 1) < 0 ||
                unlinkat(dirfd(d), n, AT_REMOVEDIR) < 0)
                rc = -1;
        } else if (unlinkat(dirfd(d), n, 0) < 0) {
            rc = -1;
        }
    }
    closedir(d);                    /* also closes dfd */
    return rc;
}

/* [folder-delete] */
enum folder_result folder_delete(const char *maildir, const char *name,
                                 char *err, size_t errsz)
{
    char path[PATH_MAX], gone[PATH_MAX];

    if (strcmp(name, "INBOX") == 0)
        return FOLDER_INBOX;
    enum folder_result st = folder_status(maildir, name);
    if (st != FOLDER_OK)
        return st;                  /* nothing there, or a \Noselect level */
    if (mbname_to_dir(maildir, name, path, sizeof path) < 0 ||
        snprintf(gone, sizeof gone, "%s/..minimail-deleted-%ld-%s", maildir,
                 (long)getpid(), name) >= (int)sizeof gone) {
        set_err(err, errsz, "path too long for", name, 0);
        return FOLDER_ERROR;
    }
    /* First out of sight, in one atomic step: a name beginning with ".."
     * is no folder name, so LIST, SELECT and Dovecot stop seeing the
     * mailbox at once, however long the removal takes. */
    if (rename(path, gone) < 0) {
        if (errno == ENOENT)
            return FOLDER_NONEXISTENT;
        set_err(err, errsz, "cannot rename", path, errno);
        return FOLDER_ERROR;
    }
    int dfd = open(gone, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0 || rm_tree_at(dfd, 2) < 0 || rmdir(gone) < 0) {
        /* The mailbox is gone for every reader; only litter is left. */
        set_err(err, errsz, "could not remove all of", gone, errno);
        return FOLDER_ERROR;
    }
    return FOLDER_OK;
}
/* [folder-delete] */

/* ---- RENAME ------------------------------------------------------------ */

/* Move every message of INBOX (new/ and cur/) into the folder at @p to. */
static enum folder_result move_inbox(const char *maildir, const char *todir,
                                     char *err, size_t errsz)
{
    static const char *const subs[] = { "new", "cur" };
    char uerr[UIDMAP_ERRLEN];
    enum folder_result rc = FOLDER_OK;
    /* Under INBOX's UID map lock, so other sessions of ours see the
     * messages leave all at once. */
    int lock = uidmap_lock(maildir, uerr, sizeof uerr);
    if (lock < 0) {
        set_err(err, errsz, uerr, "", 0);
        return FOLDER_ERROR;
    }
    for (size_t i = 0; i < 2 && rc == FOLDER_OK; i++) {
        char from[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", maildir, subs[i]);
        DIR *d = opendir(from);
        struct dirent *de;
        if (d == NULL) {
            set_err(err, errsz, "cannot read", from, errno);
            rc = FOLDER_ERROR;
            break;
        }
        while ((de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            if (snprintf(a, sizeof a, "%s/%s", from, de->d_name) >= (int)sizeof a ||
                snprintf(b, sizeof b, "%s/%s/%s", todir, subs[i], de->d_name) >= (int)sizeof b)
                continue;
            if (rename(a, b) < 0 && errno != ENOENT) {
                set_err(err, errsz, "cannot move", a, errno);
                rc = FOLDER_ERROR;
                break;
            }
        }
        closedir(d);
    }
    uidmap_unlock(lock);
    return rc;
}

/* [folder-rename] */
enum folder_result folder_rename(const char *maildir, const char *from, const char *to,
                                 char *err, size_t errsz)
{
    char todir[PATH_MAX];
    struct folder_list l;
    struct stat st;
    enum folder_result rc = FOLDER_OK;

    if (strcmp(to, "INBOX") == 0 || strcmp(from, to) == 0)
        return FOLDER_EXISTS;
    if (mbname_to_dir(maildir, to, todir, sizeof todir) < 0) {
        set_err(err, errsz, "path too long for", to, 0);
        return FOLDER_ERROR;
    }
    if (strcmp(from, "INBOX") == 0) {
        /* RFC 3501 §6.3.5: "Renaming INBOX is permitted, and has special
         * behavior.  It moves all messages in INBOX to a new mailbox with
         * the given name, leaving INBOX empty."  Its inferiors stay. */
        enum folder_result c = folder_create(maildir, to, err, errsz);
        if (c != FOLDER_OK)
            return c;
        return move_inbox(maildir, todir, err, errsz);
    }

    /* Which directories move: FROM itself and every FROM.x. */
    if (folders_list(maildir, &l, err, errsz) < 0)
        return FOLDER_ERROR;
    if (folders_find(&l, from) == NULL) {
        folders_free(&l);
        return FOLDER_NONEXISTENT;
    }
    if (folders_find(&l, to) != NULL) {
        folders_free(&l);
        return FOLDER_EXISTS;       /* a mailbox, or a level of the hierarchy */
    }
    size_t flen = strlen(from), moved = 0, nmove = 0;
    char (*src)[PATH_MAX] = calloc(l.n, sizeof *src);
    char (*dst)[PATH_MAX] = calloc(l.n, sizeof *dst);
    if (src == NULL || dst == NULL) {
        set_err(err, errsz, "out of memory renaming", from, 0);
        rc = FOLDER_ERROR;
        goto out;
    }
    for (size_t i = 0; i < l.n; i++) {
        const char *n = l.f[i].name;
        if (!l.f[i].selectable || strncmp(n, from, flen) != 0 ||
            (n[flen] != '\0' && n[flen] != MBNAME_DELIM))
            continue;
        /* The new name keeps what follows FROM: A.x -> B.x. */
        char newname[MBNAME_BUFSZ + 1];
        int len = snprintf(newname, sizeof newname, "%s%s", to, n + flen);
        if (len < 0 || (size_t)len > MBNAME_MAX ||
            mbname_to_dir(maildir, n, src[nmove], PATH_MAX) < 0 ||
            mbname_to_dir(maildir, newname, dst[nmove], PATH_MAX) < 0) {
            set_err(err, errsz, "new name too long for", n, 0);
            rc = FOLDER_ERROR;
            goto out;
        }
        if (lstat(dst[nmove], &st) == 0) {
            rc = FOLDER_EXISTS;     /* checked for all before moving any */
            goto out;
        }
        nmove++;
    }
    for (moved = 0; moved < nmove; moved++) {
        if (rename(src[moved], dst[moved]) < 0) {
            set_err(err, errsz, "cannot rename", src[moved], errno);
            rc = FOLDER_ERROR;
            /* Put back what already moved: all or nothing, as far as we can. */
            while (moved-- > 0)
                (void)rename(dst[moved], src[moved]);
            goto out;
        }
    }
out:
    free(src);
    free(dst);
    folders_free(&l);
    return rc;
}
/* [folder-rename] */
