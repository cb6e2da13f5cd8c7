"""Receiving a target's signed changes, and the per-target owner map an admin keeps."""
import json

from sqlalchemy.orm import Session

from accounts import organizations, people
from core.db import utcnow
from core.errors import NotFound, ValidationError
from crm_sync import credentials, inbound
from crm_sync.connectors import hubspot_inbound, webhook_inbound
from crm_sync.connectors.hubspot_inbound import Rejected
from crm_sync.models import CrmTarget
from core.i18n import N_

INBOUND_KINDS = ("hubspot", "webhook")  # Salesforce is polled instead (crm_sync/inbound_poll.py)


def receive(session: Session, target_id: str, method: str, uri: str, body: bytes, headers) -> inbound.Result:
    """Verify a signed inbound request and apply it; Rejected(401/400) or NotFound before anything is applied."""
    target = session.get(CrmTarget, target_id)
    if target is None or target.kind not in INBOUND_KINDS or not target.enabled:
        raise NotFound(N_("No target takes inbound changes at this address."))
    secret = credentials.unseal(target.secret)
    if target.kind == "hubspot":
        hubspot_inbound.verify(secret.get("client_secret"), method, uri, body, headers)
        changes = hubspot_inbound.changes(_json(body))
    else:
        webhook_inbound.verify(secret.get("secret"), body, headers)
        changes = webhook_inbound.changes(_json(body))
    return inbound.apply_changes(session, target, changes)


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError as exc:
        raise Rejected(400, "The body is not JSON.") from exc


def _target_of(session: Session, org_id: str, target_id: str) -> CrmTarget:
    target = session.get(CrmTarget, target_id)
    if target is None or target.org_id != org_id or target.kind == "builtin":
        raise NotFound(N_("No such CRM target in this organization."))
    return target


def owner_map(session: Session, org_id: str, target_id: str) -> dict:
    """{target_id, owners: [{external_id, user_id, name}]} for one of the org's targets."""
    _target_of(session, org_id, target_id)
    owners = inbound.state_of(session, target_id).owner_map or {}
    names = people.names_of(session, set(owners.values()))
    return {"target_id": target_id, "owners": [{"external_id": ext, "user_id": uid, "name": names.get(uid, "")}
                                               for ext, uid in sorted(owners.items())]}


def set_owner_map(session: Session, org_id: str, target_id: str, owners: dict[str, str]) -> dict:
    """Replace the map; every user must be a member of the org (else 400 naming owners.<external id>)."""
    _target_of(session, org_id, target_id)
    members = set(organizations.member_ids(session, org_id))
    wrong = {f"owners.{ext}": [N_("Not a member of this organization.")] for ext, uid in owners.items() if uid not in members}
    if wrong:
        raise ValidationError(N_("Owners must be members of the organization."), wrong)
    state = inbound.state_of(session, target_id)
    state.owner_map, state.updated_at = dict(owners), utcnow()
    return owner_map(session, org_id, target_id)
