## chapters/10-fetching/local.mk -- chapter 10, "Fetching" (slug: fetching).
##
## The library: sequence sets and UID sets, the RFC 5322 / MIME message
## parser, and FETCH (ENVELOPE, BODYSTRUCTURE, sections, partials) as an
## extension of chapter 9's IMAP server.
noinst_LIBRARIES += src/libmm-fetching.a
src_libmm_fetching_a_SOURCES = \
	src/seqset.c src/seqset.h \
	src/message_parse.c src/message_parse.h \
	src/mime.c src/mime.h \
	src/imap_fetch.c src/imap_fetch.h \
	src/imap_envelope.c
LIBS_FETCHING = src/libmm-fetching.a $(LIBS_MAILBOXES)

## The stage: chapter 9's server with FETCH (options as minimail-imapd).
noinst_PROGRAMS += chapters/10-fetching/imapd
chapters_10_fetching_imapd_SOURCES = chapters/10-fetching/fetching-imapd.c
chapters_10_fetching_imapd_LDADD = $(LIBS_FETCHING)
EXTRA_DIST += chapters/10-fetching/stage.txt chapters/10-fetching/README.md

## Unit tests of the new modules.
MM_FETCHING_UNIT = \
	tests/unit/test-seqset \
	tests/unit/test-message-parse \
	tests/unit/test-mime
check_PROGRAMS += $(MM_FETCHING_UNIT)
TESTS += $(MM_FETCHING_UNIT)
tests_unit_test_seqset_SOURCES = tests/unit/test-seqset.c
tests_unit_test_seqset_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
tests_unit_test_message_parse_SOURCES = tests/unit/test-message-parse.c
tests_unit_test_message_parse_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
tests_unit_test_mime_SOURCES = tests/unit/test-mime.c
tests_unit_test_mime_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)

## Dialogs (tests/dialogs/fetching/), played against the stage over --stdio
## with a fresh Maildir root each; chapters 8 and 9's dialogs run against
## it too.
EXTRA_DIST += \
	tests/dialogs/fetching/bad-fetch.dialog

## Real clients: Python's imaplib fetching a multipart message delivered
## into the Maildir (BODY.PEEK[] byte-exact, RFC822.SIZE, sections,
## partials, ENVELOPE, BODYSTRUCTURE, \Seen, UID FETCH, BAD input).
MM_FETCHING_CLIENTS = tests/clients/test-imaplib-fetching.sh
dist_noinst_SCRIPTS += $(MM_FETCHING_CLIENTS)
TESTS += $(MM_FETCHING_CLIENTS)
EXTRA_DIST += tests/clients/imaplib-fetching.py

## Exercise: seq-contains (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/10-fetching/seq-contains
EXERCISE_STARTER_TESTS += exercises/10-fetching/seq-contains/test-starter
check_PROGRAMS += exercises/10-fetching/seq-contains/test-solution exercises/10-fetching/seq-contains/test-starter
TESTS += exercises/10-fetching/seq-contains/test-solution exercises/10-fetching/seq-contains/test-starter
XFAIL_TESTS += exercises/10-fetching/seq-contains/test-starter
exercises_10_fetching_seq_contains_test_solution_SOURCES = exercises/10-fetching/seq-contains/tests.c exercises/10-fetching/seq-contains/solution.c exercises/10-fetching/seq-contains/exercise.h
exercises_10_fetching_seq_contains_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
exercises_10_fetching_seq_contains_test_starter_SOURCES = exercises/10-fetching/seq-contains/tests.c exercises/10-fetching/seq-contains/starter.c exercises/10-fetching/seq-contains/exercise.h
exercises_10_fetching_seq_contains_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
EXTRA_DIST += exercises/10-fetching/seq-contains/TASK.md

## Exercise: crlf-size (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/10-fetching/crlf-size
EXERCISE_STARTER_TESTS += exercises/10-fetching/crlf-size/test-starter
check_PROGRAMS += exercises/10-fetching/crlf-size/test-solution exercises/10-fetching/crlf-size/test-starter
TESTS += exercises/10-fetching/crlf-size/test-solution exercises/10-fetching/crlf-size/test-starter
XFAIL_TESTS += exercises/10-fetching/crlf-size/test-starter
exercises_10_fetching_crlf_size_test_solution_SOURCES = exercises/10-fetching/crlf-size/tests.c exercises/10-fetching/crlf-size/solution.c exercises/10-fetching/crlf-size/exercise.h
exercises_10_fetching_crlf_size_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
exercises_10_fetching_crlf_size_test_starter_SOURCES = exercises/10-fetching/crlf-size/tests.c exercises/10-fetching/crlf-size/starter.c exercises/10-fetching/crlf-size/exercise.h
exercises_10_fetching_crlf_size_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
EXTRA_DIST += exercises/10-fetching/crlf-size/TASK.md

## Integration test: FETCH reads only what its items need (issue 6) and
## sends what a full read sends -- RFC822.SIZE from `,W=` equals the BODY[]
## literal; header items stop at the empty line.
check_PROGRAMS += tests/integration/test-imapd-fetch-size
TESTS += tests/integration/test-imapd-fetch-size
tests_integration_test_imapd_fetch_size_SOURCES = tests/integration/test-imapd-fetch-size.c
tests_integration_test_imapd_fetch_size_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
