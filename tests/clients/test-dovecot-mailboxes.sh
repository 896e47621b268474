#!/bin/sh
# tests/clients/test-dovecot-mailboxes.sh -- one Maildir, two IMAP servers
# (chapter mailboxes): minimail-imapd and a private Dovecot serve the same
# Maildir root and must agree on what a client sees (dovecot-compare.py):
# the folders and their attributes, the subscriptions, the message counts
# and unseen counts, SELECT's EXISTS.  First minimail-imapd makes folders
# (nested, quoted, modified UTF-7, a \Noselect level, INBOX.x) over mail
# dropped into the Maildirs; then Dovecot changes things (CREATE, RENAME,
# SUBSCRIBE, APPEND, STORE \Seen, DELETE) and minimail-imapd must see them.
#
# The private Dovecot (tests/clients/private-dovecot): its own configuration
# in a temporary directory, listening on 127.0.0.1 on a free port, users
# from the same passwd-file the test gives minimail-imapd, mail_location =
# maildir:ROOT/%u.  Dovecot serves mail only as an unprivileged uid
# ($MM_DOVECOT_UID, default 5000), so both servers run as that uid, which
# needs root.  SKIPs (exit 77) when not root, or when dovecot, setpriv or
# python3 are missing (Debian: apt-get install dovecot-imapd).
: "${MM_IMAPD:=chapters/09-mailboxes/imapd}"
. "$(dirname "$0")/imap-lib.sh"
export PATH="$PATH:/usr/sbin:/sbin"

PY="$(im_python)" || im_skip "python3 is not installed"
DOVECOT="$MM_SRCDIR/tests/clients/private-dovecot"
why="$("$DOVECOT" check)" || im_skip "$why"
command -v setpriv > /dev/null 2>&1 || im_skip "setpriv (util-linux) is not installed"
[ -x "$IMAPD" ] || im_fail "$IMAPD is not built"
VUID="${MM_DOVECOT_UID:-5000}"
COMPARE="$MM_SRCDIR/tests/clients/dovecot-compare.py"

IM_T="$(mktemp -d "${TMPDIR:-/tmp}/mm-dovecot.XXXXXX")" || im_fail "mktemp"
DV="$IM_T/dovecot"
dv_stop() { "$DOVECOT" stop "$DV"; }
trap 'dv_stop; im_cleanup' EXIT

chmod 755 "$IM_T"
mkdir -p "$IM_T/mail"
chown "$VUID:$VUID" "$IM_T/mail"
printf '# the users of both servers\nalice:{PLAIN}secret\n' > "$IM_T/users"
chmod 644 "$IM_T/users"
# minimail-imapd and the comparing script run as $VUID, who may not be
# allowed into the build and source trees (a clone under /root is
# private): they run from copies in the test's own directory.
cp "$IMAPD" "$IM_T/minimail-imapd" && cp "$COMPARE" "$IM_T/dovecot-compare.py" \
    || im_fail "copying the server and the script into $IM_T"
chmod 755 "$IM_T/minimail-imapd" "$IM_T/dovecot-compare.py"
IMAPD="$IM_T/minimail-imapd"
COMPARE="$IM_T/dovecot-compare.py"
# minimail-imapd, as the same uid, on the same Maildir root.
mm_start() {
    setpriv --reuid="$VUID" --regid="$VUID" --clear-groups \
        "$IMAPD" --listen 127.0.0.1:0 --users "$IM_T/users" --maildir-root "$IM_T/mail" \
        > "$IM_T/out" 2> "$IM_T/err" &
    IM_PID=$!
    i=0
    while ! grep -q '^listening on ' "$IM_T/out" 2>/dev/null; do
        kill -0 "$IM_PID" 2>/dev/null || im_fail "$MM_IMAPD exited"
        [ $i -lt 200 ] || im_fail "$MM_IMAPD did not say 'listening on' within 10 s"
        sleep 0.05
        i=$((i + 1))
    done
    IM_PORT="$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$IM_T/out")"
}
dv_start() {
    DV_PORT="$("$DOVECOT" start "$DV" "$IM_T/mail" "$IM_T/users")" || im_fail "the private Dovecot did not start"
}
py() { PYTHONDONTWRITEBYTECODE=1 setpriv --reuid="$VUID" --regid="$VUID" --clear-groups "$PY" "$COMPARE" "$@"; }
compare() { # STEP: both servers' snapshots must be equal
    py snapshot "$IM_PORT" > "$IM_T/minimail.$1" || im_fail "$1: snapshot of minimail-imapd"
    py snapshot "$DV_PORT" > "$IM_T/dovecot.$1" || im_fail "$1: snapshot of Dovecot"
    if ! diff -u "$IM_T/dovecot.$1" "$IM_T/minimail.$1" > "$IM_T/diff.$1"; then
        cat "$IM_T/diff.$1" >&2
        im_fail "$1: Dovecot (-) and minimail-imapd (+) disagree"
    fi
    echo "$1: both servers see:"
    sed 's/^/  /' "$IM_T/minimail.$1"
}

mm_start
py prepare "$IM_PORT" "$IM_T/mail" || im_fail "preparing the Maildir through minimail-imapd"
dv_start
compare after-minimail
py change "$DV_PORT" || im_fail "changing the Maildir through Dovecot: $(tail -5 "$DV/log/dovecot.log")"
compare after-dovecot
grep -q 'LIST Projects.2025' "$IM_T/minimail.after-dovecot" || im_fail "minimail-imapd does not see Dovecot's new folder"
echo "PASS: minimail-imapd and Dovecot $(dovecot --version | cut -d' ' -f1) agree on one Maildir"
