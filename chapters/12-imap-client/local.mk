## chapters/12-imap-client/local.mk -- chapter 12, "The IMAP client" (slug: imap-client).
##
## The library: the client side of IMAP -- responses read whole with their
## literals, tags, synchronising and LITERAL+ literals, CAPABILITY, LOGIN,
## AUTHENTICATE PLAIN.  It chains the latest chapter in this tree.
noinst_LIBRARIES += src/libmm-imap-client.a
src_libmm_imap_client_a_SOURCES = \
	src/imap_client.c src/imap_client.h
LIBS_IMAP_CLIENT = src/libmm-imap-client.a $(LIBS_CHANGING_MAIL)

## Unit tests: the client against scripted fake servers.
check_PROGRAMS += tests/unit/test-imap-client
TESTS += tests/unit/test-imap-client
tests_unit_test_imap_client_SOURCES = tests/unit/test-imap-client.c
tests_unit_test_imap_client_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)

## The installed IMAP client.
bin_PROGRAMS += chapters/12-imap-client/minimail-imap
EXTRA_DIST += chapters/12-imap-client/README.md
chapters_12_imap_client_minimail_imap_SOURCES = chapters/12-imap-client/minimail-imap.c
chapters_12_imap_client_minimail_imap_LDADD = $(LIBS_IMAP_CLIENT)

## The client against servers: minimail-imapd (chapter 9's, port 0, a
## fresh Maildir root), and a private Dovecot on loopback (SKIPs unless
## root with Dovecot installed), where every subcommand runs for real.
MM_IMAP_CLIENT_CLIENTS = \
	tests/clients/test-imap-client.sh \
	tests/clients/test-imap-client-dovecot.sh
dist_noinst_SCRIPTS += $(MM_IMAP_CLIENT_CLIENTS)
TESTS += $(MM_IMAP_CLIENT_CLIENTS)

## Exercise: response-kind (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/12-imap-client/response-kind
EXERCISE_STARTER_TESTS += exercises/12-imap-client/response-kind/test-starter
check_PROGRAMS += exercises/12-imap-client/response-kind/test-solution exercises/12-imap-client/response-kind/test-starter
TESTS += exercises/12-imap-client/response-kind/test-solution exercises/12-imap-client/response-kind/test-starter
XFAIL_TESTS += exercises/12-imap-client/response-kind/test-starter
exercises_12_imap_client_response_kind_test_solution_SOURCES = exercises/12-imap-client/response-kind/tests.c exercises/12-imap-client/response-kind/solution.c exercises/12-imap-client/response-kind/exercise.h
exercises_12_imap_client_response_kind_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)
exercises_12_imap_client_response_kind_test_starter_SOURCES = exercises/12-imap-client/response-kind/tests.c exercises/12-imap-client/response-kind/starter.c exercises/12-imap-client/response-kind/exercise.h
exercises_12_imap_client_response_kind_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)
EXTRA_DIST += exercises/12-imap-client/response-kind/TASK.md

## Exercise: literal-prefix (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/12-imap-client/literal-prefix
EXERCISE_STARTER_TESTS += exercises/12-imap-client/literal-prefix/test-starter
check_PROGRAMS += exercises/12-imap-client/literal-prefix/test-solution exercises/12-imap-client/literal-prefix/test-starter
TESTS += exercises/12-imap-client/literal-prefix/test-solution exercises/12-imap-client/literal-prefix/test-starter
XFAIL_TESTS += exercises/12-imap-client/literal-prefix/test-starter
exercises_12_imap_client_literal_prefix_test_solution_SOURCES = exercises/12-imap-client/literal-prefix/tests.c exercises/12-imap-client/literal-prefix/solution.c exercises/12-imap-client/literal-prefix/exercise.h
exercises_12_imap_client_literal_prefix_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)
exercises_12_imap_client_literal_prefix_test_starter_SOURCES = exercises/12-imap-client/literal-prefix/tests.c exercises/12-imap-client/literal-prefix/starter.c exercises/12-imap-client/literal-prefix/exercise.h
exercises_12_imap_client_literal_prefix_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)
EXTRA_DIST += exercises/12-imap-client/literal-prefix/TASK.md
