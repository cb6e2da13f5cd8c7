"""What people decided about leads that the graph's recompute must keep: archived leads, owners chosen by hand."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_sync.mapping import EXTERNAL_ID
from crm_sync.models import Lead
from crm_sync.pipeline_models import LeadHousekeeping


def hide_archived(statement, query: dict):
    """The board's query without archived leads, unless the query asks for them (?archived=1)."""
    if query.get("archived"):
        return statement
    archived = select(LeadHousekeeping.lead_id).where(LeadHousekeeping.archived.is_(True))
    return statement.where(Lead.id.not_in(archived))


def archived_ids(session: Session, lead_ids: list[str]) -> set[str]:
    """Which of these leads are archived."""
    if not lead_ids:
        return set()
    return set(session.scalars(select(LeadHousekeeping.lead_id).where(
        LeadHousekeeping.lead_id.in_(lead_ids), LeadHousekeeping.archived.is_(True))))


def keep_chosen_owners(session: Session, org_id: str, kind: str, wanted: list[dict]) -> list[dict]:
    """A recomputed lead keeps the owner a person gave it, over the graph's earliest connection."""
    chosen = dict(session.execute(select(Lead.person_id, LeadHousekeeping.owner_id)
                                  .join(LeadHousekeeping, LeadHousekeeping.lead_id == Lead.id)
                                  .where(Lead.org_id == org_id, Lead.kind == kind, LeadHousekeeping.owner_id.isnot(None))).all())
    if not chosen:
        return wanted
    return [{**lead, "OwnerId": chosen[lead[EXTERNAL_ID]]} if lead[EXTERNAL_ID] in chosen else lead for lead in wanted]


def housekeeping_of(session: Session, lead: Lead) -> LeadHousekeeping:
    """The lead's row of decisions (made on first use)."""
    row = session.get(LeadHousekeeping, lead.id)
    if row is None:
        row = LeadHousekeeping(lead_id=lead.id, org_id=lead.org_id, archived=False)
        session.add(row)
    return row
