"""tests/clients/imaplib-check.py -- Python's imaplib against an IMAP stage
(chapter imap-conversation).  Run by test-imaplib.sh, which starts the server:

    python3 imaplib-check.py MODE PORT

MODE "main": the greeting's capabilities (IMAP4rev1, AUTH=PLAIN, LITERAL+),
LOGIN with a wrong password (imaplib raises, the reply carries
AUTHENTICATIONFAILED) and then the right one, CAPABILITY, NOOP, LOGOUT
(BYE); LOGIN with a password imaplib must quote (a space, '"', '\\');
LOGIN with the password sent as a synchronising literal; AUTHENTICATE PLAIN
(imaplib waits for the "+"); ID.  MODE "disabled": the server runs with
--plaintext-auth never: LOGINDISABLED, no AUTH=PLAIN, LOGIN refused with
PRIVACYREQUIRED.  Exit status 0 on success; a failure raises (status 1)."""

import imaplib
import sys

mode, port = sys.argv[1], int(sys.argv[2])


def connect():
    return imaplib.IMAP4("127.0.0.1", port, timeout=20)


def main():
    m = connect()
    caps = m.capabilities
    assert "IMAP4REV1" in caps, caps
    assert "AUTH=PLAIN" in caps, caps
    assert "LITERAL+" in caps, caps
    assert m.state == "NONAUTH", m.state
    try:
        m.login("alice", "wrong")
        raise AssertionError("LOGIN with a wrong password succeeded")
    except imaplib.IMAP4.error as e:
        assert "AUTHENTICATIONFAILED" in str(e), e
    typ, data = m.login("alice", "secret")
    assert typ == "OK", (typ, data)
    assert m.state == "AUTH", m.state
    typ, data = m.capability()
    assert typ == "OK", typ
    words = data[0].decode().split()
    assert words[0] == "IMAP4rev1", words
    assert "AUTH=PLAIN" not in words, words
    typ, data = m.noop()
    assert typ == "OK", (typ, data)
    typ, data = m.logout()
    assert typ == "BYE", (typ, data)

    # imaplib quotes the password ("p@ss w\"rd\\").
    m = connect()
    typ, data = m.login("bob", 'p@ss w"rd\\')
    assert typ == "OK", (typ, data)
    m.logout()

    # The password as a synchronising literal: imaplib sends "{6}", waits
    # for the server's "+", then the octets.
    m = connect()
    m.literal = b"secret"
    typ, data = m._simple_command("LOGIN", "alice")
    assert typ == "OK", (typ, data)
    m.state = "AUTH"
    m.logout()

    # AUTHENTICATE PLAIN: imaplib sends the command, waits for "+", then
    # the base64 response.
    m = connect()
    typ, data = m.authenticate("PLAIN", lambda challenge: b"\0carol\0secret")
    assert typ == "OK", (typ, data)
    assert m.state == "AUTH", m.state
    m.logout()

    m = connect()
    try:
        m.authenticate("PLAIN", lambda challenge: b"\0carol\0wrong")
        raise AssertionError("AUTHENTICATE with a wrong password succeeded")
    except imaplib.IMAP4.error as e:
        assert "AUTHENTICATIONFAILED" in str(e), e
    # ID (RFC 2971), through imaplib's generic command.
    imaplib.Commands.setdefault("ID", ("NONAUTH", "AUTH", "SELECTED"))
    typ, data = m._simple_command("ID", '("name" "imaplib")')
    assert typ == "OK", (typ, data)
    typ, data = m._untagged_response(typ, data, "ID")
    assert data and b'"name" "minimail"' in data[0], data
    m.logout()


def disabled():
    m = connect()
    caps = m.capabilities
    assert "IMAP4REV1" in caps, caps
    assert "LOGINDISABLED" in caps, caps
    assert not any(c.startswith("AUTH=") for c in caps), caps
    try:
        m.login("alice", "secret")
        raise AssertionError("LOGIN succeeded although LOGINDISABLED")
    except imaplib.IMAP4.error as e:
        assert "PRIVACYREQUIRED" in str(e), e
    m.logout()


{"main": main, "disabled": disabled}[mode]()
