"""Salesforce's standard Opportunity stages, and an opportunity in Salesforce Opportunity field names."""
from core.db import as_utc
from crm_sync.pipeline_models import Opportunity

# Stage → its default Probability (%), in the order a deal moves through them.
STAGES = {"Prospecting": 10, "Qualification": 10, "Needs Analysis": 20, "Value Proposition": 50,
          "Id. Decision Makers": 60, "Perception Analysis": 70, "Proposal/Price Quote": 75,
          "Negotiation/Review": 90, "Closed Won": 100, "Closed Lost": 0}
CLOSED = ("Closed Won", "Closed Lost")


def opportunity_record(opp: Opportunity) -> dict:
    """The API's Opportunity (what targets receive, too)."""
    return {"Id": opp.id, "Name": opp.name, "StageName": opp.stage_name,
            "Amount": float(opp.amount) if opp.amount is not None else None, "CloseDate": opp.close_date,
            "Probability": opp.probability, "OwnerId": opp.owner_id, "Guanxi_Lead_Id__c": opp.lead_id,
            "IsClosed": opp.stage_name in CLOSED, "IsWon": opp.stage_name == "Closed Won",
            "CreatedDate": as_utc(opp.created_at), "LastModifiedDate": as_utc(opp.updated_at)}
