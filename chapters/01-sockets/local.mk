## chapters/01-sockets/local.mk -- chapter 1, "Plain sockets" (slug: sockets).
##
## The library: getaddrinfo-based listen/connect/accept, full read/write
## loops, one-line logging.  Every later chapter links it last.
noinst_LIBRARIES += src/libmm-sockets.a
src_libmm_sockets_a_SOURCES = src/net.c src/net.h src/io.c src/io.h src/log.c src/log.h
LIBS_SOCKETS = src/libmm-sockets.a
