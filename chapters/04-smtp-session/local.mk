## chapters/04-smtp-session/local.mk -- chapter 4, "The SMTP session" (slug: smtp-session).
##
## The library: the SMTP command-line parser, the session (state machine,
## command tables, hooks, replies with enhanced codes), chapter 4's command
## table and the DATA phase.  Chapters 5 and 7 build on it by adding hooks
## and tables, never by editing these files.
noinst_LIBRARIES += src/libmm-smtp-session.a
src_libmm_smtp_session_a_SOURCES = \
	src/smtp_parse.c src/smtp_parse.h \
	src/smtp_session.c src/smtp_session.h \
	src/smtp_commands.c src/smtp_commands.h \
	src/smtp_data.c src/smtp_data.h
LIBS_SMTP_SESSION = src/libmm-smtp-session.a $(LIBS_SERVING_MANY)

## Stage program: the SMTP session served by chapter 3's server; prints
## every accepted message.
noinst_PROGRAMS += chapters/04-smtp-session/smtpd
chapters_04_smtp_session_smtpd_SOURCES = chapters/04-smtp-session/smtpd.c
chapters_04_smtp_session_smtpd_LDADD = $(LIBS_SMTP_SESSION)
EXTRA_DIST += chapters/04-smtp-session/README.md chapters/04-smtp-session/stage.txt

## Unit tests: the parser (paths, parameters, limits) and the session's
## state machine (every command in every state, run over files).
check_PROGRAMS += tests/unit/test-smtp-parse tests/unit/test-smtp-session
TESTS += tests/unit/test-smtp-parse tests/unit/test-smtp-session
tests_unit_test_smtp_parse_SOURCES = tests/unit/test-smtp-parse.c
tests_unit_test_smtp_parse_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)
tests_unit_test_smtp_session_SOURCES = tests/unit/test-smtp-session.c
tests_unit_test_smtp_session_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)

## Integration tests: smtpd over TCP (port 0): printed output byte for
## byte, a connection dropped in DATA, SIGTERM, limits, real clients
## (Python's smtplib, curl), each skipped with a message when missing.
check_PROGRAMS += tests/integration/test-smtpd-session
TESTS += tests/integration/test-smtpd-session
tests_integration_test_smtpd_session_SOURCES = tests/integration/test-smtpd-session.c
tests_integration_test_smtpd_session_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)
# It runs the stage program: build that first.
tests_integration_test_smtpd_session_DEPENDENCIES = tests/lib/libtestlib.a \
	chapters/04-smtp-session/smtpd

## Dialogs: every command's success and failure, every bad input.
EXTRA_DIST += \
	tests/dialogs/smtp-session/bad-command-lines.dialog \
	tests/dialogs/smtp-session/data-bare-cr.dialog \
	tests/dialogs/smtp-session/data-bare-lf.dialog \
	tests/dialogs/smtp-session/data-long-line.dialog \
	tests/dialogs/smtp-session/data-nul.dialog \
	tests/dialogs/smtp-session/data-size.dialog \
	tests/dialogs/smtp-session/data.dialog \
	tests/dialogs/smtp-session/ehlo.dialog \
	tests/dialogs/smtp-session/eof-in-data.dialog \
	tests/dialogs/smtp-session/greeting-quit.dialog \
	tests/dialogs/smtp-session/helo.dialog \
	tests/dialogs/smtp-session/help.dialog \
	tests/dialogs/smtp-session/idle-timeout-data.dialog \
	tests/dialogs/smtp-session/idle-timeout.dialog \
	tests/dialogs/smtp-session/mail-params.dialog \
	tests/dialogs/smtp-session/mail-paths.dialog \
	tests/dialogs/smtp-session/mail-syntax.dialog \
	tests/dialogs/smtp-session/mail.dialog \
	tests/dialogs/smtp-session/pipelined.dialog \
	tests/dialogs/smtp-session/rcpt-any.dialog \
	tests/dialogs/smtp-session/rcpt-limit-default.dialog \
	tests/dialogs/smtp-session/rcpt-limit.dialog \
	tests/dialogs/smtp-session/rcpt.dialog \
	tests/dialogs/smtp-session/rset-noop.dialog \
	tests/dialogs/smtp-session/session.dialog \
	tests/dialogs/smtp-session/too-many-errors.dialog \
	tests/dialogs/smtp-session/unknown.dialog \
	tests/dialogs/smtp-session/vrfy-expn-help.dialog

## Exercise: data-end (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/04-smtp-session/data-end
EXERCISE_STARTER_TESTS += exercises/04-smtp-session/data-end/test-starter
check_PROGRAMS += exercises/04-smtp-session/data-end/test-solution exercises/04-smtp-session/data-end/test-starter
TESTS += exercises/04-smtp-session/data-end/test-solution exercises/04-smtp-session/data-end/test-starter
XFAIL_TESTS += exercises/04-smtp-session/data-end/test-starter
exercises_04_smtp_session_data_end_test_solution_SOURCES = exercises/04-smtp-session/data-end/tests.c exercises/04-smtp-session/data-end/solution.c exercises/04-smtp-session/data-end/exercise.h
exercises_04_smtp_session_data_end_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)
exercises_04_smtp_session_data_end_test_starter_SOURCES = exercises/04-smtp-session/data-end/tests.c exercises/04-smtp-session/data-end/starter.c exercises/04-smtp-session/data-end/exercise.h
exercises_04_smtp_session_data_end_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)
EXTRA_DIST += exercises/04-smtp-session/data-end/TASK.md

## Exercise: state-check (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/04-smtp-session/state-check
EXERCISE_STARTER_TESTS += exercises/04-smtp-session/state-check/test-starter
check_PROGRAMS += exercises/04-smtp-session/state-check/test-solution exercises/04-smtp-session/state-check/test-starter
TESTS += exercises/04-smtp-session/state-check/test-solution exercises/04-smtp-session/state-check/test-starter
XFAIL_TESTS += exercises/04-smtp-session/state-check/test-starter
exercises_04_smtp_session_state_check_test_solution_SOURCES = exercises/04-smtp-session/state-check/tests.c exercises/04-smtp-session/state-check/solution.c exercises/04-smtp-session/state-check/exercise.h
exercises_04_smtp_session_state_check_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)
exercises_04_smtp_session_state_check_test_starter_SOURCES = exercises/04-smtp-session/state-check/tests.c exercises/04-smtp-session/state-check/starter.c exercises/04-smtp-session/state-check/exercise.h
exercises_04_smtp_session_state_check_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_SESSION) $(CHECK_LIBS)
EXTRA_DIST += exercises/04-smtp-session/state-check/TASK.md
