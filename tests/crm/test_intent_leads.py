"""Intent leads: an asker who lets vendors contact them becomes a lead of the teams that sell in the category.

Everything goes through the real HTTP API (ask, close, consent, leads) and the real worker drain on Neo4j.
"""
import uuid

import pytest

from tests.crm.fake_crms import FakeHubSpot, FakeSalesforce, FakeWebhook
from tests.crm.test_pages import login
from tests.trust.conftest import World

VALVES = "Industrial valves"


@pytest.fixture
def world(api):
    return World(api)


class Valves:
    """A valve vendor and its sales team (CRM sync on): Li Wei sells, Zhang Min (no valve employer) does not."""

    def __init__(self, crm, world, name="Valve Sales"):
        self.crm, self.world = crm, world
        self.li = self.person("Li Wei")
        self.zhang = self.person("Zhang Min")
        self.org_id = crm.team(self.li["token"], self.zhang, name=name)
        assert crm.enable(self.li["token"], self.org_id).status_code == 200
        self.vendor = world.company(self.li, "Hangzhou Valve Works", [VALVES, "Pumps"])
        world.seller(self.li, self.vendor)
        crm.drain()

    def person(self, name, consent=False, **profile):
        user, token = self.crm.person(name, consent=consent, **profile)
        return {**user, "token": token}

    def ask(self, asker, category=VALVES, **fields):
        response = self.world.ask(asker, category, **fields)
        assert response.status_code == 201, response.get_json()
        self.crm.drain()
        return response.get_json()

    def leads(self, who=None, **params):
        return self.crm.leads((who or self.li)["token"], self.org_id, **params)


@pytest.fixture
def valves(crm, world):
    return Valves(crm, world)


def test_an_opted_in_request_becomes_an_intent_lead_owned_by_a_seller(valves):
    asker = valves.person("Wang Fang", company="Sinopec Procurement", title="Procurement Manager")
    request = valves.ask(asker, details="40 DN50 ball valves, delivery in March", vendors_may_contact=True)
    [lead] = valves.leads(valves.zhang)  # every member of the team sees it, seller or not
    assert lead["LeadSource"] == "Guanxi Request" and lead["Status"] == "New"
    assert lead["OwnerId"] == valves.li["id"] and lead["Email"] == asker["email"].lower()
    assert (lead["FirstName"], lead["LastName"], lead["Company"], lead["Title"]) == \
        ("Fang", "Wang", "Sinopec Procurement", "Procurement Manager")
    assert lead["Guanxi_Person_Id__c"] == asker["id"] and lead["Guanxi_Request_Id__c"] == request["id"]
    assert lead["Description"] == ("Asked the network for Industrial valves: 40 DN50 ball valves, delivery in March. "
                                   "Lead owner on Guanxi: Li Wei.")
    assert lead["Guanxi_Request_Category__c"] == VALVES and lead["Guanxi_Contact_Removed__c"] is False


def test_without_the_opt_in_a_request_never_makes_a_lead(valves, app):
    asker = valves.person("Chen Lei", consent=True)  # CRM consent is not consent to vendors seeing a request
    valves.ask(asker, details="ball valves")
    valves.ask(asker, vendors_may_contact=False)
    assert app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", valves.org_id]).exit_code == 0
    assert valves.leads() == []


def test_only_teams_with_crm_sync_on_and_a_seller_in_the_category_get_the_lead(crm, world, valves):
    wu = valves.person("Wu Xin")  # a second vendor team, selling something else
    freight_org = crm.team(wu["token"], name="Freight Sales")
    crm.enable(wu["token"], freight_org)
    world.seller(wu, world.company(wu, "Yangtze Freight", ["Freight"]))
    gao = valves.person("Gao Ping")
    sync_off_org = crm.team(gao["token"], name="Rival Valves")
    world.seller(gao, world.company(gao, "Ningbo Flow Control", [VALVES]))

    asker = valves.person("Zhou Yan")
    valves.ask(asker, vendors_may_contact=True)
    assert [lead["Guanxi_Person_Id__c"] for lead in valves.leads()] == [asker["id"]]
    assert crm.leads(wu["token"], freight_org) == []
    assert crm.leads(gao["token"], sync_off_org) == []

    crm.enable(gao["token"], sync_off_org)  # turning sync on brings in the open requests it may see
    crm.drain()
    [lead] = crm.leads(gao["token"], sync_off_org)
    assert lead["LeadSource"] == "Guanxi Request" and lead["OwnerId"] == gao["id"]


def test_a_member_of_the_team_asking_is_not_the_teams_lead(valves):
    valves.ask(valves.zhang, vendors_may_contact=True)
    assert valves.leads() == []


def test_a_network_lead_and_an_intent_lead_of_one_person_coexist_and_reconcile_keeps_both(crm, valves, app):
    asker = valves.person("Huang Tao", consent=True)
    crm.connect(valves.zhang, asker)
    valves.ask(asker, details="DN80 gate valves", vendors_may_contact=True)
    leads = {lead["LeadSource"]: lead for lead in valves.leads()}
    assert set(leads) == {"Guanxi Network", "Guanxi Request"}
    assert {lead["Guanxi_Person_Id__c"] for lead in leads.values()} == {asker["id"]}
    assert leads["Guanxi Network"]["OwnerId"] == valves.zhang["id"] and leads["Guanxi Request"]["OwnerId"] == valves.li["id"]

    result = app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", valves.org_id])
    assert result.exit_code == 0 and "0 leads created, 0 updated" in result.output
    after = {lead["LeadSource"]: lead for lead in valves.leads()}
    assert after == leads  # nothing stripped, nothing rewritten
    assert [lead["LeadSource"] for lead in valves.leads(source="request")] == ["Guanxi Request"]
    assert [lead["LeadSource"] for lead in valves.leads(source="network")] == ["Guanxi Network"]


def test_closing_the_request_strips_the_contact_details_and_keeps_the_row(crm, valves, app):
    asker = valves.person("Sun Jun", title="Plant Engineer")
    request = valves.ask(asker, details="needs a call back", vendors_may_contact=True)
    [before] = valves.leads()
    closed = crm.api.call("POST", f"/api/recommendation-requests/{request['id']}/close", token=asker["token"])
    assert closed.status_code == 200
    crm.drain()
    [lead] = valves.leads()
    assert lead["Id"] == before["Id"] and lead["Guanxi_Contact_Removed__c"] is True
    assert (lead["Email"], lead["FirstName"], lead["Title"], lead["Description"]) == (None, None, None, None)
    assert lead["LastName"] == "[consent withdrawn]" and lead["Guanxi_Person_Id__c"] == asker["id"]
    app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", valves.org_id])
    assert valves.leads()[0]["Email"] is None  # a reconcile never brings the details back


def test_a_second_request_updates_the_same_intent_lead_at_the_targets_too(crm, valves):
    asker = valves.person("Liu Yan")
    with FakeSalesforce() as salesforce:
        crm.enable(valves.li["token"], valves.org_id, [{"kind": "salesforce", "access_token": salesforce.token,
                                                        "instance_url": salesforce.url}])
        valves.ask(asker, details="DN50", vendors_may_contact=True)
        second = valves.ask(asker, "Pumps", details="two dosing pumps", vendors_may_contact=True)
        [lead] = valves.leads()
        assert lead["Description"].startswith("Asked the network for Pumps: two dosing pumps.")
        assert lead["Guanxi_Request_Id__c"] == second["id"] and lead["Guanxi_Request_Category__c"] == "Pumps"
        record = salesforce.leads[f"{asker['id']}:request"]
        assert record["LeadSource"] == "Guanxi Request" and record["Description"] == lead["Description"]
        assert record["Email"] == asker["email"].lower() and not salesforce.problems


def test_the_intent_lead_never_overwrites_the_network_lead_at_the_targets(crm, valves):
    asker = valves.person("Ma Qiang", consent=True)
    with FakeSalesforce() as salesforce, FakeWebhook() as hook:
        crm.enable(valves.li["token"], valves.org_id, [
            {"kind": "salesforce", "access_token": salesforce.token, "instance_url": salesforce.url},
            {"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret}])
        crm.connect(valves.zhang, asker)
        valves.ask(asker, vendors_may_contact=True)
        for records in (salesforce.leads, hook.leads):
            assert {key: r["LeadSource"] for key, r in records.items()} == {
                asker["id"]: "Guanxi Network", f"{asker['id']}:request": "Guanxi Request"}
        assert not salesforce.problems and not hook.problems
        assert crm.status(valves.li["token"], valves.org_id, "salesforce")["totals"]["created"] == 2


def test_withdrawing_consent_strips_the_lead_until_a_new_request(crm, valves, app):
    asker = valves.person("Xu Na", consent=True)
    valves.ask(asker, vendors_may_contact=True)
    assert crm.api.call("PATCH", "/api/me", token=asker["token"], json={"crm_consent": False}).status_code == 200
    crm.drain()
    [lead] = valves.leads()
    assert lead["Email"] is None and lead["Guanxi_Contact_Removed__c"] is True
    app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", valves.org_id])
    assert valves.leads()[0]["Email"] is None  # the open request predates the withdrawal

    valves.ask(asker, "Pumps", vendors_may_contact=True)  # asking anew with the opt-in is consent again
    [again] = valves.leads()
    assert again["Id"] == lead["Id"] and again["Email"] == asker["email"].lower()
    assert again["Guanxi_Contact_Removed__c"] is False


def test_the_owner_stays_a_seller_and_follows_the_team_when_the_seller_leaves(crm, valves, world):
    yang = valves.person("Yang Lin")
    crm.join(valves.li["token"], valves.org_id, yang)
    world.seller(yang, valves.vendor)
    asker = valves.person("Tang Hui")
    valves.ask(asker, vendors_may_contact=True)
    assert valves.leads()[0]["OwnerId"] == valves.li["id"]  # the longest-standing seller on the team
    other = world.company(valves.li, "Li's Consulting", ["Consulting"])
    world.works_at(valves.li, other)  # Li no longer sells valves: an event for the team's intent leads
    crm.drain()
    [lead] = valves.leads()
    assert lead["OwnerId"] == yang["id"] and lead["Description"].endswith("Lead owner on Guanxi: Yang Lin.")


def test_another_organization_cannot_see_the_intent_leads(crm, valves, api):
    asker = valves.person("Kong Bo")
    valves.ask(asker, vendors_may_contact=True)
    rival = valves.person("Rival Seller")
    rival_org = crm.team(rival["token"], name="Rival Co")
    crm.enable(rival["token"], rival_org)
    crm.drain()
    for path in (f"/api/orgs/{valves.org_id}/crm/leads?source=request", f"/api/orgs/{valves.org_id}/crm/leads.csv"):
        assert api.call("GET", path, token=rival["token"]).status_code == 403
    assert crm.leads(rival["token"], rival_org) == []  # sells no valves: never told about the request
    assert asker["email"].lower() in api.call("GET", f"/api/orgs/{valves.org_id}/crm/leads.csv?source=request",
                                              token=valves.li["token"]).get_data(as_text=True)


def test_the_board_shows_the_source_and_filters_by_it(crm, valves, client):
    asker = valves.person("<i>Qian</i> Mei", consent=True, email=f"qian.{uuid.uuid4().hex[:8]}@example.com")
    crm.connect(valves.zhang, asker)
    valves.ask(asker, details="<script>alert(1)</script> DN50", vendors_may_contact=True)
    login(client, valves.zhang["email"])
    page = client.get(f"/orgs/{valves.org_id}/crm/leads?source=request").get_data(as_text=True)
    assert page.count('class="lead-source"') == 1 and "Guanxi Request<small>Industrial valves</small>" in page
    assert "Asked the network for Industrial valves: &lt;script&gt;alert(1)&lt;/script&gt; DN50." in page
    assert "<script>alert(1)" not in page and "&lt;i&gt;Qian&lt;/i&gt;" in page
    assert '<option value="request" selected>Request</option>' in page
    both = client.get(f"/orgs/{valves.org_id}/crm/leads").get_data(as_text=True)
    assert both.count('class="lead-source"') == 2 and "Guanxi Network" in both


def test_the_sellers_view_says_which_of_my_own_teams_already_has_the_asker_as_a_lead(crm, world, valves, client):
    asker = valves.person("Wang Fang")
    request = valves.ask(asker, details="ball valves", vendors_may_contact=True)
    [item] = [i for i in world.box(valves.li, "sellers") if i["id"] == request["id"]]
    assert item["team_leads"] == [{"org_id": valves.org_id, "org_name": "Valve Sales", "kind": "request",
                                   "status": "New", "board_url": f"/orgs/{valves.org_id}/crm/leads?source=request"}]
    # Another valve vendor's seller sees the request too, but nothing of a team they are not in.
    sun = valves.person("Sun Li")
    world.seller(sun, world.company(sun, "<b>Wenzhou</b> Valves", [VALVES]))
    [theirs] = [i for i in world.box(sun, "sellers") if i["id"] == request["id"]]
    assert theirs["team_leads"] == []
    login(client, valves.li["email"])
    page = client.get("/vendors/sellers").get_data(as_text=True)
    assert "Already a request lead of Valve Sales (New)" in page
    assert f'href="/orgs/{valves.org_id}/crm/leads?source=request"' in page
    login(client, sun["email"])
    assert "Already a" not in client.get("/vendors/sellers").get_data(as_text=True)


def test_an_unknown_source_is_a_400_naming_the_field(valves, api):
    response = api.call("GET", f"/api/orgs/{valves.org_id}/crm/leads?source=ads", token=valves.li["token"])
    assert response.status_code == 400 and "source" in response.get_json()["fields"]


@pytest.mark.parametrize("network_first", [True, False])
def test_hubspot_keeps_the_email_on_one_contact_whichever_lead_came_first(crm, valves, graph_db, network_first):
    asker = valves.person("Zheng Hao", consent=True)
    with FakeHubSpot() as hubspot:
        crm.enable(valves.li["token"], valves.org_id, [{"kind": "hubspot", "access_token": hubspot.token,
                                                        "base_url": hubspot.url}])
        steps = [lambda: crm.connect(valves.zhang, asker), lambda: valves.ask(asker, vendors_may_contact=True)]
        for step in steps if network_first else reversed(steps):
            step()
            crm.drain()
        network, intent = hubspot.by_guanxi_id(asker["id"]), hubspot.by_guanxi_id(f"{asker['id']}:request")
        assert network["email"] == asker["email"].lower() and intent["email"] == ""  # one contact per email
        assert intent["guanxi_warm_path"].startswith("Asked the network for Industrial valves")
        assert crm.status(valves.li["token"], valves.org_id, "hubspot")["totals"]["awaiting_review"] == 0

        crm.disconnect(valves.zhang, asker, graph_db)  # the network lead loses its details: the email moves
        crm.drain()
        network, intent = hubspot.by_guanxi_id(asker["id"]), hubspot.by_guanxi_id(f"{asker['id']}:request")
        assert network["email"] == "" and intent["email"] == asker["email"].lower()
        assert not hubspot.problems and len(hubspot.contacts) == 2


def test_a_withdrawal_whose_event_was_lost_still_strips_the_intent_lead(crm, valves, app):
    """Consent is read from the account row: even with its outbox event gone, no recompute keeps the email."""
    from sqlalchemy import delete

    from core.db import get_session
    from crm_sync.models import OutboxEvent

    asker = valves.person("Xu Na", consent=True)
    valves.ask(asker, vendors_may_contact=True)
    assert valves.leads()[0]["Email"] == asker["email"].lower()
    assert crm.api.call("PATCH", "/api/me", token=asker["token"], json={"crm_consent": False}).status_code == 200
    with app.app_context():
        session = get_session()
        session.execute(delete(OutboxEvent).where(OutboxEvent.done.is_(False)))  # the event never arrives
        session.commit()
    app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", valves.org_id])
    [lead] = valves.leads()
    assert lead["Email"] is None and lead["Guanxi_Contact_Removed__c"] is True
