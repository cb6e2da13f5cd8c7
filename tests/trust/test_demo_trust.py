"""The demo shows verified trust: verified and unverified reviewers, several deliveries by one buyer, experts."""
import demo
from core.db import get_session
from core.extensions import graph


def test_demo_has_verified_reviews_deliveries_and_an_experts_endorsement(app, client):
    with app.app_context():
        assert demo.load(get_session(), graph) is True
    token = client.post("/api/auth/token", json={"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    flow = client.get("/api/companies/demo-company-2", headers=headers).json
    reviews = flow["reviews"]
    by_person: dict[str, list[dict]] = {}
    for review in reviews:
        by_person.setdefault(review["reviewer"]["id"], []).append(review)
    returning = next(rs for rs in by_person.values() if len(rs) == 3)
    assert all(r["reviewer_verified"] and r["quality"] for r in returning)
    assert any(not r["reviewer_verified"] for r in reviews)
    expert = client.get(f"/api/people/{returning[0]['reviewer']['id']}", headers=headers).json
    assert "Industrial valves" in expert["expert_in"]  # earned with three verified reviews
    [endorsement] = client.get("/api/companies/demo-company-1", headers=headers).json["endorsements"]
    assert endorsement["category"] == "Industrial valves" and endorsement["statement"]
    shortlist = client.get("/api/vendors/shortlist", query_string={"category": "Industrial valves"}, headers=headers).json
    valve_works = next(i for i in shortlist["items"] if i["company"]["id"] == "demo-company-1")
    assert valve_works["endorsements"] and any("expert" in r for r in valve_works["reasons"])
