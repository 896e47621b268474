## chapters/07-relaying/local.mk -- chapter 7, "Relaying" (slug: relaying).
##
## The library: SASL PLAIN/LOGIN on the server (sasl, smtp_auth), trusted
## networks (cidr), the route table, the spool queue, bounces (RFC 3464),
## the queue runner (with chapter 6's client), and the relay hooks around
## chapter 5's.  The installed minimail-smtpd is built here from now on.
noinst_LIBRARIES += src/libmm-relaying.a
src_libmm_relaying_a_SOURCES = \
	src/sasl.c src/sasl.h \
	src/cidr.c src/cidr.h \
	src/smtp_auth.c src/smtp_auth.h \
	src/routes.c src/routes.h \
	src/spool.c src/spool.h \
	src/bounce.c src/bounce.h \
	src/queue.c src/queue.h \
	src/smtp_relay.c src/smtp_relay.h
LIBS_RELAYING = src/libmm-relaying.a $(LIBS_SMTP_CLIENT)

## The installed SMTP server (chapter 5's program stays as a stage,
## chapters/05-storing-mail/smtpd).
bin_PROGRAMS += chapters/07-relaying/minimail-smtpd
chapters_07_relaying_minimail_smtpd_SOURCES = chapters/07-relaying/minimail-smtpd.c
chapters_07_relaying_minimail_smtpd_LDADD = $(LIBS_RELAYING)

## Stage and dialogs: chapter 4's and 5's dialogs run against it too.
EXTRA_DIST += chapters/07-relaying/stage.txt chapters/07-relaying/README.md

## Unit tests of the new modules.
MM_RELAYING_UNIT = \
	tests/unit/test-sasl \
	tests/unit/test-cidr \
	tests/unit/test-spool \
	tests/unit/test-bounce \
	tests/unit/test-queue
check_PROGRAMS += $(MM_RELAYING_UNIT)
TESTS += $(MM_RELAYING_UNIT)
tests_unit_test_sasl_SOURCES = tests/unit/test-sasl.c
tests_unit_test_sasl_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
tests_unit_test_cidr_SOURCES = tests/unit/test-cidr.c
tests_unit_test_cidr_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
tests_unit_test_spool_SOURCES = tests/unit/test-spool.c
tests_unit_test_spool_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
tests_unit_test_bounce_SOURCES = tests/unit/test-bounce.c
tests_unit_test_bounce_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
tests_unit_test_queue_SOURCES = tests/unit/test-queue.c
tests_unit_test_queue_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)

## Integration tests: minimail-smtpd on loopback (port 0): AUTH, the relay
## policy (no open relay), and two servers relaying to each other.
check_LIBRARIES += tests/integration/librelay-util.a
tests_integration_librelay_util_a_SOURCES = tests/integration/relay-util.c tests/integration/relay-util.h
MM_RELAYING_INTEGRATION = \
	tests/integration/test-relay-auth \
	tests/integration/test-relay-policy \
	tests/integration/test-relay-queue
check_PROGRAMS += $(MM_RELAYING_INTEGRATION)
TESTS += $(MM_RELAYING_INTEGRATION)
tests_integration_test_relay_auth_SOURCES = tests/integration/test-relay-auth.c
tests_integration_test_relay_auth_LDADD = tests/integration/librelay-util.a tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_relay_policy_SOURCES = tests/integration/test-relay-policy.c
tests_integration_test_relay_policy_LDADD = tests/integration/librelay-util.a tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_relay_queue_SOURCES = tests/integration/test-relay-queue.c
tests_integration_test_relay_queue_LDADD = tests/integration/librelay-util.a tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
EXTRA_DIST += \
	tests/dialogs/relaying/users \
	tests/dialogs/relaying/auth-not-offered.dialog \
	tests/dialogs/relaying/auth-plain.dialog \
	tests/dialogs/relaying/auth-login.dialog \
	tests/dialogs/relaying/auth-errors.dialog \
	tests/dialogs/relaying/no-open-relay.dialog

## Exercises (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/07-relaying/backoff
EXERCISE_STARTER_TESTS += exercises/07-relaying/backoff/test-starter
check_PROGRAMS += exercises/07-relaying/backoff/test-solution exercises/07-relaying/backoff/test-starter
TESTS += exercises/07-relaying/backoff/test-solution exercises/07-relaying/backoff/test-starter
XFAIL_TESTS += exercises/07-relaying/backoff/test-starter
exercises_07_relaying_backoff_test_solution_SOURCES = exercises/07-relaying/backoff/tests.c exercises/07-relaying/backoff/solution.c exercises/07-relaying/backoff/exercise.h
exercises_07_relaying_backoff_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
exercises_07_relaying_backoff_test_starter_SOURCES = exercises/07-relaying/backoff/tests.c exercises/07-relaying/backoff/starter.c exercises/07-relaying/backoff/exercise.h
exercises_07_relaying_backoff_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
EXTRA_DIST += exercises/07-relaying/backoff/TASK.md

EXERCISES += exercises/07-relaying/cidr-match
EXERCISE_STARTER_TESTS += exercises/07-relaying/cidr-match/test-starter
check_PROGRAMS += exercises/07-relaying/cidr-match/test-solution exercises/07-relaying/cidr-match/test-starter
TESTS += exercises/07-relaying/cidr-match/test-solution exercises/07-relaying/cidr-match/test-starter
XFAIL_TESTS += exercises/07-relaying/cidr-match/test-starter
exercises_07_relaying_cidr_match_test_solution_SOURCES = exercises/07-relaying/cidr-match/tests.c exercises/07-relaying/cidr-match/solution.c exercises/07-relaying/cidr-match/exercise.h
exercises_07_relaying_cidr_match_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
exercises_07_relaying_cidr_match_test_starter_SOURCES = exercises/07-relaying/cidr-match/tests.c exercises/07-relaying/cidr-match/starter.c exercises/07-relaying/cidr-match/exercise.h
exercises_07_relaying_cidr_match_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
EXTRA_DIST += exercises/07-relaying/cidr-match/TASK.md

EXERCISES += exercises/07-relaying/sasl-plain
EXERCISE_STARTER_TESTS += exercises/07-relaying/sasl-plain/test-starter
check_PROGRAMS += exercises/07-relaying/sasl-plain/test-solution exercises/07-relaying/sasl-plain/test-starter
TESTS += exercises/07-relaying/sasl-plain/test-solution exercises/07-relaying/sasl-plain/test-starter
XFAIL_TESTS += exercises/07-relaying/sasl-plain/test-starter
exercises_07_relaying_sasl_plain_test_solution_SOURCES = exercises/07-relaying/sasl-plain/tests.c exercises/07-relaying/sasl-plain/solution.c exercises/07-relaying/sasl-plain/exercise.h
exercises_07_relaying_sasl_plain_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
exercises_07_relaying_sasl_plain_test_starter_SOURCES = exercises/07-relaying/sasl-plain/tests.c exercises/07-relaying/sasl-plain/starter.c exercises/07-relaying/sasl-plain/exercise.h
exercises_07_relaying_sasl_plain_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
EXTRA_DIST += exercises/07-relaying/sasl-plain/TASK.md

## Sessions as threads of one process (minimail-smtpd --threads): many at
## once into one Maildir, unique names, per-session EHLO keywords, crypt(3).
check_PROGRAMS += tests/integration/test-smtpd-threads
TESTS += tests/integration/test-smtpd-threads
tests_integration_test_smtpd_threads_SOURCES = tests/integration/test-smtpd-threads.c
tests_integration_test_smtpd_threads_LDADD = tests/lib/libtestlib.a $(LIBS_RELAYING) $(CHECK_LIBS)
