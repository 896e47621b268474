"""tests/clients/dovecot-compare.py -- one Maildir, two IMAP servers: the
client half of test-dovecot-mailboxes.sh (chapter mailboxes).

    python3 dovecot-compare.py prepare  PORT ROOT   (minimail-imapd: make folders)
    python3 dovecot-compare.py snapshot PORT        (either server: print a summary)
    python3 dovecot-compare.py change   PORT        (Dovecot: change things)

"snapshot" prints what a client sees, one fact per line, sorted, in a form
that does not depend on which server answered: every LIST line (name and
attributes), every LSUB name, STATUS MESSAGES and UNSEEN of every
selectable mailbox, and the EXISTS of SELECT INBOX.  The shell script
compares the snapshots of the two servers with diff.  RECENT and UIDs are
left out on purpose: each server keeps its own (\\Recent is per session,
UIDs are in each server's own map file).  Exit 0 on success."""

import imaplib
import os
import re
import sys
import time

LIST_RE = re.compile(rb'^\((?P<attrs>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$')


def connect(port):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=20)
    typ, _ = m.login("alice", "secret")
    assert typ == "OK"
    return m


def unquote(raw):
    name = raw.decode()
    if name.startswith('"'):
        name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return name


def listing(m, lsub=False):
    typ, data = (m.lsub if lsub else m.list)('""', "*")
    assert typ == "OK", (typ, data)
    out = []
    for line in data:
        if line is None:
            continue
        g = LIST_RE.match(line)
        assert g, line
        attrs = sorted(a for a in g.group("attrs").decode().split()
                       if a.lower() in ("\\noselect", "\\haschildren", "\\hasnochildren"))
        out.append((unquote(g.group("name")), attrs))
    return out


def ok(result):
    typ, data = result
    assert typ == "OK", (typ, data)
    return data


COUNTER = [0]


def drop(root, folder, n, flags=None):
    """Deliver messages as a delivery agent does; with flags, straight into
    cur/ with that info suffix (a message some Maildir reader has seen)."""
    d = os.path.join(root, "alice", "." + folder if folder else "")
    for i in range(n):
        COUNTER[0] += 1
        name = "%d.M%dP%dQ%d.compare" % (int(time.time()), COUNTER[0], os.getpid(), COUNTER[0])
        with open(os.path.join(d, "tmp", name), "w") as f:
            f.write("From: test@example.test\nSubject: %s %d\n\nbody\n" % (folder, i))
        target = os.path.join(d, "new", name) if flags is None else os.path.join(d, "cur", name + ":2," + flags)
        os.rename(os.path.join(d, "tmp", name), target)


def prepare(port, root):
    m = connect(port)
    for name in ("Archive.2024", '"Sent Items"', "Caf&AOk-", "Work", "Work.Old", "INBOX.Lists"):
        ok(m.create(name))
    ok(m.delete("Work"))            # Work.Old stays: Work becomes \Noselect
    for name in ("INBOX", '"Sent Items"', "Archive.2024"):
        ok(m.subscribe(name))
    drop(root, None, 3)
    drop(root, None, 2, flags="S")
    drop(root, "Archive.2024", 2)
    drop(root, "Caf&AOk-", 1, flags="RS")
    typ, data = m.select("INBOX")   # moves new/ to cur/
    assert typ == "OK" and data == [b"5"], (typ, data)
    m.logout()


def snapshot(port):
    m = connect(port)
    facts = []
    names = listing(m)
    for name, attrs in names:
        facts.append("LIST %s %s" % (name, " ".join(attrs)))
    for name, _ in listing(m, lsub=True):
        facts.append("LSUB %s" % name)
    for name, attrs in names:
        if "\\Noselect" in attrs:
            continue
        quoted = '"%s"' % name.replace("\\", "\\\\").replace('"', '\\"')
        data = ok(m.status(quoted, "(MESSAGES UNSEEN)"))
        counts = re.search(rb"\(MESSAGES (\d+) UNSEEN (\d+)\)", data[0])
        assert counts, data
        facts.append("STATUS %s MESSAGES %s UNSEEN %s" % (name, counts.group(1).decode(),
                                                          counts.group(2).decode()))
    typ, data = m.select("INBOX", readonly=True)
    assert typ == "OK", (typ, data)
    facts.append("EXAMINE INBOX EXISTS %s" % data[0].decode())
    m.logout()
    print("\n".join(sorted(facts)))


def change(port):
    m = connect(port)
    ok(m.create("Projects.2025"))
    ok(m.rename('"Sent Items"', "Sent"))
    ok(m.subscribe("Projects.2025"))
    ok(m.append("Projects.2025", "(\\Seen)", None,
                b"From: dovecot@example.test\r\nSubject: appended\r\n\r\nby Dovecot\r\n"))
    ok(m.append("Projects.2025", None, None,
                b"From: dovecot@example.test\r\nSubject: unseen\r\n\r\nby Dovecot\r\n"))
    ok(m.select("INBOX"))
    ok(m.store("1:2", "+FLAGS", "(\\Seen)"))
    ok(m.close())
    ok(m.delete("Archive.2024"))
    m.logout()


mode = sys.argv[1]
if mode == "prepare":
    prepare(int(sys.argv[2]), sys.argv[3])
elif mode == "snapshot":
    snapshot(int(sys.argv[2]))
elif mode == "change":
    change(int(sys.argv[2]))
else:
    raise SystemExit("unknown mode " + mode)
