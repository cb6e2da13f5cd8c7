"""HubSpot: CRM v3 batch upsert of deals by a unique property, then each deal associated with its lead's contact
(v4 associations, the default deal→contact type)."""
from crm_sync.connectors.base import Outcome, TargetUnavailable, Throttled
from crm_sync.connectors.hubspot import _retry_after
from crm_sync.connectors.transport import Transport, brief, dumps

DEAL_ID_PROPERTY = "guanxi_opportunity_id"
OPPORTUNITY_KEY = "Guanxi_Opportunity_Id__c"
# Salesforce stage → the internal id of the stage in HubSpot's default sales pipeline.
DEAL_STAGES = {"Prospecting": "appointmentscheduled", "Qualification": "qualifiedtobuy",
               "Needs Analysis": "qualifiedtobuy", "Value Proposition": "presentationscheduled",
               "Id. Decision Makers": "decisionmakerboughtin", "Perception Analysis": "decisionmakerboughtin",
               "Proposal/Price Quote": "contractsent", "Negotiation/Review": "contractsent",
               "Closed Won": "closedwon", "Closed Lost": "closedlost"}
NO_CONTACT = "The lead's contact is not in HubSpot yet; the association is retried automatically."


class HubSpotDealConnector:
    kind = "hubspot"
    batch_size = 100  # HubSpot's batch limit

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        base = config["base_url"].rstrip("/")
        self.url = base + "/crm/v3/objects/deals/batch/upsert"
        self.associate_url = base + "/crm/v4/associations/deals/contacts/batch/associate/default"
        self.transport = Transport("HubSpot", {"Authorization": f"Bearer {config['access_token']}"}, timeout, allow_private)

    def push(self, opportunities: list[dict]) -> list[Outcome]:
        """Upsert deals 100 per call, then associate the new or changed ones with their contacts."""
        outcomes = []
        for start in range(0, len(opportunities), self.batch_size):
            outcomes += self._upsert(opportunities[start:start + self.batch_size])
        return outcomes

    def _upsert(self, batch: list[dict]) -> list[Outcome]:
        inputs = [{"idProperty": DEAL_ID_PROPERTY, "id": o[OPPORTUNITY_KEY], "properties": _properties(o)} for o in batch]
        response = self.transport.send("POST", self.url, dumps({"inputs": inputs}))
        if response.status_code == 429:
            raise Throttled("HubSpot rate limit reached; paused.", _retry_after(response))
        if response.status_code in (401, 403):
            raise TargetUnavailable(f"HubSpot refused the access token (HTTP {response.status_code}): {brief(response)}")
        if response.status_code not in (200, 201, 207):
            raise TargetUnavailable(f"HubSpot answered HTTP {response.status_code}: {brief(response)}")
        body = self.transport.parsed(response)
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise TargetUnavailable("HubSpot answered without a results list.")
        deals = {(r.get("properties") or {}).get(DEAL_ID_PROPERTY): r for r in body["results"] if isinstance(r, dict)}
        return self._associate(batch, deals)

    def _associate(self, batch: list[dict], deals: dict) -> list[Outcome]:
        """deal→contact for every deal whose contact HubSpot holds; an association that exists is kept as is."""
        pairs = [{"from": {"id": str(deals[o[OPPORTUNITY_KEY]]["id"])}, "to": {"id": o["_contact_id"]}}
                 for o in batch if o[OPPORTUNITY_KEY] in deals and o.get("_contact_id")]
        if pairs:
            response = self.transport.send("POST", self.associate_url, dumps({"inputs": pairs}))
            if response.status_code == 429:
                raise Throttled("HubSpot rate limit reached; paused.", _retry_after(response))
            if response.status_code not in (200, 201, 207):
                raise TargetUnavailable(f"HubSpot refused the deal associations (HTTP {response.status_code}): {brief(response)}")
        outcomes = []
        for o in batch:
            deal = deals.get(o[OPPORTUNITY_KEY])
            if deal is None:
                outcomes.append(Outcome(o[OPPORTUNITY_KEY], "failed", message="HubSpot returned no result."))
            elif not o.get("_contact_id"):
                outcomes.append(Outcome(o[OPPORTUNITY_KEY], "failed", str(deal.get("id")), message=NO_CONTACT))
            else:
                outcomes.append(Outcome(o[OPPORTUNITY_KEY], "created" if deal.get("new") else "updated", str(deal.get("id"))))
        return outcomes


def _properties(opportunity: dict) -> dict:
    """HubSpot property values are strings; "" clears one."""
    amount, close = opportunity.get("Amount"), opportunity.get("CloseDate")
    return {"dealname": opportunity["Name"], "dealstage": DEAL_STAGES[opportunity["StageName"]], "pipeline": "default",
            "amount": "" if amount is None else f"{amount:.2f}",
            "closedate": close.isoformat() if hasattr(close, "isoformat") else str(close or ""),
            DEAL_ID_PROPERTY: opportunity[OPPORTUNITY_KEY]}
