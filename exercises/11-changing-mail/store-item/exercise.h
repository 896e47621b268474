/**
 * @file exercise.h
 * @brief Exercise "store-item" (chapter 11, changing-mail): what STORE's
 *        `FLAGS`, `+FLAGS`, `-FLAGS` (and `.SILENT`) do to a message's flags.
 *
 * @chapter{changing-mail}
 * @rfc RFC 3501 §6.4.6 (STORE)
 */
#ifndef MM_EX_STORE_ITEM_H
#define MM_EX_STORE_ITEM_H

/** `\Answered`. */
#define EX_ANSWERED 0x01u
/** `\Flagged`. */
#define EX_FLAGGED 0x02u
/** `\Deleted`. */
#define EX_DELETED 0x04u
/** `\Seen`. */
#define EX_SEEN 0x08u
/** `\Draft`. */
#define EX_DRAFT 0x10u

/** What the starter returns: neither success nor "not a STORE item". */
#define EX_NOT_DONE (-2)

/**
 * @brief Apply one STORE data item to a message's flags.
 *
 * @param item    the data item as the client wrote it, NUL-terminated:
 *                `FLAGS`, `+FLAGS` or `-FLAGS`, each optionally followed
 *                by `.SILENT`, in any case (`+flags.silent` is fine)
 * @param old     the message's EX_* flags now
 * @param flags   the EX_* flags named in the command
 * @param out     receives the message's new flags
 * @param silent  receives 1 for a `.SILENT` item, else 0
 * @return 0, or -1 (and @p out, @p silent untouched) when @p item is not
 *         a STORE data item
 */
int ex_store(const char *item, unsigned old, unsigned flags, unsigned *out, int *silent);

#endif /* MM_EX_STORE_ITEM_H */
