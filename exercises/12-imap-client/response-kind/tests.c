/*
 * tests.c -- tests of exercise "response-kind" (ex_response_kind).
 *
 * Every test mixes answers, so no single fixed answer passes any of them.
 */
#include "exercise.h"
#include "testlib.h"

#include <string.h>

static void expect(const char *line, int want, const char *wtag)
{
    char tag[16] = "unchanged";
    int r = ex_response_kind(line, strlen(line), tag, sizeof tag);

    ck_assert_msg(r == want, "\"%s\": returned %d, want %d", line, r, want);
    if (want == EX_TAGGED)
        ck_assert_msg(strcmp(tag, wtag) == 0, "\"%s\": tag \"%s\", want \"%s\"", line, tag, wtag);
}

START_TEST(the_three_kinds)
{
    expect("* 3 EXISTS", EX_UNTAGGED, NULL);
    expect("A0001 OK done", EX_TAGGED, "A0001");
    expect("+ Ready for literal data", EX_CONTINUE, NULL);
    expect("+", EX_CONTINUE, NULL);
    expect("* OK [UIDVALIDITY 3857529045] UIDs valid", EX_UNTAGGED, NULL);
}
END_TEST

START_TEST(tags)
{
    expect("a.b-c_1 NO failed", EX_TAGGED, "a.b-c_1");
    expect("x] BAD odd but legal", EX_TAGGED, "x]");
    expect("A+1 OK plus in a tag", EX_GARBAGE, NULL);
    expect("A(1 OK", EX_GARBAGE, NULL);
    expect("A0002 OK", EX_TAGGED, "A0002");
}
END_TEST

START_TEST(garbage)
{
    expect("", EX_GARBAGE, NULL);
    expect("*3 EXISTS", EX_GARBAGE, NULL);
    expect(" A1 OK", EX_GARBAGE, NULL);
    expect("A0001", EX_GARBAGE, NULL);
    expect("+x", EX_GARBAGE, NULL);
    expect("* BYE", EX_UNTAGGED, NULL);
}
END_TEST

START_TEST(tag_too_long)
{
    expect("ABCDEFGHIJKLMNOP OK", EX_GARBAGE, NULL);   /* 16 + NUL > 16 */
    expect("ABCDEFGHIJKLMNO OK", EX_TAGGED, "ABCDEFGHIJKLMNO");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("response-kind");
    TCase *tc = tl_tcase("response-kind");

    tcase_add_test(tc, the_three_kinds);
    tcase_add_test(tc, tags);
    tcase_add_test(tc, garbage);
    tcase_add_test(tc, tag_too_long);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(suite());
}
