"""The signal crm_sync sends when leads change, for the org's event feed (the post office subscribes)."""
from blinker import Namespace
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_sync.mapping import lead_fields
from crm_sync.models import Lead

_signals = Namespace()

# keyword arguments: session, org_id, leads ([{"change": "created"|"updated"|"removed", "lead": Lead dict}]).
# "removed": the person withdrew consent and the lead lost their contact details.
leads_changed = _signals.signal("leads-changed")


def announce(session: Session, org_id: str, changed) -> None:
    """Tell subscribers which of the org's leads changed and how, in Salesforce field names (consent honoured)."""
    if not leads_changed.receivers or not changed:
        return
    ids = [lead.id for lead in changed]
    rows = {row.id: row for start in range(0, len(ids), 500) for row in session.scalars(
        select(Lead).where(Lead.id.in_(ids[start:start + 500])))}
    leads = [{"change": _change(row), "lead": {**lead_fields(row), "Guanxi_Contact_Removed__c": row.contact_removed}}
             for lead_id in ids if (row := rows.get(lead_id)) is not None]
    leads_changed.send(None, session=session, org_id=org_id, leads=leads)


def _change(row: Lead) -> str:
    if row.contact_removed:
        return "removed"
    return "created" if row.version == 1 else "updated"
