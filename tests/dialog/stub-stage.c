/*
 * stub-stage.c -- a tiny line server for the dialog runner's self-test
 * (tests/dialog/selftest.sh).  Test framework only, not part of the book.
 *
 * Usage: stub-stage [--name NAME] [--dir DIR] --stdio
 * Greets with "220 stub NAME ready", then answers one line at a time:
 *   ECHO text  -> 250 text          LEN text -> 250 <bytes in the line>
 *   HEX text   -> 250 <hex of text> MULTI    -> 214-first / 214 last
 *   BARE       -> "250 bare" + LF only (a broken line ending)
 *   SILENT     -> no answer         EXIT n   -> exit n at once
 *   CRASH      -> abort()           QUIT     -> 221 Bye, exit 0
 *   DIR        -> 250 dir ok when --dir names an existing directory (and
 *                 not a literal "{tmpdir}"), else 550
 *   other      -> 500 Unknown command
 * EOF on input: exit 0 (a partial line is reported on stderr).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void reply(const char *fmt, const char *arg)
{
    printf(fmt, arg);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *name = "stub";
    const char *dir = NULL;
    int stdio = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    signal(SIGPIPE, SIG_IGN);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stdio") == 0)
            stdio = 1;
        else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else {
            fprintf(stderr, "stub-stage: unknown argument %s\n", argv[i]);
            return 64;
        }
    }
    if (!stdio) {
        fprintf(stderr, "stub-stage: --stdio is required\n");
        return 64;
    }
    fprintf(stderr, "stub-stage[%s]: session starts\n", name);
    reply("220 stub %s ready\r\n", name);
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if (line[n - 1] != '\n') {
            fprintf(stderr, "stub-stage: EOF in the middle of a line\n");
            break;
        }
        if (n < 2 || line[n - 2] != '\r') {
            reply("500 Line must end with CRLF%s\r\n", "");
            continue;
        }
        size_t len = (size_t)n - 2;
        line[len] = '\0';   /* (a NUL inside the line cuts the text short) */
        if (strncasecmp(line, "ECHO ", 5) == 0)
            reply("250 %s\r\n", line + 5);
        else if (strncasecmp(line, "LEN ", 4) == 0) {
            char num[32];
            snprintf(num, sizeof num, "%zu", len);
            reply("250 %s\r\n", num);
        } else if (strncasecmp(line, "HEX ", 4) == 0) {
            fputs("250 ", stdout);
            for (size_t i = 4; i < len; i++)
                printf("%02x", (unsigned char)line[i]);
            reply("\r\n%s", "");
        } else if (strcasecmp(line, "MULTI") == 0)
            reply("214-first\r\n214 last%s\r\n", "");
        else if (strcasecmp(line, "BARE") == 0)
            reply("250 bare%s\n", "");
        else if (strcasecmp(line, "DIR") == 0) {
            struct stat st;
            if (dir != NULL && strstr(dir, "{tmpdir}") == NULL && stat(dir, &st) == 0
                && S_ISDIR(st.st_mode))
                reply("250 dir ok%s\r\n", "");
            else
                reply("550 no directory: %s\r\n", dir ? dir : "(none)");
        } else if (strcasecmp(line, "SILENT") == 0)
            continue;
        else if (strncasecmp(line, "EXIT ", 5) == 0) {
            fprintf(stderr, "stub-stage: exiting with status %s\n", line + 5);
            exit(atoi(line + 5));
        } else if (strcasecmp(line, "CRASH") == 0)
            abort();
        else if (strcasecmp(line, "QUIT") == 0) {
            reply("221 Bye%s\r\n", "");
            break;
        } else
            reply("500 Unknown command%s\r\n", "");
    }
    free(line);
    return 0;
}
