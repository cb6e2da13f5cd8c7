"""The leads board: list, filter, search, change Status, export CSV, and the sync status."""
import csv
import io
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from accounts import organizations, people
from core.db import as_utc, utcnow
from core.errors import NotFound
from core.i18n import N_
from core import uow
from crm_sync import inbound, lead_flags, outbox, push
from crm_sync.mapping import Say, english, lead_fields, warm_path
from crm_sync.models import CrmSettings, CrmTarget, Delivery, Lead, OutboxEvent, SyncRun
from sourcing import deals

A_FORMER_MEMBER = N_("a former member")
CSV_COLUMNS = ("Id", "FirstName", "LastName", "Company", "Title", "Email", "Phone", "Industry", "LeadSource",
               "Status", "OwnerId", "Description", "Guanxi_Person_Id__c", "Guanxi_Known_By__c",
               "Guanxi_Contact_Removed__c", "CreatedDate", "LastModifiedDate", "Guanxi_Request_Id__c",
               "Guanxi_Request_Category__c")


def list_leads(session: Session, org_id: str, query: dict, viewer_id: str | None = None,
               say: Say = english) -> tuple[list[dict], list | None]:
    """One page of the org's leads, newest first, filtered by status/owner/search, and the position after it
    ([seq] of its last lead; None at the end); query["cursor"]: such a position."""
    statement = _filtered(org_id, query)
    if query.get("cursor"):
        statement = statement.where(Lead.seq < query["cursor"][0])
    rows = session.scalars(statement.order_by(Lead.seq.desc()).limit(query["limit"] + 1)).all()
    more = len(rows) > query["limit"]
    rows = rows[:query["limit"]]
    records = lead_records(session, rows, viewer_id, say)
    return records, [rows[-1].seq] if more else None


def all_leads(session: Session, org_id: str, query: dict) -> list[dict]:
    """Every lead matching the filters (for the CSV export)."""
    return lead_records(session, session.scalars(_filtered(org_id, query).order_by(Lead.seq.desc())).all())


def _filtered(org_id: str, query: dict):
    statement = lead_flags.hide_archived(select(Lead).where(Lead.org_id == org_id), query)
    if query.get("status"):
        statement = statement.where(Lead.status == query["status"])
    if query.get("owner"):
        statement = statement.where(Lead.owner_id == query["owner"])
    if query.get("source"):
        statement = statement.where(Lead.kind == query["source"])
    if query.get("q"):
        like = f"%{query['q'].strip().lower()}%"
        statement = statement.where(or_(*(func.lower(column).like(like) for column in (
            Lead.first_name, Lead.last_name, Lead.company, Lead.title, Lead.email_key, Lead.industry))))
    return statement


def lead_records(session: Session, rows: list[Lead], viewer_id: str | None = None, say: Say = english) -> list[dict]:
    """Leads as the API's Lead, with the warm path worded for the viewer (an intent lead: what they asked for)."""
    ids = {m for row in rows for m in (row.known_by or [])} | {row.owner_id for row in rows if row.owner_id}
    names = people.names_of(session, ids)
    paid = deals.buyer_records_of_people(session, {row.person_id for row in rows if row.kind == "request"})
    archived = lead_flags.archived_ids(session, [row.id for row in rows])
    records = []
    for row in rows:
        knowers = [{"id": m, "name": names.get(m, say(A_FORMER_MEMBER))} for m in row.known_by or []]
        records.append({**lead_fields(row), "Guanxi_Known_By__c": "; ".join(k["name"] for k in knowers),
                        "Guanxi_Contact_Removed__c": row.contact_removed, "CreatedDate": as_utc(row.created_at),
                        "LastModifiedDate": as_utc(row.updated_at), "Archived": row.id in archived,
                        "owner_name": names.get(row.owner_id, ""), "status_note": inbound.status_note(row, say=say),
                        "warm_path": row.description if row.kind == "request" else warm_path(knowers, viewer_id, say=say),
                        "buyer_payment_records": [{k: r[k] for k in ("org_name", "deals", "on_time_rate")}
                                                  for r in paid.get(row.person_id, [])]})
    return records


def set_status(session: Session, org_id: str, lead_id: str, status: str) -> dict:
    """Move a lead along the pipeline; external targets receive the new Status."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id, Lead.org_id == org_id))
    if lead is None:
        raise NotFound(N_("No such lead in this organization."))
    if lead.status != status:
        lead.status, lead.version, lead.updated_at = status, lead.version + 1, utcnow()
        lead.status_changed_at, lead.status_origin = lead.updated_at, None  # changed here: later CRM changes win
        push.mark_changed(session, org_id, [lead])
        uow.on_commit(session, outbox.WAKE.set)
    return lead_records(session, [lead])[0]


def csv_text(records: list[dict]) -> str:
    """CSV with the Lead's column names; cells that a spreadsheet would run as formulas are defused."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(record.get(k)) for k in CSV_COLUMNS})
    return out.getvalue()


def _cell(value):
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def sync_status(session: Session, org_id: str) -> dict:
    """Each target's last run, totals and problems, and how many of the team's own changes wait in the outbox."""
    settings = session.get(CrmSettings, org_id)
    targets = session.scalars(select(CrmTarget).where(CrmTarget.org_id == org_id).order_by(CrmTarget.created_at)).all()
    return {"org_id": org_id, "enabled": bool(settings and settings.enabled), "outbox": _backlog(session, org_id),
            "targets": [_target_status(session, t) for t in targets]}


def _backlog(session: Session, org_id: str) -> dict:
    """The team's pending events: about the team itself, its members' connections, or people who are its
    members or leads. Other teams' events, and the raw errors of a batch, are never shown (only the short
    message the worker stored)."""
    members = organizations.member_ids(session, org_id)
    people = select(Lead.person_id).where(Lead.org_id == org_id)
    payload = OutboxEvent.payload
    person = [payload[key].as_string() for key in ("user_id", "asker_id")]
    ours = or_(payload["org_id"].as_string() == org_id,
               payload["a"].as_string().in_(members), payload["b"].as_string().in_(members),
               *(p.in_(members) for p in person), *(p.in_(people) for p in person))
    pending = select(OutboxEvent).where(OutboxEvent.done.is_(False), ours)
    waiting = session.scalar(select(func.count()).select_from(pending.subquery()))
    failing = session.scalar(pending.where(OutboxEvent.last_error.isnot(None)).order_by(OutboxEvent.id.desc()).limit(1))
    if failing is None:
        return {"pending": waiting, "last_error": None, "next_attempt_at": None}
    # Rows failed before messages were made for people still hold raw exception text: never shown.
    known = failing.last_error if failing.last_error in outbox.FAILURE_MESSAGES else outbox.OTHER_FAILED
    return {"pending": waiting, "last_error": known, "next_attempt_at": as_utc(failing.next_attempt_at).isoformat()}


def _target_status(session: Session, target: CrmTarget) -> dict:
    last = session.scalar(select(SyncRun).where(SyncRun.target_id == target.id, SyncRun.direction == "outbound")
                          .order_by(SyncRun.id.desc()).limit(1))
    last_inbound = session.scalar(select(SyncRun).where(SyncRun.target_id == target.id, SyncRun.direction == "inbound")
                                  .order_by(SyncRun.id.desc()).limit(1))
    outbound = (SyncRun.target_id == target.id, SyncRun.direction == "outbound")  # inbound runs: last_inbound_run
    totals = dict(session.execute(select(SyncRun.status, func.count()).where(*outbound)
                                  .group_by(SyncRun.status)).all())
    sums = session.execute(select(func.coalesce(func.sum(SyncRun.created), 0), func.coalesce(func.sum(SyncRun.updated), 0),
                                  func.coalesce(func.sum(SyncRun.failed), 0), func.coalesce(func.sum(SyncRun.needs_review), 0))
                           .where(*outbound)).one()
    states = dict(session.execute(select(Delivery.state, func.count()).where(Delivery.target_id == target.id)
                                  .group_by(Delivery.state)).all())
    problems = session.execute(select(Delivery, Lead).join(Lead, Lead.id == Delivery.lead_id).where(
        Delivery.target_id == target.id, Delivery.last_error.isnot(None)).order_by(Delivery.updated_at.desc()).limit(20))
    return {"id": target.id, "kind": target.kind, "name": target.name, "enabled": target.enabled,
            "settings": target.settings, "secret_hint": target.secret_hint, "paused_until": target.paused_until,
            "last_run": last, "last_inbound_run": last_inbound, "pending": states.get("pending", 0),
            "totals": {"runs": totals, "created": sums[0], "updated": sums[1], "failed": sums[2], "needs_review": sums[3],
                       "delivered": states.get("done", 0), "awaiting_review": states.get("needs_review", 0)},
            "problems": [{"lead_id": lead.id, "name": lead.last_name + (f", {lead.first_name}" if lead.first_name else ""),
                          "state": d.state, "error": d.last_error} for d, lead in problems]}


def held_by_teams_of(session: Session, viewer_id: str, person_ids: set[str]) -> dict[str, list[dict]]:
    """{person: the leads the viewer's own organizations hold of them}; only orgs the viewer is a member of."""
    held = defaultdict(list)
    orgs = organizations.org_names_of(session, viewer_id) if person_ids else {}
    if orgs:
        rows = session.execute(select(Lead.person_id, Lead.kind, Lead.status, Lead.org_id)
                               .where(Lead.org_id.in_(list(orgs)), Lead.person_id.in_(person_ids)))
        # Ordered here, by org name then kind: the names come from accounts, not from a join.
        for person_id, kind, status, org_id in sorted(rows, key=lambda row: (orgs[row.org_id], row.kind)):
            held[person_id].append({"org_id": org_id, "org_name": orgs[org_id], "kind": kind, "status": status})
    return held
