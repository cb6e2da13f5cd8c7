"""The org event feed: CloudEvents 1.0, in order, replayable, written with the change or not at all."""
from accounts.models import User
from core import uow
from core.db import get_session
from crm_sync.lead_signals import leads_changed
from postoffice import events, receivers
from sourcing.signals import project_step
from tests.postoffice.conftest import team_with_lead
from trust.signals import review_changed

REQUIRED = {"specversion", "id", "source", "type"}


def feed(api, token, org_id, **params):
    response = api.call("GET", f"/api/orgs/{org_id}/events", token=token, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_new_lead_and_its_status_change_are_events_in_order(crm, api):
    admin, token, org_id, person = team_with_lead(crm)
    [created] = feed(api, token, org_id)["items"]
    assert REQUIRED <= set(created) and created["specversion"] == "1.0" and created["type"] == "lead.created"
    assert created["source"] == f"/orgs/{org_id}" and created["datacontenttype"] == "application/json"
    assert created["time"].endswith("Z") and created["subject"] == f"leads/{created['data']['Id']}"
    assert created["data"]["Guanxi_Person_Id__c"] == person["id"] and created["data"]["LeadSource"] == "Guanxi Network"
    lead_id = created["data"]["Id"]
    api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token, json={"Status": "Working"})
    api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token, json={"Status": "Qualified"})
    items = feed(api, token, org_id)["items"]
    assert [(e["type"], e["data"]["Status"]) for e in items] == [
        ("lead.created", "New"), ("lead.updated", "Working"), ("lead.updated", "Qualified")]
    assert feed(api, token, org_id, after=items[0]["id"])["items"] == items[1:]  # replay from any point
    first_page = feed(api, token, org_id, limit=2)
    assert first_page["items"] == items[:2] and first_page["next_cursor"] == items[1]["id"]
    assert feed(api, token, org_id, after=items[2]["id"]) == {"items": [], "next_cursor": None}


def test_withdrawn_consent_is_a_removal_without_contact_details(crm, api):
    admin, token, org_id, person = team_with_lead(crm)
    person_token = api.token(person["email"])
    assert api.call("PATCH", "/api/me", token=person_token, json={"crm_consent": False}).status_code == 200
    crm.drain()
    last = feed(api, token, org_id)["items"][-1]
    assert last["type"] == "lead.removed" and last["data"]["Email"] is None
    assert last["data"]["Guanxi_Contact_Removed__c"] is True


def test_bad_queries_are_400s_naming_the_field(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    other_admin, other_token, other_org, _ = team_with_lead(crm, name="Other Team")
    foreign = feed(api, other_token, other_org)["items"][0]["id"]
    for params, field in (({"after": "not-an-id"}, "after"), ({"after": foreign}, "after"), ({"limit": "0"}, "limit"),
                          ({"limit": "x"}, "limit"), ({"after": "a" * 500}, "after")):
        response = api.call("GET", f"/api/orgs/{org_id}/events", token=token, query_string=params)
        assert response.status_code == 400 and field in response.get_json()["fields"], params


def test_only_members_read_the_feed(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    stranger, stranger_token = crm.person("Sam Stranger", consent=False)
    assert api.call("GET", f"/api/orgs/{org_id}/events", token=stranger_token).status_code == 404
    assert api.call("GET", f"/api/orgs/{org_id}/events").status_code == 401
    assert api.call("GET", "/api/orgs/no-such-org/events", token=token).status_code == 404


def test_an_event_rolls_back_with_its_change(app, crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    with app.app_context():
        session = get_session()
        events.publish(session, org_id, "lead.updated", "leads/x", {"Id": "x"})
        session.rollback()
        events.publish(session, org_id, "lead.updated", "leads/y", {"Id": "y"})
        uow.commit(session)
    assert [e["subject"] for e in feed(api, token, org_id)["items"]][1:] == ["leads/y"]


def _vendor_org(app, crm, api, company_id):
    """A team with a member who is verified staff of company_id (work email proven)."""
    seller, seller_token = crm.person("Sue Seller", consent=False)
    org_id = crm.team(seller_token, name="Vendor Team")
    with app.app_context():
        session = get_session()
        user = session.get(User, seller["id"])
        user.company_id, user.work_domain = company_id, "vendor.example"
        uow.commit(session)
    return seller_token, org_id


def test_sourcing_steps_reach_the_buying_team_and_the_vendors_team(app, crm, api):
    admin, token, buyer_org, _ = team_with_lead(crm)
    vendor_token, vendor_org = _vendor_org(app, crm, api, "company-1")
    with app.app_context():
        session = get_session()
        project_step.send(None, session=session, org_id=buyer_org, project_id="p1", kind="rfq_sent",
                          data={"rfq_id": "r1", "companies": ["Acme"], "company_ids": ["company-1", "company-2"]})
        project_step.send(None, session=session, org_id=buyer_org, project_id="p1", kind="criteria_changed", data={})
        uow.commit(session)
    buyer = [e["type"] for e in feed(api, token, buyer_org)["items"]]
    assert buyer[-2:] == ["rfq.sent", "sourcing.criteria_changed"]
    [seen] = feed(api, vendor_token, vendor_org)["items"]
    assert seen["type"] == "rfq.sent" and seen["data"] == {"company_id": "company-1", "rfq_id": "r1"}


def test_reviews_of_the_company_reach_its_team_without_the_reviewer(app, crm, api):
    vendor_token, vendor_org = _vendor_org(app, crm, api, "company-9")
    with app.test_request_context():
        review = {"id": "rev-1", "company_id": "company-9", "rating": 4, "comment": "On time."}
        review_changed.send(None, review_id="rev-1", company_id="company-9", change="created", review=review)
        review_changed.send(None, review_id="rev-2", company_id="company-8", change="created", review={})
        uow.commit(get_session())
    [event] = feed(api, vendor_token, vendor_org)["items"]
    assert event["type"] == "review.created" and event["data"] == review and event["subject"] == "reviews/rev-1"


def test_a_converted_lead_and_its_stage_change_are_opportunity_events(crm, api):
    _, token, org_id, _ = team_with_lead(crm)
    [lead] = crm.leads(token, org_id)
    opp = api.call("POST", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}/convert", token=token, json={}).get_json()
    api.call("PATCH", f"/api/orgs/{org_id}/crm/opportunities/{opp['Id']}", token=token, json={"StageName": "Closed Won"})
    events = [e for e in feed(api, token, org_id)["items"] if e["type"].startswith("opportunity.")]
    assert [e["type"] for e in events] == ["opportunity.created", "opportunity.updated"]
    assert {e["subject"] for e in events} == {f"opportunities/{opp['Id']}"}
    assert events[-1]["data"]["StageName"] == "Closed Won" and events[-1]["data"]["Guanxi_Lead_Id__c"] == lead["Id"]


def test_the_receivers_are_connected_by_init_app(app):
    assert receivers.on_leads_changed in [r() for r in leads_changed.receivers.values()]
    assert project_step.receivers and review_changed.receivers
