"""An org's webhooks: added by an admin (public https only), listed with their last deliveries, removed."""
import re
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db import as_utc, utcnow
from core.errors import NotFound, ValidationError
from crm_sync import credentials
from crm_sync.connectors import egress
from postoffice.events import FAMILIES
from postoffice.models import OrgEvent, Webhook, WebhookDelivery
from core.i18n import N_
from crm_sync.labels import lazy

MAX_PER_ORG = 20
TYPE = re.compile(r"^(\*|[a-z]+(\.[a-z_]+)*(\.\*)?)$")


def add_webhook(session: Session, org_id: str, creator_id: str | None, data: dict, allow_http: bool) -> Webhook:
    """A webhook that receives the org's events of these types from now on."""
    _check_url(data["url"], allow_http)
    _check_types(data["types"])
    if (session.scalar(select(func.count()).select_from(Webhook).where(Webhook.org_id == org_id)) or 0) >= MAX_PER_ORG:
        most = lazy(N_("An organization has at most %(max)s webhooks."), max=MAX_PER_ORG)
        raise ValidationError(N_("Too many webhooks."), {"url": [most]})
    hook = Webhook(org_id=org_id, url=data["url"], secret=credentials.seal({"secret": data["secret"]}),
                   types=sorted(set(data["types"])), created_by=creator_id, created_at=utcnow())
    session.add(hook)
    session.flush()
    return hook


def _check_url(url: str, allow_http: bool) -> None:
    """https:// to a public host (the CRM targets' egress rule); with GUANXI_CRM_ALLOW_HTTP any http(s) host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        host = ""
    if not host or parts.username or parts.password or parts.scheme not in (("https", "http") if allow_http else ("https",)):
        raise ValidationError(N_("Invalid URL."), {"url": [N_("Must be an https:// URL with a host name and no user:password@.")]})
    problem = None if allow_http else egress.host_problem(host)
    if problem:
        raise ValidationError(N_("Invalid URL."), {"url": [problem]})


BAD_TYPE = N_('Not an event type or pattern: %(bad)s. Use e.g. "lead.*", "quote.received" or "*"; families: %(families)s.')
NO_TYPE = N_('Name at least one type. Use e.g. "lead.*", "quote.received" or "*"; families: %(families)s.')

def _check_types(types: list[str]) -> None:
    bad = [t for t in types if not TYPE.match(t) or (t != "*" and t.split(".", 1)[0] not in FAMILIES)]
    if bad or not types:
        families = ", ".join(FAMILIES)
        why = (lazy(BAD_TYPE, bad=", ".join(bad), families=families) if bad
               else lazy(NO_TYPE, families=families))
        raise ValidationError(N_("Bad types."), {"types": [why]})


def webhooks_of(session: Session, org_id: str, recent: int = 10) -> list[dict]:
    """The org's webhooks (no secrets), each with its pending count and last deliveries, newest first."""
    hooks = list(session.scalars(select(Webhook).where(Webhook.org_id == org_id).order_by(Webhook.created_at, Webhook.id)))
    return [{"id": h.id, "url": h.url, "types": h.types, "created_at": as_utc(h.created_at),
             "pending": _pending(session, h.id), "deliveries": _recent(session, h.id, recent)} for h in hooks]


def _pending(session: Session, hook_id: str) -> int:
    return session.scalar(select(func.count()).select_from(WebhookDelivery).where(
        WebhookDelivery.webhook_id == hook_id, WebhookDelivery.state == "pending")) or 0


def _recent(session: Session, hook_id: str, limit: int) -> list[dict]:
    rows = session.execute(select(WebhookDelivery, OrgEvent.id, OrgEvent.type).join(
        OrgEvent, OrgEvent.seq == WebhookDelivery.event_seq).where(
        WebhookDelivery.webhook_id == hook_id, WebhookDelivery.last_attempt_at.is_not(None))
        .order_by(WebhookDelivery.last_attempt_at.desc(), WebhookDelivery.event_seq.desc()).limit(limit)).all()
    return [{"event_id": event_id, "type": event_type, "state": d.state, "attempts": d.attempts,
             "status": d.last_status, "error": d.last_error, "at": d.last_attempt_at}
            for d, event_id, event_type in rows]


def remove_webhook(session: Session, org_id: str, hook_id: str) -> None:
    """The webhook and what it was still owed go; 404 for another org's."""
    hook = session.scalar(select(Webhook).where(Webhook.id == hook_id, Webhook.org_id == org_id))
    if hook is None:
        raise NotFound(N_("No such webhook in this organization."))
    session.query(WebhookDelivery).filter(WebhookDelivery.webhook_id == hook_id).delete()
    session.delete(hook)
