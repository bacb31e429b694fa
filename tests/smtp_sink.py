#!/usr/bin/python3
"""A real SMTP server for mfactl's tests (aiosmtpd, Debian's python3-aiosmtpd).

Serve:  smtp_sink.py serve DIR [--host H] [--tls CERT KEY] [--auth USER PASS] [--refuse]
    Listens on a free port of HOST (127.0.0.1), prints "READY <port>" and serves until
    killed. Each message is stored as DIR/<n>.eml (the bytes received) and DIR/<n>.json
    (the envelope: sender, recipients, the user who authenticated, whether TLS was on).
    --tls offers STARTTLS with that certificate; --auth requires AUTH (over TLS) with
    that user and password; --refuse answers every recipient with 550.
Parse:  smtp_sink.py parse FILE
    Parses an RFC 5322 message with Python's email package, strict policy (a defect is
    an error), and prints its headers and text as JSON.
"""

import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import sys
import threading


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = refuse
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.7.1 Relaying denied for <%s>" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.directory, "%04d" % n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data.decode() if isinstance(session.auth_data, bytes) else None,
            "tls": session.ssl is not None,
        }
        with open(base + ".json", "w") as f:
            json.dump(meta, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Stored as message %d" % n


def authenticator_for(user, password):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(server, session, envelope, mechanism, data):
        if isinstance(data, LoginPassword) and data.login == user.encode() and data.password == password.encode():
            return AuthResult(success=True, auth_data=data.login)
        return AuthResult(success=False, handled=False)

    return authenticate


def serve(args):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    directory = args[0]
    host = "127.0.0.1"
    tls = None
    auth = None
    refuse = False
    rest = args[1:]
    while rest:
        flag = rest.pop(0)
        if flag == "--host":
            host = rest.pop(0)
        elif flag == "--tls":
            cert, key = rest.pop(0), rest.pop(0)
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(cert, key)
        elif flag == "--auth":
            auth = (rest.pop(0), rest.pop(0))
        elif flag == "--refuse":
            refuse = True
        else:
            sys.exit("unknown flag " + flag)
    handler = Handler(directory, refuse)

    class Sink(Controller):
        def factory(self):
            kwargs = {"hostname": "mail.test", "tls_context": tls}
            if auth:
                kwargs.update(
                    authenticator=authenticator_for(*auth),
                    auth_required=True,
                    auth_require_tls=tls is not None,
                )
            server = SMTP(self.handler, **kwargs)
            return server

    port = free_port(host)
    controller = Sink(handler, hostname=host, port=port)
    controller.start()
    print("READY %d" % port, flush=True)
    threading.Event().wait()


def parse(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.strict)
    body = message.get_body(preferencelist=("plain",))
    print(
        json.dumps(
            {
                "from": str(message["From"]),
                "to": str(message["To"]),
                "subject": str(message["Subject"]),
                "date": str(message["Date"]),
                "message_id": str(message["Message-ID"]),
                "content_type": message.get_content_type(),
                "body": body.get_content() if body else None,
                "defects": [str(d) for d in message.defects],
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        serve(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "parse":
        parse(sys.argv[2])
    else:
        sys.exit(__doc__)
