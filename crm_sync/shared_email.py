"""One email, two leads: which of a person's leads carries the email at a target that allows it once.

HubSpot keeps one contact per email address, so a person's network lead and intent lead cannot both hold it
there. The network lead carries it while it has contact details; otherwise the intent lead does. Whenever a
network lead changes, the person's intent lead is sent again so the email moves with it.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_sync.models import Lead

# Targets whose records must have unique emails.
ONE_CONTACT_PER_EMAIL = frozenset({"hubspot"})


def intent_leads_to_resend(session: Session, org_id: str, changed) -> list[Lead]:
    """The intent leads of the people whose network lead is among the changed leads."""
    people = [lead.person_id for lead in changed if lead.kind == "network"]
    if not people:
        return []
    return list(session.scalars(select(Lead).where(Lead.org_id == org_id, Lead.kind == "request",
                                                   Lead.person_id.in_(people))))


def emails_on_network_leads(session: Session, leads: list[Lead]) -> set[str]:
    """Ids of the intent leads among these whose person's network lead (same org) has the contact details."""
    intents = {(lead.org_id, lead.person_id): lead.id for lead in leads if lead.kind == "request"}
    if not intents:
        return set()
    rows = session.execute(select(Lead.org_id, Lead.person_id).where(
        Lead.kind == "network", Lead.contact_removed.is_(False), Lead.email.isnot(None),
        Lead.org_id.in_({org for org, _ in intents}), Lead.person_id.in_({person for _, person in intents})))
    return {intents[key] for key in map(tuple, rows) if key in intents}
