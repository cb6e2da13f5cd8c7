"""The sales pipeline: a lead converted into an opportunity, moved through Salesforce's standard stages."""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core import uow
from core.db import utc_today, utcnow
from core.errors import Conflict, NotFound, ValidationError
from crm_sync import board, opportunity_push, outbox, signals
from crm_sync.models import Lead
from crm_sync.pipeline_models import Opportunity
from crm_sync.stages import STAGES, opportunity_record
from core.i18n import N_
from crm_sync.labels import lazy

DEFAULT_CLOSE = timedelta(days=30)


def require_member(session: Session, user_id: str, org_id: str) -> str:
    """The user's role; 404 for anyone outside the org (the pipeline does not say which orgs exist)."""
    role = organizations.role_in(session, user_id, org_id)
    if role is None:
        raise NotFound(N_("No such organization."))
    return role


def require_owner_member(session: Session, org_id: str, owner_id: str | None) -> None:
    """An owner must be a member of the org; anything else is a 400 naming OwnerId."""
    if owner_id is not None and organizations.role_in(session, owner_id, org_id) is None:
        raise ValidationError(N_("The owner must be a member of the organization."),
                              {"OwnerId": [N_("Not a member of this organization.")]})


def convert(session: Session, org_id: str, lead_id: str, data: dict) -> dict:
    """Make the lead's opportunity and mark the lead Converted; a lead converts once (409 after)."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id, Lead.org_id == org_id))
    if lead is None:
        raise NotFound(N_("No such lead in this organization."))
    existing = session.scalar(select(Opportunity).where(Opportunity.lead_id == lead_id))
    if existing is not None:
        raise Conflict(lazy(N_("This lead was already converted into opportunity %(id)s."), id=existing.id),
                       {"Id": [existing.id]})
    stage = data.get("StageName") or "Prospecting"
    name = data.get("Name") or f"{lead.company}: {' '.join(filter(None, (lead.first_name, lead.last_name)))}"
    opp = Opportunity(org_id=org_id, lead_id=lead.id, name=name[:120], stage_name=stage, amount=data.get("Amount"),
                      close_date=data.get("CloseDate") or utc_today() + DEFAULT_CLOSE,
                      probability=data.get("Probability", STAGES[stage]), owner_id=lead.owner_id)
    session.add(opp)
    session.flush()
    board.set_status(session, org_id, lead_id, "Converted")
    return _changed(session, opp, "created")


def get(session: Session, org_id: str, opportunity_id: str) -> Opportunity:
    """The org's opportunity or 404."""
    opp = session.scalar(select(Opportunity).where(Opportunity.id == opportunity_id, Opportunity.org_id == org_id))
    if opp is None:
        raise NotFound(N_("No such opportunity in this organization."))
    return opp


def of_lead(session: Session, lead_id: str) -> Opportunity | None:
    """The opportunity a lead was converted into, if any."""
    return session.scalar(select(Opportunity).where(Opportunity.lead_id == lead_id))


def update(session: Session, org_id: str, opportunity_id: str, data: dict) -> dict:
    """Change stage, amount, dates or owner; Probability follows a new stage unless given."""
    opp = get(session, org_id, opportunity_id)
    if "OwnerId" in data:
        require_owner_member(session, org_id, data["OwnerId"])
    if "StageName" in data and "Probability" not in data and data["StageName"] != opp.stage_name:
        data = {**data, "Probability": STAGES[data["StageName"]]}
    columns = {"Name": "name", "StageName": "stage_name", "Amount": "amount", "CloseDate": "close_date",
               "Probability": "probability", "OwnerId": "owner_id"}
    changes = {column: data[field] for field, column in columns.items() if field in data}
    if all(getattr(opp, column) == value for column, value in changes.items()):
        return opportunity_record(opp)
    for column, value in changes.items():
        setattr(opp, column, value)
    return _changed(session, opp, "updated")


def list_opportunities(session: Session, org_id: str, query: dict) -> tuple[list[dict], list | None]:
    """One page of the org's opportunities, newest first, by StageName / OwnerId; and the position after it."""
    statement = _filtered(org_id, query)
    if query.get("cursor"):
        statement = statement.where(Opportunity.seq < query["cursor"][0])
    rows = session.scalars(statement.order_by(Opportunity.seq.desc()).limit(query["limit"] + 1)).all()
    more = len(rows) > query["limit"]
    rows = rows[:query["limit"]]
    return [opportunity_record(row) for row in rows], [rows[-1].seq] if more else None


def all_opportunities(session: Session, org_id: str, query: dict | None = None) -> list[Opportunity]:
    """Every opportunity of the org matching the filters (for the pipeline page's columns and totals)."""
    return list(session.scalars(_filtered(org_id, query or {}).order_by(Opportunity.seq.desc())))


def _filtered(org_id: str, query: dict):
    statement = select(Opportunity).where(Opportunity.org_id == org_id)
    if query.get("StageName"):
        statement = statement.where(Opportunity.stage_name == query["StageName"])
    if query.get("OwnerId"):
        statement = statement.where(Opportunity.owner_id == query["OwnerId"])
    return statement


def _changed(session: Session, opp: Opportunity, change: str) -> dict:
    """Targets owe the new version; the feed hears of it in the same unit of work."""
    if change == "updated":
        opp.version += 1
    opp.updated_at = utcnow()
    session.flush()
    opportunity_push.mark_changed(session, opp.org_id, [opp])
    uow.on_commit(session, outbox.WAKE.set)
    record = opportunity_record(opp)
    signals.opportunity_changed.send(None, session=session, org_id=opp.org_id, opportunity=record, change=change)
    return record
