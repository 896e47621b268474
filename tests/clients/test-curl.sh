#!/bin/sh
# tests/clients/test-curl.sh -- curl's SMTP client (smtp://) against
# minimail-smtpd: several recipients, dot-stuffing, 8-bit octets, a
# refused recipient.  SKIPs when curl is not installed.
. "$(dirname "$0")/lib.sh"

command -v curl > /dev/null 2>&1 || mm_skip "curl is not installed (Debian: apt-get install curl)"
mm_start

# The message file: CRLF line ends (curl sends the file as it is, adding
# only the dot-stuffing; --crlf would convert LF), lines that need
# stuffing, UTF-8 and Latin-1 octets.
printf 'From: Alice <alice@example.org>\r\nTo: bob@example.test, carol@example.test\r\nSubject: curl test\r\n\r\n.\r\n..\r\n.leading dot\r\ncaf\303\251 \377\r\nlast\r\n' > "$MM_T/msg"

curl -sS --max-time 20 "smtp://127.0.0.1:$MM_PORT/client.example" \
    --mail-from alice@example.org --mail-rcpt bob@example.test --mail-rcpt carol@example.test \
    -T "$MM_T/msg" > "$MM_T/curl.log" 2>&1 || mm_fail "curl: $(cat "$MM_T/curl.log")"
mm_expect_body bob "$MM_T/msg"
mm_expect_body carol "$MM_T/msg"
grep -q 'for <bob@example.test>;' "$(mm_files bob)" || mm_fail "no 'for <bob@example.test>' in Received"

# A file with LF line ends, sent with --crlf.
mm_clear bob
printf 'Subject: lf file\n\nline one\n.dot\n' > "$MM_T/lf"
curl -sS --max-time 20 --crlf "smtp://127.0.0.1:$MM_PORT/client.example" \
    --mail-from alice@example.org --mail-rcpt bob@example.test \
    -T "$MM_T/lf" > "$MM_T/curl.log" 2>&1 || mm_fail "curl --crlf: $(cat "$MM_T/curl.log")"
mm_expect_body bob "$MM_T/lf"

# A relay attempt: curl must fail (RCPT refused) and nothing is stored
# (bob and carol keep one message each).
if curl -sS --max-time 20 "smtp://127.0.0.1:$MM_PORT/client.example" \
        --mail-from alice@example.org --mail-rcpt victim@elsewhere.example \
        -T "$MM_T/msg" > "$MM_T/curl.log" 2>&1; then
    mm_fail "curl succeeded in relaying to elsewhere.example"
fi
grep -q '550' "$MM_T/curl.log" || mm_fail "curl did not report 550: $(cat "$MM_T/curl.log")"
[ "$(find "$MM_T/mail" -path '*/new/*' -type f | wc -l)" -eq 2 ] || mm_fail "something was stored for the relay attempt"
[ ! -e "$MM_T/mail/victim" ] || mm_fail "a Maildir was made for the relay attempt"
echo "PASS: curl smtp:// (two recipients, dot-stuffing, 8-bit, --crlf, relay refused)"
