"""The notification channel other packages use: a stored row per user, pushed live to their `user:<id>` room.

API.md's shape: {id, kind, created_at, read, actor?: User, subject: {type, id}, text}, plus the page to open
(`link`) and the ids it concerns (`data`)."""
import json
from dataclasses import asdict

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accounts.people import public_profiles
from core import uow
from core.db import utcnow
from core.errors import NotFound
from core.ids import new_id
from core.extensions import socketio
from core.i18n import N_
from messaging.models import Notification
from messaging.notification_settings import muted_among
from messaging.wire import iso


def notify(session: Session, user_id: str, kind: str, text: str, link: str = "", data: dict | None = None,
           actor_id: str | None = None, subject: tuple[str, str] | None = None) -> dict | None:
    """Store one notification for a user, then push it to their sockets (None: they turned the kind off)."""
    stored = notify_many(session, [user_id], kind, text, link, data, actor_id, subject)
    return stored[0] if stored else None


def notify_many(session: Session, user_ids: list[str], kind: str, text: str, link: str = "",
                data: dict | None = None, actor_id: str | None = None,
                subject: tuple[str, str] | None = None) -> list[dict]:
    """The same notification for several users, in the caller's unit of work; pushed once it commits. Whoever
    turned the kind off in the app gets none."""
    subject_type, subject_id = subject or (None, None)
    recipients = list(dict.fromkeys(user_ids))
    muted = muted_among(session, recipients, kind) if recipients else set()
    rows = [Notification(id=new_id(), user_id=uid, kind=kind[:40], text=text[:500], link=link[:500],
                         data=json.dumps(data or {}), created_at=utcnow(), actor_id=actor_id,
                         subject_type=subject_type, subject_id=subject_id) for uid in recipients if uid not in muted]
    session.add_all(rows)
    actors = _actors(session, [actor_id] if actor_id else [])
    stored = [notification_dict(row, actors) for row in rows]
    uow.on_commit(session, lambda: _push(rows, stored))
    return stored


def _push(rows: list[Notification], stored: list[dict]) -> None:
    for row, item in zip(rows, stored, strict=True):
        socketio.emit("notification", item, to=f"user:{row.user_id}")


def _actors(session: Session, ids) -> dict[str, dict]:
    """{user id: public profile} of the actors (a deleted account is no actor)."""
    return {uid: asdict(profile) for uid, profile in public_profiles(session, set(ids)).items()} if ids else {}


def notification_dict(row: Notification, actors: dict[str, dict]) -> dict:
    return {"id": row.id, "kind": row.kind, "text": row.text, "link": row.link, "data": json.loads(row.data or "{}"),
            "created_at": iso(row.created_at), "read": row.read_at is not None,
            "actor": actors.get(row.actor_id) if row.actor_id else None,
            "subject": {"type": row.subject_type, "id": row.subject_id} if row.subject_type else None}


def list_notifications(session: Session, user_id: str, unread_only: bool = False, limit: int = 20,
                       offset: int = 0) -> tuple[list[dict], list | None]:
    """The user's notifications, newest first, and the position after them ([offset]; None at the end)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(session.scalars(query.order_by(Notification.created_at.desc(), Notification.id)
                                .offset(offset).limit(limit + 1)))
    more = len(rows) > limit
    actors = _actors(session, {r.actor_id for r in rows[:limit] if r.actor_id})
    return [notification_dict(r, actors) for r in rows[:limit]], ([offset + limit] if more else None)


def unread_count(session: Session, user_id: str) -> int:
    """How many of the user's notifications are unread."""
    return session.scalar(select(func.count()).select_from(Notification)
                          .where(Notification.user_id == user_id, Notification.read_at.is_(None)))


def mark_read(session: Session, user_id: str, ids: list[str] | None) -> int:
    """Mark the given notifications (None: all) of the user read; returns the new unread count."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    session.execute(query.values(read_at=utcnow()))
    return unread_count(session, user_id)


def open_notification(session: Session, user_id: str, notification_id: str) -> str:
    """Mark one of the user's notifications read (404 for anyone else's) and return the page it points to."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        raise NotFound(N_("No such notification."))
    if row.read_at is None:
        row.read_at = utcnow()
    return row.link if row.link.startswith("/") and not row.link.startswith("//") else "/notifications"
