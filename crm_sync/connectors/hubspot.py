"""HubSpot: CRM v3 batch upsert of contacts by a unique property that holds the Guanxi person id."""
import time

from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.transport import Transport, brief, dumps
from crm_sync.mapping import EXTERNAL_ID

LEAD_STATUS = {"New": "NEW", "Working": "IN_PROGRESS", "Qualified": "OPEN_DEAL", "Unqualified": "UNQUALIFIED",
               "Converted": "CONNECTED"}  # HubSpot's default hs_lead_status options
PROPERTIES = {"firstname": "FirstName", "lastname": "LastName", "email": "Email", "company": "Company",
              "jobtitle": "Title", "phone": "Phone", "industry": "Industry", "guanxi_warm_path": "Description"}
SHORT_WAIT = 2.0  # a rate-limit window this short is waited out inside the run
DAILY_WAIT = 3600.0


class HubSpotConnector:
    kind = "hubspot"
    batch_size = 100  # HubSpot's batch limit

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        self.url = config["base_url"].rstrip("/") + "/crm/v3/objects/contacts/batch/upsert"
        self.id_property = config["id_property"]
        self.transport = Transport("HubSpot", {"Authorization": f"Bearer {config['access_token']}"}, timeout, allow_private)
        self.resume_at = 0.0

    def push(self, leads: list[dict]) -> list[Outcome]:
        """Upsert in batches of unique ids and emails (a repeat goes in a later batch, never the same one)."""
        unique = {lead[EXTERNAL_ID]: lead for lead in leads}.values()
        # Records giving up an email go first: HubSpot refuses an email another contact still holds (409).
        outcomes, rest = [], sorted(unique, key=lambda lead: bool(_email(lead)))
        while rest:
            batch, seen, later = [], set(), []
            for lead in rest:
                email = _email(lead).lower()
                (later if email and email in seen else batch).append(lead)
                seen.add(email)
            outcomes += self._upsert(batch[:self.batch_size])
            rest = batch[self.batch_size:] + later
        return outcomes

    def _upsert(self, leads: list[dict]) -> list[Outcome]:
        self._wait_for_window()
        inputs = [{"idProperty": self.id_property, "id": lead[EXTERNAL_ID], "properties": self._properties(lead)}
                  for lead in leads]
        response = self.transport.send("POST", self.url, dumps({"inputs": inputs}))
        self._note_window(response)
        if response.status_code in (200, 201, 207):
            return self._results(leads, self.transport.parsed(response))
        if response.status_code == 429:
            raise Throttled(f"HubSpot rate limit reached ({_policy(self.transport, response)}); paused.", _retry_after(response))
        if response.status_code == 409:
            return self._conflict(leads, response)
        if response.status_code in (401, 403):
            raise TargetUnavailable(f"HubSpot refused the access token (HTTP {response.status_code}): {brief(response)}")
        if response.status_code == 400 and len(leads) > 1:
            half = len(leads) // 2  # isolate the record HubSpot rejects; the others go through
            return self._upsert(leads[:half]) + self._upsert(leads[half:])
        if response.status_code == 400:
            return [Outcome(leads[0][EXTERNAL_ID], "failed", message=f"HubSpot rejected it: {brief(response)}")]
        raise TargetUnavailable(f"HubSpot answered HTTP {response.status_code}: {brief(response)}")

    def _properties(self, lead: dict) -> dict:
        props = {name: lead.get(field) or "" for name, field in PROPERTIES.items()}  # "" clears a value
        props["email"] = _email(lead)
        props["hs_lead_status"] = LEAD_STATUS.get(lead.get("Status"), "NEW")
        props[self.id_property] = lead[EXTERNAL_ID]
        return props

    def _results(self, leads: list[dict], body) -> list[Outcome]:
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise TargetUnavailable("HubSpot answered without a results list.")
        done = {}
        for result in body["results"]:
            props = result.get("properties") or {}
            done[props.get(self.id_property)] = result
        errors = "; ".join(e.get("message", "") for e in body.get("errors") or [] if isinstance(e, dict))
        outcomes = []
        for lead in leads:
            result = done.get(lead[EXTERNAL_ID])
            if result is None:
                outcomes.append(Outcome(lead[EXTERNAL_ID], "failed", message=errors or "HubSpot returned no result."))
            else:
                outcomes.append(Outcome(lead[EXTERNAL_ID], "created" if result.get("new") else "updated", str(result.get("id"))))
        return outcomes

    def _conflict(self, leads: list[dict], response) -> list[Outcome]:
        """409: a contact with this email exists without our id. Split to find it; that one needs a person."""
        if len(leads) > 1:
            half = len(leads) // 2
            return self._upsert(leads[:half]) + self._upsert(leads[half:])
        message = f"HubSpot already has a contact with this email: {brief(response)}. Merge it or set its {self.id_property}."
        return [Outcome(leads[0][EXTERNAL_ID], "needs_review", message=message, retry=False)]

    def _note_window(self, response) -> None:
        # Honour the rate-limit headers before HubSpot has to answer 429.
        remaining = response.headers.get("X-HubSpot-RateLimit-Remaining")
        if remaining is not None and remaining.isdigit() and int(remaining) <= 0:
            self.resume_at = time.monotonic() + _interval(response)

    def _wait_for_window(self) -> None:
        wait = self.resume_at - time.monotonic()
        if wait > SHORT_WAIT:
            raise Throttled("HubSpot's rate-limit window is used up; paused until it resets.", wait)
        if wait > 0:
            time.sleep(wait)


def _email(lead: dict) -> str:
    """The email this contact holds: an intent lead leaves it to the person's network lead (one contact per email)."""
    return "" if lead.get("_email_on_network_lead") else lead.get("Email") or ""


def _interval(response) -> float:
    value = response.headers.get("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
    return int(value) / 1000 if value.isdigit() else 10.0


def _retry_after(response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(float(value), 0.5)
    except ValueError:
        pass
    try:
        daily = response.json().get("policyName") == "DAILY"
    except (ValueError, AttributeError):
        daily = False
    return DAILY_WAIT if daily else _interval(response)  # the daily allowance resets at midnight, not in 10 s


def _policy(transport: Transport, response) -> str:
    try:
        body = response.json()
    except ValueError:
        return "no details"
    return f"{body.get('policyName', 'unknown')} policy: {body.get('message', '')}".strip() if isinstance(body, dict) else "no details"
