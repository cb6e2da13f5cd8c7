"""Experts (earned with verified reviews, or granted on the command line) and their endorsements."""
import pytest

from core.extensions import graph as graph_store
from trust import reviews
from tests.conftest import DOWN_NEO4J_URI, Api, make_app
from tests.trust.trust_graph import administers, verified_employee

VALVES = "Industrial valves"


@pytest.fixture
def scene(world, graph_db):
    asker, seller = world.person("Asker Li"), world.person("Seller Sun")
    vendors = [world.company(seller, f"Valve Maker {i}", [VALVES]) for i in range(3)]
    employer = world.company(seller, "Sinopec Procurement", ["Chemicals"])
    return {"asker": asker, "seller": seller, "vendors": vendors, "employer": employer, "graph_db": graph_db}


def expert_in(world, viewer, person):
    response = world.api.call("GET", f"/api/people/{person['id']}", token=viewer["token"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()["expert_in"]


def endorse(world, person, company, category=VALVES, statement="Audited their foundry."):
    return world.api.call("POST", f"/api/companies/{company['id']}/endorsements", token=person["token"],
                          json={"category": category, "statement": statement})


def test_three_visible_reviews_by_a_verified_reviewer_make_an_expert(world, scene):
    verified, unverified = world.person("Verified Wang"), world.person("Unverified Zhou")
    verified_employee(scene["graph_db"], verified, scene["employer"])
    ids = [world.review(verified, vendor, VALVES, 4).get_json()["id"] for vendor in scene["vendors"][:2]]
    for vendor in scene["vendors"]:
        world.review(unverified, vendor, VALVES, 4)
    assert expert_in(world, scene["asker"], verified) == [] and expert_in(world, scene["asker"], unverified) == []
    world.review(verified, scene["vendors"][2], "industrial VALVES", 5)
    assert expert_in(world, scene["asker"], verified) == [VALVES]
    reviews.set_review_hidden(graph_store, ids[0], True, "not a real delivery")
    assert expert_in(world, scene["asker"], verified) == []  # hidden reviews count nowhere


def test_platform_admins_grant_and_revoke_expertise_on_the_command_line(app, world, scene):
    person = world.person("Granted Chen")
    runner = app.test_cli_runner()
    granted = runner.invoke(args=["admin", "expert", "grant", person["email"].upper(), "  industrial   VALVES "])
    assert granted.exit_code == 0, granted.output
    assert f"{person['name']} is now an expert in {VALVES}" in granted.output
    assert expert_in(world, scene["asker"], person) == [VALVES]
    grant = graph_store.read("MATCH (:Person {id: $id})-[g:EXPERT_IN]->(k:Category) RETURN g.granted_by AS by, k.key AS key",
                             id=person["id"])
    assert grant == [{"by": "cli", "key": "industrial valves"}]

    revoked = runner.invoke(args=["admin", "expert", "revoke", person["email"], VALVES])
    assert revoked.exit_code == 0, revoked.output
    assert expert_in(world, scene["asker"], person) == []
    again = runner.invoke(args=["admin", "expert", "revoke", person["email"], VALVES])
    assert again.exit_code != 0 and "had no granted expertise" in again.output
    unknown = runner.invoke(args=["admin", "expert", "grant", "nobody@example.com", VALVES])
    assert unknown.exit_code != 0 and "No account with the email nobody@example.com" in unknown.output
    empty = runner.invoke(args=["admin", "expert", "grant", person["email"], "   "])
    assert empty.exit_code != 0


def test_only_experts_who_are_not_its_staff_endorse_a_vendor(app, world, scene):
    expert, insider, layman = world.person("Expert Chen"), world.person("Insider Hu"), world.person("Layman Wu")
    vendor = scene["vendors"][0]
    runner = app.test_cli_runner()
    for person in (expert, insider):
        assert runner.invoke(args=["admin", "expert", "grant", person["email"], VALVES]).exit_code == 0
    administers(scene["graph_db"], insider, vendor)

    assert endorse(world, layman, vendor).status_code == 403
    refused = endorse(world, insider, vendor)
    assert refused.status_code == 403 and "company_id" in refused.get_json()["fields"]
    assert endorse(world, expert, vendor, category="Pumps").status_code == 400  # not a category it supplies
    assert endorse(world, expert, vendor, statement="  ").status_code == 400
    assert endorse(world, expert, {"id": "nope"}).status_code == 404

    first = endorse(world, expert, vendor)
    assert first.status_code == 201 and first.get_json()["replaced"] is False
    second = endorse(world, expert, vendor, statement="Second audit: still excellent.")
    assert second.status_code == 201 and second.get_json()["replaced"] is True
    assert second.get_json()["id"] == first.get_json()["id"]
    page = world.api.call("GET", f"/api/companies/{vendor['id']}", token=scene["asker"]["token"]).get_json()
    assert [(e["by"]["name"], e["category"], e["statement"]) for e in page["endorsements"]] == [
        ("Expert Chen", VALVES, "Second audit: still excellent.")]


def test_an_endorsement_is_shortlist_evidence_with_its_own_weight(app, world, scene):
    expert, buyer = world.person("Expert Chen"), world.person("Buyer Ma")
    endorsed, reviewed = scene["vendors"][:2]
    assert app.test_cli_runner().invoke(args=["admin", "expert", "grant", expert["email"], VALVES]).exit_code == 0
    assert endorse(world, expert, endorsed).status_code == 201
    world.review(buyer, reviewed, VALVES, 5)  # an unverified stranger's 5/5 weighs less than an expert's word

    items = world.shortlist(scene["asker"], VALVES)
    assert [i["company"]["name"] for i in items] == ["Valve Maker 0", "Valve Maker 1"]
    top = items[0]
    assert [(e["kind"], e["verified"], e["rating"]) for e in top["evidence"]] == [("endorsement", True, None)]
    assert top["endorsements"] == [{"by": {k: expert[k] for k in top["endorsements"][0]["by"]},
                                    "statement": "Audited their foundry.", "category": VALVES,
                                    "on": top["endorsements"][0]["on"]}]
    assert f"endorsed by an expert in {VALVES}" in top["reasons"]
    assert top["evidence"][0]["weight"] == pytest.approx(3 * items[1]["evidence"][0]["weight"], rel=1e-3)


def test_endorsements_need_a_login_and_answer_503_without_the_graph(client, db_url):
    assert client.post("/api/companies/x/endorsements", json={}).status_code == 401
    down = make_app(db_url, DOWN_NEO4J_URI)
    try:
        api = Api(down.test_client())
        _user, token = api.user_with_token("Offline Li")
        response = api.call("POST", "/api/companies/x/endorsements", token=token,
                            json={"category": VALVES, "statement": "Good."})
        assert response.status_code == 503
    finally:
        graph_store.close()
