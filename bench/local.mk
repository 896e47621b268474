## bench/local.mk -- the benchmarks (issues 3 and 6; docs/PERFORMANCE.md).
##
## Not part of the book.  SMTP: three small C tools that bench/smtp-bench drives.
##   bench/smtp-load    SMTP load generator (N sessions at once, poll(2))
##   bench/fsync-loop   the disk's limit: write, fsync, rename, fsync new/
##   bench/smtp-floor   the conversation's limit: the cheapest durable SMTP
##                      responder, a process or a thread per connection
## IMAP: bench/imap-bench (Python) over a Maildir that bench/maildir_gen.py
## writes, against chapter 11's minimail-imapd (and a private Dovecot).
## Run them from a build directory:
##   $(top_srcdir)/bench/smtp-bench --builddir .
##   $(top_srcdir)/bench/imap-bench --builddir .
## (--quick for a few seconds each; the figures are printed, never asserted).
noinst_PROGRAMS += bench/smtp-load bench/fsync-loop bench/smtp-floor
bench_smtp_load_SOURCES = bench/smtp-load.c
bench_fsync_loop_SOURCES = bench/fsync-loop.c
bench_smtp_floor_SOURCES = bench/smtp-floor.c
# --threads: a thread per connection
bench_smtp_floor_CFLAGS = $(AM_CFLAGS) -pthread
bench_smtp_floor_LDFLAGS = -pthread
dist_noinst_SCRIPTS += bench/smtp-bench bench/imap-bench
# what the benchmarks share, and the IMAP benchmark's mailbox generator
# (imported by the scripts beside them)
EXTRA_DIST += bench/benchlib.py bench/maildir_gen.py
EXTRA_DIST += docs/PERFORMANCE.md

## The IMAP server the IMAP benchmark measures.
BENCH_IMAPD = chapters/11-changing-mail/minimail-imapd$(EXEEXT)

.PHONY: bench bench-quick
bench: bench/smtp-load bench/fsync-loop bench/smtp-floor $(bin_PROGRAMS) $(BENCH_IMAPD)
	$(top_srcdir)/bench/smtp-bench --builddir '$(abs_top_builddir)'
	$(top_srcdir)/bench/imap-bench --builddir '$(abs_top_builddir)' \
	  --imapd '$(abs_top_builddir)/$(BENCH_IMAPD)'
bench-quick: bench/smtp-load bench/fsync-loop bench/smtp-floor $(bin_PROGRAMS) $(BENCH_IMAPD)
	$(top_srcdir)/bench/smtp-bench --builddir '$(abs_top_builddir)' --quick
	$(top_srcdir)/bench/imap-bench --builddir '$(abs_top_builddir)' \
	  --imapd '$(abs_top_builddir)/$(BENCH_IMAPD)' --quick
