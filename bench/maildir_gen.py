"""bench/maildir_gen.py -- a Maildir of realistic messages for bench/imap-bench.

    python3 bench/maildir_gen.py [--seed S] COUNT MAILDIR

writes COUNT messages into MAILDIR (created with tmp/ new/ cur/), the same
messages for the same COUNT and seed on every machine and every run
(random.Random(seed), nothing else that varies), and prints one line:
"messages=N octets=M new=K".

What the messages look like (what a year of a busy inbox holds):

- 72 % text/plain, 18 % multipart/alternative (the text and an HTML
  version of it), 10 % multipart/mixed with one or two base64 attachments
  (PDF, JPEG, ZIP, 4 KiB to 256 KiB); some replies (Re:, In-Reply-To,
  References), some Cc, some encoded-word subjects, mailing-list fields.
  Bodies are 0.3 to 40 KiB of text, log-normally spread (most are small).
- The header fields a delivered message carries: Return-Path, Received
  (two), Date, From, To, Message-ID, Subject, MIME-Version, Content-Type.
- File names as minimail-smtpd (chapter 5) and Dovecot's LDA write them:
  `TIME.MusecPpidQn.HOST,S=octets,W=octets-with-CRLF`, in cur/ with
  `:2,FLAGS` (75 % \\Seen, some \\Answered, \\Flagged, a few \\Deleted),
  the newest 1 % in new/ (not yet seen by any client).  The modification
  time is the delivery time (IMAP's INTERNALDATE), spread over three
  years.  Lines end in LF, as on disk in a Maildir.

Known words for SEARCH: about 3 % of subjects hold "invoice", about 5 % of
senders are "alice" (and a few more by chance: 9 % in all), a few per cent of
bodies hold "zeppelin".

Speed: text comes from a pool of lines made once and attachments from
one base64 blob made once, so that 100,000 messages take seconds of
Python, not minutes; the disk (one file per message) is the rest.
"""

import argparse
import base64
import os
import random
import sys

WORDS = ("the of and to in is that it for on was with as be at by this had not are but "
         "from or have an they which one you were all we her she there would their will "
         "when who him been has more if no out so said what up its about than into them "
         "can only other new some could time these two may then do first any my now such "
         "like our over man me even most made after also did many before must through back "
         "years where much your way well down should because each just those people how too "
         "little state good very make world still own see men work long get here between "
         "both life being under never day same another know while last might us great old "
         "year off come since against go came right used take three project budget meeting "
         "schedule release server client review draft report quarter customer team plan "
         "figures notes agenda update question answer thanks please regards monday friday "
         "attached version branch build test deploy network storage invoice").split()

FIRST = ("alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy "
         "rupert sybil trent victor walter yvonne zoe").split()
LAST = ("smith jones taylor brown williams wilson johnson davies robinson wright thompson "
        "evans walker white roberts green hall wood jackson clarke").split()
DOMAINS = ("example.com example.org example.net mail.example.com lists.example.org "
           "corp.example univ.example.edu").split()
TOPICS = ("quarterly report", "meeting on monday", "budget figures", "release plan",
          "server migration", "customer feedback", "team lunch", "draft agenda",
          "build failures", "network outage", "holiday schedule", "project update",
          "review comments", "storage costs", "conference travel", "new version")
LISTS = ("dev.lists.example.org", "announce.lists.example.org", "users.lists.example.org")
ATTACH = (("application/pdf", "report.pdf"), ("image/jpeg", "photo.jpg"),
          ("application/zip", "archive.zip"), ("application/pdf", "invoice.pdf"))
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAYS = "Thu Fri Sat Sun Mon Tue Wed".split()     # 1970-01-01 was a Thursday

HOST = "bench.example"
T0 = 1700000000                 # deliveries spread over three years after this
SPAN = 3 * 365 * 86400


def rfc5322_date(t, zone_min):
    """Date-time of RFC 5322 §3.3 for the Unix time t seen in zone zone_min."""
    lt = t + zone_min * 60
    days, secs = divmod(lt, 86400)
    # civil date from days since 1970-01-01 (Howard Hinnant's algorithm)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (m <= 2)
    sign = "+" if zone_min >= 0 else "-"
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        DAYS[days % 7], d, MONTHS[m - 1], y, secs // 3600, secs // 60 % 60, secs % 60,
        sign, abs(zone_min) // 60, abs(zone_min) % 60)


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        # A pool of text lines (~72 columns); four hold "zeppelin".
        self.lines = []
        for i in range(4000):
            words, n = [], 0
            while n < 66:
                w = r.choice(WORDS)
                words.append(w)
                n += len(w) + 1
            if i % 1009 == 13:
                words[r.randrange(len(words))] = "zeppelin"
            line = " ".join(words)
            self.lines.append(line[0].upper() + line[1:] + ".")
        # One blob of base64 lines (76 columns, RFC 2045 §6.8) for attachments.
        blob = base64.encodebytes(r.randbytes(192 * 1024 * 3 // 4 * 2)).decode()
        self.b64 = blob.splitlines()

    def person(self, first=None):
        r = self.r
        f = first or r.choice(FIRST)
        l = r.choice(LAST)
        dom = r.choice(DOMAINS)
        name = "%s %s" % (f.capitalize(), l.capitalize())
        addr = "%s.%s@%s" % (f, l, dom)
        k = r.random()
        if k < 0.6:
            return '%s <%s>' % (name, addr)
        if k < 0.75:
            return '"%s, %s" <%s>' % (l.capitalize(), f.capitalize(), addr)
        return addr

    def text(self, octets):
        r = self.r
        start = r.randrange(len(self.lines))
        out, n, i = [], 0, start
        while n < octets:
            line = self.lines[i % len(self.lines)]
            out.append(line)
            n += len(line) + 1
            i += 1
            if r.random() < 0.12:
                out.append("")
                n += 1
        return "\n".join(out) + "\n"

    def body_octets(self):
        # log-normal: median about 1.5 KiB, a long tail, 300 B .. 40 KiB
        return int(min(40960, max(300, self.r.lognormvariate(7.3, 1.0))))

    def message(self, seq, t):
        r = self.r
        reply = r.random() < 0.3
        topic = r.choice(TOPICS)
        if r.random() < 0.03:
            topic = "invoice " + str(10000 + seq)
        subject = ("Re: " if reply else "") + topic.capitalize()
        if r.random() < 0.05:       # an encoded word (RFC 2047), passed through as is
            subject = "=?UTF-8?B?%s?=" % base64.b64encode(
                ("\u00dcber " + topic).encode()).decode()
        sender = self.person("alice" if r.random() < 0.05 else None)
        zone = r.choice((0, 60, 120, -300, -480, 330))
        msgid = "<%d.%d.%x@%s>" % (t, seq, r.getrandbits(32), r.choice(DOMAINS))
        h = []
        h.append("Return-Path: <%s>" % sender.split("<")[-1].rstrip(">"))
        for hop in range(2):
            h.append("Received: from mx%d.example.net (mx%d.example.net [192.0.2.%d])\n"
                     "\tby %s with ESMTP id %08X\n\tfor <me@%s>; %s"
                     % (hop, hop, r.randrange(1, 255), HOST, r.getrandbits(32), HOST,
                        rfc5322_date(t - hop, 0)))
        h.append("Date: " + rfc5322_date(t - r.randrange(1, 600), zone))
        h.append("From: " + sender)
        tos = [self.person() for _ in range(1 if r.random() < 0.8 else r.randrange(2, 6))]
        h.append("To: " + ",\n\t".join(tos))
        if r.random() < 0.2:
            h.append("Cc: " + ", ".join(self.person() for _ in range(r.randrange(1, 4))))
        h.append("Subject: " + subject)
        h.append("Message-ID: " + msgid)
        if reply:
            ref = "<%d.%x@%s>" % (t - 86400, r.getrandbits(32), r.choice(DOMAINS))
            h.append("In-Reply-To: " + ref)
            h.append("References: " + ref)
        if r.random() < 0.25:
            lst = r.choice(LISTS)
            h.append("List-Id: <%s>" % lst)
            h.append("List-Unsubscribe: <mailto:leave@%s>" % lst)
        if r.random() < 0.4:
            h.append("User-Agent: " + r.choice(("Mutt/2.2.9", "Thunderbird/115.5",
                                                 "Evolution 3.46", "Apple Mail (2.3731)")))
        h.append("MIME-Version: 1.0")
        kind = r.random()
        text = self.text(self.body_octets())
        if kind < 0.72:
            h.append("Content-Type: text/plain; charset=utf-8")
            h.append("Content-Transfer-Encoding: 8bit")
            body = text
        elif kind < 0.90:
            b = "=_alt_%x" % r.getrandbits(48)
            h.append('Content-Type: multipart/alternative; boundary="%s"' % b)
            html = "<html><body>\n" + "".join(
                "<p>%s</p>\n" % p for p in text.split("\n\n") if p) + "</body></html>\n"
            body = ("This is a multi-part message in MIME format.\n\n"
                    "--%s\nContent-Type: text/plain; charset=utf-8\n"
                    "Content-Transfer-Encoding: 8bit\n\n%s\n"
                    "--%s\nContent-Type: text/html; charset=utf-8\n"
                    "Content-Transfer-Encoding: 8bit\n\n%s\n--%s--\n" % (b, text, b, html, b))
        else:
            b = "=_mix_%x" % r.getrandbits(48)
            h.append('Content-Type: multipart/mixed; boundary="%s"' % b)
            parts = ["--%s\nContent-Type: text/plain; charset=utf-8\n"
                     "Content-Transfer-Encoding: 8bit\n\n%s" % (b, text)]
            for _ in range(1 if r.random() < 0.8 else 2):
                ctype, fname = r.choice(ATTACH)
                octets = int(4096 * 64 ** r.random())          # 4 KiB .. 256 KiB
                nlines = max(1, octets // 77)
                start = r.randrange(len(self.b64) - nlines)
                data = "\n".join(self.b64[start:start + nlines])
                parts.append("--%s\nContent-Type: %s; name=\"%s\"\n"
                             "Content-Disposition: attachment; filename=\"%s\"\n"
                             "Content-Transfer-Encoding: base64\n\n%s\n"
                             % (b, ctype, fname, fname, data))
            body = "\n".join(parts) + "--%s--\n" % b
        return ("\n".join(h) + "\n\n" + body).encode()

    def flags(self, in_new):
        if in_new:
            return ""
        r = self.r
        f = ""
        if r.random() < 0.04:
            f += "F"
        seen = r.random() < 0.75
        if seen and r.random() < 0.15:
            f += "R"
        if seen:
            f += "S"
        if r.random() < 0.005:
            f += "T"
        return f


def generate(count, maildir, seed=1):
    """Write count messages into maildir; returns (messages, octets, in new/)."""
    g = Generator(seed)
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    times = sorted(T0 + g.r.randrange(SPAN) for _ in range(count))
    first_new = count - max(1, count // 100) if count > 0 else 0
    total = 0
    for i, t in enumerate(times):
        data = g.message(i + 1, t)
        in_new = i >= first_new
        crlf = len(data) + data.count(b"\n")
        base = "%d.M%dP%dQ%d.%s,S=%d,W=%d" % (t, g.r.randrange(1000000), 4000 + i % 30000,
                                               i + 1, HOST, len(data), crlf)
        if in_new:
            path = os.path.join(maildir, "new", base)
        else:
            path = os.path.join(maildir, "cur", base + ":2," + g.flags(False))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.utime(path, (t, t))
        total += len(data)
    return count, total, count - first_new


def main(argv):
    ap = argparse.ArgumentParser(prog="maildir_gen.py",
                                 description="Write a reproducible Maildir of realistic "
                                 "messages (bench/imap-bench).")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("count", type=int, help="how many messages")
    ap.add_argument("maildir", help="the Maildir to write (created)")
    a = ap.parse_args(argv)
    if a.count < 0:
        ap.error("count must be 0 or more")
    n, octets, new = generate(a.count, a.maildir, a.seed)
    print("messages=%d octets=%d new=%d" % (n, octets, new))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
