"""External targets against local stand-ins of HubSpot, Salesforce and a webhook receiver."""
import json

import pytest

from crm_sync.connectors.base import TargetUnavailable, Throttled
from crm_sync.connectors.hubspot import HubSpotConnector
from tests.crm.fake_crms import FakeHubSpot, FakeSalesforce, FakeWebhook


@pytest.fixture
def team(crm):
    li, token = crm.person("Li Wei")
    return li, token, crm.team(token)


def hubspot_target(fake):
    return {"kind": "hubspot", "name": "HubSpot", "access_token": fake.token, "base_url": fake.url}


def salesforce_target(fake):
    return {"kind": "salesforce", "name": "Salesforce", "access_token": fake.token, "instance_url": fake.url}


def test_hubspot_gets_batches_of_at_most_100_upserted_by_the_guanxi_id(crm, team):
    li, token, org_id = team
    with FakeHubSpot() as hubspot:
        assert crm.enable(token, org_id, [hubspot_target(hubspot)]).status_code == 200
        people = crm.people(150)
        crm.connect_many(li, people)
        crm.drain()
        assert len(hubspot.calls) == 2 and not hubspot.problems
        assert len(hubspot.contacts) == 150 and set(hubspot.sent.values()) == {1}
        contact = hubspot.by_guanxi_id(people[0]["id"])
        assert (contact["firstname"], contact["lastname"], contact["email"], contact["hs_lead_status"]) == \
            ("Buyer", "Number0", people[0]["email"], "NEW")
        assert "Li Wei (lead owner)" in contact["guanxi_warm_path"]
        status = crm.status(token, org_id, "hubspot")
        assert status["last_run"]["status"] == "ok" and status["totals"]["created"] == 150
        lead = crm.leads(token, org_id, q=people[0]["email"])[0]
        crm.api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}", token=token, json={"Status": "Working"})
        crm.drain()
        assert len(hubspot.contacts) == 150 and hubspot.by_guanxi_id(people[0]["id"])["hs_lead_status"] == "IN_PROGRESS"
        assert crm.status(token, org_id, "hubspot")["last_run"]["updated"] == 1


def test_hubspot_conflict_on_an_existing_email_needs_review_and_is_not_retried(crm, team):
    li, token, org_id = team
    with FakeHubSpot() as hubspot:
        crm.enable(token, org_id, [hubspot_target(hubspot)])
        people = crm.people(8)
        hubspot.preload(people[3]["email"])
        crm.connect_many(li, people)
        crm.drain()
        assert len(hubspot.contacts) == 8  # 7 created + the hand-made one, untouched
        status = crm.status(token, org_id, "hubspot")
        assert status["last_run"]["status"] == "partial" and status["last_run"]["needs_review"] == 1
        assert "already has a contact with this email" in status["problems"][0]["error"]
        calls = len(hubspot.calls)
        crm.drain(later=3600)
        assert len(hubspot.calls) == calls  # needs review: never retried on its own
        assert crm.api.call("POST", f"/api/orgs/{org_id}/crm/retry", token=token).get_json() == {"requeued": 1}


def test_hubspot_rate_limit_pauses_the_run_keeps_the_leads_and_resumes(crm, team):
    li, token, org_id = team
    with FakeHubSpot(limit=1, interval_ms=60_000) as hubspot:
        crm.enable(token, org_id, [hubspot_target(hubspot)])
        crm.connect_many(li, crm.people(250))
        crm.drain()
        status = crm.status(token, org_id, "hubspot")
        assert status["last_run"]["status"] == "throttled" and "rate" in status["last_run"]["message"].lower()
        assert status["pending"] == 150 and status["paused_until"]
        hubspot.limit = None  # the window has passed
        crm.drain(later=120)
        assert len(hubspot.contacts) == 250 and set(hubspot.sent.values()) == {1}


def test_hubspot_connector_dedupes_ids_and_emails_inside_a_batch():
    with FakeHubSpot() as hubspot:
        connector = HubSpotConnector({"base_url": hubspot.url, "id_property": "guanxi_person_id",
                                      "access_token": hubspot.token}, timeout=2, allow_private=True)
        leads = [{"Guanxi_Person_Id__c": "p1", "LastName": "Old", "Email": "a@x.com"},
                 {"Guanxi_Person_Id__c": "p1", "LastName": "New", "Email": "a@x.com"},
                 {"Guanxi_Person_Id__c": "p2", "LastName": "Other", "Email": "B@x.com"},
                 {"Guanxi_Person_Id__c": "p3", "LastName": "Same mail", "Email": "b@X.com"}]
        outcomes = connector.push(leads)
        assert not hubspot.problems and len(hubspot.calls) == 2
        assert hubspot.by_guanxi_id("p1")["lastname"] == "New"
        assert [o.result for o in outcomes if o.person_id == "p3"] == ["needs_review"]


@pytest.mark.parametrize("fault, words", [(503, "HTTP 503"), ("garbage", "not JSON"), ("timeout", "did not answer")])
def test_a_failing_hubspot_marks_the_run_failed_and_keeps_every_lead(crm, team, fault, words):
    li, token, org_id = team
    with FakeHubSpot() as hubspot:
        crm.enable(token, org_id, [hubspot_target(hubspot)])
        hubspot.plan = [fault]
        crm.connect_many(li, crm.people(5))
        crm.drain(timeout=1.0)
        status = crm.status(token, org_id, "hubspot")
        assert status["last_run"]["status"] == "failed" and words in status["last_run"]["message"]
        assert "5 lead(s) kept" in status["last_run"]["message"] and status["pending"] == 5
        crm.drain(later=60)
        assert len(hubspot.contacts) == 5


def test_bad_credentials_are_reported_clearly(crm, team):
    li, token, org_id = team
    with FakeSalesforce() as salesforce:
        crm.enable(token, org_id, [{**salesforce_target(salesforce), "access_token": "wrong-token"}])
        crm.connect_many(li, crm.people(2))
        crm.drain()
        message = crm.status(token, org_id, "salesforce")["last_run"]["message"]
        assert "INVALID_SESSION_ID" in message and "credentials" in message


def test_salesforce_collections_upsert_200_per_call_by_external_id(crm, team, api):
    li, token, org_id = team
    with FakeSalesforce() as salesforce:
        crm.enable(token, org_id, [salesforce_target(salesforce)])
        people = crm.people(450)
        crm.connect_many(li, people)
        crm.drain()
        assert [c["method"] for c in salesforce.calls] == ["PATCH"] * 3 and not salesforce.problems
        assert len(salesforce.leads) == 450 and set(salesforce.sent.values()) == {1}
        record = salesforce.leads[people[0]["id"]]
        assert (record["LastName"], record["LeadSource"], record["Status"]) == ("Number0", "Guanxi Network", "New")
        assert crm.status(token, org_id, "salesforce")["totals"]["created"] == 450


def test_consent_withdrawn_clears_the_details_in_salesforce_and_the_webhook(crm, team, api):
    li, token, org_id = team
    buyer, buyer_token = crm.person("Zhang Min", title="Buyer")
    with FakeSalesforce() as salesforce, FakeWebhook() as hook:
        crm.enable(token, org_id, [salesforce_target(salesforce),
                                   {"kind": "webhook", "url": hook.url + "/guanxi", "secret": hook.secret}])
        crm.connect(li, buyer)
        crm.drain()
        assert salesforce.leads[buyer["id"]]["Email"] == buyer["email"].lower()
        assert hook.leads[buyer["id"]]["Email"] == buyer["email"].lower()
        api.call("PATCH", "/api/me", token=buyer_token, json={"crm_consent": False})
        crm.drain()
        for record in (salesforce.leads[buyer["id"]], hook.leads[buyer["id"]]):
            assert record["Email"] is None and record["FirstName"] is None and record["Title"] is None
        assert len(salesforce.leads) == 1 and not hook.problems


@pytest.mark.parametrize("as_300", [False, True])
def test_salesforce_multiple_match_needs_review_and_the_rest_go_through(crm, team, as_300):
    li, token, org_id = team
    with FakeSalesforce(multiple_match_as_300=as_300) as salesforce:
        crm.enable(token, org_id, [salesforce_target(salesforce)])
        people = crm.people(6)
        salesforce.duplicated.add(people[2]["id"])
        crm.connect_many(li, people)
        crm.drain()
        assert len(salesforce.leads) == 5 and people[2]["id"] not in salesforce.leads
        status = crm.status(token, org_id, "salesforce")
        assert status["last_run"]["needs_review"] == 1 and status["totals"]["awaiting_review"] == 1
        calls = len(salesforce.calls)
        crm.drain(later=3600)
        assert len(salesforce.calls) == calls


def test_target_failing_mid_run_then_back_gets_every_lead_exactly_once(crm, team):
    li, token, org_id = team
    with FakeSalesforce() as salesforce, FakeHubSpot() as hubspot:
        crm.enable(token, org_id, [salesforce_target(salesforce), hubspot_target(hubspot)])
        salesforce.plan = ["ok", 503, 503]
        hubspot.plan = ["ok", "ok", "timeout"]
        people = crm.people(700)
        crm.connect_many(li, people)
        crm.drain(timeout=1.0)
        assert 0 < len(salesforce.leads) < 700 and 0 < len(hubspot.contacts) < 700
        assert crm.status(token, org_id, "salesforce")["last_run"]["status"] == "failed"
        crm.drain(later=60)
        crm.drain(later=120)
        expected = {p["id"] for p in people}
        assert set(salesforce.leads) == expected and set(salesforce.sent.values()) == {1}
        assert {c["guanxi_person_id"] for c in hubspot.contacts.values()} == expected
        assert len(hubspot.contacts) == 700 and not hubspot.problems and not salesforce.problems


def test_webhook_is_signed_and_retried_until_it_answers(crm, team):
    li, token, org_id = team
    with FakeWebhook() as hook:
        crm.enable(token, org_id, [{"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret}])
        hook.plan = [500]
        crm.connect_many(li, crm.people(3))
        crm.drain()
        assert hook.leads == {} and crm.status(token, org_id, "webhook")["last_run"]["status"] == "failed"
        crm.drain(later=60)
        assert len(hook.leads) == 3 and not hook.problems
        assert crm.status(token, org_id, "webhook")["last_run"]["created"] == 3


def test_a_retried_webhook_delivery_repeats_its_ids_so_the_receiver_can_drop_it(crm, team):
    li, token, org_id = team
    with FakeWebhook() as hook:
        crm.enable(token, org_id, [{"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret}])
        hook.plan = ["timeout"]  # the receiver got the batch, but its answer never came back in time
        crm.connect_many(li, crm.people(2))
        crm.drain(timeout=1.0)
        crm.drain(later=60)
        first, retried = (json.loads(call["body"]) for call in hook.calls)
        assert first["delivery_id"] == retried["delivery_id"]
        assert [lead["delivery_id"] for lead in first["leads"]] == [lead["delivery_id"] for lead in retried["leads"]]
        assert all(lead["delivery_id"] == f"{lead['Id']}:v1" for lead in retried["leads"])
        crm.api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{retried['leads'][0]['Id']}", token=token,
                     json={"Status": "Working"})
        crm.drain(later=120)
        assert json.loads(hook.calls[-1]["body"])["leads"][0]["delivery_id"] == f"{retried['leads'][0]['Id']}:v2"


def test_a_target_runs_again_in_the_same_session_once_more_leads_are_due(crm, team):
    """As a drain does when leads come in while it delivers: its next round meets the target row of the last run."""
    from sqlalchemy import select

    from core.db import get_session
    from core.extensions import graph as graph_store
    from crm_sync.models import CrmTarget
    from crm_sync.worker import drain

    li, token, org_id = team
    with FakeWebhook() as hook:
        crm.enable(token, org_id, [{"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret}])
        crm.connect_many(li, crm.people(2))
        with crm.app.app_context():
            session = get_session()
            held = session.scalars(select(CrmTarget).where(CrmTarget.org_id == org_id)).all()  # as drain's loop holds it
            drain(session, graph_store, timeout=2.0)
            crm.connect_many(li, crm.people(1))
            drain(session, graph_store, timeout=2.0)
            assert held
        assert len(hook.leads) == 3 and not hook.problems


def test_connector_errors_are_typed():
    assert issubclass(Throttled, TargetUnavailable)


def test_a_target_added_later_receives_the_leads_already_on_the_board(crm, team):
    li, token, org_id = team
    crm.enable(token, org_id)
    crm.connect_many(li, crm.people(30))
    crm.drain()
    with FakeSalesforce() as salesforce:
        crm.enable(token, org_id, [salesforce_target(salesforce)])
        crm.drain()
        assert len(salesforce.leads) == 30 and set(salesforce.sent.values()) == {1}
