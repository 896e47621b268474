"""tests/clients/imaplib-search-decode.py -- Python's imaplib searching
chapter 11's minimail-imapd (chapter changing-mail) for text that Python's
own email package encoded.  Run by test-imaplib-search-decode.sh, which
starts the server:

    python3 imaplib-search-decode.py PORT MAILDIR_ROOT

Python's email package writes a non-ASCII Subject and display name as RFC
2047 encoded words and a body as quoted-printable or base64, as most
mailers do.  imaplib then searches with CHARSET UTF-8 and the words as
literals (m.literal): the server must find the decoded text, and must not
find the encoded form.  Exit 0 on success."""

import email.policy
import imaplib
import os
import sys
from email.headerregistry import Address
from email.message import EmailMessage

port, root = int(sys.argv[1]), sys.argv[2]


def message(subject, sender, body, cte, charset='utf-8'):
    m = EmailMessage(policy=email.policy.SMTP)
    m['From'] = sender
    m['To'] = 'alice@example.org'
    m['Subject'] = subject
    m.set_content(body, charset=charset, cte=cte)
    return m.as_bytes()


MSGS = [
    # 1: Subject and From as encoded words, body quoted-printable
    message('Gr\u00f6\u00dfe aus K\u00f6ln ' + 'und viele Gr\u00fc\u00dfe ' * 4,
            Address('J\u00f6rg M\u00fcller', 'joerg', 'example.org'),
            'Sch\u00f6ne Gr\u00fc\u00dfe aus K\u00f6ln, ' * 5 + '\n', 'quoted-printable'),
    # 2: body base64
    message('Bericht', 'anna@example.org',
            'Ein Zeppelin \u00fcber M\u00fcnchen\n', 'base64'),
    # 3: Latin-1 body, quoted-printable
    message('Stra\u00dfe', 'ben@example.org', 'Die Stra\u00dfe in Z\u00fcrich\n',
            'quoted-printable', charset='iso-8859-1'),
    # 4: plain ASCII
    message('plain', 'carl@example.org', 'nothing encoded here\n', '7bit'),
]
# The test is only worth something if Python did encode.
assert b'Subject: =?utf-8?' in MSGS[0] and b'From: =?utf-8?' in MSGS[0], MSGS[0]
assert b'quoted-printable' in MSGS[0] and b'base64' in MSGS[1], MSGS[1]


def deliver(n, data):
    home = os.path.join(root, 'alice')
    for d in ('tmp', 'new', 'cur'):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    name = '17100000%02d.M%dP%d.decode' % (n, n, os.getpid())
    tmp = os.path.join(home, 'tmp', name)
    with open(tmp, 'wb') as f:
        f.write(data.replace(b'\r\n', b'\n'))
    os.rename(tmp, os.path.join(home, 'new', name))


for i, data in enumerate(MSGS):
    deliver(i + 1, data)

m = imaplib.IMAP4('127.0.0.1', port)
m.login('alice', 'secret')
typ, data = m.select('INBOX')
assert typ == 'OK' and data == [b'%d' % len(MSGS)], data


def search(key, text=None, charset=None):
    """SEARCH key [text]; a non-ASCII text goes as a literal (CHARSET UTF-8)."""
    if text is not None and any(ord(c) > 127 for c in text):
        m.literal = text.encode('utf-8')
        typ, dat = m.search('UTF-8', key)
    else:
        crit = [key] + ([] if text is None else ['"%s"' % text])
        typ, dat = m.search(charset, *crit)
    assert typ == 'OK', (key, text, typ, dat)
    return set(int(x) for line in dat if line for x in line.split())


def expect(got, want, what):
    assert got == want, '%s: got %s, expected %s' % (what, sorted(got), sorted(want))


expect(search('SUBJECT', 'Gr\u00f6\u00dfe aus K\u00f6ln'), {1}, 'SUBJECT (encoded words)')
expect(search('SUBJECT', 'viele Gr\u00fc\u00dfe und viele'), {1}, 'SUBJECT across words')
expect(search('SUBJECT', 'STRA\u00dfE'), {3}, 'SUBJECT Latin-1 letter, any case')
expect(search('FROM', 'J\u00f6rg M\u00fcller'), {1}, 'FROM display name')
expect(search('FROM', 'joerg', charset='US-ASCII'), {1}, 'FROM, CHARSET US-ASCII')
expect(search('BODY', 'Gr\u00fc\u00dfe aus K\u00f6ln, Sch\u00f6ne'), {1}, 'BODY quoted-printable')
expect(search('BODY', '\u00fcber M\u00fcnchen'), {2}, 'BODY base64')
expect(search('BODY', 'zeppelin', charset='US-ASCII'), {2}, 'BODY base64, US-ASCII')
expect(search('BODY', 'Stra\u00dfe in Z\u00fcrich'), {3}, 'BODY Latin-1')
expect(search('TEXT', 'K\u00f6ln'), {1}, 'TEXT')
expect(search('BODY', '=C3=B6'), set(), 'BODY in the encoded form')
expect(search('SUBJECT', '=?utf-8?'), set(), 'SUBJECT as written')
expect(search('BODY', 'nothing encoded'), {4}, 'BODY plain')
assert m.noop()[0] == 'OK'
m.logout()
print('imaplib search decode: all checks passed')
