## tests/local.mk -- the test framework: helper library, dialog runner,
## layering and starter checks.  (Chapter tests live in their chapter's
## fragment; see docs/ARCHITECTURE.md and tests/lib/testlib.h.)

# ---- the helper library every Check test links ------------------------------
check_LIBRARIES += tests/lib/libtestlib.a
tests_lib_libtestlib_a_SOURCES = tests/lib/testlib.c tests/lib/testlib.h
tests_lib_libtestlib_a_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)

# Its own tests (spawn, line reading, timeouts), with /bin/sh as the program.
check_PROGRAMS += tests/lib/test-testlib
TESTS += tests/lib/test-testlib
tests_lib_test_testlib_SOURCES = tests/lib/test-testlib.c
tests_lib_test_testlib_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_lib_test_testlib_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)
