/**
 * @file imap_commands.c
 * @brief The commands valid in any state -- CAPABILITY, NOOP, LOGOUT, ID --
 *        and ENABLE; chapter 8's command table and extension.
 *
 * @chapter{imap-conversation}
 * @rfc RFC 3501 §6.1.1-6.1.3, §7.2.1 (CAPABILITY response), §7.1.5 (BYE);
 *      RFC 2971 (ID); RFC 5161 (ENABLE); RFC 7888 (LITERAL+)
 *
 * Each handler has the same three steps: parse the arguments to the end
 * (a leftover is a syntax error: `BAD`), do the work, send the untagged
 * data and the tagged completion.  The table at the bottom is the whole
 * of chapter 8's contribution to the command set; chapters 9 to 11 bring
 * their own tables in their own extensions.
 */
#include "config.h"

#include "imap_commands.h"

#include <string.h>
#include <strings.h>

#include "log.h"

/** Turn a write's result (0 or -1) into a handler's result: a write
 *  that failed ends the session (#IMAP_CMD_ERROR). */
#define CHECK(expr) ((expr) < 0 ? IMAP_CMD_ERROR : IMAP_CMD_OK)

/* [imap-cmd-capability] */
int imap_cmd_capability(struct imap_session *s, struct imap_parser *args)
{
    char caps[512];

    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    imap_capabilities(s, caps, sizeof caps);
    if (imap_untagged(s, "CAPABILITY %s", caps) < 0)
        return IMAP_CMD_ERROR;
    return CHECK(imap_ok(s, NULL, "CAPABILITY completed"));
}
/* [imap-cmd-capability] */

int imap_cmd_noop(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* Nothing to do: imap_ok() runs the extensions' before_tagged hooks,
     * which is the point of NOOP once there is a mailbox (RFC 3501
     * §6.1.2: "can be used as a periodic poll for new messages"). */
    return CHECK(imap_ok(s, NULL, "NOOP completed"));
}

/* [imap-cmd-logout] */
int imap_cmd_logout(struct imap_session *s, struct imap_parser *args)
{
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    /* RFC 3501 §6.1.3: "The server MUST send a BYE untagged response
     * before the (tagged) OK response, and then close the network
     * connection." */
    if (imap_bye(s, "minimail IMAP4rev1 server logging out") < 0
        || imap_ok(s, NULL, "LOGOUT completed") < 0)
        return IMAP_CMD_ERROR;
    return IMAP_CMD_CLOSE;
}
/* [imap-cmd-logout] */

/* Is this a string (quoted or literal), as ID's field names must be? */
static int is_string(const struct imap_value *v)
{
    return v->type == IMAP_V_QUOTED || v->type == IMAP_V_LITERAL;
}

/* [imap-cmd-id] */
int imap_cmd_id(struct imap_session *s, struct imap_parser *args)
{
    struct imap_value v;
    struct imap_out *w;
    char name[64] = "", version[64] = "";

    /* id = "ID" SP id-params-list
     * id-params-list = "(" #(string SP nstring) ")" / nil   (RFC 2971 §4) */
    if (imap_p_sp(args) < 0)
        return imap_bad_syntax(s, args);
    if (imap_p_peek(args) == '(') {
        if (imap_p_list(args, &v) < 0)
            return imap_bad_syntax(s, args);
    } else if (imap_p_nstring(args, &v) < 0 || v.type != IMAP_V_NIL) {
        return CHECK(imap_bad(s, NULL, "ID: expected a list or NIL"));
    }
    if (imap_p_end(args) < 0)
        return imap_bad_syntax(s, args);
    if (v.type == IMAP_V_LIST) {
        /* §3.3: at most 30 pairs, names of at most 30 octets, values of
         * at most 1024 -- the limits that keep ID from being a way to
         * make the server store arbitrary amounts of data. */
        if (v.count % 2 != 0)
            return CHECK(imap_bad(s, NULL, "ID: fields and values must come in pairs"));
        if (v.count / 2 > IMAP_ID_MAX_PAIRS)
            return CHECK(imap_bad(s, NULL, "ID: at most %d field-value pairs",
                                  IMAP_ID_MAX_PAIRS));
        for (size_t i = 0; i < v.count; i += 2) {
            const struct imap_value *f = &v.items[i], *val = &v.items[i + 1];
            if (!is_string(f) || (!is_string(val) && val->type != IMAP_V_NIL))
                return CHECK(imap_bad(s, NULL, "ID: fields are strings, values strings or NIL"));
            if (f->len > IMAP_ID_MAX_FIELD || val->len > IMAP_ID_MAX_VALUE)
                return CHECK(imap_bad(s, NULL, "ID: field or value too long"));
            if (val->type == IMAP_V_NIL || val->len >= sizeof name)
                continue;
            if (f->len == 4 && strncasecmp(f->data, "name", 4) == 0)
                memcpy(name, val->data, val->len), name[val->len] = '\0';
            if (f->len == 7 && strncasecmp(f->data, "version", 7) == 0)
                memcpy(version, val->data, val->len), version[val->len] = '\0';
        }
    }
    if (name[0] != '\0') {
        /* Only printable ASCII reaches the log. */
        for (char *c = name; *c; c++)
            if (*c < 0x20 || *c > 0x7e) *c = '?';
        for (char *c = version; *c; c++)
            if (*c < 0x20 || *c > 0x7e) *c = '?';
        log_msg("%s: client is %s%s%s", s->peer, name, version[0] ? " " : "", version);
    }
    /* Our own identification, built with the writer so that the strings
     * are quoted correctly whatever they contain. */
    w = imap_out(s);
    imap_w_str(w, "* ID (");
    imap_w_string(w, "name", 4);
    imap_w_str(w, " ");
    imap_w_string(w, "minimail", 8);
    imap_w_str(w, " ");
    imap_w_string(w, "version", 7);
    imap_w_str(w, " ");
    imap_w_string(w, PACKAGE_VERSION, strlen(PACKAGE_VERSION));
    imap_w_str(w, ")");
    if (imap_w_end(w) < 0)
        return IMAP_CMD_ERROR;
    return CHECK(imap_ok(s, NULL, "ID completed"));
}
/* [imap-cmd-id] */

/* The ENABLE-able name @p v as the configured extension spells it, and
 * which extension it is (index), or NULL. */
static const char *find_enable(const struct imap_session *s, const struct imap_value *v,
                               size_t *ext_index)
{
    const struct imap_extension *const *ext = s->cfg->extensions;

    for (size_t e = 0; ext[e] != NULL; e++)
        for (const char *const *n = ext[e]->enable; n && *n; n++)
            if (strlen(*n) == v->len && strncasecmp(*n, v->data, v->len) == 0) {
                *ext_index = e;
                return *n;
            }
    return NULL;
}

/* [imap-cmd-enable] */
int imap_cmd_enable(struct imap_session *s, struct imap_parser *args)
{
    const char *done[IMAP_MAX_ENABLED];
    size_t ndone = 0;
    struct imap_out *w;

    /* enable = "ENABLE" 1*(SP capability)   (RFC 5161 §4) */
    if (imap_p_at_end(args))
        return CHECK(imap_bad(s, NULL, "ENABLE: expected at least one capability"));
    while (!imap_p_at_end(args)) {
        struct imap_value v;
        const char *name;
        size_t e;

        if (imap_p_sp(args) < 0 || imap_p_atom(args, &v) < 0)
            return imap_bad_syntax(s, args);
        /* §3.1: names the server does not know are ignored, and so are
         * names already enabled; only the newly enabled ones are listed
         * in the ENABLED response. */
        name = find_enable(s, &v, &e);
        if (name == NULL || imap_is_enabled(s, name) || s->nenabled == IMAP_MAX_ENABLED)
            continue;
        s->enabled[s->nenabled++] = name;
        done[ndone++] = name;
        if (s->cfg->extensions[e]->enabled != NULL)
            s->cfg->extensions[e]->enabled(s, &s->slots[e], name);
    }
    w = imap_out(s);
    imap_w_str(w, "* ENABLED");
    for (size_t i = 0; i < ndone; i++) {
        imap_w_str(w, " ");
        imap_w_str(w, done[i]);
    }
    if (imap_w_end(w) < 0)
        return IMAP_CMD_ERROR;
    return CHECK(imap_ok(s, NULL, "ENABLE completed"));
}
/* [imap-cmd-enable] */

/* [imap-base-table] */
/* Chapter 8's commands.  LOGIN and AUTHENTICATE only before login (RFC
 * 3501 §6.2); ENABLE only after it and before SELECT (RFC 5161 §3.1). */
static const struct imap_command base_commands[] = {
    { "CAPABILITY",   IMAP_STATES_ANY,     imap_cmd_capability,   0, 0 },
    { "NOOP",         IMAP_STATES_ANY,     imap_cmd_noop,         0, 0 },
    { "LOGOUT",       IMAP_STATES_ANY,     imap_cmd_logout,       0, 0 },
    { "ID",           IMAP_STATES_ANY,     imap_cmd_id,           0, 0 },
    { "LOGIN",        IMAP_STATE_NOT_AUTH, imap_cmd_login,        0, 0 },
    { "AUTHENTICATE", IMAP_STATE_NOT_AUTH, imap_cmd_authenticate, 0, 0 },
    { "ENABLE",       IMAP_STATE_AUTH,     imap_cmd_enable,       0, 0 },
    { NULL, 0, NULL, 0, 0 }
};

/* What chapter 8 announces (SASL-IR and AUTH=PLAIN / LOGINDISABLED are
 * added by imap_capabilities(), as they depend on the connection). */
static const struct imap_capability base_capabilities[] = {
    { "LITERAL+", IMAP_STATES_ANY },  /* RFC 7888: {n+} */
    { "ID",       IMAP_STATES_ANY },  /* RFC 2971 */
    { "ENABLE",   IMAP_STATES_ANY },  /* RFC 5161 */
    { NULL, 0 }
};

const struct imap_extension imap_base_extension = {
    .name = "imap-conversation",
    .commands = base_commands,
    .capabilities = base_capabilities,
};
/* [imap-base-table] */
