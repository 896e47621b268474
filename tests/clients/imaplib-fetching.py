"""tests/clients/imaplib-fetching.py -- Python's imaplib against the
chapter 10 stage (chapter fetching).  Run by test-imaplib-fetching.sh, which
starts the server:

    python3 imaplib-fetching.py PORT MAILDIR_ROOT

A multipart message (LF line ends, as chapter 5 stores mail) is dropped
into alice's Maildir; then: BODY.PEEK[] is the message with CRLF line
ends, byte for byte, and RFC822.SIZE is that literal's size; sections
(HEADER, TEXT, part numbers, MIME, HEADER.FIELDS, HEADER.FIELDS.NOT, a
part inside a message/rfc822), partials, ENVELOPE and BODYSTRUCTURE
exactly; PEEK leaves \\Seen alone and BODY[] sets it; UID FETCH; bad
input gets BAD and the session lives on.  Exit 0 on success."""

import imaplib
import os
import sys

port, root = int(sys.argv[1]), sys.argv[2]

MSG = (
    'Date: Mon, 7 Feb 1994 21:52:25 -0800\n'
    'From: "Fred \\"the\\" Foo\\\\bar" <foobar@Blurdybloop.example>\n'
    'Subject: afternoon\n'
    ' meeting\n'
    'To: mooch@owatagu.example, Team: a@b.example;\n'
    'Message-Id: <B27397-0100000@Blurdybloop.example>\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary="XX"\n'
    '\n'
    'preamble\n'
    '--XX\n'
    'Content-Type: text/plain; charset=utf-8\n'
    '\n'
    'Hello Joe\n'
    'Gr\u00fc\u00dfe\n'
    '--XX\n'
    'Content-Type: message/rfc822\n'
    '\n'
    'Subject: inner\n'
    'From: x@y.example\n'
    '\n'
    'inner body\n'
    '--XX--\n'
).encode('utf-8')
CRLF = MSG.replace(b'\n', b'\r\n')


def deliver():
    home = os.path.join(root, 'alice')
    for d in ('tmp', 'new', 'cur'):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    tmp = os.path.join(home, 'tmp', '1700000000.M1P1.test')
    with open(tmp, 'wb') as f:
        f.write(MSG)
    os.rename(tmp, os.path.join(home, 'new', '1700000000.M1P1.test'))


def fetch(m, what, seq='1'):
    typ, data = m.fetch(seq, what)
    assert typ == 'OK', (what, typ, data)
    return data


def literal(m, what):
    data = fetch(m, what)
    assert isinstance(data[0], tuple), data
    return data[0][1]


deliver()
m = imaplib.IMAP4('127.0.0.1', port)
m.login('alice', 'secret')
typ, data = m.select('INBOX')
assert typ == 'OK' and data == [b'1'], data

body = literal(m, '(BODY.PEEK[])')
assert body == CRLF, (body, CRLF)
data = fetch(m, '(RFC822.SIZE)')
assert data == [b'1 (RFC822.SIZE %d)' % len(CRLF)], data
data = fetch(m, '(FLAGS)')
assert b'\\Seen' not in data[0], data              # PEEK left it unseen

hdr_end = CRLF.index(b'\r\n\r\n') + 4
assert literal(m, '(BODY.PEEK[HEADER])') == CRLF[:hdr_end]
assert literal(m, '(BODY.PEEK[TEXT])') == CRLF[hdr_end:]
assert literal(m, '(BODY.PEEK[1])') == 'Hello Joe\r\nGr\u00fc\u00dfe'.encode('utf-8')
assert literal(m, '(BODY.PEEK[1.MIME])') == b'Content-Type: text/plain; charset=utf-8\r\n\r\n'
assert literal(m, '(BODY.PEEK[2.HEADER])') == b'Subject: inner\r\nFrom: x@y.example\r\n\r\n'
assert literal(m, '(BODY.PEEK[2.TEXT])') == b'inner body'
assert literal(m, '(BODY.PEEK[2.1])') == b'inner body'
assert literal(m, '(BODY.PEEK[HEADER.FIELDS (subject TO)])') == (
    b'Subject: afternoon\r\n meeting\r\n'
    b'To: mooch@owatagu.example, Team: a@b.example;\r\n\r\n')
nf = literal(m, '(BODY.PEEK[HEADER.FIELDS.NOT (Subject To From Date Message-Id Content-Type)])')
assert nf == b'MIME-Version: 1.0\r\n\r\n', nf
assert literal(m, '(BODY.PEEK[]<0.4>)') == b'Date'
assert literal(m, '(BODY.PEEK[]<%d.100>)' % (len(CRLF) - 3)) == b'-\r\n'
assert literal(m, '(BODY.PEEK[]<99999.10>)') == b''

data = fetch(m, '(ENVELOPE)')
env = (b'1 (ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "afternoon meeting" '
       b'(("Fred \\"the\\" Foo\\\\bar" NIL "foobar" "Blurdybloop.example")) '
       b'(("Fred \\"the\\" Foo\\\\bar" NIL "foobar" "Blurdybloop.example")) '
       b'(("Fred \\"the\\" Foo\\\\bar" NIL "foobar" "Blurdybloop.example")) '
       b'((NIL NIL "mooch" "owatagu.example")(NIL NIL "Team" NIL)'
       b'(NIL NIL "a" "b.example")(NIL NIL NIL NIL)) NIL NIL NIL '
       b'"<B27397-0100000@Blurdybloop.example>"))')
assert data == [env], (data, env)

data = fetch(m, '(BODYSTRUCTURE)')
bs = (b'1 (BODYSTRUCTURE (("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 18 2 NIL NIL NIL NIL)'
      b'("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 47 (NIL "inner" ((NIL NIL "x" "y.example")) '
      b'((NIL NIL "x" "y.example")) ((NIL NIL "x" "y.example")) NIL NIL NIL NIL NIL) '
      b'("TEXT" "PLAIN" ("charset" "us-ascii") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL) 4 NIL NIL NIL NIL) '
      b'"MIXED" ("boundary" "XX") NIL NIL NIL))')
assert data == [bs], (data, bs)
data = fetch(m, '(BODY)')
assert data[0].startswith(b'1 (BODY (("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 18 2)'), data

# UID FETCH, then a body fetch that sets \Seen and says so
typ, data = m.uid('FETCH', '1:*', '(FLAGS)')
assert typ == 'OK' and data[0].startswith(b'1 (UID 1 FLAGS ('), data
data = fetch(m, '(BODY[TEXT])')
assert b'FLAGS (\\Seen' in data[1] or b'FLAGS (\\Seen' in data[0][0], data
data = fetch(m, '(FLAGS)')
assert b'\\Seen' in data[0], data
assert any(':2,S' in n for n in os.listdir(os.path.join(root, 'alice', 'cur')))

# bad input: BAD, and the session goes on
for bad in ('(BODY[0])', '(BODY[HEADER.FIELDS])', '(NONSENSE)', '(BODY[1]<5>)', '(BODY.PEEK)'):
    try:
        m.fetch('1', bad)
        raise AssertionError('no BAD for ' + bad)
    except imaplib.IMAP4.error:
        pass
for badset in ('0', '1:', '2', '1,,1', 'x'):
    try:
        m.fetch(badset, '(FLAGS)')
        raise AssertionError('no BAD for ' + badset)
    except imaplib.IMAP4.error:
        pass
typ, data = m.noop()
assert typ == 'OK'
m.logout()
print('imaplib fetching: all checks passed')
