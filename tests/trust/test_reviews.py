"""Reviews per delivery: history kept, who may write one, verified reviewers and deliveries, moderation's hooks."""
from datetime import date

import pytest

from core.extensions import graph as graph_store
from trust import reviews, scoring
from trust.review_repository import review_by_id
from tests.trust.trust_graph import administers, deal, verified_employee

VALVES = "Industrial valves"


@pytest.fixture
def scene(world):
    asker, buyer, seller = world.person("Asker Li"), world.person("Buyer Ma"), world.person("Seller Sun")
    world.connect((asker, buyer))
    vendor = world.company(seller, "Hangzhou Valve Works", [VALVES, "Pumps"])
    employer = world.company(buyer, "Sinopec Procurement", ["Chemicals"])
    return {"asker": asker, "buyer": buyer, "seller": seller, "vendor": vendor, "employer": employer}


def page_of(world, person, company):
    response = world.api.call("GET", f"/api/companies/{company['id']}", token=person["token"])
    assert response.status_code == 200
    return response.get_json()


def test_each_delivery_is_its_own_review_and_the_history_is_kept(world, scene):
    buyer, vendor = scene["buyer"], scene["vendor"]
    first = world.review(buyer, vendor, VALVES, 2, comment="late", delivered_on="2025-11-02", quality=3, delivery=1)
    second = world.review(buyer, vendor, "industrial VALVES", 5, comment="fixed it", delivered_on="2026-01-15",
                          quality=5, delivery=5, service=4)
    assert first.status_code == 201 and second.status_code == 201
    assert first.get_json()["id"] != second.get_json()["id"]
    assert second.get_json()["reviewer"]["id"] == buyer["id"] and second.get_json()["hidden"] is False

    listed = page_of(world, scene["asker"], vendor)["reviews"]
    assert [(r["rating"], r["quality"], r["delivery"], r["service"], r["comment"]) for r in listed] == [
        (5, 5, 5, 4, "fixed it"), (2, 3, 1, None, "late")]  # newest first
    assert all(r["reviewer_verified"] is False and r["verified_delivery"] is False for r in listed)

    [item] = world.shortlist(scene["asker"], VALVES)
    assert sorted((e["rating"], e["on"]) for e in item["evidence"]) == [(2, "2025-11-02"), (5, "2026-01-15")]
    assert item["evidence_count"] == 2
    assert "Buyer Ma (1st) rated 3.5/5 over 2 deliveries, the latest 2026-01" in item["reasons"]
    # One person, one voice: two deliveries weigh what one unverified 1st-degree review does.
    one_voice = 0.5 * scoring.recency(date(2026, 1, 15), date.today())
    assert sum(e["weight"] for e in item["evidence"]) == pytest.approx(one_voice, abs=1e-3)


def test_a_repeated_client_key_is_one_review(world, scene):
    buyer, vendor = scene["buyer"], scene["vendor"]
    first = world.review(buyer, vendor, VALVES, 4, client_key="form-0001-abcd")
    again = world.review(buyer, vendor, VALVES, 4, client_key="form-0001-abcd")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(page_of(world, buyer, vendor)["reviews"]) == 1


def test_the_companys_staff_of_any_kind_get_403(world, scene, graph_db):
    declared, verified, admin = (world.person(n) for n in ("Declared Hu", "Verified Xu", "Admin Zhao"))
    world.works_at(declared, scene["vendor"])
    verified_employee(graph_db, verified, scene["vendor"])
    administers(graph_db, admin, scene["vendor"])
    for person in (declared, verified, admin):
        response = world.review(person, scene["vendor"], VALVES, 5)
        assert response.status_code == 403 and "company_id" in response.get_json()["fields"]
    assert page_of(world, scene["asker"], scene["vendor"])["reviews"] == []


def test_a_verified_reviewer_is_stored_with_the_review_and_weighs_more(world, scene, graph_db):
    stranger, rival = world.person("Verified Wang"), world.person("Unverified Zhou")
    verified_employee(graph_db, stranger, scene["employer"])
    other = world.company(scene["seller"], "Ningbo Flow Control", [VALVES])
    assert world.review(stranger, other, VALVES, 5).get_json()["reviewer_verified"] is True
    assert world.review(rival, scene["vendor"], VALVES, 5).get_json()["reviewer_verified"] is False

    items = world.shortlist(scene["asker"], VALVES)
    assert [i["company"]["name"] for i in items] == ["Ningbo Flow Control", "Hangzhou Valve Works"]
    assert items[0]["evidence"][0]["verified"] is True and items[1]["evidence"][0]["verified"] is False
    assert "1 verified buyer rated them 5.0 on average" in items[0]["reasons"]
    assert "1 reviewer without a verified employer counts half" in items[1]["reasons"]
    assert items[0]["evidence"][0]["weight"] == pytest.approx(2 * items[1]["evidence"][0]["weight"], rel=1e-3)

    graph_db.execute_query("MATCH (:Person {id: $id})-[w:WORKS_AT]->() SET w.to = date()", id=stranger["id"])
    [review] = page_of(world, scene["asker"], other)["reviews"]
    assert review["reviewer_verified"] is True  # as it was when written


def test_a_deal_id_must_be_a_delivered_deal_of_the_reviewers_org(world, scene, graph_db):
    buyer, vendor = scene["buyer"], scene["vendor"]
    unknown = world.review(buyer, vendor, VALVES, 4, deal_id="no-such-deal")
    assert unknown.status_code == 400 and "deal_id" in unknown.get_json()["fields"]
    deal(graph_db, buyer, vendor, "deal-open", delivered=False)
    deal(graph_db, scene["asker"], vendor, "deal-theirs", org_id="org-2")
    deal(graph_db, buyer, vendor, "deal-done")
    for deal_id in ("deal-open", "deal-theirs"):
        refused = world.review(buyer, vendor, VALVES, 4, deal_id=deal_id)
        assert refused.status_code == 400 and "deal_id" in refused.get_json()["fields"], deal_id

    accepted = world.review(buyer, vendor, VALVES, 4, deal_id="deal-done")
    assert accepted.status_code == 201
    assert (accepted.get_json()["verified_delivery"], accepted.get_json()["deal_id"]) == (True, "deal-done")
    [item] = world.shortlist(scene["asker"], VALVES)
    assert "1 delivery verified" in item["reasons"] and item["evidence"][0]["verified_delivery"] is True


@pytest.mark.parametrize("body, field", [
    ({"quality": 0}, "quality"), ({"delivery": 6}, "delivery"), ({"service": 2.5}, "service"),
    ({"service": "good"}, "service"), ({"deal_id": "x" * 65}, "deal_id"), ({"client_key": "short"}, "client_key"),
])
def test_bad_sub_ratings_and_keys_name_the_field(world, scene, body, field):
    response = world.review(scene["buyer"], scene["vendor"], VALVES, 4, **body)
    assert response.status_code == 400 and field in response.get_json()["fields"]


def test_hidden_reviews_are_listed_to_their_writer_only_and_count_nowhere(world, scene):
    buyer, vendor = scene["buyer"], scene["vendor"]
    review_id = world.review(buyer, vendor, VALVES, 1, comment="spam").get_json()["id"]
    found = review_by_id(graph_store, review_id)  # what replies and moderation build on
    assert {k: found[k] for k in ("id", "company_id", "category", "reviewer_id", "hidden")} == {
        "id": review_id, "company_id": vendor["id"], "category": VALVES, "reviewer_id": buyer["id"], "hidden": False}
    hidden = reviews.set_review_hidden(graph_store, review_id, True, "spam")
    assert hidden["hidden"] is True

    assert page_of(world, scene["asker"], vendor)["reviews"] == []
    [mine] = page_of(world, buyer, vendor)["reviews"]
    assert mine["hidden"] is True and mine["counted"] is False
    assert world.shortlist(scene["asker"], VALVES) == []
    supplies = graph_store.read("MATCH (:Company {id: $id})-[s:SUPPLIES]->(:Category {key: 'industrial valves'}) "
                                "RETURN s.reviews AS reviews", id=vendor["id"])
    assert supplies == [{"reviews": 0}]

    reviews.set_review_hidden(graph_store, review_id, False)
    assert [r["comment"] for r in page_of(world, scene["asker"], vendor)["reviews"]] == ["spam"]
    assert len(world.shortlist(scene["asker"], VALVES)) == 1
    with pytest.raises(Exception, match="No such review"):
        reviews.set_review_hidden(graph_store, "nope", True, "x")


def test_the_stored_sums_are_what_the_formula_says(world, scene, graph_db):
    """repository.AGGREGATE (Cypher) and scoring.aggregate_of (Python) agree on every kind of evidence."""
    vendor, verified, plain = scene["vendor"], world.person("Verified Wang"), world.person("Plain Zhou")
    verified_employee(graph_db, verified, scene["employer"])
    deal(graph_db, verified, vendor, "deal-1")
    world.review(verified, vendor, VALVES, 5, delivered_on="2026-01-10", deal_id="deal-1")
    world.review(verified, vendor, VALVES, 3, delivered_on="2025-06-01")
    world.review(plain, vendor, VALVES, 4, delivered_on="2025-09-09")
    recommender = world.person("Rec Sun")  # experienced in valves through another vendor, so the request reaches them
    world.connect((scene["asker"], recommender))
    world.review(recommender, world.company(scene["seller"], "Other Valves", [VALVES]), VALVES, 4)
    request = world.ask(scene["asker"], VALVES).get_json()
    assert world.answer(recommender, request["id"], vendor).status_code == 201
    [stored] = graph_store.read("MATCH (:Company {id: $id})-[s:SUPPLIES]->(:Category {key: 'industrial valves'}) "
                                "RETURN properties(s) AS s", id=vendor["id"])
    today = date.today()
    twin = scoring.aggregate_of([
        scoring.Evidence(vendor["id"], "v", "review", 5, date(2026, 1, 10), None, verified=True, verified_delivery=True),
        scoring.Evidence(vendor["id"], "v", "review", 3, date(2025, 6, 1), None, verified=True),
        scoring.Evidence(vendor["id"], "p", "review", 4, date(2025, 9, 9), None),
        scoring.Evidence(vendor["id"], "b", "recommendation", None, today, None)])[0]
    assert {k: pytest.approx(v) for k, v in twin.__dict__.items() if k != "company_id"} == {
        k: stored["s"][k] for k in twin.__dict__ if k != "company_id"}
