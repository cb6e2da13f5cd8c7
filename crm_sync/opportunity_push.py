"""Pushing opportunities to CRMs: each external target is brought up to each opportunity's latest version, with the
same leases, backoff and exactly-once bookkeeping as leads (push.py)."""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.db import utcnow
from crm_sync import credentials, push
from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.egress import private_targets_allowed
from crm_sync.connectors.hubspot_deals import HubSpotDealConnector
from crm_sync.connectors.salesforce_opportunities import SalesforceOpportunityConnector
from crm_sync.connectors.webhook_opportunities import WebhookOpportunityConnector
from crm_sync.models import CrmTarget, Delivery, SyncRun
from crm_sync.outbox import backoff
from crm_sync.pipeline_models import Opportunity, OpportunityDelivery
from crm_sync.stages import opportunity_record

log = logging.getLogger(__name__)
CONNECTORS = {"salesforce": SalesforceOpportunityConnector, "hubspot": HubSpotDealConnector,
              "webhook": WebhookOpportunityConnector}
KEY = "Guanxi_Opportunity_Id__c"


def mark_changed(session: Session, org_id: str, opportunities: list[Opportunity]) -> None:
    """Every external target of the org owes these opportunities their new version."""
    target_ids = session.scalars(select(CrmTarget.id).where(
        CrmTarget.org_id == org_id, CrmTarget.kind.in_(list(CONNECTORS)), CrmTarget.enabled.is_(True))).all()
    at = utcnow()
    for target_id in target_ids:
        existing = {d.opportunity_id: d for d in session.scalars(select(OpportunityDelivery).where(
            OpportunityDelivery.target_id == target_id, OpportunityDelivery.opportunity_id.in_([o.id for o in opportunities])))}
        for opp in opportunities:
            row = existing.get(opp.id)
            if row is None:
                session.add(OpportunityDelivery(target_id=target_id, opportunity_id=opp.id, wanted_version=opp.version,
                                                next_attempt_at=at))
                continue
            row.wanted_version = opp.version
            if row.state == "done":
                row.state, row.attempts, row.next_attempt_at = "pending", 0, at


def queue_all(session: Session, target: CrmTarget) -> None:
    """A new target receives every opportunity the org already has."""
    if target.kind not in CONNECTORS:
        return
    rows = session.execute(select(Opportunity.id, Opportunity.version).where(Opportunity.org_id == target.org_id)).all()
    session.add_all([OpportunityDelivery(target_id=target.id, opportunity_id=opp_id, wanted_version=version)
                     for opp_id, version in rows])


def deliver_due(session: Session, owner: str, at, skip: set[str], timeout: float = 10.0) -> int:
    """One run for every target with opportunities due (not paused, not in skip); how many were sent."""
    due = select(OpportunityDelivery.target_id).where(
        OpportunityDelivery.state == "pending", OpportunityDelivery.next_attempt_at <= at).distinct()
    targets = session.scalars(select(CrmTarget).where(
        CrmTarget.id.in_(due), CrmTarget.enabled.is_(True),
        or_(CrmTarget.paused_until.is_(None), CrmTarget.paused_until <= at))).all()
    return sum(deliver(session, target, owner, at, timeout=timeout) for target in targets if target.id not in skip)


def deliver(session: Session, target: CrmTarget, owner: str, at=None, max_batches: int = 100, timeout: float = 10.0) -> int:
    """One sync run of opportunities to the target; no write transaction stays open across its HTTP calls."""
    at = at or utcnow()
    if not push.lease(session, target, owner, at):
        return 0
    run = SyncRun(target_id=target.id, started_at=utcnow(), message="Opportunities")
    session.add(run)
    session.commit()
    sent = 0
    try:
        config = {**(target.settings or {}), **credentials.unseal(target.secret)}
        connector = CONNECTORS[target.kind](config, timeout=timeout, allow_private=private_targets_allowed(current_app.config))
        for _ in range(max_batches):
            batch = _due(session, target.id, at, connector.batch_size)
            if not batch:
                break
            sent += len(batch)
            if not _send(session, target, connector, run, batch, at):
                break
    except Exception:  # a broken target must never stop the worker; the run says why
        log.exception("crm opportunity delivery to %s failed", target.id)
        session.rollback()
        _fail(target, run, "Sending failed unexpectedly; the details are in the server log.", at)
    finally:
        run.finished_at = utcnow()
        if run.status == "running":
            run.status = "partial" if run.failed or run.needs_review else "ok"
        session.execute(update(CrmTarget).where(CrmTarget.id == target.id, CrmTarget.lease_owner == owner)
                        .values(lease_owner=None, lease_until=None).execution_options(synchronize_session=False))
        session.commit()
    return sent


def _due(session: Session, target_id: str, at, limit: int) -> list[tuple[OpportunityDelivery, Opportunity]]:
    query = (select(OpportunityDelivery, Opportunity).join(Opportunity, Opportunity.id == OpportunityDelivery.opportunity_id)
             .where(OpportunityDelivery.target_id == target_id, OpportunityDelivery.state == "pending",
                    OpportunityDelivery.next_attempt_at <= at).order_by(OpportunityDelivery.id).limit(limit))
    return [(d, o) for d, o in session.execute(query)]


def _payload(session: Session, target_id: str, batch) -> list[dict]:
    """Opportunity records plus what a connector needs: the lead's record id at this target (HubSpot's contact)."""
    lead_ids = [opp.lead_id for _, opp in batch]
    contacts = dict(session.execute(select(Delivery.lead_id, Delivery.external_id).where(
        Delivery.target_id == target_id, Delivery.lead_id.in_(lead_ids))).all())
    return [{**opportunity_record(opp), KEY: opp.id, "_contact_id": contacts.get(opp.lead_id),
             "_first_delivery": delivery.sent_version == 0, "_version": opp.version} for delivery, opp in batch]


def _send(session: Session, target: CrmTarget, connector, run: SyncRun, batch, at) -> bool:
    """Push one batch and settle each delivery; False when the target is paused (stop this run)."""
    payload = _payload(session, target.id, batch)
    try:
        outcomes = {o.person_id: o for o in connector.push(payload)}
    except Throttled as exc:
        target.paused_until = at + timedelta(seconds=exc.retry_after)
        run.status, run.message = "throttled", f"Opportunities: {exc}"
        session.commit()
        return False
    except TargetUnavailable as exc:
        _fail(target, run, f"Opportunities: {exc}", at)
        session.commit()
        return False
    # One executemany by primary key: a thousand ORM attribute sets per batch cost more than the HTTP call.
    changes = [_settled(delivery, opp.version, outcomes.get(opp.id) or Outcome(opp.id, "failed", message="No result."), run, at)
               for delivery, opp in batch]
    session.execute(update(OpportunityDelivery), changes)
    target.failures = 0
    session.commit()
    return True


def _settled(delivery: OpportunityDelivery, version: int, outcome: Outcome, run: SyncRun, at) -> dict:
    """The delivery's new columns after this outcome (counted on the run)."""
    values = {"id": delivery.id, "updated_at": at, "external_id": outcome.external_id or delivery.external_id}
    if outcome.result in ("created", "updated", "unchanged"):
        run.created += outcome.result == "created"
        run.updated += outcome.result != "created"
        return {**values, "sent_version": version, "attempts": 0, "last_error": None,
                "state": "done" if delivery.wanted_version <= version else "pending"}
    if outcome.result == "needs_review" or not outcome.retry:
        run.needs_review += 1
        return {**values, "state": "needs_review", "last_error": outcome.message}
    run.failed += 1
    return {**values, "attempts": delivery.attempts + 1, "next_attempt_at": at + backoff(delivery.attempts + 1),
            "last_error": outcome.message}


def _fail(target: CrmTarget, run: SyncRun, message: str, at) -> None:
    target.failures += 1
    target.paused_until = at + backoff(target.failures)
    run.status, run.message = "failed", message

