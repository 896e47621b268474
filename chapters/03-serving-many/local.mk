## chapters/03-serving-many/local.mk -- chapter 3, "Serving many" (slug: serving-many).
## (first cut: the interfaces; the library follows)
noinst_HEADERS += src/server.h src/signals.h
