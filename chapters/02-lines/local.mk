## chapters/02-lines/local.mk -- chapter 2, "Lines and replies" (slug: lines).
## (first cut: the session interface; the library follows)
noinst_HEADERS += src/lines_session.h
