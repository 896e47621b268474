#!/bin/sh
# tests/clients/test-demo.sh -- chapter 13 (mail-system): the narrated demo
# of the mail system (scripts/demo --mail) runs to the end, and what it did
# really happened: the message Alice sent arrived in Bob's Maildir byte for
# byte (below the trace fields the servers put on top), with the hops
# alice.test then bob.test; minimail-imap read the same octets back over
# IMAP; nobody@bob.test bounced to Alice; Bob's answer reached Alice through
# bob.test and alice.test; every server was stopped.  The demo keeps its
# files in a --state-dir of ours, so they can be looked at afterwards.
set -u
: "${MM_BUILDDIR:=$(pwd)}"
: "${MM_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/mm-demo-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
S=$T/state

DEMO_TIMEOUT=10 bash "$MM_SRCDIR/scripts/demo" --mail --state-dir "$S" "$MM_BUILDDIR" \
    > "$T/out" 2> "$T/err" < /dev/null
rc=$?
if [ "$rc" != 0 ]; then
    sed 's/^/  out: /' "$T/out" >&2; sed 's/^/  err: /' "$T/err" >&2
    fail "scripts/demo --mail: exit status $rc"
fi
grep -q 'byte for byte' "$T/out" || fail "the demo did not compare the message it read"

# Bob's Maildir: exactly one message (in new/ or, once an IMAP session
# took \Recent, cur/).
set -- "$S"/bob/bob/new/* "$S"/bob/bob/cur/*
msgs=""
for f; do [ -f "$f" ] && msgs="$msgs $f"; done
[ "$(echo $msgs | wc -w)" = 1 ] || fail "bob's Maildir holds '$msgs', not one message"
msg=$(echo $msgs)

# Byte-correct: below the Return-Path and Received fields, the file is the
# message the demo sent (message.txt), octet for octet.  Chapter 13's
# mail-journey says where the submitted message starts.
JOURNEY="$MM_BUILDDIR/chapters/13-mail-system/mail-journey"
"$JOURNEY" "$msg" > "$T/journey" || fail "mail-journey failed on $msg"
off=$(sed -n 's/^the message as submitted starts at octet //p' "$T/journey")
[ -n "$off" ] || fail "mail-journey printed no offset"
tail -c +"$((off + 1))" "$msg" > "$T/body"
cmp "$T/body" "$S/message.txt" || fail "the message in bob's Maildir is not the one sent"
# ... and the same independently of journey: strip the trace block by hand.
awk 'BEGIN { h = 1 } h && /^(Return-Path|Received):/ { next } h && /^[ \t]/ { next }
     { h = 0; print }' "$msg" > "$T/body2"
cmp "$T/body2" "$S/message.txt" || fail "the trace block is not only Return-Path and Received"
grep -q '^\.A line that starts with a dot' "$msg" || fail "dot-stuffing was not undone"
grep -q '^Return-Path: <alice@alice.test>$' "$msg" || fail "no Return-Path for alice"
sed -n 1p "$T/journey" | grep -q '^1  laptop.alice.test -> alice.test  with ESMTPA' ||
    fail "first hop: $(sed -n 1p "$T/journey")"
sed -n 3p "$T/journey" | grep -q '^2  alice.test -> bob.test  with ESMTP ' ||
    fail "second hop: $(sed -n 3p "$T/journey")"

# Read over IMAP: what minimail-imap printed is the file with CRLF line ends.
[ -s "$S/read.eml" ] || fail "no read.eml"
tr -d '\r' < "$S/read.eml" | cmp - "$msg" || fail "the message read over IMAP differs from the Maildir file"
[ "$(tr -cd '\r' < "$S/read.eml" | wc -c)" = "$(wc -l < "$msg")" ] ||
    fail "the message read over IMAP does not have CRLF line ends"
grep -q '^C: A0003 FETCH 1 BODY.PEEK\[\]' "$S/imap.trace" || fail "no FETCH BODY.PEEK[] in the IMAP trace"

# The bounce and the answer in Alice's Maildir.
grep -l '^Return-Path: <>$' "$S"/alice/alice/new/* > /dev/null 2>&1 || fail "no bounce for alice"
grep -l 'nobody@bob.test' "$S"/alice/alice/new/* > /dev/null 2>&1 || fail "the bounce does not name nobody@bob.test"
answer=$(grep -l '^Subject: Re: Lunch on Friday?' "$S"/alice/alice/new/*) || fail "Bob's answer did not reach alice"
grep -q 'by alice.test (minimail) with ESMTP ' "$answer" || fail "the answer did not come through alice.test"
grep -q 'by bob.test (minimail) with ESMTPA ' "$answer" || fail "the answer did not go through bob.test"

# The narration names the chapters that explain each step.
for c in 'chapter 5' 'chapter 6' 'chapter 7' 'chapter 9' 'chapter 10' 'chapter 12'; do
    grep -q "$c" "$T/out" || fail "the narration never mentions $c"
done

# Nothing left running, and no pid file left behind.
[ ! -e "$S/pids" ] || fail "the pid file was left behind"
if ps -eo args | grep -F "$S" | grep -v grep > "$T/ps"; then
    cat "$T/ps" >&2
    fail "processes of the demo are still running"
fi
echo "PASS: scripts/demo --mail"
