"""API.md's notifications: each kind from the event that causes it, with its actor and subject; read one by one,
on click, and counted on GET /api/me."""
import pytest

from tests.trust.conftest import World
from tests.trust.test_pages import log_in


@pytest.fixture
def world(api):
    """People, companies and requests through the API (the trust tests' helpers)."""
    return World(api)


def _notices(api, person, kind=None):
    items = api.call("GET", "/api/notifications", token=person["token"]).get_json()["items"]
    return [n for n in items if kind is None or n["kind"] == kind]


def test_a_connection_request_and_its_acceptance_tell_the_other_side(world, api):
    li, wang = world.person("Li Na"), world.person("Wang Wei", headline="Buyer at Sinopec")
    asked = api.call("POST", "/api/connections/requests", token=li["token"], json={"to_user_id": wang["id"]})
    assert asked.status_code == 201
    [notice] = _notices(api, wang, "connection_request")
    assert notice["actor"]["id"] == li["id"] and notice["actor"]["name"] == "Li Na" and "email" not in notice["actor"]
    assert notice["subject"] == {"type": "connection_request", "id": asked.get_json()["id"]}
    assert notice["text"] == "Li Na asked to connect with you" and notice["read"] is False
    accepted = api.call("POST", f"/api/connections/requests/{asked.get_json()['id']}/accept", token=wang["token"])
    assert accepted.status_code == 200
    [news] = _notices(api, li, "connection_accepted")
    assert news["actor"]["headline"] == "Buyer at Sinopec" and news["subject"] == {"type": "person", "id": wang["id"]}
    assert _notices(api, wang, "connection_accepted") == []  # the one who said yes is not told


def test_an_invitation_and_an_answer_to_my_request(world, api):
    admin, invitee = world.person("Admin Zhang"), world.person("Invitee Liu")
    org = api.call("POST", "/api/orgs", token=admin["token"], json={"name": "Valve Buyers"}).get_json()
    api.call("POST", f"/api/orgs/{org['id']}/members", token=admin["token"], json={"user_id": invitee["id"], "role": "member"})
    [invited] = _notices(api, invitee, "invitation")
    assert invited["actor"]["id"] == admin["id"] and invited["subject"] == {"type": "org", "id": org["id"]}

    asker, friend, seller = world.person("Asker Li"), world.person("Friend Wang", industry="Industrial Equipment"), \
        world.person("Seller Sun")
    world.connect((asker, friend))
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")
    request_id = world.ask(asker, "Industrial valves").get_json()["id"]
    assert world.answer(friend, request_id, vendor, "Reliable").status_code == 201
    [answer] = _notices(api, asker, "recommendation_answer")
    assert answer["text"] == "Friend Wang recommended Hangzhou Valve Works for Industrial valves"
    assert answer["actor"]["id"] == friend["id"]
    assert answer["subject"] == {"type": "recommendation_request", "id": request_id}


def test_read_one_by_one_counted_on_me_and_on_click(world, api, app):
    li, wang, sun = world.person("Li Na"), world.person("Wang Wei"), world.person("Sun Yu")
    for person in (wang, sun):
        api.call("POST", "/api/connections/requests", token=person["token"], json={"to_user_id": li["id"]})
    assert api.call("GET", "/api/me", token=li["token"]).get_json()["unread_notifications"] == 2
    first, second = _notices(api, li)
    assert api.call("POST", f"/api/notifications/{first['id']}/read", token=wang["token"]).status_code == 404
    read = api.call("POST", f"/api/notifications/{first['id']}/read", token=li["token"])
    assert read.status_code == 200 and read.get_json() == {"unread": 1}
    browser, _ = log_in(app, li)
    page = browser.get("/notifications").get_data(as_text=True)
    assert f"/notifications/{second['id']}" in page
    clicked = browser.get(f"/notifications/{second['id']}")
    assert clicked.status_code == 302 and clicked.headers["Location"].endswith("/network")
    assert api.call("GET", "/api/me", token=li["token"]).get_json()["unread_notifications"] == 0
    stranger, _ = log_in(app, wang)
    assert stranger.get(f"/notifications/{second['id']}").status_code == 404
