"""The email digest: what stayed unread, of the kinds a person wants by mail, daily or weekly, through the outbox."""
import logging
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import ngettext
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from accounts.people import accounts_of
from accounts.service import find_by_email
from core import mail_outbox, uow
from core.db import as_utc, utcnow
from core.formats import speaking
from messaging.models import Notification, NotificationSettings
from messaging.notice_texts import shown_text
from messaging.notification_settings import emailed_kinds

log = logging.getLogger(__name__)
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
UPKEEP_EVERY = timedelta(hours=1)
MAX_ITEMS = 50  # a digest names this many; the link to the page shows the rest


def send_digests(app, now: datetime | None = None) -> int:
    """Queue one digest mail for each person whose digest is due and who has something unread; returns how many."""
    now = now or utcnow()
    with app.app_context():
        with uow.unit(app) as session:
            due = [(user_id, digest) for user_id, digest in session.execute(_due(now)).all()]
        return sum(_send_one(app, user_id, digest, now) for user_id, digest in due)


def _due(now: datetime):
    """Who has a daily or weekly digest whose period has passed since the last one (or who never had one)."""
    return select(NotificationSettings.user_id, NotificationSettings.digest).where(or_(*(
        (NotificationSettings.digest == digest) & (NotificationSettings.last_digest_at.is_(None)
                                                   | (NotificationSettings.last_digest_at <= now - period))
        for digest, period in PERIODS.items())))


def _send_one(app, user_id: str, digest: str, now: datetime) -> bool:
    """Claim this person's digest (a second run finds it taken) and queue its mail in the same unit."""
    period = PERIODS[digest]
    with uow.unit(app) as session:
        last, not_emailed = session.execute(select(NotificationSettings.last_digest_at, NotificationSettings.not_emailed)
                                            .where(NotificationSettings.user_id == user_id)).one()
        claimed = session.execute(update(NotificationSettings).where(
            NotificationSettings.user_id == user_id, NotificationSettings.digest == digest,
            NotificationSettings.last_digest_at.is_(None) | (NotificationSettings.last_digest_at <= now - period),
        ).values(last_digest_at=now).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            return False
        items = _unread_since(session, user_id, emailed_kinds(not_emailed), as_utc(last) if last else now - period, now)
        account = accounts_of(session, [user_id]).get(user_id)
        if not items or account is None or account.email_verified_at is None:
            return False  # an address nobody proved may be someone else's: no mail but the verification code
        _queue_digest(session, account, digest, items)
        return True


def _unread_since(session: Session, user_id: str, kinds: set[str], since: datetime, now: datetime) -> list:
    return list(session.scalars(select(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None), Notification.kind.in_(sorted(kinds)),
        Notification.created_at > since, Notification.created_at <= now,
    ).order_by(Notification.created_at.desc()).limit(MAX_ITEMS)))


def _queue_digest(session: Session, account, digest: str, rows: list[Notification]) -> None:
    """Text and HTML from templates/messaging/mail/ (the HTML escaped by Jinja), links into the site, in the
    recipient's language."""
    with speaking(find_by_email(session, account.email)):  # accounts_of leaves out the language setting
        items = [{"text": shown_text(row.kind, row.text), "at": as_utc(row.created_at),
                  "link": _public_link("messaging.open_notification_page", notification_id=row.id)} for row in rows]
        context = {"user": account, "items": items, "subject": _subject(digest, len(items)),
                   "link": _public_link("messaging.notifications_page"),
                   "settings_link": _public_link("messaging.notifications_page") + "#settings"}
        text, html = (render_template(f"messaging/mail/digest.{kind}", **context) for kind in ("txt", "html"))
    mail_outbox.queue(session, account.email, context["subject"], text, html)


def _subject(digest: str, count: int) -> str:
    """Daily and weekly are whole sentences of their own: the word order differs in Chinese."""
    if digest == "weekly":
        return ngettext("Your Guanxi weekly digest: %(num)s unread notification",
                        "Your Guanxi weekly digest: %(num)s unread notifications", count)
    return ngettext("Your Guanxi daily digest: %(num)s unread notification",
                    "Your Guanxi daily digest: %(num)s unread notifications", count)


def _public_link(endpoint: str, **values) -> str:
    """PUBLIC_URL and the page's path: a mail is read outside any request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def digest_upkeep(app) -> None:
    """The server upkeep's step: send due digests, at most once an hour; a failure waits for the next round."""
    state = app.extensions.setdefault("guanxi.digest", {})
    now = utcnow()
    if state.get("ran_at") and now - state["ran_at"] < UPKEEP_EVERY:
        return
    state["ran_at"] = now
    try:
        sent = send_digests(app, now)
        if sent:
            log.info("digest upkeep: queued %d digest mail(s)", sent)
    except Exception:  # SQL down or a bug: the next round retries, and a claimed digest is never sent twice
        log.exception("digest upkeep failed")
