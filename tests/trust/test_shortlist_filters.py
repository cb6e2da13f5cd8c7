"""The shortlist's certificate and location filters, its certificates and reasons, and the pages of reviews and
endorsements (forms, badges, the double submit)."""
from datetime import date, timedelta

import pytest

from tests.trust.test_pages import log_in
from tests.trust.trust_graph import certificate, located, verified_employee

VALVES = "Industrial valves"
NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()
LAST_YEAR = (date.today() - timedelta(days=365)).isoformat()


@pytest.fixture
def market(world, graph_db):
    asker, friend, seller = world.person("Asker Li"), world.person("Friend Wang"), world.person("Seller Sun")
    world.connect((asker, friend))
    names = ("Ningbo Flow Control", "Hangzhou Valve Works", "Wenzhou Valves", "Expired Valves")
    vendors = {name: world.company(seller, name, [VALVES]) for name in names}
    certificate(graph_db, vendors["Ningbo Flow Control"], "ISO 9001:2015", NEXT_YEAR)
    certificate(graph_db, vendors["Hangzhou Valve Works"], "API 6D", NEXT_YEAR, name="Pipeline valves")
    certificate(graph_db, vendors["Expired Valves"], "ISO 9001:2015", LAST_YEAR, valid_from="2020-01-01")
    certificate(graph_db, vendors["Wenzhou Valves"], "ISO 9001:2015", NEXT_YEAR, valid_from=NEXT_YEAR)  # not yet
    located(graph_db, vendors["Ningbo Flow Control"], "Ningbo, Zhejiang")
    located(graph_db, vendors["Hangzhou Valve Works"], "Hangzhou, Zhejiang")
    located(graph_db, vendors["Expired Valves"], "Ningbo")
    for vendor in vendors.values():  # the friend is 1st degree: their evidence is singled out, and still filtered
        assert world.review(friend, vendor, VALVES, 4).status_code == 201
    return {"asker": asker, "friend": friend, "vendors": vendors, "graph_db": graph_db}


def names(world, person, **filters):
    response = world.api.call("GET", "/api/vendors/shortlist", token=person["token"],
                              query_string={"category": VALVES, **filters})
    assert response.status_code == 200, response.get_json()
    return sorted(i["company"]["name"] for i in response.get_json()["items"]), response.get_json()["items"]


def test_the_certification_filter_keeps_valid_certificates_by_standard_or_name(world, market):
    asker = market["asker"]
    assert names(world, asker, certification="iso 9001")[0] == ["Ningbo Flow Control"]  # expired, not yet valid: out
    assert names(world, asker, certification="PIPELINE")[0] == ["Hangzhou Valve Works"]  # by name
    assert names(world, asker, certification="api 6d")[0] == ["Hangzhou Valve Works"]
    assert names(world, asker, certification="CE marking")[0] == []
    assert len(names(world, asker)[0]) == 4


def test_the_location_filter_and_both_together(world, market):
    asker = market["asker"]
    assert names(world, asker, location="NINGBO")[0] == ["Expired Valves", "Ningbo Flow Control"]
    assert names(world, asker, location="zhejiang")[0] == ["Hangzhou Valve Works", "Ningbo Flow Control"]
    assert names(world, asker, location="ningbo", certification="ISO 9001")[0] == ["Ningbo Flow Control"]


def test_items_carry_valid_certificates_and_say_so_in_the_reasons(world, market):
    _, items = names(world, market["asker"], certification="9001")
    [item] = items
    assert item["certifications"] == [{"name": "Quality management", "standard": "ISO 9001:2015",
                                       "valid_until": NEXT_YEAR}]
    assert item["company"]["location"] == "Ningbo, Zhejiang"
    assert f"ISO 9001:2015 valid until {NEXT_YEAR[:7]}" in item["reasons"]
    _, everyone = names(world, market["asker"])
    expired = next(i for i in everyone if i["company"]["name"] == "Expired Valves")
    assert expired["certifications"] == [] and not any("valid until" in r for r in expired["reasons"])


@pytest.mark.parametrize("query, field", [({"certification": "x" * 101}, "certification"),
                                          ({"location": "y" * 101}, "location")])
def test_bad_filters_name_the_field(world, market, query, field):
    response = world.api.call("GET", "/api/vendors/shortlist", token=market["asker"]["token"],
                              query_string={"category": VALVES, **query})
    assert response.status_code == 400 and field in response.get_json()["fields"]


def test_shortlist_page_filters_and_shows_badges(app, world, market):
    verified_employee(market["graph_db"], market["friend"], world.company(market["asker"], "Employer", ["Chemicals"]))
    world.review(market["friend"], market["vendors"]["Ningbo Flow Control"], VALVES, 5)
    client, _ = log_in(app, market["asker"])
    page = client.get("/vendors/shortlist", query_string={"category": VALVES, "certification": "iso 9001",
                                                          "location": "ningbo"}).get_data(as_text=True)
    assert "Ningbo Flow Control" in page and "Hangzhou Valve Works" not in page and "Expired Valves" not in page
    assert "ISO 9001:2015 · valid until" in page and "verified buyer" in page
    assert 'value="iso 9001"' in page and 'value="ningbo"' in page


def test_review_form_with_sub_ratings_survives_a_double_submit(app, world, market):
    vendor = market["vendors"]["Wenzhou Valves"]
    client, token = log_in(app, market["friend"])
    url = f"/vendors/companies/{vendor['id']}"
    form = client.get(url).get_data(as_text=True)
    key = form.split('name="client_key" value="', 1)[1].split('"', 1)[0]
    data = {"csrf_token": token, "client_key": key, "category": VALVES, "rating": "5", "quality": "5",
            "delivery": "4", "service": "", "delivered_on": "2026-01-20", "deal_id": "", "comment": "Second batch"}
    assert client.post(url + "/reviews", data=data).status_code == 302
    assert client.post(url + "/reviews", data=data).status_code == 302  # the same form again: no second review
    page = client.get(url).get_data(as_text=True)
    assert page.count("Second batch") == 1 and "quality 5/5 · delivery 4/5" in page
    assert "employer not verified — counts half" in page
    bad = client.post(url + "/reviews", data={**data, "client_key": key + "x", "deal_id": "nope"})
    assert bad.status_code == 400 and "No delivered deal" in bad.get_data(as_text=True)


def test_experts_endorse_from_the_vendor_page(app, world, market):
    expert, vendor = world.person("Expert Chen"), market["vendors"]["Hangzhou Valve Works"]
    assert app.test_cli_runner().invoke(args=["admin", "expert", "grant", expert["email"], VALVES]).exit_code == 0
    layman, layman_token = log_in(app, market["asker"])
    assert 'id="endorse-form"' not in layman.get(f"/vendors/companies/{vendor['id']}").get_data(as_text=True)
    client, token = log_in(app, expert)
    url = f"/vendors/companies/{vendor['id']}"
    assert 'id="endorse-form"' in client.get(url).get_data(as_text=True)
    empty = client.post(url + "/endorsements", data={"csrf_token": token, "category": VALVES, "statement": " "})
    assert empty.status_code == 400
    done = client.post(url + "/endorsements", data={"csrf_token": token, "category": VALVES,
                                                    "statement": "<b>Great</b> castings"})
    assert done.status_code == 302
    page = layman.get(url).get_data(as_text=True)
    assert "Expert Chen" in page and "expert in Industrial valves" in page and "&lt;b&gt;Great&lt;/b&gt;" in page
    refused = layman.post(url + "/endorsements", data={"csrf_token": layman_token, "category": VALVES,
                                                       "statement": "me too"})
    assert refused.status_code == 403
