## chapters/13-mail-system/local.mk -- chapter 13, "A mail system on one
## machine" (slug: mail-system).
##
## The chapter's stage is the whole system, run by scripts/demo (`make
## demo`, `make demo-interactive`; see the chapter text for why a script).
## Its one module reads back the journey a message records in its trace
## fields; the small tool mail-journey prints it, and the demo runs it on
## the message in Bob's Maildir.
noinst_LIBRARIES += src/libmm-mail-system.a
src_libmm_mail_system_a_SOURCES = \
	src/journey.c src/journey.h
LIBS_MAIL_SYSTEM = src/libmm-mail-system.a $(LIBS_IMAP_CLIENT)

noinst_PROGRAMS += chapters/13-mail-system/mail-journey
chapters_13_mail_system_mail_journey_SOURCES = chapters/13-mail-system/mail-journey.c
chapters_13_mail_system_mail_journey_LDADD = $(LIBS_MAIL_SYSTEM)
EXTRA_DIST += chapters/13-mail-system/README.md

## Unit tests of the module.
check_PROGRAMS += tests/unit/test-journey
TESTS += tests/unit/test-journey
tests_unit_test_journey_SOURCES = tests/unit/test-journey.c
tests_unit_test_journey_LDADD = tests/lib/libtestlib.a $(LIBS_MAIL_SYSTEM) $(CHECK_LIBS)

## The demo, tested: the narrated run (the message byte-correct in Bob's
## Maildir and read back over IMAP, the bounce, the answer, nothing left
## running) and the interactive start and stop.
MM_MAIL_SYSTEM_CLIENTS = \
	tests/clients/test-demo.sh \
	tests/clients/test-demo-interactive.sh
dist_noinst_SCRIPTS += $(MM_MAIL_SYSTEM_CLIENTS)
TESTS += $(MM_MAIL_SYSTEM_CLIENTS)

## Exercise: trace-len (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/13-mail-system/trace-len
EXERCISE_STARTER_TESTS += exercises/13-mail-system/trace-len/test-starter
check_PROGRAMS += exercises/13-mail-system/trace-len/test-solution exercises/13-mail-system/trace-len/test-starter
TESTS += exercises/13-mail-system/trace-len/test-solution exercises/13-mail-system/trace-len/test-starter
XFAIL_TESTS += exercises/13-mail-system/trace-len/test-starter
exercises_13_mail_system_trace_len_test_solution_SOURCES = exercises/13-mail-system/trace-len/tests.c exercises/13-mail-system/trace-len/solution.c exercises/13-mail-system/trace-len/exercise.h
exercises_13_mail_system_trace_len_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_MAIL_SYSTEM) $(CHECK_LIBS)
exercises_13_mail_system_trace_len_test_starter_SOURCES = exercises/13-mail-system/trace-len/tests.c exercises/13-mail-system/trace-len/starter.c exercises/13-mail-system/trace-len/exercise.h
exercises_13_mail_system_trace_len_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_MAIL_SYSTEM) $(CHECK_LIBS)
EXTRA_DIST += exercises/13-mail-system/trace-len/TASK.md

## Exercise: received-by (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/13-mail-system/received-by
EXERCISE_STARTER_TESTS += exercises/13-mail-system/received-by/test-starter
check_PROGRAMS += exercises/13-mail-system/received-by/test-solution exercises/13-mail-system/received-by/test-starter
TESTS += exercises/13-mail-system/received-by/test-solution exercises/13-mail-system/received-by/test-starter
XFAIL_TESTS += exercises/13-mail-system/received-by/test-starter
exercises_13_mail_system_received_by_test_solution_SOURCES = exercises/13-mail-system/received-by/tests.c exercises/13-mail-system/received-by/solution.c exercises/13-mail-system/received-by/exercise.h
exercises_13_mail_system_received_by_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_MAIL_SYSTEM) $(CHECK_LIBS)
exercises_13_mail_system_received_by_test_starter_SOURCES = exercises/13-mail-system/received-by/tests.c exercises/13-mail-system/received-by/starter.c exercises/13-mail-system/received-by/exercise.h
exercises_13_mail_system_received_by_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_MAIL_SYSTEM) $(CHECK_LIBS)
EXTRA_DIST += exercises/13-mail-system/received-by/TASK.md
