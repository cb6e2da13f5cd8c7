"""The mail outbox: a mail is a row written in the unit of work that causes it, sent after its commit, retried
by the server's upkeep until it is sent, and never sent again once marked sent."""
import logging
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import DateTime, Index, Integer, String, Text, delete, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import uow
from core.db import Base, as_utc, utcnow
from core.mail import MailError, compose, envelope_sender, transport_for

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # longer than any one SMTP conversation; a sender that died is replaced after it
KEEP = timedelta(days=30)  # how long sent and abandoned mails stay listed
MAX_DELAY = timedelta(hours=1)


class OutgoingMail(Base):
    """One mail to send; its text is dropped once sent or abandoned (it may hold a code or a reset token)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Past this moment the mail is worthless (its code or link has expired): abandoned, not sent late.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


def queue(session: Session, recipient: str, subject: str, text: str, html: str | None = None,
          expires_at: datetime | None = None) -> OutgoingMail:
    """Write a mail into the unit of work; once it commits, a background task sends it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    raw = compose(app.config["MAIL_FROM"], recipient, subject, text, html)
    mail = OutgoingMail(id=str(uuid.uuid4()), recipient=recipient, subject=subject[:200], message=raw,
                        expires_at=expires_at, attempts=0, next_attempt_at=utcnow())
    session.add(mail)
    uow.on_commit(session, lambda: _send_in_background(app, mail.id))
    return mail


def _send_in_background(app, mail_id: str) -> None:
    # Off the request: a slow or dead SMTP server delays nobody's answer, and whether a mail was sent at
    # all (a reset for an unknown address sends none) does not show in the response time.
    from core.extensions import socketio

    socketio.start_background_task(deliver, app, mail_id)


def deliver(app, mail_id: str, now: datetime | None = None) -> bool:
    """Send one mail unless it is sent, abandoned or being sent by someone else; True once it is sent."""
    now = now or utcnow()
    claimed = _claim(app, mail_id, now)
    if claimed is None:
        return False
    raw, recipient = claimed
    sender = envelope_sender(app.config["MAIL_FROM"])
    try:  # no SQL transaction is open here: the claim is committed, the outcome is its own unit
        transport_for(app.config["MAIL_URL"], app.config["MAIL_TIMEOUT"]).send(raw, sender, recipient)
    except MailError as exc:
        _failed(app, mail_id, exc, now)
        return False
    except Exception as exc:  # unexpected (a library's own error): on record and retried like any failure
        log.exception("mail %s: unexpected error while sending", mail_id)
        _failed(app, mail_id, MailError(f"{type(exc).__name__}: {exc}"), now)
        return False
    with uow.unit(app) as session:
        session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id).values(
            sent_at=utcnow(), claimed_until=None, last_error=None, message=None))
    return True


def _claim(app, mail_id: str, now: datetime) -> tuple[str, str] | None:
    """Take the mail for one attempt (counted now); None when it is not ours to send."""
    with uow.unit(app) as session:
        taken = session.execute(update(OutgoingMail).where(
            OutgoingMail.id == mail_id, OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None),
            or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
        ).values(claimed_until=now + LEASE, attempts=OutgoingMail.attempts + 1)).rowcount
        if not taken:
            return None
        mail = session.get(OutgoingMail, mail_id)
        if mail.expires_at is not None and as_utc(mail.expires_at) <= now:
            _abandon(mail, "expired before it could be sent", now)
            return None
        return mail.message, mail.recipient


def _failed(app, mail_id: str, error: MailError, now: datetime) -> None:
    """Record the error; try again later with a growing delay, or give up (logged) when that cannot help."""
    with uow.unit(app) as session:
        mail = session.get(OutgoingMail, mail_id)
        mail.last_error, mail.claimed_until = str(error)[:500], None
        if error.permanent or mail.attempts >= app.config["MAIL_MAX_ATTEMPTS"]:
            _abandon(mail, mail.last_error, now)
            return
        delay = timedelta(seconds=app.config["MAIL_RETRY_DELAY"] * 2 ** (mail.attempts - 1))
        mail.next_attempt_at = now + min(delay, MAX_DELAY)
        log.warning("mail %s to %s not sent (attempt %d), retrying: %s", mail_id, mail.recipient, mail.attempts, error)


def _abandon(mail: OutgoingMail, reason: str, now: datetime) -> None:
    mail.failed_at, mail.last_error, mail.message, mail.claimed_until = now, reason[:500], None, None
    log.error("mail %s to %s abandoned after %d attempt(s): %s", mail.id, mail.recipient, mail.attempts, reason)


def retry_due(app, now: datetime | None = None, batch: int = 50) -> int:
    """The upkeep step: send every mail whose next attempt is due; returns how many were sent."""
    now = now or utcnow()
    with uow.unit(app) as session:
        session.execute(delete(OutgoingMail).where(or_(OutgoingMail.sent_at < now - KEEP,
                                                       OutgoingMail.failed_at < now - KEEP)))
        due = session.scalars(select(OutgoingMail.id).where(
            OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None), OutgoingMail.next_attempt_at <= now,
            or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
        ).order_by(OutgoingMail.next_attempt_at).limit(batch)).all()
    return sum(deliver(app, mail_id, now) for mail_id in due)

