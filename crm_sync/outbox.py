"""The outbox: graph and account events become committed SQL rows the worker drains."""
import logging
import threading
import uuid
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from accounts import events as account_events
from crm_sync import bp
from crm_sync.models import OutboxEvent, now
from network import events as network_events

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=120)
BACKOFF_BASE, BACKOFF_CAP = 1.0, 900.0
# Set whenever an event is written, so an in-process worker picks it up at once instead of polling.
WAKE = threading.Event()
_apps = []  # the apps this blueprint is registered on, for signals sent outside an app context


@bp.record
def _remember_app(state):
    _apps[:] = [state.app]


def backoff(attempts: int) -> timedelta:
    """Exponential backoff: 1 s, 2 s, 4 s ... capped at 15 minutes."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def enqueue(session: Session, kind: str, payload: dict) -> None:
    """Add one event (committed by the caller) and wake the worker."""
    session.add(OutboxEvent(kind=kind, payload=payload, next_attempt_at=now()))


def _record(kind: str, payload: dict) -> None:
    app = current_app._get_current_object() if has_app_context() else (_apps[-1] if _apps else None)
    if app is None:
        log.error("crm outbox: no application to record %s %s", kind, payload)
        return
    try:
        with app.extensions["sql_sessions"]() as session:
            enqueue(session, kind, payload)
            session.commit()
    except SQLAlchemyError:
        # Never fail the publisher's request (its graph write is done); the periodic reconcile repairs this.
        log.exception("crm outbox: could not record %s %s; the next reconcile will catch up", kind, payload)
        return
    WAKE.set()


@network_events.connection_accepted.connect
def on_connection_accepted(_sender, a, b, **_kw):
    """A new connection may make a lead (for either side's organizations)."""
    _record("connection_accepted", {"a": a, "b": b})


@network_events.connection_removed.connect
def on_connection_removed(_sender, a, b, **_kw):
    """A removed connection may change a lead's owner or warm path."""
    _record("connection_removed", {"a": a, "b": b})


@account_events.consent_changed.connect
def on_consent_changed(_sender, user_id, consent, **_kw):
    """Consent given makes leads; consent withdrawn removes contact details from every lead."""
    # When: a withdrawal covers the intent leads of requests made before it, not those of later requests.
    _record("consent_changed", {"user_id": user_id, "consent": bool(consent), "at": now().isoformat()})


@network_events.recommendation_requested.connect
def on_recommendation_requested(_sender, request_id, asker_id, vendors_may_contact=False, **_kw):
    """A request whose asker lets vendors contact them may become an intent lead; any other never does."""
    if vendors_may_contact:
        _record("recommendation_requested", {"request_id": request_id, "asker_id": asker_id})


@network_events.recommendation_closed.connect
def on_recommendation_closed(_sender, request_id, asker_id, **_kw):
    """A closed request no longer lets sellers contact the asker: its intent leads lose contact details."""
    _record("recommendation_closed", {"request_id": request_id, "asker_id": asker_id})


@account_events.profile_updated.connect
def on_profile_updated(_sender, user_id, fields, **_kw):
    """A new name, title or company changes the person's leads (or the warm paths they appear in)."""
    _record("profile_updated", {"user_id": user_id, "fields": sorted(fields)})


def claim(session: Session, owner: str, limit: int, at=None) -> list[OutboxEvent]:
    """Lease up to limit due events to owner (safe with several workers), oldest first."""
    at = at or now()
    free = or_(OutboxEvent.lease_until.is_(None), OutboxEvent.lease_until < at)
    due = (select(OutboxEvent.id).where(OutboxEvent.done.is_(False), OutboxEvent.next_attempt_at <= at, free)
           .order_by(OutboxEvent.id).limit(limit))
    ids = list(session.scalars(due))
    if not ids:
        return []
    session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids), free)
                    .values(lease_owner=owner, lease_until=at + LEASE).execution_options(synchronize_session=False))
    session.commit()
    return list(session.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(ids), OutboxEvent.lease_owner == owner)
                                .order_by(OutboxEvent.id)))


def settle(session: Session, rows: list[OutboxEvent], error: str | None, at=None) -> None:
    """Mark claimed events done, or keep them pending with a backoff and the error."""
    at = at or now()
    if error is None:
        ids = [row.id for row in rows]
        for start in range(0, len(ids), 500):
            session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids[start:start + 500])).values(
                done=True, processed_at=at, last_error=None, lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False))
        session.commit()
        return
    for row in rows:
        row.lease_owner, row.lease_until = None, None
        row.attempts += 1
        row.next_attempt_at = at + backoff(row.attempts)
        row.last_error = error[:2000]
    session.commit()


def worker_id() -> str:
    return str(uuid.uuid4())
