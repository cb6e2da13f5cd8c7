"""Email verification through the API and the pages: a 6-digit code mailed at sign-up, a few tries, resend."""
from urllib.parse import urlsplit

import pytest

from tests.accounts.conftest import sign_up
from tests.conftest import PASSWORD, csrf_from
from tests.mail_server import code_in, html_of, link_in, wait_for


def code_for(smtp, email, count=1):
    mails = wait_for(lambda: len(smtp.to(email)) >= count and smtp.to(email), what=f"mail {count} to {email}")
    return code_in(mails[count - 1])


def test_registering_mails_a_code_that_verifies_the_address(api, smtp):
    me = sign_up(api, "Zhang Min")
    assert api.call("GET", "/api/me", token=me["token"]).get_json()["email_verified"] is False
    code = code_for(smtp, me["email"])
    mail = smtp.to(me["email"])[0]
    assert code in mail["Subject"] and code in html_of(mail)
    assert smtp.envelopes[0] == ("no-reply@localhost", [me["email"]])
    response = api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": code})
    assert response.status_code == 200 and response.get_json()["email_verified"] is True
    assert api.call("GET", "/api/me", token=me["token"]).get_json()["email_verified"] is True


def test_the_mailed_link_carries_the_code_and_points_at_public_url(api, smtp):
    me = sign_up(api)
    code = code_for(smtp, me["email"])
    link = urlsplit(link_in(smtp.to(me["email"])[0]))
    assert f"{link.scheme}://{link.netloc}" == "http://127.0.0.1:5000"  # PUBLIC_URL, not the request's Host
    assert link.path == "/verify-email" and link.query == f"code={code}"


@pytest.mark.parametrize("body", [{"code": "12345"}, {"code": "abcdef"}, {"code": 123456}, {}, {"code": "1234567"}])
def test_malformed_codes_are_400_naming_code(api, body):
    me = sign_up(api)
    response = api.call("POST", "/api/me/email/verify", token=me["token"], json=body)
    assert response.status_code == 400 and "code" in response.get_json()["fields"]


def test_a_wrong_code_is_400_naming_code_and_tries_are_limited(api, smtp):
    me = sign_up(api)
    code = code_for(smtp, me["email"])
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    for _ in range(5):
        response = api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": wrong})
        assert response.status_code == 400 and "code" in response.get_json()["fields"]
    # Five wrong tries use the code up: even the right one no longer works.
    spent = api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": code})
    assert spent.status_code == 429 and "code" in spent.get_json()["fields"]
    assert api.call("GET", "/api/me", token=me["token"]).get_json()["email_verified"] is False
    assert api.call("POST", "/api/me/email/resend", token=me["token"]).status_code == 202
    fresh = code_for(smtp, me["email"], 2)
    assert api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": fresh}).status_code == 200


def test_a_new_code_replaces_the_old_and_resending_is_rate_limited(api, smtp):
    me = sign_up(api)
    first = code_for(smtp, me["email"])
    assert api.call("POST", "/api/me/email/resend", token=me["token"]).status_code == 202
    second = code_for(smtp, me["email"], 2)
    again = api.call("POST", "/api/me/email/resend", token=me["token"])
    assert again.status_code == 429 and again.get_json()["error"] == "rate_limited"
    if first != second:
        old = api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": first})
        assert old.status_code == 400
    assert api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": second}).status_code == 200


def test_verified_addresses_get_no_more_codes(api, smtp):
    me = sign_up(api)
    api.call("POST", "/api/me/email/verify", token=me["token"], json={"code": code_for(smtp, me["email"])})
    response = api.call("POST", "/api/me/email/resend", token=me["token"])
    assert response.status_code == 409 and len(smtp.to(me["email"])) == 1


def test_verification_needs_a_login(client):
    assert client.post("/api/me/email/verify", json={"code": "123456"}).status_code == 401
    assert client.post("/api/me/email/resend").status_code == 401


def test_the_page_takes_the_code_from_the_mailed_link(app, api, smtp):
    me = sign_up(api, email="page.verify@example.com")
    link = urlsplit(link_in(wait_for(lambda: smtp.to(me["email"]))[0]))
    browser = app.test_client()
    login = csrf_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"csrf_token": login, "email": me["email"], "password": PASSWORD})
    page = browser.get(f"{link.path}?{link.query}").get_data(as_text=True)
    code = link.query.removeprefix("code=")
    assert f'value="{code}"' in page
    refused = browser.post("/verify-email", data={"code": code})  # no CSRF token
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    wrong = browser.post("/verify-email", data={"code": "000000" if code != "000000" else "111111",
                                                "csrf_token": csrf_from(page)})
    assert wrong.status_code == 400 and "not right" in wrong.get_data(as_text=True)
    done = browser.post("/verify-email", data={"code": code, "csrf_token": csrf_from(page)})
    assert done.status_code == 302
    assert 'id="email-verified">verified<' in browser.get("/profile").get_data(as_text=True)


def test_the_page_resends_a_code_at_most_once_a_minute(app, api, smtp):
    me = sign_up(api)
    wait_for(lambda: smtp.to(me["email"]))
    browser = app.test_client()
    login = csrf_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"csrf_token": login, "email": me["email"], "password": PASSWORD})
    page = browser.get("/verify-email").get_data(as_text=True)
    assert browser.post("/verify-email/resend", data={"csrf_token": csrf_from(page)}).status_code == 302
    wait_for(lambda: len(smtp.to(me["email"])) == 2)
    assert browser.post("/verify-email/resend", data={"csrf_token": csrf_from(page)}).status_code == 429
