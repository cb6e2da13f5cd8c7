"""Introductions through a mutual connection (API.md): ask, the mutual connection accepts and a three-person
conversation opens, or declines quietly; mutual connections by name; who may see and answer what."""
import pytest

from tests.trust.conftest import World
from tests.trust.test_pages import log_in


@pytest.fixture
def trio(api):
    world = World(api)
    me, via, target, other = (world.person(n) for n in ("Li Na", "Wang Wei", "Zhao Min", "Sun Yu"))
    world.connect((me, via), (via, target))
    return {"me": me, "via": via, "target": target, "other": other, "world": world, "api": api}


def _ask(api, asker, to, via, note=""):
    return api.call("POST", "/api/introductions", token=asker["token"],
                    json={"to_user_id": to["id"], "via_user_id": via["id"], "note": note})


def test_ask_accept_and_the_three_share_a_conversation(trio):
    api, me, via, target = trio["api"], trio["me"], trio["via"], trio["target"]
    mutual = api.call("GET", f"/api/people/{target['id']}/mutual-connections", token=me["token"]).get_json()
    assert [p["name"] for p in mutual["items"]] == ["Wang Wei"]
    asked = _ask(api, me, target, via, "We both work on DN50 valves")
    assert asked.status_code == 201 and asked.get_json()["status"] == "pending"
    intro = asked.get_json()
    notices = api.call("GET", "/api/notifications", token=via["token"]).get_json()["items"]
    assert [(n["kind"], n["actor"]["id"]) for n in notices] == [("introduction", me["id"])]
    assert api.call("GET", f"/api/introductions/{intro['id']}", token=target["token"]).status_code == 404
    assert api.call("POST", f"/api/introductions/{intro['id']}/accept", token=me["token"]).status_code == 403
    accepted = api.call("POST", f"/api/introductions/{intro['id']}/accept", token=via["token"])
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    conversation_id = accepted.get_json()["conversation_id"]
    for person in (me, target, via):
        listed = api.call("GET", "/api/conversations", token=person["token"]).get_json()["items"]
        assert [c["id"] for c in listed] == [conversation_id]
        assert sorted(p["id"] for p in listed[0]["participants"]) == sorted([me["id"], via["id"], target["id"]])
    told = api.call("GET", "/api/notifications", token=target["token"]).get_json()["items"]
    assert [(n["kind"], n["link"]) for n in told] == [("introduction", f"/chat?c={conversation_id}")]
    assert api.call("POST", f"/api/introductions/{intro['id']}/decline", token=via["token"]).status_code == 409


def test_declining_tells_nobody(trio):
    api, me, via, target = trio["api"], trio["me"], trio["via"], trio["target"]
    intro = _ask(api, me, target, via).get_json()
    declined = api.call("POST", f"/api/introductions/{intro['id']}/decline", token=via["token"])
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert api.call("GET", "/api/notifications", token=me["token"]).get_json()["items"] == []
    assert api.call("GET", "/api/notifications", token=target["token"]).get_json()["items"] == []
    assert _ask(api, me, target, via).status_code == 201  # asking again later is allowed


def test_only_a_mutual_connection_can_introduce_and_rules_name_their_fields(trio):
    api, me, via, target, other = trio["api"], trio["me"], trio["via"], trio["target"], trio["other"]
    not_mutual = _ask(api, me, target, other)
    assert not_mutual.status_code == 400 and "via_user_id" in not_mutual.get_json()["fields"]
    assert _ask(api, me, me, via).status_code == 400
    assert _ask(api, me, target, me).status_code == 400
    assert _ask(api, me, via, target).status_code == 409  # connected already: message them
    assert _ask(api, me, target, via).status_code == 201
    assert _ask(api, me, target, via).status_code == 409  # one pending ask per person
    assert api.call("POST", "/api/introductions", token=me["token"], json={"to_user_id": "x y"}).status_code == 400


def test_the_profile_names_mutual_connections_and_asks_from_there(trio, app):
    me, via, target = trio["me"], trio["via"], trio["target"]
    browser, token = log_in(app, me)
    page = browser.get(f"/people/{target['id']}").get_data(as_text=True)
    assert f'/people/{via["id"]}">Wang Wei</a>' in page and "Ask for an introduction" in page
    asked = browser.post(f"/people/{target['id']}/introduction", data={"csrf_token": token, "via_user_id": via["id"],
                                                                        "note": "<b>hi</b>"})
    assert asked.status_code == 302
    helper, helper_token = log_in(app, via)
    listed = helper.get("/network/introductions").get_data(as_text=True)
    assert "Li Na" in listed and "&lt;b&gt;hi&lt;/b&gt;" in listed
    [intro] = trio["api"].call("GET", "/api/introductions", token=via["token"]).get_json()["items"]
    answered = helper.post(f"/network/introductions/{intro['id']}", data={"csrf_token": helper_token, "decision": "accept"})
    assert answered.status_code == 302 and "/chat?c=" in answered.headers["Location"]
    connected_page = browser.get(f"/people/{via['id']}").get_data(as_text=True)
    assert "Message Wang Wei" in connected_page
    opened = browser.post(f"/chat/with/{via['id']}", data={"csrf_token": token})
    assert opened.status_code == 302 and "/chat?c=" in opened.headers["Location"]
