"""Org API keys: shown once, stored hashed, scoped, and reaching their own org's post office only."""
from tests.postoffice.conftest import SECRET, team_with_lead


def make_key(api, token, org_id, scopes, name="SRM bridge"):
    response = api.call("POST", f"/api/orgs/{org_id}/api-keys", token=token, json={"name": name, "scopes": scopes})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_key_is_shown_once_and_listed_without_it(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    made = make_key(api, token, org_id, ["events:read"])
    assert made["key"].startswith("gxk_") and made["scopes"] == ["events:read"]
    [listed] = api.call("GET", f"/api/orgs/{org_id}/api-keys", token=token).get_json()["items"]
    assert "key" not in listed and listed["id"] == made["id"] and made["key"].startswith(listed["hint"])


def test_a_key_reads_its_orgs_feed_and_nothing_else(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    other_admin, other_token, other_org, _ = team_with_lead(crm, name="Other Team")
    key = make_key(api, token, org_id, ["events:read"])["key"]
    assert api.call("GET", f"/api/orgs/{org_id}/events", token=key).get_json()["items"][0]["type"] == "lead.created"
    assert api.call("GET", f"/api/orgs/{other_org}/events", token=key).status_code == 404
    assert api.call("GET", f"/api/orgs/{org_id}/webhooks", token=key).status_code == 403  # no webhooks:read
    for path in ("/api/me", f"/api/orgs/{org_id}/crm/leads", "/api/conversations", f"/api/orgs/{org_id}/api-keys"):
        assert api.call("GET", path, token=key).status_code in (401, 403), path
    assert api.call("POST", f"/api/orgs/{org_id}/api-keys", token=key,
                    json={"name": "more", "scopes": ["events:read"]}).status_code == 403


def test_a_key_with_webhooks_write_adds_a_webhook_without_csrf(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    key = make_key(api, token, org_id, ["webhooks:write", "webhooks:read"])["key"]
    body = {"url": "https://hooks.example.com/in", "secret": SECRET, "types": ["lead.*"]}
    assert api.call("POST", f"/api/orgs/{org_id}/webhooks", token=key, json=body).status_code == 201
    assert len(api.call("GET", f"/api/orgs/{org_id}/webhooks", token=key).get_json()["items"]) == 1
    assert api.call("GET", f"/api/orgs/{org_id}/events", token=key).status_code == 403


def test_a_revoked_key_stops_at_once(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    made = make_key(api, token, org_id, ["events:read"])
    assert api.call("DELETE", f"/api/orgs/{org_id}/api-keys/{made['id']}", token=token).status_code == 204
    assert api.call("GET", f"/api/orgs/{org_id}/events", token=made["key"]).status_code == 401
    assert api.call("DELETE", f"/api/orgs/{org_id}/api-keys/{made['id']}", token=token).status_code == 404


def test_bad_keys_are_400s_and_only_admins_make_them(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    for body, field in (({"name": "x", "scopes": ["events:write"]}, "scopes"), ({"name": "x", "scopes": []}, "scopes"),
                        ({"name": "", "scopes": ["events:read"]}, "name"), ({"name": "x", "scopes": "events:read"}, "scopes")):
        response = api.call("POST", f"/api/orgs/{org_id}/api-keys", token=token, json=body)
        assert response.status_code == 400 and field in response.get_json()["fields"], body
    member, member_token = crm.person("Max Member", consent=False)
    crm.join(token, org_id, {**member, "token": member_token})
    body = {"name": "x", "scopes": ["events:read"]}
    assert api.call("POST", f"/api/orgs/{org_id}/api-keys", token=member_token, json=body).status_code == 403
    assert api.call("GET", f"/api/orgs/{org_id}/events", token=member_token).status_code == 200  # members read
    stranger, stranger_token = crm.person("Sam Stranger", consent=False)
    assert api.call("POST", f"/api/orgs/{org_id}/api-keys", token=stranger_token, json=body).status_code == 404
    assert api.call("GET", f"/api/orgs/{org_id}/api-keys", token="gxk_forged").status_code == 401


def test_the_integrations_page_makes_a_key_and_a_webhook(crm, api, client):
    from tests.conftest import PASSWORD, csrf_from
    admin, token, org_id, _ = team_with_lead(crm)
    login = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": admin["email"], "password": PASSWORD, "csrf_token": login})
    page = client.get(f"/orgs/{org_id}/integrations")
    assert page.status_code == 200, page.status_code
    csrf = csrf_from(page.get_data(as_text=True))
    made = client.post(f"/orgs/{org_id}/integrations", data={"csrf_token": csrf, "action": "add_key", "name": "ERP",
                                                             "scopes": ["events:read"]})
    assert made.status_code == 200 and "gxk_" in made.get_data(as_text=True)
    bad = client.post(f"/orgs/{org_id}/integrations", data={"csrf_token": csrf, "action": "add_webhook",
                                                            "url": "ftp://x", "secret": SECRET, "types": "lead.*"})
    assert bad.status_code == 400
