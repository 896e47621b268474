#!/bin/sh
# tests/clients/test-imaplib-fetching.sh -- Python's imaplib against the
# chapter 10 stage (chapter fetching; see imaplib-fetching.py): a multipart
# message in the Maildir, BODY.PEEK[] byte-exact, RFC822.SIZE, sections,
# partials, ENVELOPE, BODYSTRUCTURE, \Seen, UID FETCH, BAD input.
# $MM_IMAPD picks another stage.
: "${MM_IMAPD:=chapters/10-fetching/imapd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-fetching.py"

im_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$IM_T/mail" \
    || im_fail "imaplib fetching checks ($PY)"
echo "PASS: Python imaplib, fetching ($PY)"
