# tests/clients/lib.sh -- shared by the real-client tests of minimail-smtpd
# (chapter storing-mail).  Sourced, not run.
#
# Each test starts minimail-smtpd on 127.0.0.1 port 0 with a fresh Maildir
# root in a mktemp directory, lets a real SMTP client (curl, swaks,
# Python's smtplib) send mail to it, and reads the Maildirs back.  A client
# that is not installed makes its test SKIP (exit 77) with a message that
# says so.  Every wait is bounded.

set -u

: "${MM_BUILDDIR:=$(pwd)}"
: "${MM_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
SMTPD="$MM_BUILDDIR/chapters/05-storing-mail/smtpd"
MM_T=""
MM_PID=""
MM_PORT=""

mm_fail() { echo "FAIL: $*" >&2; [ -n "$MM_T" ] && [ -f "$MM_T/err" ] && sed 's/^/  server: /' "$MM_T/err" >&2; exit 1; }
mm_skip() { echo "SKIP: $*"; exit 77; }

mm_cleanup() {
    if [ -n "$MM_PID" ]; then
        kill -TERM "$MM_PID" 2>/dev/null
        # bounded wait for the server to go (5 s), then SIGKILL
        i=0
        while kill -0 "$MM_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        kill -KILL "$MM_PID" 2>/dev/null
        wait "$MM_PID" 2>/dev/null
        MM_PID=""
    fi
    [ -n "$MM_T" ] && rm -rf "$MM_T"
}
trap mm_cleanup EXIT
trap 'exit 1' INT TERM

# mm_start [EXTRA ARGS...]: users alice, bob, carol in domain example.test,
# then wait (bounded) for "listening on HOST:PORT" and set MM_PORT.
mm_start() {
    [ -x "$SMTPD" ] || mm_fail "$SMTPD is not built"
    MM_T="$(mktemp -d "${TMPDIR:-/tmp}/mm-clients.XXXXXX")" || mm_fail "mktemp"
    printf 'alice:{PLAIN}a\nbob:{PLAIN}b\ncarol:{PLAIN}c\n' > "$MM_T/users"
    "$SMTPD" --listen 127.0.0.1:0 --maildir-root "$MM_T/mail" --users "$MM_T/users" \
        --domain example.test --hostname mx.example.test "$@" \
        > "$MM_T/out" 2> "$MM_T/err" &
    MM_PID=$!
    i=0
    while ! grep -q '^listening on ' "$MM_T/out" 2>/dev/null; do
        kill -0 "$MM_PID" 2>/dev/null || mm_fail "minimail-smtpd exited"
        [ $i -lt 200 ] || mm_fail "minimail-smtpd did not say 'listening on' within 10 s"
        sleep 0.05
        i=$((i + 1))
    done
    MM_PORT="$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$MM_T/out")"
    [ -n "$MM_PORT" ] || mm_fail "no port in: $(cat "$MM_T/out")"
}

# mm_count USER: number of messages in USER's new/ (0 if no Maildir).
mm_count() {
    if [ -d "$MM_T/mail/$1/new" ]; then
        find "$MM_T/mail/$1/new" -type f | wc -l | tr -d ' '
    else
        echo 0
    fi
}

# mm_files USER: the files in USER's new/, one per line.
mm_files() { find "$MM_T/mail/$1/new" -type f 2>/dev/null | sort; }

# mm_strip FILE: the message without the trace fields minimail-smtpd wrote
# (the Return-Path: line, the Received: field and its folded lines).
mm_strip() {
    awk 'state == 0 && /^Return-Path: </ { state = 1; next }
         state == 1 && /^Received: / { state = 2; next }
         state == 2 && /^[ \t]/ { next }
         { state = 3; print }' "$1"
}

# mm_expect_body USER EXPECTED: USER has exactly one message and, without
# its trace fields, it equals the file EXPECTED with CRLF turned into LF.
mm_expect_body() {
    n="$(mm_count "$1")"
    [ "$n" = 1 ] || mm_fail "$1 has $n messages, expected 1"
    f="$(mm_files "$1")"
    head -n 1 "$f" | grep -q '^Return-Path: <' || mm_fail "$f: no Return-Path first"
    sed -n 2p "$f" | grep -q '^Received: from ' || mm_fail "$f: no Received second"
    mm_strip "$f" > "$MM_T/got"
    tr -d '\r' < "$2" > "$MM_T/want"
    cmp -s "$MM_T/got" "$MM_T/want" || {
        echo "--- expected (LF) vs stored, for $1:" >&2
        diff "$MM_T/want" "$MM_T/got" | head -20 >&2
        mm_fail "$1: stored message differs from what was sent"
    }
}

# mm_clear USER: forget USER's messages (between steps of a test).
mm_clear() { rm -f "$MM_T/mail/$1/new/"* 2>/dev/null; }
