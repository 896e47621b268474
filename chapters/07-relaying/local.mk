## chapters/07-relaying/local.mk -- chapter 7, "Relaying" (slug: relaying).
##
## The library: SASL PLAIN/LOGIN on the server (sasl, smtp_auth), trusted
## networks (cidr), the route table, the spool queue, bounces (RFC 3464),
## the queue runner (with chapter 6's client), and the relay hooks around
## chapter 5's.  The installed minimail-smtpd is built here from now on.
noinst_LIBRARIES += src/libmm-relaying.a
src_libmm_relaying_a_SOURCES = \
	src/sasl.c src/sasl.h \
	src/cidr.c src/cidr.h \
	src/smtp_auth.c src/smtp_auth.h \
	src/routes.c src/routes.h \
	src/spool.c src/spool.h \
	src/bounce.c src/bounce.h \
	src/queue.c src/queue.h \
	src/smtp_relay.c src/smtp_relay.h
LIBS_RELAYING = src/libmm-relaying.a $(LIBS_SMTP_CLIENT)

## The installed SMTP server (chapter 5's program stays as a stage,
## chapters/05-storing-mail/smtpd).
bin_PROGRAMS += chapters/07-relaying/minimail-smtpd
chapters_07_relaying_minimail_smtpd_SOURCES = chapters/07-relaying/minimail-smtpd.c
chapters_07_relaying_minimail_smtpd_LDADD = $(LIBS_RELAYING)

## Stage and dialogs: chapter 4's and 5's dialogs run against it too.
EXTRA_DIST += chapters/07-relaying/stage.txt
