#!/bin/sh
# tests/clients/test-curl-imap.sh -- curl's IMAP client (imap://) against
# the IMAP stage ($MM_IMAPD, default chapter 8's imapd).  There are no
# mailboxes yet, so curl only logs in -- with AUTHENTICATE PLAIN and an
# initial response (SASL-IR), because the server advertises both -- runs
# one command (-X NOOP, -X CAPABILITY) and logs out.  A wrong password
# must make curl fail with "login denied" (exit 67).  SKIPs without curl.
. "$(dirname "$0")/imap-lib.sh"

command -v curl > /dev/null 2>&1 || im_skip "curl is not installed (Debian: apt-get install curl)"
im_start --trace

curl -sS --max-time 20 "imap://127.0.0.1:$IM_PORT/" -u alice:secret -X NOOP \
    > "$IM_T/curl.out" 2> "$IM_T/curl.err" || im_fail "curl NOOP: $(cat "$IM_T/curl.err")"
curl -sS --max-time 20 "imap://127.0.0.1:$IM_PORT/" -u 'bob:p@ss w"rd\' -X CAPABILITY \
    > "$IM_T/curl.out" 2> "$IM_T/curl.err" || im_fail "curl CAPABILITY: $(cat "$IM_T/curl.err")"
grep -q '^\* CAPABILITY IMAP4rev1' "$IM_T/curl.out" || im_fail "no CAPABILITY in curl's output: $(cat "$IM_T/curl.out")"

rc=0
curl -sS --max-time 20 "imap://127.0.0.1:$IM_PORT/" -u alice:wrong -X NOOP \
    > "$IM_T/curl.out" 2> "$IM_T/curl.err" || rc=$?
[ "$rc" = 67 ] || im_fail "curl with a wrong password: exit $rc, expected 67 (login denied)"

# The trace shows how curl logged in: AUTHENTICATE PLAIN with SASL-IR.
grep -q '^C: [^ ]* AUTHENTICATE PLAIN [A-Za-z0-9+/=]' "$IM_T/err" \
    || im_fail "curl did not use AUTHENTICATE PLAIN with an initial response"
echo "PASS: curl imap://"
