/**
 * @file outbuf.c
 * @brief Buffered output with an explicit flush, and a traced line writer.
 *
 * @chapter{lines}
 * @rfc RFC 2920 §3, RFC 5321 §2.3.8
 *
 * The buffer is a plain array and a length: bytes are appended until the
 * next one would not fit, then everything goes out with one
 * io_write_all().  Nothing here blocks except that write, and nothing is
 * ever sent without the caller asking (by a flush, or by filling the
 * buffer) -- which is what lets replies to pipelined commands leave
 * together.
 */
#include "outbuf.h"

#include "io.h"
#include "trace.h"

#include <errno.h>
#include <string.h>

void outbuf_init(struct outbuf *ob, int fd, char dir)
{
    ob->fd = fd;
    ob->dir = dir;
    ob->error = 0;
    ob->len = 0;
}

int outbuf_flush(struct outbuf *ob)
{
    if (ob->error == 0 && ob->len > 0
        && io_write_all(ob->fd, ob->buf, ob->len) < 0)
        ob->error = errno ? errno : EIO;
    ob->len = 0;        /* after an error the bytes are lost anyway */
    if (ob->error) {
        errno = ob->error;
        return -1;
    }
    return 0;
}

int outbuf_flush_hook(void *ob) { return outbuf_flush(ob); }

size_t outbuf_pending(const struct outbuf *ob) { return ob->len; }

int outbuf_failed(const struct outbuf *ob) { return ob->error; }

int outbuf_write(struct outbuf *ob, const void *data, size_t len)
{
    if (ob->error) {
        errno = ob->error;
        return -1;
    }
    if (len > sizeof ob->buf - ob->len && outbuf_flush(ob) < 0)
        return -1;
    if (len > sizeof ob->buf) {
        /* Bigger than the whole buffer: the buffer is empty now, so
         * writing it directly keeps the order of the bytes. */
        if (io_write_all(ob->fd, data, len) < 0) {
            ob->error = errno ? errno : EIO;
            return -1;
        }
        return 0;
    }
    memcpy(ob->buf + ob->len, data, len);
    ob->len += len;
    return 0;
}

/* [lines-outbuf-line] */
int outbuf_line(struct outbuf *ob, const char *text, size_t len)
{
    /* Make room first (or report an earlier error). */
    if ((ob->error || len + 2 > sizeof ob->buf - ob->len)
        && outbuf_flush(ob) < 0)
        return -1;

    if (len + 2 <= sizeof ob->buf) {
        /* The usual case: build the line in place, then trace exactly
         * the bytes that will go out. */
        char *dst = ob->buf + ob->len;

        for (size_t i = 0; i < len; i++)
            dst[i] = (text[i] == '\r' || text[i] == '\n') ? '?' : text[i];
        trace_line(ob->dir, dst, len);
        dst[len] = '\r';
        dst[len + 1] = '\n';
        ob->len += len + 2;
        return 0;
    }

    /* A line longer than the whole buffer (rare): byte by byte; the
     * trace shows the text as given. */
    trace_line(ob->dir, text, len);
    for (size_t i = 0; i < len; i++) {
        char c = (text[i] == '\r' || text[i] == '\n') ? '?' : text[i];

        if (outbuf_write(ob, &c, 1) < 0)
            return -1;
    }
    return outbuf_write(ob, "\r\n", 2);
}
/* [lines-outbuf-line] */
