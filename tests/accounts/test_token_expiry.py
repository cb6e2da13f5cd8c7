"""API tokens expire: 90 days unless the caller chooses (up to a year); an expired token is a 401."""
from datetime import datetime, timedelta, timezone

import pytest
from babel.dates import format_date
from sqlalchemy import update

from accounts.models import ApiToken
from core.extensions import socketio
from tests.conftest import PASSWORD, csrf_from


def expire_all_tokens(app):
    with app.extensions["sql_sessions"]() as session:
        session.execute(update(ApiToken).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        session.commit()


def days_until(stamp: str) -> float:
    return (datetime.fromisoformat(stamp) - datetime.now(timezone.utc)).total_seconds() / 86400


def test_a_token_lives_90_days_by_default_or_as_long_as_asked(api):
    user = api.register()
    default = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD}).get_json()
    assert 89.9 < days_until(default["expires_at"]) <= 90
    short = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD,
                                                      "expires_in_days": 7}).get_json()
    assert 6.9 < days_until(short["expires_at"]) <= 7
    listed = api.call("GET", "/api/auth/tokens", token=short["token"]).get_json()["items"]
    assert sorted(round(days_until(t["expires_at"])) for t in listed) == [7, 90]


@pytest.mark.parametrize("days", [0, 366, -1, "30", 1.5])
def test_a_lifetime_out_of_range_is_400_naming_it(api, days):
    user = api.register()
    response = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD,
                                                         "expires_in_days": days})
    assert response.status_code == 400 and "expires_in_days" in response.get_json()["fields"]
    assert response.get_json()["fields"]["expires_in_days"] != ["Unknown field."]


def test_an_expired_token_is_401_everywhere(app, api):
    user, token = api.user_with_token()
    assert api.call("GET", "/api/me", token=token).status_code == 200
    expire_all_tokens(app)
    response = api.call("GET", "/api/me", token=token)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    assert not socketio.test_client(app, auth={"token": token}).is_connected()
    assert api.call("GET", "/api/auth/tokens", token=api.token(user["email"])).get_json()["items"][0]["expires_at"]


def test_the_profile_page_shows_when_each_token_expires(app, api):
    user = api.register()
    browser = app.test_client()
    browser.post("/login", data={"csrf_token": csrf_from(browser.get("/login").get_data(as_text=True)),
                                 "email": user["email"], "password": PASSWORD})
    page = browser.get("/profile").get_data(as_text=True)
    created = browser.post("/profile/tokens", data={"csrf_token": csrf_from(page), "label": "CRM script",
                                                    "expires_in_days": "30"})
    assert created.status_code == 302
    page = browser.get("/profile").get_data(as_text=True)
    in_30_days = format_date(datetime.now(timezone.utc) + timedelta(days=30), "medium", locale="en")  # |day
    assert "CRM script" in page and f'<td class="expires">{in_30_days}' in page
    assert f"valid until {in_30_days}" in page  # the flash that shows the token once
