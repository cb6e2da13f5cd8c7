"""Salesforce: sObject Collections upsert of Opportunities by the External ID field Guanxi_Opportunity_Id__c."""
from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.salesforce import LIMIT_WAIT, MULTIPLE_MATCH
from crm_sync.connectors.transport import Transport, brief, dumps

OPPORTUNITY_KEY = "Guanxi_Opportunity_Id__c"
FIELDS = ("Name", "StageName", "Amount", "CloseDate", "Probability", "Guanxi_Lead_Id__c")  # OwnerId: not a SF user


class SalesforceOpportunityConnector:
    kind = "salesforce"
    batch_size = 200  # sObject Collections limit

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        base = config["instance_url"].rstrip("/")
        self.url = f"{base}/services/data/{config['api_version']}/composite/sobjects/Opportunity/{OPPORTUNITY_KEY}"
        self.transport = Transport("Salesforce", {"Authorization": f"Bearer {config['access_token']}"}, timeout, allow_private)

    def push(self, opportunities: list[dict]) -> list[Outcome]:
        """Upsert opportunities, 200 per call, each record on its own (allOrNone=false)."""
        outcomes = []
        for start in range(0, len(opportunities), self.batch_size):
            outcomes += self._upsert(opportunities[start:start + self.batch_size])
        return outcomes

    def _upsert(self, batch: list[dict]) -> list[Outcome]:
        records = [{"attributes": {"type": "Opportunity"}, **{f: _value(o.get(f)) for f in FIELDS},
                    OPPORTUNITY_KEY: o[OPPORTUNITY_KEY]} for o in batch]
        response = self.transport.send("PATCH", self.url, dumps({"allOrNone": False, "records": records}))
        if response.status_code == 200:
            body = self.transport.parsed(response)
            if not isinstance(body, list) or len(body) != len(batch) or not all(isinstance(r, dict) for r in body):
                raise TargetUnavailable("Salesforce answered something that is not a list of upsert results.")
            return [_outcome(o[OPPORTUNITY_KEY], r) for o, r in zip(batch, body, strict=True)]
        if response.status_code == 300:
            if len(batch) > 1:  # several Opportunities hold one id: split to find which
                half = len(batch) // 2
                return self._upsert(batch[:half]) + self._upsert(batch[half:])
            return [Outcome(batch[0][OPPORTUNITY_KEY], "needs_review", retry=False,
                            message=f"Matches more than one Salesforce Opportunity (HTTP 300): {brief(response)}")]
        code = _error_code(response)
        if response.status_code == 403 and code == "REQUEST_LIMIT_EXCEEDED":
            raise Throttled("Salesforce API request limit exceeded (REQUEST_LIMIT_EXCEEDED); paused.", LIMIT_WAIT)
        if response.status_code == 401:
            raise TargetUnavailable(f"Salesforce refused the access token ({code or 'HTTP 401'}); update the target's credentials.")
        raise TargetUnavailable(f"Salesforce answered HTTP {response.status_code}: {brief(response)}")


def _value(value):
    """Dates go as YYYY-MM-DD, the format Salesforce's date fields take."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _outcome(key: str, result: dict) -> Outcome:
    if result.get("success"):
        return Outcome(key, "created" if result.get("created") else "updated", result.get("id"))
    errors = result.get("errors") or [{}]
    message = "; ".join(f"{e.get('statusCode', '?')}: {e.get('message', '')}" for e in errors)
    if any(e.get("statusCode") == MULTIPLE_MATCH for e in errors):
        return Outcome(key, "needs_review", message=f"Several Salesforce Opportunities share this id: {message}", retry=False)
    return Outcome(key, "failed", message=message)


def _error_code(response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    first = body[0] if isinstance(body, list) and body else body
    return first.get("errorCode") if isinstance(first, dict) else None
