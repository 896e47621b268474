#!/bin/sh
# tests/clients/test-imaplib-append-copy.sh -- Python's imaplib against
# chapter 11's minimail-imapd (chapter changing-mail; see
# imaplib-append-copy.py): APPEND with flags and date-time, COPY, UID COPY,
# MOVE, UID MOVE, byte-exact round trips, APPENDUID and COPYUID, TRYCREATE
# and TOOBIG.  $MM_IMAPD picks another stage.
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-append-copy.py"

im_start --max-append-size 64K
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$IM_T/mail" \
    || im_fail "imaplib APPEND/COPY/MOVE checks ($PY)"
echo "PASS: Python imaplib, APPEND/COPY/MOVE ($PY)"
