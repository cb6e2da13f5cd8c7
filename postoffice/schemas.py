"""The shapes of the post office: CloudEvents out, webhooks and API keys in and out."""
from marshmallow import fields, validate

from core.paging import list_of
from core.schemas import Schema, Stripped, UtcDateTime


class EventQuerySchema(Schema):
    after = fields.String(load_default=None, validate=validate.Length(min=1, max=36))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class CloudEventSchema(Schema):
    """A CloudEvents 1.0 event in structured JSON (https://github.com/cloudevents/spec, spec.md)."""

    specversion = fields.String()
    id = fields.String()
    source = fields.String()
    type = fields.String()
    subject = fields.String()
    time = fields.String()
    datacontenttype = fields.String()
    data = fields.Dict()


CloudEventListSchema = list_of(CloudEventSchema, "CloudEventList")


class WebhookInSchema(Stripped):
    url = fields.String(required=True, validate=validate.Length(min=1, max=500))
    secret = fields.String(required=True, validate=validate.Length(min=16, max=200))
    types = fields.List(fields.String(validate=validate.Length(min=1, max=100)), required=True,
                        validate=validate.Length(min=1, max=30))


class DeliverySchema(Schema):
    event_id = fields.String()
    type = fields.String()
    state = fields.String()  # pending | done | failed
    attempts = fields.Integer()
    status = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    at = UtcDateTime()


class WebhookSchema(Schema):
    id = fields.String()
    url = fields.String()
    types = fields.List(fields.String())
    created_at = UtcDateTime()
    pending = fields.Integer()
    deliveries = fields.List(fields.Nested(DeliverySchema))


WebhookListSchema = list_of(WebhookSchema)


class ApiKeyInSchema(Stripped):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(fields.String(validate=validate.Length(max=50)), required=True, validate=validate.Length(max=10))


class ApiKeySchema(Schema):
    id = fields.String()
    name = fields.String()
    hint = fields.String()
    scopes = fields.List(fields.String())
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)


class NewApiKeySchema(ApiKeySchema):
    key = fields.String()  # shown this once


ApiKeyListSchema = list_of(ApiKeySchema)
