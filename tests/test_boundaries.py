"""Request boundaries: body size, per-person rate limits, proxies, CSRF with a junk bearer, safe redirects."""
from tests.conftest import PASSWORD, Api, csrf_from, make_app


def test_a_body_over_the_maximum_is_413_before_it_is_parsed(api):
    _, token = api.user_with_token()
    big = {"headline": "x" * (1024 * 1024)}
    response = api.call("PATCH", "/api/me", token=token, json=big)
    assert response.status_code == 413 and response.get_json()["error"] == "request_entity_too_large"


def test_failed_logins_from_elsewhere_never_lock_the_owner_out(db_url, graph_db):
    """Before: ten wrong passwords from anywhere made the owner's right password a 429 too."""
    app = make_app(db_url)
    owner = Api(app.test_client())
    user = owner.register()
    attacker = app.test_client()
    for _ in range(12):
        attacker.post("/api/auth/token", json={"email": user["email"], "password": "wrong password"},
                      environ_base={"REMOTE_ADDR": "203.0.113.9"})
    blocked = attacker.post("/api/auth/token", json={"email": user["email"], "password": "wrong password"},
                            environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert blocked.status_code == 429
    assert owner.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD}).status_code == 200


def test_rate_limits_are_per_person_behind_one_office_address(db_url, graph_db):
    """Before: everyone behind one address shared one budget."""
    api = Api(make_app(db_url, RATELIMIT_DEFAULT="5/minute").test_client())
    _, busy = api.user_with_token("Busy Li")
    _, calm = api.user_with_token("Calm Wang")
    statuses = [api.call("GET", "/api/me", token=busy).status_code for _ in range(6)]
    assert statuses[-1] == 429
    assert api.call("GET", "/api/me", token=calm).status_code == 200


def test_trusted_proxies_decide_which_address_counts(db_url, graph_db):
    app = make_app(db_url, TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2/minute")
    client = app.test_client()

    def failed(forwarded):
        return client.post("/api/auth/token", json={"email": "nobody@example.com", "password": "wrong password"},
                           headers={"X-Forwarded-For": forwarded}).status_code

    assert [failed("198.51.100.1") for _ in range(3)][-1] == 429
    assert failed("198.51.100.2") == 401  # another person behind the same proxy


def test_a_junk_bearer_header_does_not_switch_csrf_off_for_a_cookie_session(app, api):
    user = api.register("Li Wei")
    browser = app.test_client()
    form = browser.get("/login").get_data(as_text=True)
    browser.post("/login", data={"email": user["email"], "password": PASSWORD, "csrf_token": csrf_from(form)})
    forged = browser.patch("/api/me", json={"title": "Hacked"}, headers={"Authorization": "Bearer junk"})
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf"
    token = api.token(user["email"])
    assert browser.patch("/api/me", json={"title": "Buyer"}, headers={"Authorization": f"Bearer {token}"}).status_code \
        == 200


def test_next_with_a_tab_never_leaves_the_site(app, api):
    """Before: `next=/\\t/evil.example` on network forms redirected off-site (browsers drop the tab)."""
    user, _ = api.user_with_token("Li Wei")
    other, _ = api.user_with_token("Wang Fang")
    browser = app.test_client()
    form = browser.get("/login").get_data(as_text=True)
    browser.post("/login", data={"email": user["email"], "password": PASSWORD, "csrf_token": csrf_from(form)})
    token = csrf_from(browser.get("/network").get_data(as_text=True))
    for evil in ("/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"):
        response = browser.post(f"/people/{other['id']}/connect", data={"csrf_token": token, "next": evil})
        assert response.status_code == 302
        assert "evil.example" not in response.headers["Location"], evil
