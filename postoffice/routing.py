"""Which webhooks owe which events: type patterns, and the delivery rows written with each event."""
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from postoffice.models import OrgEvent, Webhook, WebhookDelivery

# Set after a commit that owes deliveries, so the worker sends at once instead of at its next poll.
WAKE = threading.Event()


def matches(patterns: list[str], event_type: str) -> bool:
    """Whether a type is asked for: "*" all, "lead.*" a family (or any prefix ending in ".*"), else exactly."""
    for pattern in patterns:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def owe(session: Session, event: OrgEvent) -> int:
    """Add a pending delivery of the event to each of its org's webhooks that asks for its type; how many."""
    hooks = session.execute(select(Webhook.id, Webhook.types).where(Webhook.org_id == event.org_id)).all()
    owed = [WebhookDelivery(webhook_id=hook_id, event_seq=event.seq, state="pending", attempts=0)
            for hook_id, types in hooks if matches(types or [], event.type)]
    session.add_all(owed)
    return len(owed)
