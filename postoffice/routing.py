"""Which webhooks owe which events: type patterns, and the delivery rows written with each event."""
import threading

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from postoffice.models import OrgEvent, Webhook, WebhookDelivery

# Set after a commit that owes deliveries, so the worker sends at once instead of at its next poll.
WAKE = threading.Event()
OWED = "postoffice.owed"  # session.info flag: this transaction wrote deliveries


def mark_owed(session: Session) -> None:
    """Wake the worker when this transaction commits, by whichever boundary (a request, the CRM worker's steps)."""
    session.info[OWED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(OWED, False):
        WAKE.set()


def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(OWED, None)


def listen_for_commits() -> None:
    """Connected by postoffice.init_app: any commit that owes deliveries wakes the worker (twice is a no-op)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)


def matches(patterns: list[str], event_type: str) -> bool:
    """Whether a type is asked for: "*" all, "lead.*" a family (or any prefix ending in ".*"), else exactly."""
    for pattern in patterns:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def owe(session: Session, org_id: str, events: list[OrgEvent]) -> int:
    """Add a pending delivery of each event to each of the org's webhooks that asks for its type; how many."""
    hooks = session.execute(select(Webhook.id, Webhook.types).where(Webhook.org_id == org_id)).all()
    owed = [WebhookDelivery(webhook_id=hook_id, event_seq=event.seq, state="pending", attempts=0)
            for event in events for hook_id, types in hooks if matches(types or [], event.type)]
    session.add_all(owed)
    return len(owed)
