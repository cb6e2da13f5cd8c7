"""Ask my network: routing to relevant 1st/2nd-degree people, the signal, sellers' opt-in, who may answer."""
import base64
from datetime import date

import pytest

from trust import signals as events


@pytest.fixture
def valves(world):
    """An asker and the people around them, relevant or not, plus a valve vendor and its seller."""
    people = {name: world.person(name, **fields) for name, fields in {
        "asker": {}, "reviewer1": {}, "idle1": {"industry": "Textiles"}, "industry2": {"industry": "industrial equipment"},
        "idle2": {}, "expert3": {}, "seller1": {}, "seller_far": {}, "colleague2": {}}.items()}
    p = people
    world.connect((p["asker"], p["reviewer1"]), (p["asker"], p["idle1"]), (p["asker"], p["seller1"]),
                  (p["reviewer1"], p["industry2"]), (p["idle1"], p["idle2"]), (p["idle1"], p["colleague2"]),
                  (p["idle2"], p["expert3"]))
    vendor = world.company(p["seller1"], "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")
    other = world.company(p["seller1"], "Ningbo Flow Control", ["Industrial valves"], industry="Industrial Equipment")
    employer = world.company(p["colleague2"], "Yangtze Freight", ["Freight"], industry="Industrial Equipment")
    world.seller(p["seller1"], vendor)
    world.seller(p["seller_far"], other)
    world.works_at(p["colleague2"], employer)  # works in the industry through their employer
    for reviewer in ("reviewer1", "expert3"):
        assert world.review(p[reviewer], other, "Industrial valves", 4).status_code == 201
    return {"people": people, "vendor": vendor, "other": other}


def test_only_relevant_first_and_second_degree_people_see_the_request(world, valves, routed):
    p = valves["people"]
    response = world.ask(p["asker"], "industrial VALVES", details="DN50 ball valves, 200 pcs")
    assert response.status_code == 201
    request = response.get_json()
    assert request["category"] == "Industrial valves" and request["vendors_may_contact"] is False
    assert request["recipients"] == 3

    relevant = {"reviewer1", "industry2", "colleague2"}
    assert len(routed) == 1
    signal = routed[0]
    assert set(signal) == {"request_id", "asker_id", "category", "recipient_ids", "vendors_may_contact"}
    assert signal["request_id"] == request["id"] and signal["asker_id"] == p["asker"]["id"]
    assert signal["vendors_may_contact"] is False and signal["category"] == "Industrial valves"
    assert sorted(signal["recipient_ids"]) == sorted(p[n]["id"] for n in relevant)
    for name, person in p.items():
        inbox = [r["id"] for r in world.box(person, "inbox")]
        assert inbox == ([request["id"]] if name in relevant else []), name
    mine = world.box(p["asker"], "mine")
    assert [(r["id"], r["details"], r["asker"]["id"]) for r in mine] == [(request["id"], "DN50 ball valves, 200 pcs",
                                                                          p["asker"]["id"])]


def test_sellers_see_a_request_only_when_the_asker_opted_in(world, valves, routed):
    p = valves["people"]
    private = world.ask(p["asker"], "Industrial valves").get_json()
    assert world.box(p["seller1"], "sellers") == [] and world.box(p["seller_far"], "sellers") == []
    assert world.api.call("GET", f"/api/recommendation-requests/{private['id']}", token=p["seller_far"]["token"]).status_code == 404
    assert world.answer(p["seller_far"], private["id"], valves["other"]).status_code in (403, 404)

    public = world.ask(p["asker"], "Industrial valves", vendors_may_contact=True).get_json()
    assert routed[-1]["vendors_may_contact"] is True
    assert p["seller1"]["id"] not in routed[-1]["recipient_ids"]  # sellers are never routed through the network
    for seller in ("seller1", "seller_far"):
        assert [r["id"] for r in world.box(p[seller], "sellers")] == [public["id"]]
        assert world.box(p[seller], "inbox") == []
    assert world.box(p["reviewer1"], "sellers") == []

    answered = world.answer(p["seller_far"], public["id"], valves["other"], "We make these")
    assert answered.status_code == 201 and answered.get_json()["from_vendor"] is True
    closed = world.api.call("POST", f"/api/recommendation-requests/{public['id']}/close", token=p["asker"]["token"])
    assert closed.status_code == 200
    assert world.box(p["seller_far"], "sellers") == []


def test_answers_reach_the_asker_and_become_shortlist_evidence(world, valves):
    p = valves["people"]
    request = world.ask(p["asker"], "Industrial valves").get_json()
    first = world.answer(p["reviewer1"], request["id"], valves["vendor"], "Fast delivery")
    assert first.status_code == 201
    assert first.get_json()["company"] == {"id": valves["vendor"]["id"], "name": "Hangzhou Valve Works"}
    once = world.answer(p["industry2"], request["id"], valves["vendor"], "Good service").get_json()
    again = world.answer(p["industry2"], request["id"], valves["vendor"], "Very good service")
    assert again.status_code == 201 and again.get_json()["id"] == once["id"]  # the same answer, updated

    [mine] = world.box(p["asker"], "mine")
    answers = {(a["by"]["name"], a["degree"], a["comment"]) for a in mine["answers"]}
    assert answers == {("reviewer1", 1, "Fast delivery"), ("industry2", 2, "Very good service")}
    [theirs] = world.box(p["industry2"], "inbox")
    assert [a["by"]["name"] for a in theirs["answers"]] == ["industry2"]  # nobody else's answers

    month = date.today().strftime("%Y-%m")
    items = world.shortlist(p["asker"], "Industrial valves")
    vendor = next(i for i in items if i["company"]["name"] == "Hangzhou Valve Works")
    kinds = sorted((e["kind"], e["degree"], e["rating"]) for e in vendor["evidence"])
    assert kinds == [("recommendation", 1, None), ("recommendation", 2, None)]
    assert [r for r in vendor["reasons"] if "recommended it" in r] == [
        f"reviewer1 (1st) recommended it ({month})", f"industry2 (2nd) recommended it ({month})"]


def test_who_may_answer(world, valves):
    p = valves["people"]
    request_id = world.ask(p["asker"], "Industrial valves").get_json()["id"]
    assert world.answer(p["idle1"], request_id, valves["vendor"]).status_code == 404  # not routed to them
    assert world.answer(p["expert3"], request_id, valves["vendor"]).status_code == 404  # 3rd degree
    assert world.answer(p["asker"], request_id, valves["vendor"]).status_code == 403
    assert world.answer(p["reviewer1"], "no-such-request", valves["vendor"]).status_code == 404
    assert world.api.call("GET", f"/api/recommendation-requests/{request_id}", token=p["idle1"]["token"]).status_code == 404
    detail = world.api.call("GET", f"/api/recommendation-requests/{request_id}", token=p["reviewer1"]["token"])
    assert detail.status_code == 200 and detail.get_json()["asker"]["id"] == p["asker"]["id"]
    not_asker = world.api.call("POST", f"/api/recommendation-requests/{request_id}/close", token=p["reviewer1"]["token"])
    assert not_asker.status_code == 403
    world.api.call("POST", f"/api/recommendation-requests/{request_id}/close", token=p["asker"]["token"])
    assert world.answer(p["reviewer1"], request_id, valves["vendor"]).status_code == 409


def test_only_the_askers_close_is_signalled_after_it_is_done(world, valves):
    p = valves["people"]
    request_id = world.ask(p["asker"], "Industrial valves", vendors_may_contact=True).get_json()["id"]
    closed = []

    def record(_sender, **kwargs):
        box = world.box(p["seller_far"], "sellers")  # by the time subscribers hear it, sellers no longer see it
        closed.append((kwargs, [item["id"] for item in box]))

    assert [item["id"] for item in world.box(p["seller_far"], "sellers")] == [request_id]
    events.recommendation_closed.connect(record)
    try:
        assert world.api.call("POST", f"/api/recommendation-requests/{request_id}/close",
                              token=p["reviewer1"]["token"]).status_code == 403
        assert closed == []
        assert world.api.call("POST", f"/api/recommendation-requests/{request_id}/close",
                              token=p["asker"]["token"]).status_code == 200
    finally:
        events.recommendation_closed.disconnect(record)
    assert closed == [({"request_id": request_id, "asker_id": p["asker"]["id"]}, [])]


def test_answers_must_name_a_vendor_of_the_category(world, valves):
    p = valves["people"]
    request_id = world.ask(p["asker"], "Industrial valves").get_json()["id"]
    freight = world.company(p["asker"], "Yangtze Logistics", ["Freight forwarding"])
    wrong = world.answer(p["reviewer1"], request_id, freight)
    assert wrong.status_code == 400 and "company_id" in wrong.get_json()["fields"]
    unknown = world.answer(p["reviewer1"], request_id, {"id": "no-such-company"})
    assert unknown.status_code == 400 and "company_id" in unknown.get_json()["fields"]
    missing = world.api.call("POST", f"/api/recommendation-requests/{request_id}/answers", token=p["reviewer1"]["token"],
                             json={})
    assert missing.status_code == 400 and "company_id" in missing.get_json()["fields"]


def test_boxes_page_with_a_cursor(world, valves):
    p = valves["people"]
    ids = [world.ask(p["asker"], "Industrial valves", details=str(i)).get_json()["id"] for i in range(3)]
    first = world.api.call("GET", "/api/recommendation-requests?box=mine&limit=2", token=p["asker"]["token"]).get_json()
    assert [r["id"] for r in first["items"]] == ids[::-1][:2] and first["next_cursor"]
    rest = world.api.call("GET", "/api/recommendation-requests", token=p["asker"]["token"],
                          query_string={"box": "mine", "limit": 2, "cursor": first["next_cursor"]}).get_json()
    assert [r["id"] for r in rest["items"]] == ids[:1] and rest["next_cursor"] is None
    bad = world.api.call("GET", "/api/recommendation-requests?box=outbox&cursor=zzz", token=p["asker"]["token"])
    assert bad.status_code == 400 and "box" in bad.get_json()["fields"]
    bad_cursor = world.api.call("GET", "/api/recommendation-requests?box=mine&cursor=zzz", token=p["asker"]["token"])
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.get_json()["fields"]


@pytest.mark.parametrize("at", ["2026-99-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-01-01T25:00:00Z",
                                "2026-01-01T10:00:00+19:00"])
def test_a_cursor_with_an_impossible_time_is_a_bad_cursor(world, valves, at):
    """Well-formed, so the pattern passes, but no such instant: Neo4j's datetime() would fail the query (500)."""
    asker = valves["people"]["asker"]
    world.ask(asker, "Industrial valves")  # a row for the cursor's time to be compared with
    cursor = base64.urlsafe_b64encode(f"{at}|some-request-id".encode()).decode()
    response = world.api.call("GET", "/api/recommendation-requests", token=asker["token"],
                              query_string={"box": "mine", "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.get_json()["fields"]
