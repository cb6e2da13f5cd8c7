"""The browser pages through the test client: forms, CSRF, escaping, organization admin."""
from tests.conftest import PASSWORD, csrf_from


def register_in_browser(client, name="Li Wei", email="li.wei@example.com", **fields):
    token = csrf_from(client.get("/register").get_data(as_text=True))
    return client.post("/register", data={"csrf_token": token, "name": name, "email": email,
                                          "password": PASSWORD, **fields})


def test_register_form_logs_in_and_shows_the_profile(client):
    response = register_in_browser(client, company="Sinopec")
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile")
    page = client.get("/profile").get_data(as_text=True)
    assert "Li Wei" in page and "Sinopec" in page and "li.wei@example.com" in page


def test_forms_without_csrf_token_are_refused(client):
    response = client.post("/register", data={"name": "X", "email": "x@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_register_form_shows_field_errors(client):
    response = register_in_browser(client, email="not-an-email")
    assert response.status_code == 400
    assert "Not a valid email address." in response.get_data(as_text=True)


def test_profile_output_is_escaped(client):
    register_in_browser(client, name="<script>alert(1)</script>")
    page = client.get("/profile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_login_logout_and_wrong_password(client, api):
    api.register("Wu Xin", email="wu.xin@example.com")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    wrong = client.post("/login", data={"csrf_token": token, "email": "wu.xin@example.com", "password": "nope nope nope"})
    assert wrong.status_code == 401 and "Invalid email or password." in wrong.get_data(as_text=True)
    ok = client.post("/login?next=/orgs", data={"csrf_token": token, "email": "WU.XIN@example.com", "password": PASSWORD})
    assert ok.status_code == 302 and ok.headers["Location"] == "/orgs"
    assert client.get("/profile").status_code == 200
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/profile").status_code == 302


def test_login_never_redirects_off_site(client, api):
    api.register("Wu Xin", email="wu.xin@example.com")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=https://evil.example/", data={
        "csrf_token": token, "email": "wu.xin@example.com", "password": PASSWORD})
    assert response.headers["Location"] == "/home"  # what waits for them, not the address offered


def test_edit_profile_sets_privacy_flags(client):
    register_in_browser(client)
    token = csrf_from(client.get("/profile/edit").get_data(as_text=True))
    response = client.post("/profile/edit", data={"csrf_token": token, "name": "Li Wei", "title": "Buyer",
                                                  "crm_consent": "on"})
    assert response.status_code == 302
    me = client.get("/api/me").get_json()
    assert me["title"] == "Buyer" and me["crm_consent"] is True and me["suggestible"] is False


def test_session_cookie_api_writes_need_the_csrf_header(client):
    register_in_browser(client)
    assert client.patch("/api/me", json={"title": "CEO"}).status_code == 400
    token = csrf_from(client.get("/profile").get_data(as_text=True))
    assert client.patch("/api/me", json={"title": "CEO"}, headers={"X-CSRFToken": token}).status_code == 200


def test_org_admin_adds_a_member_by_email_and_members_see_no_admin_form(app, api):
    admin, member, outsider = app.test_client(), app.test_client(), app.test_client()
    register_in_browser(admin, "Admin Zhang", "admin@example.com")
    register_in_browser(member, "Member Liu", "member@example.com")
    register_in_browser(outsider, "Outsider Sun", "outsider@example.com")
    token = csrf_from(admin.get("/orgs").get_data(as_text=True))
    created = admin.post("/orgs", data={"csrf_token": token, "name": "Valve Sales", "domain": ""})
    org_url = created.headers["Location"]
    missing = admin.post(org_url + "/members", data={"csrf_token": token, "email": "nobody@example.com"})
    assert missing.status_code == 404 and "No account with this email." in missing.get_data(as_text=True)
    admin.post(org_url + "/members", data={"csrf_token": token, "email": "MEMBER@example.com", "role": "member"})
    assert "Member Liu" in admin.get(org_url).get_data(as_text=True)  # invited, not answered yet
    assert member.get(org_url).status_code == 403  # nothing of the org until they say yes
    invitations = member.get("/orgs").get_data(as_text=True)
    assert "Valve Sales" in invitations and "Accept" in invitations
    accept_url = org_url + "/membership/accept"
    member.post(accept_url, data={"csrf_token": csrf_from(invitations)})
    member_view = member.get(org_url).get_data(as_text=True)
    assert "Valve Sales" in member_view and "Invite a member" not in member_view
    assert outsider.get(org_url).status_code == 403
