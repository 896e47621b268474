/*
 * run-dialogs.c -- the dialog runner: every dialog against every stage it
 * applies to, one Check test per (dialog, stage) pair.
 *
 * Test framework, not part of the book.  What it does:
 *
 *   1. chapters: the NN-slug directories of $MM_SRCDIR/chapters give each
 *      chapter its number (reading order) and slug;
 *   2. stages: each chapter's stage.txt lists its stage programs, one a
 *      line, "PROTOCOL PROGRAM [ARGS...]" (PROGRAM relative to $MM_BUILDDIR;
 *      blank lines and # comments are allowed);
 *   3. dialogs: $MM_SRCDIR/tests/dialogs/SLUG/NAME.dialog (see dialog.h),
 *      where SLUG must equal the dialog's "from:";
 *   4. pairs: a dialog runs against every stage whose protocol equals the
 *      dialog's and whose chapter lies in [from, until];
 *   5. each pair runs PROGRAM ARGS --stdio DIALOG-ARGS on pipes and plays
 *      the dialog, every wait bounded by tl_timeout_ms().
 *
 * Naming: one Check test case per dialog, named by its path under the
 * dialog directory ("lines/basic.dialog"); its loop tests are the pairs.
 * A failure reads
 *     tests/dialogs/lines/basic.dialog:7: stage chapters/02-lines/lined
 *     (lines, 02-lines): expected "250 hello\r\n", got "500 ...\r\n"
 * and the transcript so far plus the program's stderr go to stderr.
 * CK_RUN_CASE=lines/basic.dialog runs one dialog only.
 *
 * Anything that would silently skip a test is a failure instead: a dialog
 * that does not parse, names an unknown chapter, or matches no stage; a
 * malformed stage.txt line.
 *
 * Environment (besides MM_SRCDIR, MM_BUILDDIR, MM_TEST_TIMEOUT_MS):
 *   MM_DIALOG_CHAPTERS  directory of NN-slug chapter dirs (default
 *                       $MM_SRCDIR/chapters) -- for the runner's self-test
 *   MM_DIALOG_DIR       directory of SLUG/NAME.dialog (default
 *                       $MM_SRCDIR/tests/dialogs)
 *   MM_DIALOGS          blank-separated dialog files to run instead of
 *                       scanning MM_DIALOG_DIR (no SLUG check)
 */
#include "testlib.h"
#include "dialog.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A chapter directory NN-slug. */
struct chapter {
    int num;
    char *dir;      /* "02-lines" */
    char *slug;     /* "lines" */
};

/* One line of a stage.txt. */
struct stage {
    int chapter;        /* index into chapters[] */
    char *protocol;
    char **argv;        /* PROGRAM (relative to the build dir) and ARGS */
    size_t argc;
};

/* A dialog file, parsed or not. */
struct dlg {
    char *file;         /* path to open */
    char *display;      /* path for messages (relative to the source tree) */
    char *tcase;        /* test case name: path under the dialog dir */
    struct dialog d;
    int ok;             /* parsed and all checks passed */
    int from, until;    /* chapter indexes */
};

struct pair {
    size_t dialog, stage;
};

/* A problem found while collecting; each one becomes a failing test. */
struct problem {
    char *tcase;
    char *msg;
};

static struct chapter *chapters;
static size_t n_chapters;
static struct stage *stages;
static size_t n_stages;
static struct dlg *dialogs;
static size_t n_dialogs;
static struct pair *pairs;
static size_t n_pairs;
static struct problem *problems;
static size_t n_problems;

static const char *srcdir;

/* ---- small helpers ----------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (p == NULL) {
        fprintf(stderr, "run-dialogs: out of memory\n");
        exit(99);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (p == NULL) {
        fprintf(stderr, "run-dialogs: out of memory\n");
        exit(99);
    }
    return p;
}

static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static void add_problem(const char *tcase, const char *fmt, ...)
{
    va_list ap;
    char msg[2048];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problems = xrealloc(problems, (n_problems + 1) * sizeof *problems);
    problems[n_problems].tcase = xstrdup(tcase);
    problems[n_problems].msg = xstrdup(msg);
    n_problems++;
}

/* A path for messages: relative to the source tree when inside it. */
static char *display_path(const char *path)
{
    size_t n = strlen(srcdir);
    if (strncmp(path, srcdir, n) == 0 && path[n] == '/')
        return xstrdup(path + n + 1);
    return xstrdup(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in @dir (without . and ..); NULL if it cannot be opened. */
static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;

    *n = 0;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        v = xrealloc(v, (*n + 2) * sizeof *v);
        v[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (v == NULL)
        v = xrealloc(NULL, sizeof *v);
    v[*n] = NULL;
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int chapter_by_slug(const char *slug)
{
    for (size_t i = 0; i < n_chapters; i++)
        if (strcmp(chapters[i].slug, slug) == 0)
            return (int)i;
    return -1;
}

static int cmp_chapter(const void *a, const void *b)
{
    const struct chapter *x = a, *y = b;
    return x->num - y->num;
}

/* ---- collecting chapters, stages, dialogs ------------------------------ */

static int collect_chapters(const char *dir)
{
    size_t n;
    char **names = list_dir(dir, &n);

    if (names == NULL) {
        fprintf(stderr, "run-dialogs: cannot read the chapter directory %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = names[i];
        char *path = xasprintf("%s/%s", dir, s);
        int isd = is_dir(path);
        free(path);
        if (!isd || !isdigit((unsigned char)s[0]))
            continue;
        size_t k = strspn(s, "0123456789");
        if (s[k] != '-' || s[k + 1] == '\0')
            continue;
        chapters = xrealloc(chapters, (n_chapters + 1) * sizeof *chapters);
        chapters[n_chapters].num = atoi(s);
        chapters[n_chapters].dir = xstrdup(s);
        chapters[n_chapters].slug = xstrdup(s + k + 1);
        n_chapters++;
    }
    free_list(names, n);
    qsort(chapters, n_chapters, sizeof *chapters, cmp_chapter);
    return 0;
}

/* Read DIR/NN-slug/stage.txt for every chapter that has one. */
static void collect_stages(const char *dir)
{
    for (size_t c = 0; c < n_chapters; c++) {
        char *path = xasprintf("%s/%s/stage.txt", dir, chapters[c].dir);
        char *disp = display_path(path);
        FILE *f = fopen(path, "r");
        char line[1024];
        int lineno = 0;

        if (f == NULL) {
            if (errno != ENOENT)
                add_problem(disp, "%s: cannot open: %s", disp, strerror(errno));
            free(path);
            free(disp);
            continue;
        }
        while (fgets(line, sizeof line, f) != NULL) {
            char *save = NULL, *tok;
            char **argv = NULL;
            size_t argc = 0;

            lineno++;
            if (strchr(line, '\n') == NULL && !feof(f)) {
                add_problem(disp, "%s:%d: line too long", disp, lineno);
                break;
            }
            line[strcspn(line, "\r\n")] = '\0';
            char *p = line + strspn(line, " \t");
            if (*p == '\0' || *p == '#')
                continue;
            char *protocol = strtok_r(p, " \t", &save);
            while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
                argv = xrealloc(argv, (argc + 2) * sizeof *argv);
                argv[argc++] = xstrdup(tok);
                argv[argc] = NULL;
            }
            if (argc == 0) {
                add_problem(disp, "%s:%d: a stage line is \"PROTOCOL PROGRAM [ARGS...]\", "
                            "got only \"%s\"", disp, lineno, protocol);
                continue;
            }
            stages = xrealloc(stages, (n_stages + 1) * sizeof *stages);
            stages[n_stages].chapter = (int)c;
            stages[n_stages].protocol = xstrdup(protocol);
            stages[n_stages].argv = argv;
            stages[n_stages].argc = argc;
            n_stages++;
        }
        fclose(f);
        free(path);
        free(disp);
    }
}

static void add_dialog_file(const char *path, const char *tcase, const char *slug_dir)
{
    char err[1024];
    struct dlg *g;

    dialogs = xrealloc(dialogs, (n_dialogs + 1) * sizeof *dialogs);
    g = &dialogs[n_dialogs++];
    memset(g, 0, sizeof *g);
    g->file = xstrdup(path);
    g->display = display_path(path);
    g->tcase = xstrdup(tcase);
    g->from = g->until = -1;
    if (dialog_load(path, &g->d, err, sizeof err) < 0) {
        add_problem(g->tcase, "%s:%s", g->display, err);
        return;
    }
    g->from = chapter_by_slug(g->d.from);
    if (g->from < 0) {
        add_problem(g->tcase, "%s: \"from: %s\" is not a chapter (no chapters/NN-%s directory)",
                    g->display, g->d.from, g->d.from);
        return;
    }
    if (g->d.until != NULL) {
        g->until = chapter_by_slug(g->d.until);
        if (g->until < 0) {
            add_problem(g->tcase, "%s: \"until: %s\" is not a chapter (no chapters/NN-%s directory)",
                        g->display, g->d.until, g->d.until);
            return;
        }
        if (g->until < g->from) {
            add_problem(g->tcase, "%s: \"until: %s\" comes before \"from: %s\"",
                        g->display, g->d.until, g->d.from);
            return;
        }
    } else {
        g->until = (int)n_chapters - 1;
    }
    if (slug_dir != NULL && strcmp(slug_dir, g->d.from) != 0) {
        add_problem(g->tcase, "%s: lives in tests/dialogs/%s/ but says \"from: %s\" "
                    "(the directory names the first chapter it holds for)",
                    g->display, slug_dir, g->d.from);
        return;
    }
    g->ok = 1;
}

static int collect_dialogs(void)
{
    const char *list = getenv("MM_DIALOGS");

    if (list != NULL && *list != '\0') {
        char *copy = xstrdup(list), *save = NULL;
        for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
            char *path = t[0] == '/' ? xstrdup(t) : xasprintf("%s/%s", srcdir, t);
            const char *base = strrchr(t, '/');
            add_dialog_file(path, base ? base + 1 : t, NULL);
            free(path);
        }
        free(copy);
        return 0;
    }

    const char *env = getenv("MM_DIALOG_DIR");
    char *dir = (env && *env) ? xstrdup(env) : xasprintf("%s/tests/dialogs", srcdir);
    size_t n;
    char **subs = list_dir(dir, &n);
    if (subs == NULL && errno == ENOENT) {
        /* no dialogs yet; a stage without dialogs is reported later */
        free(dir);
        return 0;
    }
    if (subs == NULL) {
        fprintf(stderr, "run-dialogs: cannot read the dialog directory %s: %s\n", dir, strerror(errno));
        free(dir);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char *sub = xasprintf("%s/%s", dir, subs[i]);
        size_t m;
        char **files = is_dir(sub) ? list_dir(sub, &m) : NULL;
        for (size_t j = 0; files != NULL && j < m; j++) {
            size_t len = strlen(files[j]);
            if (len <= 7 || strcmp(files[j] + len - 7, ".dialog") != 0)
                continue;
            char *path = xasprintf("%s/%s", sub, files[j]);
            char *tcase = xasprintf("%s/%s", subs[i], files[j]);
            add_dialog_file(path, tcase, subs[i]);
            free(path);
            free(tcase);
        }
        if (files != NULL)
            free_list(files, m);
        free(sub);
    }
    free_list(subs, n);
    free(dir);
    return 0;
}

/* Every (dialog, stage) pair that applies; a dialog that matches no stage
 * and a stage that no dialog checks are both problems. */
static void make_pairs(void)
{
    for (size_t i = 0; i < n_dialogs; i++) {
        struct dlg *g = &dialogs[i];
        size_t before = n_pairs;
        if (!g->ok)
            continue;
        for (size_t s = 0; s < n_stages; s++) {
            if (strcmp(stages[s].protocol, g->d.protocol) != 0)
                continue;
            if (stages[s].chapter < g->from || stages[s].chapter > g->until)
                continue;
            pairs = xrealloc(pairs, (n_pairs + 1) * sizeof *pairs);
            pairs[n_pairs].dialog = i;
            pairs[n_pairs].stage = s;
            n_pairs++;
        }
        if (n_pairs == before && g->ok) {
            add_problem(g->tcase, "%s: no stage speaks \"protocol: %s\" in chapters %s..%s "
                        "(a chapters/NN-slug/stage.txt line \"%s PROGRAM\" is missing, "
                        "or the dialog's header is wrong)",
                        g->display, g->d.protocol, chapters[g->from].dir, chapters[g->until].dir,
                        g->d.protocol);
            g->ok = 0;
        }
    }
    const char *only = getenv("MM_DIALOGS");
    if (only != NULL && *only != '\0')
        return;     /* a chosen few dialogs: other stages are not their business */
    for (size_t s = 0; s < n_stages; s++) {
        size_t k;
        for (k = 0; k < n_pairs && pairs[k].stage != s; k++)
            ;
        if (k < n_pairs)
            continue;
        char *tc = xasprintf("%s/stage.txt", chapters[stages[s].chapter].dir);
        add_problem(tc, "stage \"%s %s\" of chapter %s is checked by no dialog (add one under "
                    "tests/dialogs/SLUG/ with \"# protocol: %s\", and list it in EXTRA_DIST)",
                    stages[s].protocol, stages[s].argv[0], chapters[stages[s].chapter].dir,
                    stages[s].protocol);
        free(tc);
    }
}

/* ---- running one pair -------------------------------------------------- */

/* Everything about the pair now running, for pair_fail(). */
static struct {
    const struct dlg *g;
    const struct stage *st;
    struct tl_proc proc;
    char *transcript;
    size_t tlen;
    char *tmpdir;       /* "{tmpdir}" of this run (made on first use), or NULL */
    char **subst;       /* arguments with "{tmpdir}" replaced (to free) */
    size_t nsubst;
} cur;

/* @p arg with every @p key replaced by @p value (a new string, to free). */
static char *replace_all(const char *arg, const char *key, const char *value)
{
    size_t klen = strlen(key), n = 0;
    for (const char *p = arg; (p = strstr(p, key)) != NULL; p += klen)
        n++;
    char *out = xrealloc(NULL, strlen(arg) + n * strlen(value) + 1), *o = out;
    for (const char *p = arg, *q; ; p = q + klen) {
        q = strstr(p, key);
        size_t len = q != NULL ? (size_t)(q - p) : strlen(p);
        memcpy(o, p, len);
        o += len;
        if (q == NULL)
            break;
        memcpy(o, value, strlen(value));
        o += strlen(value);
    }
    *o = '\0';
    return out;
}

/* An argument with every "{tmpdir}" replaced by a fresh temporary
 * directory for this (dialog, stage) run, removed when the run ends: for
 * stages that write files (chapter 5's Maildir root); and every
 * "{srcdir}" by the top of the source tree: for stages that read a file
 * kept with the tests (the IMAP stages' users file).  Other arguments
 * are returned unchanged. */
static char *expand_arg(char *arg)
{
    static const char key[] = "{tmpdir}";
    char *out = arg;
    if (strstr(arg, "{srcdir}") != NULL) {
        out = replace_all(arg, "{srcdir}", srcdir);
        cur.subst = xrealloc(cur.subst, (cur.nsubst + 1) * sizeof *cur.subst);
        cur.subst[cur.nsubst++] = out;
    }
    if (strstr(out, key) == NULL)
        return out;
    if (cur.tmpdir == NULL && (cur.tmpdir = tl_tmpdir()) == NULL) {
        fprintf(stderr, "run-dialogs: cannot make a temporary directory\n");
        exit(99);
    }
    out = replace_all(out, key, cur.tmpdir);
    cur.subst = xrealloc(cur.subst, (cur.nsubst + 1) * sizeof *cur.subst);
    cur.subst[cur.nsubst++] = out;
    return out;
}

/* Forget the run's "{tmpdir}" (removing the directory) and its arguments. */
static void drop_tmpdir(void)
{
    if (cur.tmpdir != NULL) {
        tl_rmtree(cur.tmpdir);
        free(cur.tmpdir);
        cur.tmpdir = NULL;
    }
    for (size_t i = 0; i < cur.nsubst; i++)
        free(cur.subst[i]);
    free(cur.subst);
    cur.subst = NULL;
    cur.nsubst = 0;
}

static void note(const char *who, const char *bytes, size_t len)
{
    size_t n = strlen(who);
    char *t = xrealloc(cur.transcript, cur.tlen + n + 1);
    memcpy(t + cur.tlen, who, n + 1);
    cur.transcript = t;
    cur.tlen += n;
    dialog_escape_append(&cur.transcript, &cur.tlen, bytes, len);
    t = xrealloc(cur.transcript, cur.tlen + 2);
    memcpy(t + cur.tlen, "\n", 2);
    cur.transcript = t;
    cur.tlen += 1;
}

static char *stage_name(const struct stage *st)
{
    return xasprintf("%s (%s, %s)", st->argv[0], st->protocol, chapters[st->chapter].dir);
}

/* Report a failed pair: transcript and stderr to stderr, then fail the
 * test with "FILE:LINE: stage NAME: message". */
_Noreturn static void pair_fail(int line, const char *fmt, ...)
{
    va_list ap;
    char msg[4096];
    char *sname = stage_name(cur.st);

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (cur.proc.pid > 0)
        tl_stop(&cur.proc, SIGKILL);
    char *err = tl_stderr(&cur.proc);
    size_t elen = strlen(err);
    const char *etail = elen > 8192 ? err + elen - 8192 : err;
    fprintf(stderr,
            "==== %s:%d: stage %s\n"
            "==== %s\n"
            "---- the conversation so far (C: runner, S: program) ----\n%s"
            "---- the program's standard error%s ----\n%s%s"
            "----\n",
            cur.g->display, line, sname, msg, cur.transcript ? cur.transcript : "",
            etail != err ? " (last 8 KiB)" : "", etail,
            (elen > 0 && err[elen - 1] != '\n') ? "\n" : "");
    free(err);
    tl_cleanup(&cur.proc);
    drop_tmpdir();
    ck_abort_msg("%s:%d: stage %s: %s", cur.g->display, line, sname, msg);
}

/* Read one line for a step; fails the test on timeout or EOF. */
#define LINE_BUF 70000
static ssize_t read_for(const struct dialog_step *s, char *buf, const char *what)
{
    ssize_t n = tl_read_line(cur.proc.stdout_fd, buf, LINE_BUF);
    if (n < 0)
        pair_fail(s->line, "expected %s, got nothing within %d ms", what, tl_timeout_ms());
    if (n == 0)
        pair_fail(s->line, "expected %s, got end of output (the program closed its stdout)", what);
    note("S: ", buf, (size_t)n);
    if (n < 2 || buf[n - 2] != '\r' || buf[n - 1] != '\n') {
        char *e = NULL;
        size_t el = 0;
        dialog_escape_append(&e, &el, buf, (size_t)n);
        pair_fail(s->line, "expected %s, got \"%s\", which does not end with CRLF", what, e);
    }
    return n;
}

START_TEST(run_pair)
{
    const struct pair *pr = &pairs[_i];
    const struct dlg *g = &dialogs[pr->dialog];
    const struct dialog *d = &g->d;
    const struct stage *st = &stages[pr->stage];
    char **argv = NULL;
    size_t argc = 0;
    char *buf = xrealloc(NULL, LINE_BUF);
    int last_line = d->steps[d->nsteps - 1].line;

    memset(&cur, 0, sizeof cur);
    cur.g = g;
    cur.st = st;
    cur.proc.pid = 0;
    cur.proc.stdin_fd = cur.proc.stdout_fd = -1;

    /* PROGRAM ARGS --stdio DIALOG-ARGS */
    argv = xrealloc(argv, (st->argc + d->nargs + 2) * sizeof *argv);
    argv[argc++] = xstrdup(st->argv[0][0] == '/' ? st->argv[0] : tl_build_path(st->argv[0]));
    for (size_t i = 1; i < st->argc; i++)
        argv[argc++] = expand_arg(st->argv[i]);
    argv[argc++] = "--stdio";
    for (size_t i = 0; i < d->nargs; i++)
        argv[argc++] = expand_arg(d->args[i]);
    argv[argc] = NULL;
    if (access(argv[0], X_OK) != 0)
        pair_fail(0, "cannot run %s: %s (is it built? stage programs are noinst_PROGRAMS)",
             argv[0], strerror(errno));
    if (tl_spawn_pipe(&cur.proc, argv) < 0)
        pair_fail(0, "cannot start %s", argv[0]);

    for (size_t k = 0; k < d->nsteps; k++) {
        const struct dialog_step *s = &d->steps[k];
        switch (s->op) {
        case DLG_SEND:
        case DLG_SEND_RAW:
            note("C: ", s->text, s->len);
            if (cur.proc.stdin_fd < 0)
                pair_fail(s->line, "cannot send after !shutdown");
            if (tl_send_bytes(cur.proc.stdin_fd, s->text, s->len) < 0)
                pair_fail(s->line, "cannot send: %s (has the program stopped reading or exited?)",
                     strerror(errno));
            break;
        case DLG_EXPECT: {
            char *want = xasprintf("\"%s\\r\\n\"", s->text);
            ssize_t n = read_for(s, buf, want);
            if ((size_t)n != s->len + 2 || memcmp(buf, s->text, s->len) != 0) {
                char *e = NULL;
                size_t el = 0;
                dialog_escape_append(&e, &el, buf, (size_t)n);
                    pair_fail(s->line, "expected %s, got \"%s\"", want, e);
            }
            free(want);
            break;
        }
        case DLG_EXPECT_RE: {
            char *want = xasprintf("a line matching /%s/", s->text);
            ssize_t n = read_for(s, buf, want);
            buf[n - 2] = '\0';
            if (regexec(&s->re, buf, 0, NULL, 0) != 0) {
                char *e = NULL;
                size_t el = 0;
                dialog_escape_append(&e, &el, buf, (size_t)n - 2);
                pair_fail(s->line, "expected %s, got \"%s\\r\\n\"", want, e);
            }
            free(want);
            break;
        }
        case DLG_EOF: {
            ssize_t n = tl_read_line(cur.proc.stdout_fd, buf, LINE_BUF);
            if (n < 0)
                pair_fail(s->line, "expected end of output, but the program neither wrote nor "
                     "closed its stdout within %d ms", tl_timeout_ms());
            if (n > 0) {
                char *e = NULL;
                size_t el = 0;
                note("S: ", buf, (size_t)n);
                dialog_escape_append(&e, &el, buf, (size_t)n);
                pair_fail(s->line, "expected end of output, got \"%s\"", e);
            }
            note("", "(end of output)", 15);
            break;
        }
        case DLG_SHUTDOWN:
            note("", "(runner closes its write end)", 29);
            tl_close(cur.proc.stdin_fd);
            cur.proc.stdin_fd = -1;
            break;
        }
    }

    /* The dialog is over: the program gets EOF on its input, must not say
     * anything the dialog did not expect, and must exit in time. */
    if (cur.proc.stdin_fd >= 0) {
        tl_close(cur.proc.stdin_fd);
        cur.proc.stdin_fd = -1;
    }
    ssize_t n = tl_read_line(cur.proc.stdout_fd, buf, LINE_BUF);
    if (n > 0) {
        char *e = NULL;
        size_t el = 0;
        note("S: ", buf, (size_t)n);
        dialog_escape_append(&e, &el, buf, (size_t)n);
        pair_fail(last_line, "unexpected output after the last step: \"%s\" (add S: lines, "
             "or !eof where the program should close)", e);
    }
    if (n < 0)
        pair_fail(last_line, "after the last step (and EOF on its input) the program did not "
             "close its stdout within %d ms", tl_timeout_ms());
    int status = tl_stop(&cur.proc, 0);
    if (status == -1)
        pair_fail(last_line, "the program did not exit within %d ms after the dialog ended "
             "(killed)", tl_timeout_ms());
    if (WIFSIGNALED(status))
        pair_fail(last_line, "the program was killed by signal %d", WTERMSIG(status));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != d->exit_status)
        pair_fail(last_line, "the program ended with exit status %d, expected %d%s",
             WEXITSTATUS(status), d->exit_status,
             d->exit_status == 0 ? " (a dialog may say \"# exit: N\")" : "");

    tl_cleanup(&cur.proc);
    drop_tmpdir();
    free(cur.transcript);
    free(argv[0]);
    free(argv);
    free(buf);
}
END_TEST

START_TEST(report_problem)
{
    ck_abort_msg("%s", problems[_i].msg);
}
END_TEST

/* ---- the suite --------------------------------------------------------- */

static Suite *dialog_suite(void)
{
    Suite *s = suite_create("dialogs");

    for (size_t i = 0; i < n_problems; i++) {
        TCase *tc = tl_tcase(problems[i].tcase);
        tcase_add_loop_test(tc, report_problem, (int)i, (int)i + 1);
        suite_add_tcase(s, tc);
    }
    for (size_t i = 0; i < n_dialogs; i++) {
        size_t first = n_pairs, last = 0;
        for (size_t k = 0; k < n_pairs; k++)
            if (pairs[k].dialog == i) {
                if (first == n_pairs)
                    first = k;
                last = k;
            }
        if (first == n_pairs)
            continue;
        /* a dialog's pairs are contiguous (make_pairs adds them together) */
        TCase *tc = tl_tcase(dialogs[i].tcase);
        tcase_add_loop_test(tc, run_pair, (int)first, (int)last + 1);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    const char *env;
    char *chapdir;

    srcdir = getenv("MM_SRCDIR");
    if (srcdir == NULL || *srcdir == '\0')
        srcdir = ".";
    env = getenv("MM_DIALOG_CHAPTERS");
    chapdir = (env && *env) ? xstrdup(env) : xasprintf("%s/chapters", srcdir);

    if (collect_chapters(chapdir) < 0)
        return EXIT_FAILURE;
    if (n_chapters == 0) {
        fprintf(stderr, "run-dialogs: no NN-slug chapter directories in %s\n", chapdir);
        return EXIT_FAILURE;
    }
    collect_stages(chapdir);
    if (collect_dialogs() < 0)
        return EXIT_FAILURE;
    if (n_dialogs == 0 && n_stages == 0 && n_problems == 0) {
        printf("run-dialogs: no stages and no dialogs yet; nothing to check\n");
        return 77;
    }
    make_pairs();

    printf("run-dialogs: %zu chapters, %zu stages, %zu dialogs -> %zu checks\n",
           n_chapters, n_stages, n_dialogs, n_pairs);
    for (size_t k = 0; k < n_pairs; k++) {
        const struct stage *st = &stages[pairs[k].stage];
        printf("  %s x %s (%s)\n", dialogs[pairs[k].dialog].display, st->argv[0],
               chapters[st->chapter].dir);
    }
    fflush(stdout);
    free(chapdir);
    return tl_run_suite(dialog_suite());
}
