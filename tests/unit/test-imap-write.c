/*
 * test-imap-write.c -- unit tests of src/imap_write.c (chapter 8,
 * imap-conversation): the choice between atom, quoted string and literal,
 * escaping, NIL, and what goes to the wire and to the trace.
 *
 * The writer writes into chapter 2's output buffer, which writes into a
 * file; the test flushes and reads the file, so it sees the exact bytes a
 * client would.
 */
#include "testlib.h"
#include "imap_write.h"
#include "trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fds[2];
static struct outbuf ob;
static struct imap_out w;

static void open_writer(void)
{
    /* Not a pipe: it holds only 64 KiB, and long_literal writes more
     * than that before wire() reads. */
    ck_assert_int_eq(tl_file_pipe(fds), 0);
    outbuf_init(&ob, fds[1], TRACE_SERVER);
    imap_out_init(&w, &ob);
}

/* Flush, close the write end, return everything written (malloc'ed). */
static char *wire(size_t *len)
{
    static char buf[4 * OUTBUF_SIZE];
    size_t n = 0;
    ssize_t r;
    char *out;

    ck_assert_int_eq(outbuf_flush(&ob), 0);
    close(fds[1]);
    while ((r = read(fds[0], buf + n, sizeof buf - n)) > 0)
        n += (size_t)r;
    close(fds[0]);
    out = malloc(n + 1);
    memcpy(out, buf, n);
    out[n] = '\0';
    if (len != NULL)
        *len = n;
    return out;
}

/* The bytes written for one call of @p fn(data), then CRLF. */
static char *one(int (*fn)(struct imap_out *, const char *, size_t), const char *data,
                 size_t len)
{
    open_writer();
    ck_assert_int_eq(fn(&w, data, len), 0);
    ck_assert_int_eq(imap_w_end(&w), 0);
    return wire(NULL);
}

#define CHECK_ONE(fn, in, expected)                                   \
    do {                                                              \
        char *got_ = one(fn, in, sizeof(in) - 1);                     \
        ck_assert_msg(strcmp(got_, expected) == 0, "%s(%s): got [%s]", \
                      #fn, #in, got_);                                \
        free(got_);                                                   \
    } while (0)

/* ---- the decision -------------------------------------------------------- */

START_TEST(form_table)
{
    static const struct { const char *s; size_t len; int atom_ok; enum imap_form f; } t[] = {
        { "INBOX", 5, 1, IMAP_FORM_ATOM },
        { "INBOX", 5, 0, IMAP_FORM_QUOTED },        /* a string is never an atom */
        { "", 0, 1, IMAP_FORM_QUOTED },             /* an atom is 1+ chars */
        { "Sent Items", 10, 1, IMAP_FORM_QUOTED },  /* SP */
        { "a\"b", 3, 1, IMAP_FORM_QUOTED },
        { "a\\b", 3, 1, IMAP_FORM_QUOTED },
        { "a]b", 3, 1, IMAP_FORM_QUOTED },          /* resp-special */
        { "50%", 3, 1, IMAP_FORM_QUOTED },          /* list-wildcard */
        { "(x)", 3, 1, IMAP_FORM_QUOTED },
        { "{3}", 3, 1, IMAP_FORM_QUOTED },
        { "a\tb", 3, 1, IMAP_FORM_QUOTED },         /* TAB is a TEXT-CHAR */
        { "NIL", 3, 1, IMAP_FORM_QUOTED },          /* would read as NIL */
        { "nil", 3, 1, IMAP_FORM_QUOTED },
        { "NILS", 4, 1, IMAP_FORM_ATOM },
        { "a\rb", 3, 1, IMAP_FORM_LITERAL },
        { "a\nb", 3, 0, IMAP_FORM_LITERAL },
        { "caf\xc3\xa9", 5, 1, IMAP_FORM_LITERAL }, /* 8-bit */
        { "a\0b", 3, 1, IMAP_FORM_LITERAL },
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        ck_assert_msg(imap_string_form(t[i].s, t[i].len, t[i].atom_ok) == t[i].f,
                      "row %zu", i);
}
END_TEST

/* ---- the writers ----------------------------------------------------------- */

START_TEST(quoted_escapes)
{
    CHECK_ONE(imap_w_quoted, "plain", "\"plain\"\r\n");
    CHECK_ONE(imap_w_quoted, "say \"hi\"", "\"say \\\"hi\\\"\"\r\n");
    CHECK_ONE(imap_w_quoted, "back\\slash\\", "\"back\\\\slash\\\\\"\r\n");
    CHECK_ONE(imap_w_quoted, "", "\"\"\r\n");
}
END_TEST

START_TEST(quoted_falls_back_to_literal)
{
    /* A caller that asks for quoted with a CR inside still gets valid IMAP. */
    CHECK_ONE(imap_w_quoted, "a\r\nb", "{4}\r\na\r\nb\r\n");
}
END_TEST

START_TEST(string_chooses)
{
    CHECK_ONE(imap_w_string, "INBOX", "\"INBOX\"\r\n");
    CHECK_ONE(imap_w_string, "line1\r\nline2", "{12}\r\nline1\r\nline2\r\n");
    CHECK_ONE(imap_w_string, "caf\xc3\xa9", "{5}\r\ncaf\xc3\xa9\r\n");
    CHECK_ONE(imap_w_string, "a\"\\", "\"a\\\"\\\\\"\r\n");
}
END_TEST

START_TEST(astring_chooses)
{
    CHECK_ONE(imap_w_astring, "INBOX", "INBOX\r\n");
    CHECK_ONE(imap_w_astring, "Sent Items", "\"Sent Items\"\r\n");
    CHECK_ONE(imap_w_astring, "NIL", "\"NIL\"\r\n");
    CHECK_ONE(imap_w_astring, "", "\"\"\r\n");
    CHECK_ONE(imap_w_astring, "Entw\xc3\xbcrfe", "{9}\r\nEntw\xc3\xbcrfe\r\n");
}
END_TEST

START_TEST(nstring_nil)
{
    open_writer();
    ck_assert_int_eq(imap_w_nstring(&w, NULL, 0), 0);
    imap_w_str(&w, " ");
    ck_assert_int_eq(imap_w_nstring(&w, "NIL", 3), 0);
    imap_w_end(&w);
    {
        char *got = wire(NULL);
        ck_assert_str_eq(got, "NIL \"NIL\"\r\n");
        free(got);
    }
}
END_TEST

START_TEST(literal_with_nul_keeps_length)
{
    size_t len;
    char *got;
    open_writer();
    ck_assert_int_eq(imap_w_literal(&w, "a\0b", 3), 0);
    imap_w_end(&w);
    got = wire(&len);
    ck_assert_int_eq((int)len, 3 + 2 + 3 + 2);
    ck_assert(memcmp(got, "{3}\r\na\0b\r\n", len) == 0);
    free(got);
}
END_TEST

/* Protocol text cannot end the line early: CR and LF become '?'. */
START_TEST(raw_text_cannot_inject)
{
    char *got;
    open_writer();
    imap_w_str(&w, "a1 OK done\r\n* BYE fake");
    imap_w_fmt(&w, " %d%s", 42, "\n");
    imap_w_end(&w);
    got = wire(NULL);
    ck_assert_str_eq(got, "a1 OK done??* BYE fake 42?\r\n");
    free(got);
}
END_TEST

/* A whole response with a literal in the middle, as FETCH will send. */
START_TEST(response_with_literal)
{
    char *got;
    open_writer();
    imap_w_str(&w, "* 1 FETCH (BODY[] ");
    imap_w_string(&w, "Subject: x\r\n\r\nhi\r\n", 18);
    imap_w_str(&w, ")");
    imap_w_end(&w);
    got = wire(NULL);
    ck_assert_str_eq(got, "* 1 FETCH (BODY[] {18}\r\nSubject: x\r\n\r\nhi\r\n)\r\n");
    free(got);
}
END_TEST

/* Longer than the output buffer: everything still arrives, in order. */
START_TEST(long_literal)
{
    size_t n = 3 * OUTBUF_SIZE + 7, len;
    char *data = malloc(n), *got, head[32];
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 26);
    data[100] = '\n';
    open_writer();
    imap_w_string(&w, data, n);
    imap_w_end(&w);
    got = wire(&len);
    snprintf(head, sizeof head, "{%zu}\r\n", n);
    ck_assert_int_eq((int)len, (int)(strlen(head) + n + 2));
    ck_assert(memcmp(got, head, strlen(head)) == 0);
    ck_assert(memcmp(got + strlen(head), data, n) == 0);
    free(got);
    free(data);
}
END_TEST

/* The trace shows each line once, the literal's lines as they are. */
START_TEST(trace_lines)
{
    int tp[2];
    char buf[1024];
    ssize_t r;
    size_t n = 0;
    char *got;

    ck_assert_int_eq(pipe(tp), 0);
    trace_enable(tp[1]);
    open_writer();
    imap_w_str(&w, "* X ");
    imap_w_string(&w, "a\r\nb", 4);
    imap_w_str(&w, " end");
    imap_w_end(&w);
    imap_w_str(&w, "* Y");
    imap_w_end(&w);
    got = wire(NULL);
    free(got);
    trace_disable();
    close(tp[1]);
    while ((r = read(tp[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    close(tp[0]);
    ck_assert_str_eq(buf, "S: * X {4}\nS: a\nS: b end\nS: * Y\n");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("imap-write");
    TCase *t = tl_tcase("forms");
    tcase_add_test(t, form_table);
    tcase_add_test(t, quoted_escapes);
    tcase_add_test(t, quoted_falls_back_to_literal);
    tcase_add_test(t, string_chooses);
    tcase_add_test(t, astring_chooses);
    tcase_add_test(t, nstring_nil);
    tcase_add_test(t, literal_with_nul_keeps_length);
    suite_add_tcase(s, t);
    t = tl_tcase("responses");
    tcase_add_test(t, raw_text_cannot_inject);
    tcase_add_test(t, response_with_literal);
    tcase_add_test(t, long_literal);
    tcase_add_test(t, trace_lines);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return tl_run_suite(suite()); }
