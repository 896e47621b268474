/*
 * tests.c -- tests of exercise "state-check" (ex_smtp_step).
 *
 * Each test walks a short session, checking code and state at every step,
 * so a function that answers one fixed code passes none of them.
 */
#include "exercise.h"
#include "testlib.h"

static const char *const names[] = { "INIT", "READY", "MAIL", "RCPT", "DATA", "CLOSED" };

static void step(enum ex_state *state, const char *verb, int code, enum ex_state next)
{
    struct ex_step r = ex_smtp_step(*state, verb);

    ck_assert_msg(r.code == code, "%s in state %s: code %d, want %d", verb, names[*state],
                  r.code, code);
    ck_assert_msg(r.next == next, "%s in state %s: next state %s, want %s", verb,
                  names[*state], (unsigned)r.next < 6 ? names[r.next] : "?", names[next]);
    *state = next;
}

START_TEST(a_whole_transaction)
{
    enum ex_state s = EX_INIT;

    step(&s, "EHLO", 250, EX_READY);
    step(&s, "MAIL", 250, EX_MAIL);
    step(&s, "RCPT", 250, EX_RCPT);
    step(&s, "RCPT", 250, EX_RCPT);
    step(&s, "DATA", 354, EX_DATA);
}
END_TEST

START_TEST(verbs_ignore_case)
{
    enum ex_state s = EX_INIT;

    step(&s, "helo", 250, EX_READY);
    step(&s, "Mail", 250, EX_MAIL);
    step(&s, "rCpT", 250, EX_RCPT);
    step(&s, "quit", 221, EX_CLOSED);
}
END_TEST

START_TEST(out_of_order_is_503)
{
    enum ex_state s = EX_INIT;

    step(&s, "MAIL", 503, EX_INIT);
    step(&s, "RCPT", 503, EX_INIT);
    step(&s, "DATA", 503, EX_INIT);
    step(&s, "HELO", 250, EX_READY);
    step(&s, "RCPT", 503, EX_READY);
    step(&s, "DATA", 503, EX_READY);
    step(&s, "MAIL", 250, EX_MAIL);
    step(&s, "DATA", 503, EX_MAIL);  /* no recipient yet */
    step(&s, "MAIL", 503, EX_MAIL);  /* one transaction at a time */
    step(&s, "RCPT", 250, EX_RCPT);
    step(&s, "MAIL", 503, EX_RCPT);
}
END_TEST

START_TEST(rset_and_ehlo_reset)
{
    enum ex_state s = EX_INIT;

    step(&s, "RSET", 250, EX_INIT); /* RSET does not greet */
    step(&s, "EHLO", 250, EX_READY);
    step(&s, "MAIL", 250, EX_MAIL);
    step(&s, "RSET", 250, EX_READY);
    step(&s, "MAIL", 250, EX_MAIL);
    step(&s, "RCPT", 250, EX_RCPT);
    step(&s, "EHLO", 250, EX_READY); /* a new EHLO is an implicit RSET */
    step(&s, "RCPT", 503, EX_READY);
}
END_TEST

START_TEST(anytime_commands)
{
    static const enum ex_state states[] = { EX_INIT, EX_READY, EX_MAIL, EX_RCPT };

    for (int i = 0; i < 4; i++) {
        enum ex_state s = states[i];
        step(&s, "NOOP", 250, states[i]);
        step(&s, "VRFY", 252, states[i]);
        step(&s, "EXPN", 502, states[i]);
        step(&s, "HELP", 214, states[i]);
        step(&s, "QUIT", 221, EX_CLOSED);
    }
}
END_TEST

START_TEST(unknown_is_500)
{
    enum ex_state s = EX_READY;

    step(&s, "MAIL", 250, EX_MAIL);
    step(&s, "XYZZY", 500, EX_MAIL);
    step(&s, "", 500, EX_MAIL);
    step(&s, "MAILX", 500, EX_MAIL);
    step(&s, "RCPT", 250, EX_RCPT);
}
END_TEST

static Suite *state_check_suite(void)
{
    Suite *s = suite_create("state-check");
    TCase *tc = tl_tcase("state-check");

    tcase_add_test(tc, a_whole_transaction);
    tcase_add_test(tc, verbs_ignore_case);
    tcase_add_test(tc, out_of_order_is_503);
    tcase_add_test(tc, rset_and_ehlo_reset);
    tcase_add_test(tc, anytime_commands);
    tcase_add_test(tc, unknown_is_500);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(state_check_suite());
}
