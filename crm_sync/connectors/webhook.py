"""Webhook: leads as JSON, POSTed with an HMAC-SHA256 signature of the exact body."""
import hashlib
import hmac

from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.transport import Transport, brief, dumps
from crm_sync.mapping import EXTERNAL_ID

SIGNATURE_HEADER = "X-Guanxi-Signature"


def signature(secret: str, body: bytes) -> str:
    """"sha256=<hex>": what a receiver recomputes over the raw body to trust the request."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookConnector:
    kind = "webhook"
    batch_size = 100

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        self.url, self.secret = config["url"], config["secret"]
        self.transport = Transport("The webhook", {"User-Agent": "Guanxi-CRM-Sync/1"}, timeout, allow_private)

    def push(self, leads: list[dict]) -> list[Outcome]:
        """POST the batch; any answer but 2xx leaves every lead to be retried."""
        # Stable ids: a lead's version is sent once per id, and a retried batch repeats its id, so a receiver
        # that already processed either can drop the repeat.
        public = [{**{k: v for k, v in lead.items() if not k.startswith("_")},
                   "delivery_id": f"{lead['Id']}:v{lead.get('_version', 1)}"} for lead in leads]
        delivery = hashlib.sha256("|".join(sorted(p["delivery_id"] for p in public)).encode()).hexdigest()[:32]
        body = dumps({"event": "leads.upserted", "delivery_id": delivery, "leads": public})
        headers = {SIGNATURE_HEADER: signature(self.secret, body), "X-Guanxi-Delivery": delivery,
                   "X-Guanxi-Event": "leads.upserted"}
        response = self.transport.send("POST", self.url, body, headers)
        if response.status_code == 429:
            raise Throttled("The webhook asked us to slow down (HTTP 429).", _seconds(response.headers.get("Retry-After")))
        if not 200 <= response.status_code < 300:
            raise TargetUnavailable(f"The webhook answered HTTP {response.status_code}: {brief(response)}")
        return [Outcome(lead[EXTERNAL_ID], "created" if lead.get("_first_delivery") else "updated") for lead in leads]


def _seconds(value: str | None) -> float:
    try:
        return max(float(value or 30), 0.5)
    except ValueError:
        return 30.0
