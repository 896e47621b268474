#!/bin/sh
# tests/clients/test-imaplib-mailboxes.sh -- Python's imaplib against
# minimail-imapd (chapter mailboxes; see imaplib-mailboxes.py): LIST, CREATE,
# STATUS, SELECT/EXAMINE over mail dropped into the Maildir, RENAME, DELETE,
# SUBSCRIBE/LSUB, NAMESPACE, and the refusals.  $MM_IMAPD picks another stage.
: "${MM_IMAPD:=chapters/09-mailboxes/imapd}"
. "$(dirname "$0")/imap-lib.sh"

PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/imaplib-mailboxes.py"

im_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" "$IM_PORT" "$IM_T/mail" \
    || im_fail "imaplib mailbox checks ($PY)"
echo "PASS: Python imaplib, mailboxes ($PY)"
