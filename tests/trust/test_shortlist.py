"""The shortlist through the API and the service: degree weighting, smoothing, conflicts, case-insensitivity."""
from datetime import date, timedelta

from core.extensions import graph as graph_store
from network import service as network
from trust import service

LAST_MONTH = (date.today() - timedelta(days=30)).isoformat()


def test_closer_evidence_outranks_farther_evidence_of_equal_rating(world):
    asker, first, second, third, stranger = (world.person(n) for n in
                                            ("Asker Li", "Wang Fang", "Second Chen", "Third Zhao", "Stranger Wu"))
    world.connect((asker, first), (first, second), (second, third))
    seller = world.person("Seller Sun")
    vendors = {who: world.company(seller, f"Valves by {who}", ["Industrial valves"])
               for who in ("first", "second", "third", "stranger")}
    for who, person in (("first", first), ("second", second), ("third", third), ("stranger", stranger)):
        assert world.review(person, vendors[who], "Industrial valves", 5, delivered_on=LAST_MONTH).status_code == 201

    items = world.shortlist(asker, "Industrial valves")
    names = [i["company"]["name"] for i in items]
    assert names[:2] == ["Valves by first", "Valves by second"]
    assert set(names[2:]) == {"Valves by third", "Valves by stranger"}
    assert items[0]["score"] > items[1]["score"] > items[2]["score"]
    degrees = {i["company"]["name"]: i["evidence"][0]["degree"] for i in items}
    assert degrees == {"Valves by first": 1, "Valves by second": 2, "Valves by third": 3, "Valves by stranger": None}
    top = items[0]
    assert top["evidence"][0] == {"kind": "review", "by": {k: first[k] for k in top["evidence"][0]["by"]},
                                  "degree": 1, "rating": 5, "on": LAST_MONTH, "weight": top["evidence"][0]["weight"],
                                  "verified": False, "verified_delivery": False}
    assert f"Wang Fang (1st) rated 5/5, delivered {LAST_MONTH[:7]}" in top["reasons"]
    assert "email" not in top["evidence"][0]["by"]


def test_the_limit_caps_the_list(world):
    asker, reviewer, seller = world.person("Asker Li"), world.person("Reviewer Ma"), world.person("Seller Sun")
    for i in range(4):
        world.review(reviewer, world.company(seller, f"Pump Co {i}", ["Pumps"]), "Pumps", 3 + i % 3)
    assert len(world.shortlist(asker, "Pumps", limit=2)) == 2
    assert len(world.shortlist(asker, "Pumps")) == 4


def test_one_five_star_review_does_not_beat_forty_ratings_averaging_4_6(app):
    network.upsert_people(graph_store, [_person(f"p{i}") for i in range(42)])
    network.connect_pairs(graph_store, [{"a": "p0", "b": f"p{i}", "since": "2026-01-01T00:00:00+00:00"} for i in range(1, 42)])
    network.upsert_companies(graph_store, [{"id": c, "name": c, "domain": None, "industry": "Metals",
                                            "categories": ["Steel pipes"]} for c in ("solo", "steady")])
    delivered = date.today() - timedelta(days=60)
    service.review_company(graph_store, "p1", "solo", _review(5, delivered))
    for i in range(2, 42):  # 24 fives and 16 fours: 4.6 on average
        service.review_company(graph_store, f"p{i}", "steady", _review(5 if i < 26 else 4, delivered))

    items = service.vendor_shortlist(graph_store, "p0", "steel pipes")["items"]
    assert [i["company"]["id"] for i in items] == ["steady", "solo"]
    assert items[0]["evidence_count"] == 40 and len(items[0]["evidence"]) == service.EVIDENCE_SHOWN
    assert "rated 4.6/5 on average by 40 of your 1st-degree connections" in items[0]["reasons"]
    assert "40 reviewers without a verified employer count half" in items[0]["reasons"]
    assert items[1]["score"] < 4.0  # one review barely moves a vendor off the neutral prior


def test_own_employees_cannot_review_and_earlier_reviews_stop_counting(world):
    asker, buyer, insider, seller = (world.person(n) for n in ("Asker Li", "Buyer Ma", "Insider Hu", "Seller Sun"))
    world.connect((asker, buyer), (asker, insider))
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"])
    world.works_at(seller, vendor)
    refused = world.review(seller, vendor, "Industrial valves", 5)
    assert refused.status_code == 403 and "company_id" in refused.get_json()["fields"]
    assert world.review(insider, vendor, "Industrial valves", 5).status_code == 201
    assert world.review(buyer, vendor, "Industrial valves", 3).status_code == 201
    world.works_at(insider, vendor)  # joined the vendor after reviewing it

    [item] = world.shortlist(asker, "Industrial valves")
    assert [e["by"]["name"] for e in item["evidence"]] == ["Buyer Ma"]
    assert "1 rating by the vendor's own employees not counted" in item["reasons"]
    page = world.api.call("GET", f"/api/companies/{vendor['id']}", token=asker["token"]).get_json()
    counted = {r["by"]["name"]: r["counted"] for r in page["reviews"]}
    assert counted == {"Buyer Ma": True, "Insider Hu": False}


def test_categories_match_case_insensitively(world):
    asker, buyer, seller = world.person("Asker Li"), world.person("Buyer Ma"), world.person("Seller Sun")
    world.connect((asker, buyer))
    first = world.company(seller, "Ningbo Flow Control", ["Industrial Valves"])
    second = world.company(seller, "Wenzhou Valves", ["  industrial   VALVES ", "Pumps", "pumps"])
    assert first["categories"] == ["Industrial Valves"]
    assert second["categories"] == ["Industrial Valves", "Pumps"]
    assert world.review(buyer, first, "INDUSTRIAL valves", 4).status_code == 201
    assert world.review(buyer, second, " industrial valves", 5).status_code == 201

    items = world.shortlist(asker, "iNDUSTRIAL vALVES")
    assert [i["company"]["name"] for i in items] == ["Wenzhou Valves", "Ningbo Flow Control"]
    listed = world.api.call("GET", "/api/categories?q=VALV", token=asker["token"]).get_json()["items"]
    assert listed == ["Industrial Valves"]


def test_vendor_page_shows_categories_reviews_and_who_in_my_network_knows_it(world):
    me, colleague, friend_of_friend, stranger = (world.person(n) for n in
                                                ("Me Li", "Colleague Ma", "Fof Zhou", "Stranger Wu"))
    world.connect((me, colleague), (colleague, friend_of_friend))
    vendor = world.company(stranger, "Qingdao Steel Supply", ["Steel pipes", "Stainless steel"], industry="Metals")
    world.works_at(colleague, vendor)
    world.review(friend_of_friend, vendor, "steel pipes", 4, comment="On time", delivered_on=LAST_MONTH)
    world.review(stranger, vendor, "Stainless steel", 2)

    page = world.api.call("GET", f"/api/companies/{vendor['id']}", token=me["token"]).get_json()
    assert page["categories"] == ["Stainless steel", "Steel pipes"] and page["industry"] == "Metals"
    reviews = {r["by"]["name"]: (r["category"], r["rating"], r["degree"]) for r in page["reviews"]}
    assert reviews == {"Fof Zhou": ("Steel pipes", 4, 2), "Stranger Wu": ("Stainless steel", 2, None)}
    known = {k["user"]["name"]: (k["degree"], k["relations"]) for k in page["known_by"]}
    assert known == {"Colleague Ma": (1, ["works there"]), "Fof Zhou": (2, ["reviewed it"])}
    assert world.api.call("GET", "/api/companies/nope", token=me["token"]).status_code == 404


def _person(person_id):
    return {"id": person_id, "name": person_id.upper(), "headline": "", "company": "", "title": "", "industry": "",
            "location": "", "suggestible": True, "crm_consent": False}


def _review(rating, delivered):
    return {"category": "Steel pipes", "rating": rating, "comment": "", "delivered_on": delivered}
