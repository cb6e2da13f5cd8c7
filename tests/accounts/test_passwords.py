"""Password reset by mail and password change, through the API: single-use tokens, and every other session ends."""
import pytest
from sqlalchemy import select

from accounts.models import PasswordReset
from core.extensions import socketio
from tests.accounts.conftest import outbox, sign_up
from tests.conftest import PASSWORD, csrf_from
from tests.mail_server import reset_token_in, text_of, wait_for

NEW_PASSWORD = "a much better passphrase"


def reset_mail(smtp, email, count=1):
    def found():
        mails = [m for m in smtp.to(email) if "Reset" in m["Subject"]]
        return len(mails) >= count and mails
    return wait_for(found, what=f"reset mail {count} to {email}")[count - 1]


def browser_login(app, email, password=PASSWORD, remember=False):
    browser = app.test_client()
    token = csrf_from(browser.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": email, "password": password, **({"remember": "on"} if remember else {})}
    assert browser.post("/login", data=data).status_code == 302
    return browser


def test_reset_is_202_for_known_and_unknown_emails_and_mails_only_the_known(app, api, smtp):
    me = sign_up(api)
    known = api.call("POST", "/api/auth/password-reset", json={"email": me["email"].upper()})
    unknown = api.call("POST", "/api/auth/password-reset", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert "token=" in text_of(reset_mail(smtp, me["email"]))
    wait_for(lambda: all(m.sent_at for m in outbox(app)), what="the outbox to drain")
    assert smtp.to("nobody@example.com") == [] and len(outbox(app)) == 2  # the sign-up code and the reset


@pytest.mark.parametrize("body, field", [({}, "email"), ({"email": "not-an-email"}, "email"), ({"email": 7}, "email")])
def test_reset_request_bad_input_is_400(api, body, field):
    response = api.call("POST", "/api/auth/password-reset", json=body)
    assert response.status_code == 400 and field in response.get_json()["fields"]


def test_reset_token_sets_the_password_once_and_ends_every_session_and_token(app, api, smtp):
    me = sign_up(api)
    other_token = api.token(me["email"])
    browser = browser_login(app, me["email"])
    api.call("POST", "/api/auth/password-reset", json={"email": me["email"]})
    token = reset_token_in(reset_mail(smtp, me["email"]))
    done = api.call("POST", "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200
    for bearer in (me["token"], other_token):
        assert api.call("GET", "/api/me", token=bearer).status_code == 401
    assert browser.get("/api/me").status_code == 401 and browser.get("/profile").status_code == 302
    again = api.call("POST", "/api/auth/password-reset/confirm", json={"token": token, "password": "yet another one!"})
    assert again.status_code == 400 and "token" in again.get_json()["fields"]
    assert api.call("POST", "/api/auth/token", json={"email": me["email"], "password": PASSWORD}).status_code == 401
    fresh = api.token(me["email"], NEW_PASSWORD)
    assert api.call("GET", "/api/me", token=fresh).get_json()["email_verified"] is True  # the link proved it
    wait_for(lambda: any("changed" in m["Subject"] for m in smtp.to(me["email"])), what="the notice")


def test_only_the_hash_of_a_reset_token_is_stored_and_a_sent_mail_keeps_no_text(app, api, smtp):
    me = sign_up(api)
    api.call("POST", "/api/auth/password-reset", json={"email": me["email"]})
    token = reset_token_in(reset_mail(smtp, me["email"]))
    wait_for(lambda: all(m.sent_at for m in outbox(app)), what="the outbox to drain")
    with app.extensions["sql_sessions"]() as session:
        stored = session.scalars(select(PasswordReset.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0]
    assert all(m.message is None for m in outbox(app))


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 201, None])
def test_bad_reset_tokens_are_400_naming_token(api, token):
    response = api.call("POST", "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400 and "token" in response.get_json()["fields"]


def test_an_expired_reset_token_is_400_and_a_short_password_names_password(app, api, smtp):
    me = sign_up(api)
    api.call("POST", "/api/auth/password-reset", json={"email": me["email"]})
    token = reset_token_in(reset_mail(smtp, me["email"]))
    short = api.call("POST", "/api/auth/password-reset/confirm", json={"token": token, "password": "short"})
    assert short.status_code == 400 and set(short.get_json()["fields"]) == {"password"}
    with app.extensions["sql_sessions"]() as session:  # 31 minutes later
        reset = session.scalars(select(PasswordReset)).one()
        reset.expires_at = reset.created_at.replace(year=2000)
        session.commit()
    expired = api.call("POST", "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert expired.status_code == 400 and "token" in expired.get_json()["fields"]
    assert api.token(me["email"])  # the password did not change


def test_a_reset_token_lives_30_minutes_and_only_three_links_are_live_at_once(app, api, smtp):
    me = sign_up(api)
    for _ in range(4):
        assert api.call("POST", "/api/auth/password-reset", json={"email": me["email"]}).status_code == 202
    reset_mail(smtp, me["email"], 3)
    with app.extensions["sql_sessions"]() as session:
        resets = session.scalars(select(PasswordReset)).all()
    assert len(resets) == 3
    assert all(1799 <= (r.expires_at - r.created_at).total_seconds() <= 1800 for r in resets)
    first = reset_token_in(reset_mail(smtp, me["email"], 1))
    ok = api.call("POST", "/api/auth/password-reset/confirm", json={"token": first, "password": NEW_PASSWORD})
    assert ok.status_code == 200
    later = reset_token_in(reset_mail(smtp, me["email"], 3))  # mailed before the change: it must not undo it
    undo = api.call("POST", "/api/auth/password-reset/confirm", json={"token": later, "password": PASSWORD})
    assert undo.status_code == 400


def test_reset_requests_are_rate_limited_per_address(api):
    for i in range(5):
        api.call("POST", "/api/auth/password-reset", json={"email": f"x{i}@example.com"})
    limited = api.call("POST", "/api/auth/password-reset", json={"email": "y@example.com"})
    assert limited.status_code == 429


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, api, smtp):
    me = sign_up(api)
    other_token = api.token(me["email"])
    laptop, phone = browser_login(app, me["email"]), browser_login(app, me["email"], remember=True)
    phone_socket = socketio.test_client(app, flask_test_client=phone)
    assert phone_socket.is_connected()
    page = laptop.get("/profile").get_data(as_text=True)
    changed = laptop.post("/api/me/password", headers={"X-CSRFToken": csrf_from(page)},
                          json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200
    assert laptop.get("/api/me").status_code == 200  # this session goes on
    assert phone.get("/api/me").status_code == 401  # session and remember-me cookie both stale
    assert not phone_socket.is_connected()
    assert not socketio.test_client(app, flask_test_client=phone).is_connected()
    for bearer in (me["token"], other_token):
        assert api.call("GET", "/api/me", token=bearer).status_code == 401
        assert not socketio.test_client(app, auth={"token": bearer}).is_connected()
    assert socketio.test_client(app, flask_test_client=laptop).is_connected()
    wait_for(lambda: any("changed" in m["Subject"] for m in smtp.to(me["email"])), what="the notice")


def test_changing_with_a_token_keeps_that_token_only(api):
    me = sign_up(api)
    other_token = api.token(me["email"])
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert api.call("POST", "/api/me/password", token=me["token"], json=body).status_code == 200
    assert api.call("GET", "/api/me", token=me["token"]).status_code == 200
    assert api.call("GET", "/api/me", token=other_token).status_code == 401


def test_a_wrong_current_password_is_400_naming_it_and_limited(api):
    me = sign_up(api)
    body = {"current_password": "not my password", "new_password": NEW_PASSWORD}
    for _ in range(10):
        wrong = api.call("POST", "/api/me/password", token=me["token"], json=body)
        assert wrong.status_code == 400 and set(wrong.get_json()["fields"]) == {"current_password"}
    assert api.call("POST", "/api/me/password", token=me["token"], json=body).status_code == 429
    assert api.call("GET", "/api/me", token=me["token"]).status_code == 200  # nothing ended


@pytest.mark.parametrize("body, fields", [
    ({"current_password": PASSWORD, "new_password": "short"}, {"new_password"}),
    ({"new_password": NEW_PASSWORD}, {"current_password"}),
    ({"current_password": PASSWORD, "new_password": ["x"]}, {"new_password"}),
])
def test_change_bad_input_is_400_naming_fields(api, body, fields):
    me = sign_up(api)
    response = api.call("POST", "/api/me/password", token=me["token"], json=body)
    assert response.status_code == 400 and set(response.get_json()["fields"]) == fields


def test_change_needs_a_login_and_a_csrf_token_with_a_cookie(app, api):
    assert api.call("POST", "/api/me/password", json={"current_password": PASSWORD,
                                                      "new_password": NEW_PASSWORD}).status_code == 401
    me = sign_up(api)
    browser = browser_login(app, me["email"])
    refused = browser.post("/api/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
