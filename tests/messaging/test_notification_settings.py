"""Per-kind notification preferences: a kind turned off in the app creates no notification; the digest's kinds
and frequency; a 400 that names what is wrong; the settings form on the notifications page."""
import pytest

from tests.conftest import csrf_from
from tests.trust.conftest import World
from tests.trust.test_pages import log_in

SETTINGS = "/api/me/notification-settings"


@pytest.fixture
def world(api):
    return World(api)


def _settings(api, person):
    response = api.call("GET", SETTINGS, token=person["token"])
    assert response.status_code == 200
    return response.get_json()


def _kinds(api, person):
    return [n["kind"] for n in api.call("GET", "/api/notifications", token=person["token"]).get_json()["items"]]


def test_everything_is_on_and_no_digest_until_the_person_chooses(world, api):
    li = world.person("Li Na")
    settings = _settings(api, li)
    assert settings["digest"] == "off"
    assert settings["kinds"]["connection_request"] == {"in_app": True, "email": True}
    assert {"rfq", "quote", "approval_needed", "decision", "introduction"} <= set(settings["kinds"])


def test_a_kind_turned_off_in_the_app_creates_no_notification_for_that_person_only(world, api):
    li, wang, sun = world.person("Li Na"), world.person("Wang Wei"), world.person("Sun Yu")
    saved = api.call("PUT", SETTINGS, token=li["token"],
                     json={"kinds": {"connection_request": {"in_app": False}, "rfq": {"email": False}}, "digest": "daily"})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["kinds"]["connection_request"] == {"in_app": False, "email": True}
    assert body["kinds"]["rfq"] == {"in_app": True, "email": False} and body["digest"] == "daily"
    assert _settings(api, li) == body
    for target in (li, sun):  # Wang asks both; only Sun hears of it
        assert api.call("POST", "/api/connections/requests", token=wang["token"],
                        json={"to_user_id": target["id"]}).status_code == 201
    assert _kinds(api, li) == [] and _kinds(api, sun) == ["connection_request"]
    assert api.call("GET", "/api/me", token=li["token"]).get_json()["unread_notifications"] == 0
    api.call("PUT", SETTINGS, token=li["token"], json={"kinds": {"connection_request": {"in_app": True}}})
    assert api.call("POST", "/api/connections/requests", token=sun["token"], json={"to_user_id": li["id"]}).status_code == 201
    assert _kinds(api, li) == ["connection_request"]
    assert _settings(api, li)["digest"] == "daily"  # a PUT of some kinds leaves the rest as they were


@pytest.mark.parametrize("body, field", [
    ({"kinds": {"gossip": {"in_app": False}}}, "kinds.gossip"),
    ({"kinds": {"rfq": {"in_app": "maybe"}}}, "kinds.rfq.in_app"),
    ({"kinds": {"rfq": {"sms": True}}}, "kinds.rfq.sms"),
    ({"kinds": {"rfq": False}}, "kinds.rfq"),
    ({"digest": "hourly"}, "digest"),
    ({"colour": "red"}, "colour"),
])
def test_an_unknown_kind_or_value_is_a_400_naming_it(world, api, body, field):
    li = world.person("Li Na")
    response = api.call("PUT", SETTINGS, token=li["token"], json=body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]
    assert _settings(api, li)["digest"] == "off"


def test_settings_need_a_login(client):
    assert client.get(SETTINGS).status_code == 401


def test_the_notifications_page_changes_the_settings_with_its_form(world, api, app):
    li = world.person("Li Na")
    browser, _ = log_in(app, li)
    page = browser.get("/notifications").get_data(as_text=True)
    assert 'action="/notifications/settings"' in page and 'name="in_app:rfq"' in page
    form = {"csrf_token": csrf_from(page), "in_app:rfq": "on", "email:rfq": "on", "digest": "weekly"}
    assert browser.post("/notifications/settings", data={k: v for k, v in form.items() if k != "csrf_token"}).status_code == 400
    saved = browser.post("/notifications/settings", data=form, follow_redirects=True)
    assert saved.status_code == 200 and "Notification settings saved." in saved.get_data(as_text=True)
    settings = _settings(api, li)
    assert settings["digest"] == "weekly" and settings["kinds"]["rfq"] == {"in_app": True, "email": True}
    assert settings["kinds"]["connection_request"] == {"in_app": False, "email": False}  # left unticked
    assert 'name="in_app:connection_request" id="in_app-connection_request"' in saved.get_data(as_text=True)
