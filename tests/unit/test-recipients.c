/*
 * test-recipients.c -- unit tests of src/recipients.c (chapter
 * storing-mail): local domains, users, postmaster, catch-all, and the
 * classic tricks for turning a server into an open relay.
 */
#include "recipients.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct users *users;
static const char *const domains[] = { "example.test", "Other.Test" };
static char *dir;

static void setup(void)
{
    char path[512], err[USERS_ERRLEN];
    dir = tl_tmpdir();
    snprintf(path, sizeof path, "%s/users", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("alice:{PLAIN}a\nBob:{PLAIN}b\ncarol@other.test:{PLAIN}c\n", f);
    fclose(f);
    users = users_load(path, err, sizeof err);
    ck_assert_msg(users != NULL, "%s", err);
}

static void teardown(void)
{
    users_free(users);
    tl_rmtree(dir);
    free(dir);
}

static struct recipients_config config(const char *catch_all)
{
    struct recipients_config c = { domains, 2, users, catch_all };
    return c;
}

/* Resolve and check the result (and the mailbox when local). */
static void expect(const struct recipients_config *c, const char *local,
                   const char *domain, enum recipients_result want, const char *mailbox)
{
    char mb[RECIPIENTS_MAILBOX_MAX] = "";
    enum recipients_result got = recipients_resolve(c, local, domain, mb, sizeof mb);
    ck_assert_msg(got == want, "%s@%s: result %d, want %d", local, domain, got, want);
    if (want == RECIPIENTS_LOCAL)
        ck_assert_msg(strcmp(mb, mailbox) == 0, "%s@%s: mailbox %s, want %s",
                      local, domain, mb, mailbox);
}

START_TEST(local_domains)
{
    struct recipients_config c = config(NULL);
    ck_assert_int_eq(recipients_is_local_domain(&c, "example.test"), 1);
    ck_assert_int_eq(recipients_is_local_domain(&c, "EXAMPLE.Test"), 1);
    ck_assert_int_eq(recipients_is_local_domain(&c, "example.test."), 1);
    ck_assert_int_eq(recipients_is_local_domain(&c, "other.test"), 1);
    ck_assert_int_eq(recipients_is_local_domain(&c, "sub.example.test"), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, "example.test.evil"), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, "xexample.test"), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, "example.tes"), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, "[127.0.0.1]"), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, ""), 0);
    ck_assert_int_eq(recipients_is_local_domain(&c, "."), 0);
}
END_TEST

START_TEST(users_by_name)
{
    struct recipients_config c = config(NULL);
    expect(&c, "alice", "example.test", RECIPIENTS_LOCAL, "alice");
    expect(&c, "ALICE", "Example.TEST", RECIPIENTS_LOCAL, "alice");
    expect(&c, "bob", "other.test", RECIPIENTS_LOCAL, "Bob");
    /* A user written with its domain: only at that domain... */
    expect(&c, "carol", "other.test", RECIPIENTS_LOCAL, "carol@other.test");
    /* ...not at another local domain. */
    expect(&c, "carol", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, "nobody", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, "alice", "elsewhere.example", RECIPIENTS_NOT_LOCAL, NULL);
}
END_TEST

START_TEST(postmaster_is_always_accepted)
{
    struct recipients_config c = config(NULL);
    expect(&c, "Postmaster", "", RECIPIENTS_LOCAL, "postmaster");
    expect(&c, "postmaster", "example.test", RECIPIENTS_LOCAL, "postmaster");
    expect(&c, "POSTMASTER", "other.test", RECIPIENTS_LOCAL, "postmaster");
    /* ... but not somebody else's postmaster. */
    expect(&c, "postmaster", "elsewhere.example", RECIPIENTS_NOT_LOCAL, NULL);
    /* With a catch-all, postmaster lands there like any unknown name. */
    struct recipients_config ca = config("dev");
    expect(&ca, "postmaster", "example.test", RECIPIENTS_LOCAL, "dev");
    /* No domain is only for postmaster. */
    expect(&c, "alice", "", RECIPIENTS_NOT_LOCAL, NULL);
}
END_TEST

START_TEST(catch_all_takes_unknown_local_addresses)
{
    struct recipients_config c = config("dev");
    expect(&c, "nobody", "example.test", RECIPIENTS_LOCAL, "dev");
    expect(&c, "whatever+tag", "other.test", RECIPIENTS_LOCAL, "dev");
    expect(&c, "alice", "example.test", RECIPIENTS_LOCAL, "alice");  /* users first */
    expect(&c, "nobody", "elsewhere.example", RECIPIENTS_NOT_LOCAL, NULL);
}
END_TEST

START_TEST(star_makes_every_domain_local)
{
    static const char *const star[] = { "*" };
    struct recipients_config c = { star, 1, users, "dev" };
    expect(&c, "x", "anything.example", RECIPIENTS_LOCAL, "dev");
    expect(&c, "alice", "gmail.com", RECIPIENTS_LOCAL, "alice");
    expect(&c, "x", "[192.0.2.1]", RECIPIENTS_LOCAL, "dev");
    struct recipients_config nc = { star, 1, users, NULL };
    expect(&nc, "x", "anything.example", RECIPIENTS_NO_SUCH_USER, NULL);
}
END_TEST

START_TEST(relay_tricks_are_not_relayed)
{
    struct recipients_config c = config(NULL);
    /* The "percent hack": user%final.example@ourdomain once made servers
     * forward to user@final.example.  Here it is just a local part. */
    expect(&c, "victim%elsewhere.example", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, "alice%elsewhere.example", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    /* A quoted local part holding an address ("a@b"@ourdomain). */
    expect(&c, "victim@elsewhere.example", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    /* UUCP bang paths. */
    expect(&c, "elsewhere.example!victim", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    /* The source route <@example.test:victim@elsewhere.example> reaches us
     * as victim@elsewhere.example (the parser drops the route): foreign. */
    expect(&c, "victim", "elsewhere.example", RECIPIENTS_NOT_LOCAL, NULL);
    /* Look-alike domains. */
    expect(&c, "alice", "example.test.elsewhere.example", RECIPIENTS_NOT_LOCAL, NULL);
    expect(&c, "alice", "[127.0.0.1]", RECIPIENTS_NOT_LOCAL, NULL);
    /* With a catch-all these stay local, in the catch-all Maildir: never relayed. */
    struct recipients_config ca = config("dev");
    expect(&ca, "victim%elsewhere.example", "example.test", RECIPIENTS_LOCAL, "dev");
    expect(&ca, "victim@elsewhere.example", "example.test", RECIPIENTS_LOCAL, "dev");
}
END_TEST

START_TEST(path_like_local_parts_never_become_paths)
{
    struct recipients_config c = config(NULL);
    expect(&c, "../alice", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, "alice/../../etc", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, ".", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
}
END_TEST

START_TEST(no_users_file)
{
    struct recipients_config c = { domains, 2, NULL, NULL };
    expect(&c, "alice", "example.test", RECIPIENTS_NO_SUCH_USER, NULL);
    expect(&c, "postmaster", "example.test", RECIPIENTS_LOCAL, "postmaster");
    c.catch_all = "sink";
    expect(&c, "alice", "example.test", RECIPIENTS_LOCAL, "sink");
}
END_TEST

static Suite *recipients_suite(void)
{
    Suite *s = suite_create("recipients");
    TCase *tc = tl_tcase("recipients");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, local_domains);
    tcase_add_test(tc, users_by_name);
    tcase_add_test(tc, postmaster_is_always_accepted);
    tcase_add_test(tc, catch_all_takes_unknown_local_addresses);
    tcase_add_test(tc, star_makes_every_domain_local);
    tcase_add_test(tc, relay_tricks_are_not_relayed);
    tcase_add_test(tc, path_like_local_parts_never_become_paths);
    tcase_add_test(tc, no_users_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tl_run_suite(recipients_suite());
}
