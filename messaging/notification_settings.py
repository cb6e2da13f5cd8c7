"""Per-kind notification preferences: which kinds show in the app, which go into the email digest, how often."""
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import ValidationError
from core.i18n import N_
from messaging.models import NotificationSettings

# API.md's kinds (Notifications and home) and the sourcing decision; a setting for another kind is refused.
KINDS = ("connection_request", "connection_accepted", "invitation", "recommendation_request",
         "recommendation_answer", "mention", "introduction", "rfq", "quote", "approval_needed", "decision")
DIGESTS = ("off", "daily", "weekly")


def settings_view(session: Session, user_id: str) -> dict:
    """{kinds: {kind: {in_app, email}}, digest}: everything on, no digest, until the person chooses."""
    row = session.get(NotificationSettings, user_id)
    muted, not_emailed = (_kinds(row.muted), _kinds(row.not_emailed)) if row else (set(), set())
    return {"kinds": {kind: {"in_app": kind not in muted, "email": kind not in not_emailed} for kind in KINDS},
            "digest": row.digest if row else "off"}


def save_settings(session: Session, user_id: str, data: dict) -> dict:
    """Change the kinds and the digest frequency given (the rest stay); an unknown kind or value is a 400."""
    _check(data)
    row = session.get(NotificationSettings, user_id)
    if row is None:
        row = NotificationSettings(user_id=user_id, muted="[]", not_emailed="[]", digest="off")
        session.add(row)
    muted, not_emailed = _kinds(row.muted), _kinds(row.not_emailed)
    for kind, choice in (data.get("kinds") or {}).items():
        _toggle(muted, kind, not choice.get("in_app", kind not in muted))
        _toggle(not_emailed, kind, not choice.get("email", kind not in not_emailed))
    row.muted, row.not_emailed = json.dumps(sorted(muted)), json.dumps(sorted(not_emailed))
    row.digest, row.updated_at = data.get("digest") or row.digest, utcnow()
    session.flush()
    return settings_view(session, user_id)


def _check(data: dict) -> None:
    """Name each unknown kind, and each setting that is not a yes/no, in the 400's fields."""
    problems: dict = {}
    for kind, choice in (data.get("kinds") or {}).items():
        if kind not in KINDS:
            problems[f"kinds.{kind}"] = [f"Unknown notification kind {kind!r}."]
            continue
        if not isinstance(choice, dict):
            problems[f"kinds.{kind}"] = [N_("Must be {in_app: true|false, email: true|false}.")]
            continue
        for key, value in choice.items():
            if key not in ("in_app", "email") or not isinstance(value, bool):
                problems[f"kinds.{kind}.{key}"] = [N_("Must be in_app or email, true or false.")]
    if "digest" in data and data["digest"] not in DIGESTS:
        problems["digest"] = [f"Must be one of {', '.join(DIGESTS)}, not {data['digest']!r}."]
    if problems:
        raise ValidationError(N_("Those notification settings cannot be saved."), problems)


def _toggle(kinds: set[str], kind: str, present: bool) -> None:
    (kinds.add if present else kinds.discard)(kind)


def _kinds(stored: str) -> set[str]:
    return set(json.loads(stored or "[]"))


def muted_among(session: Session, user_ids, kind: str) -> set[str]:
    """Which of these people turned this kind off in the app (one query for them all)."""
    rows = session.execute(select(NotificationSettings.user_id, NotificationSettings.muted)
                           .where(NotificationSettings.user_id.in_(list(user_ids)),
                                  NotificationSettings.muted != "[]")).all()
    return {user_id for user_id, muted in rows if kind in _kinds(muted)}


def emailed_kinds(not_emailed: str) -> set[str]:
    """The kinds a person wants in their digest, from the stored list of those they left out."""
    return set(KINDS) - _kinds(not_emailed)
