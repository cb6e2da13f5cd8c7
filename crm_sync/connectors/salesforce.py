"""Salesforce: sObject Collections upsert of Leads by the External ID field Guanxi_Person_Id__c."""
from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.transport import Transport, brief, dumps
from crm_sync.mapping import EXTERNAL_ID

FIELDS = ("FirstName", "LastName", "Company", "Title", "Email", "Phone", "Industry", "LeadSource", "Status",
          "Description")  # OwnerId is a Guanxi id, not a Salesforce user: the owner is named in Description
MULTIPLE_MATCH = "DUPLICATE_EXTERNAL_ID"
LIMIT_WAIT = 300.0  # REQUEST_LIMIT_EXCEEDED carries no Retry-After; the org's 24 h allowance recovers slowly


class SalesforceConnector:
    kind = "salesforce"
    batch_size = 200  # sObject Collections limit

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        base = config["instance_url"].rstrip("/")
        self.url = f"{base}/services/data/{config['api_version']}/composite/sobjects/Lead/{EXTERNAL_ID}"
        self.transport = Transport("Salesforce", {"Authorization": f"Bearer {config['access_token']}"}, timeout, allow_private)

    def push(self, leads: list[dict]) -> list[Outcome]:
        """Upsert leads, 200 per call, each record on its own (allOrNone=false)."""
        unique = list({lead[EXTERNAL_ID]: lead for lead in leads}.values())
        outcomes = []
        for start in range(0, len(unique), self.batch_size):
            outcomes += self._upsert(unique[start:start + self.batch_size])
        return outcomes

    def _upsert(self, leads: list[dict]) -> list[Outcome]:
        records = [{"attributes": {"type": "Lead"}, **{f: lead.get(f) for f in FIELDS}, EXTERNAL_ID: lead[EXTERNAL_ID]}
                   for lead in leads]
        response = self.transport.send("PATCH", self.url, dumps({"allOrNone": False, "records": records}))
        if response.status_code == 200:
            return self._results(leads, self.transport.parsed(response))
        if response.status_code == 300:
            return self._multiple_match(leads, response)
        body = _error_code(response)
        if response.status_code == 403 and body == "REQUEST_LIMIT_EXCEEDED":
            raise Throttled("Salesforce API request limit exceeded (REQUEST_LIMIT_EXCEEDED); paused.", LIMIT_WAIT)
        if response.status_code == 401:
            raise TargetUnavailable(f"Salesforce refused the access token ({body or 'HTTP 401'}); update the target's credentials.")
        raise TargetUnavailable(f"Salesforce answered HTTP {response.status_code}: {brief(response)}")

    def _results(self, leads: list[dict], body) -> list[Outcome]:
        if not isinstance(body, list) or len(body) != len(leads) or not all(isinstance(r, dict) for r in body):
            raise TargetUnavailable("Salesforce answered something that is not a list of upsert results.")
        return [self._outcome(lead[EXTERNAL_ID], result) for lead, result in zip(leads, body, strict=True)]  # lengths checked above

    @staticmethod
    def _outcome(person_id: str, result: dict) -> Outcome:
        if result.get("success"):
            return Outcome(person_id, "created" if result.get("created") else "updated", result.get("id"))
        errors = result.get("errors") or [{}]
        message = "; ".join(f"{e.get('statusCode', '?')}: {e.get('message', '')}" for e in errors)
        if any(e.get("statusCode") == MULTIPLE_MATCH for e in errors):
            return Outcome(person_id, "needs_review", message=f"Several Salesforce Leads share this id: {message}", retry=False)
        return Outcome(person_id, "failed", message=message)

    def _multiple_match(self, leads: list[dict], response) -> list[Outcome]:
        """HTTP 300: the external id matches several records. Split to find which; never retried by itself."""
        if len(leads) > 1:
            half = len(leads) // 2
            return self._upsert(leads[:half]) + self._upsert(leads[half:])
        return [Outcome(leads[0][EXTERNAL_ID], "needs_review", retry=False,
                        message=f"Matches more than one Salesforce Lead (HTTP 300): {brief(response)}")]


def _error_code(response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    first = body[0] if isinstance(body, list) and body else body
    return first.get("errorCode") if isinstance(first, dict) else None
