"""Opportunities reach Salesforce, HubSpot and webhooks through the outbox: real request shapes, retries that never
duplicate, each version delivered once."""
from tests.crm.fake_crms import FakeHubSpotPipeline, FakeSalesforcePipeline, FakeWebhookPipeline


def _team(crm, targets):
    li, token = crm.person("Li Wei", consent=False)
    zhang, _ = crm.person("Zhang Min", consent=False)
    org_id = crm.team(token, zhang)
    assert crm.enable(token, org_id, targets).status_code == 200
    buyer, _ = crm.person("Wang Fang", company="Sinopec Procurement")
    crm.connect(li, buyer)
    crm.drain()  # the lead goes out first
    [lead] = crm.leads(token, org_id)
    return token, org_id, lead


def _convert(api, token, org_id, lead, **body):
    response = api.call("POST", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}/convert", token=token,
                        json={"Amount": 80000, "CloseDate": "2027-02-28", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _stage(api, token, org_id, opp, stage):
    return api.call("PATCH", f"/api/orgs/{org_id}/crm/opportunities/{opp['Id']}", token=token, json={"StageName": stage})


def test_salesforce_upserts_the_opportunity_by_its_external_id_and_a_500_is_retried_once(crm, api):
    with FakeSalesforcePipeline() as sf:
        token, org_id, lead = _team(crm, [{"kind": "salesforce", "access_token": sf.token, "instance_url": sf.url}])
        opp = _convert(api, token, org_id, lead)
        sf.plan = [500]
        crm.drain()
        assert opp["Id"] not in sf.opportunities  # the 500: kept, target backs off
        crm.drain(later=60)
        record = sf.opportunities[opp["Id"]]
        assert (record["Name"], record["StageName"], record["Amount"], record["CloseDate"], record["Probability"]) == \
            (opp["Name"], "Prospecting", 80000.0, "2027-02-28", 10)
        assert record["Guanxi_Lead_Id__c"] == lead["Id"] and sf.sent[opp["Id"]] == 1
        _stage(api, token, org_id, opp, "Closed Won")
        _stage(api, token, org_id, opp, "Closed Lost")  # two changes before the worker runs: the latest goes, once
        crm.drain(later=120)
        crm.drain(later=180)
        assert sf.opportunities[opp["Id"]]["StageName"] == "Closed Lost" and sf.sent[opp["Id"]] == 2
        assert len(sf.opportunities) == 1 and not sf.problems
        assert any(c["path"].endswith("/Opportunity/Guanxi_Opportunity_Id__c") and c["method"] == "PATCH" for c in sf.calls)


def test_hubspot_upserts_the_deal_and_associates_it_with_the_leads_contact_after_a_429(crm, api):
    with FakeHubSpotPipeline() as hubspot:
        token, org_id, lead = _team(crm, [{"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url}])
        contact_id = hubspot.by_id[lead["Guanxi_Person_Id__c"]]
        opp = _convert(api, token, org_id, lead)
        hubspot.plan = [(429, {"Retry-After": "1"})]
        crm.drain()
        assert not hubspot.deals
        crm.drain(later=30)
        deal_id = hubspot.deal_by_id[opp["Id"]]
        deal = hubspot.deals[deal_id]
        assert (deal["dealname"], deal["dealstage"], deal["amount"], deal["closedate"], deal["pipeline"]) == \
            (opp["Name"], "appointmentscheduled", "80000.00", "2027-02-28", "default")
        assert hubspot.associations == {(deal_id, contact_id)} and hubspot.sent[opp["Id"]] == 1
        _stage(api, token, org_id, opp, "Negotiation/Review")
        crm.drain(later=60)
        assert hubspot.deals[deal_id]["dealstage"] == "contractsent" and len(hubspot.deals) == 1
        assert hubspot.sent[opp["Id"]] == 2 and not hubspot.problems


def test_the_webhook_receives_signed_opportunities_with_stable_delivery_ids(crm, api):
    with FakeWebhookPipeline() as hook:
        token, org_id, lead = _team(crm, [{"kind": "webhook", "url": hook.url, "secret": hook.secret}])
        opp = _convert(api, token, org_id, lead)
        hook.plan = [503]
        crm.drain()
        crm.drain(later=60)
        received = hook.opportunities[opp["Id"]]
        assert received["StageName"] == "Prospecting" and received["delivery_id"] == f"{opp['Id']}:v1"
        assert received["Guanxi_Lead_Id__c"] == lead["Id"] and hook.sent[opp["Id"]] == 1 and not hook.problems
        crm.drain(later=120)
        assert hook.sent[opp["Id"]] == 1  # nothing new: nothing sent again


def test_a_target_added_later_receives_the_existing_opportunities(crm, api):
    token, org_id, lead = _team(crm, [])
    opp = _convert(api, token, org_id, lead)
    crm.drain()
    with FakeSalesforcePipeline() as sf:
        assert crm.enable(token, org_id, [{"kind": "salesforce", "access_token": sf.token, "instance_url": sf.url}]).status_code == 200
        crm.drain()
        assert sf.sent[opp["Id"]] == 1 and sf.sent[lead["Guanxi_Person_Id__c"]] == 1 and not sf.problems
