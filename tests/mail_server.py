"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), and reading codes and links out of mails."""
import re
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SmtpSink:
    """Receives every mail sent to it; refuses recipients listed in `refuse` with a permanent 550."""

    def __init__(self, port: int, credentials: tuple[str, str] | None = None, delay: float = 0.0,
                 smtputf8: bool = True):
        self.port, self.credentials, self.delay, self.smtputf8 = port, credentials, delay, smtputf8
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []
        self.refuse: set[str] = set()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpSink":
        extra: dict = {"enable_SMTPUTF8": self.smtputf8}
        if self.credentials:
            extra |= {"authenticator": self._authenticate, "auth_require_tls": False, "auth_required": True}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **extra)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # a slow server: the sender is still waiting when a second sender looks
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(), auth_data.password.decode()) == self.credentials
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def wait_for(condition, seconds: float = 10.0, what: str = "condition"):
    """Poll until condition() is truthy (mail is sent by a background task); returns its value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def code_in(message: EmailMessage) -> str:
    """The 6-digit verification code a mail carries."""
    return re.search(r"\b(\d{6})\b", text_of(message)).group(1)


def link_in(message: EmailMessage) -> str:
    """The first link into the site a mail carries."""
    return re.search(r"(https?://\S+)", text_of(message)).group(1)


def reset_token_in(message: EmailMessage) -> str:
    return re.search(r"[?&]token=([A-Za-z0-9_\-]+)", text_of(message)).group(1)


def eml_files(folder: Path) -> list[EmailMessage]:
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]


class Blackhole:
    """Accepts TCP connections and never says a word: an SMTP server that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()
