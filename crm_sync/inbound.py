"""Changes made in a CRM come back to the board: Status and Owner only, the later change wins, never echoed back."""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accounts import organizations
from core import uow
from core.db import as_utc, utcnow
from core.i18n import N_
from crm_sync import outbox, push
from crm_sync.mapping import Say, english
from crm_sync.inbound_models import InboundSeen, InboundState
from crm_sync.models import CrmTarget, Delivery, Lead, SyncRun

log = logging.getLogger(__name__)
SEEN_RETENTION = timedelta(days=7)  # HubSpot retries a delivery for up to 3 days; a week covers any redelivery
ORIGINS = {"hubspot": "HubSpot", "salesforce": "Salesforce", "webhook": N_("the webhook's system")}


@dataclass
class Change:
    """One CRM record's new Status and/or owner, as of `at` (the CRM's time of the change)."""

    at: datetime
    key: str | None = None  # Guanxi_Person_Id__c (the external key) …
    external_id: str | None = None  # … or the CRM's own record id (a HubSpot contact id) …
    lead_id: str | None = None  # … or the lead's Id on Guanxi
    status: str | None = None
    owner: str | None = None  # the CRM's owner id, mapped through the target's owner map
    event_id: str | None = None
    echo: bool = False  # made by our own integration user: what we pushed


@dataclass
class Result:
    applied: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


def state_of(session: Session, target_id: str) -> InboundState:
    """The target's inbound state (created on first use)."""
    state = session.get(InboundState, target_id)
    if state is None:
        state = InboundState(target_id=target_id, owner_map={})
        session.add(state)
        session.flush()
    return state


def apply_changes(session: Session, target: CrmTarget, changes: list[Change]) -> Result:
    """Apply what the target reports, record an inbound sync run; the caller's unit of work commits."""
    result = Result()
    fresh = _unseen(session, target.id, changes)
    result.skipped += len(changes) - len(fresh)
    owners = state_of(session, target.id).owner_map or {}
    members = set(organizations.member_ids(session, target.org_id))
    leads = _leads(session, target, fresh)
    changed: dict[str, tuple[Lead, int]] = {}
    for change in fresh:
        lead = leads.get(change.lead_id or change.key or change.external_id or "")
        if lead is None or change.echo:
            result.skipped += 1
            continue
        before = lead.version
        if _apply(lead, change, target.kind, owners, members, result):
            changed.setdefault(lead.id, (lead, before))
            result.applied += 1
        else:
            result.skipped += 1
    _settle(session, target, list(changed.values()))
    _record_run(session, target, result)
    return result


def _unseen(session: Session, target_id: str, changes: list[Change]) -> list[Change]:
    """Changes whose event id was never applied (within the retention); remembers the new ids."""
    ids = {c.event_id for c in changes if c.event_id}
    seen = set(session.scalars(select(InboundSeen.event_id).where(
        InboundSeen.target_id == target_id, InboundSeen.event_id.in_(ids)))) if ids else set()
    fresh, now = [], utcnow()
    for change in changes:
        if change.event_id and change.event_id in seen:
            continue
        if change.event_id:
            seen.add(change.event_id)
            session.add(InboundSeen(target_id=target_id, event_id=change.event_id, seen_at=now))
        fresh.append(change)
    return fresh


def _leads(session: Session, target: CrmTarget, changes: list[Change]) -> dict[str, Lead]:
    """{reference in a change: the org's lead} for lead ids, external keys and the target's record ids."""
    found: dict[str, Lead] = {}
    ids = {c.lead_id for c in changes if c.lead_id}
    for lead in session.scalars(select(Lead).where(Lead.org_id == target.org_id, Lead.id.in_(ids))) if ids else ():
        found[lead.id] = lead
    keys = {c.key for c in changes if c.key}
    people = {key.split(":")[0] for key in keys}
    for lead in session.scalars(select(Lead).where(Lead.org_id == target.org_id, Lead.person_id.in_(people))) if keys else ():
        found[lead.person_id if lead.kind == "network" else f"{lead.person_id}:{lead.kind}"] = lead
    external = {c.external_id for c in changes if c.external_id}
    if external:
        rows = session.execute(select(Delivery.external_id, Lead).join(Lead, Lead.id == Delivery.lead_id).where(
            Delivery.target_id == target.id, Delivery.external_id.in_(external)))
        found.update({external_id: lead for external_id, lead in rows})
    return found


def _apply(lead: Lead, change: Change, origin: str, owners: dict, members: set, result: Result) -> bool:
    """Set Status / OwnerId when the CRM's change is newer than the last change of that field; True if any."""
    at, changed = as_utc(change.at), False
    if change.status and change.status != lead.status and _newer(at, lead.status_changed_at, lead):
        lead.status, lead.status_changed_at, lead.status_origin, changed = change.status, at, origin, True
    if change.owner:
        user_id = owners.get(change.owner)
        if user_id is None or user_id not in members:
            result.notes.append(f"{ORIGINS[origin]} owner {change.owner[:40]} is not mapped to a member; OwnerId kept.")
        elif user_id != lead.owner_id and _newer(at, lead.owner_changed_at, lead):
            lead.owner_id, lead.owner_changed_at, lead.owner_origin, changed = user_id, at, origin, True
    if changed:
        lead.version += 1
        lead.updated_at = utcnow()
    return changed


def _newer(at: datetime, last: datetime | None, lead: Lead) -> bool:
    """The later change wins: a field never changed by hand counts from when the lead was made."""
    return at > as_utc(last or lead.created_at)


def _settle(session: Session, source: CrmTarget, changed: list[tuple[Lead, int]]) -> None:
    """Other targets owe the new version; the source already holds it, so it is not sent back (no echo)."""
    if not changed:
        return
    leads = [lead for lead, _ in changed]
    held = {d.lead_id: d for d in session.scalars(select(Delivery).where(
        Delivery.target_id == source.id, Delivery.lead_id.in_([lead.id for lead in leads])))}
    up_to_date = {lead.id for lead, before in changed
                  if (d := held.get(lead.id)) is not None and d.state == "done" and d.sent_version >= before}
    session.flush()
    push.mark_changed(session, source.org_id, leads)
    for lead in leads:
        delivery = held.get(lead.id)
        if delivery is not None and lead.id in up_to_date:  # it had everything else: nothing left to send it
            delivery.state, delivery.wanted_version, delivery.sent_version = "done", lead.version, lead.version
    uow.on_commit(session, outbox.WAKE.set)


def _record_run(session: Session, target: CrmTarget, result: Result) -> None:
    if not (result.applied or result.skipped or result.notes):
        return  # an empty poll is no run worth listing
    now = utcnow()
    message = f"Inbound: {result.applied} change(s) applied, {result.skipped} skipped (older, unchanged or repeated)."
    if result.notes:
        message += " " + " ".join(sorted(set(result.notes))[:5])
        log.info("crm inbound %s: %s", target.id, "; ".join(result.notes))
    session.add(SyncRun(target_id=target.id, direction="inbound", status="partial" if result.notes else "ok",
                        updated=result.applied, message=message, started_at=now, finished_at=now))


def forget_old_events(session: Session) -> int:
    """Drop event ids older than the retention (HubSpot no longer redelivers them)."""
    return session.execute(delete(InboundSeen).where(InboundSeen.seen_at < utcnow() - SEEN_RETENTION)).rowcount


def status_note(lead: Lead, now: datetime | None = None, say: Say = english) -> str | None:
    """"changed in Salesforce 2 min ago" for a Status that came from a CRM; None when it was set here."""
    if not lead.status_origin or lead.status_changed_at is None:
        return None
    seconds = int(max(((now or utcnow()) - as_utc(lead.status_changed_at)).total_seconds(), 0))
    origin = say(ORIGINS.get(lead.status_origin, lead.status_origin))
    if seconds < 60:
        return say(N_("changed in %(origin)s just now"), origin=origin)
    if seconds < 3600:
        return say(N_("changed in %(origin)s %(n)s min ago"), origin=origin, n=seconds // 60)
    if seconds < 86400:
        return say(N_("changed in %(origin)s %(n)s h ago"), origin=origin, n=seconds // 3600)
    return say(N_("changed in %(origin)s %(n)s d ago"), origin=origin, n=seconds // 86400)
