## chapters/01-sockets/local.mk -- chapter 1, "Plain sockets" (slug: sockets).
##
## The library: getaddrinfo-based listen/connect/accept, full read/write
## loops, one-line logging.  Every later chapter links it last.
noinst_LIBRARIES += src/libmm-sockets.a
src_libmm_sockets_a_SOURCES = src/net.c src/net.h src/io.c src/io.h src/log.c src/log.h
LIBS_SOCKETS = src/libmm-sockets.a

## Stage programs: the echo server and its client.
noinst_PROGRAMS += chapters/01-sockets/echod chapters/01-sockets/echo
chapters_01_sockets_echod_SOURCES = chapters/01-sockets/echod.c
chapters_01_sockets_echod_LDADD = $(LIBS_SOCKETS)
chapters_01_sockets_echo_SOURCES = chapters/01-sockets/echo.c
chapters_01_sockets_echo_LDADD = $(LIBS_SOCKETS)
EXTRA_DIST += chapters/01-sockets/README.md chapters/01-sockets/stage.txt

## Tests: unit tests of the modules, integration tests of the stages.
check_PROGRAMS += tests/unit/test-net tests/unit/test-io tests/unit/test-log \
	tests/integration/test-echo
TESTS += tests/unit/test-net tests/unit/test-io tests/unit/test-log \
	tests/integration/test-echo
tests_unit_test_net_SOURCES = tests/unit/test-net.c
tests_unit_test_net_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
tests_unit_test_io_SOURCES = tests/unit/test-io.c
tests_unit_test_io_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
# The integration test runs the stage programs: build them first.
tests_integration_test_echo_SOURCES = tests/integration/test-echo.c
tests_integration_test_echo_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)
tests_integration_test_echo_DEPENDENCIES = tests/lib/libtestlib.a \
	chapters/01-sockets/echod chapters/01-sockets/echo

## Dialogs (run by the dialog runner against every "echo" stage).
EXTRA_DIST += tests/dialogs/sockets/echo-lines.dialog tests/dialogs/sockets/echo-bytes.dialog

## Exercise: hostport (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/01-sockets/hostport
EXERCISE_STARTER_TESTS += exercises/01-sockets/hostport/test-starter
check_PROGRAMS += exercises/01-sockets/hostport/test-solution exercises/01-sockets/hostport/test-starter
TESTS += exercises/01-sockets/hostport/test-solution exercises/01-sockets/hostport/test-starter
XFAIL_TESTS += exercises/01-sockets/hostport/test-starter
exercises_01_sockets_hostport_test_solution_SOURCES = exercises/01-sockets/hostport/tests.c exercises/01-sockets/hostport/solution.c exercises/01-sockets/hostport/exercise.h
exercises_01_sockets_hostport_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
exercises_01_sockets_hostport_test_starter_SOURCES = exercises/01-sockets/hostport/tests.c exercises/01-sockets/hostport/starter.c exercises/01-sockets/hostport/exercise.h
exercises_01_sockets_hostport_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
EXTRA_DIST += exercises/01-sockets/hostport/TASK.md

## Exercise: write-all (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/01-sockets/write-all
EXERCISE_STARTER_TESTS += exercises/01-sockets/write-all/test-starter
check_PROGRAMS += exercises/01-sockets/write-all/test-solution exercises/01-sockets/write-all/test-starter
TESTS += exercises/01-sockets/write-all/test-solution exercises/01-sockets/write-all/test-starter
XFAIL_TESTS += exercises/01-sockets/write-all/test-starter
exercises_01_sockets_write_all_test_solution_SOURCES = exercises/01-sockets/write-all/tests.c exercises/01-sockets/write-all/solution.c exercises/01-sockets/write-all/exercise.h
exercises_01_sockets_write_all_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
exercises_01_sockets_write_all_test_starter_SOURCES = exercises/01-sockets/write-all/tests.c exercises/01-sockets/write-all/starter.c exercises/01-sockets/write-all/exercise.h
exercises_01_sockets_write_all_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SOCKETS) $(CHECK_LIBS)
EXTRA_DIST += exercises/01-sockets/write-all/TASK.md
