"""Bad input names the field (400), authorization, and Neo4j down → 503 with nothing written."""
from datetime import date, timedelta

import pytest

from core.extensions import graph as graph_store
from tests.conftest import DOWN_NEO4J_URI, make_app
from tests.conftest import Api


@pytest.fixture
def setting(world):
    buyer, seller = world.person("Buyer Ma"), world.person("Seller Sun")
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves", "Pumps"])
    return {"buyer": buyer, "seller": seller, "vendor": vendor}


@pytest.mark.parametrize("body, field", [
    ({"category": "Pumps", "rating": 0}, "rating"),
    ({"category": "Pumps", "rating": 6}, "rating"),
    ({"category": "Pumps", "rating": 4.5}, "rating"),
    ({"category": "Pumps", "rating": "five"}, "rating"),
    ({"category": "Pumps", "rating": True}, "rating"),
    ({"category": "Pumps"}, "rating"),
    ({"category": "", "rating": 4}, "category"),
    ({"category": "   ", "rating": 4}, "category"),
    ({"rating": 4}, "category"),
    ({"category": "Freight", "rating": 4}, "category"),  # not a category this company supplies
    ({"category": "Pumps", "rating": 4, "delivered_on": "2026-13-01"}, "delivered_on"),
    ({"category": "Pumps", "rating": 4, "delivered_on": (date.today() + timedelta(days=2)).isoformat()}, "delivered_on"),
])
def test_bad_reviews_name_the_field(world, setting, body, field):
    response = world.api.call("POST", f"/api/companies/{setting['vendor']['id']}/reviews", token=setting["buyer"]["token"],
                              json=body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_reviewing_an_unknown_company_is_404(world, setting):
    response = world.review(setting["buyer"], {"id": "no-such-company"}, "Pumps", 4)
    assert response.status_code == 404


@pytest.mark.parametrize("path, body, field", [
    ("/api/recommendation-requests", {"category": ""}, "category"),
    ("/api/recommendation-requests", {"details": "valves"}, "category"),
    ("/api/recommendation-requests", {"category": "Unobtainium"}, "category"),
    ("/api/recommendation-requests", {"category": "Pumps", "vendors_may_contact": "maybe"}, "vendors_may_contact"),
    ("/api/companies", {"name": "", "categories": ["Pumps"]}, "name"),
    ("/api/companies", {"name": "X", "categories": ["Pumps", " "]}, "categories"),
    ("/api/companies", {"name": "X", "categories": "Pumps"}, "categories"),
    ("/api/companies", {"name": "X", "domain": "not a domain"}, "domain"),
])
def test_bad_requests_and_companies_name_the_field(world, setting, path, body, field):
    response = world.api.call("POST", path, token=setting["buyer"]["token"], json=body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


@pytest.mark.parametrize("query, field", [
    ({"category": ""}, "category"), ({}, "category"), ({"category": "Unobtainium"}, "category"),
    ({"category": "Pumps", "limit": 0}, "limit"), ({"category": "Pumps", "limit": "many"}, "limit"),
])
def test_bad_shortlist_queries_name_the_field(world, setting, query, field):
    response = world.api.call("GET", "/api/vendors/shortlist", token=setting["buyer"]["token"], query_string=query)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_a_taken_domain_is_a_conflict(world, setting):
    world.company(setting["buyer"], "Ningbo Flow Control", ["Industrial valves"], domain="nfc.example.com")
    again = world.api.call("POST", "/api/companies", token=setting["buyer"]["token"],
                           json={"name": "Other", "domain": "NFC.example.com", "categories": []})
    assert again.status_code == 409 and "domain" in again.get_json()["fields"]


@pytest.mark.parametrize("method, path", [
    ("POST", "/api/companies"), ("GET", "/api/companies/x"), ("POST", "/api/companies/x/reviews"),
    ("POST", "/api/recommendation-requests"), ("GET", "/api/recommendation-requests"),
    ("POST", "/api/recommendation-requests/x/answers"), ("GET", "/api/vendors/shortlist?category=Pumps"),
])
def test_every_vendor_endpoint_needs_a_login(client, method, path):
    assert client.open(path, method=method, json={}).status_code == 401


def test_neo4j_down_answers_503_and_sends_no_signal(db_url, routed):
    app = make_app(db_url, DOWN_NEO4J_URI)
    try:
        api = Api(app.test_client())
        _user, token = api.user_with_token("Offline Li")  # accounts keep working without the graph
        calls = [
            ("POST", "/api/companies", {"name": "X", "categories": ["Pumps"]}),
            ("GET", "/api/companies/x", None),
            ("POST", "/api/companies/x/reviews", {"category": "Pumps", "rating": 4}),
            ("POST", "/api/recommendation-requests", {"category": "Pumps"}),
            ("GET", "/api/recommendation-requests?box=inbox", None),
            ("POST", "/api/recommendation-requests/x/answers", {"company_id": "x"}),
            ("GET", "/api/vendors/shortlist?category=Pumps", None),
        ]
        for method, path, body in calls:
            response = api.call(method, path, token=token, json=body)
            assert response.status_code == 503, (path, response.get_json())
            assert response.get_json()["error"] == "graph_unavailable"
        assert routed == []
    finally:
        graph_store.close()


def test_a_refused_write_leaves_nothing_behind(world, setting, graph_db, routed):
    seller, vendor = setting["seller"], setting["vendor"]
    world.works_at(seller, vendor)
    assert world.review(seller, vendor, "Pumps", 5).status_code == 403
    assert world.ask(setting["buyer"], "Unobtainium").status_code == 400
    records, _, _ = graph_db.execute_query(
        "MATCH ()-[r:REVIEWED]->() RETURN count(r) AS reviews UNION ALL MATCH (q:RecommendationRequest) RETURN count(q) AS reviews")
    assert [r["reviews"] for r in records] == [0, 0]
    assert routed == []
