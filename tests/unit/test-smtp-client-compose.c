/*
 * test-smtp-client-compose.c -- unit tests of src/base64.c and
 * src/smtp_compose.c (chapter 6, smtp-client): the RFC 4648 test vectors,
 * strict decoding, and the messages minimail-smtp composes (RFC 5322
 * §3.3, §3.6, §2.2.3 folding; RFC 2047 encoded words).
 */
#include "testlib.h"
#include "base64.h"
#include "smtp_compose.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* ---- base64 ------------------------------------------------------------ */

START_TEST(base64_rfc4648_vectors)
{
    /* RFC 4648 §10 */
    static const char *const vec[][2] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
        { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
    };
    char out[32], back[32];
    size_t i;

    for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
        size_t n = strlen(vec[i][0]);

        ck_assert_uint_eq(base64_encoded_len(n), strlen(vec[i][1]));
        ck_assert_uint_eq(base64_encode(vec[i][0], n, out, sizeof out), strlen(vec[i][1]));
        ck_assert_str_eq(out, vec[i][1]);
        ck_assert_int_eq(base64_decode(out, strlen(out), back, sizeof back), (long)n);
        ck_assert(memcmp(back, vec[i][0], n) == 0);
    }
}
END_TEST

START_TEST(base64_auth_plain)
{
    /* RFC 4616 §4's example, and the encoding of NULs */
    static const char raw[] = "\0tim\0tanstaaftanstaaf";
    char out[64], back[64];

    base64_encode(raw, sizeof raw - 1, out, sizeof out);
    ck_assert_str_eq(out, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    ck_assert_int_eq(base64_decode(out, strlen(out), back, sizeof back), (long)sizeof raw - 1);
    ck_assert(memcmp(back, raw, sizeof raw - 1) == 0);
    /* every octet value survives the round trip */
    {
        unsigned char all[256], dec[256];
        char enc[400];
        int i;

        for (i = 0; i < 256; i++)
            all[i] = (unsigned char)i;
        ck_assert_uint_eq(base64_encode(all, 256, enc, sizeof enc), 344);
        ck_assert_int_eq(base64_decode(enc, 344, dec, sizeof dec), 256);
        ck_assert(memcmp(all, dec, 256) == 0);
    }
}
END_TEST

START_TEST(base64_strict)
{
    static const char *const bad[] = {
        "Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==", "Zm 9v", "Zm9v\r\n", "Zm=v",
        "Zh==", "Zm9=", "Zm-v", "====", "Zg=a",
    };
    char out[16];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(base64_decode(bad[i], strlen(bad[i]), out, sizeof out) == -1,
                      "accepted \"%s\"", bad[i]);
    ck_assert_int_eq(base64_decode("Zm9vYmFy", 8, out, 5), -1);     /* too small */
    ck_assert_uint_eq(base64_encode("foo", 3, out, 4), (size_t)-1);  /* no room for NUL */
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- composition -------------------------------------------------------- */

/* Does text match the POSIX ERE re (REG_NEWLINE: ^ and $ at each line)? */
static int matches(const char *text, const char *re)
{
    regex_t rx;
    int r;

    ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB), 0);
    r = regexec(&rx, text, 0, NULL, 0) == 0;
    regfree(&rx);
    return r;
}

START_TEST(message_id_form)
{
    char id[SMTP_MSGID_MAX], id2[SMTP_MSGID_MAX];

    ck_assert_int_eq(smtp_compose_message_id(id, sizeof id, "example.org", 1795786238), 0);
    ck_assert(matches(id, "^<20261127[0-9]{6}\\.[0-9]+\\.[0-9a-f]{16}@example\\.org>$"));
    ck_assert_int_eq(smtp_compose_message_id(id2, sizeof id2, NULL, 1795786238), 0);
    ck_assert(matches(id2, "@localhost>$"));
    ck_assert_str_ne(id, id2);
    ck_assert_int_eq(smtp_compose_message_id(id, 10, "example.org", 0), -1);
}
END_TEST

START_TEST(composed_message)
{
    const char *to[] = { "bob@example.test", "carol@example.test" };
    struct smtp_compose m = { 0 };
    size_t len;
    char *msg, *body;

    m.from = "alice@example.org";
    m.to = to;
    m.nto = 2;
    m.subject = "Lunch?";
    m.body = "Hi Bob,\nlunch at noon?\n.\n-- Alice";
    m.date = 1795786238;
    msg = smtp_compose(&m, &len);
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_eq(len, strlen(msg));
    ck_assert(matches(msg, "^Date: [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} 2026 "
                           "[0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}\r$"));
    ck_assert(strstr(msg, "\r\nFrom: alice@example.org\r\n") != NULL);
    ck_assert(strstr(msg, "\r\nTo: bob@example.test, carol@example.test\r\n") != NULL);
    ck_assert(strstr(msg, "\r\nSubject: Lunch?\r\n") != NULL);
    ck_assert(matches(msg, "^Message-ID: <[0-9]{14}\\.[0-9]+\\.[0-9a-f]{16}@example\\.org>\r$"));
    ck_assert(strstr(msg, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: 7bit\r\n\r\n") != NULL);
    body = strstr(msg, "\r\n\r\n") + 4;
    /* the body: CRLF line ends, final CRLF added, NOT dot-stuffed (that is
     * the sending side's job) */
    ck_assert_str_eq(body, "Hi Bob,\r\nlunch at noon?\r\n.\r\n-- Alice\r\n");
    ck_assert(strchr(msg, '\n') == strstr(msg, "\r\n") + 1);    /* no bare LF anywhere */
    {
        const char *p;
        for (p = msg; (p = strchr(p, '\n')) != NULL; p++)
            ck_assert(p > msg && p[-1] == '\r');
    }
    free(msg);
}
END_TEST

START_TEST(composed_8bit_body_and_no_subject)
{
    const char *to[] = { "bob@example.test" };
    struct smtp_compose m = { 0 };
    size_t len;
    char *msg;

    m.from = "alice@example.org";
    m.to = to;
    m.nto = 1;
    m.body = "Gr\xc3\xbc\xc3\x9f" "e\r\n";
    m.msgid_domain = "client.example.net";
    msg = smtp_compose(&m, &len);
    ck_assert_ptr_nonnull(msg);
    ck_assert(strstr(msg, "Subject:") == NULL);
    ck_assert(strstr(msg, "Content-Transfer-Encoding: 8bit\r\n") != NULL);
    ck_assert(strstr(msg, "@client.example.net>\r\n") != NULL);
    ck_assert_str_eq(strstr(msg, "\r\n\r\n") + 4, "Gr\xc3\xbc\xc3\x9f" "e\r\n");
    free(msg);

    m.body = NULL;                      /* no body at all: the header only */
    msg = smtp_compose(&m, &len);
    ck_assert_str_eq(strstr(msg, "\r\n\r\n") + 4, "");
    free(msg);

    m.from = NULL;
    ck_assert_ptr_null(smtp_compose(&m, &len));
}
END_TEST

START_TEST(subject_folded)
{
    const char *long_subject =
        "This subject is long enough that it has to be folded somewhere before "
        "the seventy-eighth column, and then once more for good measure";
    char *f = smtp_compose_field("Subject", long_subject, NULL);
    char *unfolded = malloc(strlen(f) + 1), *p, *q;
    size_t col = 0;

    ck_assert_ptr_nonnull(f);
    for (p = f; *p; p++) {              /* no line longer than 78 (+CRLF) */
        if (*p == '\n')
            col = 0;
        else if (*p != '\r')
            ck_assert_uint_le(++col, 78);
    }
    ck_assert(strstr(f, "\r\n ") != NULL);      /* folded at least once */
    /* unfolding (RFC 5322 §2.2.3: remove each CRLF before a space) gives
     * the original text back */
    for (p = f, q = unfolded; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p++;
            continue;
        }
        *q++ = *p;
    }
    *q = '\0';
    ck_assert_str_eq(unfolded + 9, "This subject is long enough that it has to be folded somewhere before "
                                   "the seventy-eighth column, and then once more for good measure\r\n");
    free(unfolded);
    free(f);
}
END_TEST

START_TEST(subject_encoded_words)
{
    char *f = smtp_compose_field("Subject", "Gr\xc3\xbc\xc3\x9f" "e", NULL);

    ck_assert_str_eq(f, "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n");
    free(f);

    /* a long UTF-8 text: several words, none longer than 75, none cutting
     * a character in two (each word decodes to whole UTF-8 sequences) */
    {
        char text[400] = "";
        char *p, word[128];
        int i;

        for (i = 0; i < 40; i++)
            strcat(text, "\xc3\xa9t\xc3\xa9 ");
        f = smtp_compose_field("Subject", text, NULL);
        ck_assert(strstr(f, "\r\n =?UTF-8?B?") != NULL);
        for (p = f; (p = strstr(p, "=?UTF-8?B?")) != NULL; ) {
            char *end = strstr(p, "?=");
            unsigned char dec[96];
            long n;

            ck_assert_ptr_nonnull(end);
            ck_assert_int_le((int)(end + 2 - p), 75);
            memcpy(word, p + 10, (size_t)(end - p - 10));
            n = base64_decode(word, (size_t)(end - p - 10), dec, sizeof dec);
            ck_assert_int_gt(n, 0);
            ck_assert((dec[0] & 0xc0) != 0x80);             /* starts a character */
            ck_assert(!((dec[n - 1] & 0xe0) == 0xc0));      /* no lead octet left open */
            p = end + 2;
        }
        free(f);
    }
}
END_TEST

START_TEST(subject_cannot_inject_fields)
{
    char *f = smtp_compose_field("Subject", "hi\r\nBcc: victim@example.org", NULL);

    ck_assert_str_eq(f, "Subject: hi  Bcc: victim@example.org\r\n");
    free(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("smtp-client-compose");
    TCase *b64 = tl_tcase("base64");
    TCase *comp = tl_tcase("compose");

    tcase_add_test(b64, base64_rfc4648_vectors);
    tcase_add_test(b64, base64_auth_plain);
    tcase_add_test(b64, base64_strict);
    suite_add_tcase(s, b64);
    tcase_add_test(comp, message_id_form);
    tcase_add_test(comp, composed_message);
    tcase_add_test(comp, composed_8bit_body_and_no_subject);
    tcase_add_test(comp, subject_folded);
    tcase_add_test(comp, subject_encoded_words);
    tcase_add_test(comp, subject_cannot_inject_fields);
    suite_add_tcase(s, comp);
    return tl_run_suite(s);
}
