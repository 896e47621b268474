## chapters/06-smtp-client/local.mk -- chapter 6, "The SMTP client" (slug: smtp-client).
##
## The library: reading replies (single- and multi-line, enhanced codes),
## the sending side of transparency (CRLF, dot-stuffing), base64, message
## composition (Date, Message-ID, RFC 2047), and the client session itself
## (EHLO/HELO, AUTH, MAIL/RCPT/DATA with PIPELINING, SIZE and 8BITMIME).
## Chapter 7's queue runner sends with it.
noinst_LIBRARIES += src/libmm-smtp-client.a
src_libmm_smtp_client_a_SOURCES = \
	src/smtp_reply_read.c src/smtp_reply_read.h \
	src/smtp_dotstuff.c src/smtp_dotstuff.h \
	src/base64.c src/base64.h \
	src/smtp_compose.c src/smtp_compose.h \
	src/smtp_client.c src/smtp_client.h
LIBS_SMTP_CLIENT = src/libmm-smtp-client.a $(LIBS_STORING_MAIL)

## The installed SMTP client.
bin_PROGRAMS += chapters/06-smtp-client/minimail-smtp
chapters_06_smtp_client_minimail_smtp_SOURCES = chapters/06-smtp-client/minimail-smtp.c
chapters_06_smtp_client_minimail_smtp_LDADD = $(LIBS_SMTP_CLIENT)
EXTRA_DIST += chapters/06-smtp-client/README.md

## Unit tests of the new modules: replies, dot-stuffing, base64 and
## composition, and the client session against scripted fake servers.
MM_SMTP_CLIENT_UNIT = \
	tests/unit/test-smtp-client-reply \
	tests/unit/test-smtp-client-dotstuff \
	tests/unit/test-smtp-client-compose \
	tests/unit/test-smtp-client-session
check_PROGRAMS += $(MM_SMTP_CLIENT_UNIT)
TESTS += $(MM_SMTP_CLIENT_UNIT)
tests_unit_test_smtp_client_reply_SOURCES = tests/unit/test-smtp-client-reply.c
tests_unit_test_smtp_client_reply_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
tests_unit_test_smtp_client_dotstuff_SOURCES = tests/unit/test-smtp-client-dotstuff.c
tests_unit_test_smtp_client_dotstuff_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
tests_unit_test_smtp_client_compose_SOURCES = tests/unit/test-smtp-client-compose.c
tests_unit_test_smtp_client_compose_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
tests_unit_test_smtp_client_session_SOURCES = tests/unit/test-smtp-client-session.c
tests_unit_test_smtp_client_session_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)

## Integration tests: minimail-smtp against minimail-smtpd (port 0, a
## fresh Maildir root, the message read back byte for byte), against fake
## servers that stall, answer garbage or hang up, and its command line;
## and against an independent server, Python's aiosmtpd (SKIPs when
## python3-aiosmtpd is not installed).
check_LIBRARIES += tests/integration/libsmtp-client-util.a
tests_integration_libsmtp_client_util_a_SOURCES = tests/integration/smtp-client-util.c tests/integration/smtp-client-util.h
MM_SMTP_CLIENT_INTEGRATION = \
	tests/integration/test-smtp-client \
	tests/integration/test-smtp-client-aiosmtpd
check_PROGRAMS += $(MM_SMTP_CLIENT_INTEGRATION)
TESTS += $(MM_SMTP_CLIENT_INTEGRATION)
tests_integration_test_smtp_client_SOURCES = tests/integration/test-smtp-client.c
tests_integration_test_smtp_client_LDADD = tests/integration/libsmtp-client-util.a tests/integration/libsmtpd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_smtp_client_aiosmtpd_SOURCES = tests/integration/test-smtp-client-aiosmtpd.c
tests_integration_test_smtp_client_aiosmtpd_LDADD = tests/integration/libsmtp-client-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
EXTRA_DIST += tests/integration/smtp-client-aiosmtpd.py

## Exercise: dot-stuff (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/06-smtp-client/dot-stuff
EXERCISE_STARTER_TESTS += exercises/06-smtp-client/dot-stuff/test-starter
check_PROGRAMS += exercises/06-smtp-client/dot-stuff/test-solution exercises/06-smtp-client/dot-stuff/test-starter
TESTS += exercises/06-smtp-client/dot-stuff/test-solution exercises/06-smtp-client/dot-stuff/test-starter
XFAIL_TESTS += exercises/06-smtp-client/dot-stuff/test-starter
exercises_06_smtp_client_dot_stuff_test_solution_SOURCES = exercises/06-smtp-client/dot-stuff/tests.c exercises/06-smtp-client/dot-stuff/solution.c exercises/06-smtp-client/dot-stuff/exercise.h
exercises_06_smtp_client_dot_stuff_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
exercises_06_smtp_client_dot_stuff_test_starter_SOURCES = exercises/06-smtp-client/dot-stuff/tests.c exercises/06-smtp-client/dot-stuff/starter.c exercises/06-smtp-client/dot-stuff/exercise.h
exercises_06_smtp_client_dot_stuff_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
EXTRA_DIST += exercises/06-smtp-client/dot-stuff/TASK.md

## Exercise: read-reply (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/06-smtp-client/read-reply
EXERCISE_STARTER_TESTS += exercises/06-smtp-client/read-reply/test-starter
check_PROGRAMS += exercises/06-smtp-client/read-reply/test-solution exercises/06-smtp-client/read-reply/test-starter
TESTS += exercises/06-smtp-client/read-reply/test-solution exercises/06-smtp-client/read-reply/test-starter
XFAIL_TESTS += exercises/06-smtp-client/read-reply/test-starter
exercises_06_smtp_client_read_reply_test_solution_SOURCES = exercises/06-smtp-client/read-reply/tests.c exercises/06-smtp-client/read-reply/solution.c exercises/06-smtp-client/read-reply/exercise.h
exercises_06_smtp_client_read_reply_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
exercises_06_smtp_client_read_reply_test_starter_SOURCES = exercises/06-smtp-client/read-reply/tests.c exercises/06-smtp-client/read-reply/starter.c exercises/06-smtp-client/read-reply/exercise.h
exercises_06_smtp_client_read_reply_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SMTP_CLIENT) $(CHECK_LIBS)
EXTRA_DIST += exercises/06-smtp-client/read-reply/TASK.md
