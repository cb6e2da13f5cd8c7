"""Changes a member makes to a lead: Status, owner (a member of the org only), archived."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import uow
from core.db import utcnow
from core.errors import NotFound
from crm_sync import board, lead_flags, outbox, pipeline, push
from crm_sync.mapping import Say, english
from crm_sync.models import Lead
from core.i18n import N_


def update_lead(session: Session, org_id: str, lead_id: str, data: dict) -> dict:
    """Apply PATCH .../leads/<id>: any of Status, OwnerId, Archived; targets receive what they hold."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id, Lead.org_id == org_id))
    if lead is None:
        raise NotFound(N_("No such lead in this organization."))
    if "OwnerId" in data:
        pipeline.require_owner_member(session, org_id, data["OwnerId"])
    flags = lead_flags.housekeeping_of(session, lead) if {"OwnerId", "Archived"} & set(data) else None
    if flags is not None:
        flags.updated_at = utcnow()
    if "Archived" in data and flags is not None:
        flags.archived = data["Archived"]
    if "OwnerId" in data and flags is not None:
        flags.owner_id = data["OwnerId"]
        if lead.owner_id != data["OwnerId"]:
            lead.owner_id, lead.version, lead.updated_at = data["OwnerId"], lead.version + 1, utcnow()
            lead.owner_changed_at, lead.owner_origin = lead.updated_at, None  # changed here: later CRM changes win
            push.mark_changed(session, org_id, [lead])
            uow.on_commit(session, outbox.WAKE.set)
    if "Status" in data:
        return board.set_status(session, org_id, lead_id, data["Status"])
    session.flush()
    return board.lead_records(session, [lead])[0]


def lead_record(session: Session, org_id: str, lead_id: str, viewer_id: str | None = None, say: Say = english) -> dict:
    """One lead of the org as the API's Lead (404 outside it)."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id, Lead.org_id == org_id))
    if lead is None:
        raise NotFound(N_("No such lead in this organization."))
    return board.lead_records(session, [lead], viewer_id, say)[0]
