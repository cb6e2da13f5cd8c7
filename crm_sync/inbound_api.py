"""Inbound CRM changes over HTTP: the signed receiver (no login) and the owner map of a target (admins)."""
from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from marshmallow import fields, validate

from core.api import accepts, public, returns
from core.db import get_session
from core.errors import error_response
from core.extensions import limiter
from core.schemas import Schema
from crm_sync import inbound_settings, targets
from crm_sync.blueprint import bp
from crm_sync.connectors.hubspot_inbound import Rejected


class InboundResultSchema(Schema):
    applied = fields.Integer()
    skipped = fields.Integer()


class OwnerSchema(Schema):
    external_id = fields.String()
    user_id = fields.String()
    name = fields.String()


class OwnerMapSchema(Schema):
    target_id = fields.String()
    owners = fields.List(fields.Nested(OwnerSchema))


class OwnerMapInSchema(Schema):
    owners = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=100)),
                         values=fields.String(validate=validate.Length(min=1, max=36)), required=True,
                         validate=validate.Length(max=500))


@bp.post("/api/crm/inbound/<target_id>")
@public
@limiter.limit(lambda: current_app.config.get("CRM_INBOUND_LIMIT", "600/minute"), key_func=get_remote_address)
@returns(InboundResultSchema)
def receive_inbound(target_id):
    """A target reports Status / owner changes: HubSpot's v3-signed events, or the webhook's HMAC-signed changes."""
    session = get_session()
    try:
        result = inbound_settings.receive(session, target_id, request.method, request.url, request.get_data(),
                                          request.headers)
    except Rejected as exc:
        session.rollback()
        return error_response(exc.status, "unauthorized" if exc.status == 401 else "invalid", str(exc))
    return InboundResultSchema().dump(result)


@bp.get("/api/orgs/<org_id>/crm/targets/<target_id>/owners")
@login_required
@returns(OwnerMapSchema)
def show_owner_map(org_id, target_id):
    """Which CRM owner id stands for which member (admins)."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    return OwnerMapSchema().dump(inbound_settings.owner_map(session, org_id, target_id))


@bp.put("/api/orgs/<org_id>/crm/targets/<target_id>/owners")
@login_required
@accepts(OwnerMapInSchema)
@returns(OwnerMapSchema)
def set_owner_map(org_id, target_id, data):
    """Replace the map of CRM owner ids to members (admins); a non-member is a 400 naming owners.<id>."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    return OwnerMapSchema().dump(inbound_settings.set_owner_map(session, org_id, target_id, data["owners"]))
