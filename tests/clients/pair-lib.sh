# tests/clients/pair-lib.sh -- shared by the real-client tests that need
# the whole pair (chapter changing-mail): minimail-smtpd (chapter 7)
# delivering into the Maildir root that minimail-imapd (chapter 11, or
# $MM_IMAPD) serves.  Sourced after imap-lib.sh, not run.
#
# pr_start starts both on 127.0.0.1 port 0 (bounded waits for their
# "listening on" lines) with the IMAP dialogs' users file (alice/secret,
# bob, carol, dave) and local domain example.test; the EXIT trap stops
# both.  pr_send delivers a message through SMTP with Python's smtplib, so
# what the IMAP clients read has taken the real path: SMTP -> Maildir ->
# IMAP.
#
# Parts of a test that need a command another branch is still building
# are guarded by pr_have: when the server answers "BAD Unknown command"
# the part is reported as "XFAIL (needs X)" and skipped -- visibly, and
# only as long as the command is missing: once it exists, the part runs
# and must pass.

set -u

: "${MM_SMTPD:=chapters/07-relaying/minimail-smtpd}"
SMTPD="$MM_BUILDDIR/$MM_SMTPD"
PR_SMTP_PID=""
PR_SMTP_PORT=""
PR_PY=""
PR_XFAILS=0

pr_stop_smtpd() {
    if [ -n "$PR_SMTP_PID" ]; then
        im_kill "$PR_SMTP_PID"
        PR_SMTP_PID=""
    fi
}
pr_cleanup() { pr_stop_smtpd; im_cleanup; }
trap pr_cleanup EXIT

# pr_start: both servers; sets IM_PORT (IMAP), PR_SMTP_PORT and PR_PY.
pr_start() {
    PR_PY="$(im_python)" || im_skip "python3 is not installed (Debian: apt-get install python3)"
    [ -x "$SMTPD" ] || im_fail "$SMTPD is not built"
    im_start --trace
    "$SMTPD" --listen 127.0.0.1:0 --maildir-root "$IM_T/mail" --users "$IM_USERS" \
        --domain example.test --hostname mx.example.test \
        > "$IM_T/smtpd.out" 2> "$IM_T/smtpd.err" &
    PR_SMTP_PID=$!
    PR_SMTP_PORT="$(im_wait_listening "$PR_SMTP_PID" "$IM_T/smtpd.out" "$MM_SMTPD")" || exit 1
}

# pr_send USER SUBJECT FILE: write a small message with this Subject (and
# a body naming it, with a dot line and an 8-bit line) to FILE, with CRLF
# line ends, and deliver it to USER@example.test through minimail-smtpd.
pr_send() {
    "$PR_PY" - "$PR_SMTP_PORT" "$1@example.test" "$2" "$3" <<'EOF' || im_fail "SMTP delivery of '$2' to $1 failed"
import smtplib, sys
port, rcpt, subject, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
msg = ("From: Sender <sender@example.org>\r\nTo: <%s>\r\nSubject: %s\r\n"
       "Message-ID: <%s@test.invalid>\r\nDate: Fri, 27 Nov 2026 12:00:00 +0000\r\n"
       "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n"
       "Body of %s.\r\n.\r\n..two dots\r\nGr\u00fc\u00dfe, 8 bit\r\n"
       % (rcpt, subject, subject.replace(" ", "-"), subject)).encode("utf-8")
open(out, "wb").write(msg)
with smtplib.SMTP("127.0.0.1", port, timeout=20) as s:
    s.sendmail("sender@example.org", [rcpt], msg)
EOF
}

# pr_stored USER [FOLDER] SUBJECT: the Maildir file (new/ or cur/) holding
# the message with that Subject; fails unless there is exactly one.
pr_stored() {
    if [ $# = 3 ]; then d="$IM_T/mail/$1/.$2"; s="$3"; else d="$IM_T/mail/$1"; s="$2"; fi
    cr="$(printf '\r')"     # (a message stored with CRLF line ends)
    f="$(grep -l -F -x -e "Subject: $s" -e "Subject: $s$cr" "$d"/new/* "$d"/cur/* 2>/dev/null)"
    [ -n "$f" ] && [ "$(printf '%s\n' "$f" | wc -l)" -eq 1 ] \
        || im_fail "not exactly one message '$s' in $d: $f"
    printf '%s\n' "$f"
}

# pr_file_into USER FOLDER SUBJECT: move the delivered message with this
# Subject from USER's INBOX into FOLDER (created as a Maildir++ folder if
# missing), as a local delivery agent sorting mail would (rename(2) into
# new/).  Seeds folders without IMAP APPEND or COPY.
pr_file_into() {
    f="$(pr_stored "$1" "$3")" || exit 1
    mkdir -p "$IM_T/mail/$1/.$2/tmp" "$IM_T/mail/$1/.$2/new" "$IM_T/mail/$1/.$2/cur"
    mv "$f" "$IM_T/mail/$1/.$2/new/$(basename "$f" | sed 's/:2,.*$//')" || im_fail "mv $f"
}

# pr_have COMMAND-LINE: does the server know this command?  Runs it (after
# logging in as alice and selecting INBOX) and answers no only if the
# reply is "BAD Unknown command" / "BAD Unknown UID command".  A command
# ending in an empty non-synchronizing literal ({0+}) gets the empty rest
# of its line too.
pr_have() {
    "$PR_PY" - "$IM_PORT" "$1" <<'EOF'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]), timeout=20)
m.login("alice", "secret")
m.select("INBOX")
tag = m._new_tag()
cmd = sys.argv[2].encode() + b"\r\n"
if cmd.endswith(b"{0+}\r\n"):
    cmd += b"\r\n"
m.send(tag + b" " + cmd)
while True:
    line = m.readline()
    if not line or line.startswith(tag + b" "):
        break
m.logout()
sys.exit(1 if b" BAD Unknown" in line else 0)
EOF
}

# pr_xfail FEATURE BRANCH WHAT: report a part that cannot run yet.
pr_xfail() {
    echo "XFAIL (needs $1, being built on branch $2): $3"
    PR_XFAILS=$((PR_XFAILS + 1))
}

# pr_flags FILE: the Maildir flag letters in a file name (after ":2,").
pr_flags() { case "$1" in *:2,*) echo "${1##*:2,}" ;; *) echo "" ;; esac; }
