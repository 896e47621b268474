#!/bin/sh
# tests/clients/test-imaplib-idle.sh -- Python's imaplib against chapter
# 11's minimail-imapd (chapter changing-mail; see imaplib-idle.py): a
# client idles (RFC 2177, raw: imaplib has no idle() before Python 3.14)
# while mail arrives through chapter 7's minimail-smtpd over SMTP, and a
# second client stores flags and expunges; the idling client hears each
# as it happens.  Both servers share one Maildir root, as in a real mail
# system (pair-lib.sh starts them).  $MM_IMAPD picks another IMAP stage,
# $MM_SMTPD another SMTP one.
: "${MM_IMAPD:=chapters/11-changing-mail/minimail-imapd}"
. "$(dirname "$0")/imap-lib.sh"
. "$(dirname "$0")/pair-lib.sh"

CHECK="$MM_SRCDIR/tests/clients/imaplib-idle.py"

pr_start
PYTHONDONTWRITEBYTECODE=1 "$PR_PY" "$CHECK" "$IM_PORT" "$PR_SMTP_PORT" "$IM_T/mail" \
    || im_fail "imaplib IDLE checks ($PR_PY)"
echo "PASS: Python imaplib, IDLE with delivery over SMTP ($PR_PY)"
