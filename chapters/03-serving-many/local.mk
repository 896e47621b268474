## chapters/03-serving-many/local.mk -- chapter 3, "Serving many" (slug: serving-many).
##
## The library: signal handling for servers, the generic forking server
## (accept, fork per connection, reap, limit, shutdown) and the options
## every server shares (server_options.c), which the SMTP and IMAP servers
## of later chapters reuse unchanged.
noinst_LIBRARIES += src/libmm-serving-many.a
src_libmm_serving_many_a_SOURCES = src/signals.c src/signals.h src/server.c src/server.h src/server_threads.c \
	src/server_options.c src/server_options.h
LIBS_SERVING_MANY = src/libmm-serving-many.a $(LIBS_LINES)

## Stage program: the lines protocol, a process per connection.
noinst_PROGRAMS += chapters/03-serving-many/manyd
chapters_03_serving_many_manyd_SOURCES = chapters/03-serving-many/manyd.c
chapters_03_serving_many_manyd_LDADD = $(LIBS_SERVING_MANY)
EXTRA_DIST += chapters/03-serving-many/README.md chapters/03-serving-many/stage.txt

## Unit tests of the server module, with a tiny protocol of their own.
check_PROGRAMS += tests/unit/test-server
TESTS += tests/unit/test-server
tests_unit_test_server_SOURCES = tests/unit/test-server.c
tests_unit_test_server_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)

## Unit tests of the common server options.
check_PROGRAMS += tests/unit/test-server-options
TESTS += tests/unit/test-server-options
tests_unit_test_server_options_SOURCES = tests/unit/test-server-options.c
tests_unit_test_server_options_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)

## Integration tests: manyd on loopback (50 clients, limit, timeout, shutdown).
check_PROGRAMS += tests/integration/test-manyd
TESTS += tests/integration/test-manyd
tests_integration_test_manyd_SOURCES = tests/integration/test-manyd.c
tests_integration_test_manyd_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)
# It runs the stage program: build that first.
tests_integration_test_manyd_DEPENDENCIES = tests/lib/libtestlib.a \
	chapters/03-serving-many/manyd

## Exercises: reap (collect ended children without blocking) and
## stop-children (SIGTERM, a grace period, SIGKILL).  Each is built against
## its solution (must pass) and its starter (must fail, XFAIL).
EXERCISES += exercises/03-serving-many/reap
EXERCISE_STARTER_TESTS += exercises/03-serving-many/reap/test-starter
check_PROGRAMS += exercises/03-serving-many/reap/test-solution exercises/03-serving-many/reap/test-starter
TESTS += exercises/03-serving-many/reap/test-solution exercises/03-serving-many/reap/test-starter
XFAIL_TESTS += exercises/03-serving-many/reap/test-starter
exercises_03_serving_many_reap_test_solution_SOURCES = exercises/03-serving-many/reap/tests.c exercises/03-serving-many/reap/solution.c exercises/03-serving-many/reap/exercise.h
exercises_03_serving_many_reap_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)
exercises_03_serving_many_reap_test_starter_SOURCES = exercises/03-serving-many/reap/tests.c exercises/03-serving-many/reap/starter.c exercises/03-serving-many/reap/exercise.h
exercises_03_serving_many_reap_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)
EXTRA_DIST += exercises/03-serving-many/reap/TASK.md
EXERCISES += exercises/03-serving-many/stop-children
EXERCISE_STARTER_TESTS += exercises/03-serving-many/stop-children/test-starter
check_PROGRAMS += exercises/03-serving-many/stop-children/test-solution exercises/03-serving-many/stop-children/test-starter
TESTS += exercises/03-serving-many/stop-children/test-solution exercises/03-serving-many/stop-children/test-starter
XFAIL_TESTS += exercises/03-serving-many/stop-children/test-starter
exercises_03_serving_many_stop_children_test_solution_SOURCES = exercises/03-serving-many/stop-children/tests.c exercises/03-serving-many/stop-children/solution.c exercises/03-serving-many/stop-children/exercise.h
exercises_03_serving_many_stop_children_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)
exercises_03_serving_many_stop_children_test_starter_SOURCES = exercises/03-serving-many/stop-children/tests.c exercises/03-serving-many/stop-children/starter.c exercises/03-serving-many/stop-children/exercise.h
exercises_03_serving_many_stop_children_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_SERVING_MANY) $(CHECK_LIBS)
EXTRA_DIST += exercises/03-serving-many/stop-children/TASK.md

## Dialogs (the lines dialogs of chapter 2 run against manyd as well).
EXTRA_DIST += tests/dialogs/serving-many/options.dialog
