/*
 * test-smtp-client-aiosmtpd.c -- minimail-smtp against an independent SMTP
 * server: Python's aiosmtpd (chapter 6, smtp-client).
 *
 * Each test starts a private aiosmtpd on 127.0.0.1, port 0
 * (tests/integration/smtp-client-aiosmtpd.py prints "listening on
 * HOST:PORT" when ready), sends with minimail-smtp, and compares what
 * aiosmtpd received -- the envelope and the message bytes, after its own
 * un-stuffing -- with what was meant, byte for byte.  A client that only
 * ever talked to its own book's server could share that server's
 * mistakes; aiosmtpd was written by other people.
 *
 * The whole program SKIPs (exit 77) when no Python 3 with the aiosmtpd
 * module is found (Debian: apt-get install python3-aiosmtpd).
 */
#include "testlib.h"
#include "smtp-client-util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

/* The Python that has aiosmtpd (Debian's first: pyenv and venvs on PATH
 * may not see Debian's packages). */
static char python[512];

static struct tl_proc srv;
static char *outdir;
static char server[96];
static struct client_run r;

static int find_python(void)
{
    const char *path = getenv("PATH");
    char cand[512], cmd[1200];
    const char *p;

    snprintf(cand, sizeof cand, "/usr/bin/python3");
    for (p = path; ; ) {
        if (access(cand, X_OK) == 0) {
            snprintf(cmd, sizeof cmd, "'%s' -c 'import aiosmtpd' >/dev/null 2>&1", cand);
            if (system(cmd) == 0) {
                snprintf(python, sizeof python, "%s", cand);
                return 0;
            }
        }
        if (p == NULL || *p == '\0')
            return -1;
        {
            const char *colon = strchr(p, ':');
            size_t n = colon ? (size_t)(colon - p) : strlen(p);

            snprintf(cand, sizeof cand, "%.*s/python3", (int)n, p);
            p = colon ? colon + 1 : NULL;
        }
    }
}

static void setup(void)
{
    char *argv[4];

    outdir = tl_tmpdir();
    ck_assert_ptr_nonnull(outdir);
    argv[0] = python;
    argv[1] = (char *)tl_src_path("tests/integration/smtp-client-aiosmtpd.py");
    argv[2] = outdir;
    argv[3] = NULL;
    ck_assert_msg(tl_spawn_server(&srv, argv) == 0, "aiosmtpd did not start");
    snprintf(server, sizeof server, "%s:%s", srv.host, srv.port);
}

static void teardown(void)
{
    client_run_free(&r);
    tl_stop(&srv, SIGTERM);
    tl_cleanup(&srv);
    tl_rmtree(outdir);
    free(outdir);
}

/* The content of OUTDIR/NAME (malloc'ed, NUL-terminated), or NULL. */
static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    struct stat st;
    char *buf;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", outdir, name);
    if (stat(path, &st) < 0 || (f = fopen(path, "rb")) == NULL)
        return NULL;
    buf = malloc((size_t)st.st_size + 1);
    *len = fread(buf, 1, (size_t)st.st_size, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

START_TEST(envelope_and_message_byte_exact)
{
    static const char msg[] =
        "From: alice@example.org\nTo: bob@example.test\r\nSubject: transparency\n\n"
        ".\n..\n.leading dot\r\nmiddle . dot\rcaf\xc3\xa9\n\n...three\r\nno line end";
    static const char want[] =
        "From: alice@example.org\r\nTo: bob@example.test\r\nSubject: transparency\r\n\r\n"
        ".\r\n..\r\n.leading dot\r\nmiddle . dot\r\ncaf\xc3\xa9\r\n\r\n...three\r\nno line end\r\n";
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--to", "carol@example.test",
                           "--helo", "client.example.org", NULL };
    char opts[200];
    size_t len, jlen;
    char *eml, *json;

    client_run(&r, msg, sizeof msg - 1, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    eml = slurp("1.eml", &len);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(eml);
    ck_assert_ptr_nonnull(json);
    ck_assert_uint_eq(len, sizeof want - 1);
    ck_assert_msg(memcmp(eml, want, len) == 0, "aiosmtpd received:\n%s", eml);
    ck_assert_msg(strstr(json, "\"mail_from\": \"alice@example.org\"") != NULL, "%s", json);
    ck_assert(strstr(json, "\"rcpt_tos\": [\"bob@example.test\", \"carol@example.test\"]") != NULL);
    /* SIZE= is the exact size with CRLF line ends (RFC 1870 §4), and the
     * 8-bit octets asked for BODY=8BITMIME (RFC 6152) */
    snprintf(opts, sizeof opts, "\"mail_options\": [\"SIZE=%zu\", \"BODY=8BITMIME\"]", sizeof want - 1);
    ck_assert_msg(strstr(json, opts) != NULL, "%s", json);
    ck_assert(strstr(json, "\"helo\": \"client.example.org\"") != NULL);
    ck_assert(strstr(json, "\"auth\": false") != NULL);
    free(eml);
    free(json);
}
END_TEST

START_TEST(seven_bit_message_has_no_body_parameter)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", NULL };
    size_t jlen;
    char *json;

    client_run(&r, "Subject: plain\n\nascii only\n", 27, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(json);
    ck_assert_msg(strstr(json, "\"mail_options\": [\"SIZE=30\"]") != NULL, "%s", json);
    free(json);
}
END_TEST

START_TEST(per_recipient_refusals)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "ok@example.test", "--to", "reject1@example.test",
                           "--to", "later1@example.test", "--subject", "x", NULL };
    size_t jlen;
    char *json;

    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_UNAVAILABLE);
    ck_assert(strstr(r.err, "<reject1@example.test>: 550 5.1.1 No such user here") != NULL);
    ck_assert(strstr(r.err, "<later1@example.test>: 450 4.2.1 Mailbox busy") != NULL);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(json);
    ck_assert_msg(strstr(json, "\"rcpt_tos\": [\"ok@example.test\"]") != NULL, "%s", json);
    free(json);
}
END_TEST

START_TEST(only_temporary_refusals)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "later1@example.test", "--to", "later2@example.test",
                           "--subject", "x", NULL };
    size_t jlen;

    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_TEMPFAIL);
    ck_assert_ptr_null(slurp("1.json", &jlen));     /* no DATA, no message */
}
END_TEST

START_TEST(auth_plain)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--auth", "alice", "--subject", "x",
                           "--trace", NULL };
    size_t jlen;
    char *json;

    setenv("MINIMAIL_PASSWORD", "secret", 1);
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert(strstr(r.err, "C: AUTH PLAIN ****\nS: 235 ") != NULL);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(json);
    ck_assert(strstr(json, "\"auth\": true") != NULL);
    free(json);
}
END_TEST

START_TEST(auth_login)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--auth", "alice", "--auth-mech", "LOGIN",
                           "--subject", "x", "--trace", NULL };
    size_t jlen;
    char *json;

    setenv("MINIMAIL_PASSWORD", "secret", 1);
    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    /* two 334 challenges (aiosmtpd's own texts), each answered with a
     * hidden base64 line */
    ck_assert_msg(strstr(r.err, "C: AUTH LOGIN\nS: 334 ") != NULL, "%s", r.err);
    ck_assert(strstr(strstr(r.err, "C: AUTH LOGIN\n"), "\nC: ****\nS: 334 ") != NULL);
    ck_assert(strstr(r.err, "\nC: ****\nS: 235 ") != NULL);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(json);
    ck_assert(strstr(json, "\"auth\": true") != NULL);
    free(json);
}
END_TEST

START_TEST(auth_wrong_password)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--auth", "alice", "--subject", "x", NULL };
    size_t jlen;

    setenv("MINIMAIL_PASSWORD", "guess", 1);
    client_run(&r, NULL, 0, args);
    ck_assert_int_eq(r.status, EX_NOPERM);
    ck_assert_msg(strstr(r.err, "AUTH: 535 ") != NULL, "%s", r.err);
    ck_assert_ptr_null(slurp("1.json", &jlen));
}
END_TEST

START_TEST(composed_message)
{
    const char *args[] = { "--server", server, "--from", "alice@example.org",
                           "--to", "bob@example.test", "--to", "carol@example.test",
                           "--subject", "Hello", "--body", "Hi!\n.\nBye", NULL };
    size_t len;
    char *eml;

    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    eml = slurp("1.eml", &len);
    ck_assert_ptr_nonnull(eml);
    ck_assert_msg(strncmp(eml, "Date: ", 6) == 0, "%s", eml);
    ck_assert(strstr(eml, "\r\nFrom: alice@example.org\r\nTo: bob@example.test, carol@example.test\r\n"
                          "Subject: Hello\r\nMessage-ID: <") != NULL);
    ck_assert_str_eq(strstr(eml, "\r\n\r\n"), "\r\n\r\nHi!\r\n.\r\nBye\r\n");
    free(eml);
}
END_TEST

START_TEST(null_sender)
{
    const char *args[] = { "--server", server, "--from", "", "--to", "bob@example.test",
                           "--subject", "bounce", "--trace", NULL };
    size_t jlen;
    char *json;

    client_run(&r, NULL, 0, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    json = slurp("1.json", &jlen);
    ck_assert_ptr_nonnull(json);
    /* aiosmtpd reports the null reverse-path as "<>" */
    ck_assert_msg(strstr(json, "\"mail_from\": \"<>\"") != NULL, "%s", json);
    ck_assert(strstr(r.err, "C: MAIL FROM:<> SIZE=") != NULL);
    free(json);
}
END_TEST

int main(void)
{
    Suite *s;
    TCase *tc;

    if (find_python() < 0) {
        printf("SKIP: no python3 with the aiosmtpd module "
               "(Debian: apt-get install python3-aiosmtpd)\n");
        return 77;
    }
    s = suite_create("smtp-client-aiosmtpd");
    tc = tl_tcase("aiosmtpd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, envelope_and_message_byte_exact);
    tcase_add_test(tc, seven_bit_message_has_no_body_parameter);
    tcase_add_test(tc, per_recipient_refusals);
    tcase_add_test(tc, only_temporary_refusals);
    tcase_add_test(tc, auth_plain);
    tcase_add_test(tc, auth_login);
    tcase_add_test(tc, auth_wrong_password);
    tcase_add_test(tc, composed_message);
    tcase_add_test(tc, null_sender);
    suite_add_tcase(s, tc);
    return tl_run_suite(s);
}
