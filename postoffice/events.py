"""The org event feed: CloudEvents 1.0 recorded in the change's own transaction, read back in order."""
import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import as_utc
from core.errors import ValidationError
from postoffice import routing
from postoffice.models import OrgEvent
from core.i18n import N_

SPEC_VERSION = "1.0"
# API.md names the families; a type is "<family>.<what happened>", e.g. "lead.created".
FAMILIES = ("lead", "opportunity", "sourcing", "rfq", "quote", "review")
NO_SUCH_EVENT = N_("Not an event of this organization's feed: use the id of an event it returned.")


def publish(session: Session, org_id: str, type: str, subject: str | None, data: dict) -> OrgEvent:
    """Record one event for the org, and the deliveries its webhooks owe, in the caller's unit of work."""
    return publish_many(session, org_id, [(type, subject, data)])[0]


def publish_many(session: Session, org_id: str, items: list[tuple[str, str | None, dict]]) -> list[OrgEvent]:
    """Record several events of one org in this order with one flush (a burst of new leads is one statement)."""
    unknown = [event_type for event_type, _, _ in items if event_type.split(".", 1)[0] not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown event family: {unknown[0]}")
    rows = [OrgEvent(org_id=org_id, type=event_type, subject=subject, data=json.loads(json.dumps(data, default=_iso)))
            for event_type, subject, data in items]
    session.add_all(rows)
    session.flush()  # the seqs order them; deliveries point at them
    if rows and routing.owe(session, org_id, rows):
        routing.mark_owed(session)
    return rows


def _iso(value):
    """Dates and times in the data as the API writes them (2027-03-31; 2026-11-30T08:33:18Z)."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def cloud_event(event: OrgEvent) -> dict:
    """The event in CloudEvents 1.0 structured JSON: the same id on the feed and on every delivery."""
    body = {"specversion": SPEC_VERSION, "id": event.id, "source": f"/orgs/{event.org_id}", "type": event.type,
            "time": as_utc(event.time).isoformat().replace("+00:00", "Z"), "datacontenttype": "application/json",
            "data": event.data}
    if event.subject:
        body["subject"] = event.subject
    return body


def feed(session: Session, org_id: str, after: str | None, limit: int) -> tuple[list[dict], str | None]:
    """The org's events after the one with id `after` (from the start without), oldest first; and the last id."""
    query = select(OrgEvent).where(OrgEvent.org_id == org_id)
    if after:
        seq = session.scalar(select(OrgEvent.seq).where(OrgEvent.id == after, OrgEvent.org_id == org_id))
        if seq is None:  # another org's id answers the same: nothing tells it exists
            raise ValidationError(N_("Unknown event id."), {"after": [NO_SUCH_EVENT]})
        query = query.where(OrgEvent.seq > seq)
    rows = list(session.scalars(query.order_by(OrgEvent.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return [cloud_event(row) for row in rows], rows[-1].id if more else None
