"""The worker: drains the outbox into the board, then brings every external target up to date."""
import logging
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core import uow
from core.db import as_utc, utcnow
from core.graph import GraphStore
from crm_sync import inbound_poll, intent, leads, opportunity_push, outbox, push
from crm_sync.models import CrmSettings, Lead

log = logging.getLogger(__name__)
BATCH = 1000
CONNECTION_EVENTS = ("connection_accepted", "connection_removed")
PERSON_EVENTS = ("consent_changed", "profile_updated")
REQUEST_EVENTS = ("recommendation_requested", "recommendation_closed")
ORG_EVENTS = ("crm_enabled", "reconcile")
# Profile fields a lead (or a warm path naming a member) is made of; other edits change no lead.
LEAD_FIELDS = frozenset({"name", "company", "title", "industry", "company_id", "crm_consent"})
# A member's name is in their intent leads' Description; their employer decides whether they are a seller.
SELLER_FIELDS = frozenset({"name", "company_id"})


def drain(session: Session, graph: GraphStore, owner: str | None = None, later: float = 0.0, rounds: int = 1000,
          timeout: float = 10.0) -> dict:
    """Process everything due (as if `later` seconds from now): events first, then deliveries. Bounded."""
    owner = owner or outbox.worker_id()
    totals, paused, events_failed = {"events": 0, "sent": 0}, set(), False
    for _ in range(rounds):
        at = utcnow() + timedelta(seconds=later)
        handled = process_events(session, graph, owner, at) if not events_failed else 0
        totals["events"] += abs(handled)
        events_failed = events_failed or handled < 0  # a failed batch waits for its backoff
        if handled > 0:
            continue
        sent = 0
        for target in push.due_targets(session, at):
            if target.id not in paused:
                sent += push.deliver(session, target, owner, at, timeout=timeout)
                if target.paused_until is not None and as_utc(target.paused_until) > at:
                    paused.add(target.id)  # failed or throttled: its backoff outlives this drain
        sent += opportunity_push.deliver_due(session, owner, at, paused, timeout=timeout)
        totals["sent"] += sent
        if not sent:
            break
    return totals


def process_events(session: Session, graph: GraphStore, owner: str, at=None) -> int:
    """Claim a batch of events, recompute the leads they touch, settle them; failures back off.
    Returns how many were handled, negative when the batch failed and was kept for later.

    Each step reads the graph with no SQL transaction open, then writes and commits: a recompute is
    idempotent, so a crash between steps only means the same rows are worked on again."""
    rows = outbox.claim(session, owner, BATCH, at)
    if not rows:
        return 0
    try:
        enabled = set(session.scalars(select(CrmSettings.org_id).where(CrmSettings.enabled.is_(True))))
        for org_id, (members, persons) in affected(session, graph, rows, enabled).items():
            leads.refresh_leads(session, graph, org_id, persons, members)
            _step_done(session, rows, owner)
        askers, whole_orgs = intent_affected(session, rows, enabled)
        if askers:
            intent.refresh_intent_leads(session, graph, enabled, askers)
            _step_done(session, rows, owner)
        if whole_orgs:
            intent.refresh_intent_leads(session, graph, whole_orgs)
        outbox.settle(session, rows, None, at, owner)
    except Exception as exc:  # kept, never dropped: the same rows come back after the backoff
        session.rollback()
        log.warning("crm outbox batch failed (%d events kept)", len(rows), exc_info=True)
        outbox.settle(session, rows, outbox.failure_message(exc), at, owner)
        return -len(rows)
    return len(rows)


def _step_done(session: Session, rows, owner: str) -> None:
    """Commit one step's writes, renewing the lease so a long batch is not claimed twice."""
    outbox.renew(session, rows, owner)
    session.commit()


def affected(session: Session, graph: GraphStore, rows, enabled: set[str]) -> dict[str, tuple[list[str], set[str]]]:
    """{org id: (members, people whose network lead must be recomputed)} for the orgs with CRM sync on."""
    result: dict[str, tuple[list[str], set[str]]] = {}
    orgs_of = _enabled_orgs_of(session, rows, enabled)

    def org(org_id):
        if org_id not in result:
            result[org_id] = (organizations.member_ids(session, org_id), set())
        return result[org_id]

    for row in rows:
        payload = row.payload
        if row.kind in CONNECTION_EVENTS:
            for me, other in ((payload["a"], payload["b"]), (payload["b"], payload["a"])):
                for org_id in orgs_of.get(me, ()):
                    org(org_id)[1].add(other)
        elif row.kind in PERSON_EVENTS and LEAD_FIELDS.intersection(payload.get("fields", LEAD_FIELDS)):
            for org_id in enabled:
                members, persons = org(org_id)
                persons.add(payload["user_id"])
                if payload["user_id"] in members:  # a member renamed: the warm paths naming them change
                    persons.update(_known_by(session, org_id, payload["user_id"]))
        elif row.kind in ORG_EVENTS and payload["org_id"] in enabled:
            members, persons = org(payload["org_id"])
            persons.update(leads.reconcile_people(session, graph, payload["org_id"], members))
    return result


def intent_affected(session: Session, rows, enabled: set[str]) -> tuple[set[str], set[str]]:
    """(askers whose intent leads every enabled org recomputes, orgs that recompute all of theirs).
    A consent change needs no bookkeeping here: the recompute reads consent and its time from the account."""
    askers, orgs = set(), set()
    for row in rows:
        payload = row.payload
        if row.kind in REQUEST_EVENTS:
            askers.add(payload["asker_id"])
        elif row.kind == "consent_changed":
            askers.add(payload["user_id"])
        elif row.kind == "profile_updated" and LEAD_FIELDS.intersection(payload["fields"]):
            askers.add(payload["user_id"])
            if SELLER_FIELDS.intersection(payload["fields"]):
                orgs.update(enabled.intersection(organizations.org_ids_of(session, payload["user_id"])))
        elif row.kind in ORG_EVENTS and payload["org_id"] in enabled:
            orgs.add(payload["org_id"])
    return askers, orgs


def _enabled_orgs_of(session: Session, rows, enabled: set[str]) -> dict[str, set[str]]:
    """{person: enabled orgs they belong to} for everyone in the batch's connection events, in one query."""
    people = {row.payload[side] for row in rows if row.kind in CONNECTION_EVENTS for side in ("a", "b")}
    if not people or not enabled:
        return {}
    return organizations.orgs_of_people(session, people, enabled)


def _known_by(session: Session, org_id: str, member_id: str) -> list[str]:
    query = select(Lead.person_id, Lead.known_by).where(Lead.org_id == org_id, Lead.kind == "network")
    return [row.person_id for row in session.execute(query) if member_id in (row.known_by or [])]


def reconcile(session: Session, graph: GraphStore, org_id: str) -> dict:
    """Recompute every lead the org should have (network and intent) and repair drift; returns the counts."""
    members = organizations.member_ids(session, org_id)
    people = leads.reconcile_people(session, graph, org_id, members)
    counts = leads.refresh_leads(session, graph, org_id, people, members)
    session.commit()  # a reconcile is a worker step of its own: commit before the next graph reads
    for key, value in intent.refresh_intent_leads(session, graph, [org_id]).items():
        counts[key] += value
    row = session.get(CrmSettings, org_id)
    if row is not None:
        row.reconciled_at = utcnow()
    session.commit()
    return {"people": len(people), **counts}


def run_forever(app, poll: float = 1.0, reconcile_every: float = 900.0, stop=None) -> None:
    """The worker loop (server background task or `flask crm worker`): wake on events, poll as a fallback.
    Runs until `stop` (a threading.Event) is set, or for the life of the process."""
    from core.db import get_session
    from core.extensions import graph

    owner, last_reconcile = outbox.worker_id(), time.monotonic()
    while stop is None or not stop.is_set():
        outbox.WAKE.clear()
        with app.app_context():
            try:
                session = get_session()
                if time.monotonic() - last_reconcile > reconcile_every:
                    _enqueue_reconciles(session)
                    last_reconcile = time.monotonic()
                drain(session, graph, owner, timeout=app.config.get("CRM_HTTP_TIMEOUT", 10.0))
                inbound_poll.poll_due(session, app.config.get("CRM_INBOUND_POLL_INTERVAL", 60.0),
                                      app.config.get("CRM_HTTP_TIMEOUT", 10.0))  # Salesforce changes come back
            except Exception:  # keep the loop alive; events stay in the outbox
                log.exception("crm worker round failed")
        outbox.WAKE.wait(poll)


def _enqueue_reconciles(session: Session) -> None:
    """Periodic repair of drift nobody sent an event for (e.g. a member added to the team)."""
    for org_id in session.scalars(select(CrmSettings.org_id).where(CrmSettings.enabled.is_(True))):
        outbox.enqueue(session, "reconcile", {"org_id": org_id})
    uow.commit(session)


def start_crm_worker(app) -> None:
    """In server mode: run the worker as a background task of the app process."""
    from core.extensions import socketio

    if not app.config.get("CRM_IN_APP_WORKER", True):  # production may run `flask crm worker` instead
        return
    socketio.start_background_task(run_forever, app, app.config.get("CRM_POLL_INTERVAL", 1.0),
                                   app.config.get("CRM_RECONCILE_INTERVAL", 900.0))
