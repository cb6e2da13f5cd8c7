"""The org event feed: CloudEvents 1.0 recorded in the change's own transaction, read back in order."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import uow
from core.db import as_utc
from core.errors import ValidationError
from postoffice import routing
from postoffice.models import OrgEvent

SPEC_VERSION = "1.0"
# API.md names the families; a type is "<family>.<what happened>", e.g. "lead.created".
FAMILIES = ("lead", "opportunity", "sourcing", "rfq", "quote", "review")
NO_SUCH_EVENT = "Not an event of this organization's feed: use the id of an event it returned."


def publish(session: Session, org_id: str, type: str, subject: str | None, data: dict) -> OrgEvent:
    """Record one event for the org, and the deliveries its webhooks owe, in the caller's unit of work."""
    if type.split(".", 1)[0] not in FAMILIES:
        raise ValueError(f"unknown event family: {type}")
    event = OrgEvent(org_id=org_id, type=type, subject=subject, data=data)
    session.add(event)
    session.flush()  # the seq orders it; deliveries point at it
    if routing.owe(session, event):
        uow.on_commit(session, routing.WAKE.set)
    return event


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
            raise ValidationError("Unknown event id.", {"after": [NO_SUCH_EVENT]})
        query = query.where(OrgEvent.seq > seq)
    rows = list(session.scalars(query.order_by(OrgEvent.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return [cloud_event(row) for row in rows], rows[-1].id if more else None
