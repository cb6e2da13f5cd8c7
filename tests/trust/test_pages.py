"""The vendor pages through the test client: forms with CSRF, field errors, escaping, who sees what."""
import pytest

from tests.conftest import PASSWORD, csrf_from


def log_in(app, person):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"csrf_token": token, "email": person["email"], "password": PASSWORD}).status_code == 302
    return client, token


@pytest.fixture
def scene(app, world):
    asker, friend, seller = world.person("Asker Li"), world.person("Friend Wang", industry="Industrial Equipment"), \
        world.person("Seller Sun")
    world.connect((asker, friend))
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")
    world.seller(seller, vendor)
    return {"asker": asker, "friend": friend, "seller": seller, "vendor": vendor, "app": app}


def test_ask_answer_and_read_the_answers(scene, world):
    asker, token = log_in(scene["app"], scene["asker"])
    empty = asker.post("/vendors/ask", data={"csrf_token": token, "category": "  "})
    assert empty.status_code == 400 and "Name a product or service category." in empty.get_data(as_text=True)
    asked = asker.post("/vendors/ask", data={"csrf_token": token, "category": "industrial valves",
                                             "details": "<b>DN50</b>", "vendors_may_contact": "on"})
    assert asked.status_code == 302
    request_url = asked.headers["Location"]
    page = asker.get(request_url).get_data(as_text=True)
    assert "Industrial valves" in page and "&lt;b&gt;DN50&lt;/b&gt;" in page and "<b>DN50</b>" not in page

    friend, friend_token = log_in(scene["app"], scene["friend"])
    inbox = friend.get("/vendors/inbox").get_data(as_text=True)
    assert "Asker Li" in inbox and "Hangzhou Valve Works" in inbox
    request_id = request_url.rsplit("/", 1)[1]
    answered = friend.post(f"/vendors/requests/{request_id}/answers", data={
        "csrf_token": friend_token, "company_id": scene["vendor"]["id"], "comment": "Reliable", "back": "inbox"})
    assert answered.status_code == 302 and answered.headers["Location"].endswith("/vendors/inbox")
    mine = asker.get("/vendors/requests").get_data(as_text=True)
    assert "Friend Wang" in mine and "Reliable" in mine and "Hangzhou Valve Works" in mine

    seller, _ = log_in(scene["app"], scene["seller"])
    assert "Asker Li" in seller.get("/vendors/sellers").get_data(as_text=True)  # the asker opted in
    assert seller.get(request_url).status_code == 200
    stranger, _ = log_in(scene["app"], world.person("Stranger Wu"))
    assert stranger.get(request_url).status_code == 404


def test_answer_form_errors_are_shown(scene):
    asker, token = log_in(scene["app"], scene["asker"])
    request_id = asker.post("/vendors/ask", data={"csrf_token": token, "category": "Industrial valves"}
                            ).headers["Location"].rsplit("/", 1)[1]
    friend, friend_token = log_in(scene["app"], scene["friend"])
    missing = friend.post(f"/vendors/requests/{request_id}/answers", data={"csrf_token": friend_token, "company_id": ""})
    assert missing.status_code == 400 and "Recommend a vendor" in missing.get_data(as_text=True)
    unknown = friend.post(f"/vendors/requests/{request_id}/answers", data={"csrf_token": friend_token, "company_id": "nope"})
    assert unknown.status_code == 400 and "No company with this id." in unknown.get_data(as_text=True)
    no_csrf = friend.post(f"/vendors/requests/{request_id}/answers", data={"company_id": scene["vendor"]["id"]})
    assert no_csrf.status_code == 400 and "CSRF" in no_csrf.get_data(as_text=True)


def test_review_form_and_vendor_page(scene):
    friend, token = log_in(scene["app"], scene["friend"])
    url = f"/vendors/companies/{scene['vendor']['id']}"
    bad = friend.post(url + "/reviews", data={"csrf_token": token, "category": "Industrial valves", "rating": "9"})
    assert bad.status_code == 400 and "A rating is a whole number from 1 to 5." in bad.get_data(as_text=True)
    ok = friend.post(url + "/reviews", data={"csrf_token": token, "category": "Industrial valves", "rating": "4",
                                             "delivered_on": "2026-02-10", "comment": "<script>x</script>"})
    assert ok.status_code == 302
    page = friend.get(url).get_data(as_text=True)
    assert "4/5" in page and "delivered 2026-02-10" in page and "&lt;script&gt;x&lt;/script&gt;" in page
    asker, _ = log_in(scene["app"], scene["asker"])
    known = asker.get(url).get_data(as_text=True)
    assert "Friend Wang" in known and "reviewed it" in known

    seller, seller_token = log_in(scene["app"], scene["seller"])
    refused = seller.post(url + "/reviews", data={"csrf_token": seller_token, "category": "Industrial valves", "rating": "5"})
    assert refused.status_code == 403 and "conflict of interest" in refused.get_data(as_text=True)


def test_shortlist_page_shows_reasons_and_unknown_categories(scene, world):
    world.review(scene["friend"], scene["vendor"], "Industrial valves", 5, delivered_on="2026-03-02")
    asker, _ = log_in(scene["app"], scene["asker"])
    page = asker.get("/vendors/shortlist?category=INDUSTRIAL+VALVES").get_data(as_text=True)
    assert "Hangzhou Valve Works" in page and "Friend Wang (1st) rated 5/5, delivered 2026-03" in page
    unknown = asker.get("/vendors/shortlist?category=Unobtainium")
    assert unknown.status_code == 400 and "No vendor on Guanxi supplies" in unknown.get_data(as_text=True)
    assert asker.get("/vendors/shortlist").status_code == 200


def test_add_a_vendor_and_find_it(scene):
    client, token = log_in(scene["app"], scene["asker"])
    bad = client.post("/vendors/companies", data={"csrf_token": token, "name": "", "categories": "Pumps"})
    assert bad.status_code == 400
    added = client.post("/vendors/companies", data={"csrf_token": token, "name": "Wenzhou Pumps", "domain": "",
                                                    "industry": "", "categories": "Pumps, industrial VALVES"})
    assert added.status_code == 302
    page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Wenzhou Pumps" in page and "Industrial valves" in page and "Pumps" in page
    assert "Wenzhou Pumps" in client.get("/vendors/companies?q=wenzhou").get_data(as_text=True)


def test_pages_need_a_login(client):
    for path in ("/vendors/ask", "/vendors/requests", "/vendors/inbox", "/vendors/sellers", "/vendors/shortlist",
                 "/vendors/companies"):
        assert client.get(path).status_code == 302

