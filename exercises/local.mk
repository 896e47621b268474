## exercises/local.mk -- grading the students' work (see exercises/README.md).
##
## The exercises themselves are listed by their chapter's fragment
## (EXERCISES, EXERCISE_STARTER_TESTS, the test-solution/test-starter
## programs).  This fragment adds the student's side:
##   make start-exercises      copy each starter.c to student.c (if absent)
##   make grade                build each student.c with its tests, print scores
##   make grade EXERCISE=NAME  just one exercise (NAME, NN-slug/NAME or path)

dist_noinst_SCRIPTS += exercises/grade.sh
EXTRA_DIST += exercises/README.md
CLEANFILES += $(EXERCISES:=/test-student) $(EXERCISES:=/test-count)

# The compiler and flags of the build, so that a student's file is compiled
# exactly like the solution is (warnings, sanitizers and all).
MM_GRADE_ENV = \
	EXERCISES='$(EXERCISES)' EXERCISE='$(EXERCISE)' \
	MM_SRCDIR='$(abs_top_srcdir)' MM_BUILDDIR='$(abs_top_builddir)' \
	CC='$(CC)' \
	CPPFLAGS='$(DEFS) $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS)' \
	CFLAGS='$(AM_CFLAGS) $(CFLAGS) $(CHECK_CFLAGS)' \
	LDFLAGS='$(AM_LDFLAGS) $(LDFLAGS)' \
	CHECK_LIBS='$(CHECK_LIBS)' LIBS='$(LIBS)'

.PHONY: grade start-exercises
grade: $(noinst_LIBRARIES) $(noinst_PROGRAMS) tests/lib/libtestlib.a
	@$(MM_GRADE_ENV) $(SHELL) $(srcdir)/exercises/grade.sh

start-exercises:
	@$(MM_GRADE_ENV) $(SHELL) $(srcdir)/exercises/grade.sh --start
