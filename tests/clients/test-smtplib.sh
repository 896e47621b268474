#!/bin/sh
# tests/clients/test-smtplib.sh -- Python's smtplib against minimail-smtpd
# (see smtplib-check.py).  Uses Debian's /usr/bin/python3 when it is there,
# else python3 from PATH; SKIPs when there is no Python 3.
. "$(dirname "$0")/lib.sh"

PY=""
for c in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then PY="$c"; break; fi
done
[ -n "$PY" ] || mm_skip "python3 is not installed (Debian: apt-get install python3)"
CHECK="$MM_SRCDIR/tests/clients/smtplib-check.py"

mm_start
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" main "$MM_PORT" "$MM_T/mail" || mm_fail "smtplib main checks ($PY)"
mm_cleanup
mm_start --max-size 500
PYTHONDONTWRITEBYTECODE=1 "$PY" "$CHECK" size "$MM_PORT" "$MM_T/mail" || mm_fail "smtplib size checks ($PY)"
echo "PASS: Python smtplib ($PY)"
