"""Mail: compose a message, and hand it to MAIL_URL (SMTP, SMTPS) or write it as an .eml file."""
import logging
import os
import smtplib
import ssl
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from core.writer import guard_io

log = logging.getLogger(__name__)


class MailError(Exception):
    """A mail was not handed over; permanent when trying again cannot help (the recipient was refused)."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def compose(sender: str, recipient: str, subject: str, text: str, html: str | None = None) -> str:
    """An RFC 5322 message (plain text, with an HTML alternative) with a Message-ID of its own."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, recipient, subject
    message["Date"] = formatdate(usegmt=True)
    # Fixed here, so a retry hands over the very same message and a receiver can drop a repeat.
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    # An address with non-ASCII characters (张伟@example.cn) cannot be encoded in a header; such a mail is written
    # as UTF-8 and sent with SMTPUTF8 (RFC 6531).
    return message.as_string(policy=policy.SMTP if is_ascii(sender, recipient) else policy.SMTPUTF8)


def is_ascii(*addresses: str) -> bool:
    """Whether a mail between these addresses goes without SMTPUTF8."""
    return all(address.isascii() for address in addresses)


def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"


def transport_for(url: str, timeout: float = 10.0):
    """The transport MAIL_URL names: smtp://[user:pass@]host[:port], smtps://..., or file:///folder."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"MAIL_URL has a bad port: {exc}") from exc
    if parts.scheme == "file":
        return FileTransport(Path(unquote(parts.path)))
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:  # never echo the URL: it may hold a password
        raise ValueError("MAIL_URL must look like smtp://host:port, smtps://host:port or file:///folder "
                         f"(it has scheme {parts.scheme!r} and host {parts.hostname!r})")
    starttls = parse_qs(parts.query).get("starttls", ["auto"])[0]
    if starttls not in ("auto", "yes", "no"):
        raise ValueError(f"MAIL_URL's starttls must be yes, no or auto, not {starttls!r}")
    return SmtpTransport(
        host=parts.hostname, port=port or (465 if parts.scheme == "smtps" else 25),
        implicit_tls=parts.scheme == "smtps", timeout=timeout,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else "",
        starttls=starttls)


class FileTransport:
    """Writes each mail as <Message-ID>.eml into a folder (the default: nothing leaves the machine)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, raw: str, sender: str, recipient: str) -> None:
        """Write the message; a retry of the same mail rewrites the same file."""
        guard_io("Mail")
        message_id = message_from_string(raw, policy=policy.default)["Message-ID"] or os.urandom(8).hex()
        name = "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in message_id.strip("<>")) + ".eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / (name + ".part")
            partial.write_bytes(raw.encode("utf-8"))
            partial.replace(self.folder / name)  # whole or not at all, for whoever watches the folder
        except OSError as exc:
            raise MailError(f"cannot write {self.folder / name}: {exc}") from exc


class SmtpTransport:
    """One SMTP connection per mail: STARTTLS when the server offers it (smtp://), or TLS from the start (smtps://)."""

    def __init__(self, host: str, port: int, implicit_tls: bool, timeout: float, user: str | None, password: str,
                 starttls: str = "auto"):
        self.host, self.port, self.implicit_tls, self.timeout = host, port, implicit_tls, timeout
        self.user, self.password, self.starttls = user, password, starttls

    def send(self, raw: str, sender: str, recipient: str) -> None:
        """Hand one message to the server; MailError says whether trying again may help."""
        guard_io("Mail")
        try:
            with self._connect() as smtp:
                self._secure(smtp)
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.sendmail(sender, [recipient], raw.encode("utf-8"), mail_options=self._options(smtp, sender, recipient))
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise MailError(f"recipient refused: {exc.recipients}", permanent=all(c >= 500 for c in codes)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}") from exc

    def _options(self, smtp: smtplib.SMTP, sender: str, recipient: str) -> list[str]:
        """SMTPUTF8 for a non-ASCII address; a server without it can never deliver that mail (permanent)."""
        if is_ascii(sender, recipient):
            return []
        smtp.ehlo_or_helo_if_needed()
        if not smtp.has_extn("smtputf8"):
            raise MailError(f"{self.host} cannot deliver to an address with non-ASCII characters (no SMTPUTF8)",
                            permanent=True)
        return ["SMTPUTF8"]

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _secure(self, smtp: smtplib.SMTP) -> None:
        if self.implicit_tls or self.starttls == "no":
            return
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        elif self.starttls == "yes":
            raise MailError(f"{self.host} offers no STARTTLS and MAIL_URL asks for it (starttls=yes)")


def envelope_sender(from_header: str) -> str:
    """The bare address of a From header, for the SMTP envelope."""
    return parseaddr(from_header)[1] or from_header
