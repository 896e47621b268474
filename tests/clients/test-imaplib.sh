#!/bin/sh
# tests/clients/test-imaplib.sh -- Python's imaplib against the IMAP stage
# ($MM_IMAPD, default chapter 8's imapd; see imaplib-check.py): capabilities,
# a failed and a successful LOGIN, quoted and literal credentials,
# AUTHENTICATE PLAIN, NOOP, LOGOUT; LOGINDISABLED with --plaintext-auth never.
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-check.py"

im_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" main "$IM_PORT" || im_fail "imaplib main checks ($PY)"
im_stop
im_start --plaintext-auth never
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" disabled "$IM_PORT" || im_fail "imaplib disabled checks ($PY)"
echo "PASS: Python imaplib ($PY)"
