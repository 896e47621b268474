## chapters/08-imap-conversation/local.mk -- chapter 8, "The IMAP conversation"
## (slug: imap-conversation).
##
## The library: IMAP's data forms (atoms, quoted strings, literals, lists,
## NIL), reading a whole command with its literals and `+` requests, the
## response writer (quoted or literal?), the session (tags, the four
## states, command tables, extensions, BAD/NO/BYE) and chapter 8's
## commands: CAPABILITY NOOP LOGOUT ID ENABLE LOGIN AUTHENTICATE.
noinst_LIBRARIES += src/libmm-imap-conversation.a
src_libmm_imap_conversation_a_SOURCES = \
	src/imap_parse.c src/imap_parse.h \
	src/imap_read.c src/imap_read.h \
	src/imap_write.c src/imap_write.h \
	src/imap_session.c src/imap_session.h \
	src/imap_commands.c src/imap_commands.h \
	src/imap_auth.c \
	src/imapd_options.c src/imapd_options.h
LIBS_IMAP_CONVERSATION = src/libmm-imap-conversation.a $(LIBS_RELAYING)

## The stage: an IMAP server that greets and logs users in.
noinst_PROGRAMS += chapters/08-imap-conversation/imapd
chapters_08_imap_conversation_imapd_SOURCES = chapters/08-imap-conversation/imapd.c
chapters_08_imap_conversation_imapd_LDADD = $(LIBS_IMAP_CONVERSATION)
EXTRA_DIST += chapters/08-imap-conversation/README.md

## Unit tests of the new modules.
MM_IMAP_CONVERSATION_UNIT = \
	tests/unit/test-imap-parse \
	tests/unit/test-imap-write \
	tests/unit/test-imap-read \
	tests/unit/test-imap-session
check_PROGRAMS += $(MM_IMAP_CONVERSATION_UNIT)
TESTS += $(MM_IMAP_CONVERSATION_UNIT)
tests_unit_test_imap_parse_SOURCES = tests/unit/test-imap-parse.c
tests_unit_test_imap_parse_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
tests_unit_test_imap_write_SOURCES = tests/unit/test-imap-write.c
tests_unit_test_imap_write_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
tests_unit_test_imap_read_SOURCES = tests/unit/test-imap-read.c
tests_unit_test_imap_read_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
tests_unit_test_imap_session_SOURCES = tests/unit/test-imap-session.c
tests_unit_test_imap_session_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)

## Stage and dialogs: imapd over --stdio, logging in the users of
## tests/dialogs/imap-conversation/users ({srcdir}, see tests/dialog/README.md).
EXTRA_DIST += chapters/08-imap-conversation/stage.txt \
	tests/dialogs/imap-conversation/users \
	tests/dialogs/imap-conversation/authenticate-crypt.dialog \
	tests/dialogs/imap-conversation/authenticate.dialog \
	tests/dialogs/imap-conversation/autologout-authenticate.dialog \
	tests/dialogs/imap-conversation/autologout.dialog \
	tests/dialogs/imap-conversation/bad-input.dialog \
	tests/dialogs/imap-conversation/capability-exact.dialog \
	tests/dialogs/imap-conversation/eof.dialog \
	tests/dialogs/imap-conversation/greeting.dialog \
	tests/dialogs/imap-conversation/id-enable.dialog \
	tests/dialogs/imap-conversation/literal-fatal.dialog \
	tests/dialogs/imap-conversation/literal-limits.dialog \
	tests/dialogs/imap-conversation/literal-plus.dialog \
	tests/dialogs/imap-conversation/login-literal.dialog \
	tests/dialogs/imap-conversation/login-strings.dialog \
	tests/dialogs/imap-conversation/login.dialog \
	tests/dialogs/imap-conversation/logindisabled.dialog \
	tests/dialogs/imap-conversation/pipelining.dialog

## The helpers of the IMAP servers' integration tests (chapters 8-11):
## start a server over a temporary Maildir root, commands with bounded
## waits, messages dropped into the Maildir as a delivery agent does.
check_LIBRARIES += tests/integration/libimapd-util.a
tests_integration_libimapd_util_a_SOURCES = tests/integration/imapd-util.c tests/integration/imapd-util.h

## Integration test: the stage on loopback (options, TCP sessions,
## LOGINDISABLED off loopback, limits, autologout, SIGTERM, trace).
check_PROGRAMS += tests/integration/test-imapd-conversation
TESTS += tests/integration/test-imapd-conversation
tests_integration_test_imapd_conversation_SOURCES = tests/integration/test-imapd-conversation.c
tests_integration_test_imapd_conversation_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Real IMAP clients against the stage: Python's imaplib and curl's imap://
## (each SKIPs when its client is missing).  $MM_IMAPD picks another stage.
MM_IMAP_CONVERSATION_CLIENTS = \
	tests/clients/test-imaplib.sh \
	tests/clients/test-curl-imap.sh
dist_noinst_SCRIPTS += $(MM_IMAP_CONVERSATION_CLIENTS)
TESTS += $(MM_IMAP_CONVERSATION_CLIENTS)
EXTRA_DIST += tests/clients/imap-lib.sh tests/clients/imaplib-check.py

## Exercise: quote-or-literal (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/08-imap-conversation/quote-or-literal
EXERCISE_STARTER_TESTS += exercises/08-imap-conversation/quote-or-literal/test-starter
check_PROGRAMS += exercises/08-imap-conversation/quote-or-literal/test-solution exercises/08-imap-conversation/quote-or-literal/test-starter
TESTS += exercises/08-imap-conversation/quote-or-literal/test-solution exercises/08-imap-conversation/quote-or-literal/test-starter
XFAIL_TESTS += exercises/08-imap-conversation/quote-or-literal/test-starter
exercises_08_imap_conversation_quote_or_literal_test_solution_SOURCES = exercises/08-imap-conversation/quote-or-literal/tests.c exercises/08-imap-conversation/quote-or-literal/solution.c exercises/08-imap-conversation/quote-or-literal/exercise.h
exercises_08_imap_conversation_quote_or_literal_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
exercises_08_imap_conversation_quote_or_literal_test_starter_SOURCES = exercises/08-imap-conversation/quote-or-literal/tests.c exercises/08-imap-conversation/quote-or-literal/starter.c exercises/08-imap-conversation/quote-or-literal/exercise.h
exercises_08_imap_conversation_quote_or_literal_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
EXTRA_DIST += exercises/08-imap-conversation/quote-or-literal/TASK.md

## Exercise: parse-literal-header.
EXERCISES += exercises/08-imap-conversation/parse-literal-header
EXERCISE_STARTER_TESTS += exercises/08-imap-conversation/parse-literal-header/test-starter
check_PROGRAMS += exercises/08-imap-conversation/parse-literal-header/test-solution exercises/08-imap-conversation/parse-literal-header/test-starter
TESTS += exercises/08-imap-conversation/parse-literal-header/test-solution exercises/08-imap-conversation/parse-literal-header/test-starter
XFAIL_TESTS += exercises/08-imap-conversation/parse-literal-header/test-starter
exercises_08_imap_conversation_parse_literal_header_test_solution_SOURCES = exercises/08-imap-conversation/parse-literal-header/tests.c exercises/08-imap-conversation/parse-literal-header/solution.c exercises/08-imap-conversation/parse-literal-header/exercise.h
exercises_08_imap_conversation_parse_literal_header_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
exercises_08_imap_conversation_parse_literal_header_test_starter_SOURCES = exercises/08-imap-conversation/parse-literal-header/tests.c exercises/08-imap-conversation/parse-literal-header/starter.c exercises/08-imap-conversation/parse-literal-header/exercise.h
exercises_08_imap_conversation_parse_literal_header_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CONVERSATION) $(CHECK_LIBS)
EXTRA_DIST += exercises/08-imap-conversation/parse-literal-header/TASK.md
