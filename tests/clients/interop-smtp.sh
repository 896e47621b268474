#!/usr/bin/env bash
# tests/clients/interop-smtp.sh -- run the interoperability harness
# (../shared/interop/run-clients.sh) against minimail-smtpd, with a private
# Dovecot serving the very Maildirs minimail-smtpd writes.
#
# usage: tests/clients/interop-smtp.sh BUILDDIR [run-clients.sh options...]
#   e.g. tests/clients/interop-smtp.sh /tmp/build --only 'swaks-*,curl-smtp,python-smtplib-*' -v
#
# Not part of `make check`: it needs root (Dovecot refuses to serve mail as
# root, so both servers run as an unprivileged uid, INTEROP_UID, default
# 5000), Dovecot (Debian: dovecot-imapd) and the harness (INTEROP_HARNESS,
# default ../shared/interop/run-clients.sh next to the source tree).
#
# Until minimail has its own IMAP server (chapter 8), Dovecot stands in on
# the reading side.  That is also the point: the harness then proves that
# what minimail-smtpd stores is the standard Maildir that Dovecot reads,
# byte for byte.  The results are recorded in docs/INTEROP-SMTP.md.
set -u

BUILD="${1:?usage: $0 BUILDDIR [run-clients options...]}"
shift
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="${INTEROP_HARNESS:-$SRC/../shared/interop/run-clients.sh}"
# The installed server (chapter 7's); MINIMAIL_SMTPD=chapters/05-storing-mail/smtpd
# runs the harness against chapter 5's stage instead.
SMTPD="$(cd "$BUILD" && pwd)/${MINIMAIL_SMTPD:-chapters/07-relaying/minimail-smtpd}"
VUID="${INTEROP_UID:-5000}"
export PATH="$PATH:/usr/sbin:/sbin"

die() { echo "interop-smtp: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root (to run both servers as uid $VUID)"
[ -x "$SMTPD" ] || die "$SMTPD is not built"
[ -x "$HARNESS" ] || die "no harness at $HARNESS (set INTEROP_HARNESS)"
command -v dovecot > /dev/null || die "dovecot is not installed (Debian: apt-get install dovecot-imapd)"
command -v setpriv > /dev/null || die "setpriv (util-linux) is missing"

T="$(mktemp -d "${TMPDIR:-/tmp}/interop-smtp.XXXXXX")" || die "mktemp"
SMTPD_PID=""
cleanup() {
    [ -n "$SMTPD_PID" ] && kill -TERM "$SMTPD_PID" 2>/dev/null && wait "$SMTPD_PID" 2>/dev/null
    [ -f "$T/dovecot/run/master.pid" ] && kill "$(cat "$T/dovecot/run/master.pid")" 2>/dev/null
    sleep 0.5
    [ "${INTEROP_KEEP:-0}" = 1 ] && { echo "interop-smtp: kept $T"; return; }
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

chmod 755 "$T"
mkdir -p "$T/mail" "$T/dovecot/run" "$T/dovecot/state" "$T/dovecot/log"
chown "$VUID:$VUID" "$T/mail"
printf 'alice:{PLAIN}alicepw\nbob:{PLAIN}bobpw\n' > "$T/users"
chmod 644 "$T/users"
IMAP_PORT="$(free_port)"
cat > "$T/dovecot/dovecot.conf" <<EOF
instance_name = minimail-interop
base_dir = $T/dovecot/run
state_dir = $T/dovecot/state
log_path = $T/dovecot/log/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $VUID
last_valid_uid = $VUID
first_valid_gid = $VUID
last_valid_gid = $VUID
# minimail's layout: ROOT/USER is the user's Maildir and INBOX
mail_location = maildir:~
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $T/users
}
userdb {
  driver = static
  args = uid=$VUID gid=$VUID home=$T/mail/%n
}
namespace inbox {
  inbox = yes
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
EOF
dovecot -c "$T/dovecot/dovecot.conf" || die "dovecot did not start (see $T/dovecot/log/dovecot.log)"

# minimail-smtpd as the same unprivileged user, the users file Dovecot reads.
setpriv --reuid="$VUID" --regid="$VUID" --clear-groups \
    "$SMTPD" --listen 127.0.0.1:0 --maildir-root "$T/mail" --users "$T/users" \
    --domain example.test --hostname mx.example.test \
    > "$T/smtpd.out" 2> "$T/smtpd.err" &
SMTPD_PID=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$T/smtpd.out" 2>/dev/null && break
    kill -0 "$SMTPD_PID" 2>/dev/null || die "minimail-smtpd exited: $(cat "$T/smtpd.err")"
    sleep 0.05
done
SMTP="$(sed -n 's/^listening on //p' "$T/smtpd.out")"
[ -n "$SMTP" ] || die "minimail-smtpd did not say 'listening on'"
echo "interop-smtp: minimail-smtpd $("$SMTPD" --version | sed 's/.* //') on $SMTP," \
     "Dovecot $(dovecot --version | cut -d' ' -f1) on 127.0.0.1:$IMAP_PORT, Maildirs in $T/mail"

"$HARNESS" --smtp "$SMTP" --imap "127.0.0.1:$IMAP_PORT" \
    --user alice --pass alicepw --domain example.test --user2 bob --pass2 bobpw "$@"
rc=$?
echo "interop-smtp: minimail-smtpd log: $(grep -c 'delivered as' "$T/smtpd.err") messages delivered," \
     "$(grep -c 'NOT delivered' "$T/smtpd.err") failed deliveries"
exit $rc
