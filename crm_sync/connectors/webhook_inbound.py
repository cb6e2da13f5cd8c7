"""The webhook's receiver calling back: Status / owner changes signed with the target's own secret."""
import hmac
import time

from marshmallow import ValidationError as SchemaError, fields, validate

from core.schemas import Schema, UtcDateTime
from crm_sync.connectors.hubspot_inbound import Rejected
from crm_sync.connectors.webhook import SIGNATURE_HEADER, signature
from crm_sync.inbound import Change
from crm_sync.mapping import STATUSES

TIMESTAMP_HEADER = "X-Guanxi-Timestamp"
MAX_AGE = 300  # seconds, as for HubSpot


class ChangeInSchema(Schema):
    change_id = fields.String(required=True, validate=validate.Length(min=1, max=90))
    Id = fields.String(load_default=None, validate=validate.Length(max=36))
    Guanxi_Person_Id__c = fields.String(load_default=None, validate=validate.Length(max=255))
    Status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    OwnerId = fields.String(load_default=None, validate=validate.Length(max=100))
    LastModifiedDate = UtcDateTime(required=True)


class ChangesInSchema(Schema):
    event = fields.String(required=True, validate=validate.Equal("leads.changed"))
    changes = fields.List(fields.Nested(ChangeInSchema), required=True, validate=validate.Length(max=1000))


def verify(secret: str | None, body: bytes, headers, now: float | None = None) -> None:
    """X-Guanxi-Signature = "sha256=" + hex HMAC-SHA256(secret, "<X-Guanxi-Timestamp>." + raw body), within 5 min."""
    given, timestamp = headers.get(SIGNATURE_HEADER, ""), headers.get(TIMESTAMP_HEADER, "")
    if not secret or not given or not timestamp.isdigit():
        raise Rejected(401, "Missing X-Guanxi-Signature or X-Guanxi-Timestamp.")
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE:
        raise Rejected(401, "X-Guanxi-Timestamp is more than 5 minutes away.")
    if not hmac.compare_digest(given.encode(), signature(secret, timestamp.encode() + b"." + body).encode()):
        raise Rejected(401, "The signature does not match.")


def changes(payload) -> list[Change]:
    """{"event": "leads.changed", "changes": [{change_id, Id | Guanxi_Person_Id__c, Status?, OwnerId?,
    LastModifiedDate}]} → changes."""
    try:
        data = ChangesInSchema().load(payload if isinstance(payload, dict) else {})
    except SchemaError as exc:
        raise Rejected(400, f"Not a leads.changed body: {sorted(_flat(exc.messages))}") from exc
    return [Change(at=c["LastModifiedDate"], lead_id=c["Id"], key=None if c["Id"] else c["Guanxi_Person_Id__c"],
                   status=c["Status"], owner=c["OwnerId"], event_id=f"webhook:{c['change_id']}")
            for c in data["changes"] if c["Id"] or c["Guanxi_Person_Id__c"]]


def _flat(messages, prefix: str = "") -> list[str]:
    if not isinstance(messages, dict):
        return [prefix.rstrip(".") or "_body"]
    return [name for key, value in messages.items() for name in _flat(value, f"{prefix}{key}.")]
