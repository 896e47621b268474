#!/bin/sh
# tests/clients/test-demo-interactive.sh -- chapter 13 (mail-system):
# scripts/demo --interactive starts the mail system and leaves it running;
# the servers it names answer (SMTP greetings from alice.test and bob.test,
# a message sent through alice.test arrives and is read over IMAP as bob,
# the muttrc it wrote names the right ports); a second --interactive is
# refused while the first runs; --stop stops every process and removes the
# state directory.  Then --ports: fixed ports, when asked for.
set -u
: "${MM_BUILDDIR:=$(pwd)}"
: "${MM_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/mm-demo-int.XXXXXX") || exit 1
DEMO="$MM_SRCDIR/scripts/demo"
# Our own TMPDIR: the demo's state directory and its "current" pointer file
# go there, so a demo a person left running elsewhere is not touched.
export TMPDIR="$T"
export DEMO_TIMEOUT=10
S=""
cleanup() {
    # If a check failed while the servers ran, stop them (by their pids).
    if [ -n "$S" ] && [ -f "$S/pids" ]; then
        while read -r pid name; do kill -TERM "$pid" 2>/dev/null; done < "$S/pids"
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; [ -f "$T/out" ] && sed 's/^/  out: /' "$T/out" >&2; exit 1; }

bash "$DEMO" --interactive "$MM_BUILDDIR" > "$T/out" 2> "$T/err" < /dev/null ||
    fail "--interactive: exit status $? ($(cat "$T/err"))"
S=$(cat "$T/minimail-demo-$(id -u).current") || fail "no pointer to the state directory"
[ -d "$S" ] || fail "no state directory $S"
[ -f "$S/pids" ] || fail "no pid file"
[ "$(wc -l < "$S/pids")" = 3 ] || fail "the pid file does not list three servers"
A=$(sed -n 's/^  alice\.test  SMTP  127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
B=$(sed -n 's/^  bob\.test    SMTP  127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
I=$(sed -n 's/^  imapd       IMAP  127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
[ -n "$A" ] && [ -n "$B" ] && [ -n "$I" ] || fail "ports not printed (A=$A B=$B I=$I)"
while read -r pid name; do
    kill -0 "$pid" 2>/dev/null || fail "$name (pid $pid) is not running"
done < "$S/pids"

# What it printed: every way to talk to the servers, with the real ports.
for want in "nc -C 127.0.0.1 $A" "nc -C 127.0.0.1 $I" "curl smtp://127.0.0.1:$A" \
            "curl imap://127.0.0.1:$I/" "mutt -F $S/muttrc" "minimail-imap --server 127.0.0.1:$I" \
            "minimail-smtp --server 127.0.0.1:$A" "--stop" "kill "; do
    grep -qF -- "$want" "$T/out" || fail "the instructions do not say '$want'"
done
grep -q "^set folder = \"imap://bob@127.0.0.1:$I/\"" "$S/muttrc" || fail "muttrc: wrong folder"
grep -q "^set smtp_url = \"smtp://bob@127.0.0.1:$B/\"" "$S/muttrc" || fail "muttrc: wrong smtp_url"

# The servers answer: the SMTP greetings, then a message all the way.
greeting() { # PORT: the first line the server sends
    python3 -c 'import socket,sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
print(s.makefile("rb").readline().decode().rstrip())' "$1"
}
greeting "$A" | grep -q '^220 alice.test ' || fail "alice.test does not greet on $A"
greeting "$B" | grep -q '^220 bob.test ' || fail "bob.test does not greet on $B"
greeting "$I" | grep -q '^\* OK ' || fail "the IMAP server does not greet on $I"
MINIMAIL_PASSWORD=secret "$MM_BUILDDIR/chapters/06-smtp-client/minimail-smtp" --timeout 10 \
    --server "127.0.0.1:$A" --auth alice --from alice@alice.test --to bob@bob.test \
    --subject 'interactive test' --body 'hello from the test' 2> "$T/smtp.err" ||
    fail "minimail-smtp through alice.test: $(cat "$T/smtp.err")"
i=0
while :; do
    MINIMAIL_PASSWORD=hunter2 "$MM_BUILDDIR/chapters/12-imap-client/minimail-imap" --timeout 10 \
        --server "127.0.0.1:$I" --user bob read INBOX 1 > "$T/read" 2> "$T/read.err" &&
        grep -q 'hello from the test' "$T/read" && break
    [ $i -lt 100 ] || fail "the message did not arrive for bob within 10 s: $(cat "$T/read.err")"
    sleep 0.1
    i=$((i + 1))
done

# One at a time.
bash "$DEMO" --interactive "$MM_BUILDDIR" > "$T/out2" 2> "$T/err2" < /dev/null &&
    fail "a second --interactive started while the first runs"
grep -q 'already running' "$T/err2" || fail "the second --interactive did not say why: $(cat "$T/err2")"

# --stop: every process gone, the state directory and the pointer removed.
bash "$DEMO" --stop > "$T/stop" 2>&1 || fail "--stop: exit status $? ($(cat "$T/stop"))"
cp "$S/pids" "$T/pids" 2>/dev/null && fail "the state directory $S is still there"
[ ! -e "$T/minimail-demo-$(id -u).current" ] || fail "the pointer file is still there"
if ps -eo args | grep -F "$S" | grep -v grep > "$T/ps"; then
    cat "$T/ps" >&2
    fail "processes of the demo are still running after --stop"
fi
S=""
bash "$DEMO" --stop > "$T/stop" 2>&1 && fail "--stop with nothing running succeeded"

# --ports: fixed ports on request (found free by asking the kernel first;
# a port taken in between makes the demo fail, and the test with it).
P=$(python3 -c 'import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(",".join(str(s.getsockname()[1]) for s in ss))')
bash "$DEMO" --interactive --ports "$P" --state-dir "$T/fixed" "$MM_BUILDDIR" > "$T/out" 2> "$T/err" < /dev/null ||
    fail "--interactive --ports $P: $(cat "$T/err")"
S=$T/fixed
A=${P%%,*}
grep -q "alice.test  SMTP  127.0.0.1:$A " "$T/out" || fail "--ports: alice.test is not on $A"
greeting "$A" | grep -q '^220 alice.test ' || fail "alice.test does not greet on the fixed port $A"
bash "$DEMO" --stop > "$T/stop" 2>&1 || fail "--stop after --ports: $(cat "$T/stop")"
[ -d "$T/fixed/bob" ] || fail "--stop removed a state directory the user named"
[ ! -e "$T/fixed/pids" ] || fail "--stop left the pid file"
if ps -eo args | grep -F "$T/fixed" | grep -v grep > "$T/ps"; then
    cat "$T/ps" >&2
    fail "processes are still running after --stop (--ports)"
fi
S=""
bash "$DEMO" --interactive --ports 1,2 "$MM_BUILDDIR" > /dev/null 2>&1 && fail "--ports 1,2 was accepted"
echo "PASS: scripts/demo --interactive and --stop"
