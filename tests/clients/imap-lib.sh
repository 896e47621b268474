# tests/clients/imap-lib.sh -- shared by the real-client tests of the IMAP
# stages (chapter imap-conversation and later).  Sourced, not run.
#
# im_start starts an IMAP stage on 127.0.0.1 port 0 with the users file of
# the IMAP dialogs (alice/secret, bob/'p@ss w"rd\', carol, dave) and a fresh
# Maildir root in a mktemp directory.  Which stage: $MM_IMAPD (relative to
# the build directory), by default chapter 8's imapd, so a later chapter
# can run the same client tests against its own program.  A client that is
# not installed makes its test SKIP (exit 77).  Every wait is bounded.

set -u

: "${MM_BUILDDIR:=$(pwd)}"
: "${MM_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${MM_IMAPD:=chapters/08-imap-conversation/imapd}"
IMAPD="$MM_BUILDDIR/$MM_IMAPD"
IM_USERS="$MM_SRCDIR/tests/dialogs/imap-conversation/users"
IM_T=""
IM_PID=""
IM_PORT=""

im_fail() { echo "FAIL: $*" >&2; [ -n "$IM_T" ] && [ -f "$IM_T/err" ] && sed 's/^/  server: /' "$IM_T/err" >&2; exit 1; }
im_skip() { echo "SKIP: $*"; exit 77; }

# im_kill PID: stop a server this test started: SIGTERM (our servers shut
# down cleanly on it), a bounded wait of 5 s, then SIGKILL.
im_kill() {
    kill -TERM "$1" 2>/dev/null
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# im_wait_listening PID OUT NAME: wait (bounded, 10 s) until the server
# PID has written its "listening on HOST:PORT" line to the file OUT, and
# print the port; fails the test if NAME exits or stays silent.
im_wait_listening() {
    i=0
    while ! grep -q '^listening on ' "$2" 2>/dev/null; do
        kill -0 "$1" 2>/dev/null || im_fail "$3 exited"
        [ $i -lt 200 ] || im_fail "$3 did not say 'listening on' within 10 s"
        sleep 0.05
        i=$((i + 1))
    done
    p="$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$2")"
    [ -n "$p" ] || im_fail "no port in: $(cat "$2")"
    echo "$p"
}

im_stop() {
    if [ -n "$IM_PID" ]; then
        im_kill "$IM_PID"
        IM_PID=""
    fi
}
im_cleanup() { im_stop; [ -n "$IM_T" ] && rm -rf "$IM_T"; IM_T=""; }
trap im_cleanup EXIT
trap 'exit 1' INT TERM

# im_start [EXTRA ARGS...]: start the stage and wait (bounded) for its
# "listening on HOST:PORT" line; sets IM_PORT.
im_start() {
    [ -x "$IMAPD" ] || im_fail "$IMAPD is not built"
    [ -n "$IM_T" ] || IM_T="$(mktemp -d "${TMPDIR:-/tmp}/mm-imap.XXXXXX")" || im_fail "mktemp"
    "$IMAPD" --listen 127.0.0.1:0 --users "$IM_USERS" --maildir-root "$IM_T/mail" "$@" \
        > "$IM_T/out" 2> "$IM_T/err" &
    IM_PID=$!
    IM_PORT="$(im_wait_listening "$IM_PID" "$IM_T/out" "$MM_IMAPD")" || exit 1
}

# im_python: Debian's /usr/bin/python3 when it is there, else python3 from PATH.
im_python() {
    for c in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
        if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
    done
    return 1
}
