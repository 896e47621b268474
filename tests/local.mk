## tests/local.mk -- the test framework: helper library, dialog runner,
## layering and starter checks.  (Chapter tests live in their chapter's
## fragment; see docs/ARCHITECTURE.md and tests/lib/testlib.h.)

# ---- the helper library every Check test links ------------------------------
check_LIBRARIES += tests/lib/libtestlib.a
tests_lib_libtestlib_a_SOURCES = tests/lib/testlib.c tests/lib/testlib.h

# Its own tests (spawn, line reading, timeouts), with /bin/sh as the program.
check_PROGRAMS += tests/lib/test-testlib
TESTS += tests/lib/test-testlib
tests_lib_test_testlib_SOURCES = tests/lib/test-testlib.c
tests_lib_test_testlib_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)

# ---- the dialog runner ------------------------------------------------------
# Plays every tests/dialogs/SLUG/NAME.dialog against every stage program
# (chapters/NN-slug/stage.txt) it applies to; see tests/dialog/run-dialogs.c.
check_PROGRAMS += tests/dialog/run-dialogs
TESTS += tests/dialog/run-dialogs
tests_dialog_run_dialogs_SOURCES = tests/dialog/run-dialogs.c tests/dialog/dialog.c tests/dialog/dialog.h
tests_dialog_run_dialogs_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)

# The parser's unit tests.
check_PROGRAMS += tests/unit/test-dialog
TESTS += tests/unit/test-dialog
tests_unit_test_dialog_SOURCES = tests/unit/test-dialog.c tests/dialog/dialog.c tests/dialog/dialog.h
tests_unit_test_dialog_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib -I$(top_srcdir)/tests/dialog
tests_unit_test_dialog_LDADD = tests/lib/libtestlib.a $(CHECK_LIBS)

# The runner's self-test: a fake book of three chapters whose stage is a
# stub line server, good dialogs that must pass, bad ones that must fail
# with a message naming file, line and stage.
check_PROGRAMS += tests/dialog/stub-stage
tests_dialog_stub_stage_SOURCES = tests/dialog/stub-stage.c
dist_noinst_SCRIPTS += tests/dialog/selftest.sh
TESTS += tests/dialog/selftest.sh
EXTRA_DIST += \
	tests/dialog/README.md \
	tests/dialog/selftest/chapters/01-one/stage.txt \
	tests/dialog/selftest/chapters/02-two/stage.txt \
	tests/dialog/selftest/chapters/03-three/stage.txt \
	tests/dialog/selftest/dialogs/one/basic.dialog \
	tests/dialog/selftest/dialogs/one/exit.dialog \
	tests/dialog/selftest/dialogs/two/only-two.dialog \
	tests/dialog/selftest/dialogs/two/other.dialog \
	tests/dialog/selftest/dialogs/two/shutdown.dialog \
	tests/dialog/selftest/dialogs/two/tmpdir.dialog \
	tests/dialog/selftest/bad/bare-lf.dialog \
	tests/dialog/selftest/bad/crash.dialog \
	tests/dialog/selftest/bad/directive.dialog \
	tests/dialog/selftest/bad/early-eof.dialog \
	tests/dialog/selftest/bad/escape.dialog \
	tests/dialog/selftest/bad/exit.dialog \
	tests/dialog/selftest/bad/mismatch.dialog \
	tests/dialog/selftest/bad/no-from.dialog \
	tests/dialog/selftest/bad/no-stage.dialog \
	tests/dialog/selftest/bad/not-eof.dialog \
	tests/dialog/selftest/bad/regex.dialog \
	tests/dialog/selftest/bad/send-after-shutdown.dialog \
	tests/dialog/selftest/bad/timeout.dialog \
	tests/dialog/selftest/bad/trailing.dialog \
	tests/dialog/selftest/bad/typo-key.dialog \
	tests/dialog/selftest/bad/unknown-slug.dialog

# ---- the layering check -----------------------------------------------------
# A file of chapter N must not include a header of a later chapter; the
# script runs its own self-test (fake trees that must fail) first.
dist_noinst_SCRIPTS += tests/check-layering.sh
TESTS += tests/check-layering.sh

# ---- the starter check ------------------------------------------------------
# Every single test of an exercise must fail against its starter (the
# binaries are listed in EXERCISE_STARTER_TESTS by the chapter fragments).
dist_noinst_SCRIPTS += tests/check-starters.sh
TESTS += tests/check-starters.sh

# ---- nothing a test reads may be left out of the tarball --------------------
# Dialogs, stage.txt files and exercise files are listed one by one in the
# fragments (no wildcards in automake); a forgotten one would silently
# shrink the test suite of `make distcheck`.  So `make dist` fails instead.
dist-hook: dist-check-test-files
.PHONY: dist-check-test-files
dist-check-test-files:
	@missing=; \
	for f in `cd $(srcdir) && ls tests/dialogs/*/*.dialog chapters/*/stage.txt \
	    exercises/*/*/TASK.md exercises/*/*/exercise.h exercises/*/*/starter.c \
	    exercises/*/*/solution.c exercises/*/*/tests.c 2>/dev/null`; do \
	  test -f "$(distdir)/$$f" || missing="$$missing $$f"; \
	done; \
	if test -n "$$missing"; then \
	  echo "These files are read by the tests but are not distributed;"; \
	  echo "add them to EXTRA_DIST (or _SOURCES) in their chapter's local.mk:"; \
	  for f in $$missing; do echo "  $$f"; done; \
	  exit 1; \
	fi
