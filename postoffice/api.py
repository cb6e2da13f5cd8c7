"""JSON API of the post office (API.md: CRM, the post office): the event feed, webhooks, org API keys."""
from flask import current_app

from core.api import accepts, returns
from core.db import get_session
from core.paging import page
from crm_sync.connectors.egress import private_targets_allowed
from postoffice import callers, events, keys, webhooks
from postoffice.blueprint import bp
from postoffice.schemas import (ApiKeyInSchema, ApiKeyListSchema, ApiKeySchema, CloudEventListSchema, EventQuerySchema,
                                NewApiKeySchema, WebhookInSchema, WebhookListSchema, WebhookSchema)


@bp.get("/api/orgs/<org_id>/events")
@callers.authenticated
@accepts(EventQuerySchema, location="query")
@returns(CloudEventListSchema)
def list_events(org_id, data):
    """The org's events as CloudEvents 1.0, oldest first, after the event `after` (members; keys: events:read)."""
    callers.require(org_id, "events:read")
    items, last = events.feed(get_session(), org_id, data["after"], data["limit"])
    return CloudEventListSchema().dump(page(items, last))


@bp.post("/api/orgs/<org_id>/webhooks")
@callers.authenticated
@accepts(WebhookInSchema)
@returns(WebhookSchema, 201)
def add_webhook(org_id, data):
    """Deliver the org's events of these types to a URL, signed (admins; keys: webhooks:write)."""
    person = callers.require(org_id, "webhooks:write", admin=True)
    session = get_session()
    hook = webhooks.add_webhook(session, org_id, person, data, private_targets_allowed(current_app.config))
    return WebhookSchema().dump(next(h for h in webhooks.webhooks_of(session, org_id) if h["id"] == hook.id)), 201


@bp.get("/api/orgs/<org_id>/webhooks")
@callers.authenticated
@returns(WebhookListSchema)
def list_webhooks(org_id):
    """The org's webhooks with their last deliveries (admins; keys: webhooks:read)."""
    callers.require(org_id, "webhooks:read", admin=True)
    return WebhookListSchema().dump(page(webhooks.webhooks_of(get_session(), org_id)))


@bp.delete("/api/orgs/<org_id>/webhooks/<webhook_id>")
@callers.authenticated
def remove_webhook(org_id, webhook_id):
    """Stop delivering to a webhook (admins; keys: webhooks:write)."""
    callers.require(org_id, "webhooks:write", admin=True)
    webhooks.remove_webhook(get_session(), org_id, webhook_id)
    return "", 204


@bp.post("/api/orgs/<org_id>/api-keys")
@callers.authenticated
@accepts(ApiKeyInSchema)
@returns(NewApiKeySchema, 201)
def create_api_key(org_id, data):
    """A key for an integration, shown once (admins, never a key)."""
    person = callers.require_person(org_id, admin=True)
    row, text = keys.create_key(get_session(), org_id, person, data["name"], data["scopes"])
    shown = {name: getattr(row, name) for name in ApiKeySchema().fields}
    return NewApiKeySchema().dump({**shown, "key": text}), 201


@bp.get("/api/orgs/<org_id>/api-keys")
@callers.authenticated
@returns(ApiKeyListSchema)
def list_api_keys(org_id):
    """The org's live keys, without their secrets (admins)."""
    callers.require_person(org_id, admin=True)
    return ApiKeyListSchema().dump(page(keys.keys_of(get_session(), org_id)))


@bp.delete("/api/orgs/<org_id>/api-keys/<key_id>")
@callers.authenticated
def revoke_api_key(org_id, key_id):
    """Revoke a key at once (admins)."""
    callers.require_person(org_id, admin=True)
    keys.revoke(get_session(), org_id, key_id)
    return "", 204
