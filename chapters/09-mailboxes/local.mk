## chapters/09-mailboxes/local.mk -- chapter 9, "Mailboxes" (slug: mailboxes).
##
## The library: mailbox names and Maildir++ folders, flags in Maildir file
## names, the persistent UID map, opening and scanning a mailbox, the
## folder operations and subscriptions, and the IMAP commands on top of
## them (LIST LSUB CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE STATUS
## SELECT EXAMINE NAMESPACE UNSELECT CLOSE CHECK) as an extension of
## chapter 8's session.
noinst_LIBRARIES += src/libmm-mailboxes.a
src_libmm_mailboxes_a_SOURCES = \
	src/mailbox_name.c src/mailbox_name.h \
	src/mailflags.c src/mailflags.h \
	src/uidmap.c src/uidmap.h \
	src/mailbox.c src/mailbox.h \
	src/mailbox_look.c src/mailbox_look.h \
	src/folders.c src/folders.h \
	src/subscriptions.c src/subscriptions.h \
	src/imap_mailboxes.c src/imap_mailboxes.h \
	src/imap_list.c \
	src/imap_manage.c
LIBS_MAILBOXES = src/libmm-mailboxes.a $(LIBS_IMAP_CONVERSATION)

## The IMAP server as of this chapter: it was the installed minimail-imapd
## until chapter 11 (changing mail) built its own main and took over the
## installed name; it stays built and tested as this chapter's stage.
noinst_PROGRAMS += chapters/09-mailboxes/imapd
chapters_09_mailboxes_imapd_SOURCES = chapters/09-mailboxes/minimail-imapd.c
chapters_09_mailboxes_imapd_LDADD = $(LIBS_MAILBOXES)
EXTRA_DIST += chapters/09-mailboxes/README.md chapters/09-mailboxes/stage.txt

## Unit tests of the new modules.
MM_MAILBOXES_UNIT = \
	tests/unit/test-mailbox-name \
	tests/unit/test-uidmap \
	tests/unit/test-mailbox
check_PROGRAMS += $(MM_MAILBOXES_UNIT)
TESTS += $(MM_MAILBOXES_UNIT)
tests_unit_test_mailbox_name_SOURCES = tests/unit/test-mailbox-name.c
tests_unit_test_mailbox_name_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
tests_unit_test_uidmap_SOURCES = tests/unit/test-uidmap.c
tests_unit_test_uidmap_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
tests_unit_test_mailbox_SOURCES = tests/unit/test-mailbox.c
tests_unit_test_mailbox_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)

## Dialogs (tests/dialogs/mailboxes/), played against minimail-imapd over
## --stdio with a fresh Maildir root each ({tmpdir}); chapter 8's dialogs
## run against it too.
EXTRA_DIST += \
	tests/dialogs/mailboxes/before-login.dialog \
	tests/dialogs/mailboxes/capability-exact.dialog \
	tests/dialogs/mailboxes/create.dialog \
	tests/dialogs/mailboxes/delete.dialog \
	tests/dialogs/mailboxes/hostile-names.dialog \
	tests/dialogs/mailboxes/list.dialog \
	tests/dialogs/mailboxes/namespace.dialog \
	tests/dialogs/mailboxes/rename.dialog \
	tests/dialogs/mailboxes/select.dialog \
	tests/dialogs/mailboxes/status.dialog \
	tests/dialogs/mailboxes/subscribe.dialog

## Integration test: minimail-imapd on loopback (command line, UIDs across
## a restart, concurrent sessions, mail from minimail-smtpd, updates from
## other Maildir programs, hostile names, limits).
check_PROGRAMS += tests/integration/test-imapd-mailboxes
TESTS += tests/integration/test-imapd-mailboxes
tests_integration_test_imapd_mailboxes_SOURCES = tests/integration/test-imapd-mailboxes.c
tests_integration_test_imapd_mailboxes_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Real clients: Python's imaplib and curl's imap:// against minimail-imapd
## (and chapter 8's client tests against it); the same Maildir served by
## minimail-imapd and a private Dovecot at once, which must agree (SKIPs
## unless root with Dovecot installed).
MM_MAILBOXES_CLIENTS = \
	tests/clients/test-imaplib-mailboxes.sh \
	tests/clients/test-curl-mailboxes.sh \
	tests/clients/test-dovecot-mailboxes.sh
dist_noinst_SCRIPTS += $(MM_MAILBOXES_CLIENTS)
TESTS += $(MM_MAILBOXES_CLIENTS)
EXTRA_DIST += tests/clients/imaplib-mailboxes.py tests/clients/dovecot-compare.py
## A private Dovecot (start, stop), shared by the tests that compare with one
## and by bench/imap-bench.
dist_noinst_SCRIPTS += tests/clients/private-dovecot

## Exercise: wildcard-match (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/09-mailboxes/wildcard-match
EXERCISE_STARTER_TESTS += exercises/09-mailboxes/wildcard-match/test-starter
check_PROGRAMS += exercises/09-mailboxes/wildcard-match/test-solution exercises/09-mailboxes/wildcard-match/test-starter
TESTS += exercises/09-mailboxes/wildcard-match/test-solution exercises/09-mailboxes/wildcard-match/test-starter
XFAIL_TESTS += exercises/09-mailboxes/wildcard-match/test-starter
exercises_09_mailboxes_wildcard_match_test_solution_SOURCES = exercises/09-mailboxes/wildcard-match/tests.c exercises/09-mailboxes/wildcard-match/solution.c exercises/09-mailboxes/wildcard-match/exercise.h
exercises_09_mailboxes_wildcard_match_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
exercises_09_mailboxes_wildcard_match_test_starter_SOURCES = exercises/09-mailboxes/wildcard-match/tests.c exercises/09-mailboxes/wildcard-match/starter.c exercises/09-mailboxes/wildcard-match/exercise.h
exercises_09_mailboxes_wildcard_match_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
EXTRA_DIST += exercises/09-mailboxes/wildcard-match/TASK.md

## Exercise: safe-name (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/09-mailboxes/safe-name
EXERCISE_STARTER_TESTS += exercises/09-mailboxes/safe-name/test-starter
check_PROGRAMS += exercises/09-mailboxes/safe-name/test-solution exercises/09-mailboxes/safe-name/test-starter
TESTS += exercises/09-mailboxes/safe-name/test-solution exercises/09-mailboxes/safe-name/test-starter
XFAIL_TESTS += exercises/09-mailboxes/safe-name/test-starter
exercises_09_mailboxes_safe_name_test_solution_SOURCES = exercises/09-mailboxes/safe-name/tests.c exercises/09-mailboxes/safe-name/solution.c exercises/09-mailboxes/safe-name/exercise.h
exercises_09_mailboxes_safe_name_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
exercises_09_mailboxes_safe_name_test_starter_SOURCES = exercises/09-mailboxes/safe-name/tests.c exercises/09-mailboxes/safe-name/starter.c exercises/09-mailboxes/safe-name/exercise.h
exercises_09_mailboxes_safe_name_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
EXTRA_DIST += exercises/09-mailboxes/safe-name/TASK.md

## Exercise: flags-suffix (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/09-mailboxes/flags-suffix
EXERCISE_STARTER_TESTS += exercises/09-mailboxes/flags-suffix/test-starter
check_PROGRAMS += exercises/09-mailboxes/flags-suffix/test-solution exercises/09-mailboxes/flags-suffix/test-starter
TESTS += exercises/09-mailboxes/flags-suffix/test-solution exercises/09-mailboxes/flags-suffix/test-starter
XFAIL_TESTS += exercises/09-mailboxes/flags-suffix/test-starter
exercises_09_mailboxes_flags_suffix_test_solution_SOURCES = exercises/09-mailboxes/flags-suffix/tests.c exercises/09-mailboxes/flags-suffix/solution.c exercises/09-mailboxes/flags-suffix/exercise.h
exercises_09_mailboxes_flags_suffix_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
exercises_09_mailboxes_flags_suffix_test_starter_SOURCES = exercises/09-mailboxes/flags-suffix/tests.c exercises/09-mailboxes/flags-suffix/starter.c exercises/09-mailboxes/flags-suffix/exercise.h
exercises_09_mailboxes_flags_suffix_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_MAILBOXES) $(CHECK_LIBS)
EXTRA_DIST += exercises/09-mailboxes/flags-suffix/TASK.md
