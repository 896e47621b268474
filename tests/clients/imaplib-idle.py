"""tests/clients/imaplib-idle.py -- Python's imaplib and smtplib against
chapter 11's minimail-imapd and chapter 7's minimail-smtpd, which share one
Maildir root.  Run by test-imaplib-idle.sh, which starts both servers:

    python3 imaplib-idle.py IMAP_PORT SMTP_PORT MAILDIR_ROOT

One client idles (RFC 2177).  imaplib has no idle() before Python 3.14, so
the command is spoken raw over imaplib's own connection, the way client
code has long done it: a tag, `IDLE`, wait for `+`, read untagged lines,
`DONE`, read the tagged OK.  While it idles: a message sent with smtplib
arrives (`* n EXISTS`), a second imaplib client stores a flag (`* n FETCH`)
and expunges a message (`* n EXPUNGE`).  Every wait is bounded by a socket
timeout.  Exit 0 on success."""

import imaplib
import smtplib
import socket
import sys
import time

imap_port, smtp_port, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
WAIT = 10.0     # seconds, per untagged update


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def send_mail(subject):
    with smtplib.SMTP('127.0.0.1', smtp_port, timeout=WAIT) as s:
        s.sendmail('bob@example.test', ['alice@example.test'],
                   'From: bob@example.test\r\nTo: alice@example.test\r\n'
                   'Subject: %s\r\n\r\nHello from smtplib.\r\n' % subject)


class Idler:
    """IDLE spoken raw over an imaplib connection."""

    def __init__(self, m):
        self.m = m
        self.tag = None

    def start(self):
        self.tag = self.m._new_tag()
        self.m.send(self.tag + b' IDLE\r\n')
        self.m.sock.settimeout(WAIT)
        line = self.m.readline()
        check(line.startswith(b'+ '), 'IDLE: no continuation: %r' % line)

    def wait_for(self, word):
        """Read untagged lines until one ends with @word; return it."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.m.readline()
            except socket.timeout:
                break
            check(line.startswith(b'* '), 'unexpected line while idling: %r' % line)
            if line.rstrip(b'\r\n').split(b' ')[2:3] == [word]:
                return line.rstrip(b'\r\n')
        fail('no %s while idling within %s s' % (word.decode(), WAIT))

    def done(self):
        self.m.send(b'DONE\r\n')
        while True:
            line = self.m.readline()
            check(line != b'', 'EOF after DONE')
            if line.startswith(self.tag + b' '):
                break
        check(line.startswith(self.tag + b' OK'), 'DONE: %r' % line)
        # imaplib knows nothing of this command: forget the tag.
        self.m.tagged_commands.pop(self.tag, None)
        self.m.sock.settimeout(None)


send_mail('first')
a = imaplib.IMAP4('127.0.0.1', imap_port)
check('IDLE' in a.capabilities, 'IDLE not advertised before login: %r' % (a.capabilities,))
a.login('alice', 'secret')
check(a.select('INBOX') == ('OK', [b'1']), 'SELECT')
typ, caps = a.capability()
check(b'IDLE' in caps[0].split(), 'IDLE not advertised: %r' % caps)

idle = Idler(a)
idle.start()
send_mail('second')                                  # over SMTP
check(idle.wait_for(b'EXISTS') == b'* 2 EXISTS', 'EXISTS after delivery')

b = imaplib.IMAP4('127.0.0.1', imap_port)
b.login('alice', 'secret')
b.select('INBOX')
check(b.store('2', '+FLAGS', '(\\Flagged)')[0] == 'OK', 'STORE')
line = idle.wait_for(b'FETCH')
check(line.startswith(b'* 2 FETCH (FLAGS (') and b'\\Flagged' in line, 'FETCH: %r' % line)
check(b.store('1', '+FLAGS', '(\\Deleted)')[0] == 'OK', 'STORE \\Deleted')
check(b.expunge() == ('OK', [b'1']), 'EXPUNGE in the other session')
check(idle.wait_for(b'EXPUNGE') == b'* 1 EXPUNGE', 'EXPUNGE while idling')
idle.done()

# The idling client's numbers are right: message 1 is now "second", flagged.
typ, data = a.fetch('1', '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')
check(typ == 'OK', 'FETCH after IDLE')
check(b'\\Flagged' in data[0][0] and b'Subject: second' in data[0][1], 'FETCH: %r' % data)
check(a.noop()[0] == 'OK', 'NOOP')

# Anything but DONE ends IDLE with BAD; the session goes on.
tag = a._new_tag()
a.send(tag + b' IDLE\r\n')
check(a.readline().startswith(b'+ '), 'second IDLE')
a.send(b'NOOP\r\n')
line = a.readline()
check(line.startswith(tag + b' BAD '), 'not DONE: %r' % line)
a.tagged_commands.pop(tag, None)
check(a.noop()[0] == 'OK', 'NOOP after BAD')

a.logout()
b.logout()
print('imaplib IDLE checks passed')
