#!/usr/bin/env python3
"""A private aiosmtpd server for the tests of minimail-smtp (chapter 6).

Usage: smtp-client-aiosmtpd.py OUTDIR

Listens on 127.0.0.1, on a port the kernel picks, and prints exactly one
line, "listening on 127.0.0.1:PORT", when it is ready (the tests wait for
it, bounded).  Every message it accepts becomes two files in OUTDIR:

  N.eml   the message bytes exactly as aiosmtpd received them (after it
          removed the dot-stuffing: RFC 5321 section 4.5.2)
  N.json  the envelope: mail_from, rcpt_tos, mail_options, helo, auth
          (N.json is renamed into place last: when it exists, both are
          complete)

Behaviour a test can ask for through the recipient address:
  reject...@  ->  550 5.1.1 (a permanent refusal of that recipient)
  later...@   ->  450 4.2.1 (a temporary one)
AUTH (PLAIN and LOGIN, offered without TLS because this is loopback in a
test) accepts the user "alice" with the password "secret".

aiosmtpd is an independent implementation (Python's asyncio SMTP server):
if minimail-smtp talks to it correctly, it is not just talking to itself.
The process ends on SIGTERM.
"""
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject"):
            return "550 5.1.1 No such user here"
        if local.startswith("later"):
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "helo": session.host_name,
            "auth": bool(session.authenticated),
        }
        with open(base + ".json.tmp", "w") as f:
            json.dump(info, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 OK: queued as %d" % self.count


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login == b"alice" and auth_data.password == b"secret")
    return AuthResult(success=ok, handled=False)


async def main(outdir):
    loop = asyncio.get_running_loop()
    handler = Handler(outdir)

    def factory():
        return SMTP(handler, hostname="aiosmtpd.example.test", decode_data=False,
                    authenticator=authenticator, auth_require_tls=False)

    server = await loop.create_server(factory, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("listening on 127.0.0.1:%d" % port, flush=True)

    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    await stop
    server.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: smtp-client-aiosmtpd.py OUTDIR")
    asyncio.run(main(sys.argv[1]))
