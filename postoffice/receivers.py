"""What becomes an org's event: the features' signals, turned into CloudEvents in the sender's unit of work."""
import json
import logging

from flask import current_app, has_app_context

from accounts import company_orgs
from core import uow
from crm_sync import lead_signals
from crm_sync import signals as crm_signals
from postoffice.events import publish, publish_many
from sourcing import signals as sourcing_signals
from trust import signals as trust_signals

log = logging.getLogger(__name__)
# A history step → (event type, whether the vendor's org hears of it too). Others are "sourcing.<step>".
STEP_TYPES = {"rfq_sent": "rfq.sent", "quote_received": "quote.received", "quote_replaced": "quote.updated",
              "decided": "sourcing.decided", "created": "sourcing.project_created"}
VENDOR_HEARS = ("rfq_sent", "quote_received", "quote_replaced", "decided")


def on_leads_changed(_sender, session, org_id, leads, **_kw):
    """lead.created / lead.updated / lead.removed, with the Lead in Salesforce field names."""
    publish_many(session, org_id, [(f"lead.{item['change']}", f"leads/{item['lead']['Id']}", item["lead"])
                                   for item in leads])


def on_opportunity_changed(_sender, session, org_id, opportunity, change="updated", **_kw):
    """opportunity.created / opportunity.updated, with the Opportunity in Salesforce field names."""
    publish(session, org_id, f"opportunity.{change}", f"opportunities/{opportunity.get('Id')}", opportunity)


def on_project_step(_sender, session, org_id, project_id, kind, data, **_kw):
    """The buying team hears of every step; the vendor's org hears of the RFQ, its quote and being chosen."""
    event_type = STEP_TYPES.get(kind, f"sourcing.{kind}")
    details = json.loads(json.dumps(data, default=str))  # dates as text, as the project's history has them
    publish(session, org_id, event_type, f"projects/{project_id}", {"project_id": project_id, **details})
    if kind not in VENDOR_HEARS:
        return
    companies = data.get("company_ids") or [data.get("company_id")]
    for company_id, org_ids in company_orgs.orgs_of_companies(session, companies).items():
        for vendor_org in sorted(org_ids - {org_id}):  # only what the vendor already sees on its RFQ page
            subject = f"rfqs/{data['rfq_id']}" if data.get("rfq_id") else f"companies/{company_id}"
            publish(session, vendor_org, event_type, subject,
                    {"company_id": company_id, **{k: details[k] for k in ("rfq_id", "respond_by") if k in details}})


def on_review_changed(_sender, review_id, company_id, change, review, session=None, **_kw):
    """review.created / replied / removed / restored, for each org of the reviewed company.

    A review lives in the graph, so a sender without a SQL session (trust's graph-only services) gets its event
    written after its unit commits, in a unit of its own: never a SQL write between that sender's graph calls."""
    def write(unit_session):
        for org_id in sorted(company_orgs.orgs_of_companies(unit_session, [company_id]).get(company_id, ())):
            publish(unit_session, org_id, f"review.{change}", f"reviews/{review_id}", review)

    if session is not None:
        write(session)
    elif has_app_context():
        app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target

        def write_later():
            with uow.unit(app) as unit_session:
                write(unit_session)

        uow.on_commit(uow.current_session(), write_later)
    else:
        log.error("post office: review %s changed outside any unit of work", review_id)


def receivers() -> list:
    """(signal, receiver) pairs."""
    return [(lead_signals.leads_changed, on_leads_changed), (sourcing_signals.project_step, on_project_step),
            (trust_signals.review_changed, on_review_changed), (crm_signals.opportunity_changed, on_opportunity_changed)]


def connect_receivers() -> None:
    for signal, receiver in receivers():
        signal.connect(receiver)
