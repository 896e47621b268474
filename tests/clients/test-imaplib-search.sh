#!/bin/sh
# tests/clients/test-imaplib-search.sh -- Python's imaplib against chapter
# 11's minimail-imapd (chapter changing-mail; see imaplib-search.py):
# SEARCH and UID SEARCH as real clients send them, CHARSET US-ASCII and
# UTF-8, a UTF-8 literal, BADCHARSET, bad criteria.  $MM_IMAPD picks
# another stage.
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-search.py"

im_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$IM_T/mail" \
    || im_fail "imaplib search checks ($PY)"
echo "PASS: Python imaplib, search ($PY)"
