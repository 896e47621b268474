## chapters/12-imap-client/local.mk -- chapter 12, "The IMAP client" (slug: imap-client).
##
## The library: the client side of IMAP -- responses read whole with their
## literals, tags, synchronising and LITERAL+ literals, CAPABILITY, LOGIN,
## AUTHENTICATE PLAIN.  It chains the latest chapter in this tree.
noinst_LIBRARIES += src/libmm-imap-client.a
src_libmm_imap_client_a_SOURCES = \
	src/imap_client.c src/imap_client.h
LIBS_IMAP_CLIENT = src/libmm-imap-client.a $(LIBS_MAILBOXES)

## Unit tests: the client against scripted fake servers.
check_PROGRAMS += tests/unit/test-imap-client
TESTS += tests/unit/test-imap-client
tests_unit_test_imap_client_SOURCES = tests/unit/test-imap-client.c
tests_unit_test_imap_client_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_imap_client_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib
tests_unit_test_imap_client_LDADD = tests/lib/libtestlib.a $(LIBS_IMAP_CLIENT) $(CHECK_LIBS)

## The installed IMAP client.
bin_PROGRAMS += chapters/12-imap-client/minimail-imap
chapters_12_imap_client_minimail_imap_SOURCES = chapters/12-imap-client/minimail-imap.c
chapters_12_imap_client_minimail_imap_LDADD = $(LIBS_IMAP_CLIENT)

## The client against servers: minimail-imapd (chapter 9's, port 0, a
## fresh Maildir root), and a private Dovecot on loopback (SKIPs unless
## root with Dovecot installed), where every subcommand runs for real.
MM_IMAP_CLIENT_CLIENTS = \
	tests/clients/test-imap-client.sh \
	tests/clients/test-imap-client-dovecot.sh
dist_noinst_SCRIPTS += $(MM_IMAP_CLIENT_CLIENTS)
TESTS += $(MM_IMAP_CLIENT_CLIENTS)
