/*
 * tests.c -- tests of exercise "store-item" (ex_store).  The starter
 * returns EX_NOT_DONE, which no test accepts.
 */
#include "exercise.h"
#include "testlib.h"

static void store(const char *item, unsigned old, unsigned flags, unsigned want, int want_silent)
{
    unsigned out = 0xdead;
    int silent = 7;
    int rc = ex_store(item, old, flags, &out, &silent);
    ck_assert_msg(rc == 0, "\"%s\": returned %d", item, rc);
    ck_assert_msg(out == want, "\"%s\" on 0x%x with 0x%x: 0x%x, want 0x%x", item, old, flags,
                  out, want);
    ck_assert_msg(silent == want_silent, "\"%s\": silent %d", item, silent);
}

START_TEST(replace)
{
    store("FLAGS", EX_SEEN | EX_FLAGGED, EX_DRAFT, EX_DRAFT, 0);
    store("FLAGS", EX_SEEN, 0, 0, 0);                 /* FLAGS () clears */
    store("flags.silent", EX_SEEN, EX_DELETED, EX_DELETED, 1);
}
END_TEST

START_TEST(add)
{
    store("+FLAGS", EX_SEEN, EX_DELETED, EX_SEEN | EX_DELETED, 0);
    store("+FLAGS", EX_SEEN, EX_SEEN, EX_SEEN, 0);    /* adding twice is once */
    store("+Flags.Silent", 0, EX_ANSWERED, EX_ANSWERED, 1);
}
END_TEST

START_TEST(remove_flags)
{
    store("-FLAGS", EX_SEEN | EX_DELETED, EX_DELETED, EX_SEEN, 0);
    store("-FLAGS", EX_SEEN, EX_DRAFT, EX_SEEN, 0);   /* removing an absent flag */
    store("-FLAGS.SILENT", EX_SEEN | EX_FLAGGED, EX_SEEN | EX_FLAGGED, 0, 1);
}
END_TEST

START_TEST(not_items)
{
    static const char *const bad[] = { "FLAG", "+-FLAGS", "++FLAGS", "FLAGS.", "FLAGS.LOUD",
                                       "SILENT", "", "+", "BODY" };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned out = 0xdead;
        int silent = 7;
        int rc = ex_store(bad[i], EX_SEEN, EX_SEEN, &out, &silent);
        ck_assert_msg(rc == -1, "\"%s\": returned %d, want -1", bad[i], rc);
        ck_assert_msg(out == 0xdead && silent == 7, "\"%s\": outputs changed", bad[i]);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("store-item");
    TCase *tc = tl_tcase("store-item");
    tcase_add_test(tc, replace);
    tcase_add_test(tc, add);
    tcase_add_test(tc, remove_flags);
    tcase_add_test(tc, not_items);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
