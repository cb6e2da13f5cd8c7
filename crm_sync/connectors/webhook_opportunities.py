"""Webhook: opportunities as JSON, POSTed with the same HMAC-SHA256 signature as leads."""
import hashlib

from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.transport import Transport, brief, dumps
from crm_sync.connectors.webhook import SIGNATURE_HEADER, _seconds, signature

OPPORTUNITY_KEY = "Guanxi_Opportunity_Id__c"
EVENT = "opportunities.upserted"


class WebhookOpportunityConnector:
    kind = "webhook"
    batch_size = 100

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        self.url, self.secret = config["url"], config["secret"]
        self.transport = Transport("The webhook", {"User-Agent": "Guanxi-CRM-Sync/1"}, timeout, allow_private)

    def push(self, opportunities: list[dict]) -> list[Outcome]:
        """POST the batch; a repeat carries the same delivery ids, so a receiver can drop it."""
        public = [{**{k: _json(v) for k, v in o.items() if not k.startswith("_")},
                   "delivery_id": f"{o['Id']}:v{o.get('_version', 1)}"} for o in opportunities]
        delivery = hashlib.sha256("|".join(sorted(p["delivery_id"] for p in public)).encode()).hexdigest()[:32]
        body = dumps({"event": EVENT, "delivery_id": delivery, "opportunities": public})
        headers = {SIGNATURE_HEADER: signature(self.secret, body), "X-Guanxi-Delivery": delivery, "X-Guanxi-Event": EVENT}
        response = self.transport.send("POST", self.url, body, headers)
        if response.status_code == 429:
            raise Throttled("The webhook asked us to slow down (HTTP 429).", _seconds(response.headers.get("Retry-After")))
        if not 200 <= response.status_code < 300:
            raise TargetUnavailable(f"The webhook answered HTTP {response.status_code}: {brief(response)}")
        return [Outcome(o[OPPORTUNITY_KEY], "created" if o.get("_first_delivery") else "updated") for o in opportunities]


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
