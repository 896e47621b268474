## chapters/02-lines/local.mk -- chapter 2, "Lines and replies" (slug: lines).
##
## The library: the CRLF line reader, the output buffer, the reply writer,
## the wire trace, and the session of the "lines" teaching protocol.
## Every later server and client reads and writes through it.
noinst_LIBRARIES += src/libmm-lines.a
src_libmm_lines_a_SOURCES = \
	src/linereader.c src/linereader.h \
	src/outbuf.c src/outbuf.h \
	src/reply.c src/reply.h \
	src/trace.c src/trace.h \
	src/lines_session.c src/lines_session.h
LIBS_LINES = src/libmm-lines.a $(LIBS_SOCKETS)

## Stage program: the iterative lines server.
noinst_PROGRAMS += chapters/02-lines/lined
chapters_02_lines_lined_SOURCES = chapters/02-lines/lined.c
chapters_02_lines_lined_LDADD = $(LIBS_LINES)
EXTRA_DIST += chapters/02-lines/README.md chapters/02-lines/stage.txt

## Unit tests: the line reader, the reply writer (with the output buffer),
## the trace.
check_PROGRAMS += tests/unit/test-linereader tests/unit/test-reply tests/unit/test-trace
TESTS += tests/unit/test-linereader tests/unit/test-reply tests/unit/test-trace
tests_unit_test_linereader_SOURCES = tests/unit/test-linereader.c
tests_unit_test_linereader_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
tests_unit_test_reply_SOURCES = tests/unit/test-reply.c
tests_unit_test_reply_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
tests_unit_test_trace_SOURCES = tests/unit/test-trace.c
tests_unit_test_trace_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)

## Dialogs: the lines protocol, command by command and bad input by bad
## input (they also run against every later lines stage, e.g. manyd).
EXTRA_DIST += \
	tests/dialogs/lines/greeting-quit.dialog \
	tests/dialogs/lines/echo.dialog \
	tests/dialogs/lines/echo-syntax.dialog \
	tests/dialogs/lines/noop.dialog \
	tests/dialogs/lines/help.dialog \
	tests/dialogs/lines/quit-syntax.dialog \
	tests/dialogs/lines/unknown.dialog \
	tests/dialogs/lines/too-long.dialog \
	tests/dialogs/lines/bare-lf.dialog \
	tests/dialogs/lines/bare-cr.dialog \
	tests/dialogs/lines/nul.dialog \
	tests/dialogs/lines/pipelining.dialog \
	tests/dialogs/lines/split.dialog \
	tests/dialogs/lines/eof.dialog \
	tests/dialogs/lines/eof-mid-line.dialog \
	tests/dialogs/lines/idle-timeout.dialog

## Integration test: lined on loopback, port 0.
check_PROGRAMS += tests/integration/test-lined
TESTS += tests/integration/test-lined
tests_integration_test_lined_SOURCES = tests/integration/test-lined.c
tests_integration_test_lined_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)
# It runs the stage program: build that first.
tests_integration_test_lined_DEPENDENCIES = tests/lib/libtestlib.a chapters/02-lines/lined

## Exercise: reply-parse (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/02-lines/reply-parse
EXERCISE_STARTER_TESTS += exercises/02-lines/reply-parse/test-starter
check_PROGRAMS += exercises/02-lines/reply-parse/test-solution exercises/02-lines/reply-parse/test-starter
TESTS += exercises/02-lines/reply-parse/test-solution exercises/02-lines/reply-parse/test-starter
XFAIL_TESTS += exercises/02-lines/reply-parse/test-starter
exercises_02_lines_reply_parse_test_solution_SOURCES = exercises/02-lines/reply-parse/tests.c exercises/02-lines/reply-parse/solution.c exercises/02-lines/reply-parse/exercise.h
exercises_02_lines_reply_parse_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
exercises_02_lines_reply_parse_test_starter_SOURCES = exercises/02-lines/reply-parse/tests.c exercises/02-lines/reply-parse/starter.c exercises/02-lines/reply-parse/exercise.h
exercises_02_lines_reply_parse_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
EXTRA_DIST += exercises/02-lines/reply-parse/TASK.md

## Exercise: line-split (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/02-lines/line-split
EXERCISE_STARTER_TESTS += exercises/02-lines/line-split/test-starter
check_PROGRAMS += exercises/02-lines/line-split/test-solution exercises/02-lines/line-split/test-starter
TESTS += exercises/02-lines/line-split/test-solution exercises/02-lines/line-split/test-starter
XFAIL_TESTS += exercises/02-lines/line-split/test-starter
exercises_02_lines_line_split_test_solution_SOURCES = exercises/02-lines/line-split/tests.c exercises/02-lines/line-split/solution.c exercises/02-lines/line-split/exercise.h
exercises_02_lines_line_split_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
exercises_02_lines_line_split_test_starter_SOURCES = exercises/02-lines/line-split/tests.c exercises/02-lines/line-split/starter.c exercises/02-lines/line-split/exercise.h
exercises_02_lines_line_split_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_LINES) $(CHECK_LIBS)
EXTRA_DIST += exercises/02-lines/line-split/TASK.md
