/*
 * dialog.h -- the dialog-file parser of the dialog runner (test framework,
 * not part of the book).
 *
 * A dialog file is a wire transcript that a stage program must reproduce:
 *
 *   # Title line (free text)
 *   # from: lines             first chapter (slug) it holds for (required)
 *   # until: serving-many     last chapter (optional)
 *   # protocol: lines         which stages apply (required)
 *   # args: --timeout 1       extra server arguments (optional)
 *   # exit: 0                 expected exit status (optional, default 0)
 *   S: 220 minimail lines server ready   exact line, CRLF required
 *   S~ ^250 .*$                          POSIX ERE on the line (CRLF required)
 *   C: ECHO hello                        send text + CRLF (escapes processed)
 *   C- ECHO no end\n                     send exactly these bytes
 *   !shutdown                            close our write end (EOF for it)
 *   !eof                                 expect the server to close its output
 *
 * Escapes (C: and C- only): \r \n \t \0 \\ \xHH, and \{N:c} = c repeated N
 * times.  S: and S~ text is taken literally (IMAP flags are full of '\').
 * The header keys are the leading "# key: value" lines; any lowercase
 * "# word:" there that is not a known key is an error, so a typo such as
 * "# form: lines" cannot silently disable a test.
 */
#ifndef MM_DIALOG_H
#define MM_DIALOG_H

#include <stddef.h>
#include <regex.h>

/* What one step does. */
enum dialog_op {
    DLG_SEND,       /* C:  text + CRLF */
    DLG_SEND_RAW,   /* C-  exactly the bytes */
    DLG_EXPECT,     /* S:  exact line */
    DLG_EXPECT_RE,  /* S~  ERE */
    DLG_EOF,        /* !eof */
    DLG_SHUTDOWN    /* !shutdown */
};

/* One step of a dialog. */
struct dialog_step {
    enum dialog_op op;
    int line;           /* line number in the file (1-based) */
    char *text;         /* bytes to send, expected line, or the ERE source */
    size_t len;         /* length of text (may contain NUL for sends) */
    regex_t re;         /* compiled, for DLG_EXPECT_RE */
    int has_re;
};

/* A parsed dialog file. */
struct dialog {
    char *path;         /* as given to dialog_parse() */
    char *title;        /* first comment line, or "" */
    char *from;         /* slug (required) */
    char *until;        /* slug or NULL */
    char *protocol;     /* required */
    char **args;        /* extra server arguments, NULL-terminated */
    size_t nargs;
    int exit_status;    /* expected exit status (default 0) */
    struct dialog_step *steps;
    size_t nsteps;
};

/*
 * Process the escapes of C:/C- text.  On success *out is a malloc'ed buffer
 * (NUL-terminated, but may also contain NULs) of *outlen bytes and 0 is
 * returned; on error -1 and a message in err.
 */
int dialog_unescape(const char *in, char **out, size_t *outlen, char *err, size_t errsz);

/*
 * Parse dialog text (len bytes).  path is only used for messages and kept
 * in d->path.  Returns 0, or -1 with "LINE: message" in err (d is then
 * freed and zeroed).
 */
int dialog_parse(const char *path, const char *text, size_t len, struct dialog *d,
                 char *err, size_t errsz);

/* Read and parse a file; -1 with a message in err on failure. */
int dialog_load(const char *path, struct dialog *d, char *err, size_t errsz);

/* Free everything dialog_parse() allocated (d may be zeroed). */
void dialog_free(struct dialog *d);

/* Append @s (len bytes) to a malloc'ed string *buf (of *blen bytes) with
 * control bytes written as escapes (\r \n \t \\ \xHH), for messages. */
void dialog_escape_append(char **buf, size_t *blen, const char *s, size_t len);

#endif /* MM_DIALOG_H */
