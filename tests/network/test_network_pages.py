"""The network pages through the test client: forms, CSRF, flashes, escaping, errors."""
from tests.conftest import PASSWORD, csrf_from


def log_in(client, user):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "email": user["email"], "password": PASSWORD})
    assert response.status_code == 302
    return token


def test_connect_accept_and_remove_through_pages(app, people):
    li, wang = people.add("Li Wei", company="Sinopec"), people.add("Wang Fang")
    browser_li, browser_wang = app.test_client(), app.test_client()
    csrf_li, csrf_wang = log_in(browser_li, li), log_in(browser_wang, wang)

    profile = browser_li.get(f"/people/{wang['id']}").get_data(as_text=True)
    assert 'data-status="none"' in profile and "out of network" in profile
    sent = browser_li.post(f"/people/{wang['id']}/connect", data={"csrf_token": csrf_li, "note": "Canton Fair"},
                           follow_redirects=True).get_data(as_text=True)
    assert "Connection request sent." in sent and 'data-status="request_sent"' in sent
    again = browser_li.post(f"/people/{wang['id']}/connect", data={"csrf_token": csrf_li}, follow_redirects=True)
    assert "already pending" in again.get_data(as_text=True)

    network = browser_wang.get("/network").get_data(as_text=True)
    assert "Li Wei" in network and "Canton Fair" in network
    request_id = people.call("GET", "/api/connections/requests", wang).get_json()["items"][0]["id"]
    forbidden = browser_li.post(f"/network/requests/{request_id}", data={"csrf_token": csrf_li, "decision": "accept"},
                                follow_redirects=True)
    assert "Only the request&#39;s recipient may do this." in forbidden.get_data(as_text=True)
    accepted = browser_wang.post(f"/network/requests/{request_id}", data={"csrf_token": csrf_wang, "decision": "accept"},
                                 follow_redirects=True).get_data(as_text=True)
    assert "you are now connected" in accepted and "Sinopec" in accepted

    connected = browser_li.get(f"/people/{wang['id']}").get_data(as_text=True)
    assert 'data-status="connected"' in connected and "1st" in connected
    removed = browser_li.post(f"/people/{wang['id']}/remove", data={"csrf_token": csrf_li}, follow_redirects=True)
    assert "Connection removed." in removed.get_data(as_text=True)
    assert people.call("GET", "/api/connections", wang).get_json()["items"] == []


def test_page_forms_need_csrf(app, people):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    browser = app.test_client()
    log_in(browser, li)
    assert browser.post(f"/people/{wang['id']}/connect", data={}).status_code == 400
    assert people.call("GET", "/api/connections/requests", wang).get_json()["items"] == []


def test_suggestions_page_explains_and_dismisses(app, people):
    me, friend, candidate = people.add("Me Li"), people.add("Friend Wang"), people.add("<b>Candidate</b>", email="candidate@example.com")
    people.connect((me, friend), (friend, candidate))
    browser = app.test_client()
    csrf = log_in(browser, me)
    page = browser.get("/network/suggestions").get_data(as_text=True)
    assert "1 mutual connection" in page
    assert "<b>Candidate</b>" not in page and "&lt;b&gt;Candidate&lt;/b&gt;" in page
    after = browser.post(f"/network/suggestions/{candidate['id']}/dismiss", data={"csrf_token": csrf},
                         follow_redirects=True).get_data(as_text=True)
    assert "it will not come back" in after and "Candidate" not in after.split("<main")[1]


def test_search_page(app, people):
    me = people.add("Me Li")
    people.add("Huang Tao", company="Hangzhou Valve Works")
    browser = app.test_client()
    log_in(browser, me)
    assert "Huang Tao" in browser.get("/search?q=valve").get_data(as_text=True)
    assert "Nobody matches" in browser.get("/search?q=zzzzzz").get_data(as_text=True)
    assert browser.get("/search").status_code == 200
    assert browser.get("/search?q=%21%21").status_code == 400


def test_person_page_errors(app, people):
    me = people.add("Me Li")
    browser = app.test_client()
    log_in(browser, me)
    assert browser.get("/people/nobody-here").status_code == 404
    assert browser.get("/people/bad%20id").status_code == 400
    assert app.test_client().get("/network").status_code == 302  # anonymous people are sent to log in


def test_forms_only_return_to_same_site_pages(app, people):
    me, other = people.add("Me Li"), people.add("Other Wang")
    browser = app.test_client()
    csrf = log_in(browser, me)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = browser.post(f"/people/{other['id']}/remove", data={"csrf_token": csrf, "next": target})
        assert response.headers["Location"] == f"/people/{other['id']}", target
    back = browser.post(f"/people/{other['id']}/remove", data={"csrf_token": csrf, "next": "/network"})
    assert back.headers["Location"] == "/network"
