"""tests/clients/smtplib-check.py -- Python's smtplib against minimail-smtpd
(chapter storing-mail).  Run by test-smtplib.sh, which starts the server:

    python3 smtplib-check.py MODE PORT MAILDIR-ROOT

MODE "main": EHLO keywords, sendmail() to two users (dot-stuffing, CRLF),
send_message() with 8-bit UTF-8 text, a partly and a wholly refused
recipient list.  MODE "size": the server runs with --max-size 500;
smtplib declares size= (lower case) and is refused at MAIL with 552.
Every stored message is compared byte for byte (LF line ends on disk).
Exit status 0 on success; a failure raises (exit status 1)."""

import email.message
import email.policy
import os
import smtplib
import sys

mode, port, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def stored(user):
    """The messages in USER's new/, trace fields removed, as bytes."""
    d = os.path.join(root, user, "new")
    out = []
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        with open(os.path.join(d, name), "rb") as f:
            lines = f.read().split(b"\n")
        assert lines[0].startswith(b"Return-Path: <"), lines[0]
        assert lines[1].startswith(b"Received: from "), lines[1]
        i = 2
        while lines[i].startswith((b"\t", b" ")):
            i += 1
        out.append(b"\n".join(lines[i:]))
    return out


def clear(user):
    d = os.path.join(root, user, "new")
    for name in os.listdir(d) if os.path.isdir(d) else []:
        os.unlink(os.path.join(d, name))


def connect():
    s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=20)
    code, _ = s.ehlo()
    assert code == 250, code
    return s


if mode == "main":
    s = connect()
    for ext in ("size", "8bitmime", "pipelining", "enhancedstatuscodes"):
        assert s.has_extn(ext), "EHLO lacks " + ext
    assert s.esmtp_features["size"] == "10485760", s.esmtp_features

    # sendmail() with a str: smtplib turns \n into CRLF and stuffs dots.
    text = ("From: alice@example.org\nTo: bob@example.test\nSubject: smtplib\n\n"
            ".\n..\n.x\nplain text\n")
    refused = s.sendmail("alice@example.org", ["alice@example.test", "bob@example.test"], text)
    assert refused == {}, refused
    for user in ("alice", "bob"):
        got = stored(user)
        assert got == [text.encode()], (user, got)
        clear(user)

    # send_message() with 8-bit UTF-8 text and BODY=8BITMIME.
    m = email.message.EmailMessage()
    m["From"] = "alice@example.org"
    m["To"] = "carol@example.test"
    m["Subject"] = "Gr\u00fc\u00dfe"
    m.set_content("Gr\u00fc\u00dfe aus K\u00f6ln, \u4e16\u754c \U0001f4e8\n", cte="8bit")
    s.send_message(m, mail_options=["BODY=8BITMIME"])
    want = m.as_bytes(policy=email.policy.SMTP).replace(b"\r\n", b"\n")
    got = stored("carol")
    assert got == [want], (got, want)
    assert "Grüße aus Köln".encode() in got[0]

    # Some recipients refused: sendmail() returns them, the rest get it.
    refused = s.sendmail("alice@example.org",
                         ["bob@example.test", "victim@elsewhere.example", "nobody@example.test"],
                         "Subject: partly\n\nx\n")
    assert set(refused) == {"victim@elsewhere.example", "nobody@example.test"}, refused
    assert refused["victim@elsewhere.example"][0] == 550
    assert refused["victim@elsewhere.example"][1].startswith(b"5.7.1"), refused
    assert refused["nobody@example.test"][1].startswith(b"5.1.1"), refused
    assert len(stored("bob")) == 1

    # All refused: an exception, nothing stored.
    try:
        s.sendmail("alice@example.org", ["victim@elsewhere.example"], "Subject: relay\n\nx\n")
        raise AssertionError("relaying to elsewhere.example was accepted")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["victim@elsewhere.example"][0] == 550
    assert not os.path.exists(os.path.join(root, "victim"))

    # NOOP, RSET, VRFY: enhanced codes in the replies.
    code, msg = s.noop()
    assert code == 250 and msg.startswith(b"2.0.0"), (code, msg)
    s.quit()

elif mode == "size":
    s = connect()
    assert s.esmtp_features["size"] == "500", s.esmtp_features
    try:
        s.sendmail("alice@example.org", ["alice@example.test"], "Subject: big\n\n" + "x" * 600 + "\n")
        raise AssertionError("a message over SIZE was accepted")
    except smtplib.SMTPSenderRefused as e:
        assert e.smtp_code == 552 and e.smtp_error.startswith(b"5.3.4"), (e.smtp_code, e.smtp_error)
    # Small enough: fine (and size= was declared, in lower case).
    s.sendmail("alice@example.org", ["alice@example.test"], "Subject: small\n\nok\n")
    assert stored("alice") == [b"Subject: small\n\nok\n"]
    s.quit()
else:
    raise SystemExit("unknown mode " + mode)
print("smtplib %s: ok" % mode)
