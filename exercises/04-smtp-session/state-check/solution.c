/*
 * solution.c -- exercise "state-check": a reference ex_smtp_step().
 *
 * The same idea as chapter 4's command table: one row per verb, with the
 * set of states in which it is allowed (a bit mask) and what it leads to.
 * Out of order means 503 and no change; unknown means 500.
 */
#include "exercise.h"

#include <stddef.h>
#include <strings.h>

#define BIT(s) (1u << (s))
#define ANY (BIT(EX_INIT) | BIT(EX_READY) | BIT(EX_MAIL) | BIT(EX_RCPT))
#define SAME (-1)          /* next state: unchanged */
#define RESET (-2)         /* next state: READY, or INIT if not greeted */

static const struct {
    const char *verb;
    unsigned allowed;
    int code;
    int next;
} rows[] = {
    { "EHLO", ANY, 250, EX_READY },
    { "HELO", ANY, 250, EX_READY },
    { "MAIL", BIT(EX_READY), 250, EX_MAIL },
    { "RCPT", BIT(EX_MAIL) | BIT(EX_RCPT), 250, EX_RCPT },
    { "DATA", BIT(EX_RCPT), 354, EX_DATA },
    { "RSET", ANY, 250, RESET },
    { "NOOP", ANY, 250, SAME },
    { "VRFY", ANY, 252, SAME },
    { "EXPN", ANY, 502, SAME },
    { "HELP", ANY, 214, SAME },
    { "QUIT", ANY, 221, EX_CLOSED },
};

struct ex_step ex_smtp_step(enum ex_state state, const char *verb)
{
    struct ex_step step = { 500, state };

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (strcasecmp(verb, rows[i].verb) != 0)
            continue;
        if (!(rows[i].allowed & BIT(state))) {
            step.code = 503;
            return step;
        }
        step.code = rows[i].code;
        if (rows[i].next == RESET)
            step.next = state == EX_INIT ? EX_INIT : EX_READY;
        else if (rows[i].next != SAME)
            step.next = (enum ex_state)rows[i].next;
        return step;
    }
    return step;
}
