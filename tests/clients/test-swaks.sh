#!/bin/sh
# tests/clients/test-swaks.sh -- swaks (the Swiss Army Knife for SMTP)
# against minimail-smtpd: EHLO keywords, pipelining, dot-stuffing, 8-bit,
# unknown user.  SKIPs when swaks is not installed.
. "$(dirname "$0")/lib.sh"

command -v swaks > /dev/null 2>&1 || mm_skip "swaks is not installed (Debian: apt-get install swaks)"
mm_start
SW="swaks --server 127.0.0.1 --port $MM_PORT --helo client.example --from alice@example.org --timeout 20"

# The EHLO reply lists the extensions.
$SW --to bob@example.test --quit-after EHLO > "$MM_T/ehlo.log" 2>&1 || mm_fail "swaks EHLO: $(tail -3 "$MM_T/ehlo.log")"
for k in 'SIZE 10485760' 8BITMIME PIPELINING ENHANCEDSTATUSCODES; do
    grep -q "<- *250[- ]$k" "$MM_T/ehlo.log" || mm_fail "EHLO lacks $k"
done

# A message with lines that need dot-stuffing and 8-bit octets, pipelined.
# (swaks ends the data with CRLF "." CRLF itself, so its file has no final
# line end; the stored message has one.)
printf 'From: alice@example.org\r\nTo: bob@example.test\r\nSubject: swaks test\r\n\r\n.\r\n..\r\n.x\r\nGr\303\274\303\237e \344\270\226\r\nend' > "$MM_T/msg.swaks"
{ cat "$MM_T/msg.swaks"; printf '\r\n'; } > "$MM_T/msg"
$SW --pipeline --to bob@example.test,carol@example.test --data @"$MM_T/msg.swaks" > "$MM_T/swaks.log" 2>&1 \
    || mm_fail "swaks --pipeline: $(tail -5 "$MM_T/swaks.log")"
grep -q '^ -> \.\.' "$MM_T/swaks.log" || mm_fail "swaks did not dot-stuff"
# pipelined: DATA was sent before the reply to MAIL was read
awk '/^ -> MAIL FROM/{m=NR} /^<- /{if(m && !r) r=NR} /^ -> DATA/{d=NR} END{exit !(m && d && r && d < r)}' "$MM_T/swaks.log" \
    || mm_fail "swaks did not pipeline MAIL/RCPT/DATA"
mm_expect_body bob "$MM_T/msg"
mm_expect_body carol "$MM_T/msg"

# An unknown user: swaks reports the 550 5.1.1 and exits non-zero.
if $SW --to nobody@example.test --data @"$MM_T/msg.swaks" > "$MM_T/swaks.log" 2>&1; then
    mm_fail "swaks: mail to nobody@example.test was accepted"
fi
grep -q '<\*\* *550 5\.1\.1' "$MM_T/swaks.log" || mm_fail "no 550 5.1.1 for nobody: $(tail -5 "$MM_T/swaks.log")"
[ "$(mm_count nobody)" = 0 ] || mm_fail "stored mail for nobody"

# A message over --max-size is refused after the data (552).
mm_cleanup
mm_start --max-size 2000
SW="swaks --server 127.0.0.1 --port $MM_PORT --helo client.example --from alice@example.org --timeout 20"
awk 'BEGIN { printf "Subject: big\r\n\r\n"; for (i = 0; i < 50; i++) printf "%070d\r\n", i }' > "$MM_T/big"
if $SW --to bob@example.test --data @"$MM_T/big" > "$MM_T/swaks.log" 2>&1; then
    mm_fail "swaks: an oversized message was accepted"
fi
grep -q '552 5\.3\.4' "$MM_T/swaks.log" || mm_fail "no 552 5.3.4: $(tail -5 "$MM_T/swaks.log")"
[ "$(mm_count bob)" = 0 ] || mm_fail "stored an oversized message"
echo "PASS: swaks (EHLO keywords, pipelining, dot-stuffing, 8-bit, 550 5.1.1, 552 5.3.4)"
