"""A decided project's deal, rated both ways: the buyer marks it delivered, which lets the team's reviews of the
vendor count as verified deliveries (and follows the team's membership); the vendor's verified staff record
whether payment came on time, which sellers see as the buying org's payment record."""
from datetime import date, timedelta

from babel.dates import format_date
from neo4j import GraphDatabase

from core.extensions import graph as graph_store
from tests.crm.conftest import Crm
from tests.sourcing.conftest import CATEGORY
from tests.sourcing.test_decisions import decided_project
from tests.trust.test_pages import log_in

DELIVERED = (date.today() - timedelta(days=3)).isoformat()
PAID = (date.today() - timedelta(days=1)).isoformat()


def delivered(world, deal, by, on=DELIVERED):
    return world.api.call("POST", f"/api/deals/{deal['id']}/delivered", token=by["token"], json={"delivered_on": on})


def payment(world, deal, by, on_time=True, paid_on=PAID):
    return world.api.call("POST", f"/api/deals/{deal['id']}/payment", token=by["token"],
                          json={"on_time": on_time, "paid_on": paid_on})


def review(world, person, company, deal):
    return world.review(person, company, CATEGORY, 4, comment="Seals held at 40 bar.", deal_id=deal["id"])


def verified_reviews(world, viewer, company):
    reviews = world.api.call("GET", f"/api/companies/{company['id']}", token=viewer["token"]).get_json()["reviews"]
    return {r["reviewer"]["id"]: r["verified_delivery"] for r in reviews}


def test_delivery_makes_the_teams_reviews_with_the_deal_verified_and_nobody_elses(market, graph_db):
    world, li, wang, zhao, chen, outsider = (market[k] for k in ("world", "li", "wang", "zhao", "chen", "outsider"))
    acme = market["acme"]
    _project, deal = decided_project(market)
    early = review(world, wang, acme, deal)
    assert early.status_code == 400 and "deal_id" in early.get_json()["fields"]  # not delivered yet
    # A review that carries the deal id from before (written while the graph was behind) counts once it is delivered.
    assert world.review(zhao, acme, CATEGORY, 5).status_code == 201
    graph_db.execute_query("MATCH (:Person {id: $p})-[r:REVIEWED]->() SET r.deal_id = $d", p=zhao["id"], d=deal["id"])
    assert delivered(world, deal, chen).status_code == 403  # the vendor does not say it delivered
    assert delivered(world, deal, outsider).status_code == 404
    future = delivered(world, deal, li, on=(date.today() + timedelta(days=5)).isoformat())
    assert future.status_code == 400 and "delivered_on" in future.get_json()["fields"]

    marked = delivered(world, deal, li)
    assert marked.status_code == 200 and marked.get_json()["delivered_on"] == DELIVERED
    assert delivered(world, deal, wang).status_code == 200  # the same date again: no change
    assert delivered(world, deal, wang, on="2020-01-01").status_code == 409
    assert verified_reviews(world, li, acme)[zhao["id"]] is True

    written = review(world, wang, acme, deal)
    assert written.status_code == 201 and written.get_json()["verified_delivery"] is True
    assert verified_reviews(world, li, acme)[wang["id"]] is True
    refused = review(world, outsider, acme, deal)
    assert refused.status_code == 400 and "deal_id" in refused.get_json()["fields"]
    kinds = [h["kind"] for h in world.show(_project, li).get_json()["history"]]
    assert kinds.count("delivered") == 1


def test_who_may_review_with_the_deal_follows_the_teams_membership(market, sourcing):
    world, li, wang, acme = market["world"], market["li"], market["wang"], market["acme"]
    _project, deal = decided_project(market)
    assert delivered(world, deal, li).status_code == 200
    newcomer = sourcing.person("He Jing")
    assert world.api.call("POST", f"/api/orgs/{market['org']['id']}/members", token=li["token"],
                          json={"user_id": newcomer["id"], "role": "member"}).status_code == 201
    assert review(world, newcomer, acme, deal).status_code == 400  # invited is not a member yet
    assert world.api.call("POST", f"/api/orgs/{market['org']['id']}/membership/accept",
                          token=newcomer["token"]).status_code == 200
    joined = review(world, newcomer, acme, deal)
    assert joined.status_code == 201 and joined.get_json()["verified_delivery"] is True
    left = world.api.call("DELETE", f"/api/orgs/{market['org']['id']}/members/{wang['id']}", token=wang["token"])
    assert left.status_code in (200, 204)
    refused = review(world, wang, acme, deal)
    assert refused.status_code == 400 and "deal_id" in refused.get_json()["fields"]
    assert world.api.call("GET", f"/api/deals/{deal['id']}", token=wang["token"]).status_code == 404


def test_neo4j_down_at_delivery_answers_503_and_changes_nothing(market, monkeypatch):
    world, li = market["world"], market["li"]
    _project, deal = decided_project(market)
    dead = GraphDatabase.driver("bolt://127.0.0.1:9", connection_timeout=0.5)
    monkeypatch.setattr(graph_store, "driver", dead)
    try:
        assert delivered(world, deal, li).status_code == 503
        assert world.api.call("GET", f"/api/deals/{deal['id']}", token=li["token"]).get_json()["delivered_on"] is None
    finally:
        dead.close()


def test_the_vendor_records_payment_and_sellers_see_the_buyers_record(market, app, api):
    world, li, zhao, chen, outsider = (market[k] for k in ("world", "li", "zhao", "chen", "outsider"))
    crm = Crm(app, api)
    sales_org = crm.team(chen["token"], name="Acme Sales")
    assert crm.enable(chen["token"], sales_org).status_code == 200
    _project, deal = decided_project(market)
    assert payment(world, deal, chen).status_code == 409  # not delivered yet
    assert delivered(world, deal, li).status_code == 200
    assert payment(world, deal, li).status_code == 403  # the buyer does not rate itself
    assert payment(world, deal, outsider).status_code == 404
    bad = payment(world, deal, chen, on_time="maybe", paid_on="soon")
    assert bad.status_code == 400 and set(bad.get_json()["fields"]) == {"on_time", "paid_on"}
    recorded = payment(world, deal, chen)
    assert recorded.status_code == 200 and recorded.get_json()["on_time"] is True
    seen = world.api.call("GET", f"/api/deals/{deal['id']}", token=chen["token"]).get_json()
    assert seen["viewer_role"] == "vendor" and seen["project_id"] is None and seen["buyer_org"]["name"] == "Tianjin Plant Buying"
    assert [d["id"] for d in world.api.call("GET", "/api/deals", token=chen["token"]).get_json()["items"]] == [deal["id"]]

    asked = world.ask(zhao, CATEGORY, details="DN80 gate valves", vendors_may_contact=True)
    assert asked.status_code == 201, asked.get_json()
    [item] = world.box(chen, "sellers")
    assert item["buyer_payment_records"] == [{"org_name": "Tianjin Plant Buying", "deals": 1, "on_time_rate": 1.0}]
    assert payment(world, deal, chen, on_time=False).status_code == 200  # replaced, not added
    [item] = world.box(chen, "sellers")
    assert item["buyer_payment_records"] == [{"org_name": "Tianjin Plant Buying", "deals": 1, "on_time_rate": 0.0}]

    crm.drain()
    [lead] = crm.leads(chen["token"], sales_org, source="request")
    assert lead["Guanxi_Person_Id__c"] == zhao["id"]
    assert lead["buyer_payment_records"] == [{"org_name": "Tianjin Plant Buying", "deals": 1, "on_time_rate": 0.0}]
    seller, _ = log_in(app, chen)
    shown = "Tianjin Plant Buying paid on time in 0% of 1 deal"
    assert shown in seller.get("/vendors/sellers").get_data(as_text=True)
    assert shown in seller.get(f"/orgs/{sales_org}/crm/leads").get_data(as_text=True)


def test_the_deal_pages_mark_delivery_link_the_review_and_record_payment(market, app):
    _project, deal = decided_project(market)
    buyer, token = log_in(app, market["zhao"])
    url = f"/deals/{deal['id']}"
    assert "Acme Valves" in buyer.get("/deals").get_data(as_text=True)
    assert "Mark delivered" in buyer.get(url).get_data(as_text=True)
    future = buyer.post(f"{url}/delivered", data={"csrf_token": token,
                                                  "delivered_on": (date.today() + timedelta(days=5)).isoformat()})
    assert future.status_code == 400 and "This date is in the future." in future.get_data(as_text=True)
    marked = buyer.post(f"{url}/delivered", data={"csrf_token": token, "delivered_on": DELIVERED})
    assert marked.status_code == 302 and marked.headers["Location"].endswith(url)
    page = buyer.get(url).get_data(as_text=True)
    link = f"/vendors/companies/{market['acme']['id']}?deal_id={deal['id']}&amp;delivered_on={DELIVERED}#rate-a-delivery"
    assert "Review this delivery" in page and link in page
    form = buyer.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'name="deal_id" value="{deal["id"]}"' in form

    vendor, vendor_token = log_in(app, market["chen"])
    assert "Tianjin Plant Buying" in vendor.get("/deals").get_data(as_text=True)
    paid = vendor.post(f"{url}/payment", data={"csrf_token": vendor_token, "on_time": "true", "paid_on": PAID})
    assert paid.status_code == 302
    assert f"paid {format_date(date.fromisoformat(PAID), 'medium', locale='en')}, on time" in vendor.get(url).get_data(as_text=True)
    outsider, _ = log_in(app, market["outsider"])
    assert outsider.get(url).status_code == 404
