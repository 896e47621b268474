/*
 * solution.c -- exercise "read-reply": a reference ex_read_reply().
 * (src/smtp_reply_read.c does the same in smtp_reply_read(), with
 * enhanced status codes and one timeout for the whole reply.)
 */
#include "exercise.h"

#include <string.h>

/* Append a line's text to r->text (LF between lines), cut to fit. */
static void append(struct ex_reply *r, const char *text, size_t n)
{
    size_t have = strlen(r->text);

    if (r->nlines > 0 && have + 1 < sizeof r->text)
        r->text[have++] = '\n';
    if (n > sizeof r->text - 1 - have)
        n = sizeof r->text - 1 - have;
    memcpy(r->text + have, text, n);
    r->text[have + n] = '\0';
}

int ex_read_reply(struct linereader *lr, struct ex_reply *r)
{
    char line[512];

    memset(r, 0, sizeof *r);
    for (;;) {
        size_t len;
        int code, last;
        enum lr_status st = lr_read_line(lr, line, sizeof line, LR_LF_ENDS, &len, NULL);

        if (st != LR_OK && st != LR_BARE_LF && st != LR_TOO_LONG)
            return -1;              /* EOF, timeout, error, NUL */
        if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '5'
            || line[2] < '0' || line[2] > '9'
            || (len > 3 && line[3] != ' ' && line[3] != '-'))
            return -1;
        code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        last = len == 3 || line[3] == ' ';
        if (r->nlines > 0 && code != r->code)
            return -1;
        if (r->nlines == EX_REPLY_LINES_MAX)
            return -1;
        r->code = code;
        append(r, line + (len > 3 ? 4 : 3), len > 3 ? len - 4 : 0);
        r->nlines++;
        if (last)
            return 0;
    }
}
