"""HubSpot webhooks in: the v3 request signature, and contact.propertyChange events as Status / owner changes."""
import base64
import hashlib
import hmac
import time
from datetime import datetime, timezone

from crm_sync.connectors.hubspot import LEAD_STATUS
from crm_sync.inbound import Change

SIGNATURE_HEADER = "X-HubSpot-Signature-v3"
TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp"
MAX_AGE_MS = 5 * 60 * 1000  # HubSpot: reject a request whose timestamp is older than 5 minutes
STATUS_FROM_LEAD_STATUS = {value: status for status, value in LEAD_STATUS.items()}  # what push sends, inverted
# lifecyclestage: only stages that say something about the lead's Status; the others are left alone.
STATUS_FROM_LIFECYCLE = {"marketingqualifiedlead": "Qualified", "salesqualifiedlead": "Qualified",
                         "opportunity": "Converted", "customer": "Converted", "evangelist": "Converted"}
# HubSpot decodes these in the URI it signs (its docs list them); everything else stays as sent.
DECODED = {"%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(",
           "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";"}


class Rejected(Exception):
    """The request cannot be trusted (status 401) or read (status 400); nothing was applied."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def signed_uri(uri: str) -> str:
    """The full request URI as HubSpot signs it: the listed percent-escapes decoded (either case)."""
    for escaped, char in DECODED.items():
        uri = uri.replace(escaped, char).replace(escaped.lower(), char)
    return uri


def signature(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), UTF-8."""
    message = method.encode() + signed_uri(uri).encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def verify(secret: str | None, method: str, uri: str, body: bytes, headers, now_ms: float | None = None) -> None:
    """Raise Rejected(401) unless the v3 signature matches and the timestamp is within 5 minutes."""
    given, timestamp = headers.get(SIGNATURE_HEADER, ""), headers.get(TIMESTAMP_HEADER, "")
    if not secret or not given or not timestamp.isdigit():
        raise Rejected(401, "Missing HubSpot signature or timestamp (or no client secret is configured).")
    now_ms = time.time() * 1000 if now_ms is None else now_ms
    if abs(now_ms - int(timestamp)) > MAX_AGE_MS:
        raise Rejected(401, "The HubSpot request timestamp is more than 5 minutes away.")
    if not hmac.compare_digest(given.encode(), signature(secret, method, uri, body, timestamp).encode()):
        raise Rejected(401, "The HubSpot signature does not match.")


def changes(events) -> list[Change]:
    """HubSpot's array of subscription events → changes; events about other properties are ignored."""
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise Rejected(400, "Expected HubSpot's array of subscription events.")
    found = []
    for event in events:
        try:
            change = _change(event)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(400, f"An event lacks objectId, occurredAt or eventId ({type(exc).__name__}).") from exc
        if change is not None:
            found.append(change)
    return found


def _change(event: dict) -> Change | None:
    if event.get("subscriptionType") != "contact.propertyChange":
        return None
    at = datetime.fromtimestamp(int(event["occurredAt"]) / 1000, tz=timezone.utc)
    change = Change(at=at, external_id=str(int(event["objectId"])), event_id=f"hubspot:{int(event['eventId'])}")
    name, value = event.get("propertyName"), event.get("propertyValue")
    if not isinstance(value, str):
        return None
    if name == "hs_lead_status":
        change.status = STATUS_FROM_LEAD_STATUS.get(value)
    elif name == "lifecyclestage":
        change.status = STATUS_FROM_LIFECYCLE.get(value)
    elif name == "hubspot_owner_id" and value:
        change.owner = value
    return change if change.status or change.owner else None
