"""What users run: `python app.py` under gevent on SQLite (the I/O guard on). A connection request and its
acceptance notify, an introduction accepted opens its conversation from a signal receiver after the graph write,
and home and notifications read it all back — with no write transaction open across a Neo4j call."""
import requests

from tests.sourcing.test_live_sourcing import _person


def _call(url, person, method, path, **kwargs):
    response = requests.request(method, url + path, headers=person["auth"], timeout=15, **kwargs)
    assert response.status_code < 300, (method, path, response.status_code, response.text)
    return response.json() if response.content else {}


def _connect(url, a, b):
    asked = _call(url, a, "POST", "/api/connections/requests", json={"to_user_id": b["id"]})
    _call(url, b, "POST", f"/api/connections/requests/{asked['id']}/accept")


def test_introductions_notifications_and_home_on_the_real_server(live_server):
    url = live_server
    me, via, target = (_person(url, n) for n in ("Live Asker", "Live Via", "Live Target"))
    _connect(url, me, via)
    _connect(url, via, target)
    kinds = {n["kind"] for n in _call(url, me, "GET", "/api/notifications")["items"]}
    assert "connection_accepted" in kinds
    intro = _call(url, me, "POST", "/api/introductions",
                  json={"to_user_id": target["id"], "via_user_id": via["id"], "note": "valves"})
    assert [n["kind"] for n in _call(url, via, "GET", "/api/notifications")["items"]][0] == "introduction"
    accepted = _call(url, via, "POST", f"/api/introductions/{intro['id']}/accept")
    conversation_id = accepted["conversation_id"]
    for person in (me, target):
        assert conversation_id in [c["id"] for c in _call(url, person, "GET", "/api/conversations")["items"]]
    _call(url, via, "POST", f"/api/conversations/{conversation_id}/messages", json={"body": "Meet!", "client_msg_id": "i1"})
    home = _call(url, target, "GET", "/api/home")
    assert [c["id"] for c in home["unread_conversations"]] == [conversation_id] and home["unavailable"] == []
    assert _call(url, target, "GET", "/api/me")["unread_notifications"] >= 1
