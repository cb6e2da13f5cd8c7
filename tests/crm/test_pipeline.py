"""From lead to deal: convert, stages, owners only from the team, activities, archive, other orgs see nothing."""
import pytest


def _team_with_lead(crm):
    li, li_token = crm.person("Li Wei", consent=False)
    zhang, zhang_token = crm.person("Zhang Min", consent=False)
    org_id = crm.team(li_token, zhang)
    assert crm.enable(li_token, org_id).status_code == 200
    buyer, _ = crm.person("Wang Fang", company="Sinopec Procurement")
    crm.connect(li, buyer)
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    return {"li": li, "li_token": li_token, "zhang": zhang, "zhang_token": zhang_token, "org_id": org_id, "lead": lead}


def _convert(api, t, **body):
    return api.call("POST", f"/api/orgs/{t['org_id']}/crm/leads/{t['lead']['Id']}/convert", token=t["li_token"], json=body)


def test_converting_a_lead_makes_one_opportunity_and_marks_the_lead_converted(crm, api):
    t = _team_with_lead(crm)
    response = _convert(api, t, Amount=125000.5, CloseDate="2027-03-31")
    assert response.status_code == 201, response.get_json()
    opp = response.get_json()
    assert opp["StageName"] == "Prospecting" and opp["Probability"] == 10 and opp["Amount"] == 125000.5
    assert opp["CloseDate"] == "2027-03-31" and opp["OwnerId"] == t["li"]["id"]
    assert opp["Guanxi_Lead_Id__c"] == t["lead"]["Id"] and opp["Name"].startswith("Sinopec Procurement")
    assert crm.leads(t["li_token"], t["org_id"])[0]["Status"] == "Converted"
    again = _convert(api, t)
    assert again.status_code == 409 and opp["Id"] in again.get_json()["message"]
    listed = api.call("GET", f"/api/orgs/{t['org_id']}/crm/opportunities", token=t["zhang_token"]).get_json()
    assert [o["Id"] for o in listed["items"]] == [opp["Id"]] and listed["next_cursor"] is None


def test_stages_move_the_probability_unless_it_is_given(crm, api):
    t = _team_with_lead(crm)
    opp = _convert(api, t).get_json()
    url = f"/api/orgs/{t['org_id']}/crm/opportunities/{opp['Id']}"
    moved = api.call("PATCH", url, token=t["zhang_token"], json={"StageName": "Negotiation/Review"}).get_json()
    assert (moved["StageName"], moved["Probability"]) == ("Negotiation/Review", 90)
    moved = api.call("PATCH", url, token=t["li_token"], json={"StageName": "Proposal/Price Quote", "Probability": 40}).get_json()
    assert (moved["StageName"], moved["Probability"]) == ("Proposal/Price Quote", 40)
    won = api.call("PATCH", url, token=t["li_token"], json={"StageName": "Closed Won"}).get_json()
    assert won["Probability"] == 100 and won["IsWon"] is True
    by_stage = api.call("GET", f"/api/orgs/{t['org_id']}/crm/opportunities", token=t["li_token"],
                        query_string={"StageName": "Closed Lost"}).get_json()
    assert by_stage["items"] == []
    by_owner = api.call("GET", f"/api/orgs/{t['org_id']}/crm/opportunities", token=t["li_token"],
                        query_string={"OwnerId": t["li"]["id"]}).get_json()
    assert [o["Id"] for o in by_owner["items"]] == [opp["Id"]]


@pytest.mark.parametrize("body, field", [({"StageName": "Won"}, "StageName"), ({"Amount": "lots"}, "Amount"),
                                          ({"CloseDate": "31/03/2027"}, "CloseDate"), ({"Probability": 101}, "Probability"),
                                          ({}, "_schema")])
def test_bad_opportunity_input_is_a_400_naming_the_field(crm, api, body, field):
    t = _team_with_lead(crm)
    opp = _convert(api, t).get_json()
    response = api.call("PATCH", f"/api/orgs/{t['org_id']}/crm/opportunities/{opp['Id']}", token=t["li_token"], json=body)
    assert response.status_code == 400 and field in response.get_json()["fields"]


def test_owner_is_reassigned_only_to_a_member_and_survives_the_recompute(crm, api):
    t = _team_with_lead(crm)
    outsider, _ = crm.person("Chen Lei")
    url = f"/api/orgs/{t['org_id']}/crm/leads/{t['lead']['Id']}"
    bad = api.call("PATCH", url, token=t["li_token"], json={"OwnerId": outsider["id"]})
    assert bad.status_code == 400 and "OwnerId" in bad.get_json()["fields"]
    ok = api.call("PATCH", url, token=t["li_token"], json={"OwnerId": t["zhang"]["id"]})
    assert ok.status_code == 200 and ok.get_json()["OwnerId"] == t["zhang"]["id"]
    api.call("POST", f"/api/orgs/{t['org_id']}/crm/retry", token=t["li_token"])
    crm.enable(t["li_token"], t["org_id"], enabled=False)
    crm.enable(t["li_token"], t["org_id"])  # turning sync on again recomputes every lead from the graph
    crm.drain()
    assert crm.leads(t["li_token"], t["org_id"])[0]["OwnerId"] == t["zhang"]["id"]


def test_activities_on_a_lead_and_its_opportunity_and_tasks_ticked(crm, api):
    t = _team_with_lead(crm)
    base = f"/api/orgs/{t['org_id']}/crm/leads/{t['lead']['Id']}/activities"
    note = api.call("POST", base, token=t["li_token"], json={"type": "note", "body": "Met at the Hannover fair."})
    assert note.status_code == 201 and note.get_json()["author_id"] == t["li"]["id"]
    task = api.call("POST", base, token=t["zhang_token"], json={"type": "task", "body": "Send the DN50 quote", "due_on": "2027-01-15"})
    assert task.status_code == 201 and task.get_json()["done"] is False
    opp = _convert(api, t).get_json()
    call = api.call("POST", f"/api/orgs/{t['org_id']}/crm/opportunities/{opp['Id']}/activities", token=t["li_token"],
                    json={"type": "call", "body": "Budget confirmed."})
    assert call.status_code == 201
    listed = api.call("GET", base, token=t["li_token"]).get_json()["items"]
    assert [a["type"] for a in listed] == ["call", "task", "note"]
    tick = f"/api/orgs/{t['org_id']}/crm/activities/{task.get_json()['id']}"
    assert api.call("PATCH", tick, token=t["li_token"], json={"done": True}).get_json()["done"] is True
    assert api.call("PATCH", tick, token=t["li_token"], json={"done": False}).get_json()["done"] is False
    not_a_task = api.call("PATCH", f"/api/orgs/{t['org_id']}/crm/activities/{note.get_json()['id']}", token=t["li_token"],
                          json={"done": True})
    assert not_a_task.status_code == 400 and "done" in not_a_task.get_json()["fields"]
    for body, field in (({"type": "meeting", "body": "x"}, "type"), ({"type": "note"}, "body"),
                        ({"type": "note", "body": "x", "due_on": "2027-01-01"}, "due_on"),
                        ({"type": "task", "body": "x", "due_on": "soon"}, "due_on")):
        bad = api.call("POST", base, token=t["li_token"], json=body)
        assert bad.status_code == 400 and field in bad.get_json()["fields"], body


def test_archived_leads_leave_the_board_until_asked_for(crm, api):
    t = _team_with_lead(crm)
    url = f"/api/orgs/{t['org_id']}/crm/leads/{t['lead']['Id']}"
    archived = api.call("PATCH", url, token=t["li_token"], json={"Archived": True})
    assert archived.status_code == 200 and archived.get_json()["Archived"] is True
    assert crm.leads(t["li_token"], t["org_id"]) == []
    assert [lead["Id"] for lead in crm.leads(t["li_token"], t["org_id"], archived=1)] == [t["lead"]["Id"]]
    api.call("PATCH", url, token=t["li_token"], json={"Archived": False})
    assert len(crm.leads(t["li_token"], t["org_id"])) == 1


def test_another_org_sees_and_changes_nothing(crm, api):
    t = _team_with_lead(crm)
    opp = _convert(api, t).get_json()
    other, other_token = crm.person("Zhou Jie")
    other_org = crm.team(other_token, name="Pump Sales")
    org = t["org_id"]
    for method, path, body in (
            ("GET", f"/api/orgs/{org}/crm/opportunities", None),
            ("PATCH", f"/api/orgs/{org}/crm/opportunities/{opp['Id']}", {"StageName": "Closed Lost"}),
            ("POST", f"/api/orgs/{org}/crm/leads/{t['lead']['Id']}/activities", {"type": "note", "body": "hi"}),
            ("GET", f"/api/orgs/{org}/crm/leads/{t['lead']['Id']}/activities", None),
            ("POST", f"/api/orgs/{org}/crm/leads/{t['lead']['Id']}/convert", {}),
            # their own org, our ids:
            ("PATCH", f"/api/orgs/{other_org}/crm/opportunities/{opp['Id']}", {"StageName": "Closed Lost"}),
            ("POST", f"/api/orgs/{other_org}/crm/leads/{t['lead']['Id']}/convert", {}),
            ("GET", f"/api/orgs/{other_org}/crm/leads/{t['lead']['Id']}/activities", None)):
        response = api.call(method, path, token=other_token, json=body)
        assert response.status_code == 404, (method, path, response.status_code)
    patched = api.call("PATCH", f"/api/orgs/{org}/crm/leads/{t['lead']['Id']}", token=other_token, json={"OwnerId": other["id"]})
    assert patched.status_code in (403, 404)
    assert api.call("GET", f"/api/orgs/{org}/crm/opportunities/{opp['Id']}", token=t["li_token"]).get_json()["StageName"] == "Prospecting"


def test_the_opportunity_changed_signal_carries_the_record(crm, api, app):
    from crm_sync import signals
    heard = []

    def receiver(_sender, session, org_id, opportunity, change, **_kw):
        heard.append((org_id, opportunity["Id"], change, session is not None))

    signals.opportunity_changed.connect(receiver)
    try:
        t = _team_with_lead(crm)
        opp = _convert(api, t).get_json()
        api.call("PATCH", f"/api/orgs/{t['org_id']}/crm/opportunities/{opp['Id']}", token=t["li_token"], json={"Amount": 10})
    finally:
        signals.opportunity_changed.disconnect(receiver)
    assert heard == [(t["org_id"], opp["Id"], "created", True), (t["org_id"], opp["Id"], "updated", True)]
