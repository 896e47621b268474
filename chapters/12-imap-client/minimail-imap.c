/**
 * @file minimail-imap.c
 * @brief minimail's IMAP client: one-shot subcommands and an interactive
 *        shell, with the conversation on show (--trace).
 *
 * @chapter{imap-client}
 * @rfc RFC 3501 §6 (the commands it sends), §7 (the responses it prints);
 *      RFC 2177 (IDLE); RFC 7888 (LITERAL+)
 *
 *     MINIMAIL_PASSWORD=secret minimail-imap --user bob --trace list
 *     minimail-imap --user bob select INBOX
 *     minimail-imap --user bob read INBOX 1
 *     minimail-imap --user bob shell
 *
 * Each run connects, reads the greeting, logs in (AUTHENTICATE PLAIN when
 * the server offers it, else LOGIN), runs one subcommand -- or, for
 * `shell`, one per line of standard input -- and logs out.  The password
 * comes from the environment variable MINIMAIL_PASSWORD or is asked on
 * the terminal: never from the command line, which every user of the
 * machine can read (ps -ef).
 *
 * Untagged responses are printed as they arrive, literals included, and
 * the tagged response last; `select`/`examine` print a summary instead,
 * `read` prints the message itself.
 *
 * Exit status (sysexits.h):
 * | status           | when |
 * |------------------|------|
 * | 0 (EX_OK)        | every command ended in OK |
 * | 64 (EX_USAGE)    | bad options or subcommand; no --user |
 * | 65 (EX_DATAERR)  | the server answered NO or BAD |
 * | 66 (EX_NOINPUT)  | append: the file cannot be read |
 * | 75 (EX_TEMPFAIL) | cannot connect; the server closed, timed out or said BYE |
 * | 76 (EX_PROTOCOL) | the server sent something that is not IMAP |
 * | 77 (EX_NOPERM)   | login failed |
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "imap_client.h"
#include "imap_parse.h"
#include "net.h"
#include "trace.h"

/** The environment variable that holds the password. */
#define PASSWORD_ENV "MINIMAIL_PASSWORD"
/** Longest line the shell reads. */
#define SHELL_LINE_MAX 8192
/** Most words in one shell line. */
#define SHELL_ARGS_MAX 32

/** What untagged responses do while a command runs. */
enum print_mode {
    PRINT_ALL = 0,   /**< print each response as it is */
    PRINT_SUMMARY,   /**< collect a SELECT summary, print nothing */
    PRINT_BODY       /**< print the literal of a FETCH BODY[] only */
};

/** A SELECT/EXAMINE summary, collected from untagged responses. */
struct summary {
    unsigned long exists;     /**< `* N EXISTS` */
    unsigned long recent;     /**< `* N RECENT` */
    unsigned long uidvalidity;/**< `[UIDVALIDITY n]` */
    unsigned long uidnext;    /**< `[UIDNEXT n]` */
    unsigned long unseen;     /**< `[UNSEEN n]`: first unseen message */
    char flags[512];          /**< `* FLAGS (...)` */
};

static enum print_mode mode;
static struct summary sum;
static int saw_bye;

/* Print a response as it came (literals inline). */
static void print_response(const struct imc_response *r)
{
    fwrite(r->buf, 1, r->len, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

/* Find "[CODE n]" in a response and read n. */
static void code_number(const char *text, const char *code, unsigned long *out)
{
    const char *p = strstr(text, code);

    if (p != NULL)
        *out = strtoul(p + strlen(code), NULL, 10);
}

/* [imap-client-untagged] */
/* Every untagged response passes here while a command runs. */
static void on_untagged(void *arg, const struct imc_response *r)
{
    const char *t = r->buf + r->text;
    char *end;
    unsigned long n;

    (void)arg;
    if (r->status == IMC_ST_BYE)
        saw_bye = 1;
    if (mode == PRINT_ALL || r->kind != IMC_UNTAGGED) {
        print_response(r);
        return;
    }
    if (mode == PRINT_BODY) {
        /* `* 1 FETCH (BODY[] {n}` CRLF octets `)`: the octets are the
         * message; print them as they are. */
        const char *lit = r->nliterals > 0 ? strstr(t, "}\r\n") : NULL;
        const char *br = strstr(t, "{");
        if (lit != NULL && br != NULL && br < lit) {
            size_t len = strtoul(br + 1, NULL, 10);
            lit += 3;
            if ((size_t)(r->buf + r->len - lit) >= len)
                fwrite(lit, 1, len, stdout);
        } else if (r->status == IMC_ST_NONE && strstr(t, "FETCH") == NULL) {
            print_response(r);
        }
        return;
    }
    /* PRINT_SUMMARY: the responses SELECT must send (RFC 3501 §6.3.1). */
    n = strtoul(t, &end, 10);
    if (end != t && strcmp(end, " EXISTS") == 0)
        sum.exists = n;
    else if (end != t && strcmp(end, " RECENT") == 0)
        sum.recent = n;
    else if (strncmp(t, "FLAGS ", 6) == 0)
        snprintf(sum.flags, sizeof sum.flags, "%s", t + 6);
    code_number(t, "[UIDVALIDITY ", &sum.uidvalidity);
    code_number(t, "[UIDNEXT ", &sum.uidnext);
    code_number(t, "[UNSEEN ", &sum.unseen);
}
/* [imap-client-untagged] */

/* The password: from the environment, else asked on the terminal with
 * echo off. */
static char *get_password(const char *user)
{
    const char *env = getenv(PASSWORD_ENV);
    struct termios saved, noecho;
    char buf[512];
    ssize_t n;
    int tty, restore = 0;

    if (env != NULL)
        return strdup(env);
    if ((tty = open("/dev/tty", O_RDWR | O_NOCTTY)) < 0)
        return NULL;
    if (tcgetattr(tty, &saved) == 0) {
        noecho = saved;
        noecho.c_lflag &= ~(tcflag_t)ECHO;
        restore = tcsetattr(tty, TCSAFLUSH, &noecho) == 0;
    }
    dprintf(tty, "IMAP password for %s: ", user);
    n = read(tty, buf, sizeof buf - 1);
    if (restore)
        tcsetattr(tty, TCSAFLUSH, &saved);
    dprintf(tty, "\n");
    close(tty);
    if (n < 0)
        return NULL;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    env = strdup(buf);
    memset(buf, 0, sizeof buf);
    return (char *)env;
}

/* The exit status for a finished command. */
static int status_of(enum imc_result res, const struct imc_response *r)
{
    if (res == IMC_GARBAGE || res == IMC_TOOBIG) {
        fprintf(stderr, "minimail-imap: %s\n", imc_result_str(res));
        return EX_PROTOCOL;
    }
    if (res != IMC_DONE) {
        fprintf(stderr, "minimail-imap: %s\n", imc_result_str(res));
        return EX_TEMPFAIL;
    }
    return r->status == IMC_ST_OK ? EX_OK : EX_DATAERR;
}

/* Finish a command: print its tagged response, return the exit status. */
static int finish(struct imap_client *c, int print_tagged)
{
    struct imc_response r;
    enum imc_result res;
    int st;

    imc_response_init(&r);
    res = imc_finish(c, &r);
    if (res == IMC_DONE && (print_tagged || r.status != IMC_ST_OK))
        print_response(&r);
    st = status_of(res, &r);
    imc_response_free(&r);
    mode = PRINT_ALL;
    return st;
}

/* Send "VERB astring" and finish. */
static int verb_mailbox(struct imap_client *c, const char *verb, const char *mbox)
{
    imc_begin(c);
    imc_raw(c, verb);
    imc_raw(c, " ");
    imc_astring(c, mbox, strlen(mbox));
    return finish(c, 1);
}

/* Join words with spaces into the command as they are (raw IMAP). */
static void raw_words(struct imap_client *c, int argc, char **argv)
{
    int i;

    for (i = 0; i < argc; i++) {
        imc_raw(c, " ");
        imc_raw(c, argv[i]);
    }
}

/* SELECT or EXAMINE quietly (for the subcommands that need a mailbox). */
static int open_mailbox(struct imap_client *c, const char *verb, const char *mbox)
{
    mode = PRINT_SUMMARY;
    imc_begin(c);
    imc_raw(c, verb);
    imc_raw(c, " ");
    imc_astring(c, mbox, strlen(mbox));
    return finish(c, 0);
}

/* Read a file for APPEND, with every line ending made CRLF (RFC 5322). */
static char *read_message(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *out = NULL;
    size_t n = 0, cap = 0;
    int ch, prev = 0;

    if (f == NULL)
        return NULL;
    while ((ch = getc(f)) != EOF) {
        if (n + 3 > cap) {
            char *nb = realloc(out, cap = cap ? cap * 2 : 4096);
            if (nb == NULL) {
                free(out);
                fclose(f);
                return NULL;
            }
            out = nb;
        }
        if (ch == '\n' && prev != '\r')
            out[n++] = '\r';
        out[n++] = (char)ch;
        prev = ch;
    }
    fclose(f);
    if (out == NULL && (out = malloc(1)) == NULL)
        return NULL;
    *len = n;
    return out;
}

/* IDLE (RFC 2177): print what arrives for @p seconds, then DONE. */
static int do_idle(struct imap_client *c, int seconds)
{
    struct imc_response r;
    enum imc_result res;
    int st;

    imc_response_init(&r);
    imc_begin(c);
    imc_raw(c, "IDLE");
    /* Like a literal: the line goes out, and "+ idling" (or a tagged BAD
     * from a server without IDLE) comes back. */
    if (imap_w_end(&c->w) < 0 || outbuf_flush(&c->ob) < 0)
        return EX_TEMPFAIL;
    for (;;) {
        res = imc_read_response(c, &r);
        if (res != IMC_DONE || r.kind != IMC_UNTAGGED)
            break;
        print_response(&r);
    }
    if (res == IMC_DONE && r.kind == IMC_TAGGED) {
        print_response(&r);
        st = status_of(res, &r);
        imc_response_free(&r);
        return st;
    }
    if (res != IMC_DONE) {
        imc_response_free(&r);
        return status_of(res, NULL);
    }
    print_response(&r);
    /* Wait; updates are printed as they come; a timeout just ends it. */
    lr_set_timeout(&c->lr, 1000);
    for (int waited = 0; waited < seconds;) {
        res = imc_read_response(c, &r);
        if (res == IMC_TIMEOUT) {
            waited++;
            continue;
        }
        if (res != IMC_DONE)
            break;
        print_response(&r);
    }
    imc_response_free(&r);
    if (res != IMC_DONE && res != IMC_TIMEOUT)
        return status_of(res, NULL);
    /* DONE is not a command: no tag; imc_finish() ends the line and
     * reads the IDLE command's tagged response. */
    if (imap_w_str(&c->w, "DONE") < 0)
        return EX_TEMPFAIL;
    return finish(c, 1);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: minimail-imap [options] COMMAND [ARGS...]\n"
        "  --server HOST:PORT   the IMAP server (default 127.0.0.1:1143)\n"
        "  --user USER          log in as USER; the password comes from $" PASSWORD_ENV "\n"
        "                       or is asked on the terminal\n"
        "  --login              use LOGIN even when AUTHENTICATE PLAIN is offered\n"
        "  --timeout SECONDS    longest wait for the server (default 30)\n"
        "  --trace              show the conversation on stderr (C: and S: lines)\n"
        "  --help, --version\n"
        "commands:\n"
        "  list [REFERENCE PATTERN]   create MAILBOX   delete MAILBOX\n"
        "  rename OLD NEW             status MAILBOX [ITEMS]\n"
        "  select MAILBOX             examine MAILBOX  (summary)\n"
        "  fetch MAILBOX SEQ [ITEMS]  read MAILBOX SEQ (prints the message)\n"
        "  search MAILBOX [CRITERIA]  store MAILBOX SEQ ITEM VALUE\n"
        "  copy MAILBOX SEQ DEST      move MAILBOX SEQ DEST\n"
        "  append MAILBOX FILE        idle MAILBOX [SECONDS]\n"
        "  shell                      raw IMAP (tag added) or these commands, from stdin;\n"
        "                             a raw line ending in {N} (or {N+}) is followed by\n"
        "                             N octets, a literal (a typed LF is sent as CRLF)\n");
}

/** In run(): a usage error unless the command has at least @p n words. */
#define NEED(n) do { if (argc < (n)) { usage(stderr); return EX_USAGE; } } while (0)

/* [imap-client-dispatch] */
/* Run one subcommand; returns its exit status, or -1 if @p argv[0] is
 * not one. */
static int run(struct imap_client *c, int argc, char **argv)
{
    const char *cmd = argv[0];
    int st;

    if (strcmp(cmd, "list") == 0) {
        imc_begin(c);
        imc_raw(c, "LIST ");
        imc_astring(c, argc > 1 ? argv[1] : "", strlen(argc > 1 ? argv[1] : ""));
        imc_raw(c, " ");
        imc_astring(c, argc > 2 ? argv[2] : "*", strlen(argc > 2 ? argv[2] : "*"));
        return finish(c, 1);
    }
    if (strcmp(cmd, "create") == 0 || strcmp(cmd, "delete") == 0) {
        NEED(2);
        return verb_mailbox(c, cmd[0] == 'c' ? "CREATE" : "DELETE", argv[1]);
    }
    if (strcmp(cmd, "rename") == 0) {
        NEED(3);
        imc_begin(c);
        imc_raw(c, "RENAME ");
        imc_astring(c, argv[1], strlen(argv[1]));
        imc_raw(c, " ");
        imc_astring(c, argv[2], strlen(argv[2]));
        return finish(c, 1);
    }
    if (strcmp(cmd, "status") == 0) {
        NEED(2);
        imc_begin(c);
        imc_raw(c, "STATUS ");
        imc_astring(c, argv[1], strlen(argv[1]));
        if (argc > 2)
            raw_words(c, argc - 2, argv + 2);
        else
            imc_raw(c, " (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)");
        return finish(c, 1);
    }
    if (strcmp(cmd, "select") == 0 || strcmp(cmd, "examine") == 0) {
        NEED(2);
        memset(&sum, 0, sizeof sum);
        st = open_mailbox(c, cmd[0] == 's' ? "SELECT" : "EXAMINE", argv[1]);
        if (st == EX_OK)
            printf("mailbox %s\nexists %lu\nrecent %lu\nuidvalidity %lu\nuidnext %lu\n"
                   "unseen %lu\nflags %s\n", argv[1], sum.exists, sum.recent,
                   sum.uidvalidity, sum.uidnext, sum.unseen, sum.flags);
        return st;
    }
    if (strcmp(cmd, "append") == 0) {
        size_t len;
        char *msg;
        NEED(3);
        if ((msg = read_message(argv[2], &len)) == NULL) {
            fprintf(stderr, "minimail-imap: %s: %s\n", argv[2], strerror(errno));
            return EX_NOINPUT;
        }
        /* APPEND mailbox literal (RFC 3501 §6.3.11): the message goes as a
         * literal, synchronising unless the server has LITERAL+. */
        imc_begin(c);
        imc_raw(c, "APPEND ");
        imc_astring(c, argv[1], strlen(argv[1]));
        imc_raw(c, " ");
        imc_literal(c, msg, len);
        free(msg);
        return finish(c, 1);
    }
    if (strcmp(cmd, "idle") == 0) {
        NEED(2);
        if ((st = open_mailbox(c, "SELECT", argv[1])) != EX_OK)
            return st;
        return do_idle(c, argc > 2 ? atoi(argv[2]) : 30);
    }
    {
        /* The rest need a mailbox open, then send one command as given. */
        static const struct { const char *name; const char *open; const char *verb; int args; }
            pass[] = {
                {"fetch", "EXAMINE", "FETCH", 3},  {"search", "EXAMINE", "SEARCH", 2},
                {"store", "SELECT", "STORE", 5},   {"copy", "SELECT", "COPY", 4},
                {"move", "SELECT", "MOVE", 4},     {"read", "EXAMINE", "FETCH", 3}};
        size_t i;
        for (i = 0; i < sizeof pass / sizeof pass[0]; i++) {
            if (strcmp(cmd, pass[i].name) != 0)
                continue;
            NEED(pass[i].args);
            if ((st = open_mailbox(c, pass[i].open, argv[1])) != EX_OK)
                return st;
            imc_begin(c);
            imc_raw(c, pass[i].verb);
            if (strcmp(cmd, "read") == 0) {
                imc_raw(c, " ");
                imc_raw(c, argv[2]);
                imc_raw(c, " BODY.PEEK[]");
                mode = PRINT_BODY;
                return finish(c, 0);
            }
            if (strcmp(cmd, "fetch") == 0 && argc == 3) {
                raw_words(c, 1, argv + 2);
                imc_raw(c, " (FLAGS UID RFC822.SIZE)");
            } else if (strcmp(cmd, "search") == 0 && argc == 2) {
                imc_raw(c, " ALL");
            } else if (strcmp(cmd, "copy") == 0 || strcmp(cmd, "move") == 0) {
                imc_raw(c, " ");
                imc_raw(c, argv[2]);
                imc_raw(c, " ");
                imc_astring(c, argv[3], strlen(argv[3]));
            } else {
                raw_words(c, argc - 2, argv + 2);
            }
            return finish(c, 1);
        }
    }
    return -1;
}
/* [imap-client-dispatch] */

/* Split a shell line into words: spaces separate, "double quotes" group. */
static int split_words(char *line, char **argv, int max)
{
    int n = 0;
    char *p = line;

    while (*p != '\0' && n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        if (*p == '"') {
            argv[n++] = ++p;
            while (*p != '\0' && *p != '"')
                p++;
        } else {
            argv[n++] = p;
            while (*p != '\0' && *p != ' ' && *p != '\t')
                p++;
        }
        if (*p != '\0')
            *p++ = '\0';
    }
    return n;
}

/* Does a typed line end in a literal's announcement, `{n}` or `{n+}`
 * (RFC 3501 §4.3, RFC 7888)?  Returns where the `{` is (the text before
 * it goes as it is), or -1; sets *n and *plus. */
static long literal_at_end(const char *line, size_t *n, int *plus)
{
    size_t len = strlen(line), i;
    unsigned long long v = 0;

    if (len < 3 || line[len - 1] != '}')
        return -1;
    i = len - 1;
    *plus = i > 0 && line[i - 1] == '+';
    if (*plus)
        i--;
    if (i == 0 || !isdigit((unsigned char)line[i - 1]))
        return -1;
    while (i > 0 && isdigit((unsigned char)line[i - 1]))
        i--;
    if (i == 0 || line[i - 1] != '{')
        return -1;
    for (const char *p = line + i; isdigit((unsigned char)*p); p++) {
        v = v * 10 + (unsigned long long)(*p - '0');
        if (v > IMC_LITERAL_MAX)
            return -1;
    }
    *n = (size_t)v;
    return (long)(i - 1);
}

/* Read a literal's @p n octets from standard input.  What a person types
 * ends its lines with LF, but IMAP's lines end with CRLF (RFC 3501 §2.2):
 * a bare LF becomes CR LF, and both count -- so `{n}` is the number of
 * octets that go on the wire.  Returns the octets, or NULL (with a
 * message) at the end of the input or when the count ends between a CR
 * and its LF. */
static char *read_literal(size_t n)
{
    char *buf = malloc(n + 1);
    size_t got = 0;
    int ch, prev = 0;

    if (buf == NULL) {
        fprintf(stderr, "minimail-imap: no memory for a %zu-octet literal\n", n);
        return NULL;
    }
    while (got < n) {
        if ((ch = getchar()) == EOF) {
            fprintf(stderr, "minimail-imap: the input ended %zu octets into a "
                            "%zu-octet literal; nothing was sent\n", got, n);
            free(buf);
            return NULL;
        }
        if (ch == '\n' && prev != '\r') {
            if (got + 2 > n) {
                fprintf(stderr, "minimail-imap: the literal's count ends inside a "
                                "line end (each typed line end is CRLF, 2 octets); "
                                "nothing was sent\n");
                free(buf);
                return NULL;
            }
            buf[got++] = '\r';
        }
        buf[got++] = (char)ch;
        prev = ch;
    }
    return buf;
}

/** Most literals in one command typed into the shell. */
#define SHELL_LITERALS_MAX 16

/* [imap-client-shell-literal] */
/* A raw command typed with literals: the first line ends in `{n}`; the
 * shell reads the n octets, then the next line goes on with the command
 * (it may announce another literal, or be empty to end it).  Everything
 * is read before anything is sent, so a mistake sends nothing; then the
 * pieces go through the library, `{n}` with the continuation handshake
 * (imc_literal_as() waits for "+") and `{n+}` without (LITERAL+). */
static int raw_with_literals(struct imap_client *c, const char *first)
{
    char *text[SHELL_LITERALS_MAX + 1], *lit[SHELL_LITERALS_MAX];
    size_t litlen[SHELL_LITERALS_MAX];
    int plus[SHELL_LITERALS_MAX], k = 0, i, st = EX_DATAERR;
    char line[SHELL_LINE_MAX];
    long at;

    snprintf(line, sizeof line, "%s", first);
    for (;;) {
        size_t len;
        if (k == SHELL_LITERALS_MAX) {
            fprintf(stderr, "minimail-imap: more than %d literals in one command; "
                            "nothing was sent\n", SHELL_LITERALS_MAX);
            goto out;
        }
        at = literal_at_end(line, &litlen[k], &plus[k]);
        if (at >= 0)
            line[at] = '\0';
        if ((text[k] = strdup(line)) == NULL)
            goto out;
        if (at < 0)
            break;                           /* the command's last piece */
        if (isatty(STDIN_FILENO))
            printf("(a literal: type %zu octets; each line end counts 2, CR LF)\n",
                   litlen[k]);
        if ((lit[k] = read_literal(litlen[k])) == NULL) {
            free(text[k]);
            goto out;
        }
        k++;
        /* The rest of the command: up to the next line end. */
        if (fgets(line, sizeof line, stdin) == NULL)
            line[0] = '\0';
        len = strlen(line);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
    }
    imc_begin(c);
    for (i = 0; i < k; i++) {
        imc_raw(c, text[i]);
        imc_literal_as(c, lit[i], litlen[i], plus[i]);
    }
    imc_raw(c, text[k]);
    st = finish(c, 1);
    free(text[k]);
out:
    for (i = 0; i < k; i++) {
        free(text[i]);
        free(lit[i]);
    }
    return st;
}
/* [imap-client-shell-literal] */

/* [imap-client-shell] */
/* The shell: each line is a subcommand (lower-case name) or a raw IMAP
 * command, sent with the next tag; responses are printed as they come.
 * A raw line ending in `{n}` or `{n+}` is followed by a literal. */
static int shell(struct imap_client *c)
{
    char line[SHELL_LINE_MAX], copy[SHELL_LINE_MAX];
    char *argv[SHELL_ARGS_MAX];
    int tty = isatty(STDIN_FILENO), st = EX_OK;

    for (;;) {
        size_t n, litn;
        int argc, litplus;
        if (tty) {
            fputs("imap> ", stdout);
            fflush(stdout);
        }
        if (fgets(line, sizeof line, stdin) == NULL)
            break;
        n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        memcpy(copy, line, n + 1);
        argc = split_words(copy, argv, SHELL_ARGS_MAX);
        if (argc == 0)
            continue;
        if (strcmp(argv[0], "quit") == 0 || strcmp(argv[0], "exit") == 0)
            break;
        if (literal_at_end(line, &litn, &litplus) >= 0) {
            st = raw_with_literals(c, line);
        } else if ((st = run(c, argc, argv)) == -1) {
            imc_begin(c);
            imc_raw(c, line);
            st = finish(c, 1);
            if (strncasecmp(line, "LOGOUT", 6) == 0 && (line[6] == '\0' || line[6] == ' '))
                return st;
        }
        if (st == EX_TEMPFAIL || st == EX_PROTOCOL || saw_bye)
            return st == EX_OK ? EX_TEMPFAIL : st;
    }
    return EX_OK;
}
/* [imap-client-shell] */

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"server", required_argument, NULL, 's'}, {"user", required_argument, NULL, 'u'},
        {"timeout", required_argument, NULL, 't'}, {"trace", no_argument, NULL, 'T'},
        {"login", no_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *server = "127.0.0.1:1143", *user = NULL;
    char host[256], port[16], err[256];
    char *password = NULL;
    int opt, timeout = 30, use_login = 0, fd, st;
    struct imap_client c;
    struct imc_response r;
    enum imc_result res;

    while ((opt = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
        switch (opt) {
        case 's': server = optarg; break;
        case 'u': user = optarg; break;
        case 't':
            timeout = atoi(optarg);
            if (timeout <= 0) {
                fprintf(stderr, "minimail-imap: --timeout: a positive number of seconds\n");
                return EX_USAGE;
            }
            break;
        case 'T': trace_enable(STDERR_FILENO); break;
        case 'L': use_login = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("minimail-imap (minimail) %s\n", PACKAGE_VERSION); return EX_OK;
        default: usage(stderr); return EX_USAGE;
        }
    }
    if (optind >= argc || user == NULL) {
        if (user == NULL)
            fprintf(stderr, "minimail-imap: --user is required\n");
        usage(stderr);
        return EX_USAGE;
    }
    if (net_split_hostport(server, host, sizeof host, port, sizeof port) < 0) {
        fprintf(stderr, "minimail-imap: --server %s: expected HOST:PORT\n", server);
        return EX_USAGE;
    }
    if ((password = get_password(user)) == NULL) {
        fprintf(stderr, "minimail-imap: no password: set %s or run on a terminal\n", PASSWORD_ENV);
        return EX_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);
    if ((fd = net_connect(host, port, timeout * 1000, err, sizeof err)) < 0) {
        fprintf(stderr, "minimail-imap: %s: %s\n", server, err);
        free(password);
        return EX_TEMPFAIL;
    }
    imc_init(&c, fd, timeout * 1000);
    imc_set_handler(&c, on_untagged, NULL);
    imc_response_init(&r);
    /* The greeting, the capabilities, the login. */
    res = imc_greeting(&c, &r);
    st = res != IMC_DONE ? status_of(res, &r) : r.status == IMC_ST_BYE ? EX_TEMPFAIL : EX_OK;
    if (st == EX_OK && r.status != IMC_ST_PREAUTH) {
        if (c.caps == NULL)
            res = imc_capability(&c);
        if (res == IMC_DONE && !use_login && imc_has_cap(&c, "AUTH=PLAIN"))
            res = imc_authenticate_plain(&c, user, password, &r);
        else if (res == IMC_DONE)
            res = imc_login(&c, user, password, &r);
        st = status_of(res, &r);
        if (st == EX_DATAERR) {
            print_response(&r);
            st = EX_NOPERM;
        }
    } else if (st != EX_OK && res == IMC_DONE) {
        print_response(&r);
    }
    memset(password, 0, strlen(password));
    free(password);
    if (st == EX_OK) {
        if (strcmp(argv[optind], "shell") == 0)
            st = shell(&c);
        else if ((st = run(&c, argc - optind, argv + optind)) == -1) {
            fprintf(stderr, "minimail-imap: unknown command %s\n", argv[optind]);
            st = EX_USAGE;
        }
        /* LOGOUT (RFC 3501 §6.1.3): BYE, then the tagged OK. */
        if (st != EX_TEMPFAIL && st != EX_PROTOCOL && !saw_bye) {
            mode = PRINT_SUMMARY;
            imc_simple(&c, "LOGOUT", NULL);
        }
    }
    imc_response_free(&r);
    imc_free(&c);
    close(fd);
    return st;
}
