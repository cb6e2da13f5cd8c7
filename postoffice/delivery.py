"""Delivering events to webhooks: CloudEvents structured mode, signed, in order per webhook, at least once.

A webhook is leased by one worker at a time (so two processes do not send the same event in the common case);
its pending deliveries go out oldest first, and the first failure pauses the webhook with exponential backoff so
nothing overtakes the event being retried. Every attempt carries the event's own id."""
import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.db import utcnow
from core.i18n import N_
from crm_sync import credentials
from crm_sync.connectors.base import TargetUnavailable
from crm_sync.connectors.transport import Transport
from postoffice.events import cloud_event
from postoffice.models import OrgEvent, Webhook, WebhookDelivery
from postoffice.routing import WAKE

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=120)
BATCH = 100
BACKOFF_BASE, BACKOFF_CAP = 1.0, 3600.0
MAX_ATTEMPTS = 20  # about 9 hours of retrying, then the delivery is marked failed and the next one goes
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
SIGNATURE_HEADER, TIMESTAMP_HEADER = "X-Guanxi-Signature", "X-Guanxi-Timestamp"
_transports: dict[tuple, Transport] = {}


def backoff(attempts: int) -> timedelta:
    """1 s, 2 s, 4 s ... capped at an hour."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """"sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>"; the CRM webhook signs the body alone."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def drain(session: Session, owner: str | None = None, at=None, timeout: float = 10.0, allow_private: bool = False) -> int:
    """Send what every due webhook is owed (as if at `at`); how many deliveries succeeded."""
    owner, at = owner or str(uuid.uuid4()), at or utcnow()
    sent = 0
    for hook_id in _due_hooks(session, at):
        if _lease(session, hook_id, owner, at):
            try:
                sent += _deliver(session, hook_id, owner, at, _transport(timeout, allow_private))
            finally:
                _release(session, hook_id, owner)
    return sent


def _due_hooks(session: Session, at) -> list[str]:
    free = or_(Webhook.lease_until.is_(None), Webhook.lease_until < at)
    ready = or_(Webhook.paused_until.is_(None), Webhook.paused_until <= at)
    query = (select(Webhook.id).where(free, ready, select(WebhookDelivery.event_seq).where(
        WebhookDelivery.webhook_id == Webhook.id, WebhookDelivery.state == "pending").exists()))
    hooks = list(session.scalars(query))
    session.commit()  # ends the read: no transaction stays open while receivers answer
    return hooks


def _lease(session: Session, hook_id: str, owner: str, at) -> bool:
    free = or_(Webhook.lease_until.is_(None), Webhook.lease_until < at)
    done = session.execute(update(Webhook).where(Webhook.id == hook_id, free)
                           .values(lease_owner=owner, lease_until=at + LEASE).execution_options(synchronize_session=False))
    session.commit()
    return getattr(done, "rowcount", 0) == 1


def _release(session: Session, hook_id: str, owner: str) -> None:
    session.execute(update(Webhook).where(Webhook.id == hook_id, Webhook.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None).execution_options(synchronize_session=False))
    session.commit()


def _deliver(session: Session, hook_id: str, owner: str, at, transport: Transport) -> int:
    """Send the webhook's pending events in order until one fails; that one pauses the webhook."""
    hook = session.get(Webhook, hook_id)
    if hook is None:  # removed meanwhile
        return 0
    secret = credentials.unseal(hook.secret).get("secret", "")
    rows = session.execute(select(WebhookDelivery, OrgEvent).join(OrgEvent, OrgEvent.seq == WebhookDelivery.event_seq)
                           .where(WebhookDelivery.webhook_id == hook_id, WebhookDelivery.state == "pending")
                           .order_by(WebhookDelivery.event_seq).limit(BATCH)).all()
    url, batch = hook.url, [(delivery.event_seq, cloud_event(event)) for delivery, event in rows]
    session.commit()  # read before: nothing is loaded lazily (or held open) while receivers answer
    sent = 0
    for seq, body in batch:
        status, error, retry_after = _post(transport, url, secret, body)
        if not _settle(session, hook_id, owner, seq, status, error, retry_after, at):
            break
        sent += 1
    return sent


RECEIVER_ANSWERED = N_("The receiver answered HTTP %(status)s.")  # stored; the page shows it in the reader's words

def _post(transport: Transport, url: str, secret: str, event: dict) -> tuple[int | None, str | None, float | None]:
    """(HTTP status, error for people, Retry-After seconds) of one signed POST."""
    body = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()
    stamp = str(int(time.time()))
    headers = {"Content-Type": CONTENT_TYPE, TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(secret, stamp, body),
               "X-Guanxi-Delivery": event["id"], "X-Guanxi-Event": event["type"]}
    try:
        response = transport.send("POST", url, body, headers)
    except TargetUnavailable as exc:
        return None, str(exc)[:300], None
    response.close()
    if 200 <= response.status_code < 300:
        return response.status_code, None, None
    return response.status_code, RECEIVER_ANSWERED % {"status": response.status_code}, _seconds(response.headers.get("Retry-After"))


def _settle(session: Session, hook_id: str, owner: str, seq: int, status, error, retry_after, at) -> bool:
    """Record one attempt (only while the lease is still ours); whether the next event may follow."""
    hook = session.get(Webhook, hook_id)
    row = session.get(WebhookDelivery, (hook_id, seq))
    if hook is None or row is None or hook.lease_owner != owner:  # removed, or no longer ours
        session.rollback()
        return False
    row.attempts, row.last_status, row.last_error, row.last_attempt_at = row.attempts + 1, status, error, utcnow()
    ok = error is None
    if ok:
        row.state = "done"
    elif row.attempts >= MAX_ATTEMPTS:
        row.state = "failed"  # given up on: the feed still has it, the next event may go
    else:
        wait = backoff(row.attempts)
        hook.paused_until = at + max(wait, timedelta(seconds=min(retry_after or 0, BACKOFF_CAP)))
    session.commit()
    return ok or row.state == "failed"


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def _transport(timeout: float, allow_private: bool) -> Transport:
    """One keep-alive HTTP session per setting: a receiver called again skips the TCP and TLS handshakes."""
    key = (timeout, allow_private)
    if key not in _transports:
        _transports[key] = Transport("The webhook", {"User-Agent": "Guanxi-PostOffice/1"}, timeout, allow_private)
    return _transports[key]


def run_forever(app, poll: float = 1.0, stop=None) -> None:
    """The delivery loop (a server background task): wake on committed events, poll for retries."""
    from core.db import get_session
    from crm_sync.connectors.egress import private_targets_allowed

    owner = str(uuid.uuid4())
    while stop is None or not stop.is_set():
        WAKE.clear()
        with app.app_context():
            try:
                drain(get_session(), owner, timeout=app.config.get("CRM_HTTP_TIMEOUT", 10.0),
                      allow_private=private_targets_allowed(app.config))
            except Exception:  # keep the loop alive; deliveries stay pending
                log.exception("post office delivery round failed")
        WAKE.wait(poll)


def start_postoffice_worker(app) -> None:
    """In server mode: deliver webhooks from a background task of the app process (like the CRM worker)."""
    from core.extensions import socketio

    if not app.config.get("CRM_IN_APP_WORKER", True):
        return
    socketio.start_background_task(run_forever, app, app.config.get("POSTOFFICE_POLL_INTERVAL", 1.0))
