## chapters/10-fetching/local.mk -- chapter 10, "Fetching" (slug: fetching).
##
## The library: sequence sets and UID sets, the RFC 5322 / MIME message
## parser, and FETCH (ENVELOPE, BODYSTRUCTURE, sections, partials) as an
## extension of chapter 9's IMAP server.
noinst_LIBRARIES += src/libmm-fetching.a
src_libmm_fetching_a_SOURCES = \
	src/seqset.c src/seqset.h \
	src/message_parse.c src/message_parse.h \
	src/mime.c src/mime.h
LIBS_FETCHING = src/libmm-fetching.a $(LIBS_MAILBOXES)

## Unit tests of the new modules.
MM_FETCHING_UNIT = \
	tests/unit/test-seqset \
	tests/unit/test-message-parse \
	tests/unit/test-mime
check_PROGRAMS += $(MM_FETCHING_UNIT)
TESTS += $(MM_FETCHING_UNIT)
tests_unit_test_seqset_SOURCES = tests/unit/test-seqset.c
tests_unit_test_seqset_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_seqset_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib
tests_unit_test_seqset_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
tests_unit_test_message_parse_SOURCES = tests/unit/test-message-parse.c
tests_unit_test_message_parse_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_message_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib
tests_unit_test_message_parse_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
tests_unit_test_mime_SOURCES = tests/unit/test-mime.c
tests_unit_test_mime_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_mime_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib
tests_unit_test_mime_LDADD = tests/lib/libtestlib.a $(LIBS_FETCHING) $(CHECK_LIBS)
