/**
 * @file mail-journey.c
 * @brief `mail-journey FILE...`: where has this message been?  The hops its
 *        Received fields record, oldest first.
 *
 * @chapter{mail-system}
 * @rfc RFC 5321 §4.4 (trace information)
 *
 * Chapter 13's small tool, run by scripts/demo on the message in Bob's
 * Maildir:
 *
 *     $ chapters/13-mail-system/mail-journey bob/bob/new/1795796132.M542684P29770Q2.vm,S=612,W=631
 *     1  laptop.alice.test -> alice.test  with ESMTPA  id 1795796132.M289378P29739Q1.vm
 *           Fri, 27 Nov 2026 16:15:32 +0000
 *     2  alice.test -> bob.test  with ESMTP  id 1795796132.M517191P29770Q1
 *           Fri, 27 Nov 2026 16:15:32 +0000
 *     the message as submitted starts at octet 306
 *
 * With no FILE, or `-`, it reads standard input.  Exit status: 0, 66
 * (EX_NOINPUT) for a file it cannot read, 65 (EX_DATAERR) for a message
 * with no Received field, 64 (EX_USAGE) for a bad option.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "journey.h"

/** Most hops shown (RFC 5321 §6.3 suggests loops are cut at about 100). */
#define MAX_HOPS 100

/* Read all of @p f; NULL when out of memory or on a read error. */
static char *slurp(FILE *f, size_t *len)
{
    char *buf = NULL, *nb;
    size_t cap = 0, n = 0, got;

    do {
        if (n + 4096 > cap) {
            if ((nb = realloc(buf, cap = cap ? cap * 2 : 65536)) == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Print the journey of one message; returns an exit status. */
static int show(const char *name, FILE *f)
{
    static struct journey_hop hops[MAX_HOPS];
    size_t len;
    char *msg = slurp(f, &len);
    int n;

    if (msg == NULL) {
        fprintf(stderr, "mail-journey: %s: %s\n", name, strerror(errno));
        return EX_NOINPUT;
    }
    n = journey_hops(msg, len, hops, MAX_HOPS);
    for (int i = 0; i < n; i++) {
        printf("%d  %s -> %s", i + 1, hops[i].from[0] ? hops[i].from : "?", hops[i].by);
        if (hops[i].with[0])
            printf("  with %s", hops[i].with);
        if (hops[i].id[0])
            printf("  id %s", hops[i].id);
        printf("\n      %s\n", hops[i].date);
    }
    if (n > 0)
        printf("the message as submitted starts at octet %zu\n", journey_trace_len(msg, len));
    else
        fprintf(stderr, "mail-journey: %s: no Received field\n", name);
    free(msg);
    return n > 0 ? EX_OK : EX_DATAERR;
}

int main(int argc, char **argv)
{
    int st = EX_OK, i;

    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: mail-journey [FILE...]\n"
               "Print the hops a message's Received fields record, oldest first.\n");
        return EX_OK;
    }
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("mail-journey (minimail) %s\n", PACKAGE_VERSION);
        return EX_OK;
    }
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] == '-') {
        fprintf(stderr, "mail-journey: unknown option %s\nusage: mail-journey [FILE...]\n", argv[1]);
        return EX_USAGE;
    }
    if (argc == 1)
        return show("standard input", stdin);
    for (i = 1; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "rb");
        int r;
        if (f == NULL) {
            fprintf(stderr, "mail-journey: %s: %s\n", argv[i], strerror(errno));
            st = EX_NOINPUT;
            continue;
        }
        if (argc > 2)
            printf("%s:\n", argv[i]);
        r = show(argv[i], f);
        if (f != stdin)
            fclose(f);
        if (r != EX_OK)
            st = r;
    }
    return st;
}
