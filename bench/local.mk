## bench/local.mk -- the SMTP delivery benchmark (issue 3; docs/PERFORMANCE.md).
##
## Not part of the book: two small C tools that bench/smtp-bench drives.
##   bench/smtp-load    SMTP load generator (N sessions at once, poll(2))
##   bench/fsync-loop   the disk's limit: write, fsync, rename, fsync new/
## Run it from a build directory:  $(top_srcdir)/bench/smtp-bench --builddir .
## (--quick for a few seconds; the figures are printed, never asserted).
noinst_PROGRAMS += bench/smtp-load bench/fsync-loop
bench_smtp_load_SOURCES = bench/smtp-load.c
bench_fsync_loop_SOURCES = bench/fsync-loop.c
dist_noinst_SCRIPTS += bench/smtp-bench
# what the benchmarks share (imported by the scripts beside it)
EXTRA_DIST += bench/benchlib.py
EXTRA_DIST += docs/PERFORMANCE.md

.PHONY: bench bench-quick
bench: bench/smtp-load bench/fsync-loop $(bin_PROGRAMS)
	$(top_srcdir)/bench/smtp-bench --builddir '$(abs_top_builddir)'
bench-quick: bench/smtp-load bench/fsync-loop $(bin_PROGRAMS)
	$(top_srcdir)/bench/smtp-bench --builddir '$(abs_top_builddir)' --quick
