#!/bin/sh
# tests/clients/test-imaplib-search-decode.sh -- Python's imaplib against
# chapter 11's minimail-imapd (chapter changing-mail; see
# imaplib-search-decode.py): SEARCH finds words in messages that Python's
# email package encoded (RFC 2047 headers, quoted-printable and base64
# bodies), and not their encoded form.  $MM_IMAPD picks another stage.
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-search-decode.py"

im_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$IM_T/mail" \
    || im_fail "imaplib search-decode checks ($PY)"
echo "PASS: Python imaplib, search of decoded text ($PY)"
