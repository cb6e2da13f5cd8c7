"""The password pages: forgot password from the login page, the mailed reset form, change on the profile page."""
from urllib.parse import urlsplit

from tests.accounts.conftest import sign_up
from tests.accounts.test_passwords import NEW_PASSWORD, browser_login, reset_mail
from tests.conftest import PASSWORD, csrf_from
from tests.mail_server import link_in


def test_forgot_password_is_linked_from_login_and_answers_alike_for_any_email(app, api, smtp):
    me = sign_up(api)
    browser = app.test_client()
    login = browser.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in login
    form = browser.get("/password/forgot").get_data(as_text=True)
    assert browser.post("/password/forgot", data={"email": me["email"]}).status_code == 400  # no CSRF token
    known = browser.post("/password/forgot", data={"email": me["email"], "csrf_token": csrf_from(form)})
    unknown = browser.post("/password/forgot", data={"email": "nobody@example.com", "csrf_token": csrf_from(form)})
    assert known.status_code == unknown.status_code == 200
    # The pages' CSRF tokens carry the second they were signed in, which may tick between the two answers.
    text = _without_csrf(known.get_data(as_text=True)).replace(me["email"], "nobody@example.com")
    assert text == _without_csrf(unknown.get_data(as_text=True))
    assert reset_mail(smtp, me["email"]) and smtp.to("nobody@example.com") == []
    bad = browser.post("/password/forgot", data={"email": "nope", "csrf_token": csrf_from(form)})
    assert bad.status_code == 400 and "Not a valid email address." in bad.get_data(as_text=True)


def _without_csrf(page: str) -> str:
    return page.replace(csrf_from(page), "<csrf token>")


def test_opening_the_forgot_form_spends_none_of_the_reset_budget(client):
    for _ in range(6):
        form = client.get("/password/forgot")
        assert form.status_code == 200
    sent = client.post("/password/forgot", data={"email": "someone@example.com",
                                                 "csrf_token": csrf_from(form.get_data(as_text=True))})
    assert sent.status_code == 200


def test_the_mailed_link_opens_a_form_that_sets_the_password_and_logs_in(app, api, smtp):
    me = sign_up(api)
    elsewhere = browser_login(app, me["email"])
    api.call("POST", "/api/auth/password-reset", json={"email": me["email"]})
    link = urlsplit(link_in(reset_mail(smtp, me["email"])))
    browser = app.test_client()
    page = browser.get(f"{link.path}?{link.query}").get_data(as_text=True)
    token = link.query.removeprefix("token=")
    assert f'name="token" value="{token}"' in page
    differ = browser.post("/password/reset", data={"csrf_token": csrf_from(page), "token": token,
                                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert differ.status_code == 400 and "not the same" in differ.get_data(as_text=True)
    assert browser.post("/password/reset", data={"token": token, "password": NEW_PASSWORD,
                                                 "confirm": NEW_PASSWORD}).status_code == 400  # no CSRF token
    done = browser.post("/password/reset", data={"csrf_token": csrf_from(page), "token": token,
                                                 "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/profile")
    assert browser.get("/api/me").get_json()["email"] == me["email"]
    assert elsewhere.get("/profile").status_code == 302  # the other browser is logged out
    used = browser.get(f"{link.path}?{link.query}").get_data(as_text=True)
    assert "invalid, used or expired" in used and 'href="/password/forgot"' in used


def test_a_bad_link_says_so_before_anyone_types_a_password(client):
    page = client.get("/password/reset?token=made-up").get_data(as_text=True)
    assert "invalid, used or expired" in page and 'name="password"' not in page


def test_the_profile_page_changes_the_password_and_logs_out_other_browsers(app, api):
    me = sign_up(api)
    laptop, phone = browser_login(app, me["email"]), browser_login(app, me["email"])
    page = laptop.get("/profile").get_data(as_text=True)
    assert 'action="/profile/password"' in page
    wrong = laptop.post("/profile/password", data={"csrf_token": csrf_from(page), "current_password": "not it at all",
                                                   "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "This is not your current password." in wrong.get_data(as_text=True)
    short = laptop.post("/profile/password", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                                   "new_password": "short", "confirm": "short"})
    assert short.status_code == 400 and "Length must be between 10 and 256." in short.get_data(as_text=True)
    done = laptop.post("/profile/password", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                                  "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert laptop.get("/profile").status_code == 200 and phone.get("/profile").status_code == 302
    assert api.call("GET", "/api/me", token=me["token"]).status_code == 401
    assert browser_login(app, me["email"], NEW_PASSWORD)
