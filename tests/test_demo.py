"""`flask demo load`: what a newcomer logs in to is there, and a second load changes nothing."""
import demo
from core.db import get_session
from core.extensions import graph


def test_demo_has_leads_of_both_kinds_and_loads_once(app, client):
    with app.app_context():
        assert demo.load(get_session(), graph) is True
    with app.app_context():
        assert demo.load(get_session(), graph) is False
    token = client.post("/api/auth/token", json={"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    orgs = {org["name"]: org for org in client.get("/api/orgs", headers=headers).json["items"]}
    team = orgs["Demo Sales Team"]
    leads = f"/api/orgs/{team['id']}/crm/leads"

    network = client.get(leads, query_string={"source": "network"}, headers=headers).json["items"]
    assert network and {lead["LeadSource"] for lead in network} == {"Guanxi Network"}
    [intent] = client.get(leads, query_string={"source": "request"}, headers=headers).json["items"]
    assert intent["LeadSource"] == "Guanxi Request" and intent["Email"]
    assert "Pumps" in intent["Description"]

    bad = client.get(leads, query_string={"source": "ads"}, headers=headers)
    assert bad.status_code == 400 and "network, request" in bad.json["fields"]["source"][0]

    # A claimed company's page with a valid certificate (its PDF downloads) and an expired one.
    valves = client.get("/api/companies/demo-company-1", headers=headers).json["certifications"]
    assert sorted(c["status"] for c in valves) == ["expired", "valid"]
    [pdf] = [c["document"] for c in valves if c["document"]]
    document = client.get(pdf["url"], headers=headers)
    assert document.status_code == 200 and document.data.startswith(b"%PDF-1.4") and len(document.data) == pdf["size"]

    # A buying team's project mid-way: two candidates from the shortlist, scores in from some members only.
    projects = {p["title"]: p for p in client.get("/api/sourcing", headers=headers).json["items"]}
    project = projects["Gate valves for the Tianjin expansion"]
    shown = client.get(f"/api/sourcing/{project['id']}", headers=headers).json
    assert shown["status"] == "open" and len(shown["candidates"]) == 2
    assert all(c["source"] == "shortlist" and c["not_scored_by"] for c in shown["candidates"])
    assert shown["candidates"][0]["disagreements"] == ["Technical"]
    # Its RFQ went to both candidates, and a seller of each quoted.
    quoted = sorted((c["company"]["name"], c["quote"]["price"]) for c in shown["candidates"] if c["quote"])
    assert quoted == [("Hangzhou Valve Works", "86400.00"), ("Ningbo Flow Control", "79900.00")]
    assert "rfq_sent" in [h["kind"] for h in shown["history"]]

    # A decided sourcing project of the demo user's buying team, its deal delivered, reviewed and paid on time.
    [deal] = client.get("/api/deals", headers=headers).json["items"]
    assert deal["vendor_company"]["id"] == "demo-company-2" and deal["delivered_on"] and deal["on_time"] is True
    decision = client.get(f"/api/sourcing/{deal['project_id']}", headers=headers).json["decision"]
    assert decision["status"] == "decided" and len(decision["approvals"]) == 2 and decision["deal_id"] == deal["id"]
    reviews = client.get("/api/companies/demo-company-2", headers=headers).json["reviews"]
    assert [r["verified_delivery"] for r in reviews if r["deal_id"] == deal["id"]] == [True]
