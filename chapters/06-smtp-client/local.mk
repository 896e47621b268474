## chapters/06-smtp-client/local.mk -- chapter 6, "The SMTP client" (slug: smtp-client).
##
## The library: reading replies (single- and multi-line, enhanced codes),
## the sending side of transparency (CRLF, dot-stuffing), base64, message
## composition (Date, Message-ID, RFC 2047), and the client session itself
## (EHLO/HELO, AUTH, MAIL/RCPT/DATA with PIPELINING, SIZE and 8BITMIME).
## Chapter 7's queue runner sends with it.
noinst_LIBRARIES += src/libmm-smtp-client.a
src_libmm_smtp_client_a_SOURCES = \
	src/smtp_reply_read.c src/smtp_reply_read.h \
	src/smtp_dotstuff.c src/smtp_dotstuff.h \
	src/base64.c src/base64.h \
	src/smtp_compose.c src/smtp_compose.h \
	src/smtp_client.c src/smtp_client.h
LIBS_SMTP_CLIENT = src/libmm-smtp-client.a $(LIBS_STORING_MAIL)

## The installed SMTP client.
bin_PROGRAMS += chapters/06-smtp-client/minimail-smtp
chapters_06_smtp_client_minimail_smtp_SOURCES = chapters/06-smtp-client/minimail-smtp.c
chapters_06_smtp_client_minimail_smtp_LDADD = $(LIBS_SMTP_CLIENT)
EXTRA_DIST += chapters/06-smtp-client/README.md
