"""The notification channel other packages use: a stored row per user, pushed live to their `user:<id>` room."""
import json
import logging

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accounts.people import names_of
from core import uow
from core.db import utcnow
from core.ids import new_id
from core.extensions import socketio
from messaging.models import Notification
from messaging.wire import iso
from accounts import signals as account_signals
from sourcing import signals as sourcing_signals
from trust import signals as trust_signals

log = logging.getLogger(__name__)


def notify(session: Session, user_id: str, kind: str, text: str, link: str = "", data: dict | None = None) -> dict:
    """Store one notification for a user, then push it to their sockets."""
    return notify_many(session, [user_id], kind, text, link, data)[0]


def notify_many(session: Session, user_ids: list[str], kind: str, text: str, link: str = "",
                data: dict | None = None) -> list[dict]:
    """The same notification for several users, in the caller's unit of work; pushed once it commits."""
    rows = [Notification(id=new_id(), user_id=uid, kind=kind[:40], text=text[:500], link=link[:500],
                         data=json.dumps(data or {}), created_at=utcnow()) for uid in dict.fromkeys(user_ids)]
    session.add_all(rows)
    stored = [notification_dict(row) for row in rows]
    uow.on_commit(session, lambda: _push(rows, stored))
    return stored


def _push(rows: list[Notification], stored: list[dict]) -> None:
    for row, item in zip(rows, stored, strict=True):
        socketio.emit("notification", item, to=f"user:{row.user_id}")


def notification_dict(row: Notification) -> dict:
    return {"id": row.id, "kind": row.kind, "text": row.text, "link": row.link, "data": json.loads(row.data or "{}"),
            "created_at": iso(row.created_at), "read": row.read_at is not None}


def list_notifications(session: Session, user_id: str, unread_only: bool = False, limit: int = 20,
                       offset: int = 0) -> tuple[list[dict], list | None]:
    """The user's notifications, newest first, and the position after them ([offset]; None at the end)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(session.scalars(query.order_by(Notification.created_at.desc(), Notification.id)
                                .offset(offset).limit(limit + 1)))
    more = len(rows) > limit
    return [notification_dict(r) for r in rows[:limit]], ([offset + limit] if more else None)


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


def on_recommendation_requested(_sender, request_id=None, asker_id=None, category="", recipient_ids=(),
                                vendors_may_contact=False, session=None, **_extra):
    """Tell each recipient that someone in their network asked for a recommendation (in the asker's unit of work)."""
    recipients = [rid for rid in recipient_ids or () if rid and rid != asker_id]
    if not recipients:
        return
    session = session if session is not None else uow.current_session()
    name = names_of(session, [asker_id]).get(asker_id) if asker_id else None
    name = name or "Someone"
    notify_many(session, recipients, "recommendation_request",
                f"{name} asked your network for a recommendation in {category}",
                link=f"/vendors/requests/{request_id}",
                data={"request_id": request_id, "asker_id": asker_id, "category": category,
                      "vendors_may_contact": bool(vendors_may_contact)})


def on_member_invited(_sender, session, org_id, org_name, user_id, inviter_name, **_extra):
    """The invitee hears of the invitation at once; they answer it on the organizations page."""
    notify(session, user_id, "org_invitation", f"{inviter_name} invited you to join {org_name}", link="/orgs",
           data={"org_id": org_id})


def on_team_notice(_sender, session, kind, user_ids, text, link="", data=None, actor_id=None, **_extra):
    """Sourcing's news (an RFQ in, a quote in, an approval needed, a decision made) for those it concerns, in the
    sender's unit of work; the actor does not hear of their own step."""
    recipients = [uid for uid in user_ids if uid and uid != actor_id]
    if recipients:
        notify_many(session, recipients, kind, text, link=link, data={**(data or {}), "actor_id": actor_id})


def connect_receivers() -> None:
    """Notifications for other packages' events (called by messaging.init_app)."""
    trust_signals.recommendation_requested.connect(on_recommendation_requested)
    account_signals.member_invited.connect(on_member_invited)
    sourcing_signals.team_notice.connect(on_team_notice)
