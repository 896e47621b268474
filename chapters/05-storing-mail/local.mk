## chapters/05-storing-mail/local.mk -- chapter 5, "Storing mail" (slug: storing-mail).
##
## The library: Maildir delivery (tmp/, fsync, new/), the users file,
## local domains and the catch-all, the trace fields, all-or-nothing
## delivery to several recipients, the ESMTP extensions of a receiving
## server, and the hooks that make chapter 4's session store mail.
noinst_LIBRARIES += src/libmm-storing-mail.a
src_libmm_storing_mail_a_SOURCES = \
	src/maildir.c src/maildir.h \
	src/users.c src/users.h \
	src/received.c src/received.h \
	src/recipients.c src/recipients.h \
	src/delivery.c src/delivery.h \
	src/smtp_ext.c src/smtp_ext.h \
	src/smtp_store.c src/smtp_store.h \
	src/smtpd_options.c src/smtpd_options.h
LIBS_STORING_MAIL = src/libmm-storing-mail.a $(LIBS_SMTP_SESSION)

## The SMTP server as of this chapter: it was the installed minimail-smtpd
## until chapter 7 (relaying) built its own main and took over the
## installed name; it stays built and tested as this chapter's stage.
noinst_PROGRAMS += chapters/05-storing-mail/smtpd
chapters_05_storing_mail_smtpd_SOURCES = chapters/05-storing-mail/minimail-smtpd.c
chapters_05_storing_mail_smtpd_LDADD = $(LIBS_STORING_MAIL)
EXTRA_DIST += chapters/05-storing-mail/README.md

## Unit tests of the new modules.
MM_STORING_MAIL_UNIT = \
	tests/unit/test-maildir \
	tests/unit/test-users \
	tests/unit/test-recipients \
	tests/unit/test-delivery \
	tests/unit/test-smtp-ext
check_PROGRAMS += $(MM_STORING_MAIL_UNIT)
TESTS += $(MM_STORING_MAIL_UNIT)
tests_unit_test_maildir_SOURCES = tests/unit/test-maildir.c
tests_unit_test_maildir_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
tests_unit_test_users_SOURCES = tests/unit/test-users.c
tests_unit_test_users_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
tests_unit_test_recipients_SOURCES = tests/unit/test-recipients.c
tests_unit_test_recipients_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
tests_unit_test_delivery_SOURCES = tests/unit/test-delivery.c
tests_unit_test_delivery_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
tests_unit_test_smtp_ext_SOURCES = tests/unit/test-smtp-ext.c
tests_unit_test_smtp_ext_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)

## Integration tests: the stage (smtpd) on loopback (port 0), a fresh Maildir
## root per test, the Maildirs read back byte for byte.
check_LIBRARIES += tests/integration/libsmtpd-util.a
tests_integration_libsmtpd_util_a_SOURCES = tests/integration/smtpd-util.c tests/integration/smtpd-util.h
MM_STORING_MAIL_INTEGRATION = \
	tests/integration/test-smtpd-delivery \
	tests/integration/test-smtpd-extensions \
	tests/integration/test-smtpd-program
check_PROGRAMS += $(MM_STORING_MAIL_INTEGRATION)
TESTS += $(MM_STORING_MAIL_INTEGRATION)
tests_integration_test_smtpd_delivery_SOURCES = tests/integration/test-smtpd-delivery.c
tests_integration_test_smtpd_delivery_LDADD = tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_smtpd_extensions_SOURCES = tests/integration/test-smtpd-extensions.c
tests_integration_test_smtpd_extensions_LDADD = tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_smtpd_program_SOURCES = tests/integration/test-smtpd-program.c
tests_integration_test_smtpd_program_LDADD = tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Stage and dialogs: smtpd, with a fresh Maildir root for each
## run ({tmpdir}, see tests/dialog/README.md); chapter 4's dialogs run
## against it too.
EXTRA_DIST += chapters/05-storing-mail/stage.txt \
	tests/dialogs/storing-mail/ehlo.dialog \
	tests/dialogs/storing-mail/deliver.dialog \
	tests/dialogs/storing-mail/recipients.dialog \
	tests/dialogs/storing-mail/size.dialog \
	tests/dialogs/storing-mail/params.dialog \
	tests/dialogs/storing-mail/pipelining.dialog \
	tests/dialogs/storing-mail/catch-all.dialog

## Real SMTP clients against this chapter's smtpd: curl (smtp://), swaks, Python's
## smtplib.  Each SKIPs (exit 77) when its client is not installed.
MM_STORING_MAIL_CLIENTS = \
	tests/clients/test-curl.sh \
	tests/clients/test-swaks.sh \
	tests/clients/test-smtplib.sh
dist_noinst_SCRIPTS += $(MM_STORING_MAIL_CLIENTS)
TESTS += $(MM_STORING_MAIL_CLIENTS)
EXTRA_DIST += tests/clients/lib.sh tests/clients/smtplib-check.py

## Exercise: unique-name (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/05-storing-mail/unique-name
EXERCISE_STARTER_TESTS += exercises/05-storing-mail/unique-name/test-starter
check_PROGRAMS += exercises/05-storing-mail/unique-name/test-solution exercises/05-storing-mail/unique-name/test-starter
TESTS += exercises/05-storing-mail/unique-name/test-solution exercises/05-storing-mail/unique-name/test-starter
XFAIL_TESTS += exercises/05-storing-mail/unique-name/test-starter
exercises_05_storing_mail_unique_name_test_solution_SOURCES = exercises/05-storing-mail/unique-name/tests.c exercises/05-storing-mail/unique-name/solution.c exercises/05-storing-mail/unique-name/exercise.h
exercises_05_storing_mail_unique_name_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
exercises_05_storing_mail_unique_name_test_starter_SOURCES = exercises/05-storing-mail/unique-name/tests.c exercises/05-storing-mail/unique-name/starter.c exercises/05-storing-mail/unique-name/exercise.h
exercises_05_storing_mail_unique_name_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/05-storing-mail/unique-name/TASK.md

## Exercise: users-line.
EXERCISES += exercises/05-storing-mail/users-line
EXERCISE_STARTER_TESTS += exercises/05-storing-mail/users-line/test-starter
check_PROGRAMS += exercises/05-storing-mail/users-line/test-solution exercises/05-storing-mail/users-line/test-starter
TESTS += exercises/05-storing-mail/users-line/test-solution exercises/05-storing-mail/users-line/test-starter
XFAIL_TESTS += exercises/05-storing-mail/users-line/test-starter
exercises_05_storing_mail_users_line_test_solution_SOURCES = exercises/05-storing-mail/users-line/tests.c exercises/05-storing-mail/users-line/solution.c exercises/05-storing-mail/users-line/exercise.h
exercises_05_storing_mail_users_line_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
exercises_05_storing_mail_users_line_test_starter_SOURCES = exercises/05-storing-mail/users-line/tests.c exercises/05-storing-mail/users-line/starter.c exercises/05-storing-mail/users-line/exercise.h
exercises_05_storing_mail_users_line_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/05-storing-mail/users-line/TASK.md
# The interoperability harness with a private Dovecot reading our Maildirs
# (run by hand, as root; see docs/INTEROP-SMTP.md).
dist_noinst_SCRIPTS += tests/clients/interop-smtp.sh

## Exercise: received-header.
EXERCISES += exercises/05-storing-mail/received-header
EXERCISE_STARTER_TESTS += exercises/05-storing-mail/received-header/test-starter
check_PROGRAMS += exercises/05-storing-mail/received-header/test-solution exercises/05-storing-mail/received-header/test-starter
TESTS += exercises/05-storing-mail/received-header/test-solution exercises/05-storing-mail/received-header/test-starter
XFAIL_TESTS += exercises/05-storing-mail/received-header/test-starter
exercises_05_storing_mail_received_header_test_solution_SOURCES = exercises/05-storing-mail/received-header/tests.c exercises/05-storing-mail/received-header/solution.c exercises/05-storing-mail/received-header/exercise.h
exercises_05_storing_mail_received_header_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
exercises_05_storing_mail_received_header_test_starter_SOURCES = exercises/05-storing-mail/received-header/tests.c exercises/05-storing-mail/received-header/starter.c exercises/05-storing-mail/received-header/exercise.h
exercises_05_storing_mail_received_header_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_STORING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/05-storing-mail/received-header/TASK.md
