#!/bin/sh
# tests/clients/test-imap-client-dovecot.sh -- minimail-imap (chapter
# imap-client) against a real, independent server: a private Dovecot
# started by this test on 127.0.0.1 with its own configuration in a
# temporary directory (tests/clients/private-dovecot).  Dovecot
# has everything chapter 9's server does not have yet, so every subcommand
# runs for real: APPEND (a literal, `{n+}` since Dovecot offers LITERAL+),
# FETCH, read, SEARCH, STORE, COPY, MOVE, IDLE, and the shell.
# SKIPs (exit 77) when not root (Dovecot serves mail only as an
# unprivileged uid) or when dovecot or python3 is missing (Debian:
# apt-get install dovecot-imapd).
. "$(dirname "$0")/imap-lib.sh"
export PATH="$PATH:/usr/sbin:/sbin"

CLIENT="$MM_BUILDDIR/chapters/12-imap-client/minimail-imap"
[ -x "$CLIENT" ] || im_fail "$CLIENT is not built"
DOVECOT="$MM_SRCDIR/tests/clients/private-dovecot"
why="$("$DOVECOT" check)" || im_skip "$why"
VUID="${MM_DOVECOT_UID:-5000}"

IM_T="$(mktemp -d "${TMPDIR:-/tmp}/mm-dovecot-client.XXXXXX")" || im_fail "mktemp"
DV="$IM_T/dovecot"
dv_stop() { "$DOVECOT" stop "$DV"; }
trap 'dv_stop; im_cleanup' EXIT

chmod 755 "$IM_T"
mkdir -p "$IM_T/mail"
chown "$VUID:$VUID" "$IM_T/mail"
printf 'alice:{PLAIN}secret\n' > "$IM_T/users"
chmod 644 "$IM_T/users"
DV_PORT="$("$DOVECOT" start "$DV" "$IM_T/mail" "$IM_T/users")" || im_fail "the private Dovecot did not start"

run() { # EXPECTED-STATUS ARGS...
    want="$1"; shift
    MINIMAIL_PASSWORD=secret "$CLIENT" --server "127.0.0.1:$DV_PORT" --user alice --timeout 10 "$@" \
        > "$IM_T/o" 2> "$IM_T/e" < /dev/null
    got=$?
    if [ "$got" != "$want" ]; then
        sed 's/^/  out: /' "$IM_T/o" >&2; sed 's/^/  err: /' "$IM_T/e" >&2
        sed 's/^/  dovecot: /' "$DV/log/dovecot.log" >&2
        im_fail "minimail-imap $*: exit status $got, expected $want"
    fi
}
has() { grep -q -- "$1" "$IM_T/o" || { sed 's/^/  out: /' "$IM_T/o" >&2; im_fail "no '$1' in the output of: $2"; }; }

printf 'From: bob@example.org\nTo: alice@example.org\nSubject: hello from the test\n\nline one\nA0004 OK this line is only text\n' > "$IM_T/msg"

run 0 list
has '^\* LIST .* INBOX$' list
run 0 create "Work Stuff"
run 0 --trace append INBOX "$IM_T/msg"
grep -q '^C: A0002 APPEND INBOX {' "$IM_T/e" || { cat "$IM_T/e" >&2; im_fail "append: no literal on the wire"; }
run 0 --login append INBOX "$IM_T/msg"
run 0 select INBOX
has '^exists 2$' select
has '^uidvalidity [1-9]' select
run 0 status INBOX
has '^\* STATUS INBOX (MESSAGES 2 ' status
run 0 fetch INBOX 1:2
has '^\* 2 FETCH (' fetch
run 0 read INBOX 1
has '^Subject: hello from the test' read
has '^A0004 OK this line is only text' read
run 0 search INBOX SUBJECT hello
has '^\* SEARCH 1 2$' search
run 0 store INBOX 1 +FLAGS '(\Seen)'
has 'FLAGS (\\Seen' store
run 0 copy INBOX 1 "Work Stuff"
run 0 move INBOX 2 "Work Stuff"
run 0 examine "Work Stuff"
has '^exists 2$' "examine after copy and move"
run 0 idle INBOX 1
has '^+ ' idle
run 0 rename "Work Stuff" Archive
run 0 delete Archive
run 65 delete Archive
printf 'NOOP\nlist\nexamine INBOX\nFETCH 1 (FLAGS)\nLOGOUT\n' |
    MINIMAIL_PASSWORD=secret "$CLIENT" --server "127.0.0.1:$DV_PORT" --user alice shell \
    > "$IM_T/o" 2> "$IM_T/e" || im_fail "shell: exit status $?"
has '^\* 1 FETCH (FLAGS (\\Seen))' "shell FETCH"
has '^\* BYE' "shell LOGOUT"
# APPEND typed into the shell with a literal: 32 octets on the wire (each
# typed line end is CRLF), then an empty line ends the command.
printf 'APPEND INBOX {32}\nSubject: typed\n\nin the shell\n\n' |
    MINIMAIL_PASSWORD=secret "$CLIENT" --server "127.0.0.1:$DV_PORT" --user alice shell \
    > "$IM_T/o" 2> "$IM_T/e" || im_fail "shell APPEND: exit status $?"
has '^A0002 OK.*APPEND' "shell APPEND with a literal"
run 0 read INBOX 2
has '^in the shell' "read of the message APPENDed in the shell"
MINIMAIL_PASSWORD=wrong "$CLIENT" --server "127.0.0.1:$DV_PORT" --user alice list > /dev/null 2>&1
[ $? = 77 ] || im_fail "a wrong password: exit status not 77"
echo "PASS: minimail-imap against Dovecot $(dovecot --version | cut -d' ' -f1)"
