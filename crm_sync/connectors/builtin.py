"""The built-in target: the organization's own leads board (the crm_leads table)."""
from types import SimpleNamespace

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.ids import new_id
from crm_sync.connectors.base import Outcome
from crm_sync.mapping import EXTERNAL_ID
from crm_sync.models import Lead

# Lead field (Salesforce name) → column of the board's table.
COLUMNS = {"FirstName": "first_name", "LastName": "last_name", "Company": "company", "Title": "title",
           "Email": "email", "Phone": "phone", "Industry": "industry", "LeadSource": "lead_source",
           "OwnerId": "owner_id", "Description": "description"}


class BoardConnector:
    """Upserts leads of one kind into the board: one row per (org, person, kind); an email match of the same kind
    adopts an existing row (a network lead never absorbs an intent lead, nor the reverse)."""

    kind = "builtin"
    batch_size = 1000

    def __init__(self, session: Session, org_id: str, lead_kind: str = "network"):
        self.session, self.org_id, self.lead_kind = session, org_id, lead_kind
        self.changed: list[Lead] = []

    def push(self, leads: list[dict]) -> list[Outcome]:
        """Create or update rows; only real changes bump the version (so targets hear of them once)."""
        existing = self._existing(leads)
        outcomes, new_rows = [], []
        for lead in leads:
            person_id = lead[EXTERNAL_ID]
            row = existing.get(person_id) or existing.get(_email_key(lead))
            if row is None:
                new_rows.append(self._new_row(lead))
                outcomes.append(Outcome(person_id, "created"))
            else:
                outcomes.append(Outcome(person_id, self._update(row, lead)))
        if new_rows:  # one multi-row INSERT: a burst of acceptances makes thousands of leads at once
            self.session.execute(insert(Lead), new_rows)
            self.changed += [SimpleNamespace(id=row["id"], version=1, person_id=row["person_id"], kind=row["kind"])
                             for row in new_rows]
        self.session.flush()
        return outcomes

    def _existing(self, leads: list[dict]) -> dict:
        ids = [lead[EXTERNAL_ID] for lead in leads]
        emails = [key for key in map(_email_key, leads) if key]
        rows = self.session.scalars(select(Lead).where(Lead.org_id == self.org_id, Lead.kind == self.lead_kind, or_(
            Lead.person_id.in_(ids), Lead.email_key.in_(emails) if emails else False)))
        found = {}
        for row in rows:
            found.setdefault(row.person_id, row)
            if row.email_key:
                found.setdefault(row.email_key, row)
        return found

    def _new_row(self, lead: dict) -> dict:
        at = utcnow()
        return {**_values(lead), "id": new_id(), "org_id": self.org_id, "kind": self.lead_kind, "status": "New",
                "version": 1, "created_at": at, "updated_at": at}

    def _update(self, row: Lead, lead: dict) -> str:
        values = _values(lead)
        if row.owner_changed_at is not None:  # an owner set by hand (here or in a CRM) outlives the recompute
            values.pop("owner_id")
        if all(getattr(row, column) == value for column, value in values.items()):
            return "unchanged"
        for column, value in values.items():
            setattr(row, column, value)
        row.version += 1
        row.updated_at = utcnow()
        self.changed.append(row)
        return "updated"


def _values(lead: dict) -> dict:
    values = {column: lead.get(field) for field, column in COLUMNS.items()}
    values.update(person_id=lead[EXTERNAL_ID], email_key=_email_key(lead), known_by=lead["_known_by"],
                  contact_removed=lead["_contact_removed"], request_id=lead.get("_request_id"),
                  request_category=lead.get("_request_category"))
    return values


def _email_key(lead: dict) -> str | None:
    return (lead.get("Email") or "").strip().lower() or None
