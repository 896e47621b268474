## docs/local.mk -- the book (`make doc`), the demo (`make demo`) and the
## project scripts.  Included from the top Makefile.am; paths are relative to
## the top of the tree.
##
##   make doc    HTML book in docs/html/ of the build directory, built by
##               Doxygen from docs/book.md, the chapter texts and src/.
##               WARN_AS_ERROR: any warning fails (see docs/Doxyfile.in).
##   make demo   builds everything, then runs scripts/demo against this
##               build directory: chapters 1-3 talking on loopback, then
##               the mail system of chapter 13 (two SMTP servers relaying,
##               IMAP, both clients), narrated.
##   make demo-mail         the mail system only.
##   make demo-interactive  starts the mail system and leaves it running
##               (ports and how to talk to it are printed);
##   make demo-stop         stops it.

EXTRA_DIST += \
	docs/book.md \
	docs/ARCHITECTURE.md \
	docs/Doxyfile.in \
	docs/planned-chapters.txt \
	docs/gen-pages.sh \
	scripts/debian-packages

dist_noinst_SCRIPTS += \
	scripts/test-all \
	scripts/demo

# Pages of the book that may or may not exist yet in this tree; `make doc`
# passes the existing ones to Doxygen in $(MM_DOC_EXTRA_INPUT), together with
# the pages docs/gen-pages.sh writes into the build directory: docs/planned.md
# (a section labelled with the slug of every chapter not written yet, from
# docs/planned-chapters.txt) and docs/layout.xml (the chapters in the side bar).
MM_DOC_OPTIONAL_PAGES = exercises/README.md

.PHONY: doc demo demo-mail demo-interactive demo-stop mm-clean-docs

doc: docs/Doxyfile
	@if test -z "$(DOXYGEN)"; then \
	  echo "make doc: doxygen was not found when configure ran." >&2; \
	  echo "  Install it (Debian: apt-get install doxygen graphviz, or see" >&2; \
	  echo "  scripts/debian-packages), then run ./configure again." >&2; \
	  exit 1; \
	fi
	$(AM_V_GEN)$(SHELL) $(top_srcdir)/docs/gen-pages.sh \
	  "$(abs_top_srcdir)" "$(abs_top_builddir)/docs" "$(DOXYGEN)" && \
	extra='"$(abs_top_builddir)/docs/planned.md"'; \
	for f in $(MM_DOC_OPTIONAL_PAGES); do \
	  if test -f "$(abs_top_srcdir)/$$f"; then \
	    extra="$$extra \"$(abs_top_srcdir)/$$f\""; \
	  fi; \
	done; \
	rm -rf docs/html && \
	MM_DOC_EXTRA_INPUT="$$extra" $(DOXYGEN) docs/Doxyfile && \
	echo "make doc: the book is in $(abs_top_builddir)/docs/html/index.html"

demo: all
	bash $(top_srcdir)/scripts/demo "$(abs_top_builddir)"

demo-mail: all
	bash $(top_srcdir)/scripts/demo --mail "$(abs_top_builddir)"

demo-interactive: all
	bash $(top_srcdir)/scripts/demo --interactive "$(abs_top_builddir)"

demo-stop:
	bash $(top_srcdir)/scripts/demo --stop

# docs/html is made only by `make doc`; `make clean` removes it.
clean-local: mm-clean-docs
mm-clean-docs:
	-rm -rf docs/html docs/planned.md docs/layout.xml
