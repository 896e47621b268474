#!/bin/sh
# tests/clients/test-imaplib-idle.sh -- Python's imaplib against chapter
# 11's minimail-imapd (chapter changing-mail; see imaplib-idle.py): a
# client idles (RFC 2177, raw: imaplib has no idle() before Python 3.14)
# while mail arrives through chapter 7's minimail-smtpd over SMTP, and a
# second client stores flags and expunges; the idling client hears each
# as it happens.  Both servers share one Maildir root, as in a real mail
# system.  $MM_IMAPD picks another IMAP stage, $MM_SMTPD another SMTP one.
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
: "${MM_SMTPD:=chapters/07-relaying/minimail-smtpd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-idle.py"
SMTPD="$MM_BUILDDIR/$MM_SMTPD"
[ -x "$SMTPD" ] || im_fail "$SMTPD is not built"

SM_PID=""
sm_cleanup() {
    if [ -n "$SM_PID" ]; then
        kill -TERM "$SM_PID" 2>/dev/null
        i=0
        while kill -0 "$SM_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        kill -KILL "$SM_PID" 2>/dev/null
        wait "$SM_PID" 2>/dev/null
    fi
    im_cleanup
}
trap sm_cleanup EXIT

im_start
# The SMTP server delivers into the IMAP server's Maildir root, with the
# same users file (alice is alice@example.test).
"$SMTPD" --listen 127.0.0.1:0 --maildir-root "$IM_T/mail" --users "$IM_USERS" \
    --domain example.test > "$IM_T/smtp-out" 2> "$IM_T/smtp-err" &
SM_PID=$!
i=0
while ! grep -q '^listening on ' "$IM_T/smtp-out" 2>/dev/null; do
    kill -0 "$SM_PID" 2>/dev/null || im_fail "$MM_SMTPD exited: $(cat "$IM_T/smtp-err")"
    [ $i -lt 200 ] || im_fail "$MM_SMTPD did not say 'listening on' within 10 s"
    sleep 0.05
    i=$((i + 1))
done
SM_PORT="$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$IM_T/smtp-out")"

PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$SM_PORT" "$IM_T/mail" \
    || im_fail "imaplib IDLE checks ($PY)"
echo "PASS: Python imaplib, IDLE with delivery over SMTP ($PY)"
