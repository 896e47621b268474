"""tests/clients/imaplib-mailboxes.py -- Python's imaplib against
minimail-imapd (chapter mailboxes).  Run by test-imaplib-mailboxes.sh, which
starts the server:

    python3 imaplib-mailboxes.py PORT MAILDIR_ROOT

As alice: LIST (the delimiter, INBOX), CREATE of plain, nested, quoted and
modified UTF-7 names, LIST with * and %, STATUS, messages dropped into the
Maildir as a delivery agent would (tmp/, then new/), SELECT (EXISTS,
RECENT, UIDVALIDITY, UIDNEXT, READ-WRITE) and EXAMINE (READ-ONLY), new mail
seen by NOOP, RENAME with inferiors, RENAME INBOX, DELETE, SUBSCRIBE/LSUB/
UNSUBSCRIBE, NAMESPACE, and NO for missing or hostile names.  Exit status 0
on success; a failure raises (status 1)."""

import imaplib
import os
import re
import sys
import time

port, root = int(sys.argv[1]), sys.argv[2]
LIST_RE = re.compile(rb'^\((?P<attrs>[^)]*)\) "(?P<delim>[^"]*)" (?P<name>.+)$')
counter = [0]


def names(m, pattern="*", lsub=False):
    """{name: set(attributes)} from LIST or LSUB."""
    typ, data = (m.lsub if lsub else m.list)('""', pattern)
    assert typ == "OK", (typ, data)
    out = {}
    for line in data:
        if line is None:
            continue
        g = LIST_RE.match(line)
        assert g, line
        assert g.group("delim") == b".", line
        name = g.group("name").decode()
        if name.startswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        out[name] = set(g.group("attrs").decode().split())
    return out


def drop(folder, n):
    """Deliver n messages into a mailbox, as a delivery agent does."""
    d = os.path.join(root, "alice", "." + folder if folder else "")
    for _ in range(n):
        counter[0] += 1
        name = "%d.M%dP%dQ%d.imaplib" % (int(time.time()), counter[0], os.getpid(), counter[0])
        with open(os.path.join(d, "tmp", name), "w") as f:
            f.write("From: test@example.test\nSubject: %d\n\nbody\n" % counter[0])
        os.rename(os.path.join(d, "tmp", name), os.path.join(d, "new", name))


def ok(result):
    typ, data = result
    assert typ == "OK", (typ, data)
    return data


def no(result, code=None):
    typ, data = result
    assert typ == "NO", (typ, data)
    if code:
        assert code.encode() in data[0], data
    return data


def main():
    m = imaplib.IMAP4("127.0.0.1", port, timeout=20)
    for cap in ("IMAP4REV1", "NAMESPACE", "UNSELECT", "CHILDREN"):
        assert cap in m.capabilities, m.capabilities
    ok(m.login("alice", "secret"))

    # The delimiter, and a fresh user's one mailbox.
    typ, data = m.list('""', '""')
    assert typ == "OK" and data == [b'(\\Noselect) "." ""'], data
    assert names(m) == {"INBOX": {"\\HasNoChildren"}}, names(m)

    # CREATE: nested (the superior is \Noselect), quoted, modified UTF-7.
    ok(m.create("Archive.2024"))
    ok(m.create('"Sent Items"'))
    ok(m.create("Caf&AOk-"))
    ok(m.create("Trash."))
    no(m.create("Trash"), "ALREADYEXISTS")
    no(m.create("INBOX"), "ALREADYEXISTS")
    no(m.create("../escape"), "CANNOT")
    no(m.create("a/b"), "CANNOT")
    all_names = names(m)
    assert all_names == {
        "INBOX": {"\\HasNoChildren"},
        "Archive": {"\\Noselect", "\\HasChildren"},
        "Archive.2024": {"\\HasNoChildren"},
        "Sent Items": {"\\HasNoChildren"},
        "Caf&AOk-": {"\\HasNoChildren"},
        "Trash": {"\\HasNoChildren"},
    }, all_names
    assert set(names(m, "%")) == {"INBOX", "Archive", "Sent Items", "Caf&AOk-", "Trash"}
    assert set(names(m, "Archive.%")) == {"Archive.2024"}

    # STATUS of an empty mailbox, then with mail waiting in new/.
    data = ok(m.status("Archive.2024", "(MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)"))
    assert re.match(rb'^Archive\.2024 \(MESSAGES 0 RECENT 0 UIDNEXT 1 UIDVALIDITY \d+ UNSEEN 0\)$',
                    data[0]), data
    drop(None, 3)
    data = ok(m.status("INBOX", "(MESSAGES RECENT UIDNEXT UNSEEN)"))
    assert data == [b"INBOX (MESSAGES 3 RECENT 3 UIDNEXT 4 UNSEEN 3)"], data

    # EXAMINE: read-only, takes no \Recent.
    typ, data = m.select("INBOX", readonly=True)
    assert typ == "OK" and data == [b"3"], (typ, data)
    assert "READ-ONLY" in m.untagged_responses, m.untagged_responses
    assert m.untagged_responses["RECENT"][-1] == b"3", m.untagged_responses
    # SELECT: EXISTS, RECENT, UIDVALIDITY, UIDNEXT, READ-WRITE.
    typ, data = m.select("INBOX")
    assert typ == "OK" and data == [b"3"], (typ, data)
    uidnext = m.response("UIDNEXT")[1]
    assert uidnext == [b"4"], uidnext
    validity = m.response("UIDVALIDITY")[1][0]
    assert int(validity) > 0, validity
    assert m.state == "SELECTED", m.state
    # New mail while selected: NOOP tells.
    drop(None, 2)
    ok(m.noop())
    exists = m.response("EXISTS")[1]
    assert exists[-1] == b"5", exists
    ok(m.check())
    ok(m.close())
    assert m.state == "AUTH", m.state
    data = ok(m.status("INBOX", "(MESSAGES RECENT UIDNEXT UIDVALIDITY)"))
    assert data == [b"INBOX (MESSAGES 5 RECENT 0 UIDNEXT 6 UIDVALIDITY " + validity + b")"], data
    no(m.select("Nowhere"), "NONEXISTENT")
    assert m.state == "AUTH", m.state
    no(m.select("Archive"))           # \Noselect

    # RENAME with inferiors; RENAME INBOX moves the messages.
    ok(m.create("Archive"))
    ok(m.rename("Archive", "Old"))
    assert {"Old", "Old.2024"} <= set(names(m)) and "Archive" not in names(m)
    no(m.rename("Nowhere", "Else"), "NONEXISTENT")
    no(m.rename("Old", "Trash"), "ALREADYEXISTS")
    ok(m.rename("INBOX", "Saved"))
    assert ok(m.status("Saved", "(MESSAGES)")) == [b"Saved (MESSAGES 5)"]
    assert ok(m.status("INBOX", "(MESSAGES)")) == [b"INBOX (MESSAGES 0)"]

    # DELETE: with an inferior the name stays \Noselect.
    ok(m.delete("Old"))
    assert names(m, "Old*") == {"Old": {"\\Noselect", "\\HasChildren"},
                                "Old.2024": {"\\HasNoChildren"}}
    no(m.delete("Old"))
    ok(m.delete("Old.2024"))
    no(m.delete("INBOX"))
    no(m.delete("Old"), "NONEXISTENT")

    # SUBSCRIBE / LSUB / UNSUBSCRIBE.
    ok(m.subscribe('"Sent Items"'))
    ok(m.subscribe("INBOX"))
    no(m.subscribe("Nowhere"), "NONEXISTENT")
    assert set(names(m, "*", lsub=True)) == {"Sent Items", "INBOX"}
    ok(m.unsubscribe('"Sent Items"'))
    assert set(names(m, "*", lsub=True)) == {"INBOX"}

    typ, data = m.namespace()
    assert typ == "OK" and data == [b'(("" ".")) NIL NIL'], data
    typ, data = m.logout()
    assert typ == "BYE", (typ, data)


main()
