"""Leads appear by consent, one per (org, person), and only the org's members see or change them."""
import base64

import pytest


def _sales_team(crm):
    li, li_token = crm.person("Li Wei", consent=False)
    zhang, _ = crm.person("Zhang Min", consent=False)
    org_id = crm.team(li_token, zhang)
    assert crm.enable(li_token, org_id).status_code == 200
    crm.drain()
    return li, li_token, zhang, org_id


def test_a_consenting_connection_becomes_one_lead_with_the_warm_path(crm):
    li, li_token, zhang, org_id = _sales_team(crm)
    buyer, _ = crm.person("Wang Fang", company="Sinopec Procurement", title="Procurement Manager", industry="Chemicals")
    crm.connect(li, buyer)
    crm.connect(zhang, buyer)
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    assert (lead["FirstName"], lead["LastName"], lead["Company"], lead["Title"]) == \
        ("Fang", "Wang", "Sinopec Procurement", "Procurement Manager")
    assert lead["Email"] == buyer["email"].lower() and lead["LeadSource"] == "Guanxi Network"
    assert lead["Status"] == "New" and lead["OwnerId"] == li["id"] and lead["Guanxi_Person_Id__c"] == buyer["id"]
    assert "Li Wei (lead owner) and Zhang Min (team)" in lead["Description"]
    assert lead["Guanxi_Known_By__c"] == "Li Wei; Zhang Min"


def test_no_consent_no_lead_and_giving_consent_later_makes_it(crm, api):
    li, li_token, _, org_id = _sales_team(crm)
    shy, shy_token = crm.person("Chen Lei", consent=False)
    crm.connect(li, shy)
    crm.drain()
    assert crm.leads(li_token, org_id) == []
    api.call("PATCH", "/api/me", token=shy_token, json={"crm_consent": True})
    crm.drain()
    assert [lead["LastName"] for lead in crm.leads(li_token, org_id)] == ["Chen"]


def test_withdrawing_consent_removes_contact_details(crm, api):
    li, li_token, _, org_id = _sales_team(crm)
    buyer, buyer_token = crm.person("Zhao Hui", title="Plant Engineer")
    crm.connect(li, buyer)
    crm.drain()
    api.call("PATCH", "/api/me", token=buyer_token, json={"crm_consent": False})
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    assert lead["Email"] is None and lead["FirstName"] is None and lead["Title"] is None
    assert lead["LastName"] == "[consent withdrawn]" and lead["Guanxi_Contact_Removed__c"] is True
    assert buyer["email"].lower() not in api.call("GET", f"/api/orgs/{org_id}/crm/leads.csv", token=li_token).get_data(as_text=True)


def test_the_first_member_who_connected_owns_the_lead_until_they_disconnect(crm, graph_db):
    li, li_token, zhang, org_id = _sales_team(crm)
    buyer, _ = crm.person("Liu Yan")
    crm.connect(zhang, buyer)
    crm.connect(li, buyer)
    crm.drain()
    assert [lead["OwnerId"] for lead in crm.leads(li_token, org_id)] == [zhang["id"]]
    crm.disconnect(zhang, buyer, graph_db)
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    assert lead["OwnerId"] == li["id"] and lead["Guanxi_Known_By__c"] == "Li Wei"


def test_replayed_events_never_duplicate_a_lead(crm):
    li, li_token, zhang, org_id = _sales_team(crm)
    buyer, _ = crm.person("Sun Jun")
    for _ in range(3):
        crm.connect(li, buyer)
    crm.drain()
    crm.connect(zhang, buyer)
    crm.drain()
    assert len(crm.leads(li_token, org_id)) == 1


def test_colleagues_are_not_leads_and_sync_off_makes_none(crm):
    li, li_token = crm.person("Li Wei")
    zhang, _ = crm.person("Zhang Min")
    org_id = crm.team(li_token, zhang)
    crm.connect(li, zhang)
    buyer, _ = crm.person("Xu Na")
    crm.connect(li, buyer)
    crm.drain()
    assert crm.leads(li_token, org_id) == []  # sync is off
    crm.enable(li_token, org_id)
    crm.drain()
    assert [lead["Guanxi_Person_Id__c"] for lead in crm.leads(li_token, org_id)] == [buyer["id"]]


def test_filter_search_status_and_csv(crm, api):
    li, li_token, zhang, org_id = _sales_team(crm)
    a, _ = crm.person("Huang Tao", company="Ningbo Flow Control")
    b, _ = crm.person("Zhou Xin", company="Qingdao Steel Supply")
    crm.connect(li, a)
    crm.connect(zhang, b)
    crm.drain()
    lead_a = crm.leads(li_token, org_id, q="ningbo")[0]
    assert lead_a["LastName"] == "Huang"
    response = api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_a['Id']}", token=li_token, json={"Status": "Working"})
    assert response.status_code == 200 and response.get_json()["Status"] == "Working"
    assert [lead["LastName"] for lead in crm.leads(li_token, org_id, status="Working")] == ["Huang"]
    assert [lead["LastName"] for lead in crm.leads(li_token, org_id, owner=zhang["id"])] == ["Zhou"]
    bad = api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_a['Id']}", token=li_token, json={"Status": "Won"})
    assert bad.status_code == 400 and "Status" in bad.get_json()["fields"]
    csv_text = api.call("GET", f"/api/orgs/{org_id}/crm/leads.csv", token=li_token).get_data(as_text=True)
    header, *rows = csv_text.removeprefix("\ufeff").strip().splitlines()
    assert header.startswith("Id,FirstName,LastName,Company,Title,Email,Phone,Industry,LeadSource,Status,OwnerId")
    assert len(rows) == 2 and "Qingdao Steel Supply" in csv_text


def test_pages_of_leads_follow_the_cursor(crm):
    li, li_token, _, org_id = _sales_team(crm)
    for i in range(5):
        buyer, _ = crm.person(f"Buyer Number{i}")
        crm.connect(li, buyer)
    crm.drain()
    first = crm.api.call("GET", f"/api/orgs/{org_id}/crm/leads", token=li_token, query_string={"limit": 3}).get_json()
    second = crm.leads(li_token, org_id, limit=3, cursor=first["next_cursor"])
    names = [lead["LastName"] for lead in first["items"] + second]
    assert len(first["items"]) == 3 and sorted(names) == [f"Number{i}" for i in range(5)]
    bad = crm.api.call("GET", f"/api/orgs/{org_id}/crm/leads", token=li_token, query_string={"cursor": "garbage"})
    assert bad.status_code == 400 and "cursor" in bad.get_json()["fields"]


@pytest.mark.parametrize("seq", ["9" * 30, "-" + "9" * 30])
def test_a_cursor_past_what_the_database_counts_is_a_bad_cursor(crm, seq):
    """Well-formed, but no SQL integer holds it: binding it failed the query (500) instead of saying "bad cursor"."""
    _, li_token, _, org_id = _sales_team(crm)
    cursor = base64.urlsafe_b64encode(f"lead:{seq}".encode()).decode()
    bad = crm.api.call("GET", f"/api/orgs/{org_id}/crm/leads", token=li_token, query_string={"cursor": cursor})
    assert bad.status_code == 400 and "cursor" in bad.get_json()["fields"]


def test_another_org_cannot_read_or_change_the_leads(crm, api):
    li, li_token, _, org_id = _sales_team(crm)
    buyer, _ = crm.person("Ma Qiang")
    crm.connect(li, buyer)
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    rival, rival_token = crm.person("Rival Seller")
    crm.team(rival_token, name="Rival Co")
    for method, path, body in [("GET", f"/api/orgs/{org_id}/crm/leads", None),
                               ("GET", f"/api/orgs/{org_id}/crm/leads.csv", None),
                               ("GET", f"/api/orgs/{org_id}/crm/status", None),
                               ("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}", {"Status": "Converted"}),
                               ("PUT", f"/api/orgs/{org_id}/crm", {"enabled": False})]:
        response = api.call(method, path, token=rival_token, json=body)
        assert response.status_code == 403, (method, path)
    assert crm.leads(li_token, org_id)[0]["Status"] == "New"
    assert api.call("GET", f"/api/orgs/{org_id}/crm/leads").status_code == 401


def test_members_see_leads_but_only_admins_change_settings(crm, api):
    li, li_token = crm.person("Li Wei")
    zhang, zhang_token = crm.person("Zhang Min")
    org_id = crm.team(li_token, zhang)
    assert crm.enable(zhang_token, org_id).status_code == 403
    assert crm.enable(li_token, org_id).status_code == 200
    assert api.call("GET", f"/api/orgs/{org_id}/crm/leads", token=zhang_token).status_code == 200
    assert api.call("GET", f"/api/orgs/{org_id}/crm", token=zhang_token).status_code == 403


def test_two_teams_knowing_the_same_buyer_each_get_their_own_lead(crm):
    li, li_token = crm.person("Li Wei")
    wu, wu_token = crm.person("Wu Xin")
    ours, theirs = crm.team(li_token, name="Ours"), crm.team(wu_token, name="Theirs")
    crm.enable(li_token, ours)
    crm.enable(wu_token, theirs)
    buyer, _ = crm.person("Gao Ping")
    crm.connect(li, buyer)
    crm.connect(wu, buyer)
    crm.drain()
    [mine], [their] = crm.leads(li_token, ours), crm.leads(wu_token, theirs)
    assert mine["Id"] != their["Id"] and (mine["OwnerId"], their["OwnerId"]) == (li["id"], wu["id"])
    assert crm.api.call("PATCH", f"/api/orgs/{ours}/crm/leads/{their['Id']}", token=li_token,
                        json={"Status": "Working"}).status_code == 404
