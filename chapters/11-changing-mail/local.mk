## chapters/11-changing-mail/local.mk -- chapter 11, "Changing mail"
## (slug: changing-mail).
##
## The library: STORE's flag arguments, and the commands that change the
## selected mailbox (STORE, EXPUNGE, CLOSE with its expunge, UID STORE,
## UID EXPUNGE) as an extension listed in front of chapter 9's.
noinst_LIBRARIES += src/libmm-changing-mail.a
src_libmm_changing_mail_a_SOURCES = \
	src/storeflags.c src/storeflags.h \
	src/imap_store.c src/imap_changing.h
LIBS_CHANGING_MAIL = src/libmm-changing-mail.a $(LIBS_FETCHING)

## The installed IMAP server, minimail-imapd: chapter 9's server with the
## commands of chapters 10 and 11 (it takes the installed name over from
## chapter 9, as chapter 7 does for minimail-smtpd).
bin_PROGRAMS += chapters/11-changing-mail/minimail-imapd
chapters_11_changing_mail_minimail_imapd_SOURCES = chapters/11-changing-mail/minimail-imapd.c
chapters_11_changing_mail_minimail_imapd_LDADD = $(LIBS_CHANGING_MAIL)
EXTRA_DIST += chapters/11-changing-mail/stage.txt

## Unit tests of the new modules.
MM_CHANGING_MAIL_UNIT = \
	tests/unit/test-storeflags
check_PROGRAMS += $(MM_CHANGING_MAIL_UNIT)
TESTS += $(MM_CHANGING_MAIL_UNIT)
tests_unit_test_storeflags_SOURCES = tests/unit/test-storeflags.c
tests_unit_test_storeflags_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)

## Integration test: the stage program on loopback (STORE in every form,
## EXPUNGE, UID EXPUNGE, CLOSE, two sessions and RFC 3501 §7.4.1).
check_PROGRAMS += tests/integration/test-imapd-changing
TESTS += tests/integration/test-imapd-changing
tests_integration_test_imapd_changing_SOURCES = tests/integration/test-imapd-changing.c
tests_integration_test_imapd_changing_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
EXTRA_DIST += tests/dialogs/changing-mail/store-expunge.dialog

## Integration test: a client that pipelines FETCH and never reads is cut
## off once the server's write fails; the slot frees, the server lives on.
check_PROGRAMS += tests/integration/test-imapd-never-reads
TESTS += tests/integration/test-imapd-never-reads
tests_integration_test_imapd_never_reads_SOURCES = tests/integration/test-imapd-never-reads.c
tests_integration_test_imapd_never_reads_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Exercise: store-item (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/store-item
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/store-item/test-starter
check_PROGRAMS += exercises/11-changing-mail/store-item/test-solution exercises/11-changing-mail/store-item/test-starter
TESTS += exercises/11-changing-mail/store-item/test-solution exercises/11-changing-mail/store-item/test-starter
XFAIL_TESTS += exercises/11-changing-mail/store-item/test-starter
exercises_11_changing_mail_store_item_test_solution_SOURCES = exercises/11-changing-mail/store-item/tests.c exercises/11-changing-mail/store-item/solution.c exercises/11-changing-mail/store-item/exercise.h
exercises_11_changing_mail_store_item_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_store_item_test_starter_SOURCES = exercises/11-changing-mail/store-item/tests.c exercises/11-changing-mail/store-item/starter.c exercises/11-changing-mail/store-item/exercise.h
exercises_11_changing_mail_store_item_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/store-item/TASK.md

## Exercise: expunge-numbers (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/expunge-numbers
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/expunge-numbers/test-starter
check_PROGRAMS += exercises/11-changing-mail/expunge-numbers/test-solution exercises/11-changing-mail/expunge-numbers/test-starter
TESTS += exercises/11-changing-mail/expunge-numbers/test-solution exercises/11-changing-mail/expunge-numbers/test-starter
XFAIL_TESTS += exercises/11-changing-mail/expunge-numbers/test-starter
exercises_11_changing_mail_expunge_numbers_test_solution_SOURCES = exercises/11-changing-mail/expunge-numbers/tests.c exercises/11-changing-mail/expunge-numbers/solution.c exercises/11-changing-mail/expunge-numbers/exercise.h
exercises_11_changing_mail_expunge_numbers_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_expunge_numbers_test_starter_SOURCES = exercises/11-changing-mail/expunge-numbers/tests.c exercises/11-changing-mail/expunge-numbers/starter.c exercises/11-changing-mail/expunge-numbers/exercise.h
exercises_11_changing_mail_expunge_numbers_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/expunge-numbers/TASK.md
EXTRA_DIST += chapters/11-changing-mail/README.md

## ---- APPEND, COPY, MOVE, UIDPLUS (imap_append.c, imap_copy.c, mailbox_add.c) ----
src_libmm_changing_mail_a_SOURCES += \
	src/mailbox_add.c src/mailbox_add.h \
	src/imap_append.c src/imap_append.h \
	src/imap_copy.c
check_PROGRAMS += tests/unit/test-mailbox-add tests/unit/test-imap-append
TESTS += tests/unit/test-mailbox-add tests/unit/test-imap-append
tests_unit_test_mailbox_add_SOURCES = tests/unit/test-mailbox-add.c
tests_unit_test_mailbox_add_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
tests_unit_test_imap_append_SOURCES = tests/unit/test-imap-append.c
tests_unit_test_imap_append_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
check_PROGRAMS += tests/integration/test-imapd-append-copy
TESTS += tests/integration/test-imapd-append-copy
tests_integration_test_imapd_append_copy_SOURCES = tests/integration/test-imapd-append-copy.c
tests_integration_test_imapd_append_copy_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
## Real client: Python's imaplib appending, copying and moving.
dist_noinst_SCRIPTS += tests/clients/test-imaplib-append-copy.sh
TESTS += tests/clients/test-imaplib-append-copy.sh
EXTRA_DIST += tests/clients/imaplib-append-copy.py tests/dialogs/changing-mail/append-copy-move.dialog \
	tests/dialogs/changing-mail/append-toobig.dialog

## Exercise: append-date (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/append-date
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/append-date/test-starter
check_PROGRAMS += exercises/11-changing-mail/append-date/test-solution exercises/11-changing-mail/append-date/test-starter
TESTS += exercises/11-changing-mail/append-date/test-solution exercises/11-changing-mail/append-date/test-starter
XFAIL_TESTS += exercises/11-changing-mail/append-date/test-starter
exercises_11_changing_mail_append_date_test_solution_SOURCES = exercises/11-changing-mail/append-date/tests.c exercises/11-changing-mail/append-date/solution.c exercises/11-changing-mail/append-date/exercise.h
exercises_11_changing_mail_append_date_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_append_date_test_starter_SOURCES = exercises/11-changing-mail/append-date/tests.c exercises/11-changing-mail/append-date/starter.c exercises/11-changing-mail/append-date/exercise.h
exercises_11_changing_mail_append_date_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/append-date/TASK.md

## SEARCH and UID SEARCH (RFC 3501 §6.4.4): the criteria parser
## (search_parse), the evaluator (search_eval) and the handler (imap_search).
src_libmm_changing_mail_a_SOURCES += \
	src/imap_date.c src/imap_date.h \
	src/search_parse.c src/search_parse.h \
	src/search_eval.c src/search_eval.h \
	src/search_scan.c src/search_scan.h \
	src/imap_search.c
check_PROGRAMS += tests/unit/test-search-parse tests/unit/test-search-eval
TESTS += tests/unit/test-search-parse tests/unit/test-search-eval
tests_unit_test_search_parse_SOURCES = tests/unit/test-search-parse.c
tests_unit_test_search_parse_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
tests_unit_test_search_eval_SOURCES = tests/unit/test-search-eval.c
tests_unit_test_search_eval_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
check_PROGRAMS += tests/integration/test-imapd-search
TESTS += tests/integration/test-imapd-search
tests_integration_test_imapd_search_SOURCES = tests/integration/test-imapd-search.c
tests_integration_test_imapd_search_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Real clients: Python's imaplib searching (the searches of the interop
## harness's imaplib-search check, CHARSET, a UTF-8 literal, bad criteria).
dist_noinst_SCRIPTS += tests/clients/test-imaplib-search.sh
TESTS += tests/clients/test-imaplib-search.sh
EXTRA_DIST += tests/clients/imaplib-search.py

## Exercise: search-date (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/search-date
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/search-date/test-starter
check_PROGRAMS += exercises/11-changing-mail/search-date/test-solution exercises/11-changing-mail/search-date/test-starter
TESTS += exercises/11-changing-mail/search-date/test-solution exercises/11-changing-mail/search-date/test-starter
XFAIL_TESTS += exercises/11-changing-mail/search-date/test-starter
exercises_11_changing_mail_search_date_test_solution_SOURCES = exercises/11-changing-mail/search-date/tests.c exercises/11-changing-mail/search-date/solution.c exercises/11-changing-mail/search-date/exercise.h
exercises_11_changing_mail_search_date_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_search_date_test_starter_SOURCES = exercises/11-changing-mail/search-date/tests.c exercises/11-changing-mail/search-date/starter.c exercises/11-changing-mail/search-date/exercise.h
exercises_11_changing_mail_search_date_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/search-date/TASK.md
## IDLE (RFC 2177) and several sessions on one mailbox.
src_libmm_changing_mail_a_SOURCES += src/imap_idle.c

## Integration test: IDLE, CHECK, and two sessions storing, fetching and
## expunging the same messages at once while a third idles.
check_PROGRAMS += tests/integration/test-imapd-idle
TESTS += tests/integration/test-imapd-idle
tests_integration_test_imapd_idle_SOURCES = tests/integration/test-imapd-idle.c
tests_integration_test_imapd_idle_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)

## Real clients: Python's imaplib idling while smtplib delivers through
## chapter 7's minimail-smtpd and a second imaplib client stores and expunges.
MM_CHANGING_MAIL_IDLE_CLIENTS = tests/clients/test-imaplib-idle.sh
dist_noinst_SCRIPTS += $(MM_CHANGING_MAIL_IDLE_CLIENTS)
TESTS += $(MM_CHANGING_MAIL_IDLE_CLIENTS)
EXTRA_DIST += tests/clients/imaplib-idle.py

## Exercise: client-view (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/client-view
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/client-view/test-starter
check_PROGRAMS += exercises/11-changing-mail/client-view/test-solution exercises/11-changing-mail/client-view/test-starter
TESTS += exercises/11-changing-mail/client-view/test-solution exercises/11-changing-mail/client-view/test-starter
XFAIL_TESTS += exercises/11-changing-mail/client-view/test-starter
exercises_11_changing_mail_client_view_test_solution_SOURCES = exercises/11-changing-mail/client-view/tests.c exercises/11-changing-mail/client-view/solution.c exercises/11-changing-mail/client-view/exercise.h
exercises_11_changing_mail_client_view_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_client_view_test_starter_SOURCES = exercises/11-changing-mail/client-view/tests.c exercises/11-changing-mail/client-view/starter.c exercises/11-changing-mail/client-view/exercise.h
exercises_11_changing_mail_client_view_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/client-view/TASK.md

## The IDLE dialog (over --stdio, every stage from this chapter on).
EXTRA_DIST += tests/dialogs/changing-mail/idle.dialog
## Real clients against the whole pair (issue 6, "real clients are the
## acceptance"): chapter 7's minimail-smtpd delivers, this chapter's
## minimail-imapd serves; fetchmail (keep, nokeep, new mail only), isync's
## mbsync (two-way sync, flags both ways, APPEND) and curl's imap:// URLs
## (by UID, sections, SEARCH).  Each SKIPs without its client; parts that
## need a command not written yet print XFAIL and are skipped only while
## the server answers "Unknown command".  scripts/interop runs the shared
## harness (../shared/interop, not in the repo) against the pair, by hand;
## its results are in docs/INTEROP-IMAP.md.
MM_CHANGING_MAIL_CLIENTS = \
	tests/clients/test-fetchmail.sh \
	tests/clients/test-mbsync.sh \
	tests/clients/test-curl-imap-uid.sh
dist_noinst_SCRIPTS += $(MM_CHANGING_MAIL_CLIENTS) scripts/interop
TESTS += $(MM_CHANGING_MAIL_CLIENTS)
EXTRA_DIST += tests/clients/pair-lib.sh docs/INTEROP-IMAP.md

## SEARCH finds what the reader sees: encoded words in headers (rfc2047),
## quoted-printable and base64 text parts (transfer_decode), charsets to
## UTF-8 (charset), and the walk over the MIME tree for BODY and TEXT
## (search_text).
src_libmm_changing_mail_a_SOURCES += \
	src/charset.c src/charset.h \
	src/rfc2047.c src/rfc2047.h \
	src/transfer_decode.c src/transfer_decode.h \
	src/search_text.c src/search_text.h
MM_SEARCH_DECODE_UNIT = \
	tests/unit/test-rfc2047 \
	tests/unit/test-transfer-decode \
	tests/unit/test-search-text
check_PROGRAMS += $(MM_SEARCH_DECODE_UNIT)
TESTS += $(MM_SEARCH_DECODE_UNIT)
tests_unit_test_rfc2047_SOURCES = tests/unit/test-rfc2047.c
tests_unit_test_rfc2047_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
tests_unit_test_transfer_decode_SOURCES = tests/unit/test-transfer-decode.c
tests_unit_test_transfer_decode_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
tests_unit_test_search_text_SOURCES = tests/unit/test-search-text.c
tests_unit_test_search_text_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
check_PROGRAMS += tests/integration/test-imapd-search-decode
TESTS += tests/integration/test-imapd-search-decode
tests_integration_test_imapd_search_decode_SOURCES = tests/integration/test-imapd-search-decode.c
tests_integration_test_imapd_search_decode_LDADD = tests/integration/libimapd-util.a tests/lib/libtestlib.a $(CHECK_LIBS)
## Real client: Python's imaplib searching mail that Python's email
## package encoded.
dist_noinst_SCRIPTS += tests/clients/test-imaplib-search-decode.sh
TESTS += tests/clients/test-imaplib-search-decode.sh
EXTRA_DIST += tests/clients/imaplib-search-decode.py

## Exercise: q-word (tests must pass on the solution and fail on the starter).
EXERCISES += exercises/11-changing-mail/q-word
EXERCISE_STARTER_TESTS += exercises/11-changing-mail/q-word/test-starter
check_PROGRAMS += exercises/11-changing-mail/q-word/test-solution exercises/11-changing-mail/q-word/test-starter
TESTS += exercises/11-changing-mail/q-word/test-solution exercises/11-changing-mail/q-word/test-starter
XFAIL_TESTS += exercises/11-changing-mail/q-word/test-starter
exercises_11_changing_mail_q_word_test_solution_SOURCES = exercises/11-changing-mail/q-word/tests.c exercises/11-changing-mail/q-word/solution.c exercises/11-changing-mail/q-word/exercise.h
exercises_11_changing_mail_q_word_test_solution_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
exercises_11_changing_mail_q_word_test_starter_SOURCES = exercises/11-changing-mail/q-word/tests.c exercises/11-changing-mail/q-word/starter.c exercises/11-changing-mail/q-word/exercise.h
exercises_11_changing_mail_q_word_test_starter_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
EXTRA_DIST += exercises/11-changing-mail/q-word/TASK.md

## Robustness: a fixed-seed random attack on the decoders and on SEARCH's
## chunked window (hostile words, pieces of every size, deep nesting),
## asserting their documented bounds and whole == chunked.
check_PROGRAMS += tests/unit/test-decode-robust
TESTS += tests/unit/test-decode-robust
tests_unit_test_decode_robust_SOURCES = tests/unit/test-decode-robust.c
tests_unit_test_decode_robust_LDADD = tests/lib/libtestlib.a $(LIBS_CHANGING_MAIL) $(CHECK_LIBS)
