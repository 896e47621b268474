## chapters/01-sockets/local.mk -- chapter 1, "Plain sockets" (slug: sockets).
##
## The library: getaddrinfo-based listen/connect/accept, full read/write
## loops, one-line logging.  Every later chapter links it last.
noinst_LIBRARIES += src/libmm-sockets.a
src_libmm_sockets_a_SOURCES = src/net.c src/net.h src/io.c src/io.h src/log.c src/log.h
LIBS_SOCKETS = src/libmm-sockets.a

## Stage programs: the echo server and its client.
noinst_PROGRAMS += chapters/01-sockets/echod chapters/01-sockets/echo
chapters_01_sockets_echod_SOURCES = chapters/01-sockets/echod.c
chapters_01_sockets_echod_LDADD = $(LIBS_SOCKETS)
chapters_01_sockets_echo_SOURCES = chapters/01-sockets/echo.c
chapters_01_sockets_echo_LDADD = $(LIBS_SOCKETS)
EXTRA_DIST += chapters/01-sockets/README.md chapters/01-sockets/stage.txt
