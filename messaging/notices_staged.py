"""Notifications written inside the chat's group commit: the reads (who muted the kind, the actor) happen before
the writer is taken, the rows go in with prepared statements, and the push runs after that commit.

In the group commit every statement is paid for while the single writer is held by all waiting senders; the ORM's
flush and statement building cost a mention four times a plain message (bench-chat, issue 16)."""
import json
from collections.abc import Callable
from dataclasses import asdict
from types import SimpleNamespace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from accounts.people import public_profile
from core.db import Prepared, utcnow
from core.extensions import socketio
from core.ids import new_id
from messaging.models import Notification, NotificationSettings
from messaging.notifications import notification_dict

_settings, _notifications = NotificationSettings.__table__, Notification.__table__
_MUTED = Prepared(select(_settings.c.muted).where(_settings.c.user_id == bindparam("p_user")))
_INSERT = Prepared(_notifications.insert())


def receivers(session: Session, user_ids: list[str], kind: str) -> list[str]:
    """Those of user_ids who did not turn this kind off (one indexed lookup each: a message mentions a few)."""
    found = []
    for user_id in dict.fromkeys(user_ids):
        row = _MUTED.execute(session, {"p_user": user_id}).fetchone()
        if row is None or kind not in json.loads(row[0] or "[]"):
            found.append(user_id)
    return found


def actor(session: Session, user_id: str) -> dict | None:
    """API.md's actor of a notification: the person's public profile (None: no such account)."""
    profile = public_profile(session, user_id)
    return asdict(profile) if profile else None


def write(session: Session, user_ids: list[str], kind: str, text: str, link: str, data: dict, actor_view: dict | None,
          subject: tuple[str, str]) -> Callable[[], None]:
    """Insert one notification per user in the writer's transaction; returns the push to run after its commit."""
    now, stored = utcnow(), []
    actors = {actor_view["id"]: actor_view} if actor_view else {}
    for user_id in user_ids:
        row = {"id": new_id(), "user_id": user_id, "kind": kind, "text": text[:500], "link": link[:500],
               "data": json.dumps(data), "created_at": now, "read_at": None,
               "actor_id": actor_view["id"] if actor_view else None, "subject_type": subject[0],
               "subject_id": subject[1]}
        _INSERT.execute(session, row)
        stored.append((user_id, notification_dict(SimpleNamespace(**row), actors)))
    return lambda: [socketio.emit("notification", item, to=f"user:{uid}") for uid, item in stored]
