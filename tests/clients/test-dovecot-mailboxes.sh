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
# The private Dovecot: its own configuration in a temporary directory
# (base_dir, state, log), listening on 127.0.0.1 on a free port, users from
# the same passwd-file the test gives minimail-imapd, mail_location =
# maildir:ROOT/%u.  Dovecot serves mail only as an unprivileged uid
# ($MM_DOVECOT_UID, default 5000), so both servers run as that uid, which
# needs root.  SKIPs (exit 77) when not root, or when dovecot, setpriv or
# python3 are missing (Debian: apt-get install dovecot-imapd).
: "${MM_IMAPD:=chapters/09-mailboxes/imapd}"
. "$(dirname "$0")/imap-lib.sh"
export PATH="$PATH:/usr/sbin:/sbin"

PY="$(im_python)" || im_skip "python3 is not installed"
[ "$(id -u)" = 0 ] || im_skip "not root: Dovecot must run as root to serve mail as an unprivileged uid"
command -v dovecot > /dev/null 2>&1 || im_skip "dovecot is not installed (Debian: apt-get install dovecot-imapd)"
command -v setpriv > /dev/null 2>&1 || im_skip "setpriv (util-linux) is not installed"
[ -x "$IMAPD" ] || im_fail "$IMAPD is not built"
VUID="${MM_DOVECOT_UID:-5000}"
COMPARE="$MM_SRCDIR/tests/clients/dovecot-compare.py"

IM_T="$(mktemp -d "${TMPDIR:-/tmp}/mm-dovecot.XXXXXX")" || im_fail "mktemp"
DV="$IM_T/dovecot"
dv_stop() {
    if [ -f "$DV/run/master.pid" ]; then
        pid="$(cat "$DV/run/master.pid")"
        kill "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        kill -KILL "$pid" 2>/dev/null
        rm -f "$DV/run/master.pid"
    fi
}
trap 'dv_stop; im_cleanup' EXIT

chmod 755 "$IM_T"
mkdir -p "$IM_T/mail" "$DV/run" "$DV/state" "$DV/log"
chown "$VUID:$VUID" "$IM_T/mail"
printf '# the users of both servers\nalice:{PLAIN}secret\n' > "$IM_T/users"
chmod 644 "$IM_T/users"
DV_PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat > "$DV/dovecot.conf" <<CONF
# A private Dovecot for minimail's tests (tests/clients/test-dovecot-mailboxes.sh)
instance_name = minimail-test-$$
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/log/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $VUID
last_valid_uid = $VUID
first_valid_gid = $VUID
last_valid_gid = $VUID
# minimail's layout: ROOT/USER is the user's Maildir and INBOX, Maildir++ folders
mail_location = maildir:$IM_T/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $IM_T/users
}
userdb {
  driver = static
  args = uid=$VUID gid=$VUID home=$IM_T/mail/%u
}
namespace inbox {
  inbox = yes
  separator = .
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DV_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF

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
    dovecot -c "$DV/dovecot.conf" || im_fail "dovecot did not start: $(cat "$DV/log/dovecot.log" 2>/dev/null)"
    i=0
    until "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', $DV_PORT), 1)" 2>/dev/null; do
        [ $i -lt 100 ] || im_fail "dovecot did not listen on 127.0.0.1:$DV_PORT: $(cat "$DV/log/dovecot.log")"
        sleep 0.1
        i=$((i + 1))
    done
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
