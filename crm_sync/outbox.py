"""The outbox: what graph and account changes mean for CRM leads, written in the change's own transaction."""
import logging
import threading
import uuid
from datetime import timedelta

from flask import has_app_context
from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from accounts import signals as account_signals
from core import uow
from core.db import utcnow
from core.errors import GraphUnavailable
from core.i18n import N_
from crm_sync.models import OutboxEvent
from network import signals as network_signals
from trust import signals as trust_signals

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=120)
BACKOFF_BASE, BACKOFF_CAP = 1.0, 900.0
# Set once an event is committed, so an in-process worker picks it up at once instead of polling.
WAKE = threading.Event()


def backoff(attempts: int) -> timedelta:
    """Exponential backoff: 1 s, 2 s, 4 s ... capped at 15 minutes."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


GRAPH_FAILED = N_("The relationship graph (Neo4j) was unavailable; the changes are kept and retried automatically.")
SQL_FAILED = N_("The database was unavailable; the changes are kept and retried automatically.")
OTHER_FAILED = N_("Processing these changes failed unexpectedly; they are kept and retried automatically.")
FAILURE_MESSAGES = (GRAPH_FAILED, SQL_FAILED, OTHER_FAILED)


def failure_message(exc: Exception) -> str:
    """What a team reads about a failed batch: which store failed, never the exception's text (it can hold
    SQL, parameters and other teams' data; the worker logs it)."""
    if isinstance(exc, GraphUnavailable):
        return GRAPH_FAILED
    if isinstance(exc, OperationalError):
        return SQL_FAILED
    return OTHER_FAILED


def enqueue(session: Session, kind: str, payload: dict) -> None:
    """Add one event to the caller's unit of work; the worker wakes once it is committed."""
    session.add(OutboxEvent(kind=kind, payload=payload, next_attempt_at=utcnow()))
    uow.on_commit(session, WAKE.set)


def _record(kind: str, payload: dict, session: Session | None) -> None:
    """Write the event in the sender's unit of work: it commits with the change or not at all."""
    if session is None and has_app_context():
        session = uow.current_session()
    if session is None:
        # A signal sent outside any unit of work is a wiring bug; the periodic reconcile repairs the leads.
        log.error("crm outbox: %s sent outside a unit of work: %s", kind, payload)
        return
    enqueue(session, kind, payload)


def on_connection_accepted(_sender, a, b, session=None, **_kw):
    """A new connection may make a lead (for either side's organizations)."""
    _record("connection_accepted", {"a": a, "b": b}, session)


def on_connection_removed(_sender, a, b, session=None, **_kw):
    """A removed connection may change a lead's owner or warm path."""
    _record("connection_removed", {"a": a, "b": b}, session)


def on_consent_changed(_sender, user_id, consent, at=None, session=None, **_kw):
    """Consent given makes leads; consent withdrawn removes contact details from every lead."""
    _record("consent_changed", {"user_id": user_id, "consent": bool(consent), "at": (at or utcnow()).isoformat()}, session)


def on_recommendation_requested(_sender, request_id, asker_id, vendors_may_contact=False, session=None, **_kw):
    """A request whose asker lets vendors contact them may become an intent lead; any other never does."""
    if vendors_may_contact:
        _record("recommendation_requested", {"request_id": request_id, "asker_id": asker_id}, session)


def on_recommendation_closed(_sender, request_id, asker_id, session=None, **_kw):
    """A closed request no longer lets sellers contact the asker: its intent leads lose contact details."""
    _record("recommendation_closed", {"request_id": request_id, "asker_id": asker_id}, session)


def on_profile_updated(_sender, user_id, fields, session=None, **_kw):
    """A new name, title or company changes the person's leads (or the warm paths they appear in)."""
    _record("profile_updated", {"user_id": user_id, "fields": sorted(fields)}, session)


def on_membership_changed(_sender, org_id, user_id, session=None, **_kw):
    """Someone joined or left the team: its leads (who knows whom, who owns what) are recomputed."""
    _record("reconcile", {"org_id": org_id}, session)


RECEIVERS = ((network_signals.connection_accepted, on_connection_accepted),
             (network_signals.connection_removed, on_connection_removed),
             (account_signals.consent_changed, on_consent_changed),
             (trust_signals.recommendation_requested, on_recommendation_requested),
             (trust_signals.recommendation_closed, on_recommendation_closed),
             (account_signals.profile_updated, on_profile_updated),
             (account_signals.membership_changed, on_membership_changed))


def connect_receivers() -> None:
    """Subscribe to the events that change leads (called by crm_sync.init_app; connecting twice is a no-op)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)


def claim(session: Session, owner: str, limit: int, at=None) -> list[OutboxEvent]:
    """Lease up to limit due events to owner (safe with several workers), oldest first."""
    at = at or utcnow()
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


def renew(session: Session, rows: list[OutboxEvent], owner: str) -> None:
    """Extend the lease on the rows this worker still owns, while a long batch is being worked on."""
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 500):
        session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids[start:start + 500]),
                                                  OutboxEvent.lease_owner == owner)
                        .values(lease_until=utcnow() + LEASE).execution_options(synchronize_session=False))


def settle(session: Session, rows: list[OutboxEvent], error: str | None, at=None, owner: str | None = None) -> None:
    """Mark claimed events done, or keep them pending with a backoff and the error; only rows still owned
    by owner (when given) are touched, so a worker whose lease ran out never settles another's claim."""
    at = at or utcnow()
    owned = [] if owner is None else [OutboxEvent.lease_owner == owner]
    unsynced = {"synchronize_session": False}  # the rows are expired below instead
    if error is None:
        ids = [row.id for row in rows]
        for start in range(0, len(ids), 500):
            session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids[start:start + 500]), *owned).values(
                done=True, processed_at=at, last_error=None, lease_owner=None, lease_until=None), execution_options=unsynced)
    else:
        for row in rows:
            attempts = row.attempts + 1
            session.execute(update(OutboxEvent).where(OutboxEvent.id == row.id, *owned).values(
                lease_owner=None, lease_until=None, attempts=attempts, next_attempt_at=at + backoff(attempts),
                last_error=error[:2000]), execution_options=unsynced)
    session.commit()
    # Only the database knows which rows were still ours (a stale copy's lease_owner cannot tell), so the copies
    # are expired rather than updated in memory: whoever reads them next reads what the database holds.
    for row in rows:
        session.expire(row)


def worker_id() -> str:
    return str(uuid.uuid4())
