"""CRM settings of an organization: turning sync on, configuring targets, who may do what."""
from urllib.parse import urlsplit

from marshmallow import ValidationError as SchemaError
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core.db import utcnow
from core.errors import Forbidden, NotFound, ValidationError
from crm_sync import credentials, opportunity_push, outbox, push
from crm_sync.connectors import egress
from crm_sync.models import CrmSettings, CrmTarget
from crm_sync.schemas import CONFIG_SCHEMAS, OPTIONAL_SECRET_FIELDS, SECRET_FIELDS, URL_FIELDS, TargetInSchema
from core.i18n import N_
from crm_sync.labels import lazy


def require_member(session: Session, user_id: str, org_id: str) -> str:
    """The user's role in the org; 404 for no such org, 403 for someone outside it."""
    if not organizations.org_exists(session, org_id):
        raise NotFound(N_("No such organization."))
    role = organizations.role_in(session, user_id, org_id)
    if role is None:
        raise Forbidden(N_("You are not a member of this organization."))
    return role


def require_admin(session: Session, user_id: str, org_id: str) -> None:
    """403 unless the user administers the org."""
    if require_member(session, user_id, org_id) != "admin":
        raise Forbidden(N_("Only the organization's admins can change its CRM settings."))


def settings_of(session: Session, org_id: str) -> dict:
    """Enabled flag and targets (credentials masked) of the org."""
    row = session.get(CrmSettings, org_id)
    targets = session.scalars(select(CrmTarget).where(CrmTarget.org_id == org_id).order_by(CrmTarget.created_at)).all()
    return {"org_id": org_id, "enabled": bool(row and row.enabled), "targets": list(targets)}


def builtin_target(session: Session, org_id: str) -> CrmTarget:
    """The org's leads board as a target (created on first use)."""
    target = session.scalar(select(CrmTarget).where(CrmTarget.org_id == org_id, CrmTarget.kind == "builtin"))
    if target is None:
        target = CrmTarget(org_id=org_id, kind="builtin", name="Guanxi leads board")
        session.add(target)
        session.flush()
    return target


def configure(session: Session, org_id: str, data: dict, allow_http: bool = False) -> dict:
    """Apply PUT /crm: enable or disable, replace the external targets (kept credentials when omitted)."""
    current = {t.id: t for t in session.scalars(select(CrmTarget).where(CrmTarget.org_id == org_id))}
    if data.get("targets") is not None:
        wanted = [_target(current, org_id, i, raw, allow_http) for i, raw in enumerate(data["targets"])]
        keep = {id(t) for t in wanted}
        for target in current.values():
            if target.kind != "builtin" and id(target) not in keep:
                session.delete(target)
        session.add_all(wanted)
        session.flush()
        for target in wanted:
            if target.id not in current:
                push.queue_all(session, target)
                opportunity_push.queue_all(session, target)
    row = session.get(CrmSettings, org_id) or CrmSettings(org_id=org_id)
    turned_on = data["enabled"] and not row.enabled
    row.enabled, row.updated_at = data["enabled"], utcnow()
    session.add(row)
    builtin_target(session, org_id)
    if turned_on:
        outbox.enqueue(session, "crm_enabled", {"org_id": org_id})
    session.flush()
    return settings_of(session, org_id)


def _target(current: dict, org_id: str, index: int, raw: dict, allow_http: bool) -> CrmTarget:
    prefix = f"targets.{index}."
    try:
        base = TargetInSchema().load({k: raw[k] for k in ("id", "kind", "name", "enabled") if k in raw})
    except SchemaError as exc:
        raise ValidationError(N_("Invalid CRM target."), _prefixed(prefix, exc.messages)) from exc
    kind = base["kind"]
    existing = current.get(base["id"]) if base["id"] else None
    if base["id"] and (existing is None or existing.kind != kind):
        raise ValidationError(N_("Unknown CRM target."), {prefix + "id": [N_("No target of this kind with this id.")]})
    kept = {**existing.settings, **credentials.unseal(existing.secret)} if existing else {}  # omitted = unchanged
    config = {k: v for k, v in raw.items() if k not in ("id", "kind", "name", "enabled")}
    if existing:
        _require_secret_for_new_url(prefix, existing, config)
    try:
        loaded = CONFIG_SCHEMAS[kind]().load({**kept, **config})
    except SchemaError as exc:
        raise ValidationError(N_("Invalid CRM target configuration."), _prefixed(prefix, exc.messages)) from exc
    for field in URL_FIELDS[kind]:
        _check_url(prefix + field, loaded[field], allow_http)
    secret = {k: loaded.pop(k) for k in SECRET_FIELDS[kind]}
    for name in OPTIONAL_SECRET_FIELDS.get(kind, ()):  # checks what the CRM sends us; never sent anywhere
        if value := loaded.pop(name, None):
            secret[name] = value
    target = existing or CrmTarget(org_id=org_id, kind=kind)
    target.name, target.enabled, target.settings = base["name"] or kind.title(), base["enabled"], loaded
    target.secret = credentials.seal(secret)
    target.secret_hint = {k: credentials.mask(v) for k, v in secret.items()}
    target.paused_until, target.failures = None, 0
    return target


def _require_secret_for_new_url(prefix: str, existing: CrmTarget, config: dict) -> None:
    """A stored token or secret never follows a target to a new URL: whoever changes the URL sends it again."""
    moved = [f for f in URL_FIELDS[existing.kind] if f in config and config[f] != existing.settings.get(f)]
    missing = [f for f in SECRET_FIELDS[existing.kind] if f not in config]
    if moved and missing:
        message = lazy(N_("Required again when %(fields)s changes."), fields=", ".join(moved))
        raise ValidationError(N_("Send the credentials again for the new URL."), {prefix + f: [message] for f in missing})


def _check_url(field: str, url: str, allow_http: bool) -> None:
    """https:// to a public host name or address, no user:password@; with allow_http anything http(s) goes.
    A name is resolved only when a call connects (connectors/egress.py), so it cannot rebind past this check."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:  # e.g. a bracketed host that is no IPv6 address
        host = None
    ok = host and (parts.scheme == "https" or (parts.scheme == "http" and allow_http))
    if not ok or "@" in parts.netloc or any(ord(ch) <= 32 for ch in url):
        raise ValidationError(N_("Invalid URL."), {field: [N_("Must be an https:// URL with a host name.")]})
    problem = None if allow_http else egress.host_problem(host)
    if problem:
        raise ValidationError(N_("Invalid URL."), {field: [problem]})


def _prefixed(prefix: str, messages) -> dict:
    if not isinstance(messages, dict):
        return {prefix.rstrip("."): messages}
    return {prefix + str(field): errors for field, errors in messages.items()}
