"""Pushing leads to CRMs: bring each external target up to each lead's latest version, in batches, with backoff."""
import logging
from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from core import uow
from core.db import utcnow
from crm_sync import shared_email
from crm_sync.connectors import build_connector
from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.mapping import EXTERNAL_ID, external_key, lead_fields
from crm_sync.models import CrmTarget, Delivery, Lead, SyncRun
from crm_sync import lead_signals, outbox
from crm_sync.outbox import LEASE, backoff

log = logging.getLogger(__name__)


def mark_changed(session: Session, org_id: str, leads: list[Lead]) -> None:
    """Every external target of the org owes these leads their new version."""
    lead_signals.announce(session, org_id, leads)  # the org's event feed hears of every change
    targets = session.execute(select(CrmTarget.id, CrmTarget.kind).where(
        CrmTarget.org_id == org_id, CrmTarget.kind != "builtin", CrmTarget.enabled.is_(True))).all()
    if not targets or not leads:
        return
    changed = {lead.id: lead for lead in leads}
    siblings = None
    at = utcnow()
    for target_id, kind in targets:
        by_id = changed
        if kind in shared_email.ONE_CONTACT_PER_EMAIL:
            siblings = siblings if siblings is not None else shared_email.intent_leads_to_resend(session, org_id, leads)
            by_id = {**{lead.id: lead for lead in siblings}, **changed}
        existing = {d.lead_id: d for d in session.scalars(
            select(Delivery).where(Delivery.target_id == target_id, Delivery.lead_id.in_(list(by_id))))}
        for lead_id, lead in by_id.items():
            row = existing.get(lead_id)
            if row is None:
                session.add(Delivery(target_id=target_id, lead_id=lead_id, wanted_version=lead.version, next_attempt_at=at))
                continue
            row.wanted_version = lead.version
            if row.state == "done":  # needs_review stays put until a person asks for a retry
                row.state, row.attempts, row.next_attempt_at = "pending", 0, at


def queue_all(session: Session, target: CrmTarget) -> None:
    """A new target receives every lead the org already has."""
    leads = session.execute(select(Lead.id, Lead.version).where(Lead.org_id == target.org_id)).all()
    at = utcnow()
    session.add_all([Delivery(target_id=target.id, lead_id=lead_id, wanted_version=version, next_attempt_at=at)
                     for lead_id, version in leads])


def due_targets(session: Session, at) -> list[CrmTarget]:
    """External targets with deliveries due and no pause in force."""
    due = select(Delivery.target_id).where(Delivery.state == "pending", Delivery.next_attempt_at <= at).distinct()
    return list(session.scalars(select(CrmTarget).where(
        CrmTarget.id.in_(due), CrmTarget.enabled.is_(True),
        or_(CrmTarget.paused_until.is_(None), CrmTarget.paused_until <= at))))


def deliver(session: Session, target: CrmTarget, owner: str, at=None, max_batches: int = 100, timeout: float = 10.0) -> int:
    """One sync run for the target; returns how many leads it sent."""
    at = at or utcnow()
    if not lease(session, target, owner, at):
        return 0
    run = SyncRun(target_id=target.id, started_at=utcnow())
    session.add(run)
    session.commit()  # the run shows as running; no write transaction stays open across the target's HTTP calls
    sent = 0
    try:
        connector = build_connector(target, timeout)
        for _ in range(max_batches):
            batch = _due(session, target.id, at, connector.batch_size)
            if not batch:
                break
            sent += len(batch)
            if not _send(session, target, connector, run, batch, at, owner):
                break
    except Exception:  # a broken target must never stop the worker; the run says why (the log says more)
        log.exception("crm delivery to %s failed", target.id)
        session.rollback()
        _fail(target, run, "Sending failed unexpectedly; the details are in the server log.", at)
    finally:
        run.finished_at = utcnow()
        if run.status == "running":
            run.status = "partial" if run.failed or run.needs_review else "ok"
        session.flush()
        # Released only while still ours: after a lease ran out another worker may hold it now.
        session.execute(update(CrmTarget).where(CrmTarget.id == target.id, CrmTarget.lease_owner == owner)
                        .values(lease_owner=None, lease_until=None).execution_options(synchronize_session=False))
        session.commit()
    return sent


def lease(session: Session, target: CrmTarget, owner: str, at) -> bool:
    """Take the target for this worker (one worker talks to a target at a time, leads or opportunities)."""
    # Not evaluated on the copy in memory: it may be the last run's (its stored lease_until, naive on SQLite, does
    # not compare with an aware at, and may be stale); the row is read back below instead.
    claimed = session.execute(update(CrmTarget).where(
        CrmTarget.id == target.id, or_(CrmTarget.lease_until.is_(None), CrmTarget.lease_until < at))
        .values(lease_owner=owner, lease_until=at + LEASE).execution_options(synchronize_session=False))
    session.commit()
    session.refresh(target)
    return claimed.rowcount == 1 and target.lease_owner == owner


def _due(session: Session, target_id: str, at, limit: int) -> list[tuple[Delivery, Lead]]:
    query = (select(Delivery, Lead).join(Lead, Lead.id == Delivery.lead_id)
             .where(Delivery.target_id == target_id, Delivery.state == "pending", Delivery.next_attempt_at <= at)
             .order_by(Delivery.id).limit(limit))
    return [(d, lead) for d, lead in session.execute(query)]


def _send(session: Session, target: CrmTarget, connector, run: SyncRun, batch, at, owner: str) -> bool:
    """Push one batch and record the outcomes; False when the target is paused (stop this run)."""
    held_elsewhere = shared_email.emails_on_network_leads(session, [lead for _, lead in batch])
    payload = [{**lead_fields(lead), EXTERNAL_ID: external_key(lead.person_id, lead.kind),
                "Guanxi_Contact_Removed__c": lead.contact_removed, "_first_delivery": delivery.sent_version == 0,
                "_email_on_network_lead": lead.id in held_elsewhere, "_version": lead.version}
               for delivery, lead in batch]
    try:
        outcomes = {o.person_id: o for o in connector.push(payload)}
    except Throttled as exc:
        target.paused_until = at + timedelta(seconds=exc.retry_after)
        run.status, run.message = "throttled", f"{exc} {_kept(session, target.id)}"
        session.commit()
        return False
    except TargetUnavailable as exc:
        _fail(target, run, str(exc), at)
        run.message = f"{exc} {_kept(session, target.id)}"
        session.commit()
        return False
    for delivery, lead in batch:
        key = external_key(lead.person_id, lead.kind)
        outcome = outcomes.get(key) or Outcome(key, "failed", message="No result for this lead.")
        _settle(delivery, lead.version, outcome, run, at)
    target.failures = 0
    # A long run keeps its lease, so no other worker sends the same leads meanwhile.
    session.execute(update(CrmTarget).where(CrmTarget.id == target.id, CrmTarget.lease_owner == owner)
                    .values(lease_until=max(at, utcnow()) + LEASE).execution_options(synchronize_session=False))
    session.commit()
    return True


def _settle(delivery: Delivery, version: int, outcome: Outcome, run: SyncRun, at) -> None:
    delivery.updated_at = at
    if outcome.result in ("created", "updated", "unchanged"):
        delivery.sent_version, delivery.attempts, delivery.last_error = version, 0, None
        delivery.external_id = outcome.external_id or delivery.external_id
        delivery.state = "done" if delivery.wanted_version <= version else "pending"
        if outcome.result == "created":
            run.created += 1
        else:
            run.updated += 1
    elif outcome.result == "needs_review" or not outcome.retry:
        delivery.state, delivery.last_error = "needs_review", outcome.message
        run.needs_review += 1
    else:
        delivery.attempts += 1
        delivery.next_attempt_at, delivery.last_error = at + backoff(delivery.attempts), outcome.message
        run.failed += 1


def _fail(target: CrmTarget, run: SyncRun, message: str, at) -> None:
    target.failures += 1
    target.paused_until = at + backoff(target.failures)
    run.status, run.message = "failed", message


def _kept(session: Session, target_id: str) -> str:
    pending = session.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.target_id == target_id, Delivery.state == "pending"))
    return f"{pending} lead(s) kept and retried automatically."


def retry_needs_review(session: Session, org_id: str) -> int:
    """Put the records a person has reviewed back in the queue."""
    targets = select(CrmTarget.id).where(CrmTarget.org_id == org_id)
    result = session.execute(update(Delivery).where(Delivery.target_id.in_(targets), Delivery.state == "needs_review")
                             .values(state="pending", attempts=0, next_attempt_at=utcnow()))
    uow.on_commit(session, outbox.WAKE.set)
    return result.rowcount
