#!/bin/sh
# tests/clients/test-imap-client.sh -- minimail-imap (chapter imap-client)
# against the installed minimail-imapd (chapter changing-mail), started on port 0 with a
# fresh Maildir root and the IMAP dialogs' users file: list, create,
# status, rename, delete, select/examine and fetch/read of a message dropped into new/,
# append (with --trace, and typed into the shell with a literal), search, copy, move,
# idle (a delivery announced while idling),
# LOGIN with a password that needs quoting, a wrong password, a command
# the server does not have (BAD), the shell through a pipe, literals typed
# into the shell, --trace, and a server that is not there.  Each check states the exit status it
# expects (sysexits.h, see minimail-imap --help).
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
. "$(dirname "$0")/imap-lib.sh"

CLIENT="$MM_BUILDDIR/chapters/12-imap-client/minimail-imap"
[ -x "$CLIENT" ] || im_fail "$CLIENT is not built"
im_start

# run EXPECTED-STATUS USER PASSWORD ARGS...: output in $IM_T/o, stderr in $IM_T/e
run() {
    want="$1"; u="$2"; pw="$3"; shift 3
    MINIMAIL_PASSWORD="$pw" "$CLIENT" --server "127.0.0.1:$IM_PORT" --user "$u" --timeout 10 "$@" \
        > "$IM_T/o" 2> "$IM_T/e" < /dev/null
    got=$?
    if [ "$got" != "$want" ]; then
        sed 's/^/  out: /' "$IM_T/o" >&2; sed 's/^/  err: /' "$IM_T/e" >&2
        im_fail "minimail-imap $*: exit status $got, expected $want"
    fi
}
has() { grep -q -- "$1" "$IM_T/o" || { sed 's/^/  out: /' "$IM_T/o" >&2; im_fail "no '$1' in the output of: $2"; }; }

run 0 alice secret list
has '^\* LIST .* INBOX$' list
run 0 alice secret create "Work Stuff"
run 0 alice secret list
has '"Work Stuff"' "list after create"
run 0 alice secret status "Work Stuff"
has '^\* STATUS "Work Stuff" (MESSAGES 0 ' status
run 0 alice secret rename "Work Stuff" Archive
run 0 alice secret delete Archive
run 65 alice secret delete Archive
has '^A0002 NO' "delete of a missing mailbox"

# A message delivered the way any Maildir program does: a file in new/.
M="$IM_T/mail/alice"
mkdir -p "$M/new" "$M/cur" "$M/tmp"
printf 'From: bob@example.org\r\nSubject: hi\r\n\r\nhello alice\r\n' > "$M/new/1700000000.1.test"
run 0 alice secret select INBOX
has '^exists 1$' select
has '^recent 1$' select
has '^uidnext 2$' select
has '^flags (' select
run 0 alice secret examine INBOX
has '^exists 1$' examine

# LOGIN (not AUTHENTICATE) with a password that must be quoted.
run 0 bob 'p@ss w"rd\' --login list
run 77 alice wrong list
has 'NO' "a wrong password"
# FETCH and read: the message as stored (CRLF on the wire).
run 0 alice secret fetch INBOX 1 "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])"
has '^\* 1 FETCH (UID 1 RFC822.SIZE 51 ' fetch
has '^Subject: hi' fetch
run 0 alice secret read INBOX 1
has '^hello alice' read
# A message number the mailbox does not have: BAD (RFC 3501 §9), printed,
# exit status 65.
run 65 alice secret fetch INBOX 9
has '^A0003 BAD' "fetch of message 9 of 1"

# shell INPUT WHAT: the shell as alice, with --trace, reading INPUT (printf
# escapes); output in $IM_T/o, the trace in $IM_T/e; it must exit 0.
shell() {
    printf "$1" | MINIMAIL_PASSWORD=secret "$CLIENT" --server "127.0.0.1:$IM_PORT" --user alice \
        --trace shell > "$IM_T/o" 2> "$IM_T/e" || im_fail "$2: exit status $?"
}

# The shell through a pipe: raw IMAP (tag added) and subcommands.
shell 'NOOP\nlist\nexamine INBOX\nSTATUS INBOX (MESSAGES)\nLOGOUT\n' shell
has '^A0002 OK' "shell NOOP"
has '^\* LIST .* INBOX$' "shell list"
has '^exists 1$' "shell examine"
has '^\* STATUS INBOX (MESSAGES 1)' "shell STATUS"
has '^\* BYE' "shell LOGOUT"
grep -q '^C: A0002 NOOP' "$IM_T/e" || im_fail "--trace: no C: line"
grep -q '^S: A0002 OK' "$IM_T/e" || im_fail "--trace: no S: line"

# Literals typed into the shell (a raw line ending in {n} or {n+}): CREATE
# with a synchronising literal (the client waits for "+"), RENAME with one
# of each, a count that ends inside a line end (nothing is sent, and the
# next line is a command again), then the end of the input inside a
# literal (nothing is sent either).
shell 'CREATE {5}\nNotes\nRENAME {5+}\nNotes {8}\nArchive2\nCREATE {3}\nab\nlist\nCREATE {9}\nabc\n' \
    "shell with literals"
has '^A0002 OK' "shell CREATE {5}"
has '^A0003 OK' "shell RENAME {5+} {8}"
has '^\* LIST .* Archive2$' "shell list after the literals"
grep -q '^C: A0002 CREATE {5}$' "$IM_T/e" || im_fail "shell literal: no {5} on the wire"
grep -q '^S: + ' "$IM_T/e" || im_fail "shell literal: no continuation request"
grep -q '^C: A0003 RENAME {5+}$' "$IM_T/e" || im_fail "shell literal: no {5+} on the wire"
grep -q '^C:  {8}$' "$IM_T/e" || im_fail "shell literal: the second literal did not go on the same command"
grep -q 'inside a line end' "$IM_T/e" || im_fail "shell literal: no message for a count ending inside CRLF"
grep -q 'input ended 5 octets into a 9-octet literal' "$IM_T/e" || im_fail "shell literal: no message for EOF inside a literal"
grep -q '{3}' "$IM_T/e" && im_fail "shell literal: a bad literal was sent"
grep -q '^C: A0004 LIST' "$IM_T/e" || im_fail "shell literal: the line after a bad literal was not a command"
grep -q '^C: A0005 LOGOUT' "$IM_T/e" || im_fail "shell literal: no LOGOUT after EOF inside a literal"

# APPEND, COPY, MOVE and SEARCH as subcommands (chapter 11's server), and
# APPEND typed into the shell with a literal: 32 octets on the wire (each
# typed line end counts as the CRLF it becomes).
printf 'From: carol@example.org\r\nSubject: appended\r\n\r\nvia APPEND\r\n' > "$IM_T/msg"
run 0 alice secret --trace append INBOX "$IM_T/msg"
grep -q '^C: A0002 APPEND INBOX {' "$IM_T/e" || { cat "$IM_T/e" >&2; im_fail "append: no literal on the wire"; }
has 'APPENDUID' append
run 0 alice secret search INBOX SUBJECT appended
has '^\* SEARCH 2$' "search for the appended message"
run 0 alice secret create Kept
run 0 alice secret copy INBOX 2 Kept
has 'COPYUID' copy
run 0 alice secret move INBOX 2 Kept
run 0 alice secret status Kept
has '^\* STATUS Kept (MESSAGES 2 ' "status after copy and move"
shell 'APPEND INBOX {32}\nSubject: typed\n\nin the shell\n\nselect INBOX\nread INBOX 2\n' "shell APPEND"
has '^A0002 OK.*APPEND' "shell APPEND with a literal"
has '^in the shell' "read of the message APPENDed in the shell"

# idle: a message delivered while the client idles is announced (the
# delivery waits, bounded, until the server has said "+ idling").  The
# trace file is emptied first: the client in the background truncates it
# only once it runs, and until then it still holds the last command's
# trace, whose "S: + " (a literal's continuation) would let the delivery
# go before the client has even selected the mailbox.  For the same reason
# the wait is for "+ idling" itself, not for any "+ " (AUTHENTICATE PLAIN
# gets one before SELECT).  The client idles for 10 quiet seconds: the
# delivery and the server's next look (every 500 ms) fit in far less, even
# on a loaded machine under ASan.
: > "$IM_T/e"
MINIMAIL_PASSWORD=secret "$CLIENT" --server "127.0.0.1:$IM_PORT" --user alice --trace \
    idle INBOX 10 > "$IM_T/o" 2> "$IM_T/e" < /dev/null &
idle_pid=$!
i=0
until grep -q '^S: + idling' "$IM_T/e" 2>/dev/null; do
    [ $i -lt 400 ] || { kill "$idle_pid"; im_fail "idle: no '+ idling' within 20 s"; }
    sleep 0.05
    i=$((i + 1))
done
n=$(ls "$M/new" "$M/cur" | grep -c '^[0-9]')
printf 'From: bob@example.org\r\nSubject: while idle\r\n\r\nnew\r\n' > "$M/tmp/1700000099.9.test"
mv "$M/tmp/1700000099.9.test" "$M/new/1700000099.9.test"
wait "$idle_pid" || im_fail "idle: exit status $?"
has "^\* $((n + 1)) EXISTS" "idle: the delivery announced"
has 'OK IDLE' "idle: DONE answered"

# No server: EX_TEMPFAIL.
im_stop
run 75 alice secret list
echo "PASS: minimail-imap against minimail-imapd"
