#!/bin/sh
# tests/clients/test-curl-mailboxes.sh -- curl's IMAP client (imap://)
# against minimail-imapd (chapter mailboxes): a URL without a mailbox
# lists the mailboxes (LIST "" *), -X sends CREATE, STATUS, EXAMINE and
# DELETE, and a URL naming a missing mailbox fails.  Also runs chapter 8's
# client tests (imaplib, curl) against minimail-imapd.  SKIPs without curl.
: "${MM_IMAPD:=chapters/09-mailboxes/imapd}"
export MM_IMAPD
. "$(dirname "$0")/imap-lib.sh"

command -v curl > /dev/null 2>&1 || im_skip "curl is not installed (Debian: apt-get install curl)"
# Chapter 8's client tests hold for this server too (each may SKIP).
for t in test-imaplib.sh test-curl-imap.sh; do
    sh "$MM_SRCDIR/tests/clients/$t" > /dev/null 2>&1
    rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 77 ] || im_fail "chapter 8's $t against $MM_IMAPD (exit $rc)"
done

im_start
url="imap://127.0.0.1:$IM_PORT/"
c() { curl -sS --max-time 20 -u alice:secret "$@" > "$IM_T/curl.out" 2> "$IM_T/curl.err"; }

c "$url" -X 'CREATE Archive.2024' || im_fail "curl CREATE: $(cat "$IM_T/curl.err")"
c "$url" || im_fail "curl LIST: $(cat "$IM_T/curl.err")"
grep -q '^\* LIST (\\HasNoChildren) "\." INBOX' "$IM_T/curl.out" || im_fail "no INBOX in: $(cat "$IM_T/curl.out")"
grep -q '^\* LIST (\\Noselect \\HasChildren) "\." Archive' "$IM_T/curl.out" || im_fail "no Archive in: $(cat "$IM_T/curl.out")"
grep -q '^\* LIST (\\HasNoChildren) "\." Archive\.2024' "$IM_T/curl.out" || im_fail "no Archive.2024 in: $(cat "$IM_T/curl.out")"
c "$url" -X 'STATUS Archive.2024 (MESSAGES UIDNEXT)' || im_fail "curl STATUS: $(cat "$IM_T/curl.err")"
grep -q '^\* STATUS Archive\.2024 (MESSAGES 0 UIDNEXT 1)' "$IM_T/curl.out" || im_fail "STATUS: $(cat "$IM_T/curl.out")"
c "$url" -X 'EXAMINE INBOX' || im_fail "curl EXAMINE: $(cat "$IM_T/curl.err")"
grep -q '^\* OK \[UIDNEXT 1\]' "$IM_T/curl.out" || im_fail "EXAMINE: $(cat "$IM_T/curl.out")"
c "$url" -X 'DELETE Archive.2024' || im_fail "curl DELETE: $(cat "$IM_T/curl.err")"
rc=0
c "$url" -X 'DELETE Archive.2024' || rc=$?
[ "$rc" != 0 ] || im_fail "curl DELETE of a missing mailbox succeeded"
echo "PASS: curl imap://, mailboxes"
