"""tests/clients/imaplib-search.py -- Python's imaplib searching chapter 11's
minimail-imapd (chapter changing-mail).  Run by test-imaplib-search.sh,
which starts the server:

    python3 imaplib-search.py PORT MAILDIR_ROOT

Two messages are delivered into alice's Maildir beside two unrelated
ones: one plain, one with dot-stuffed lines, both with a unique token in
the Subject.  Then the searches real clients send, the way imaplib sends
them (m.search(charset, *criteria), m.uid('SEARCH', ...)): SUBJECT in
any case, HEADER Message-ID, BODY, TEXT, FROM, TO, flags before and after
STORE, NOT, OR, SINCE/SENTSINCE/BEFORE, LARGER/SMALLER, UID and sequence
sets, ALL, CHARSET US-ASCII (what imap_tools always sends) and UTF-8,
a UTF-8 string as a literal, an unknown charset (NO [BADCHARSET]) and
bad criteria (BAD), after which the session still works.
Exit 0 on success."""

import email.utils
import imaplib
import os
import sys
import time

port, root = int(sys.argv[1]), sys.argv[2]
T = 'mmsearch%d' % os.getpid()
ADDR = 'alice@example.org'


def message(kind):
    head = ('Date: %s\nFrom: Sender <%s>\nTo: %s\nSubject: %s-%s token\n'
            'Message-ID: <%s-%s@example.org>\n'
            % (email.utils.formatdate(), ADDR, ADDR, T, kind, T, kind))
    if kind == 'a':
        body = 'Hello from the interop harness.\n'
    elif kind == 'b':
        body = 'A dot-stuffing test:\n.\n..leading dots\n. and more\n'
    else:
        head = 'From: other@example.net\nSubject: unrelated %s\n' % kind
        body = 'Gr\u00fc\u00dfe aus K\u00f6ln\n'
    return (head + '\n' + body).encode('utf-8')


def deliver(n, kind):
    home = os.path.join(root, 'alice')
    for d in ('tmp', 'new', 'cur'):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    data = message(kind)
    name = '17000000%02d.M%dP%d.search' % (n, n, os.getpid())
    if kind == 'b':            # sizes in the name, as chapter 5 writes them
        name += ',S=%d,W=%d' % (len(data), len(data) + data.count(b'\n'))
    tmp = os.path.join(home, 'tmp', name)
    with open(tmp, 'wb') as f:
        f.write(data)
    os.rename(tmp, os.path.join(home, 'new', name))


def search(m, *crit, uid=False, charset=None):
    if uid:
        typ, dat = m.uid('SEARCH', *((['CHARSET', charset] if charset else []) + list(crit)))
    else:
        typ, dat = m.search(charset, *crit)
    assert typ == 'OK', (crit, typ, dat)
    out = set()
    for line in dat:
        if line:
            out |= set(int(x) for x in line.split())
    return out


def expect(got, want, what):
    assert got == want, '%s: got %s, expected %s' % (what, sorted(got), sorted(want))


deliver(1, 'x')
deliver(2, 'a')
deliver(3, 'b')
deliver(4, 'y')

m = imaplib.IMAP4('127.0.0.1', port)
m.login('alice', 'secret')
typ, data = m.select('INBOX')
assert typ == 'OK' and data == [b'4'], data
exists = 4
sa, sb = 2, 3
both = {sa, sb}
typ, data = m.fetch('%d,%d' % (sa, sb), '(UID)')
assert typ == 'OK', data
ua, ub = [int(x.split()[2].rstrip(b')')) for x in data]

S = lambda *c: search(m, *c)
expect(S('SUBJECT', T), both, 'SUBJECT token')
expect(search(m, 'SUBJECT', T, uid=True), {ua, ub}, 'UID SEARCH SUBJECT')
expect(S('SUBJECT', T.upper()), both, 'SUBJECT in upper case')
expect(S('HEADER', 'Message-ID', '"<%s-a@example.org>"' % T), {sa}, 'HEADER Message-ID')
expect(S('BODY', '"dot-stuffing test"', 'SUBJECT', T), {sb}, 'BODY')
expect(S('TEXT', '"Hello from the interop"', 'SUBJECT', T), {sa}, 'TEXT')
expect(S('FROM', ADDR, 'SUBJECT', T), both, 'FROM')
expect(S('TO', ADDR, 'SUBJECT', T), both, 'TO')
expect(S('UNSEEN', 'SUBJECT', T), both, 'UNSEEN before STORE')
assert m.uid('STORE', str(ua), '+FLAGS', r'(\Seen)')[0] == 'OK'
assert m.uid('STORE', str(ub), '+FLAGS', r'(\Flagged)')[0] == 'OK'
expect(S('SEEN', 'SUBJECT', T), {sa}, 'SEEN')
expect(S('UNSEEN', 'SUBJECT', T), {sb}, 'UNSEEN')
expect(S('FLAGGED', 'SUBJECT', T), {sb}, 'FLAGGED')
expect(S('UNFLAGGED', 'SUBJECT', T), {sa}, 'UNFLAGGED')
expect(S('NOT', 'SEEN', 'SUBJECT', T), {sb}, 'NOT SEEN')
expect(S('OR', 'HEADER', 'Message-ID', '"<%s-a@example.org>"' % T, 'FLAGGED', 'SUBJECT', T),
       both, 'OR')
yday = time.strftime('%d-%b-%Y', time.gmtime(time.time() - 2 * 86400))
tomorrow = time.strftime('%d-%b-%Y', time.gmtime(time.time() + 2 * 86400))
expect(S('SINCE', yday, 'SUBJECT', T), both, 'SINCE')
expect(S('SENTSINCE', yday, 'SUBJECT', T), both, 'SENTSINCE')
expect(S('BEFORE', yday, 'SUBJECT', T), set(), 'BEFORE')
expect(S('SENTBEFORE', tomorrow), both, 'SENTBEFORE')
expect(S('LARGER', '10', 'SMALLER', '100000000', 'SUBJECT', T), both, 'LARGER/SMALLER')
expect(S('UID', '%d,%d' % (ua, ub)), both, 'UID set')
expect(S('%d,%d' % (sa, sb), 'SUBJECT', T), both, 'sequence set')
alls = S('ALL')
expect(alls, set(range(1, exists + 1)), 'ALL')
expect(search(m, 'SUBJECT', T, charset='US-ASCII'), both, 'CHARSET US-ASCII')
expect(search(m, 'SUBJECT', T, charset='UTF-8'), both, 'CHARSET UTF-8')
expect(search(m, 'SUBJECT', T, uid=True, charset='US-ASCII'), {ua, ub}, 'UID SEARCH CHARSET')

# A UTF-8 string must be a literal (quoted strings are 7-bit): imaplib
# sends m.literal after the command line, waiting for the server's '+'.
m.literal = 'K\u00f6ln'.encode('utf-8')
expect(search(m, 'BODY', charset='UTF-8'), {1, 4}, 'UTF-8 literal')

# An unknown charset is NO [BADCHARSET], not BAD.
typ, dat = m.search('KOI8-R', 'ALL')
assert typ == 'NO' and b'BADCHARSET' in dat[0], (typ, dat)

# Bad criteria are BAD (imaplib raises) and the session goes on.
for crit in (('FOO',), ('OR', 'SEEN'), ('BEFORE', '31-Feb-2026'), ('NOT' + ' NOT' * 300, 'SEEN'),
             ('1:4294967296',)):
    try:
        m.search(None, *crit)
    except imaplib.IMAP4.error as e:
        assert 'BAD' in str(e), e
    else:
        raise AssertionError('SEARCH %s was not refused' % (crit,))
expect(S('1:4294967295'), set(range(1, exists + 1)), '1:4294967295')
assert m.noop()[0] == 'OK'
m.logout()
print('imaplib search: all checks passed')
