"""tests/clients/imaplib-append-copy.py -- Python's imaplib against
chapter 11's minimail-imapd (chapter changing-mail): APPEND, COPY and MOVE
as a real client does them.  Run by test-imaplib-append-copy.sh, which
starts the server with --max-append-size 64K:

    python3 imaplib-append-copy.py PORT MAILDIR_ROOT

APPEND with flags and a date-time (imaplib sends a synchronising literal
and waits for "+"), answered with APPENDUID; the message comes back from
BODY.PEEK[] byte for byte, with RFC822.SIZE, FLAGS and INTERNALDATE as
appended; COPY and UID COPY with COPYUID, the copies byte-exact with
their flags; MOVE and UID MOVE with COPYUID and EXPUNGE; a missing
mailbox gets NO [TRYCREATE], a message over the limit NO [TOOBIG] before
it is sent, and the session lives on.  Exit 0 on success."""

import datetime
import imaplib
import os
import re
import sys

port, root = int(sys.argv[1]), sys.argv[2]

# CRLF line ends and 8-bit octets: what must survive the round trip.
MSG = (
    'From: alice@example.test\r\n'
    'To: bob@example.test\r\n'
    'Subject: round trip\r\n'
    'MIME-Version: 1.0\r\n'
    'Content-Type: text/plain; charset=utf-8\r\n'
    'Content-Transfer-Encoding: 8bit\r\n'
    '\r\n'
    'Gr\u00fc\u00dfe,\r\n'
    '\r\n'
    '  indented line\r\n'
    '.\r\n'
    'last line\r\n'
).encode('utf-8')
WHEN = datetime.datetime(2024, 2, 29, 23, 30, 15,
                         tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))


def check(cond, what):
    if not cond:
        print('FAIL:', what, file=sys.stderr)
        sys.exit(1)


def ok(resp, what):
    typ, data = resp
    check(typ == 'OK', '%s: %s %r' % (what, typ, data))
    return data


def fetch_one(m, num, items, uid=False):
    """The parts of one FETCH response: (metadata bytes, literal or None)."""
    if uid:
        data = ok(m.uid('FETCH', num, items), 'UID FETCH ' + num)
    else:
        data = ok(m.fetch(num, items), 'FETCH ' + num)
    first = data[0]
    if isinstance(first, tuple):
        return first[0] + b''.join(d for d in data[1:] if isinstance(d, bytes)), first[1]
    return first, None


m = imaplib.IMAP4('127.0.0.1', port)
caps = m.capabilities
check('UIDPLUS' in caps and 'MOVE' in caps, 'capabilities %r' % (caps,))
ok(m.login('alice', 'secret'), 'LOGIN')
ok(m.create('Archive'), 'CREATE')

# ---- APPEND with flags and date-time ----
data = ok(m.append('INBOX', r'(\Seen \Flagged)', imaplib.Time2Internaldate(WHEN), MSG),
          'APPEND')
match = re.match(rb'\[APPENDUID (\d+) (\d+)\]', data[0])
check(match is not None, 'APPENDUID in %r' % data)
validity, uid1 = int(match.group(1)), int(match.group(2))
check(uid1 == 1, 'first UID %d' % uid1)
data = ok(m.append('INBOX', None, None, MSG), 'APPEND without flags')
check(data[0].startswith(b'[APPENDUID %d 2]' % validity), 'second APPENDUID %r' % data)

typ, data = m.append('Nowhere', None, None, MSG)
check(typ == 'NO' and b'[TRYCREATE]' in data[0], 'APPEND to a missing mailbox: %s %r'
      % (typ, data))
big = b'Subject: big\r\n\r\n' + b'x' * 70 * 1024 + b'\r\n'
typ, data = m.append('INBOX', None, None, big)
check(typ == 'NO' and b'[TOOBIG]' in data[0], 'APPEND over the limit: %s %r' % (typ, data))
ok(m.noop(), 'NOOP after TOOBIG')

typ, data = m.select('INBOX')
check(typ == 'OK' and data[0] == b'2', 'SELECT INBOX: %s %r' % (typ, data))
meta, body = fetch_one(m, '1', '(FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])')
check(body == MSG, 'BODY.PEEK[] differs:\n%r\n%r' % (body, MSG))
check(b'RFC822.SIZE %d ' % len(MSG) in meta, 'RFC822.SIZE in %r' % meta)
check(b'\\Seen' in meta and b'\\Flagged' in meta, 'FLAGS in %r' % meta)
stamp = imaplib.Internaldate2tuple(meta)
check(stamp is not None, 'INTERNALDATE in %r' % meta)
check(datetime.datetime(*stamp[:6]) == WHEN.astimezone().replace(tzinfo=None),
      'INTERNALDATE %r is not %r' % (stamp, WHEN))

# ---- COPY and UID COPY ----
typ, data = m.copy('1:2', 'Archive')
check(typ == 'OK', 'COPY: %s %r' % (typ, data))
check(re.match(rb'\[COPYUID \d+ 1:2 1:2\]', data[0]) is not None, 'COPYUID in %r' % data)
# (imaplib's uid() returns untagged data only; the code is in the tagged OK)
data = ok(m._simple_command('UID', 'COPY', '2', 'Archive'), 'UID COPY')
check(re.match(rb'\[COPYUID \d+ 2 3\]', data[0]) is not None, 'UID COPYUID in %r' % data)
typ, data = m.copy('1', 'Nowhere')
check(typ == 'NO' and b'[TRYCREATE]' in data[0], 'COPY to a missing mailbox: %r' % data)

# ---- MOVE and UID MOVE ----
typ, data = m._simple_command('MOVE', '1', 'Archive')
check(typ == 'OK', 'MOVE: %s %r' % (typ, data))
# imaplib keeps every [COPYUID] it saw, the tagged ones of COPY too: MOVE's is last
typ, code = m._untagged_response(typ, data, 'COPYUID')
check(code and re.match(rb'\d+ 1 4$', code[-1]) is not None, 'MOVE COPYUID %r' % code)
typ, expunged = m._untagged_response('OK', [None], 'EXPUNGE')
check(expunged == [b'1'], 'MOVE EXPUNGE %r' % expunged)
typ, data = m.uid('MOVE', '2', 'Archive')
check(typ == 'OK', 'UID MOVE: %s %r' % (typ, data))
typ, data = m.select('INBOX')
check(data[0] == b'0', 'INBOX after the moves: %r' % data)

# ---- the copies, byte for byte, with their flags ----
typ, data = m.select('Archive')
check(typ == 'OK' and data[0] == b'5', 'SELECT Archive: %s %r' % (typ, data))
for num in ('1', '2', '3', '4', '5'):
    meta, body = fetch_one(m, num, '(FLAGS RFC822.SIZE BODY.PEEK[])')
    check(body == MSG, 'copy %s differs: %r' % (num, body))
    flagged = num in ('1', '4')      # copies of the first message
    check((b'\\Flagged' in meta) == flagged and (b'\\Seen' in meta) == flagged,
          'copy %s flags %r' % (num, meta))
    # \Recent only without flags (flagged ones are stored in cur/ at once)
    check((b'\\Recent' in meta) != flagged, 'copy %s \\Recent: %r' % (num, meta))
# the Maildir: five files in new/ (moved to cur/ by this SELECT)
files = os.listdir(os.path.join(root, 'alice', '.Archive', 'cur'))
check(len(files) == 5, 'Archive files %r' % files)
check(sum(f.endswith(':2,FS') for f in files) == 2, 'flags in names %r' % files)

typ, data = m.logout()
check(typ == 'BYE', 'LOGOUT: %s %r' % (typ, data))
print('imaplib: APPEND, COPY, MOVE round trips byte-exact')
